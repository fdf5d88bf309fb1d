// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-only helpers: percpu_kaddr, override, socket_cookie, write_user,
 * and comm(pid) through kfuncs (cg_kfunc.c).
 *
 * percpu_kaddr("name"[, cpu]): the variable's BTF id in an ld_imm64
 * (BPF_PSEUDO_BTF_ID: the kernel resolves it to the per-CPU symbol), then
 * bpf_per_cpu_ptr(ptr, cpu) (NULL for a CPU that does not exist) or
 * bpf_this_cpu_ptr(ptr).  The pointer becomes a plain address.
 */
#include <errno.h>
#include <string.h>

#include "cg_internal.h"

struct val call_percpu_kaddr(struct cg *cg, struct node *n)
{
	if (n->args.n > 1) {
		gen_int_into_reg(cg, n->args.v[1], R2);
		/* the CPU as a 32-bit value: the helper takes a u32 */
		emit(cg, MOV32_REG(R2, R2));
	}
	emit(cg, LD_IMM64_LO(R1, BPF_PSEUDO_BTF_ID, cg_btf_id(cg, n)));
	emit(cg, LD_IMM64_HI(0));
	emit_call(cg, n->args.n > 1 ? BPF_FUNC_per_cpu_ptr : BPF_FUNC_this_cpu_ptr);
	/* the verifier wants the NULL check before any arithmetic on it */
	emit(cg, JMP_IMM(BPF_JNE, R0, 0, 1));
	emit(cg, MOV_IMM(R0, 0));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* override(rc): bpf_override_return(ctx, rc); the kprobe's function returns rc. */
struct val call_override(struct cg *cg, struct node *n)
{
	struct val none = { .kind = V_NONE };

	gen_int_into_reg(cg, n->args.v[0], R2);
	emit_load_fixed(cg, R1, SLOT_CTX);
	emit_call(cg, BPF_FUNC_override_return);
	return none;
}

/* socket_cookie(sk): bpf_get_socket_cookie; 0 for a NULL socket (no call). */
struct val call_socket_cookie(struct cg *cg, struct node *n)
{
	int done = label_new(cg);

	gen_int_into_reg(cg, n->args.v[0], R1);
	emit(cg, MOV_IMM(R0, 0));
	emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, done);
	emit_call(cg, BPF_FUNC_get_socket_cookie);
	label_here(cg, done);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/*
 * comm(pid): task = bpf_task_from_pid(pid) (a reference, or NULL), its
 * comm copied with bpf_probe_read_kernel_str, bpf_task_release(task).  The
 * result is zeroed first.  As in bpftrace, no thread with that id gives
 * "N/A" and a warning, "No such process (pid=N)", at the call.
 */
struct val call_comm_pid(struct cg *cg, struct node *n)
{
	struct val res = { .kind = V_MEM, .type = cg_type(cg, n) };
	struct mem pid = mem_alloc(cg, 8);
	struct val task;
	int done = label_new(cg), found = label_new(cg), r;

	res.mem = mem_alloc(cg, 16);
	emit_memzero(cg, res.mem, 16);
	gen_int_into_reg(cg, n->args.v[0], R1);
	emit_mem_store(cg, 8, pid, R1);	/* for the warning: evaluated once */
	emit(cg, MOV32_REG(R1, R1));	/* the kfunc takes an s32 */
	emit_kfunc_call(cg, "bpf_task_from_pid");
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, found);
	emit_mem_store_imm(cg, 4, res.mem, 'N' | '/' << 8 | 'A' << 16);
	gen_event_of_mem(cg, EV_WARNF, n, "No such process (pid=%d)", cg_type(cg, n->args.v[0]), pid);
	emit_goto(cg, done);
	label_here(cg, found);
	/* the reference lives in r6-r9 (or a stack slot) across the read */
	task = val_from_reg(cg, R0, type_int(8, false));
	r = val_load(cg, &task, R3);
	if (r != R3)
		emit(cg, MOV_REG(R3, r));
	emit(cg, ALU_IMM(BPF_ADD, R3, (int32_t)cg_offset(cg, n)));
	emit(cg, MOV_IMM(R2, 16));
	emit_addr(cg, R1, res.mem);
	emit_call(cg, BPF_FUNC_probe_read_kernel_str);
	r = val_load(cg, &task, R1);
	if (r != R1)
		emit(cg, MOV_REG(R1, r));
	val_free(cg, &task);
	emit_kfunc_call(cg, "bpf_task_release");
	label_here(cg, done);
	return res;
}

/*
 * write_user(dst, src, n): src evaluated into memory of its own layout,
 * then bpf_probe_write_user(dst, &src, n).  A length known only at run
 * time is cut to src's size and a zero length writes nothing (-EINVAL), so
 * the verifier sees a size within the source.
 */
struct val call_write_user(struct cg *cg, struct node *n)
{
	struct type *st = cg_type(cg, n->args.v[1]);
	uint32_t size = st->size, len = cg_len(cg, n);
	struct mem src = mem_alloc(cg, ALIGN_UP(size, 8));
	struct val lenv = { .kind = V_NONE };
	int done = label_new(cg), call = label_new(cg);

	gen_into(cg, n->args.v[1], src, st, false);
	if (!len)
		lenv = val_own(cg, gen_expr(cg, n->args.v[2]));
	gen_int_into_reg(cg, n->args.v[0], R1);
	emit_addr(cg, R2, src);
	if (len) {
		emit(cg, MOV_IMM(R3, len));
	} else {
		int r = val_take(cg, &lenv, R3);

		if (r != R3)
			emit(cg, MOV_REG(R3, r));
		emit(cg, MOV_IMM(R0, -22));
		emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, done);
		emit_jmp(cg, BPF_JLE, R3, 0, size, true, call);
		emit(cg, MOV_IMM(R3, size));
		label_here(cg, call);
	}
	emit_call(cg, BPF_FUNC_probe_write_user);
	label_here(cg, done);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/* dst = the 8 bytes at src + off, a kernel address (r1-r5 clobbered) */
static void read_kernel_u64(struct cg *cg, struct mem dst, int src, uint32_t off)
{
	if (src != R3)
		emit(cg, MOV_REG(R3, src));
	if (off)
		emit(cg, ALU_IMM(BPF_ADD, R3, (int32_t)off));
	emit(cg, MOV_IMM(R2, 8));
	emit_addr(cg, R1, dst);
	emit_call(cg, BPF_FUNC_probe_read_kernel);
}

/*
 * R0 = the inode number of the file the VMA at vma maps; jumps to miss for
 * anonymous memory.  Each pointer of vma->vm_file->f_inode->i_ino is read
 * with bpf_probe_read_kernel into ptr (r1-r5 clobbered).
 */
static void vma_file_ino(struct cg *cg, const struct uaddr_rel *rel, struct mem vma,
			 struct mem ptr, int miss)
{
	emit_mem_load(cg, 8, R3, vma);
	read_kernel_u64(cg, ptr, R3, rel->vm_file);
	emit_mem_load(cg, 8, R3, ptr);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, miss);	/* anonymous memory */
	read_kernel_u64(cg, ptr, R3, rel->f_inode);
	emit_mem_load(cg, 8, R3, ptr);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, miss);
	read_kernel_u64(cg, ptr, R3, rel->i_ino);
	emit_mem_load(cg, 8, R0, ptr);
}

/*
 * bpf_find_vma's callback (task in r1, the VMA holding the address in r2,
 * ctx in r3: the caller's frame): found = 1 when that VMA starts at the
 * cached base and maps the binary's inode.
 */
static int base_check_callback(struct cg *cg, const struct uaddr_rel *rel, struct mem cand,
			       struct mem found)
{
	struct cg_saved sv;
	struct mem vma, ptr;
	int out;

	frame_enter(cg, &sv);
	emit(cg, STX(BPF_DW, R10, CB_SLOT_OUTER, R3));
	out = label_new(cg);
	vma = mem_stack(cg, 8);
	ptr = mem_stack(cg, 8);
	emit_mem_store(cg, 8, vma, R2);
	read_kernel_u64(cg, ptr, R2, rel->vm_start);
	emit_mem_load(cg, 8, R1, ptr);
	emit_mem_load(cg, 8, R2, cand);
	emit_jmp(cg, BPF_JNE, R1, R2, 0, false, out);
	vma_file_ino(cg, rel, vma, ptr, out);
	emit_ld_imm64(cg, R1, rel->ino);
	emit_jmp(cg, BPF_JNE, R0, R1, 0, false, out);
	emit_mem_store_imm(cg, 8, found, 1);
	label_here(cg, out);
	emit(cg, MOV_IMM(R0, 0));
	emit(cg, EXIT());
	return frame_leave(cg, &sv);
}

/*
 * The base kept for this process and file, checked: bpf_find_vma looks up
 * the VMA that holds it (one tree lookup) and the callback confirms that
 * it starts there and maps the binary.  A base the process no longer has
 * there (the pid reused, a new image after exec, the library unmapped)
 * fails the check, and the walk finds the new one.  Jumps to have with
 * base set, else leaves base 0.
 */
static void cached_base(struct cg *cg, const struct uaddr_rel *rel, struct mem key,
			struct mem base, struct mem found, int have)
{
	int miss = label_new(cg), start;

	emit_ld_map(cg, R1, cg->prog->uaddr_map);
	emit_addr(cg, R2, key);
	emit_call(cg, BPF_FUNC_map_lookup_elem);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, miss);
	emit(cg, LDX(BPF_DW, R2, R0, 0));
	emit_mem_store(cg, 8, base, R2);
	emit_mem_store_imm(cg, 8, found, 0);
	emit_call(cg, BPF_FUNC_get_current_task_btf);
	emit(cg, MOV_REG(R1, R0));
	emit_mem_load(cg, 8, R2, base);
	start = base_check_callback(cg, rel, base, found);
	emit_ld_func(cg, R3, start);
	emit(cg, MOV_REG(R4, R10));
	emit(cg, MOV_IMM(R5, 0));
	emit_call(cg, BPF_FUNC_find_vma);
	emit_mem_load(cg, 8, R0, found);
	emit_jmp(cg, BPF_JNE, R0, 0, 0, true, have);
	emit_mem_store_imm(cg, 8, base, 0);
	label_here(cg, miss);
}

/*
 * uaddr() in a PIE or a shared library: the symbol's offset from the
 * binary's lowest mapped page plus where the current task maps that page,
 * the vm_start of its lowest VMA whose file has the binary's inode (VMAs
 * come in address order).  The VMAs are walked with the open-coded
 * task_vma iterator (bpf_iter_task_vma_new/next/destroy), which the
 * verifier checks once however many there are, and the base found is kept
 * in an LRU hash by (tgid, inode), so that later events of the process
 * only check it (cached_base) instead of walking every VMA again.  A task
 * that does not map the binary (yet: a library loaded later) gets the
 * offset alone, and nothing is kept.
 */
struct val call_uaddr(struct cg *cg, struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_UADDR_REL);
	const struct uaddr_rel *rel;
	struct mem it, vma, ptr, base, key, found;
	int next = label_new(cg), done = label_new(cg), have = label_new(cg);

	if (!a)
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	rel = a->v.uaddr_rel;
	/* the iterator's state must be on the stack; the rest stays beside it */
	it = mem_stack(cg, 8);
	vma = mem_stack(cg, 8);
	ptr = mem_stack(cg, 8);
	base = mem_stack(cg, 8);
	key = mem_stack(cg, 16);
	found = mem_stack(cg, 8);
	if (it.scratch || vma.scratch || ptr.scratch || base.scratch || key.scratch || found.scratch) {
		cg_error(cg, n->loc, "uaddr: no room left on the BPF stack for the walk over the process's mappings");
		return val_imm(0, cg_type(cg, n));
	}
	emit_mem_store_imm(cg, 8, base, 0);
	emit_call(cg, BPF_FUNC_get_current_pid_tgid);
	emit(cg, ALU_IMM(BPF_RSH, R0, 32));
	emit_mem_store(cg, 8, key, R0);
	emit_ld_imm64(cg, R0, rel->ino);
	emit_mem_store(cg, 8, mem_at(key, 8), R0);
	cached_base(cg, rel, key, base, found, have);
	emit_call(cg, BPF_FUNC_get_current_task_btf);
	emit(cg, MOV_REG(R2, R0));
	emit_addr(cg, R1, it);
	emit(cg, MOV_IMM(R3, 0));
	emit_kfunc_call(cg, "bpf_iter_task_vma_new");	/* on failure next() gives NULL */
	label_here(cg, next);
	emit_addr(cg, R1, it);
	emit_kfunc_call(cg, "bpf_iter_task_vma_next");
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, done);
	emit_mem_store(cg, 8, vma, R0);
	vma_file_ino(cg, rel, vma, ptr, next);
	emit_ld_imm64(cg, R1, rel->ino);
	emit_jmp(cg, BPF_JNE, R0, R1, 0, false, next);
	emit_mem_load(cg, 8, R3, vma);
	read_kernel_u64(cg, base, R3, rel->vm_start);
	label_here(cg, done);
	emit_addr(cg, R1, it);
	emit_kfunc_call(cg, "bpf_iter_task_vma_destroy");
	emit_mem_load(cg, 8, R0, base);
	emit_jmp(cg, BPF_JEQ, R0, 0, 0, true, have);
	emit_ld_map(cg, R1, cg->prog->uaddr_map);
	emit_addr(cg, R2, key);
	emit_addr(cg, R3, base);
	emit(cg, MOV_IMM(R4, BPF_ANY));
	emit_call(cg, BPF_FUNC_map_update_elem);
	label_here(cg, have);
	emit_mem_load(cg, 8, R0, base);
	emit_ld_imm64(cg, R1, rel->offset);
	emit(cg, ALU_REG(BPF_ADD, R0, R1));
	return val_from_reg(cg, R0, cg_type(cg, n));
}

/*
 * skboutput(path, skb, len, offset): bpf_skb_output(skb, map, flags, hdr,
 * sizeof(hdr)) with flags = len << 32 | BPF_F_CURRENT_CPU: the kernel
 * writes the header, then the packet's first len bytes, to this CPU's
 * perf buffer.  The header (runtime/pcap.h) names the file and carries
 * what user space needs: offset, len (the raw sample is padded) and the
 * time since boot.  A NULL skb gives -EFAULT without the call.
 */
struct val call_skboutput(struct cg *cg, struct node *n)
{
	struct mem hdr = mem_alloc(cg, PCAP_REC_HDR_SIZE);
	const char *path = n->args.v[0]->str;
	int done = label_new(cg), id;

	for (id = 0; id < cg->prog->pcap_paths.n; id++)
		if (strcmp(cg->prog->pcap_paths.v[id], path) == 0)
			break;
	emit_memzero(cg, hdr, PCAP_REC_HDR_SIZE);
	emit_mem_store_imm(cg, 4, mem_at(hdr, PCAP_REC_ID), id);
	gen_int_into_reg(cg, n->args.v[3], R0);
	emit_mem_store(cg, 4, mem_at(hdr, PCAP_REC_OFFSET), R0);
	gen_int_into_reg(cg, n->args.v[2], R0);
	emit_mem_store(cg, 4, mem_at(hdr, PCAP_REC_LEN), R0);
	emit_call(cg, BPF_FUNC_ktime_get_boot_ns);
	emit_mem_store(cg, 8, mem_at(hdr, PCAP_REC_NS), R0);
	gen_int_into_reg(cg, n->args.v[1], R1);
	emit(cg, MOV_IMM(R0, -EFAULT));
	emit_jmp(cg, BPF_JEQ, R1, 0, 0, true, done);
	emit_mem_load(cg, 4, R3, mem_at(hdr, PCAP_REC_LEN));
	emit(cg, ALU_IMM(BPF_LSH, R3, 32));
	emit(cg, MOV32_IMM(R4, -1));	/* BPF_F_CURRENT_CPU, zero-extended */
	emit(cg, ALU_REG(BPF_OR, R3, R4));
	emit_ld_map(cg, R2, cg->prog->pcap_map);
	emit_addr(cg, R4, hdr);
	emit(cg, MOV_IMM(R5, PCAP_REC_HDR_SIZE));
	emit_call(cg, BPF_FUNC_skb_output);
	label_here(cg, done);
	return val_from_reg(cg, R0, cg_type(cg, n));
}

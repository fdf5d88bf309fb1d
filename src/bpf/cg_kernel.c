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
 * uaddr() in a PIE or a shared library: the symbol's offset from the
 * binary's lowest mapped page plus where the current task maps that page,
 * the vm_start of its lowest VMA whose file has the binary's inode (VMAs
 * come in address order).  The VMAs are walked with the open-coded
 * task_vma iterator (bpf_iter_task_vma_new/next/destroy), which the
 * verifier checks once however many there are; each pointer of the
 * vma->vm_file->f_inode->i_ino chain is read with bpf_probe_read_kernel.
 * A task that does not map the binary gets the offset alone.
 */
struct val call_uaddr(struct cg *cg, struct node *n)
{
	const struct sema_ann *a = cg_ann_as(cg, n, AV_UADDR_REL);
	const struct uaddr_rel *rel;
	struct mem it, vma, ptr, base;
	int next = label_new(cg), done = label_new(cg);

	if (!a)
		return val_imm(cg_const(cg, n), cg_type(cg, n));
	rel = a->v.uaddr_rel;
	/* the iterator's state must be on the stack; the rest stays beside it */
	it = mem_stack(cg, 8);
	vma = mem_stack(cg, 8);
	ptr = mem_stack(cg, 8);
	base = mem_stack(cg, 8);
	if (it.scratch || vma.scratch || ptr.scratch || base.scratch) {
		cg_error(cg, n->loc, "uaddr: no room left on the BPF stack for the walk over the process's mappings");
		return val_imm(0, cg_type(cg, n));
	}
	emit_mem_store_imm(cg, 8, base, 0);
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
	read_kernel_u64(cg, ptr, R0, rel->vm_file);
	emit_mem_load(cg, 8, R3, ptr);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, next);	/* anonymous memory */
	read_kernel_u64(cg, ptr, R3, rel->f_inode);
	emit_mem_load(cg, 8, R3, ptr);
	emit_jmp(cg, BPF_JEQ, R3, 0, 0, true, next);
	read_kernel_u64(cg, ptr, R3, rel->i_ino);
	emit_mem_load(cg, 8, R0, ptr);
	emit_ld_imm64(cg, R1, rel->ino);
	emit_jmp(cg, BPF_JNE, R0, R1, 0, false, next);
	emit_mem_load(cg, 8, R3, vma);
	read_kernel_u64(cg, base, R3, rel->vm_start);
	label_here(cg, done);
	emit_addr(cg, R1, it);
	emit_kfunc_call(cg, "bpf_iter_task_vma_destroy");
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

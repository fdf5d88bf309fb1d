// SPDX-License-Identifier: GPL-2.0
/*
 * libdwfl unwinding of copied stacks.  Each process gets a Dwfl whose
 * modules are its mappings (dwfl_linux_proc_maps_report() on the text of
 * /proc/PID/maps read at first sight) and whose thread state is ours
 * (dwfl_attach_state): the registers and memory of the sample being
 * unwound.  Memory inside the copied stack comes from the copy; anything
 * else (rarely needed: CFI expressions that load from data) from the
 * mapped file.  The module list, opened ELF files and CFI tables stay
 * cached in the Dwfl for the process's later samples.
 */
#include "sym/dwarf_unwind.h"

#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch/arch.h"
#include "sym/usyms.h"
#include "util.h"

/* Words of struct pt_regs, from the architecture's table. */
#define REG_WORD(field)	(arch_host()->field / 8)
#define PT_SP		REG_WORD(sp_off)
#define PT_IP		REG_WORD(ip_off)
#define PT_MODE		REG_WORD(mode_off)
/* room for any architecture's DWARF registers (x86-64: 17, arm64: 33) */
#define MAX_DWARF_REGS	40

#define NBUCKETS	256
/*
 * Mappings are read again when a frame falls outside them, at first soon
 * (the process ran exec, or its loader was still mapping libraries), then
 * less and less often (code outside any file: a JIT).
 */
#define REFRESH_FIRST_NS	1000000ull
#define REFRESH_MAX_NS		1000000000ull

struct dwarf_proc {
	int pid;
	Dwfl *dwfl;			/* NULL when the mappings were unreadable */
	uint64_t read_ns;		/* when the mappings were read */
	uint64_t backoff_ns;		/* how long until they may be read again */
	const struct dwarf_sample *cur;	/* the sample being unwound */
	struct dwarf_proc *next;	/* in the bucket */
};

struct dwarf_unwinder {
	struct dwarf_proc *buckets[NBUCKETS];
};

struct frame_walk {
	uint64_t *pcs;
	int n, max;
};

/* ---- the thread state libdwfl unwinds from ---- */

static pid_t no_next_thread(Dwfl *dwfl, void *arg, void **thread_argp)
{
	return 0;	/* threads are only asked for by tid */
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_argp)
{
	struct dwarf_proc *p = arg;

	*thread_argp = p;
	return p->cur && p->cur->tid == tid;
}

/* A word of a mapped file at addr (the file's contents, not the process's). */
static bool read_file_word(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result)
{
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, addr);
	Dwarf_Addr bias;
	Elf *elf = mod ? dwfl_module_getelf(mod, &bias) : NULL;
	size_t nphdr;

	if (!elf || elf_getphdrnum(elf, &nphdr))
		return false;
	for (size_t i = 0; i < nphdr; i++) {
		GElf_Phdr ph;
		Elf_Data *d;
		uint64_t vaddr = addr - bias;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD ||
		    vaddr < ph.p_vaddr || vaddr + 8 > ph.p_vaddr + ph.p_filesz)
			continue;
		d = elf_getdata_rawchunk(elf, (int64_t)(ph.p_offset + vaddr - ph.p_vaddr), 8,
					 ELF_T_BYTE);
		if (!d || d->d_size < 8)
			return false;
		memcpy(result, d->d_buf, 8);
		return true;
	}
	return false;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	const struct dwarf_sample *s = ((struct dwarf_proc *)arg)->cur;
	uint64_t sp = s->regs[PT_SP];

	if (addr >= sp && addr - sp <= s->stack_len && s->stack_len - (addr - sp) >= 8) {
		memcpy(result, s->stack + (addr - sp), 8);
		return true;
	}
	return read_file_word(dwfl, addr, result);
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	const struct dwarf_sample *s = ((struct dwarf_proc *)arg)->cur;
	const struct arch *a = arch_host();
	Dwarf_Word regs[MAX_DWARF_REGS];

	for (int i = 0; i < a->ndwarf_regs && i < MAX_DWARF_REGS; i++)
		regs[i] = s->regs[a->dwarf_regs[i]];
	return dwfl_thread_state_registers(thread, 0, a->ndwarf_regs, regs);
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = no_next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

/* ---- one Dwfl per process ---- */

static char *debuginfo_path;
static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.debuginfo_path = &debuginfo_path,
};

/*
 * The vDSO is no file: report it by the name libdwfl's find_elf reads
 * from the process's memory, and read it now, while the process lives.
 */
static void report_vdso(Dwfl *dwfl, int pid, const char *maps)
{
	const char *line = strstr(maps, "[vdso]");
	unsigned long long start, end;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	char name[32];

	if (!line)
		return;
	while (line > maps && line[-1] != '\n')
		line--;
	if (sscanf(line, "%llx-%llx", &start, &end) != 2)
		return;
	snprintf(name, sizeof(name), "[vdso: %d]", pid);
	mod = dwfl_report_module(dwfl, name, start, end);
	if (mod)
		dwfl_module_getelf(mod, &bias);
}

static Dwfl *open_dwfl(struct dwarf_proc *p)
{
	char path[64];
	size_t len = 0;
	char *maps;
	Dwfl *dwfl;
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	/* SONDE_DWARF_RECORDED_MAPS=1: as if every process had exited (tests) */
	maps = getenv("SONDE_DWARF_RECORDED_MAPS") ? NULL : read_file(path, &len);
	if (!maps || !len) {
		/* gone already: the mappings its mmap records left */
		free(maps);
		maps = usyms_maps_text(usyms_get(), p->pid);
		len = maps ? strlen(maps) : 0;
	}
	if (!maps || !len || !(f = fmemopen(maps, len, "r"))) {
		free(maps);
		return NULL;
	}
	dwfl = dwfl_begin(&proc_callbacks);
	if (dwfl) {
		dwfl_report_begin(dwfl);
		err = dwfl_linux_proc_maps_report(dwfl, f);
		report_vdso(dwfl, p->pid, maps);
		dwfl_report_end(dwfl, NULL, NULL);
		if (err || !dwfl_attach_state(dwfl, NULL, p->pid, &thread_callbacks, p)) {
			dwfl_end(dwfl);
			dwfl = NULL;
		}
	}
	fclose(f);
	free(maps);
	return dwfl;
}

static void proc_read(struct dwarf_proc *p)
{
	if (p->dwfl)
		dwfl_end(p->dwfl);
	p->dwfl = open_dwfl(p);
	p->read_ns = monotonic_ns();
}

static struct dwarf_proc *proc_get(struct dwarf_unwinder *u, int pid)
{
	struct dwarf_proc **bucket = &u->buckets[(unsigned)pid % NBUCKETS], *p;

	for (p = *bucket; p; p = p->next)
		if (p->pid == pid)
			return p;
	p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	p->backoff_ns = REFRESH_FIRST_NS;
	p->next = *bucket;
	*bucket = p;
	proc_read(p);
	return p;
}

bool dwarf_unwinder_prepare(struct dwarf_unwinder *u, int pid)
{
	return proc_get(u, pid)->dwfl != NULL;
}

/*
 * pc (the leaf, or where a walk stopped) lies in no known module: the
 * process mapped more since, or ran exec.  Read its mappings again unless
 * that was just done; true when they were.
 */
static bool proc_refresh_for(struct dwarf_proc *p, uint64_t pc)
{
	if (p->dwfl && dwfl_addrmodule(p->dwfl, pc))
		return false;
	if (monotonic_ns() - p->read_ns < p->backoff_ns || kill(p->pid, 0) != 0)
		return false;
	proc_read(p);
	p->backoff_ns = MIN(p->backoff_ns * 2, REFRESH_MAX_NS);
	return true;
}

/* ---- the unwinder ---- */

struct dwarf_unwinder *dwarf_unwinder_new(void)
{
	return xcalloc(1, sizeof(struct dwarf_unwinder));
}

void dwarf_unwinder_free(struct dwarf_unwinder *u)
{
	if (!u)
		return;
	for (int i = 0; i < NBUCKETS; i++) {
		while (u->buckets[i]) {
			struct dwarf_proc *p = u->buckets[i];

			u->buckets[i] = p->next;
			if (p->dwfl)
				dwfl_end(p->dwfl);
			free(p);
		}
	}
	free(u);
}

static int on_frame(Dwfl_Frame *frame, void *arg)
{
	struct frame_walk *w = arg;
	Dwarf_Addr pc;

	if (!dwfl_frame_pc(frame, &pc, NULL) || pc == 0)
		return DWARF_CB_ABORT;
	w->pcs[w->n++] = pc;
	return w->n < w->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

static int walk(struct dwarf_proc *p, const struct dwarf_sample *s, uint64_t *pcs, int max)
{
	struct frame_walk w = { .pcs = pcs, .max = max };

	if (p->dwfl) {
		p->cur = s;
		/* An error is the usual end of a walk: keep the frames found. */
		dwfl_getthread_frames(p->dwfl, s->tid, on_frame, &w);
		p->cur = NULL;
	}
	return w.n;
}

int dwarf_unwind(struct dwarf_unwinder *u, const struct dwarf_sample *s, uint64_t *pcs, int max)
{
	struct dwarf_proc *p;
	int n;

	if (max <= 0 || (s->regs[PT_MODE] & arch_host()->mode_mask) != arch_host()->mode_user ||
	    s->regs[PT_IP] == 0)
		return 0;
	p = proc_get(u, s->pid);
	proc_refresh_for(p, s->regs[PT_IP]);
	n = walk(p, s, pcs, max);
	if (n > 0 && n < max && proc_refresh_for(p, pcs[n - 1]))
		n = walk(p, s, pcs, max);
	if (n == 0)
		pcs[n++] = s->regs[PT_IP];
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The loader: create the maps, patch their fds into the programs, load
 * them (mapping a verifier rejection back to the source), attach.
 */
#include "loader.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>
#include <linux/perf_event.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../bpf/disasm.h"
#include "../probes/provider.h"
#include "progbtf.h"

int loader_create_maps(struct program *prog)
{
	int i;

	for (i = 0; i < prog->maps.n; i++) {
		struct map_spec *ms = &prog->maps.v[i];

		LIBBPF_OPTS(bpf_map_create_opts, mopts);

		if (i == IMAP_ONE)
			mopts.map_flags = BPF_F_RDONLY_PROG;
		ms->fd = bpf_map_create(ms->type, ms->name, ms->key_size, ms->value_size,
					ms->max_entries, i == IMAP_ONE ? &mopts : NULL);
		if (ms->fd >= 0 && i == IMAP_ONE) {
			uint32_t key = 0;
			uint64_t one = 1;

			/* the constant 1 new counts start from; frozen, so
			 * the verifier knows it cannot change */
			bpf_map_update_elem(ms->fd, &key, &one, BPF_ANY);
			bpf_map_freeze(ms->fd);
		}
		for (uint32_t k = 0; ms->fd >= 0 && ms->init && k < ms->max_entries; k++)
			if (ms->init[k])
				bpf_map_update_elem(ms->fd, &k, &ms->init[k], BPF_ANY);
		if (ms->fd < 0) {
			int err = errno;

			fprintf(stderr, "ERROR: creating map %s failed: %s\n",
				ms->info ? ms->info->name : ms->name, strerror(err));
			return -err;
		}
	}
	return 0;
}

/* Copy of the program with map indices replaced by fds. */
static struct bpf_insn *patch_maps(const struct program *prog, const struct prog_spec *ps)
{
	struct bpf_insn *out = xmalloc(ps->ninsns * sizeof(*out));
	int i;

	memcpy(out, ps->insns, ps->ninsns * sizeof(*out));
	for (i = 0; i < ps->ninsns; i++) {
		if (out[i].code == (BPF_LD | BPF_DW | BPF_IMM) &&
		    (out[i].src_reg == BPF_PSEUDO_MAP_FD || out[i].src_reg == BPF_PSEUDO_MAP_VALUE))
			out[i].imm = prog->maps.v[out[i].imm].fd;
		if (out[i].code == (BPF_LD | BPF_DW | BPF_IMM))
			i++;
	}
	return out;
}

/* The source location of instruction idx, from the line table. */
static struct loc insn_loc(const struct prog_spec *ps, int idx)
{
	struct loc loc = ps->node->loc;
	int i;

	for (i = 0; i < ps->lines.n; i++) {
		if (ps->lines.v[i].insn > idx)
			break;
		loc = ps->lines.v[i].loc;
	}
	return loc;
}

/* The index of the last "N: (..)" instruction line in the verifier log. */
static int failing_insn(const char *log)
{
	const char *p = log;
	int last = -1;

	while (p && *p) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end != p && *end == ':' && end[1] == ' ' && end[2] == '(')
			last = (int)v;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return last;
}

struct hint {
	const char *needle;
	const char *text;
};

static const struct hint verifier_hints[] = {
	{ "infinite loop", "a loop the verifier could not prove ends: bound it with a counter" },
	{ "back-edge", "a loop the verifier could not prove ends: bound it with a counter" },
	{ "BPF program is too large", "the program is too large: split the probe or unroll less" },
	{ "combined stack size", "the program uses too much stack: use fewer or smaller variables" },
	{ "stack limit", "the program uses too much stack: use fewer or smaller variables" },
	{ "invalid mem access 'map_value_or_null'", "a map value was used without a null check (a code generator bug)" },
	{ "invalid access to map value", "an access outside a map value (a code generator bug)" },
	{ "unknown func", "this kernel lacks a helper the program needs" },
	/* before the generic line: the kernel offers it to no program when
	 * locked down (lockdown=integrity, or a security module saying so) */
	{ "cannot use helper bpf_probe_write_user", "write_user(): this kernel refuses bpf_probe_write_user to every program: it is locked down (kernel_lockdown(7), as with Secure Boot)" },
	{ "program of this type cannot use helper", "this probe type cannot call a helper the program needs" },
};

static void print_log_tail(const char *log, int lines)
{
	const char *end = log + strlen(log);
	const char *p = end;
	int n = 0;

	while (p > log && n <= lines) {
		p--;
		if (*p == '\n' && p + 1 < end)
			n++;
	}
	if (p > log)
		p++;
	fprintf(stderr, "%s", p);
	if (end > log && end[-1] != '\n')
		fputc('\n', stderr);
}

static void report_rejection(const struct program *prog, const struct prog_spec *ps,
			     const char *log, int err, bool verbose)
{
	int idx = failing_insn(log);
	struct loc loc = idx >= 0 ? insn_loc(ps, idx) : ps->node->loc;
	size_t i;

	diag_error(prog->src, loc, "the kernel's verifier rejected the program of %s: %s",
		   ps->probe, strerror(err));
	for (i = 0; i < ARRAY_SIZE(verifier_hints); i++) {
		if (strstr(log, verifier_hints[i].needle)) {
			diag_hint("%s", verifier_hints[i].text);
			break;
		}
	}
	if (!*log)
		return;
	if (verbose) {
		fprintf(stderr, "%s", log);
	} else {
		fprintf(stderr, "Verifier log (end; -v prints all of it):\n");
		print_log_tail(log, 12);
	}
}

/*
 * The name bpftool and /proc show for a probe's program (15 characters of
 * [A-Za-z0-9_.]): "sonde_" and the probe's last part, the function or
 * event ("kprobe:ksys_read" is sonde_ksys_read, "tracepoint:sched:sched_switch"
 * sonde_sched_swi), or all but the provider when that part is a number
 * ("interval:s:1" is sonde_s_1).  A program shared by several probes is
 * named by the first.
 */
static void prog_obj_name(const char *probe, char name[BPF_OBJ_NAME_LEN])
{
	const char *colon = strchr(probe, ':'), *last = strrchr(probe, ':');
	const char *from = !last ? probe : isalpha((unsigned char)last[1]) || last[1] == '_' ?
			   last + 1 : colon + 1;
	size_t n = strlen("sonde_");

	memcpy(name, "sonde_", n);
	for (; *from && n < BPF_OBJ_NAME_LEN - 1; from++)
		name[n++] = isalnum((unsigned char)*from) || *from == '.' ? *from : '_';
	name[n] = '\0';
}

/* One program's load: prepared in the main thread, loaded by any. */
struct load_job {
	struct prog_spec *ps;
	char name[BPF_OBJ_NAME_LEN];
	struct bpf_insn *insns;
	struct bpf_func_info *finfo;
	struct bpf_prog_load_opts opts;
	int fd, err;
};

static void load_prepare(struct program *prog, const struct prog_btf *pb, int i,
			 struct load_job *j)
{
	struct prog_spec *ps = j->ps;
	uint32_t nfuncs;

	j->insns = patch_maps(prog, ps);
	prog_obj_name(ps->probe, j->name);
	j->finfo = prog_btf_func_info(pb, prog, i, &nfuncs);
	if (j->finfo) {
		j->opts.prog_btf_fd = pb->fd;
		j->opts.func_info = j->finfo;
		j->opts.func_info_rec_size = sizeof(*j->finfo);
		j->opts.func_info_cnt = nfuncs;
	}
	j->opts.expected_attach_type = ps->expected_attach_type;
	if (ps->prov->attach_btf_id)
		j->opts.attach_btf_id = ps->prov->attach_btf_id(ps->target);
	if (ps->prov->attach_prog_fd)
		j->opts.attach_prog_fd = ps->prov->attach_prog_fd(ps->target);
	if (!j->opts.attach_prog_fd && ps->prov->attach_btf_obj_fd)
		j->opts.attach_btf_obj_fd = ps->prov->attach_btf_obj_fd(ps->target);
}

static void load_run(struct load_job *j)
{
	j->fd = bpf_prog_load(j->ps->prog_type, j->name, "GPL", j->insns, j->ps->ninsns, &j->opts);
	/* BTF that only names the function must not cost the program: without it */
	if (j->fd < 0 && errno == EINVAL && j->finfo && !j->ps->subprogs.n) {
		j->opts.prog_btf_fd = 0;
		j->opts.func_info = NULL;
		j->opts.func_info_rec_size = 0;
		j->opts.func_info_cnt = 0;
		j->fd = bpf_prog_load(j->ps->prog_type, j->name, "GPL", j->insns, j->ps->ninsns,
				      &j->opts);
	}
	j->err = j->fd < 0 ? errno : 0;
}

/* A rejected program: load again with the verifier's log to say why. */
static int load_explain(struct program *prog, struct load_job *j, bool verbose)
{
	size_t log_size = 1 << 20;
	char *log = xcalloc(1, log_size);
	int fd;

	j->opts.log_buf = log;
	j->opts.log_size = log_size;
	j->opts.log_level = 1;
	fd = bpf_prog_load(j->ps->prog_type, j->name, "GPL", j->insns, j->ps->ninsns, &j->opts);
	if (fd >= 0) {	/* passed this time (should not happen) */
		j->fd = fd;
		free(log);
		return 0;
	}
	if (j->err == EPERM && !*log)
		fprintf(stderr, "ERROR: %s: loading a BPF program was refused (%s): sonde needs root, or CAP_BPF and CAP_PERFMON\n",
			j->ps->probe, strerror(j->err));
	else
		report_rejection(prog, j->ps, log, j->err, verbose);
	free(log);
	return -j->err;
}

static void load_job_free(struct load_job *j)
{
	free(j->insns);
	free(j->finfo);
}

struct load_pool {
	struct load_job *jobs;
	int n;
	int next;		/* the next job to take (atomic) */
};

static void *load_worker(void *arg)
{
	struct load_pool *pool = arg;
	int i;

	while ((i = __atomic_fetch_add(&pool->next, 1, __ATOMIC_RELAXED)) < pool->n)
		load_run(&pool->jobs[i]);
	return NULL;
}

/*
 * The kernel verifies programs one BPF_PROG_LOAD at a time per thread;
 * a few threads verify a program per CPU at once (execsnoop's two execve
 * programs: 1.8 + 1.1 ms one after the other).
 */
#define LOAD_THREADS 4

static void load_all(struct load_pool *pool)
{
	pthread_t threads[LOAD_THREADS];
	int ncpu = libbpf_num_possible_cpus(), nthreads, i;

	nthreads = MIN(MIN(pool->n, LOAD_THREADS), ncpu > 1 ? ncpu : 1) - 1;
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, load_worker, pool))
			break;
	nthreads = i;
	load_worker(pool);
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
}

int loader_load_progs(struct program *prog, bool verbose)
{
	struct load_pool pool = { 0 };
	struct prog_btf pb;
	int i, err = 0;

	prog_btf_load(prog, &pb);
	pool.jobs = xcalloc(prog->progs.n ? prog->progs.n : 1, sizeof(*pool.jobs));
	for (i = 0; i < prog->progs.n; i++) {
		struct prog_spec *ps = &prog->progs.v[i];
		struct load_job *j = &pool.jobs[pool.n];

		if (ps->dup_of >= 0) {
			ps->fd = -1;
			continue;
		}
		j->ps = ps;
		j->opts.sz = sizeof(j->opts);
		load_prepare(prog, &pb, i, j);
		pool.n++;
	}
	load_all(&pool);
	for (i = 0; i < pool.n; i++) {
		struct load_job *j = &pool.jobs[i];

		if (j->fd < 0 && !err)
			err = load_explain(prog, j, verbose);
		j->ps->fd = j->fd;
		load_job_free(j);
	}
	free(pool.jobs);
	prog_btf_free(&pb);	/* the loaded programs hold it */
	return err;
}

int loader_prog_fd(const struct program *prog, const struct prog_spec *ps)
{
	return ps->dup_of >= 0 ? prog->progs.v[ps->dup_of].fd : ps->fd;
}

static int attach_one(struct program *prog, struct prog_spec *ps, fdlist *fds)
{
	int err = ps->prov->attach(ps->target, ps->probe, loader_prog_fd(prog, ps), fds);

	if (err > 0) {	/* PROBE_SKIPPED, or a group's count of skipped members */
		prog->probes_skipped += err;
		return 0;
	}
	return err;
}

/*
 * A signal stopped the attaching: count the probes of progs[lo..hi] that
 * stay unattached (of the reverse kind, the forward kind, or both: -1).
 */
static int interrupted(struct program *prog, int lo, int hi, int reverse)
{
	for (int i = lo; i <= hi; i++) {
		const struct prog_spec *ps = &prog->progs.v[i];

		if (ps->prov->kind != PROV_ATTACHED ||
		    (reverse >= 0 && ps->prov->attach_reverse != (bool)reverse))
			continue;
		prog->probes_unattached += ps->sys_probes ? ps->merged : 1;
	}
	return -EINTR;
}

/*
 * Two passes, as bpftrace attaches: forward for the probes the kernel runs
 * in attach order, backward for those it runs last-attached first, so
 * blocks on one site run in the script's order either way.
 */
int loader_attach(struct program *prog, fdlist *fds, volatile int *stop)
{
	int i, err, last = prog->progs.n - 1;

	for (i = 0; i <= last; i++) {
		struct prog_spec *ps = &prog->progs.v[i];

		if (stop && *stop) {
			interrupted(prog, i, last, 0);
			return interrupted(prog, 0, last, 1);
		}
		if (ps->prov->kind != PROV_ATTACHED || ps->prov->attach_reverse)
			continue;
		if ((err = attach_one(prog, ps, fds)))
			return err;
	}
	for (i = last; i >= 0; i--) {
		struct prog_spec *ps = &prog->progs.v[i];

		if (stop && *stop)
			return interrupted(prog, 0, i, 1);
		if (ps->prov->kind != PROV_ATTACHED || !ps->prov->attach_reverse)
			continue;
		if ((err = attach_one(prog, ps, fds)))
			return err;
	}
	return 0;
}

struct close_job {
	const int *fds;
	int n, stride;
};

static void *close_every(void *arg)
{
	struct close_job *job = arg;
	int i;

	for (i = 0; i < job->n; i += job->stride)
		close(job->fds[i]);
	return NULL;
}

/*
 * Closing a BPF link or a tracepoint's perf event makes the kernel wait
 * for an RCU grace period, tens of milliseconds, and one close after
 * another that is most of a minute for hundreds of probes.  Closed from
 * many threads at once, the waits overlap and share grace periods.
 */
#define CLOSE_THREADS 128

static void close_all(const int *fds, int n)
{
	struct close_job jobs[CLOSE_THREADS];
	pthread_t threads[CLOSE_THREADS];
	bool started[CLOSE_THREADS] = { 0 };
	int nthreads = MIN(n, CLOSE_THREADS), i;

	if (n < 2) {
		for (i = 0; i < n; i++)
			close(fds[i]);
		return;
	}
	for (i = 0; i < nthreads; i++) {
		jobs[i].fds = fds + i;
		jobs[i].n = n - i;
		jobs[i].stride = nthreads;
		started[i] = pthread_create(&threads[i], NULL, close_every, &jobs[i]) == 0;
		if (!started[i])
			close_every(&jobs[i]);
	}
	for (i = 0; i < nthreads; i++)
		if (started[i])
			pthread_join(threads[i], NULL);
}

static bool is_bpf_link(int fd)
{
	char path[64], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return strstr(target, "bpf_link") != NULL;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * The kernel tears tracepoint perf events down one at a time (a grace
 * period each, 25-55 ms on a quiet machine, under a global lock), so even
 * a dozen take half a second whatever we do, and on a machine with a load
 * average of 50 or more a single one has taken 5 to 8 seconds (the RCU
 * grace periods it waits for stretch).  No program runs on them any more
 * once the links are gone: a child process holding only those events
 * closes them, and sonde goes on.  For up to eight, sonde waits for the
 * child a moment (EVENTS_WAIT_MS) and reaps it, which is the usual case;
 * only a child still busy after that outlives sonde (where the
 * container's init does not reap orphans it stays behind as a zombie).
 */
#define EVENTS_INLINE_MAX 8
#define EVENTS_WAIT_MS 300

/* Reap the detaching child if it ends within EVENTS_WAIT_MS. */
static void wait_detach_child(pid_t pid)
{
	struct timespec tick = { 0, 5000000 };

	for (int waited = 0; waited < EVENTS_WAIT_MS; waited += 5) {
		if (waitpid(pid, NULL, WNOHANG) != 0)
			return;
		nanosleep(&tick, NULL);
	}
}

/*
 * The child must hold the last reference to each event, or the parent's
 * close() is the one that waits for the kernel: it closes its copies
 * only once the parent has let go of its own (EOF on the pipe).
 */
static void wait_for_parent(int go[2])
{
	char c;

	close(go[1]);
	while (read(go[0], &c, 1) < 0 && errno == EINTR)
		;
	close(go[0]);
}

static void release_events(int *fds, int n)
{
	int maxfd, fd, k, go[2];
	pid_t pid;

	if (n == 0)
		return;
	if (pipe2(go, O_CLOEXEC) < 0) {
		close_all(fds, n);
		return;
	}
	if ((pid = fork()) < 0) {
		close(go[0]);
		close(go[1]);
		close_all(fds, n);
		return;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		wait_for_parent(go);

		/* a name to find it by: the kernel is busy until it exits */
		prctl(PR_SET_NAME, "sonde-detach");
		/* let go of sonde's stdout, so `sonde | cmd` ends with sonde */
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
			if (nul > 2)
				close(nul);
		}
		qsort(fds, n, sizeof(int), cmp_int);
		maxfd = fds[n - 1];
		for (fd = 3, k = 0; fd <= maxfd; fd++) {
			if (k < n && fds[k] == fd)
				k++;
			else
				close(fd);
		}
		close_all(fds, n);
		_exit(0);
	}
	for (k = 0; k < n; k++)
		close(fds[k]);	/* the child holds them now: this is quick */
	close(go[0]);
	close(go[1]);		/* the child may close its copies now */
	if (n <= EVENTS_INLINE_MAX)
		wait_detach_child(pid);
}

/* Links first: that stops every program at once; then the perf events. */
void loader_detach(fdlist *fds)
{
	fdlist links = { 0 }, events = { 0 };
	int i;

	for (i = 0; i < fds->n; i++) {
		if (is_bpf_link(fds->v[i]))
			vec_push(&links, fds->v[i]);
		else
			vec_push(&events, fds->v[i]);
	}
	/*
	 * Stop the perf events at once: closing waits for RCU grace periods,
	 * and a fast interval or profile probe would meanwhile run again
	 * after exit() (a probe that steps a clock in a map sees it twice).
	 */
	for (i = 0; i < events.n; i++)
		ioctl(events.v[i], PERF_EVENT_IOC_DISABLE, 0);
	close_all(links.v, links.n);
	release_events(events.v, events.n);
	vec_free(&links);
	vec_free(&events);
	fds->n = 0;
}

void loader_unload(struct program *prog)
{
	int i;

	for (i = 0; i < prog->progs.n; i++) {
		if (prog->progs.v[i].fd >= 0)
			close(prog->progs.v[i].fd);
		prog->progs.v[i].fd = -1;
	}
	for (i = 0; i < prog->maps.n; i++) {
		if (prog->maps.v[i].fd >= 0)
			close(prog->maps.v[i].fd);
		prog->maps.v[i].fd = -1;
	}
}

/* --dump: names for the map indices in not-yet-loaded programs. */
static const char *dump_map_name(int idx, void *arg)
{
	const struct program *prog = arg;

	static char tier[64];
	const struct mapinfo *m;

	if (idx < 0 || idx >= prog->maps.n)
		return NULL;
	m = prog->maps.v[idx].info;
	if (!m)
		return prog->maps.v[idx].name;
	for (int i = 0; i < m->ntiers; i++) {
		if (m->tier_spec[i] != idx)
			continue;
		/* a key tier: the map and its string capacity */
		snprintf(tier, sizeof(tier), "%s/str%u", m->name, m->tier_len[i]);
		return tier;
	}
	return m->name;
}

/* Where each line of src starts: lines[k] is the offset of line k + 1. */
static size_t *line_starts(const struct source *src, int *nlines)
{
	VEC(size_t) v = { 0 };

	vec_push(&v, 0);
	for (size_t i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			vec_push(&v, i + 1);
	*nlines = v.n;
	return v.v;
}

/* One source line ("; N: text", or "N: text" after a prefix), found in O(1): a program of 100,000 lines dumps in linear time. */
static void dump_source_line(FILE *out, const struct source *src, const size_t *starts,
			     int nlines, int line, bool prefix)
{
	const char *p, *end = src->text + src->len, *eol;

	if (line < 1 || line > nlines)
		return;
	p = src->text + starts[line - 1];
	eol = memchr(p, '\n', end - p);
	if (!eol)
		eol = end;
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	fprintf(out, "%s%d: %.*s\n", prefix ? "" : "; ", line, (int)(eol - p), p);
}

/* "; FILE:N: text": a line of an imported file (its lines found by a scan: rare) */
static void dump_imported_line(FILE *out, const struct source *src, int line)
{
	int nlines;
	size_t *starts = line_starts(src, &nlines);

	fprintf(out, "; %s:", src->name);
	dump_source_line(out, src, starts, nlines, line, true);
	free(starts);
}

void loader_dump(FILE *out, const struct program *prog)
{
	struct strbuf sb;
	int i, j, k, used, nlines;
	size_t *starts = line_starts(prog->src, &nlines);

	sb_init(&sb);
	for (i = 0; i < prog->progs.n; i++) {
		const struct prog_spec *ps = &prog->progs.v[i];

		fprintf(out, "\n%s:", ps->probe);
		if (ps->dup_of >= 0) {
			fprintf(out, " same code as %s\n", prog->progs.v[ps->dup_of].probe);
			continue;
		}
		fprintf(out, " %d instructions\n", ps->ninsns);
		if (ps->sys_probes)
			fprintf(out, "; stands for %d syscalls:%s_* tracepoints, by syscall number\n",
				ps->merged, strrchr(ps->probe, ':') + 1);
		for (j = 0, k = 0; j < ps->ninsns; j += used) {
			while (k < ps->lines.n && ps->lines.v[k].insn <= j) {
				struct loc l = ps->lines.v[k].loc;

				if (k > 0 && ps->lines.v[k - 1].loc.line == l.line &&
				    ps->lines.v[k - 1].loc.file == l.file) {
					/* the same line again */
				} else if (l.file) {
					dump_imported_line(out, diag_source_of(prog->src, l), l.line);
				} else {
					dump_source_line(out, prog->src, starts, nlines, l.line, false);
				}
				k++;
			}
			sb.len = 0;
			sb.buf[0] = '\0';
			used = bpf_disasm_insn(&sb, ps->insns, j, ps->ninsns, dump_map_name,
					       (void *)prog);
			fprintf(out, "%4d: %s\n", j, sb.buf);
		}
	}
	sb_free(&sb);
	free(starts);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * `sonde record`: the --sched and --syscalls event sets recorded to a file
 * without any text formatting.  The programs (kprog.c) write to one BPF
 * ring buffer per CPU; this loop drains them into the writer (writer.c),
 * which keeps each CPU's events in that CPU's blocks, every DRAIN_MS (the
 * programs never wake it, which would cost the traced threads); what full
 * buffers refused is read from the programs' per-CPU counters every 100 ms
 * and written as losses with their CPU and time.
 */
#include "record/record.h"

#include <bpf/libbpf.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "numparse.h"
#include "record/export.h"
#include "record/heatmap.h"
#include "record/kprog.h"
#include "record/recfile.h"
#include "record/script.h"
#include "record/writer.h"
#include "runtime/child.h"
#include "runtime/privs.h"
#include "tools/tools.h"

#define MAX_OUTS	8

struct record_opts {
	const char *out;	/* the first -o */
	const char *outs[MAX_OUTS];	/* every -o: the native file and exports */
	int nouts;
	const char *program;	/* -e, or a file: its printfs are recorded */
	char **script_argv;	/* the file and its positional parameters */
	int script_argc;
	const char *cmd;
	const char *heatmap;
	unsigned sets;
	int pid;
	int hz;			/* --profile */
	double duration;
	uint64_t size_limit, flight_bytes, buffer_bytes;
	bool quiet;
};

/*
 * How often the rings are drained.  A CPU making a million events a second
 * fills 8 MiB in about 100 ms: 10 ms leaves a wide margin.
 */
#define DRAIN_MS	10

static volatile sig_atomic_t stop_requested, dump_requested;

static void on_stop(int sig)
{
	stop_requested = sig;
}

static void on_dump(int sig)
{
	dump_requested = 1;
}

static void record_usage(FILE *f)
{
	fprintf(f,
		"USAGE: sonde record [--sched] [--syscalls] [--profile HZ] [OPTIONS] -o FILE\n"
		"       sonde record [OPTIONS] -o FILE -e 'PROGRAM' | SCRIPT [ARGS...]\n"
		"       sonde record [OPTIONS] -o FILE TOOL [TOOL OPTIONS...]\n"
		"\n"
		"Records events to FILE in sonde's binary format (docs/record.md), or,\n"
		"by FILE's extension, converts them at the end: .pftrace (Perfetto),\n"
		".json (Chrome trace), .ctf (a CTF 1.8 directory), .txt (text).  -o may\n"
		"be given several times (the native file and exports).\n"
		"\n"
		"    --sched          context switches, wakeups, migrations, forks, exits, execs\n"
		"    --syscalls       every system call, entry and exit (nr, return value)\n"
		"    --profile HZ     CPU samples, HZ a second on every CPU (for heatmap --subsecond)\n"
		"    -p PID           only PID's threads and what they fork from now on\n"
		"    -c 'CMD'         run CMD and record it and its children; stop when it exits\n"
		"    -d, --duration S stop after S seconds\n"
		"    --size-limit N   stop when the file reaches N (K, M, G suffixes; plain: MiB)\n"
		"    --flight N       flight recorder: keep the last N (MiB) in memory, write them\n"
		"                     on SIGUSR2 and at exit\n"
		"    --buffer-size N  the kernel buffer of each CPU (default 8M)\n"
		"    --heatmap SVG    also draw the syscall latency heat map\n"
		"    -e PROGRAM       record a program's printfs (instants; @begin/@end NAME\n"
		"                     spans and @counter NAME counters, docs/record.md)\n"
		"    -q               no summary on stderr\n");
}

/* "64", "64M", "512K", "1G": bytes; a plain number is MiB. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	double v = strtod(s, &end);
	uint64_t unit = 1 << 20;

	if (end == s || !(v > 0) || v > 1e15)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 0: break;
	case 'K': unit = 1 << 10; end++; break;
	case 'M': unit = 1 << 20; end++; break;
	case 'G': unit = 1 << 30; end++; break;
	case 'B': unit = 1; end++; break;
	default: return -1;
	}
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end)
		return -1;
	*out = (uint64_t)(v * (double)unit);
	return *out ? 0 : -1;
}

enum { O_SCHED = 256, O_SYSCALLS, O_PROFILE, O_SIZE_LIMIT, O_FLIGHT, O_BUFFER, O_HEATMAP };

static const struct option record_options[] = {
	{ "sched", no_argument, NULL, O_SCHED },
	{ "syscalls", no_argument, NULL, O_SYSCALLS },
	{ "profile", required_argument, NULL, O_PROFILE },
	{ "duration", required_argument, NULL, 'd' },
	{ "size-limit", required_argument, NULL, O_SIZE_LIMIT },
	{ "flight", required_argument, NULL, O_FLIGHT },
	{ "buffer-size", required_argument, NULL, O_BUFFER },
	{ "heatmap", required_argument, NULL, O_HEATMAP },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int size_option(const char *name, const char *arg, uint64_t *out)
{
	if (parse_size(arg, out) == 0)
		return 0;
	fprintf(stderr, "ERROR: %s: invalid size '%s' (e.g. 64M)\n", name, arg);
	return -1;
}

static int parse_record_options(int argc, char **argv, struct record_opts *o)
{
	char *end;
	int c;

	o->buffer_bytes = 8 << 20;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+o:p:c:d:e:qh", record_options, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (o->nouts == MAX_OUTS) {
				fprintf(stderr, "ERROR: record: at most %d -o\n", MAX_OUTS);
				return -1;
			}
			o->outs[o->nouts++] = optarg;
			o->out = o->outs[0];
			break;
		case 'e': o->program = optarg; break;
		case 'c': o->cmd = optarg; break;
		case 'q': o->quiet = true; break;
		case O_SCHED: o->sets |= RS_SCHED; break;
		case O_SYSCALLS: o->sets |= RS_SYSCALLS; break;
		case O_HEATMAP: o->heatmap = optarg; break;
		case O_PROFILE:
			if (num_arg_int("--profile", optarg, 1, 10000, "samples a second", &o->hz) < 0)
				return -1;
			o->sets |= RS_PROFILE;
			break;
		case 'h': record_usage(stdout); exit(0);
		case 'p':
			if (pid_arg("-p", optarg, &o->pid) < 0)	/* exists, within pid_max */
				return -1;
			break;
		case 'd':
			o->duration = strtod(optarg, &end);
			if (*end || !(o->duration > 0) || o->duration > 1e9) {
				fprintf(stderr, "ERROR: --duration: invalid number of seconds '%s'\n",
					optarg);
				return -1;
			}
			break;
		case O_SIZE_LIMIT:
			if (size_option("--size-limit", optarg, &o->size_limit))
				return -1;
			break;
		case O_FLIGHT:
			if (size_option("--flight", optarg, &o->flight_bytes))
				return -1;
			break;
		case O_BUFFER:
			if (size_option("--buffer-size", optarg, &o->buffer_bytes))
				return -1;
			break;
		default:
			record_usage(stderr);
			return -1;
		}
	}
	o->script_argv = argv + optind;
	o->script_argc = argc - optind;
	if (!o->program && o->script_argc > 0)
		o->program = argv[optind];	/* a script file, then its parameters */
	if (!o->out) {
		fprintf(stderr, "ERROR: record: -o FILE is required\n");
		return -1;
	}
	if (!o->sets && !o->program) {
		fprintf(stderr, "ERROR: record: nothing to record (--sched, --syscalls, --profile HZ,"
			" -e PROGRAM or a script)\n");
		return -1;
	}
	if (o->sets && o->program) {
		fprintf(stderr, "ERROR: record: a program cannot be recorded together with"
			" --sched, --syscalls or --profile yet\n");
		return -1;
	}
	if (o->pid && o->cmd) {
		fprintf(stderr, "ERROR: record: -p and -c cannot be combined\n");
		return -1;
	}
	return 0;
}

/* ---- the process filter -------------------------------------------------- */

/* Every thread of pid, and of the processes it already forked (from /proc). */
static int filter_add_process_tree(struct kprog_set *k, int root)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	VEC(int) pids = { 0 }, parents = { 0 };
	int found = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[64], buf[512], *p;
		int pid = atoi(de->d_name), ppid;
		FILE *f;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if (!(f = fopen(path, "r")))
			continue;
		p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		if (p && sscanf(p, ") %*c %d", &ppid) == 1) {
			vec_push(&pids, pid);
			vec_push(&parents, ppid);
		}
	}
	closedir(d);
	/* a process is in the tree when its parent is: repeat until stable */
	VEC(int) tree = { 0 };
	vec_push(&tree, root);
	for (bool grew = true; grew;) {
		grew = false;
		for (int i = 0; i < pids.n; i++) {
			bool in = false, parent_in = false;

			for (int j = 0; j < tree.n; j++) {
				in |= tree.v[j] == pids.v[i];
				parent_in |= tree.v[j] == parents.v[i];
			}
			if (!in && parent_in) {
				vec_push(&tree, pids.v[i]);
				grew = true;
			}
		}
	}
	for (int i = 0; i < tree.n; i++) {
		char path[64];
		DIR *td;

		snprintf(path, sizeof(path), "/proc/%d/task", tree.v[i]);
		if (!(td = opendir(path)))
			continue;
		while ((de = readdir(td)))
			if (atoi(de->d_name) > 0 && kprog_filter_add(k, (uint32_t)atoi(de->d_name)) == 0)
				found++;
		closedir(td);
	}
	vec_free(&tree);
	vec_free(&pids);
	vec_free(&parents);
	return found ? 0 : -1;
}

/* ---- draining the ring buffers -------------------------------------------- */

/* One per CPU: the ring buffer callback learns its CPU from its context. */
struct drain {
	struct rec_writer *w;
	int cpu;
};

static uint64_t boot_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct drain *d = ctx;
	struct krec r;

	if (size < KREC_SIZE_NOSTR)
		return 0;
	memcpy(&r, data, MIN(size, sizeof(r)));
	if (size < sizeof(r))
		r.str[0] = 0;
	recw_event(d->w, d->cpu, &r);
	return 0;
}

static struct ring_buffer *open_rings(const struct kprog_set *k, struct drain *d)
{
	struct ring_buffer *rb = NULL;

	for (int cpu = 0; cpu < k->nrings; cpu++) {
		int err = 0;

		if (!rb)
			rb = ring_buffer__new(k->ring_fds[cpu], on_record, &d[cpu], NULL);
		else
			err = ring_buffer__add(rb, k->ring_fds[cpu], on_record, &d[cpu]);
		if (!rb || err) {
			fprintf(stderr, "ERROR: record: opening the ring buffers failed: %s\n",
				strerror(errno));
			if (rb)
				ring_buffer__free(rb);
			return NULL;
		}
	}
	return rb;
}

/* ---- the run --------------------------------------------------------------- */

struct session {
	struct record_opts *o;
	struct kprog_set k;
	struct rec_writer *w;
	struct ring_buffer *rb;
	struct drain *drains;
	int ncpus;
	uint64_t losses_checked;	/* when the loss counters were last read */
	pid_t child;
	int go_fd;
	int child_status;
};

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_dump;
	sigaction(SIGUSR2, &sa, NULL);
}

/* Whether the traced process or command is gone. */
static bool target_gone(struct session *s)
{
	if (s->child > 0) {
		int status;

		if (waitpid(s->child, &status, WNOHANG) == s->child) {
			s->child_status = status;
			s->child = 0;
			return true;
		}
		return false;
	}
	return s->o->pid && kill(s->o->pid, 0) && errno == ESRCH;
}

/*
 * New refusals of full buffers since the last look, as loss records with
 * their CPU and the time they were noticed (every 100 ms at most, and at
 * the end).
 */
static void account_losses(struct session *s, bool now)
{
	uint64_t *lost, t = boot_now();

	if (!now && t - s->losses_checked < 100000000)
		return;
	s->losses_checked = t;
	lost = xcalloc((size_t)s->ncpus, sizeof(*lost));
	if (kprog_lost(&s->k, lost, s->ncpus) == 0)
		for (int cpu = 0; cpu < s->ncpus; cpu++)
			if (lost[cpu] > recw_cpu_lost(s->w, cpu))
				recw_loss(s->w, cpu, t, lost[cpu] - recw_cpu_lost(s->w, cpu));
	free(lost);
}

static void loop(struct session *s)
{
	uint64_t start = boot_now();
	uint64_t limit_ns = s->o->duration > 0 ? (uint64_t)(s->o->duration * 1e9) : 0;

	while (!stop_requested) {
		/* the programs do not wake us: sleep a little, then drain */
		int err = ring_buffer__poll(s->rb, DRAIN_MS);

		if (err >= 0 || err == -EINTR)
			err = ring_buffer__consume(s->rb);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "ERROR: record: polling the buffers failed: %s\n",
				strerror(-err));
			break;
		}
		if (dump_requested) {
			dump_requested = 0;
			/* everything up to the signal, not only what woke us */
			ring_buffer__consume(s->rb);
			account_losses(s, true);
			if (s->o->flight_bytes && recw_dump(s->w) == 0 && !s->o->quiet)
				fprintf(stderr, "Flight recorder written to %s\n", s->o->out);
		}
		account_losses(s, false);
		if (limit_ns && boot_now() - start >= limit_ns)
			break;
		if (recw_full(s->w)) {
			if (!s->o->quiet)
				fprintf(stderr, "Size limit reached: recording stopped\n");
			break;
		}
		if (target_gone(s))
			break;
	}
}

static int start_target(struct session *s)
{
	if (s->o->cmd) {
		s->child = child_spawn_held(s->o->cmd, &s->go_fd);
		if (s->child < 0) {
			fprintf(stderr, "ERROR: record: cannot run '%s'\n", s->o->cmd);
			return -1;
		}
		return kprog_filter_add(&s->k, (uint32_t)s->child) ? -1 : 0;
	}
	if (s->o->pid && filter_add_process_tree(&s->k, s->o->pid)) {
		fprintf(stderr, "ERROR: record: no process %d\n", s->o->pid);
		return -1;
	}
	return 0;
}

static void release_child(struct session *s)
{
	if (s->go_fd >= 0) {
		if (write(s->go_fd, "x", 1) != 1)
			fprintf(stderr, "WARNING: record: could not release the command\n");
		close(s->go_fd);
		s->go_fd = -1;
	}
}

/* After the file is closed: its size on disk, trailer and metadata included. */
static void summary(uint64_t n, uint64_t lost, const char *path)
{
	struct stat st;
	uint64_t bytes = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;

	fprintf(stderr, "Recorded %llu events to %s (%llu bytes, %.1f bytes/event); lost %llu\n",
		(unsigned long long)n, path, (unsigned long long)bytes,
		n ? (double)bytes / (double)n : 0.0, (unsigned long long)lost);
}

/* The native file's path: an -o without an export's extension, or a temporary. */
static char *native_path(const struct record_opts *o)
{
	for (int i = 0; i < o->nouts; i++)
		if (export_format_for_path(o->outs[i]) == EXPORT_NATIVE)
			return xstrdup(o->outs[i]);
	return xasprintf("%s.sonde-tmp", o->out);
}

static bool keeps_native(const struct record_opts *o)
{
	for (int i = 0; i < o->nouts; i++)
		if (export_format_for_path(o->outs[i]) == EXPORT_NATIVE)
			return true;
	return false;
}

/* Every export the -o options name, then the heat map; the temporary goes. */
static int export_all(const struct record_opts *o, const char *native)
{
	int err = 0;

	for (int i = 0; i < o->nouts && !err; i++) {
		enum export_format fmt = export_format_for_path(o->outs[i]);

		if (fmt != EXPORT_NATIVE)
			err = export_convert(native, o->outs[i], fmt);
	}
	if (!err && o->heatmap)
		err = heatmap_write_file(native, o->heatmap, NULL);
	if (!keeps_native(o))
		unlink(native);
	return err;
}

static int finish(struct session *s, const char *native)
{
	uint64_t n = recw_events(s->w), lost = recw_lost(s->w);
	int err;

	err = recw_close(s->w);
	s->w = NULL;
	if (!err && !s->o->quiet)
		summary(n, lost, native);
	if (err) {
		if (!keeps_native(s->o))
			unlink(native);
		return err;
	}
	return export_all(s->o, native);
}

static int record_run(struct record_opts *o)
{
	struct session s = { .o = o, .go_fd = -1,
			     .k = { .rings_map_fd = -1, .filter_map_fd = -1, .lost_map_fd = -1 } };
	char msg[512];
	int ncpus = libbpf_num_possible_cpus();
	char *native = native_path(o);
	int status = 1;

	/* at once: a Ctrl-C during the set-up must stop the recording too */
	install_signals();
	if (ncpus <= 0)
		goto out;
	if (privs_check(msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s\n", msg);
		goto out;
	}
	s.w = recw_open(&(struct rec_writer_opts){ .path = native, .ncpus = ncpus,
		.size_limit = o->size_limit, .flight_bytes = o->flight_bytes });
	if (!s.w)
		goto out;
	if (kprog_open(&s.k, o->sets, o->pid || o->cmd, ncpus, o->buffer_bytes))
		goto out;
	s.ncpus = ncpus;
	s.drains = xcalloc((size_t)ncpus, sizeof(*s.drains));
	for (int cpu = 0; cpu < ncpus; cpu++)
		s.drains[cpu] = (struct drain){ s.w, cpu };
	s.rb = open_rings(&s.k, s.drains);
	if (!s.rb || start_target(&s) || kprog_attach(&s.k, o->hz))
		goto out;
	if (!o->quiet)
		fprintf(stderr, "Recording to %s... Hit Ctrl-C to end.\n", o->out);
	release_child(&s);
	loop(&s);
	/* detach, then take what the buffers still hold */
	kprog_detach(&s.k);
	ring_buffer__consume(s.rb);
	account_losses(&s, true);
	status = finish(&s, native) ? 1 : 0;
out:
	if (s.go_fd >= 0)	/* never released: the command exits without running */
		close(s.go_fd);
	if (s.rb)
		ring_buffer__free(s.rb);
	free(s.drains);
	kprog_close(&s.k);
	if (s.w) {
		recw_close(s.w);
		unlink(native);
	}
	if (s.child > 0)
		waitpid(s.child, NULL, 0);
	free(native);
	return status;
}

/* sonde's own command line for the program: sonde [-q] [-c|-p] [--timeout] -e|FILE ARGS */
static char **script_command(const struct record_opts *o, char *pidbuf, char *secbuf, int *argc)
{
	char **v = xcalloc((size_t)o->script_argc + 12, sizeof(char *));
	int n = 0;

	v[n++] = "sonde";
	if (o->quiet)
		v[n++] = "-q";
	if (o->cmd) {
		v[n++] = "-c";
		v[n++] = (char *)o->cmd;
	}
	if (o->pid) {
		snprintf(pidbuf, 16, "%d", o->pid);
		v[n++] = "-p";
		v[n++] = pidbuf;
	}
	if (o->duration > 0) {
		snprintf(secbuf, 24, "%llu", (unsigned long long)(o->duration + 0.999));
		v[n++] = "--timeout";
		v[n++] = secbuf;
	}
	if (o->script_argc == 0 || o->script_argv[0] != o->program) {
		v[n++] = "-e";
		v[n++] = (char *)o->program;
	}
	for (int i = 0; i < o->script_argc; i++)
		v[n++] = o->script_argv[i];
	*argc = n;
	return v;
}

/* A built-in tool: sonde TOOL ARGS (its own options; -c, -p, -d are not passed). */
static bool names_tool(const struct record_opts *o)
{
	return o->script_argc > 0 && o->script_argv[0] == o->program &&
	       tools_wants(o->program) && strcmp(o->program, "tools") != 0 &&
	       strcmp(o->program, "--tool-source") != 0;
}

static char **tool_command(const struct record_opts *o, int *argc)
{
	char **v = xcalloc((size_t)o->script_argc + 2, sizeof(char *));

	v[0] = "sonde";
	for (int i = 0; i < o->script_argc; i++)
		v[i + 1] = o->script_argv[i];
	*argc = o->script_argc + 1;
	return v;
}

static int record_script(struct record_opts *o)
{
	char *native = native_path(o);
	char pidbuf[16], secbuf[24];
	bool tool = names_tool(o);
	struct rec_writer *w;
	int argc, status, err;
	char **argv;

	w = recw_open(&(struct rec_writer_opts){ .path = native,
		.ncpus = libbpf_num_possible_cpus(), .size_limit = o->size_limit,
		.flight_bytes = o->flight_bytes });
	if (!w) {
		free(native);
		return 1;
	}
	argv = tool ? tool_command(o, &argc) : script_command(o, pidbuf, secbuf, &argc);
	status = script_record(w, argc, argv, tool, o->flight_bytes != 0);
	free(argv);
	if (status && !recw_events(w)) {	/* the program did not run: no file */
		recw_close(w);
		unlink(native);
		free(native);
		return status;
	}
	if (!o->quiet)
		fprintf(stderr, "Recorded %llu events to %s\n",
			(unsigned long long)recw_events(w), native);
	err = recw_close(w);
	if (!err)
		err = export_all(o, native);
	else if (!keeps_native(o))
		unlink(native);
	free(native);
	return err ? 1 : status;
}

int record_main(int argc, char **argv)
{
	struct record_opts o = { 0 };

	if (parse_record_options(argc, argv, &o))
		return 1;
	return o.program ? record_script(&o) : record_run(&o);
}

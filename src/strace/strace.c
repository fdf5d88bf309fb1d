// SPDX-License-Identifier: GPL-2.0
/*
 * `sonde strace`: the command line strace users type, the target (a
 * command held until the probes are attached, a process, a cgroup or the
 * whole host), then the loop that drains the ring buffer into the printer
 * until the target is gone or a signal asks to stop.
 */
#include "strace/strace.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "btf/btfread.h"
#include "numparse.h"
#include "outfile.h"
#include "runtime/child.h"
#include "strace/bpfprog.h"
#include "strace/fmt.h"
#include "strace/printer.h"
#include "strace/select.h"
#include "strace/sysent.h"
#include "util.h"

#define DEFAULT_STRSIZE	32
#define RINGBUF_MB	16
#define POLL_MS		10	/* the kernel wakes sonde only when the buffer fills */

struct strace_opts {
	struct printer_opts po;
	struct selection sel;
	const char *outpath;
	const char *cgroup;
	char *command;
	int pid;
	bool all;
	enum fmt_hex hex;	/* -x, -xx */
	bool ff;		/* -ff */
};

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fputs("usage: sonde strace [-fcCkTrtxyzZ] [-e EXPR]... [-s N] [-o FILE]\n"
	      "                    { -p PID | --cgroup PATH | -a | COMMAND [ARG]... }\n"
	      "  -f          follow forks and threads ([pid N] prefixes)\n"
	      "  -ff         with -o FILE: each thread's trace in FILE.TID\n"
	      "  -c, -C      summary table of calls, errors and time (-C: and the calls)\n"
	      "  -e trace=SET  names, %file %desc %process %network %signal %ipc %memory\n"
	      "              %creds %stat %clock, all, none; a leading ! inverts\n"
	      "  -e status=failed|successful, -Z (failed), -z (successful)\n"
	      "  -e signal=SET  which signals' --- lines print (names, numbers, !)\n"
	      "  -T          time spent in each call   -t, -tt, -ttt  time of day\n"
	      "  -r          time since the previous call   -y  paths of fds\n"
	      "  -k          the user stack of each call (DWARF unwinding)\n"
	      "  -x, -xx     strings with non-ASCII bytes in hex (-xx: every string)\n"
	      "  -s N        string length (32)   -o FILE  write the trace to FILE\n"
	      "  -p PID      trace a process   -a  every process   --cgroup PATH  a cgroup's\n", f);
}

/* The command's words, quoted for child_spawn_held()'s splitting. */
static char *join_command(int argc, char **argv)
{
	struct strbuf sb;

	if (argc == 1)
		return xstrdup(argv[0]);	/* one word: may be 'CMD ARGS' */
	sb_init(&sb);
	for (int i = 0; i < argc; i++) {
		bool plain = argv[i][0] && !strpbrk(argv[i], " \t'\"");

		if (i)
			sb_addc(&sb, ' ');
		if (plain)
			sb_adds(&sb, argv[i]);
		else if (!strchr(argv[i], '\''))
			sb_addf(&sb, "'%s'", argv[i]);
		else
			sb_addf(&sb, "\"%s\"", argv[i]);
	}
	return sb_steal(&sb);
}

static int parse_opts(struct strace_opts *o, int argc, char **argv)
{
	static const struct option longs[] = {
		{ "cgroup", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ "summary-only", no_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ 0 }
	};
	int c, ts = 0;

	memset(o, 0, sizeof(*o));
	select_all(&o->sel);
	o->po.strsize = DEFAULT_STRSIZE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+fcCTtrwxyzZaks:o:e:p:h", longs, NULL)) != -1) {
		switch (c) {
		case 'f': o->ff = o->ff || o->po.follow; o->po.follow = true; break;
		case 'c': o->po.summary = true; break;
		case 'C': o->po.summary = o->po.summary_and_calls = true; break;
		case 'T': o->po.durations = true; break;
		case 't': ts++; break;
		case 'r': o->po.relative = true; break;
		case 'w': break;	/* -c time is always the latency */
		case 'y': o->po.fd_paths = true; break;
		case 'k': o->po.stacks = true; break;
		case 'x': o->hex = o->hex < HEX_ALL ? o->hex + 1 : HEX_ALL; break;
		case 'z': o->sel.only_successful = true; break;
		case 'Z': o->sel.only_failed = true; break;
		case 'a': o->all = true; break;
		case 'G': o->cgroup = optarg; break;
		case 'o': o->outpath = optarg; break;
		case 'e':
			if (select_expr(&o->sel, optarg) < 0)
				return -1;
			break;
		case 's':
			if (num_arg_int("-s", optarg, 0, 1 << 20, "bytes", &o->po.strsize) < 0)
				return -1;
			break;
		case 'p':
			if (pid_arg("-p", optarg, &o->pid) < 0)
				return -1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	o->po.ts = ts >= 3 ? TS_EPOCH : ts == 2 ? TS_USEC : ts == 1 ? TS_SEC : TS_NONE;
	if (optind < argc)
		o->command = join_command(argc - optind, argv + optind);
	if (!!o->command + !!o->pid + !!o->cgroup + o->all != 1) {
		fprintf(stderr, "ERROR: strace: give exactly one of -p PID, --cgroup PATH, -a or a "
			"command\n");
		return -1;
	}
	if (o->command && child_check_command(o->command) < 0)
		return -1;
	return 0;
}

static int on_rec(void *ctx, void *data, size_t size)
{
	const struct strace_rec *r = data;

	if (size >= sizeof(*r) && r->size <= size)
		printer_record(ctx, r);
	return 0;
}

/* Whether the target is gone; *status gets the command's exit status. */
static bool target_done(const struct strace_opts *o, struct printer *p, pid_t child,
			bool *child_gone, int *status)
{
	int ws;

	if (child > 0 && !*child_gone && waitpid(child, &ws, WNOHANG) == child) {
		*child_gone = true;
		*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	}
	if (child > 0)
		return *child_gone && (!o->po.follow || printer_live(p) <= 0);
	if (o->pid)
		return printer_exited(p, o->pid) || (kill(o->pid, 0) < 0 && errno == ESRCH);
	return false;
}

static int set_specs(struct strace_bpf *b, const struct selection *sel)
{
	for (int nr = 0; nr < ARCH_SYSCALLS_MAX; nr++) {
		struct strace_spec s;

		if (!sel->nr[nr] || !sysent_decoded(nr))
			continue;
		sysent_spec(nr, &s);
		if (strace_bpf_set_spec(b, nr, &s) < 0)
			return -1;
	}
	for (int nr = 0; nr < ARCH_SYSCALLS_MAX; nr++) {
		if (sel->nr[nr] && strace_bpf_want_stack(b, nr) < 0)
			return -1;
	}
	return 0;
}

static int cgroup_id(const char *path, unsigned long long *id)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "ERROR: strace: --cgroup %s: not a cgroup directory\n", path);
		return -1;
	}
	*id = st.st_ino;
	return 0;
}

/*
 * Attach once the held command waits in its read() for the go byte: its
 * earlier calls (closing its end of the pair) are sonde's, and with -c
 * alone the kernel counts whatever it sees.  /proc/PID/syscall starts
 * with the number of the call a blocked task is in (read is 0).
 */
static void wait_held(pid_t child)
{
	char path[64], buf[32];

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)child);
	for (int i = 0; i < 5000; i++) {
		FILE *f = fopen(path, "r");
		bool blocked = f && fgets(buf, sizeof(buf), f) && strncmp(buf, "0 ", 2) == 0;

		if (f)
			fclose(f);
		if (blocked)
			return;
		usleep(1000);
	}
}

static int run(struct strace_opts *o, struct strace_bpf *b, struct printer *p)
{
	struct ring_buffer *rb = NULL;
	int go_fd = -1, status = 0;
	pid_t child = -1;
	bool child_gone = false;

	if (o->command) {
		child = child_spawn_held(o->command, &go_fd);
		if (child < 0)
			return 1;
		/* with -c alone there are no call records: the kernel holds it */
		if (!o->po.summary || o->po.summary_and_calls)
			printer_until_exec(p, child);
	}
	if (child > 0)
		wait_held(child);
	if (child > 0 || o->pid)
		strace_bpf_add(b, child > 0 ? child : o->pid, child > 0);
	rb = ring_buffer__new(b->ringbuf_fd, on_rec, p, NULL);
	if (!rb || strace_bpf_attach(b) < 0) {
		if (!rb)
			fprintf(stderr, "ERROR: strace: opening the ring buffer failed\n");
		status = 1;
		goto out;
	}
	if (child > 0) {
		int err = child_release(go_fd);

		go_fd = -1;
		if (err < 0) {
			status = 1;
			goto out;
		}
	}
	while (!stop_requested && !target_done(o, p, child, &child_gone, &status)) {
		int err = ring_buffer__poll(rb, POLL_MS);

		/* records sent without a wakeup: poll() only waited for them */
		if (err >= 0)
			err = ring_buffer__consume(rb);

		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "ERROR: strace: reading events failed: %s\n", strerror(-err));
			status = 1;
			break;
		}
		printer_flush(p);
	}
	ring_buffer__consume(rb);
out:
	if (go_fd >= 0)
		close(go_fd);
	if (child > 0 && !child_gone) {
		if (stop_requested)
			kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	ring_buffer__free(rb);
	return status;
}

int strace_main(int argc, char **argv)
{
	struct strace_opts o;
	struct strace_bpf b;
	struct strace_bpf_opts bo = { 0 };
	struct printer *p = NULL;
	unsigned long long lost, cg = 0;
	int status = 1;

	if (parse_opts(&o, argc, argv) < 0)
		goto done;
	if (o.cgroup && cgroup_id(o.cgroup, &cg) < 0)
		goto done;
	o.po.out = stderr;
	if (o.outpath && o.ff && !(o.po.summary && !o.po.summary_and_calls)) {
		o.po.ff_base = o.outpath;	/* FILE.TID each; the -C table on stderr */
	} else if (o.outpath) {
		o.po.out = outfile_fopen("-o", o.outpath);
		if (!o.po.out)
			goto done;
		o.po.pid_always = o.po.follow;
	}
	setvbuf(o.po.out, NULL, _IOFBF, 1 << 16);
	o.po.sel = &o.sel;
	fmt_set_hex(o.hex);
	bo.all = o.all || o.cgroup;
	bo.cgroup_id = cg;
	bo.follow = o.po.follow || bo.all;
	/* one byte more than -s says whether a string was longer, one more for its NUL */
	bo.strcap = o.po.strsize + 2 > STRACE_PATH_MAX ? STRACE_PATH_MAX : o.po.strsize + 2;
	bo.ringbuf_mb = RINGBUF_MB;
	bo.summary_only = o.po.summary && !o.po.summary_and_calls;
	bo.stacks = o.po.stacks && !bo.summary_only;
	if (o.all || o.cgroup)
		o.po.follow = true;
	o.po.known_only = o.cgroup != NULL;
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	signal(SIGHUP, on_stop);
	if (strace_bpf_open(&b, &bo) == 0 && (bo.summary_only || set_specs(&b, &o.sel) == 0)) {
		p = printer_new(&o.po);
		status = run(&o, &b, p);
		for (int nr = 0; bo.summary_only && nr < ARCH_SYSCALLS_MAX; nr++) {
			struct strace_stat st;

			if (strace_bpf_stats(&b, nr, &st) == 0 && st.calls)
				printer_add_counts(p, nr, st.calls, st.errors, st.ns);
		}
		printer_finish(p);
	}
	lost = strace_bpf_lost(&b);
	if (lost)
		fprintf(stderr, "sonde strace: %llu events lost: the ring buffer was full\n", lost);
	strace_bpf_close(&b);
	if (p)
		printer_free(p);
	if (o.po.out && o.po.out != stderr)
		fclose(o.po.out);
	else
		fflush(stderr);
done:
	free(o.command);
	sysent_free();
	btfr_kernel_free();
	return status;
}

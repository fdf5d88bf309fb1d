/* SPDX-License-Identifier: GPL-2.0 */
/* Running a loaded program until exit(), a signal, or the -c child ends. */
#ifndef SONDE_RUN_H
#define SONDE_RUN_H

#include <sys/types.h>

#include "output.h"
#include "../probes/provider.h"

/* --timeout and the tools' -d: at most a year */
#define SONDE_TIMEOUT_MAX (366u * 24 * 3600)

struct run_opts {
	FILE *out;
	const char *out_name;	/* -o FILE, for errors; NULL: stdout */
	/*
	 * -B's mode plus one (_IONBF, _IOLBF or _IOFBF + 1), so that 0, what
	 * callers that do not set it get, is the default: by the stream (see
	 * output_stream)
	 */
	int buffering;
	enum output_format format;
	bool quiet;		/* -q: no "Attached" line */
	pid_t child;		/* -c child, or 0 */
	int child_go_fd;	/* write a byte to start the child; -1 if none */
	int pid;		/* -p PID: stop when it exits */
	int dwarf_pid;		/* --dwarf-pid: its DWARF unwinding prepared before attaching */
	unsigned timeout;	/* stop after this many seconds (0: never) */
	/* called once the probes are attached (sonde serve says it is ready) */
	void (*on_attached)(void *arg);
	void *attached_arg;
	bool dry_run;		/* --dry-run: attach, then stop; nothing runs or prints */
	bool bench;		/* --mode bench: BEGIN, time the bench: probes, END;
				 * nothing is attached and no map prints at exit */
};

/*
 * While a record is handled (a front end's hook): handle now the committed
 * records after it whose event pick() selects (non-zero), in their order,
 * ahead of the others (sonde dtrace: what the ERROR probe printed, right
 * after the fault).  Returns how many.
 */
typedef int (*run_pick_fn)(const struct event_spec *ev, void *arg);
long run_handle_ahead(run_pick_fn pick, void *arg);

/*
 * A front end's look at every ring buffer record before it is handled
 * (sonde dtrace: speculative records held until their commit): record()
 * returns non-zero when it took the record (nothing else is done with
 * it).  status() runs after each batch of records (final false) and once
 * at the end, after END and before the maps print (final true), while
 * the program's maps are open.  NULL removes them.
 */
struct run_record_hooks {
	int (*record)(const void *data, size_t size, void *arg);
	void (*status)(bool final, void *arg);
	void *arg;
};
void run_set_record_hooks(const struct run_record_hooks *hooks);
/* Handle a record taken earlier (its u64 event id first) as if it had just arrived. */
int run_replay_record(const void *data, size_t size);

/*
 * Stop every run_program() of the process, as SIGTERM would (for a caller
 * that runs programs in threads and takes the signals itself).
 */
void run_stop(int sig);

/* Returns the process exit status: exit()'s code, 0, or 1 on failure. */
int run_program(struct program *prog, const struct run_opts *opts);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the language may use in a probe, as its provider describes it: the
 * context the program gets, which builtins and functions make sense, how
 * argN reads.  Providers (src/probes/) fill a struct probe_type; sema reads
 * it and never names a provider, so a new probe type is a new provider
 * with its flags, not a new string compare in the front end.
 */
#ifndef SONDE_PROBE_TYPE_H
#define SONDE_PROBE_TYPE_H

#include <stdbool.h>
#include <stdint.h>

struct type;

/* What the program's context (r1) points to, for argN / retval / args. */
enum ctx_kind {
	CTX_NONE,		/* BEGIN/END, interval, profile without regs */
	CTX_TRACEPOINT,		/* the tracepoint record: args.field */
	CTX_PT_REGS,		/* struct pt_regs: kprobe, uprobe, usdt */
	CTX_RAW_TP,		/* u64 args[]: raw tracepoints, fentry/fexit */
};

/* Where a USDT argument lives (from the .note.stapsdt argument spec). */
enum usdt_arg_kind { USDT_ARG_CONST, USDT_ARG_REG, USDT_ARG_MEM };

struct usdt_arg {
	enum usdt_arg_kind kind;
	int size;		/* bytes: 1, 2, 4 or 8 */
	bool is_signed;
	int reg_off;		/* offsetof(struct pt_regs, reg) of the (base) register */
	int64_t value;		/* USDT_ARG_CONST: the constant; USDT_ARG_MEM: the offset */
};

/* Capabilities of a probe type; a provider sets the first ones itself. */
enum probe_cap {
	PCAP_FUNC = 1 << 0,	/* probes a function: the func builtin */
	PCAP_USER = 1 << 1,	/* runs in a traced process: user addresses, uaddr() */
	PCAP_OVERRIDE = 1 << 2,	/* override(): the kernel may skip the function */
	PCAP_KFUNC = 1 << 3,	/* a traced kernel function's arguments, which
				 * the kernel trusts: path() */
	PCAP_BTF_ARGS = 1 << 4,	/* arguments are BTF-typed pointers the verifier
				 * tracks (fentry/fexit, rawtracepoint as tp_btf):
				 * socket_cookie() */
	/* derived from the provider's other fields (provider_probe_type()) */
	PCAP_RETVAL = 1 << 8,	/* retval */
	PCAP_REGS = 1 << 9,	/* the context is struct pt_regs: reg() */
	PCAP_STACK_ARGS = 1 << 10, /* sargN: arguments passed on the stack */
	PCAP_USERMODE = 1 << 11, /* usermode: the interrupted registers */
	PCAP_SPECIAL = 1 << 12,	/* BEGIN/END/bench/self: run by sonde itself (BPF_PROG_TEST_RUN) */
	PCAP_KFUNC_CALLS = 1 << 13, /* the program's type may call the kernel's
				 * generic kfuncs (tracing, tracepoint and perf
				 * event programs): comm(pid) */
};

struct probe_type {
	const char *name;	/* the provider's name, for messages */
	const char *probetype;	/* the probetype builtin: the name, "special" for BEGIN/END */
	enum ctx_kind ctx;
	unsigned caps;		/* PCAP_* */
	int max_args;		/* argN: N < max_args (0: no argN) */
	/* USDT: argument n of a probe; 0, or -1 when it has fewer arguments */
	int (*usdt_arg)(void *target, int n, struct usdt_arg *out);
	/* uprobe: a type the probed binary defines (its DWARF), or NULL */
	struct type *(*user_type)(void *target, const char *name);
	/* fexit: retval's type (the function's BTF return type), or NULL: u64 */
	struct type *(*ret_type)(void *target);
};

#endif

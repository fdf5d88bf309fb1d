// SPDX-License-Identifier: GPL-2.0
/*
 * The probes sonde runs itself through BPF_PROG_TEST_RUN, in its own
 * context: BEGIN and END (before the other probes attach and after they
 * detach), bench:NAME (--mode bench: run repeatedly and timed) and
 * self:signal:SIGUSR1 (each time sonde receives the signal).  Nothing is
 * attached, so nothing can be left behind.
 *
 * dtrace_error is the D front end's dtrace:::ERROR: a raw-tracepoint
 * program the runtime runs the same way each time a probe's read faults,
 * its arguments (DTrace's arg0..arg5) in the test run's context.
 */
#include <stdlib.h>
#include <string.h>

#include "provider.h"

static int special_expand(const struct provider *prov, const char *spec,
			  const struct expand_ctx *ctx, probelist *out)
{
	struct probe p = { 0 };

	if (*spec && strcmp(spec, "*") != 0) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 0 arguments", prov->name);
		return -1;
	}
	p.name = xstrdup(prov->name);
	vec_push(out, p);
	return 0;
}

static struct type *special_args_type(void *target)
{
	return NULL;
}

static int special_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	return 0;
}

/* bench:NAME, the name the results table shows */
static int bench_expand(const struct provider *prov, const char *spec,
			const struct expand_ctx *ctx, probelist *out)
{
	struct probe p = { 0 };

	if (strchr(spec, ':')) {
		diag_error(ctx->src, ctx->loc, "bench probe type requires 1 argument");
		return -1;
	}
	if (!*spec) {
		diag_error(ctx->src, ctx->loc, "bench probes must have a name");
		return -1;
	}
	p.name = xasprintf("bench:%s", spec);
	vec_push(out, p);
	return 0;
}

/* The triggers and signals self: probes take; bpftrace has these only. */
static const char *const self_signals[] = { "SIGUSR1" };

static int self_expand(const struct provider *prov, const char *spec,
		       const struct expand_ctx *ctx, probelist *out)
{
	const char *colon = strchr(spec, ':');
	struct probe p = { 0 };
	size_t i;

	if (!colon || strchr(colon + 1, ':')) {
		diag_error(ctx->src, ctx->loc, "self probe type requires 2 arguments");
		return -1;
	}
	if ((size_t)(colon - spec) != strlen("signal") || strncmp(spec, "signal", colon - spec)) {
		diag_error(ctx->src, ctx->loc, "%.*s is not a supported trigger",
			   (int)(colon - spec), spec);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(self_signals); i++)
		if (strcmp(colon + 1, self_signals[i]) == 0)
			break;
	if (i == ARRAY_SIZE(self_signals)) {
		diag_error(ctx->src, ctx->loc, "%s is not a supported signal", colon + 1);
		return -1;
	}
	p.name = xasprintf("self:%s", spec);
	vec_push(out, p);
	return 0;
}

/* -l lists the self probes, as bpftrace does */
static void self_list(const char *pattern, bool verbose, FILE *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(self_signals); i++) {
		char *name = xasprintf("self:signal:%s", self_signals[i]);

		if (!pattern || probe_match(pattern, name))
			fprintf(out, "%s\n", name);
		free(name);
	}
}

/* bpftrace lists no BEGIN/END probes. */
static void special_list(const char *pattern, bool verbose, FILE *out)
{
}

static void special_free_target(void *target)
{
}

const struct provider provider_begin = {
	.name = "BEGIN",
	.aliases = (const char *const[]){ "begin", NULL },
	.kind = PROV_BEGIN,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.expand = special_expand,
	.args_type = special_args_type,
	.attach = special_attach,
	.list = special_list,
	.free_target = special_free_target,
};

const struct provider provider_end = {
	.name = "END",
	.aliases = (const char *const[]){ "end", NULL },
	.kind = PROV_END,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.expand = special_expand,
	.args_type = special_args_type,
	.attach = special_attach,
	.list = special_list,
	.free_target = special_free_target,
};

/*
 * BPF_PROG_TEST_RUN times a program over many runs only for the network
 * program types (a raw tracepoint runs once, untimed): a bench program is
 * an XDP program run on a dummy packet, as bpftrace does.
 */
const struct provider provider_bench = {
	.name = "bench",
	.kind = PROV_BENCH,
	.prog_type = BPF_PROG_TYPE_XDP,
	.expand = bench_expand,
	.args_type = special_args_type,
	.attach = special_attach,
	.list = special_list,
	.free_target = special_free_target,
};

const struct provider provider_self = {
	.name = "self",
	.kind = PROV_SIGNAL,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.expand = self_expand,
	.args_type = special_args_type,
	.attach = special_attach,
	.list = self_list,
	.free_target = special_free_target,
};

const struct provider provider_dterror = {
	.name = "dtrace_error",
	.aliases = (const char *const[]){ NULL },
	.kind = PROV_ERROR,
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.expand = special_expand,
	.args_type = special_args_type,
	.attach = special_attach,
	.list = special_list,
	.free_target = special_free_target,
	.ctx = CTX_RAW_TP,
	.max_args = 6,
};

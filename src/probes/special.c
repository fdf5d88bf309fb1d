// SPDX-License-Identifier: GPL-2.0
/*
 * BEGIN and END.  Their programs are raw-tracepoint programs that the
 * runtime runs itself through BPF_PROG_TEST_RUN, in sonde's own context,
 * before the other probes attach and after they detach.  Nothing is
 * attached, so nothing can be left behind.
 */
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

// SPDX-License-Identifier: GPL-2.0
/*
 * The provider table: finding a provider by name or alias, splitting an
 * attach point into provider and spec, and listing probes (-l).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "provider.h"

extern const struct provider provider_begin, provider_end, provider_bench, provider_self,
	provider_dterror, provider_interval,
	provider_profile, provider_tracepoint, provider_uprobe, provider_uretprobe,
	provider_usdt;
extern const struct provider provider_kprobe, provider_kretprobe, provider_fentry,
	provider_fexit, provider_rawtracepoint, provider_software, provider_hardware,
	provider_watchpoint, provider_iter;

/* In the order -l lists them. */
const struct provider *const providers[] = {
	&provider_begin,
	&provider_end,
	&provider_bench,
	&provider_self,
	&provider_dterror,
	&provider_interval,
	&provider_profile,
	&provider_tracepoint,
	&provider_uprobe,
	&provider_uretprobe,
	&provider_usdt,
	&provider_kprobe,
	&provider_kretprobe,
	&provider_fentry,
	&provider_fexit,
	&provider_rawtracepoint,
	&provider_software,
	&provider_hardware,
	&provider_watchpoint,
	&provider_iter,
	NULL,
};

/*
 * Probe types bpftrace had and removed: an invalid probe type as bpftrace
 * says today, with a hint at what replaced it.
 */
struct removed {
	const char *name;
	const char *const *aliases;
	const char *hint;
};

#define ALIASES(...) (const char *const[]){ __VA_ARGS__, NULL }
static const struct removed removed[] = {
	{ "asyncwatchpoint", ALIASES("aw"),
	  "asyncwatchpoint probes were removed in bpftrace 0.25; watch a known address "
	  "with watchpoint:ADDR:LEN:MODE and stop watching it with unwatch(ADDR)" },
};

/*
 * Short aliases differ only by case in one pair (usdt "U" and uprobe "u"),
 * so an exact match is tried first and case is folded only after.
 */
static bool name_is(const char *name, size_t len, const char *candidate, bool fold)
{
	if (strlen(candidate) != len)
		return false;
	return fold ? strncasecmp(name, candidate, len) == 0 : strncmp(name, candidate, len) == 0;
}

static bool names_match(const char *name, size_t len, const char *primary,
			const char *const *aliases, bool fold)
{
	if (name_is(name, len, primary, fold))
		return true;
	for (int i = 0; aliases && aliases[i]; i++)
		if (name_is(name, len, aliases[i], fold))
			return true;
	return false;
}

static const struct provider *find_provider(const char *name, size_t len)
{
	for (int fold = 0; fold < 2; fold++)
		for (int i = 0; providers[i]; i++)
			if (names_match(name, len, providers[i]->name, providers[i]->aliases, fold))
				return providers[i];
	return NULL;
}

static const struct removed *find_removed(const char *name, size_t len)
{
	for (int fold = 0; fold < 2; fold++)
		for (size_t i = 0; i < ARRAY_SIZE(removed); i++)
			if (names_match(name, len, removed[i].name, removed[i].aliases, fold))
				return &removed[i];
	return NULL;
}

const struct provider *provider_find(const char *name)
{
	return name ? find_provider(name, strlen(name)) : NULL;
}

void provider_probe_type(const struct provider *prov, struct probe_type *out)
{
	unsigned caps = prov->caps;

	if (prov->has_retval)
		caps |= PCAP_RETVAL;
	if (prov->ctx == CTX_PT_REGS) {
		caps |= PCAP_REGS | PCAP_USERMODE;
		if (!prov->usdt_arg)	/* a USDT probe is no function entry */
			caps |= PCAP_STACK_ARGS;
	}
	/* perf events' contexts start with the interrupted registers */
	if (prov->prog_type == BPF_PROG_TYPE_PERF_EVENT)
		caps |= PCAP_USERMODE;
	if (prov->kind != PROV_ATTACHED)
		caps |= PCAP_SPECIAL;
	/* the kernel's generic kfuncs (bpf_task_from_pid...) are registered
	 * for these types; kprobe and raw tracepoint programs cannot call them */
	if (prov->prog_type == BPF_PROG_TYPE_TRACING || prov->prog_type == BPF_PROG_TYPE_TRACEPOINT ||
	    prov->prog_type == BPF_PROG_TYPE_PERF_EVENT)
		caps |= PCAP_KFUNC_CALLS;
	*out = (struct probe_type){
		.name = prov->name,
		.probetype = prov->kind == PROV_BEGIN || prov->kind == PROV_END ? "special" :
			     prov->name,
		.ctx = prov->ctx,
		.caps = caps,
		.max_args = prov->max_args,
		.usdt_arg = prov->usdt_arg,
		.user_type = prov->user_type,
		.ret_type = prov->ret_type,
	};
}

bool probe_has_wildcard(const char *text)
{
	return strpbrk(text, "*?") != NULL;
}

bool probe_match(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat == '?' || *pat == *s) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

int probe_expand(const char *attach_point, const struct expand_ctx *ctx, probelist *out,
		 const struct provider **prov)
{
	const char *colon = strchr(attach_point, ':');
	size_t len = colon ? (size_t)(colon - attach_point) : strlen(attach_point);
	const char *spec = colon ? colon + 1 : "";
	const struct provider *p = find_provider(attach_point, len);
	const struct removed *r;
	int first = out->n;

	*prov = p;
	if (!p) {
		diag_error(ctx->src, ctx->loc, "Invalid probe type: %.*s", (int)len, attach_point);
		r = find_removed(attach_point, len);
		if (r)
			diag_hint("%s", r->hint);
		return -1;
	}
	if (p->expand(p, spec, ctx, out))
		return -1;
	/* BEGIN/END keep the spelling the script uses: "BEGIN" or "begin". */
	if (p->kind == PROV_BEGIN || p->kind == PROV_END) {
		for (int i = first; i < out->n; i++) {
			free(out->v[i].name);
			out->v[i].name = xstrndup(attach_point, len);
		}
	}
	return 0;
}

/*
 * A pattern that starts with a provider's name or alias lists only that
 * provider, with the alias replaced by the name ("t:sched:*").  Any other
 * pattern is matched against every full name; one that does not start with
 * a wildcard also matches after the provider ("sched:*" finds
 * tracepoint:sched:*).
 */
void probe_list(const char *pattern, bool verbose, FILE *out)
{
	const struct provider *only = NULL;
	char *full = NULL;

	if (pattern && *pattern) {
		const char *colon = strchr(pattern, ':');
		size_t len = colon ? (size_t)(colon - pattern) : strlen(pattern);

		only = find_provider(pattern, len);
		if (only)
			full = xasprintf("%s%s", only->name, pattern + len);
		else if (pattern[0] == '*')
			full = xstrdup(pattern);
		else
			full = xasprintf("*:%s", pattern);
	}
	for (int i = 0; providers[i]; i++) {
		if (only && providers[i] != only)
			continue;
		providers[i]->list(full, verbose, out);
	}
	free(full);
}

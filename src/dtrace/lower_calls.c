// SPDX-License-Identifier: GPL-2.0
/*
 * Lowering D's actions and aggregating functions: quantize/lquantize to
 * hist/lhist, trace() to printf, printa() and normalize() recorded for
 * the output, the renamed ones, and a clear error for those not done.
 */
#include <stdlib.h>
#include <string.h>

#include "dt_lower.h"

static bool is_string_valued(const struct node *n)
{
	return n->kind == N_STR || dt_is_ident(n, "comm") ||
	       (n->kind == N_CALL && !strcmp(n->name, "str"));
}

/* trace(x): dtrace(1) prints " %16lld" / "  %-33s" (quiet: "%lld" / "%s"). */
static struct node *lower_trace(struct lower *lw, struct node *n)
{
	struct node *p;
	bool str;

	if (n->args.n != 1) {
		dt_lower_err(lw, n->loc, "%s takes one argument", "trace()");
		return NULL;
	}
	str = is_string_valued(n->args.v[0]);
	p = dt_mk(N_CALL, n->loc, "printf");
	vec_push(&p->args, dt_mk_str(n->loc, lw->dc->quiet ? (str ? "%s" : "%lld") :
					       (str ? "  %-33s" : " %16lld")));
	vec_push(&p->args, n->args.v[0]);
	n->args.n = 0;
	return p;
}

/*
 * printa([fmt,] @a): print(@a), which the runtime hands to dt_printa();
 * the format is kept by aggregation name.
 */
static struct node *lower_printa(struct lower *lw, struct node *n)
{
	struct dtrace_ctx *dc = lw->dc;
	struct node *fmt = n->args.n == 2 ? n->args.v[0] : NULL, *agg;

	agg = n->args.n ? n->args.v[n->args.n - 1] : NULL;
	if (n->args.n < 1 || n->args.n > 2 || (fmt && fmt->kind != N_STR) ||
	    agg->kind != N_MAP || agg->args.n) {
		dt_lower_err(lw, n->loc, "%s: expected printa(@agg) or printa(\"format\", @agg) (one aggregation)",
			  "printa");
		return NULL;
	}
	for (int i = 0; i < dc->printa_maps.n; i++) {
		const char *had = dc->printa_fmts.v[i];

		if (strcmp(dc->printa_maps.v[i], agg->name))
			continue;
		if (!had != !fmt || (fmt && strcmp(had, fmt->str))) {
			dt_lower_err(lw, n->loc, "%s: an aggregation printed with two formats is not supported yet",
				  "printa");
			return NULL;
		}
	}
	vec_push(&dc->printa_maps, xstrdup(agg->name));
	vec_push(&dc->printa_fmts, fmt ? xstrdup(fmt->str) : NULL);
	if (fmt) {
		node_free(fmt);
		n->args.v[0] = agg;
		n->args.n = 1;
	}
	free(n->name);
	n->name = xstrdup("print");
	return NULL;
}

/*
 * normalize(@a, N) with a constant N: @a prints divided by N.  Nothing
 * runs in the probe (the statement becomes a no-op).
 */
static struct node *lower_normalize(struct lower *lw, struct node *n)
{
	struct dtrace_ctx *dc = lw->dc;
	struct node *agg = n->args.n == 2 ? n->args.v[0] : NULL;
	struct node *div = n->args.n == 2 ? n->args.v[1] : NULL;

	if (!agg || agg->kind != N_MAP || agg->args.n || div->kind != N_INT || div->ival <= 0) {
		dt_lower_err(lw, n->loc, "%s: expected normalize(@agg, N) with a positive constant N",
			  "normalize");
		return NULL;
	}
	for (int i = 0; i < dc->norm_maps.n; i++)
		if (!strcmp(dc->norm_maps.v[i], agg->name) && dc->norm_divs.v[i] != div->ival) {
			dt_lower_err(lw, n->loc, "%s: one aggregation normalized by two factors is not supported yet",
				  "normalize");
			return NULL;
		}
	vec_push(&dc->norm_maps, xstrdup(agg->name));
	vec_push(&dc->norm_divs, div->ival);
	return node_new(N_INT, n->loc);
}

static struct node *rename_call(struct node *n, const char *name)
{
	free(n->name);
	n->name = xstrdup(name);
	return NULL;
}

/* raise(sig): signal(sig), a destructive action: only with -w, as dtrace(1). */
static struct node *lower_raise(struct lower *lw, struct node *n)
{
	if (!lw->dc->destructive) {
		dt_lower_err(lw, n->loc, "%s: destructive actions not allowed (run dtrace with -w, or #pragma D option destructive)",
			     "raise()");
		return NULL;
	}
	return rename_call(n, "signal");
}

/*
 * setopt("name"[, "value"]): the options sonde knows take effect for the
 * whole run (they only shape the output at exit); quiet cannot change
 * once the per-event lines are compiled.
 */
static struct node *lower_setopt(struct lower *lw, struct node *n)
{
	const struct node *opt = n->args.n ? n->args.v[0] : NULL;

	if (n->args.n < 1 || n->args.n > 2 || opt->kind != N_STR ||
	    (n->args.n == 2 && n->args.v[1]->kind != N_STR)) {
		dt_lower_err(lw, n->loc, "%s: expected setopt(\"option\"[, \"value\"]) with constant strings",
			     "setopt()");
		return NULL;
	}
	if (!strcmp(opt->str, "quiet")) {
		dt_lower_err(lw, n->loc, "%s: quiet cannot change while tracing in sonde: use -q or #pragma D option quiet",
			     "setopt()");
		return NULL;
	}
	if (!strcmp(opt->str, "destructive") || dt_set_option(lw->dc, opt->str, strlen(opt->str)) < 0) {
		dt_lower_err(lw, opt->loc, "setopt(): unknown or unsupported D option '%s'", opt->str);
		return NULL;
	}
	return node_new(N_INT, n->loc);
}

struct node *dt_lower_call(struct lower *lw, struct node *n)
{
	static const char *const not_yet[] = {
		"stddev", "llquantize", "denormalize", "tracemem",
		"copyin", "strjoin", "basename", "dirname", "speculate",
		"commit", "discard", "chill", "breakpoint", "panic", "stop", "system",
		"freopen", "ftruncate", "copyout", "copyoutstr", "rand", "progenyof",
	};

	if (!strcmp(n->name, "quantize"))
		return rename_call(n, "hist");
	if (!strcmp(n->name, "lquantize")) {
		if (n->args.n < 3 || n->args.n > 4) {
			dt_lower_err(lw, n->loc, "%s: expected lquantize(value, low, high[, step])",
				  "lquantize");
			return NULL;
		}
		if (n->args.n == 3) {
			struct node *step = node_new(N_INT, n->loc);

			step->ival = 1;	/* D's default step */
			vec_push(&n->args, step);
		}
		return rename_call(n, "lhist");
	}
	if (!strcmp(n->name, "copyinstr"))
		return rename_call(n, "str");
	if (!strcmp(n->name, "clear"))
		return rename_call(n, "zero");
	if (!strcmp(n->name, "trunc") && n->args.n == 1)
		return rename_call(n, "clear");
	if (!strcmp(n->name, "trunc")) {
		dt_lower_err(lw, n->loc, "%s() with a count is not supported yet", n->name);
		return NULL;
	}
	if (!strcmp(n->name, "stack") || !strcmp(n->name, "ustack"))
		return rename_call(n, n->name[0] == 's' ? "kstack" : "ustack");
	if (!strcmp(n->name, "trace"))
		return lower_trace(lw, n);
	if (!strcmp(n->name, "printa"))
		return lower_printa(lw, n);
	if (!strcmp(n->name, "normalize"))
		return lower_normalize(lw, n);
	if (!strcmp(n->name, "raise"))
		return lower_raise(lw, n);
	if (!strcmp(n->name, "setopt"))
		return lower_setopt(lw, n);
	if (!strcmp(n->name, "stringof") && n->args.n == 1) {
		if (is_string_valued(n->args.v[0])) {
			struct node *arg = n->args.v[0];

			n->args.n = 0;
			return arg;
		}
		return rename_call(n, "str");
	}
	for (size_t i = 0; i < ARRAY_SIZE(not_yet); i++)
		if (!strcmp(n->name, not_yet[i])) {
			dt_lower_err(lw, n->loc, "%s() is not supported by sonde dtrace yet", n->name);
			return NULL;
		}
	return NULL;
}

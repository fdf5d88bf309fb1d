// SPDX-License-Identifier: GPL-2.0
/*
 * The functions sema knows: their descriptors (descriptors.h), one row
 * per id with the function that checks a call and gives its type.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sema_internal.h"
#include "lang/import.h"
#include "descriptors.h"
#include "printf_fmt.h"
#include "btf.h"
#include "named_params.h"

/* ---- functions ---- */

static const struct func_desc func_descs[F_COUNT_];

/* Whether the probe offers what the descriptor of n's function needs. */
static bool probe_allows(struct sema *s, const struct node *n)
{
	unsigned caps = func_descs[sema_slot(s, n)->id].caps;

	return (s->probe->type.caps & caps) == caps;
}


static struct node *arg(struct node *n, int i)
{
	return n->args.v[i];
}

static bool check_int_arg(struct sema *s, struct node *n, int i)
{
	struct node *a = arg(n, i);

	if (!sema_type(s, a))
		return false;
	if (!sema_is_int(sema_type(s, a))) {
		sema_err(s, a->loc, "%s() expects an integer as argument %d (%s provided)",
			 n->name, i + 1, type_msg(sema_type(s, a)));
		return false;
	}
	return true;
}

static bool check_literal_int(struct sema *s, struct node *n, int i, int64_t *out)
{
	struct node *a = arg(n, i);

	if (a->kind == N_UNOP && a->op == T_MINUS && a->a->kind == N_INT) {
		/* -9223372036854775808: negating INT64_MIN wraps to itself */
		*out = (int64_t)(0 - (uint64_t)a->a->ival);
		return true;
	}
	if (a->kind == N_INT) {
		*out = a->ival;
		return true;
	}
	if (a->kind == N_POSPARAM && a->pos >= 1) {
		int k = (int)a->pos;
		const char *val = k >= 1 && k <= s->prog->npos ? s->prog->pos[k - 1] : "0";
		char *end;

		*out = strtoll(val, &end, 0);
		if (*val && !*end)
			return true;	/* a numeric parameter is a literal */
	}
	sema_err(s, a->loc, "%s(): argument %d must be an integer literal", n->name, i + 1);
	return false;
}

static bool check_map_arg(struct sema *s, struct node *n, int i)
{
	struct node *a = arg(n, i);

	if (a->kind != N_MAP) {
		sema_err(s, a->loc, "%s() expects a map as argument %d", n->name, i + 1);
		return false;
	}
	return true;
}

/* has_key() and len() of a map known to have no keys (bpftrace's words). */
static bool check_keyed_map(struct sema *s, struct node *n, struct node *m)
{
	struct mapinfo *mi = sema_map(s, m);

	if (mi && mi->key_known && !mi->keyed) {
		sema_err(s, n->loc, "call to %s() expects a map with explicit keys (non-scalar map)",
			 n->name);
		return false;
	}
	return true;
}

static void check_args(struct sema *s, struct node *n, int from)
{
	int i;

	for (i = from; i < n->args.n; i++)
		sema_expr(s, arg(n, i));
}

/* A format string literal and the arguments it converts (printf, system, cat, time). */
static void check_format(struct sema *s, struct node *n)
{
	struct type **types;
	char err[256];
	int i, col = 0;

	if (arg(n, 0)->kind != N_STR) {
		sema_err(s, arg(n, 0)->loc, "%s() expects a string literal as first argument", n->name);
		return;
	}
	check_args(s, n, 1);
	if (memchr(arg(n, 0)->str, '\0', arg(n, 0)->len)) {
		/* everything after it would silently be cut off */
		sema_err(s, arg(n, 0)->loc, "%s(): the format string contains a NUL byte (\\0)",
			 n->name);
		return;
	}
	types = xcalloc(n->args.n, sizeof(*types));
	for (i = 1; i < n->args.n; i++) {
		types[i - 1] = sema_type(s, arg(n, i));
		if (!types[i - 1]) {
			free(types);
			return;
		}
	}
	/* time()'s format is strftime's: its %H is no printf conversion */
	if (sema_slot(s, n)->id != F_TIME && printf_bad_token(arg(n, 0)->str, err, sizeof(err)) >= 0)
		sema_err(s, arg(n, 0)->loc, "%s", err);
	else if (printf_check(arg(n, 0)->str, types, n->args.n - 1, err, sizeof(err), &col) < 0)
		sema_err(s, n->loc, "%s", err);
	free(types);
}

static void f_printf(struct sema *s, struct node *n)
{
	check_format(s, n);
	sema_slot(s, n)->type = type_none();
}

/*
 * debugf(fmt, ...): bpf_trace_printk to the kernel's trace buffer
 * (/sys/kernel/tracing/trace_pipe); integers and strings only, at most
 * DEBUGF_MAX_ARGS of them (bpf_trace_vprintk's limit).
 */
static void f_debugf(struct sema *s, struct node *n)
{
	check_format(s, n);
	sema_slot(s, n)->type = type_none();
	for (int i = 1; i < n->args.n; i++) {
		struct type *t = sema_type(s, arg(n, i));

		if (t && !sema_is_int(t) && t->kind != TY_STR)
			sema_err(s, arg(n, i)->loc, "debugf() prints integers and strings (%s provided)",
				 type_msg(t));
	}
}

static void f_print(struct sema *s, struct node *n)
{
	struct node *a = arg(n, 0);
	int64_t v;

	sema_slot(s, n)->type = type_none();
	if (a->kind == N_MAP && a->args.n == 0) {
		sema_map(s, a);
		sema_slot(s, a)->map->used_read = true;
		if (n->args.n > 1)
			check_literal_int(s, n, 1, &v);
		if (n->args.n > 2)
			check_literal_int(s, n, 2, &v);
		return;
	}
	if (n->args.n > 1) {
		sema_err(s, n->loc, "Non-map print() only takes 1 argument, %d found", n->args.n);
		return;
	}
	sema_expr(s, a);
	if (sema_type(s, a) && sema_type(s, a)->kind == TY_NONE)
		sema_err(s, a->loc, "print() of a value of type none");
}

static void f_exit(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (n->args.n == 1)
		check_int_arg(s, n, 0);
	sema_slot(s, n)->type = type_none();
	s->prog->uses_exit = true;
}

/* unwatch(addr): user space stops the watchpoints on addr; no value */
static void f_unwatch(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	check_int_arg(s, n, 0);
	sema_slot(s, n)->type = type_none();
}

static void f_agg_value(struct sema *s, struct node *n)
{
	struct type *t;

	check_args(s, n, 0);
	if (n->args.n < 1 || !(t = sema_type(s, arg(n, 0))))
		return;
	if (!sema_is_int(t))
		sema_err(s, n->loc, "%s() only supports integer arguments (%s provided)", n->name,
			 t->kind == TY_STR ? "string" : type_msg(t));
}

static void f_hist(struct sema *s, struct node *n)
{
	int64_t bits = 0;

	f_agg_value(s, n);
	if (n->args.n == 2 && check_literal_int(s, n, 1, &bits) && (bits < 0 || bits > 5)) {
		sema_err(s, arg(n, 1)->loc, "hist: bits must be between 0 and 5");
		bits = 0;
	}
	sema_set(s, n, AV_HIST_BITS)->v.hist_bits = (int)bits;
}

static void f_lhist(struct sema *s, struct node *n)
{
	int64_t min, max, step;

	f_agg_value(s, n);
	if (!check_literal_int(s, n, 1, &min) || !check_literal_int(s, n, 2, &max) ||
	    !check_literal_int(s, n, 3, &step))
		return;
	if (step <= 0) {
		sema_err(s, arg(n, 3)->loc, "lhist() step must be >= 1 (%lld provided)", (long long)step);
		return;
	}
	if (min < 0) {
		sema_err(s, arg(n, 1)->loc, "lhist() min must be non-negative (provided min %lld)", (long long)min);
		return;
	}
	if (min >= max) {
		sema_err(s, n->loc, "lhist() min must be less than max (provided min %lld and max %lld)",
			 (long long)min, (long long)max);
		return;
	}
	if ((max - min) / step > 1000) {
		sema_err(s, n->loc, "lhist() too many buckets, must be <= 1000 (would need %lld)",
			 (long long)((max - min) / step));
		return;
	}
}

static const char *const tseries_aggs[] = {
	[TS_LAST] = "", [TS_AVG] = "avg", [TS_MAX] = "max", [TS_MIN] = "min", [TS_SUM] = "sum",
};

/* tseries(value, interval_ns, num_intervals[, "avg" | "max" | "min" | "sum"]) */
static void f_tseries(struct sema *s, struct node *n)
{
	int64_t interval, count;

	f_agg_value(s, n);
	if (!check_literal_int(s, n, 1, &interval) || !check_literal_int(s, n, 2, &count))
		return;
	if (interval < 1) {
		sema_err(s, arg(n, 1)->loc, "tseries() interval_ns must be >= 1 (%lld provided)",
			 (long long)interval);
		return;
	}
	if (count < 1 || count >= 1000000) {
		sema_err(s, arg(n, 2)->loc,
			 "tseries() num_intervals must be between 1 and 999999 (%lld provided)",
			 (long long)count);
		return;
	}
	sema_set(s, n, AV_TSERIES_AGG)->v.tseries_agg = TS_LAST;
	if (n->args.n == 4) {
		struct node *a = arg(n, 3);
		size_t i;

		for (i = 1; a->kind == N_STR && i < ARRAY_SIZE(tseries_aggs); i++)
			if (strcmp(a->str, tseries_aggs[i]) == 0)
				break;
		if (a->kind != N_STR || i == ARRAY_SIZE(tseries_aggs)) {
			sema_err(s, a->loc, "tseries() expects one of the following aggregation functions: avg, max, min, sum");
			return;
		}
		sema_set(s, n, AV_TSERIES_AGG)->v.tseries_agg = (int)i;
	}
}

static bool is_literal_str(struct sema *s, struct node *n, int i);

/* "true"/"1" and "false"/"0" (any case) for a boolean option */
static int parse_bool(const char *v, bool *out)
{
	if (!*v || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = true;
	else if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

/*
 * getopt("name"[, default[, "description"]]): the named parameter
 * --name[=value], a constant of the run typed by the default (bool when
 * there is none; an integer is signed when its default is negative).
 */
static void f_getopt(struct sema *s, struct node *n)
{
	struct node *def = n->args.n > 1 ? arg(n, 1) : NULL;
	const char *desc = n->args.n > 2 && arg(n, 2)->kind == N_STR ? arg(n, 2)->str : NULL;
	const char *given, *kind;
	int64_t dv = 0;
	bool b;

	if (!is_literal_str(s, n, 0))
		return;
	if (def && def->kind != N_STR && def->kind != N_BOOL && !check_literal_int(s, n, 1, &dv))
		return;
	given = named_param_get(s->prog, arg(n, 0)->str, desc, !def || def->kind == N_BOOL);
	if (def && def->kind == N_STR) {
		const char *text = given ? given : def->str;

		sema_set(s, n, AV_STR)->v.str = xstrdup(text);
		sema_slot(s, n)->type = type_str(strlen(text) + 1);
		return;
	}
	if (!def || def->kind == N_BOOL) {
		b = def ? def->ival != 0 : false;
		kind = "boolean";
		if (given && parse_bool(given, &b) < 0)
			goto bad;
		sema_set_const(s, n, b);
		sema_slot(s, n)->type = type_bool();
		return;
	}
	kind = "integer";
	if (given) {
		char *end;

		errno = 0;
		dv = given[0] == '-' ? strtoll(given, &end, 0) : (int64_t)strtoull(given, &end, 0);
		if (!*given || *end || errno)
			goto bad;
	} else if (def->kind == N_UNOP) {
		dv = -def->a->ival;
	} else {
		dv = def->ival;
	}
	sema_set_const(s, n, dv);
	sema_slot(s, n)->type = type_int(8, def->kind == N_UNOP);
	return;
bad:
	if (!s->quiet)
		diag_plain_error("program command line option --%s invalid %s (value: %s)",
				 arg(n, 0)->str, kind, given);
	s->errors++;
}

static void f_delete(struct sema *s, struct node *n)
{
	struct node *m = arg(n, 0);

	sema_slot(s, n)->type = type_bool();	/* whether the key was there */
	if (!check_map_arg(s, n, 0))
		return;
	if (n->args.n == 2) {
		/* delete(@m, k) became delete(@m[k]) before sema (desugar.c) */
		sema_err(s, n->loc, "delete() takes a map and a key, or a map element");
		return;
	}
	sema_map_keys(s, m);
	if (sema_slot(s, m)->map)
		sema_slot(s, m)->map->used_write = true;
}

static void f_clear_zero(struct sema *s, struct node *n)
{
	sema_slot(s, n)->type = type_none();
	if (!check_map_arg(s, n, 0))
		return;
	if (arg(n, 0)->args.n) {
		sema_err(s, arg(n, 0)->loc, "%s() expects a map without keys", n->name);
		return;
	}
	sema_map(s, arg(n, 0));
}

static void f_str(struct sema *s, struct node *n)
{
	struct node *a = arg(n, 0);
	int64_t len;
	uint32_t size = s->prog->cfg.max_strlen;

	check_args(s, n, 0);
	if (!sema_type(s, a))
		return;
	/* str($1) is the parameter's text, a number's too, as in bpftrace */
	if (a->kind == N_POSPARAM && a->pos >= 1 && a->pos <= s->prog->npos &&
	    (!a->name || strcmp(a->name, "$#") != 0))
		sema_slot(s, a)->type = type_str(strlen(s->prog->pos[a->pos - 1]) + 1);
	if (sema_type(s, a)->kind == TY_STR) {
		size = sema_type(s, a)->size;
	} else if (!sema_is_int(sema_type(s, a)) && sema_type(s, a)->kind != TY_PTR) {
		sema_err(s, n->loc, "str() expects an integer or a pointer type as first argument (%s provided)",
			 type_msg(sema_type(s, a)));
		return;
	}
	if (n->args.n == 2) {
		struct node *l = arg(n, 1);

		if (!check_int_arg(s, n, 1))
			return;
		/* a literal length, -1 included (a minus before the number) */
		if ((l->kind == N_INT || (l->kind == N_UNOP && l->op == T_MINUS &&
					  l->a->kind == N_INT)) &&
		    check_literal_int(s, n, 1, &len)) {
			if (len < 0) {
				sema_err(s, arg(n, 1)->loc, "str(): length must be positive");
				return;
			}
			/* length counts the NUL: length - 1 bytes are read */
			if ((uint64_t)len < size)
				size = len > 0 ? len : 1;
		}
	}
	/*
	 * As bpftrace: below 1024 bytes, str() reads max_strlen characters and
	 * a value that fills them prints with the trailer, as it was likely cut.
	 */
	if (n->args.n == 1 && sema_type(s, a)->kind != TY_STR && size < 1024) {
		sema_slot(s, n)->type = type_str_read(size + 1);
		return;
	}
	sema_slot(s, n)->type = type_str(size);
}

static void f_strncmp(struct sema *s, struct node *n)
{
	int64_t len;

	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)) || !sema_type(s, arg(n, 1)))
		return;
	if (!sema_is_str(sema_type(s, arg(n, 0))) || !sema_is_str(sema_type(s, arg(n, 1)))) {
		sema_err(s, n->loc, "%s() expects string arguments", n->name);
		return;
	}
	if (!check_literal_int(s, n, 2, &len))
		return;
	if (len < 0) {
		sema_err(s, arg(n, 2)->loc, "strncmp(): length must be non-negative");
		return;
	}
	sema_set(s, n, AV_LEN)->v.len = (uint32_t)len;
	sema_slot(s, n)->type = type_int(8, true);
}

bool sema_probe_as_string(struct sema *s, struct node *e)
{
	if (e->kind != N_BUILTIN || sema_slot(s, e)->id != B_PROBE || !sema_type(s, e) ||
	    sema_type(s, e)->kind != TY_PROBE)
		return false;
	sema_slot(s, e)->type = type_str(strlen(s->probe->name) + 1);	/* codegen: the name itself */
	return true;
}

static void f_strcontains(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	sema_probe_as_string(s, arg(n, 0));
	sema_probe_as_string(s, arg(n, 1));
	if (!sema_type(s, arg(n, 0)) || !sema_type(s, arg(n, 1)))
		return;
	if (!sema_is_str(sema_type(s, arg(n, 0))) || !sema_is_str(sema_type(s, arg(n, 1)))) {
		sema_err(s, n->loc, "%s() expects string arguments", n->name);
		return;
	}
	sema_slot(s, n)->type = type_bool();
}

/* The name a front end's user wrote: "dt.strjoin" is D's strjoin. */
static const char *user_name(const struct node *n)
{
	const char *dot = strchr(n->name, '.');

	return dot ? dot + 1 : n->name;
}

/* D's strjoin(a, b): a string of the configured size (D's strsize). */
static void f_dt_strjoin(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)) || !sema_type(s, arg(n, 1)))
		return;
	if (!sema_is_str(sema_type(s, arg(n, 0))) || !sema_is_str(sema_type(s, arg(n, 1)))) {
		sema_err(s, n->loc, "%s() expects string arguments", user_name(n));
		return;
	}
	sema_slot(s, n)->type = type_str(MAX(s->prog->cfg.max_strlen, 2u));
}

/* D's basename(s), dirname(s): never longer than s, but "." fits. */
static void f_dt_path_part(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)))
		return;
	if (!sema_is_str(sema_type(s, arg(n, 0)))) {
		sema_err(s, n->loc, "%s() expects a string argument (%s provided)", user_name(n),
			 type_msg(sema_type(s, arg(n, 0))));
		return;
	}
	sema_slot(s, n)->type = type_str(MAX(sema_type(s, arg(n, 0))->size, 2u));
}

/*
 * D's string subroutines (dt.substr, dt.index...): each argument a string
 * ('s') or an integer ('i'); the result an integer, a string of the first
 * argument's size, or lltostr's digits.
 */
static const struct { enum func_id id; const char *args; char result; } dt_str_funcs[] = {
	{ F_DT_STRCMP, "ss", 'i' }, { F_DT_SUBSTR, "sii", 's' }, { F_DT_INDEX, "ssi", 'i' },
	{ F_DT_RINDEX, "ssi", 'i' }, { F_DT_STRSTR, "ss", 's' }, { F_DT_STRCHR, "si", 's' },
	{ F_DT_STRRCHR, "si", 's' }, { F_DT_TOUPPER, "s", 's' }, { F_DT_TOLOWER, "s", 's' },
	{ F_DT_LLTOSTR, "i", 'n' }, { F_DT_STRESCAPE, "s", 'e' },
};

static void f_dt_strfn(struct sema *s, struct node *n)
{
	enum func_id id = func_id_by_name(n->name);
	const char *args = "";
	char result = 'i';

	check_args(s, n, 0);
	for (size_t i = 0; i < ARRAY_SIZE(dt_str_funcs); i++)
		if (dt_str_funcs[i].id == id) {
			args = dt_str_funcs[i].args;
			result = dt_str_funcs[i].result;
		}
	for (int i = 0; i < n->args.n && args[i]; i++) {
		const struct type *t = sema_type(s, arg(n, i));

		if (!t)
			return;
		if (args[i] == 's' ? !sema_is_str(t) : !type_is_int(t)) {
			sema_err(s, arg(n, i)->loc, "%s() expects %s as argument %d (%s provided)",
				 user_name(n), args[i] == 's' ? "a string" : "an integer", i + 1,
				 type_msg(t));
			return;
		}
	}
	if (result == 'i')
		sema_slot(s, n)->type = type_int(8, true);
	else if (result == 'n')
		sema_slot(s, n)->type = type_str(21);	/* "-9223372036854775808" */
	else if (result == 'e')		/* each byte may become \ooo */
		sema_slot(s, n)->type = type_str(4 * sema_type(s, arg(n, 0))->size + 1);
	else
		sema_slot(s, n)->type = type_str(MAX(sema_type(s, arg(n, 0))->size, 2u));
}

/* D's tracemem(p, n, m): buf(p, n) holding its first m bytes (m known at run time; see cg). */
static void f_dt_tracemem(struct sema *s, struct node *n)
{
	int64_t len;

	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)) || !check_literal_int(s, n, 1, &len) ||
	    !sema_type(s, arg(n, 2)))
		return;
	if (len < 1 || len > s->prog->cfg.max_strlen) {
		sema_err(s, n->loc, "tracemem(): the size must be 1 to %u", s->prog->cfg.max_strlen);
		return;
	}
	if (!sema_is_int(sema_type(s, arg(n, 2)))) {
		sema_err(s, n->loc, "tracemem() expects an integer size (%s provided)",
			 type_msg(sema_type(s, arg(n, 2))));
		return;
	}
	if (sema_type(s, arg(n, 0))->kind == TY_STR || sema_type(s, arg(n, 0))->kind == TY_ARRAY) {
		len = MIN(len, (int64_t)sema_type(s, arg(n, 0))->size);
	} else if (!sema_is_int(sema_type(s, arg(n, 0)))) {
		sema_err(s, n->loc, "tracemem() expects an address, a string or an array (%s provided)",
			 type_msg(sema_type(s, arg(n, 0))));
		return;
	}
	sema_set(s, n, AV_LEN)->v.len = (uint32_t)len;
	sema_slot(s, n)->type = type_buf(4 + len);
}

/* D's chill(ns): a busy wait (the D front end allows it with -w only). */
static void f_dt_chill(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	sema_slot(s, n)->type = type_none();
	check_int_arg(s, n, 0);
}

/* D's speculation(): a free speculation id, 0 when none. */
static void f_dt_speculation(struct sema *s, struct node *n)
{
	sema_slot(s, n)->type = type_int(8, true);
}

/* D's speculate(id), commit(id), discard(id): statements on an id. */
static void f_dt_spec_id(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	sema_slot(s, n)->type = type_none();
	check_int_arg(s, n, 0);
}

/*
 * D's progenyof(pid): the walk up task_struct's real_parent comparing
 * tgid; both offsets (below 64 KiB) in AV_OFFSET, tgid's in the high half.
 */
static void f_dt_progenyof(struct sema *s, struct node *n)
{
	struct type *task = btf_type_by_name("struct task_struct");
	const struct field *parent = task ? type_find_field(task, "real_parent") : NULL;
	const struct field *tgid = task ? type_find_field(task, "tgid") : NULL;

	sema_slot(s, n)->type = type_int(8, true);
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0))
		return;
	if (!parent || !tgid || parent->offset > 0xffff || tgid->offset > 0xffff) {
		sema_err(s, n->loc, "progenyof(): the kernel's BTF has no struct task_struct with real_parent and tgid");
		return;
	}
	sema_set(s, n, AV_OFFSET)->v.offset = parent->offset | tgid->offset << 16;
}

static void f_has_key(struct sema *s, struct node *n)
{
	struct node *m = arg(n, 0);

	sema_slot(s, n)->type = type_bool();
	if (!check_map_arg(s, n, 0) || !check_keyed_map(s, n, m))
		return;
	if (m->args.n) {
		sema_err(s, m->loc, "has_key() expects a map without keys as its first argument");
		return;
	}
	sema_map_keys_of(s, m, n->args.v + 1, 1);	/* the key, written apart */
	if (sema_slot(s, m)->map)
		sema_slot(s, m)->map->used_read = true;
}

static void f_strlen(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (sema_type(s, arg(n, 0)) && !sema_is_str(sema_type(s, arg(n, 0))))
		sema_err(s, n->loc, "strlen() expects a string argument (%s provided)",
			 type_msg(sema_type(s, arg(n, 0))));
	sema_slot(s, n)->type = type_int(8, false);
}

static bool check_unsafe(struct sema *s, struct node *n)
{
	if (s->prog->cfg.unsafe)
		return true;
	sema_err(s, n->loc, "%s() is an unsafe function being used in safe mode", n->name);
	if (!s->quiet)
		diag_hint("run with --unsafe to allow functions that change the system");
	return false;
}

/* Signal names for signal("SIGKILL"). */
static const char *const signal_names[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP",
	[6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE", [9] = "SIGKILL", [10] = "SIGUSR1",
	[11] = "SIGSEGV", [12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD", [18] = "SIGCONT", [19] = "SIGSTOP", [20] = "SIGTSTP",
	[21] = "SIGTTIN", [22] = "SIGTTOU", [23] = "SIGURG", [24] = "SIGXCPU", [25] = "SIGXFSZ",
	[26] = "SIGVTALRM", [27] = "SIGPROF", [28] = "SIGWINCH", [29] = "SIGIO", [30] = "SIGPWR",
	[31] = "SIGSYS",
};

/*
 * override(rc): the probed kernel function returns rc without running
 * (bpf_override_return): kprobes on functions the kernel allows error
 * injection for, with --unsafe.
 */
static void f_override(struct sema *s, struct node *n)
{
	sema_slot(s, n)->type = type_none();
	if (!check_unsafe(s, n))
		return;
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "override() can only be used in kprobe probes");
		return;
	}
	check_args(s, n, 0);
	check_int_arg(s, n, 0);
}

/*
 * socket_cookie(struct sock *): the socket's cookie (bpf_get_socket_cookie),
 * from fentry/fexit and rawtracepoint (tp_btf), whose arguments are
 * BTF-typed pointers the verifier tracks.
 */
static void f_socket_cookie(struct sema *s, struct node *n)
{
	struct type *t;

	sema_slot(s, n)->type = type_int(8, false);
	check_args(s, n, 0);
	t = sema_type(s, arg(n, 0));
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "socket_cookie() can only be used in fentry, fexit and rawtracepoint probes");
		return;
	}
	if (t && (t->kind != TY_PTR || !t->elem || !t->elem->name ||
		  strcmp(t->elem->name, "struct sock") != 0))
		sema_err(s, arg(n, 0)->loc, "socket_cookie() takes a struct sock * argument of the probe (%s provided)",
			 type_msg(t));
}

/*
 * skboutput(path, skb, len, offset): len bytes of the packet to a pcap
 * file (bpf_skb_output into a perf event array, runtime/pcap.c writes
 * the file).  The path is a literal: the file opens before the probes
 * attach.  Calls with the same path share one file.
 */
static void f_skboutput(struct sema *s, struct node *n)
{
	struct program *prog = s->prog;
	struct type *t;
	int i;

	sema_slot(s, n)->type = type_int(8, true);
	check_args(s, n, 0);
	if (arg(n, 0)->kind != N_STR) {
		sema_err(s, arg(n, 0)->loc, "skboutput() expects a string literal as its first argument (the pcap file's path)");
		return;
	}
	t = sema_type(s, arg(n, 1));
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "skboutput() can only be used in fentry, fexit and rawtracepoint probes");
		return;
	}
	if (t && (t->kind != TY_PTR || !t->elem || !t->elem->name ||
		  strcmp(t->elem->name, "struct sk_buff") != 0)) {
		sema_err(s, arg(n, 1)->loc, "skboutput() takes a struct sk_buff * as its second argument (%s provided)",
			 type_msg(t));
		return;
	}
	check_int_arg(s, n, 2);
	check_int_arg(s, n, 3);
	for (i = 0; i < prog->pcap_paths.n; i++)
		if (strcmp(prog->pcap_paths.v[i], arg(n, 0)->str) == 0)
			return;
	vec_push(&prog->pcap_paths, xstrdup(arg(n, 0)->str));
}

/*
 * comm(pid): the name of another thread, by its id, as bpftrace's
 * standard library reads it: bpf_task_from_pid(), task->comm,
 * bpf_task_release(); "N/A" and a warning when no thread has that id.
 */
static void f_comm_pid(struct sema *s, struct node *n)
{
	struct type *task = btf_type_by_name("struct task_struct");
	const struct field *f = task ? type_find_field(task, "comm") : NULL;

	sema_slot(s, n)->type = type_str(16);
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0))
		return;
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "comm(pid) cannot be used in %s probes: the kernel lets only tracepoint, rawtracepoint, fentry/fexit, iter, interval, profile and software/hardware probes call bpf_task_from_pid",
			 s->probe->type.name ? s->probe->type.name : s->probe->name);
		return;
	}
	if (!f) {
		sema_err(s, n->loc, "comm(pid): the kernel's BTF has no struct task_struct with a comm field");
		return;
	}
	sema_set(s, n, AV_OFFSET)->v.offset = f->offset;
}

/*
 * write_user(dst, src, n): n bytes of src written at the user address dst
 * (bpf_probe_write_user; --unsafe).  src is a value in memory (a string,
 * an array, a record) or an integer (its bytes); n at most its size.
 */
static void f_write_user(struct sema *s, struct node *n)
{
	struct type *src;
	int64_t len;

	sema_slot(s, n)->type = type_int(8, true);
	if (!s->prog->cfg.unsafe) {
		sema_err(s, n->loc, "write_user() is unsafe. To use you need the --unsafe flag");
		return;
	}
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0) || !(src = sema_type(s, arg(n, 1))))
		return;
	if (!sema_is_int(src) && src->kind != TY_STR && src->kind != TY_ARRAY &&
	    src->kind != TY_RECORD && src->kind != TY_TUPLE) {
		sema_err(s, arg(n, 1)->loc, "write_user(): the source must be a string, an array, a record or an integer (%s provided)",
			 type_msg(src));
		return;
	}
	if (!check_int_arg(s, n, 2))
		return;
	sema_set(s, n, AV_LEN)->v.len = 0;	/* read at run time, at most the size */
	if (arg(n, 2)->kind != N_INT)
		return;
	len = arg(n, 2)->ival;
	if (len < 1 || len > (int64_t)src->size) {
		sema_err(s, arg(n, 2)->loc, "write_user(): the length must be 1 to %u, the size of the source",
			 src->size);
		return;
	}
	sema_set(s, n, AV_LEN)->v.len = (uint32_t)len;
}

/*
 * assert(cond, msg): when cond is false, errorf("assert failed: %s", msg)
 * located at the call, then exit(1), as bpftrace's standard library does.
 */
/* __always_true(): bpftrace's stdlib/test function, a C int 1 */
static void f_always_true(struct sema *s, struct node *n)
{
	sema_set_const(s, n, 1);
	sema_slot(s, n)->type = type_int(4, true);
}

static void f_assert(struct sema *s, struct node *n)
{
	struct type *msg;

	sema_slot(s, n)->type = type_none();
	check_args(s, n, 0);
	msg = sema_type(s, arg(n, 1));
	if (!check_int_arg(s, n, 0) || !msg)
		return;
	if (msg->kind != TY_STR) {
		sema_err(s, arg(n, 1)->loc, "assert() expects a string as its message (%s provided)",
			 type_msg(msg));
		return;
	}
	s->prog->uses_exit = true;
}

static void f_signal(struct sema *s, struct node *n)
{
	struct node *a = arg(n, 0);
	size_t i;

	sema_slot(s, n)->type = type_none();
	if (!check_unsafe(s, n))
		return;
	if (a->kind == N_STR) {
		for (i = 1; i < ARRAY_SIZE(signal_names); i++) {
			if (strcmp(a->str, signal_names[i]) == 0 ||
			    strcmp(a->str, signal_names[i] + 3) == 0) {
				sema_set(s, n, AV_SIGNO)->v.signo = (int)i;
				return;
			}
		}
		sema_err(s, a->loc, "Invalid string for signal: %s", a->str);
		return;
	}
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0))
		return;
	if (a->kind == N_INT && (a->ival < 1 || a->ival > 64)) {
		sema_err(s, a->loc, "sig number should be in the range [1, 64], got %lld",
			 (long long)a->ival);
		return;
	}
	sema_set(s, n, AV_SIGNO)->v.signo = 0;	/* known at run time */
}

static void f_fmt_event(struct sema *s, struct node *n)
{
	sema_slot(s, n)->type = type_none();
	if (sema_slot(s, n)->id == F_SYSTEM && !check_unsafe(s, n))
		return;
	/* time()'s format is strftime's, not printf's: %Y is no argument */
	if (sema_slot(s, n)->id == F_TIME && n->args.n && arg(n, 0)->kind != N_STR) {
		sema_err(s, arg(n, 0)->loc, "time() expects a string literal");
		return;
	}
	if (n->args.n && sema_slot(s, n)->id != F_TIME)
		check_format(s, n);
}

/* kstack([mode][, limit]) and ustack(...): modes bpftrace, perf, raw. */
static void f_stack(struct sema *s, struct node *n)
{
	static const char *const modes[] = { "bpftrace", "perf", "raw", "build_id" };
	int mode = s->prog->cfg.stack_mode, limit = STACK_MAX_FRAMES, i = 0;
	int64_t v;
	size_t m;

	if (n->args.n > 0 && arg(n, 0)->kind == N_IDENT) {
		for (m = 0; m < ARRAY_SIZE(modes); m++)
			if (strcmp(arg(n, 0)->name, modes[m]) == 0)
				break;
		if (m == ARRAY_SIZE(modes)) {
			sema_err(s, arg(n, 0)->loc, "%s: unknown stack mode '%s' (bpftrace, perf, raw or build_id)",
				 n->name, arg(n, 0)->name);
			return;
		}
		mode = m;
		i = 1;
	}
	if (i < n->args.n) {
		if (!check_literal_int(s, n, i, &v))
			return;
		if (v < 0 || v > STACK_MAX_FRAMES) {
			sema_err(s, arg(n, i)->loc, "%s: the frame limit must be 0 to %d",
				 n->name, STACK_MAX_FRAMES);
			return;
		}
		limit = v;
		i++;
	}
	if (i < n->args.n) {
		sema_err(s, n->loc, "%s() takes an optional mode and an optional frame limit", n->name);
		return;
	}
	s->prog->uses_stacks = true;
	sema_slot(s, n)->type = type_stack(sema_slot(s, n)->id == F_KSTACK ? TY_KSTACK : TY_USTACK,
					   mode, limit);
}

static bool is_literal_str(struct sema *s, struct node *n, int i)
{
	struct node *a = arg(n, i);

	/* $1 and str($1) there became the parameter's text (desugar.c) */
	if (a->kind == N_STR)
		return true;
	sema_err(s, arg(n, i)->loc, "%s(): argument %d must be a string literal", n->name, i + 1);
	return false;
}

static void f_strftime(struct sema *s, struct node *n)
{
	if (!is_literal_str(s, n, 0))
		return;
	sema_expr(s, arg(n, 1));
	if (!check_int_arg(s, n, 1))
		return;
	sema_slot(s, n)->type = type_timestamp(arg(n, 0)->str);
}

static void f_join(struct sema *s, struct node *n)
{
	sema_slot(s, n)->type = type_none();
	sema_expr(s, arg(n, 0));
	if (!sema_type(s, arg(n, 0)))
		return;
	if (!sema_is_int(sema_type(s, arg(n, 0)))) {
		sema_err(s, n->loc, "join() expects an integer or a pointer as first argument (%s provided)",
			 type_msg(sema_type(s, arg(n, 0))));
		return;
	}
	if (n->args.n == 2)
		is_literal_str(s, n, 1);
}

/* ntop([af,] addr): addr an IPv4 integer, or a 4- or 16-byte array. */
static void f_ntop(struct sema *s, struct node *n)
{
	struct type *t;

	check_args(s, n, 0);
	t = sema_type(s, arg(n, n->args.n - 1));
	if (!t || (n->args.n == 2 && !sema_type(s, arg(n, 0))))
		return;
	if (n->args.n == 2 && !check_int_arg(s, n, 0))
		return;
	if (!sema_is_int(t) && !((t->kind == TY_STR || t->kind == TY_ARRAY) &&
				 (t->size == 4 || t->size == 16))) {
		sema_err(s, n->loc, "ntop() expects an integer or an array of 4 or 16 bytes (%s provided)",
			 type_msg(t));
		return;
	}
	sema_slot(s, n)->type = type_special(TY_INET);
}

static void f_buf(struct sema *s, struct node *n)
{
	int64_t len = 64;

	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)))
		return;
	if (n->args.n == 2 && !check_literal_int(s, n, 1, &len))
		return;
	if (len < 1 || len > s->prog->cfg.max_strlen) {
		sema_err(s, n->loc, "buf(): the length must be 1 to %u", s->prog->cfg.max_strlen);
		return;
	}
	if (sema_type(s, arg(n, 0))->kind == TY_STR || sema_type(s, arg(n, 0))->kind == TY_ARRAY)
		len = MIN(len, (int64_t)sema_type(s, arg(n, 0))->size);
	else if (!sema_is_int(sema_type(s, arg(n, 0)))) {
		sema_err(s, n->loc, "buf() expects a pointer or an array (%s provided)",
			 type_msg(sema_type(s, arg(n, 0))));
		return;
	}
	sema_set(s, n, AV_LEN)->v.len = (uint32_t)len;
	sema_slot(s, n)->type = type_buf(4 + len);
}

static void f_addrspace(struct sema *s, struct node *n)
{
	struct type *t;

	check_args(s, n, 0);
	t = sema_type(s, arg(n, 0));
	if (!t)
		return;
	if (!sema_is_int(t)) {
		sema_err(s, n->loc, "%s() expects a pointer or an integer (%s provided)", n->name,
			 type_msg(t));
		return;
	}
	sema_slot(s, n)->type = type_ptr(t->kind == TY_PTR ? t->elem : type_int(1, true),
			   sema_slot(s, n)->id == F_KPTR ? AS_KERNEL : AS_USER);
}

/* reg("ip"): a register of struct pt_regs, by the architecture's names. */
static void f_reg(struct sema *s, struct node *n)
{
	const struct arch_reg *r;

	if (!is_literal_str(s, n, 0))
		return;
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "reg() can only be used with kprobe, uprobe and usdt probes");
		return;
	}
	r = arch_reg(arch_host(), arg(n, 0)->str);
	if (r) {
		sema_set(s, n, AV_REG_OFF)->v.reg_off = r->off;
		sema_slot(s, n)->type = type_int(8, false);
		return;
	}
	sema_err(s, arg(n, 0)->loc, "'%s' is not a valid register", arg(n, 0)->str);
}

static void f_macaddr(struct sema *s, struct node *n)
{
	struct type *t;

	check_args(s, n, 0);
	t = sema_type(s, arg(n, 0));
	if (!t)
		return;
	if (!sema_is_int(t) && !((t->kind == TY_STR || t->kind == TY_ARRAY) && t->size >= 6)) {
		sema_err(s, n->loc, "macaddr() expects a pointer or an array of 6 bytes (%s provided)",
			 type_msg(t));
		return;
	}
	sema_slot(s, n)->type = type_special(TY_MACADDR);
}

static void f_strerror(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (check_int_arg(s, n, 0))
		sema_slot(s, n)->type = type_special(TY_STRERROR);
}

/*
 * signal_name(n): the signal's description (strsignal: 2 is "Interrupt",
 * 0 "Unknown signal 0"), "N/A" past the last signal.  A constant, so n
 * must be a literal (or a positional parameter).
 */
static void f_signal_name(struct sema *s, struct node *n)
{
	const char *name;
	int64_t sig;

	if (!check_literal_int(s, n, 0, &sig))
		return;
	name = sig >= 0 && sig < NSIG ? strsignal((int)sig) : "N/A";
	sema_set(s, n, AV_STR)->v.str = xstrdup(name);
	sema_slot(s, n)->type = type_str(strlen(name) + 1);
}

static void f_memcmp(struct sema *s, struct node *n)
{
	int64_t len;

	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)) || !sema_type(s, arg(n, 1)))
		return;
	if (sema_is_int(sema_type(s, arg(n, 0))) || sema_is_int(sema_type(s, arg(n, 1)))) {
		sema_err(s, n->loc, "memcmp() compares strings, buffers or records, not integers");
		return;
	}
	if (!check_literal_int(s, n, 2, &len))
		return;
	if (len < 0 || len > sema_type(s, arg(n, 0))->size || len > sema_type(s, arg(n, 1))->size) {
		sema_err(s, arg(n, 2)->loc, "memcmp(): the length must be 0 to the smaller size (%u)",
			 MIN(sema_type(s, arg(n, 0))->size, sema_type(s, arg(n, 1))->size));
		return;
	}
	sema_set(s, n, AV_LEN)->v.len = (uint32_t)len;
	sema_slot(s, n)->type = type_int(8, true);
}

/* pton("1.2.3.4") / pton("::1"): the address bytes, at compile time. */
static void f_pton(struct sema *s, struct node *n)
{
	unsigned char addr[16];
	uint32_t len;

	if (!is_literal_str(s, n, 0))
		return;
	if (inet_pton(AF_INET, arg(n, 0)->str, addr) == 1) {
		len = 4;
	} else if (inet_pton(AF_INET6, arg(n, 0)->str, addr) == 1) {
		len = 16;
	} else {
		sema_err(s, arg(n, 0)->loc, "pton(): '%s' is not an IPv4 or IPv6 address",
			 arg(n, 0)->str);
		return;
	}
	sema_set(s, n, AV_LEN)->v.len = len;
	sema_slot(s, n)->type = type_array(type_int(1, false), len);
}

/* cgroupid("/sys/fs/cgroup/x"): the cgroup's id, at compile time.  On
 * cgroup v2 the id is the directory's kernfs file handle (its inode). */
static void f_cgroupid(struct sema *s, struct node *n)
{
	union {
		struct file_handle fh;
		char space[sizeof(struct file_handle) + 128];
	} h;
	struct stat st;
	int mount_id;
	uint64_t id;

	if (!is_literal_str(s, n, 0))
		return;
	h.fh.handle_bytes = 128;
	if (name_to_handle_at(AT_FDCWD, arg(n, 0)->str, &h.fh, &mount_id, 0) == 0 &&
	    h.fh.handle_bytes == sizeof(uint64_t)) {
		memcpy(&id, h.fh.f_handle, sizeof(uint64_t));
	} else if (stat(arg(n, 0)->str, &st) == 0) {
		id = st.st_ino;
	} else {
		sema_err(s, arg(n, 0)->loc, "cgroupid(): cannot find the cgroup %s: %s",
			 arg(n, 0)->str, strerror(errno));
		return;
	}
	sema_set_const(s, n, (int64_t)id);
	sema_slot(s, n)->type = type_int(8, false);
}

/* len(@m): the number of elements of a map; len(stack): its frames. */
static void f_len(struct sema *s, struct node *n)
{
	struct node *m = arg(n, 0);
	struct mapinfo *mi;
	struct type *mt;

	sema_slot(s, n)->type = type_int(8, true);
	if (m->kind != N_MAP) {
		/* len(kstack), len($s): the frames a stack holds */
		sema_expr(s, m);
		mt = sema_type(s, m);
		if (mt && (mt->kind == TY_KSTACK || mt->kind == TY_USTACK))
			return;
		if (mt)
			sema_err(s, m->loc, "%s() expects a map or a stack as argument 1", n->name);
		return;
	}
	if (m->args.n) {
		sema_err(s, m->loc, "len() takes a whole map, without keys");
		return;
	}
	if (!check_keyed_map(s, n, m))
		return;
	mi = sema_map(s, m);
	/*
	 * The kernel map's elements, as bpftrace counts them: a histogram or
	 * a time series has one per key and non-empty bucket (interval).
	 */
	mi->used_read = true;
	mi->iterated = true;
}

static void f_bswap(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (check_int_arg(s, n, 0))
		sema_slot(s, n)->type = type_int(sema_type(s, arg(n, 0))->size, false);
}

/* is_err(p): a kernel pointer that holds an error code (-4095..-1), as the kernel's IS_ERR */
static void f_is_err(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (check_int_arg(s, n, 0))
		sema_slot(s, n)->type = type_bool();
}

/* nsecs(monotonic | boot | tai) */
static void f_nsecs(struct sema *s, struct node *n)
{
	static const char *const clocks[] = { "monotonic", "boot", "tai", "sw_tai" };
	size_t i;

	sema_slot(s, n)->type = type_int(8, false);
	sema_set(s, n, AV_CLOCK)->v.clock = 0;
	if (!n->args.n)
		return;
	if (arg(n, 0)->kind == N_IDENT) {
		for (i = 0; i < ARRAY_SIZE(clocks); i++) {
			if (strcmp(arg(n, 0)->name, clocks[i]) == 0) {
				sema_set(s, n, AV_CLOCK)->v.clock = i == 3 ? 2 : (int)i;
				return;
			}
		}
	}
	sema_err(s, arg(n, 0)->loc, "nsecs() takes monotonic, boot or tai");
}

static void f_cgroup_path(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0))
		return;
	if (n->args.n > 1 && !is_literal_str(s, n, 1))
		return;
	sema_slot(s, n)->type = type_cgroup_path(n->args.n > 1 ? arg(n, 1)->str : NULL);
}

/* strstr(haystack, "needle"): the needle's index, or -1. */
static void f_strstr(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)) || !sema_type(s, arg(n, 1)))
		return;
	if (!sema_is_str(sema_type(s, arg(n, 0))) || arg(n, 1)->kind != N_STR) {
		sema_err(s, n->loc, "strstr() takes a string and a string literal");
		return;
	}
	sema_slot(s, n)->type = type_int(8, true);
}

/* path(file->f_path): a struct path in kernel memory, passed by its address. */
static bool is_struct_path_lvalue(struct sema *s, const struct node *a)
{
	enum addrspace as = AS_KERNEL;

	return sema_type(s, a)->kind == TY_RECORD && sema_type(s, a)->name &&
	       strcmp(sema_type(s, a)->name, "struct path") == 0 && sema_traced_lvalue(s, a, &as);
}

/* path(struct path *): the file's path, through bpf_d_path (fentry/fexit only). */
static void f_path(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!sema_type(s, arg(n, 0)))
		return;
	if (!probe_allows(s, n)) {
		sema_err(s, n->loc, "path() can only be used in fentry and fexit probes (the kernel's bpf_d_path)");
		return;
	}
	if (!sema_is_int(sema_type(s, arg(n, 0))) && !is_struct_path_lvalue(s, arg(n, 0))) {
		sema_err(s, n->loc, "path() expects a struct path or a pointer to one (%s provided)",
			 type_msg(sema_type(s, arg(n, 0))));
		return;
	}
	sema_slot(s, n)->type = type_str(s->prog->cfg.max_strlen);
}

/* ksym(addr) / usym(addr): addresses printed as symbols at output time. */
static void f_sym(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0))
		return;
	if (sema_slot(s, n)->id == F_USYM)
		s->prog->uses_usyms = s->prog->uses_stacks = true;	/* watch processes' maps */
	sema_slot(s, n)->type = type_special(sema_slot(s, n)->id == F_KSYM ? TY_KSYM : TY_USYM);
}

/*
 * dt.ksym(addr, style) / dt.usym(addr, style): D's func(), mod(), uaddr()...
 * (style: enum sym_style, a literal).
 */
static void f_dt_sym(struct sema *s, struct node *n)
{
	int64_t style;

	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0) || !check_literal_int(s, n, 1, &style))
		return;
	if (style < SYM_D_FUNC || style > SYM_D_ADDR) {
		sema_err(s, arg(n, 1)->loc, "%s(): unknown symbol style", n->name);
		return;
	}
	if (sema_slot(s, n)->id == F_DT_USYM)
		s->prog->uses_usyms = s->prog->uses_stacks = true;
	sema_slot(s, n)->type = type_sym(sema_slot(s, n)->id == F_DT_KSYM ? TY_KSYM : TY_USYM,
					 (enum sym_style)style);
}

/* dt.pc(): the interrupted instruction pointer (profile's arg0/arg1). */
static void f_dt_pc(struct sema *s, struct node *n)
{
	const struct arch_reg *r = arch_reg(arch_host(), "ip");

	if (!r) {
		sema_err(s, n->loc, "%s: no instruction pointer on this architecture", n->name);
		return;
	}
	sema_set(s, n, AV_REG_OFF)->v.reg_off = r->off;
	sema_slot(s, n)->type = type_int(8, false);
}

/*
 * dt.caller(user): the second frame of the kernel (user: 1, the user)
 * stack, D's caller / ucaller; 0 when the stack has no second frame.
 */
static void f_dt_caller(struct sema *s, struct node *n)
{
	int64_t user;

	if (!check_literal_int(s, n, 0, &user))
		return;
	if (user)
		s->prog->uses_stacks = true;
	sema_slot(s, n)->type = type_int(8, false);
}

/* dt.psargs(start, end): D's pr_psargs, 80 bytes as Solaris' PRARGSZ. */
static void f_dt_psargs(struct sema *s, struct node *n)
{
	check_args(s, n, 0);
	if (!check_int_arg(s, n, 0) || !check_int_arg(s, n, 1))
		return;
	sema_slot(s, n)->type = type_str(80);
}

/* dt.probeid(epid): D's id or epid, a uint_t. */
static void f_dt_probeid(struct sema *s, struct node *n)
{
	int64_t epid;

	if (!check_literal_int(s, n, 0, &epid))
		return;
	sema_slot(s, n)->type = type_int(4, false);
}

/* dt.normalize(@a, n): print(@a) carrying n, which the front end's print hook divides by. */
static void f_dt_normalize(struct sema *s, struct node *n)
{
	struct node *a = arg(n, 0);

	sema_slot(s, n)->type = type_none();
	if (a->kind != N_MAP || a->args.n) {
		sema_err(s, a->loc, "%s: expected an aggregation", n->name);
		return;
	}
	sema_map(s, a);
	sema_slot(s, a)->map->used_read = true;
	sema_expr(s, arg(n, 1));
	check_int_arg(s, n, 1);
}

/* dt.stack(user, indent[, nframes]): a kstack/ustack value in D's layout. */
static void f_dt_stack(struct sema *s, struct node *n)
{
	int64_t user, indent, limit = STACK_MAX_FRAMES;

	if (!check_literal_int(s, n, 0, &user) || !check_literal_int(s, n, 1, &indent))
		return;
	if (n->args.n > 2 && !check_literal_int(s, n, 2, &limit))
		return;
	if (indent < 0 || indent > 64 || limit < 0 || limit > STACK_MAX_FRAMES) {
		sema_err(s, n->loc, "%s: the indent must be 0 to 64, the frames 0 to %d", n->name,
			 STACK_MAX_FRAMES);
		return;
	}
	s->prog->uses_stacks = true;
	sema_slot(s, n)->type = type_stack(user ? TY_USTACK : TY_KSTACK,
					   STACK_MODE_DTRACE + (int)indent, (int)limit);
}

/* dt.strtokpos(s, pos, "delims", want_in): a position in s (strtok's lowering). */
static void f_dt_strtokpos(struct sema *s, struct node *n)
{
	int64_t want;

	sema_expr(s, arg(n, 0));
	sema_expr(s, arg(n, 1));
	if (!sema_type(s, arg(n, 0)) || !check_int_arg(s, n, 1))
		return;
	if (!sema_is_str(sema_type(s, arg(n, 0)))) {
		sema_err(s, arg(n, 0)->loc, "%s expects a string as argument 1 (%s provided)",
			 user_name(n), type_msg(sema_type(s, arg(n, 0))));
		return;
	}
	if (!is_literal_str(s, n, 2) || !check_literal_int(s, n, 3, &want))
		return;
	sema_slot(s, n)->type = type_int(8, true);
}

/* dt.uregs("reg"): a register of the current task's saved user registers. */
static void f_dt_uregs(struct sema *s, struct node *n)
{
	const struct arch_reg *r;

	if (!is_literal_str(s, n, 0))
		return;
	r = arch_reg(arch_host(), arg(n, 0)->str);
	if (!r) {
		sema_err(s, arg(n, 0)->loc, "'%s' is not a valid register", arg(n, 0)->str);
		return;
	}
	sema_set(s, n, AV_REG_OFF)->v.reg_off = r->off;
	sema_slot(s, n)->type = type_int(8, false);
}

static uint64_t kernel_sym(const struct sema *s, const char *name)
{
	return s->syms && s->syms->kernel ? s->syms->kernel(name) : 0;
}

/* kaddr("name"): a kernel symbol's address, resolved when compiling. */
static void f_kaddr(struct sema *s, struct node *n)
{
	uint64_t addr;

	if (!is_literal_str(s, n, 0))
		return;
	addr = kernel_sym(s, arg(n, 0)->str);
	if (!addr) {
		sema_err(s, n->loc, "Failed to resolve kernel symbol: %s", arg(n, 0)->str);
		return;
	}
	sema_set_const(s, n, (int64_t)addr);
	sema_slot(s, n)->type = type_int(8, false);
}

/*
 * percpu_kaddr("name"[, cpu]): the address of a per-CPU kernel variable
 * on cpu (default: the current one), from its BTF id.
 */
static void f_percpu_kaddr(struct sema *s, struct node *n)
{
	struct type *vt;
	int id;

	if (!is_literal_str(s, n, 0))
		return;
	if (n->args.n > 1) {
		sema_expr(s, arg(n, 1));
		if (sema_type(s, arg(n, 1)) && !sema_is_int(sema_type(s, arg(n, 1)))) {
			sema_err(s, arg(n, 1)->loc, "percpu_kaddr: the CPU must be an integer");
			return;
		}
	}
	id = btf_percpu_var(arg(n, 0)->str);
	if (id < 0) {
		sema_err(s, arg(n, 0)->loc, id == -EINVAL ?
			 "percpu_kaddr: '%s' is not a per-CPU variable" :
			 "percpu_kaddr: no kernel variable '%s' in the kernel's BTF", arg(n, 0)->str);
		return;
	}
	/* the kernel resolves the variable through kallsyms at load time */
	if (!(s->syms && s->syms->no_load) && !kernel_sym(s, arg(n, 0)->str)) {
		sema_err(s, arg(n, 0)->loc, "percpu_kaddr: this kernel's kallsyms does not list '%s' (data symbols need CONFIG_KALLSYMS_ALL)",
			 arg(n, 0)->str);
		return;
	}
	sema_set(s, n, AV_BTF_ID)->v.btf_id = (uint32_t)id;
	/* a pointer to the variable's type, as bpftrace types it: *p reads it */
	vt = btf_var_type(id);
	sema_slot(s, n)->type = vt ? type_ptr(vt, AS_KERNEL) : type_int(8, false);
}

/*
 * Where uaddr() in a PIE or a shared library finds the binary at run time:
 * the current task's VMAs walked with the task_vma iterator kfuncs (Linux
 * 6.7+), the lowest one mapping the file's inode.  NULL (with a warning)
 * when the kernel lacks what that needs: the ELF file's address is used.
 */
static struct uaddr_rel *uaddr_relocation(struct sema *s, struct node *n, uint64_t ino)
{
	static const char *const kfuncs[] = {
		"bpf_iter_task_vma_new", "bpf_iter_task_vma_next", "bpf_iter_task_vma_destroy",
	};
	static const struct { const char *type, *member; } walk[] = {
		{ "struct vm_area_struct", "vm_start" }, { "struct vm_area_struct", "vm_file" },
		{ "struct file", "f_inode" }, { "struct inode", "i_ino" },
	};
	uint32_t off[ARRAY_SIZE(walk)];
	struct uaddr_rel *rel;

	for (size_t i = 0; i < ARRAY_SIZE(kfuncs); i++) {
		if (btf_kfunc_id(kfuncs[i]) < 0) {
			sema_warn(s, n->loc, "uaddr: the kernel has no %s (Linux 6.7+), so the address of '%s' in a position-independent binary is its address in the file, not where the process loaded it",
				  kfuncs[i], arg(n, 0)->str);
			return NULL;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(walk); i++) {
		struct type *t = btf_type_by_name(walk[i].type);
		const struct field *f = t ? type_find_field(t, walk[i].member) : NULL;

		if (!f) {
			sema_warn(s, n->loc, "uaddr: the kernel's BTF has no %s member %s, so the address of '%s' in a position-independent binary is its address in the file",
				  walk[i].type, walk[i].member, arg(n, 0)->str);
			return NULL;
		}
		off[i] = f->offset;
	}
	rel = xcalloc(1, sizeof(*rel));
	rel->ino = ino;
	rel->vm_start = off[0];
	rel->vm_file = off[1];
	rel->f_inode = off[2];
	rel->i_ino = off[3];
	return rel;
}

/*
 * uaddr("name"): a symbol of the probed binary (uprobe/usdt probes), where
 * the process has it (a PIE's or a library's load address added at run
 * time); __builtin_uaddr("name"): its address in the ELF file.
 */
static void f_uaddr(struct sema *s, struct node *n)
{
	const char *probe = s->probe->name, *start, *end;
	char *path;
	uint64_t addr, size = 8, ino = 0, first_page = 0;
	bool relocatable = false;
	struct uaddr_rel *rel = NULL;

	if (!is_literal_str(s, n, 0))
		return;
	start = strchr(probe, ':');
	end = start ? strchr(start + 1, ':') : NULL;
	/* the binary is the second part of the name: uprobe:PATH:..., usdt:PATH:... */
	if (!end || !probe_allows(s, n)) {
		sema_err(s, n->loc, "%s() can only be used in uprobe and usdt probes", n->name);
		return;
	}
	path = xstrndup(start + 1, end - start - 1);
	addr = s->syms && s->syms->user ? s->syms->user(path, arg(n, 0)->str, &size) : 0;
	if (addr && strcmp(n->name, "uaddr") == 0 && s->syms->user_relocatable)
		relocatable = s->syms->user_relocatable(path, &ino, &first_page);
	free(path);
	if (!addr) {
		sema_err(s, arg(n, 0)->loc, "%s: unknown symbol '%s'", n->name, arg(n, 0)->str);
		return;
	}
	if (relocatable)
		rel = uaddr_relocation(s, n, ino);
	if (rel) {
		rel->offset = addr - first_page;
		sema_set(s, n, AV_UADDR_REL)->v.uaddr_rel = rel;
		s->prog->uses_uaddr_bases = true;
	} else {
		sema_set_const(s, n, (int64_t)addr);
	}
	/* a pointer to an integer of the symbol's size (8 bytes otherwise), as in bpftrace */
	if (size != 1 && size != 2 && size != 4)
		size = 8;
	sema_slot(s, n)->type = type_ptr(type_int((int)size, false), AS_USER);
}

static const struct func_desc func_descs[F_COUNT_] = {
	[F_PRINTF] = { "printf", "printf(fmt, ...)", 1, 1 + 128, .check = f_printf,
		.doc = "formatted output: `%d %i %u %x %X %o %s %c %p %r %rx %rh %rd %gr %%`, widths, precisions, `-`, `0`, length modifiers (`%hhx`, `%hd`, `%lu`, `%llx`, `%jd`, `%zu`, `%td`): an integer converts to the C type its modifier names, as in C (no modifier: a 32-bit `int`, so `%d` of a timestamp needs `%ld`); `%rd` a buffer as a hex dump (rows of 16 bytes: offset, hex, ASCII), as DTrace's `tracemem()`; `%gr` GFP allocation flags by name as the kernel's trace output writes them (`GFP_KERNEL|__GFP_ZERO`)" },
	[F_ERRORF] = { "errorf", "errorf(fmt, ...)", 1, 1 + 128, .check = f_printf,
		.doc = "printf to stderr as `FILE:L:C-E: ERROR: text`, located at the call; the program goes on" },
	[F_WARNF] = { "warnf", "warnf(fmt, ...)", 1, 1 + 128, .check = f_printf,
		.doc = "printf to stderr as `FILE:L:C-E: WARNING: text`, located at the call" },
	[F_DEBUGF] = { "debugf", "debugf(fmt, ...)", 1, 1 + DEBUGF_MAX_ARGS, .check = f_debugf,
		.doc = "a line in the kernel's trace buffer (`/sys/kernel/tracing/trace_pipe`) through `bpf_trace_printk`/`bpf_trace_vprintk`: up to 12 integers and strings; for debugging (the kernel logs a banner when it is first used)" },
	[F_PERCPU_KADDR] = { "percpu_kaddr", "percpu_kaddr(\"name\"[, cpu])", 1, 2,
		.check = f_percpu_kaddr,
		.doc = "the address of a per-CPU kernel variable on cpu (default: the current CPU), from its BTF id; 0 for a CPU that does not exist (the kernel must list data symbols: `CONFIG_KALLSYMS_ALL`)" },
	[F_OVERRIDE] = { "override", "override(rc)", 1, 1, .caps = PCAP_OVERRIDE,
		.check = f_override,
		.doc = "in a kprobe: the probed function returns rc without running (`bpf_override_return`: functions open to error injection, `CONFIG_BPF_KPROBE_OVERRIDE`; `--unsafe`)" },
	[F_SKBOUTPUT] = { "skboutput", "skboutput(path, skb, len, offset)", 4, 4, .caps = PCAP_BTF_ARGS,
		.check = f_skboutput,
		.doc = "the first len bytes of a `struct sk_buff *` packet, less its first offset bytes, as a record of the pcap file path (raw IP); 0 on success, else the negative error of `bpf_skb_output`" },
	[F_SOCKET_COOKIE] = { "socket_cookie", "socket_cookie(sk)", 1, 1, .caps = PCAP_BTF_ARGS,
		.check = f_socket_cookie,
		.doc = "the cookie of a `struct sock *` argument of an fentry/fexit or rawtracepoint probe (`bpf_get_socket_cookie`): one number per socket, stable while it lives" },
	[F_PRINT] = { "print", "print(v)", 1, 3, .check = f_print,
		.doc = "a value, or a map now: `print(@m[, top[, div]])` (optionally its top N entries, values divided)" },
	[F_EXIT] = { "exit", "exit([code])", 0, 1, .check = f_exit,
		.doc = "stop after this event: END runs, maps print, sonde exits with code" },
	[F_COUNT] = { "count", "count()", 0, 0, AGG_COUNT, .check = f_agg_value,
		.doc = "aggregation: the number of calls" },
	[F_SUM] = { "sum", "sum(x)", 1, 1, AGG_SUM, .check = f_agg_value,
		.doc = "aggregation: the sum of x" },
	[F_AVG] = { "avg", "avg(x)", 1, 1, AGG_AVG, .check = f_agg_value,
		.doc = "aggregation: the average of x" },
	[F_MIN] = { "min", "min(x)", 1, 1, AGG_MIN, .check = f_agg_value,
		.doc = "aggregation: the smallest x" },
	[F_MAX] = { "max", "max(x)", 1, 1, AGG_MAX, .check = f_agg_value,
		.doc = "aggregation: the largest x" },
	[F_STATS] = { "stats", "stats(x)", 1, 1, AGG_STATS, .check = f_agg_value,
		.doc = "aggregation: count, average and total of x" },
	[F_HIST] = { "hist", "hist(x[, bits])", 1, 2, AGG_HIST, .check = f_hist,
		.doc = "aggregation: a power-of-two histogram of x" },
	[F_LHIST] = { "lhist", "lhist(x, min, max, step)", 4, 4, AGG_LHIST, .check = f_lhist,
		.doc = "aggregation: a linear histogram of x" },
	[F_TSERIES] = { "tseries", "tseries(x, interval, n[, agg])", 3, 4, AGG_TSERIES,
		.check = f_tseries, .doc = "aggregation: a time series of x, the last n intervals" },
	[F_GETOPT] = { "getopt", "getopt(name[, default[, description]])", 1, 3, .check = f_getopt,
		.doc = "the named parameter `--name[=value]` given after the program's arguments (`sonde prog.bt -- --size=20 --verbose`): typed by the default (integer, string, boolean; a bare `getopt(name)` is `true` when `--name` is given); `-- --help` lists them; one no `getopt()` reads is an error" },
	[F_SIGNAL_NAME] = { "signal_name", "signal_name(n)", 1, 1, .check = f_signal_name,
		.doc = "the description of signal `n` (`Interrupt` for 2, as strsignal(3) gives it; `N/A` past the last signal); `n` must be a literal or a positional parameter" },
	[F_DELETE] = { "delete", "delete(@m, key)", 1, 2, .check = f_delete,
		.doc = "map operation: remove a key (also written `delete(@m[key])`)" },
	[F_CLEAR] = { "clear", "clear(@m)", 1, 1, .check = f_clear_zero,
		.doc = "map operation: remove every key" },
	[F_ZERO] = { "zero", "zero(@m)", 1, 1, .check = f_clear_zero,
		.doc = "map operation: set every value to zero" },
	[F_STR] = { "str", "str(p[, n])", 1, 2, .check = f_str,
		.doc = "a string (`n` counts the NUL: at most `n - 1` bytes, as in bpftrace)" },
	[F_STRNCMP] = { "strncmp", "strncmp(a, b, n)", 3, 3, .check = f_strncmp,
		.doc = "string test: 0 when the first n bytes are equal" },
	[F_STRCONTAINS] = { "strcontains", "strcontains(s, sub)", 2, 2, .check = f_strcontains,
		.doc = "string test: `true`/`false`, `sub` a literal or any string, searched unrolled, so the two capacities may make at most 32768 byte pairs: read long strings as `str(p, 64)`" },
	[F_HAS_KEY] = { "has_key", "has_key(@m, key)", 2, 2, .check = f_has_key,
		.doc = "map operation: whether the key is in the map" },
	[F_STRLEN] = { "strlen", "strlen(s)", 1, 1, .check = f_strlen,
		.doc = "string test: the length of s" },
	[F_SIGNAL] = { "signal", "signal(sig)", 1, 1, .check = f_signal,
		.doc = "send a signal to the current task (`--unsafe`)" },
	[F_SYSTEM] = { "system", "system(fmt, ...)", 1, 1 + 128, .check = f_fmt_event,
		.doc = "run a command (in userspace; needs `--unsafe`)" },
	[F_CAT] = { "cat", "cat(fmt, ...)", 1, 1 + 128, .check = f_fmt_event,
		.doc = "print a file (in userspace): at most `cat_bytes_max` bytes, never blocks on a FIFO or device, and says when it cuts a file" },
	[F_TIME] = { "time", "time([fmt])", 0, 1, .check = f_fmt_event,
		.doc = "print the wall clock" },
	[F_KSTACK] = { "kstack", "kstack([mode][, n])", 0, 2, .check = f_stack,
		.doc = "the kernel stack; modes `bpftrace`, `perf`, `raw`, `build_id` (kernel frames print as addresses)" },
	[F_USTACK] = { "ustack", "ustack([mode][, n])", 0, 2, .check = f_stack,
		.doc = "the user stack; modes `bpftrace`, `perf`, `raw`, `build_id` (each frame as `BUILDID 0xFILEOFFSET`: the file's GNU build id and the offset in it; the bare address where the file has none)" },
	[F_STRFTIME] = { "strftime", "strftime(fmt, ns)", 2, 2, .check = f_strftime,
		.doc = "a timestamp as text" },
	[F_JOIN] = { "join", "join(argv[, sep])", 1, 2, .check = f_join,
		.doc = "an argv array, joined" },
	[F_NTOP] = { "ntop", "ntop([af,] addr)", 1, 2, .check = f_ntop,
		.doc = "an IPv4 or IPv6 address as text" },
	[F_BUF] = { "buf", "buf(p, n)", 1, 2, .check = f_buf,
		.doc = "raw bytes (printed with `%r`)" },
	[F_KPTR] = { "kptr", "kptr(p)", 1, 1, .check = f_addrspace,
		.doc = "mark a pointer as a kernel address" },
	[F_UPTR] = { "uptr", "uptr(p)", 1, 1, .check = f_addrspace,
		.doc = "mark a pointer as a user address" },
	[F_REG] = { "reg", "reg(\"name\")", 1, 1, .caps = PCAP_REGS, .check = f_reg,
		.doc = "a saved register (x86-64 names: `ip`, `sp`, `di`, ...)" },
	[F_MACADDR] = { "macaddr", "macaddr(p)", 1, 1, .check = f_macaddr,
		.doc = "a MAC address as text" },
	[F_STRERROR] = { "strerror", "strerror(errno)", 1, 1, .check = f_strerror,
		.doc = "the error's text" },
	[F_MEMCMP] = { "memcmp", "memcmp(a, b, n)", 3, 3, .check = f_memcmp,
		.doc = "compare n bytes: 0 when equal" },
	[F_PTON] = { "pton", "pton(text)", 1, 1, .check = f_pton,
		.doc = "an IPv4 or IPv6 address literal as bytes" },
	[F_CGROUPID] = { "cgroupid", "cgroupid(path)", 1, 1, .check = f_cgroupid,
		.doc = "a cgroup's id, resolved at compile time" },
	[F_LEN] = { "len", "len(@m | stack)", 1, 1, .check = f_len,
		.doc = "the number of elements of a map (of a hist/lhist/tseries map, its non-empty buckets over every key); of a kstack/ustack value, its frames (at most its limit)" },
	[F_BSWAP] = { "bswap", "bswap(x)", 1, 1, .check = f_bswap,
		.doc = "bytes swapped, by the width of x" },
	[F_NSECS] = { "nsecs", "nsecs([monotonic|boot|tai])", 0, 1, .check = f_nsecs,
		.doc = "a clock, in ns" },
	[F_CGROUP_PATH] = { "cgroup_path", "cgroup_path(id[, filter])", 1, 2, .check = f_cgroup_path,
		.doc = "the paths of a cgroup id in each hierarchy, `unified:/…`" },
	[F_STRSTR] = { "strstr", "strstr(s, sub)", 2, 2, .check = f_strstr,
		.doc = "string test: the index of the literal `sub`, or -1" },
	[F_PATH] = { "path", "path(p)", 1, 2, .caps = PCAP_KFUNC, .check = f_path,
		.doc = "a `struct path` (`path(args.filp->f_path)`) or a pointer to one, as text (fentry/fexit of the functions the kernel allows: the kernel's `bpf_d_path`)" },
	[F_KSYM] = { "ksym", "ksym(addr)", 1, 1, .check = f_sym,
		.doc = "a kernel address's symbol" },
	[F_USYM] = { "usym", "usym(addr)", 1, 1, .check = f_sym,
		.doc = "a user address's symbol" },
	[F_KADDR] = { "kaddr", "kaddr(\"name\")", 1, 1, .check = f_kaddr,
		.doc = "a kernel symbol's address" },
	[F_UADDR] = { "uaddr", "uaddr(\"name\")", 1, 1, .caps = PCAP_USER, .check = f_uaddr,
		.doc = "a pointer to an integer of the symbol's size (1, 2, 4 or else 8 bytes, so `*uaddr(\"counter\")` reads it); in a position-independent executable or a shared library, where the process loaded it (its lowest mapping of the file, found among the task's VMAs by the `bpf_iter_task_vma` kfuncs: Linux 6.7+; before, the file's address and a warning); later events of the process check the base kept for it with one `bpf_find_vma` instead of walking again" },
	[F_BUILTIN_UADDR] = { "__builtin_uaddr", "__builtin_uaddr(\"name\")", 1, 1, .caps = PCAP_USER,
		.check = f_uaddr,
		.doc = "as `uaddr`, but the symbol's address in the ELF file, never relocated (bpftrace's primitive under its `uaddr`)" },
	[F_COMM] = { "comm", "comm(pid)", 1, 1, .caps = PCAP_KFUNC_CALLS, .check = f_comm_pid,
		.kfuncs = (const char *const[]){ "bpf_task_from_pid", "bpf_task_release", NULL },
		.doc = "the name of the thread whose id is pid (\"N/A\" and a warning, \"No such process (pid=N)\", when there is none), 16 bytes; `comm` and `comm()` are the current thread's (the kernel's `bpf_task_from_pid` kfunc: Linux 6.2+; tracepoint, rawtracepoint, fentry/fexit, iter, interval, profile and software/hardware probes)" },
	[F_WRITE_USER] = { "write_user", "write_user(dst, src, n)", 3, 3, .check = f_write_user,
		.doc = "write the first n bytes of src (a string, an array, a record or an integer) at the user address dst (`bpf_probe_write_user`; `--unsafe`): 0, or a negative errno; n at most the size of src" },
	[F_IS_ERR] = { "is_err", "is_err(p)", 1, 1, .check = f_is_err,
		.doc = "true when a kernel pointer (or integer) holds an error code, -4095 to -1 (the kernel's `IS_ERR`)" },
	[F_ASSERT] = { "assert", "assert(cond, msg)", 2, 2, .check = f_assert,
		.doc = "when cond is false: the error `assert failed: MSG` located at the call (as `errorf` prints it), then `exit(1)`" },
	[F_ALWAYS_TRUE] = { "__always_true", "__always_true()", 0, 0, .check = f_always_true,
		.module = "stdlib/test",
		.doc = "1 (an `int`): the test function of bpftrace's standard library, after `import \"stdlib/test\";`" },
	[F_UNWATCH] = { "unwatch", "unwatch(addr)", 1, 1, .check = f_unwatch,
		.doc = "stop the watchpoint probes on the address addr (asynchronously: sonde disables them when it reads the event); an address nothing watches is passed over" },
	[F_DT_STRJOIN] = { "dt.strjoin", "dt.strjoin(a, b)", 2, 2, .check = f_dt_strjoin,
		.internal = true, .doc = "D: a then b, cut at the string size" },
	[F_DT_BASENAME] = { "dt.basename", "dt.basename(s)", 1, 1, .check = f_dt_path_part,
		.internal = true, .doc = "D: the last component of a path" },
	[F_DT_DIRNAME] = { "dt.dirname", "dt.dirname(s)", 1, 1, .check = f_dt_path_part,
		.internal = true, .doc = "D: a path without its last component" },
	[F_DT_STRCMP] = { "dt.strcmp", "dt.strcmp(a, b)", 2, 2, .check = f_dt_strfn,
		.internal = true, .doc = "D: <0, 0, >0 as a sorts before, with, after b (string < > <= >=)" },
	[F_DT_SUBSTR] = { "dt.substr", "dt.substr(s, i[, n])", 2, 3, .check = f_dt_strfn,
		.internal = true, .doc = "D: n characters of s from i (negative: from the end)" },
	[F_DT_INDEX] = { "dt.index", "dt.index(s, t[, start])", 2, 3, .check = f_dt_strfn,
		.internal = true, .doc = "D: the first position of t in s from start, or -1" },
	[F_DT_RINDEX] = { "dt.rindex", "dt.rindex(s, t[, start])", 2, 3, .check = f_dt_strfn,
		.internal = true, .doc = "D: the last position of t in s up to start, or -1" },
	[F_DT_STRSTR] = { "dt.strstr", "dt.strstr(s, t)", 2, 2, .check = f_dt_strfn,
		.internal = true, .doc = "D: s from the first t on, or \"\"" },
	[F_DT_STRCHR] = { "dt.strchr", "dt.strchr(s, c)", 2, 2, .check = f_dt_strfn,
		.internal = true, .doc = "D: s from the first c on, or \"\"" },
	[F_DT_STRRCHR] = { "dt.strrchr", "dt.strrchr(s, c)", 2, 2, .check = f_dt_strfn,
		.internal = true, .doc = "D: s from the last c on, or \"\"" },
	[F_DT_TOUPPER] = { "dt.toupper", "dt.toupper(s)", 1, 1, .check = f_dt_strfn,
		.internal = true, .doc = "D: s in upper case (ASCII)" },
	[F_DT_TOLOWER] = { "dt.tolower", "dt.tolower(s)", 1, 1, .check = f_dt_strfn,
		.internal = true, .doc = "D: s in lower case (ASCII)" },
	[F_DT_STRESCAPE] = { "dt.strescape", "dt.strescape(s)", 1, 1, .check = f_dt_strfn,
		.internal = true, .doc = "D: s with C escapes for unprintable bytes (printf's %S)" },
	[F_DT_CHILL] = { "dt.chill", "dt.chill(ns)", 1, 1, .check = f_dt_chill,
		.internal = true, .doc = "D: spin for ns nanoseconds (at most 500 ms a call)" },
	[F_DT_PROGENYOF] = { "dt.progenyof", "dt.progenyof(pid)", 1, 1, .check = f_dt_progenyof,
		.internal = true, .doc = "D: 1 when the current process is pid or descends from it" },
	[F_DT_SPECULATION] = { "dt.speculation", "dt.speculation()", 0, 0,
		.check = f_dt_speculation, .internal = true,
		.doc = "D: a free speculation id (1 to nspec), 0 when none" },
	[F_DT_SPECULATE] = { "dt.speculate", "dt.speculate(id)", 1, 1, .check = f_dt_spec_id,
		.internal = true, .doc = "D: the clause's records after it go to speculation id" },
	[F_DT_COMMIT] = { "dt.commit", "dt.commit(id)", 1, 1, .check = f_dt_spec_id,
		.internal = true, .doc = "D: print speculation id's records and free it" },
	[F_DT_DISCARD] = { "dt.discard", "dt.discard(id)", 1, 1, .check = f_dt_spec_id,
		.internal = true, .doc = "D: drop speculation id's records and free it" },
	[F_DT_LLTOSTR] = { "dt.lltostr", "dt.lltostr(n)", 1, 1, .check = f_dt_strfn,
		.internal = true, .doc = "D: n in decimal, as a string" },
	[F_DT_TRACEMEM] = { "dt.tracemem", "dt.tracemem(p, n, m)", 3, 3, .check = f_dt_tracemem,
		.internal = true, .doc = "D: n bytes at p as a buffer of its first m (all n when m is not 1 to n)" },
	[F_DT_KSYM] = { "dt.ksym", "dt.ksym(addr, style)", 2, 2, .check = f_dt_sym,
		.internal = true, .doc = "D: func(), sym(), mod() of a kernel address" },
	[F_DT_USYM] = { "dt.usym", "dt.usym(addr, style)", 2, 2, .check = f_dt_sym,
		.internal = true, .doc = "D: ufunc(), usym(), umod(), uaddr() of a user address" },
	[F_DT_PC] = { "dt.pc", "dt.pc()", 0, 0, .caps = PCAP_USERMODE, .check = f_dt_pc,
		.internal = true, .doc = "D: the interrupted instruction pointer (profile's arg0, arg1)" },
	[F_DT_CALLER] = { "dt.caller", "dt.caller(user)", 1, 1, .check = f_dt_caller,
		.internal = true, .doc = "D: caller / ucaller, the second frame of the stack" },
	[F_DT_PSARGS] = { "dt.psargs", "dt.psargs(start, end)", 2, 2, .check = f_dt_psargs,
		.internal = true, .doc = "D: pr_psargs, the process's arguments between two user addresses" },
	[F_DT_PROBEID] = { "dt.probeid", "dt.probeid(epid)", 1, 1, .check = f_dt_probeid,
		.internal = true, .doc = "D: id (0: the probe's number, 1 and up) or epid (1: the program's)" },
	[F_DT_NORMALIZE] = { "dt.normalize", "dt.normalize(@a, n)", 2, 2, .check = f_dt_normalize,
		.internal = true, .doc = "D: normalize(@a, n) with n known when the action runs" },
	[F_DT_STACK] = { "dt.stack", "dt.stack(user, indent[, nframes])", 2, 3, .check = f_dt_stack,
		.internal = true, .doc = "D: stack() / ustack() printed as dtrace(1) prints them, indent spaces before each frame" },
	[F_DT_STRTOKPOS] = { "dt.strtokpos", "dt.strtokpos(s, pos, \"delims\", want_in)", 4, 4,
		.check = f_dt_strtokpos, .internal = true,
		.doc = "D: strtok's scan: the first position from pos that is (want_in 1) or is not a delimiter, else len(s)" },
	[F_DT_UREGS] = { "dt.uregs", "dt.uregs(reg)", 1, 1, .check = f_dt_uregs,
		.internal = true, .doc = "D: uregs[R]: the current thread's saved user register at offset" },
};

const struct func_desc *func_desc(enum func_id id)
{
	if (id <= F_NONE || id >= F_COUNT_)
		return NULL;
	return &func_descs[id];
}

enum func_id func_id_by_name(const char *name)
{
	for (int id = F_NONE + 1; id < F_COUNT_; id++)
		if (strcmp(func_descs[id].name, name) == 0)
			return id;
	return F_NONE;
}

static const struct func_desc *func_find(const char *name)
{
	return func_desc(func_id_by_name(name));
}

void funcs_list(FILE *out)
{
	for (int id = F_NONE + 1; id < F_COUNT_; id++)
		if (!func_descs[id].internal)
			desc_list_line(out, func_descs[id].sig, func_descs[id].doc);
}

/* A builtin or function of the language by that name (a macro may shadow it). */
bool sema_known_function(const char *name)
{
	return sema_is_builtin_name(name) || func_find(name);
}

bool sema_is_agg_call(const struct node *call)
{
	const struct func_desc *f = func_find(call->name);

	return f && f->agg != AGG_NONE;
}

const char *agg_name(enum agg_kind agg)
{
	static const char *const names[] = {
		[AGG_NONE] = "none", [AGG_COUNT] = "count_t", [AGG_SUM] = "sum_t",
		[AGG_MIN] = "min_t", [AGG_MAX] = "max_t", [AGG_AVG] = "avg_t",
		[AGG_STATS] = "stats_t", [AGG_HIST] = "hist_t", [AGG_LHIST] = "lhist_t",
		[AGG_TSERIES] = "tseries_t",
	};

	return names[agg];
}

/*
 * pid(curr_ns), tid(curr_ns): as sonde's PID namespace numbers them (what
 * the bare builtins give); pid(init), tid(init): as the init namespace does.
 * Those became the builtins before sema (desugar.c); what is left here is
 * a call with any other argument.
 */
static bool pid_ns_call(struct sema *s, struct node *n)
{
	if (n->args.n != 1 || (strcmp(n->name, "pid") && strcmp(n->name, "tid")))
		return false;
	sema_err(s, arg(n, 0)->loc, "%s() takes curr_ns or init (the PID namespace to number "
		 "it in)", n->name);
	return true;
}

void sema_call(struct sema *s, struct node *n, bool as_agg)
{
	const struct func_desc *f = func_find(n->name);
	size_t i;

	sema_slot(s, n)->type = NULL;
	if (!f && pid_ns_call(s, n))
		return;
	if (!f) {
		struct loc name_loc = n->loc;

		name_loc.end_line = name_loc.line;
		name_loc.end_col = name_loc.col + (int)strlen(n->name) - 1;
		sema_err(s, name_loc, "Unknown function: %s", n->name);
		return;
	}
	if (f->module && !import_has_module(s->prog->ast, f->module)) {
		struct loc name_loc = n->loc;

		name_loc.end_line = name_loc.line;
		name_loc.end_col = name_loc.col + (int)strlen(n->name) - 1;
		sema_err(s, name_loc, "Unknown function: %s", n->name);
		if (!s->quiet)
			diag_hint("%s comes with the standard library's %s: import \"%s\";", n->name,
				  f->module, f->module);
		return;
	}
	sema_slot(s, n)->id = (int)(f - func_descs);
	if (n->args.n < f->min_args || n->args.n > f->max_args) {
		if (f->max_args == 0)
			sema_err(s, n->loc, "%s() requires no arguments (%d provided)", n->name,
				 n->args.n);
		else if (f->min_args == f->max_args)
			sema_err(s, n->loc, "%s() requires %d argument%s (%d provided)", n->name,
				 f->min_args, f->min_args == 1 ? "" : "s", n->args.n);
		else
			sema_err(s, n->loc, "%s() takes %d to %d arguments (%d provided)", n->name,
				 f->min_args, f->max_args, n->args.n);
		return;
	}
	if (f->agg != AGG_NONE && !as_agg) {
		sema_err(s, n->loc, "%s() must be assigned directly to a map", n->name);
		return;
	}
	for (i = 0; f->kfuncs && f->kfuncs[i]; i++) {
		if (btf_kfunc_id(f->kfuncs[i]) < 0) {
			sema_err(s, n->loc, "%s() needs the kernel function %s, which this kernel's BTF does not have",
				 n->name, f->kfuncs[i]);
			return;
		}
	}
	f->check(s, n);
}

void sema_agg_assign(struct sema *s, struct node *map, struct node *call)
{
	const struct func_desc *f = func_find(call->name);
	struct mapinfo *m = sema_slot(s, map)->map;
	struct type *argt = call->args.n ? sema_type(s, call->args.v[0]) : NULL;
	int64_t v;

	if (!f || !m)
		return;
	if (call->args.n && !argt)
		return;
	sema_map_agg(s, map, f->agg, f == &func_descs[F_COUNT] ? NULL : argt, call->loc);
	sema_slot(s, call)->map = m;
	if (f->agg == AGG_HIST) {
		const struct sema_ann *bits = sema_get(s, call, AV_HIST_BITS);

		m->hist_bits = bits ? bits->v.hist_bits : 0;
		m->nbuckets = 2 + 64 * (1 << m->hist_bits);
	} else if (f->agg == AGG_LHIST) {
		if (call->args.n != 4)
			return;
		if (!check_literal_int(s, call, 1, &m->lhist_min) ||
		    !check_literal_int(s, call, 2, &m->lhist_max) ||
		    !check_literal_int(s, call, 3, &v))
			return;
		m->lhist_step = v > 0 ? v : 1;
		if (m->lhist_min < 0 || m->lhist_max <= m->lhist_min)
			return;	/* f_lhist says what is wrong */
		/* both non-negative: no overflow; past 1000 buckets f_lhist reports it */
		m->nbuckets = (int)MIN((m->lhist_max - m->lhist_min) / m->lhist_step, 1000) + 2;
	} else if (f->agg == AGG_TSERIES) {
		const struct sema_ann *ts = sema_get(s, call, AV_TSERIES_AGG);
		enum tseries_agg agg = ts ? (enum tseries_agg)ts->v.tseries_agg : TS_LAST;
		int64_t interval, count;

		if (!check_literal_int(s, call, 1, &interval) ||
		    !check_literal_int(s, call, 2, &count) || interval < 1 || count < 1)
			return;
		if (m->nbuckets && (m->ts_interval != interval || m->nbuckets != count ||
				    m->ts_agg != agg)) {
			sema_err(s, call->loc, "Different tseries bounds in a single map unsupported");
			return;
		}
		m->ts_interval = interval;
		m->nbuckets = (int)count;
		m->ts_agg = agg;
	}
}

/* ---- names: constants and nearest-field hints ---- */

bool sema_constant(const char *name, int64_t *value)
{
	/* The header-constant table arrives with the types-from-BTF work. */
	return false;
}

static int edit_distance(const char *a, const char *b)
{
	int la = strlen(a), lb = strlen(b), i, j;
	int *row = xcalloc(lb + 1, sizeof(int));
	int prev, tmp, best;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

void sema_hint_field(struct sema *s, const struct type *t, const char *name)
{
	const char *best = NULL;
	int best_d = 1 << 30, d, i;

	if (s->quiet)
		return;
	for (i = 0; i < t->nfields; i++) {
		if (!t->fields[i].name)
			continue;
		d = edit_distance(name, t->fields[i].name);
		if (d < best_d) {
			best_d = d;
			best = t->fields[i].name;
		}
	}
	if (best && best_d <= 3)
		diag_hint("did you mean '%s'?", best);
}

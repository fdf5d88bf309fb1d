// SPDX-License-Identifier: GPL-2.0
/*
 * Lowering D's actions and aggregating functions: quantize/lquantize to
 * hist/lhist, trace() to printf; printa(), trunc(), normalize() and
 * denormalize() to print() statements that the output's print hook
 * carries out; the renamed ones, and a clear error for those not done.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dt_lower.h"
#include "../lang/lexer.h"
#include "../lang/types.h"

static bool is_string_var(const struct dtrace_ctx *dc, const struct node *n)
{
	if (n->kind != N_MAP && n->kind != N_VAR)
		return false;
	for (int i = 0; i < dc->strvars.n; i++)
		if (!strcmp(dc->strvars.v[i], n->name))
			return true;
	return false;
}

/* The internal dt.* functions whose values are not strings. */
static bool is_dt_number(const char *name)
{
	static const char *const numbers[] = {
		"dt.index", "dt.rindex", "dt.strcmp", "dt.ksym", "dt.usym", "dt.pc", "dt.caller",
		"dt.probeid", "dt.uregs",
		"dt.speculation", "dt.progenyof", "dt.strtokpos",
	};

	for (size_t i = 0; i < ARRAY_SIZE(numbers); i++)
		if (!strcmp(numbers[i], name))
			return true;
	return false;
}

bool dt_is_string_valued(const struct dtrace_ctx *dc, const struct node *n)
{
	if (!n)
		return false;
	if (n->kind == N_TERNARY)
		return dt_is_string_valued(dc, n->b);
	/* comm: the builtin, or a task's (curpsinfo->pr_fname...) */
	return n->kind == N_STR || dt_is_ident(n, "comm") || is_string_var(dc, n) ||
	       (n->kind == N_FIELD && !strcmp(n->name, "comm")) ||
	       (n->kind == N_CALL && (!strcmp(n->name, "str") || (!strncmp(n->name, "dt.", 3) &&
				      !is_dt_number(n->name))));
}

/*
 * s == NULL, s != NULL of a string (NULL lowered to 0): s compared with ""
 * (strtok's NULL, no token, is "" here; D's strings are never NULL else).
 */
static bool null_vs_string(struct lower *lw, struct node *n)
{
	struct node **zero = n->b && n->b->kind == N_INT && n->b->ival == 0 ? &n->b :
			     n->a && n->a->kind == N_INT && n->a->ival == 0 ? &n->a : NULL;
	struct node *other = zero == &n->b ? n->a : n->b;

	if (!zero || !dt_is_string_valued(lw->dc, other))
		return false;
	node_free(*zero);
	*zero = dt_mk_str(n->loc, "");
	return true;
}

/* a < b, a >= b... of strings: dt.strcmp(a, b) < 0 (DTrace orders strings by strcmp). */
struct node *dt_lower_binop(struct lower *lw, struct node *n)
{
	struct node *cmp;

	if ((n->op == T_EQ || n->op == T_NE) && null_vs_string(lw, n))
		return NULL;	/* changed in place */
	if (n->op != T_LT && n->op != T_GT && n->op != T_LE && n->op != T_GE)
		return NULL;
	if (!dt_is_string_valued(lw->dc, n->a) && !dt_is_string_valued(lw->dc, n->b))
		return NULL;
	cmp = dt_mk(N_CALL, n->loc, "dt.strcmp");
	vec_push(&cmp->args, n->a);
	vec_push(&cmp->args, n->b);
	n->a = cmp;
	n->b = node_new(N_INT, n->loc);
	return NULL;	/* changed in place */
}


void dt_note_string_var(struct dtrace_ctx *dc, const struct node *assign)
{
	const struct node *lhs = assign->a;

	if (assign->op || !lhs || (lhs->kind != N_MAP && lhs->kind != N_VAR) ||
	    is_string_var(dc, lhs) || !dt_is_string_valued(dc, assign->b))
		return;
	vec_push(&dc->strvars, xstrdup(lhs->name));
}


static bool is_string_valued(struct lower *lw, const struct node *n)
{
	return dt_is_string_valued(lw->dc, n);
}

static bool is_call(const struct node *n, const char *name)
{
	return n && n->kind == N_CALL && !strcmp(n->name, name);
}

/*
 * A lowered stack() / ustack() (kstack(...), ustack(...)) as D prints it:
 * dt.stack(user, indent[, nframes]); NULL when x is no stack.
 */
static struct node *d_stack(struct node *x, int indent)
{
	struct node *c;

	if (!is_call(x, "kstack") && !is_call(x, "ustack"))
		return NULL;
	c = dt_mk(N_CALL, x->loc, "dt.stack");
	vec_push(&c->args, dt_mk_int(x->loc, x->name[0] == 'u'));
	vec_push(&c->args, dt_mk_int(x->loc, indent));
	for (int i = 0; i < x->args.n && i < 1; i++)	/* stack(nframes) */
		vec_push(&c->args, x->args.v[i]);
	for (int i = 1; i < x->args.n; i++)	/* ustack(nframes, strsize): no strsize */
		node_free(x->args.v[i]);
	x->args.n = 0;
	node_free(x);
	return c;
}

#define DT_STACK_INDENT 14	/* dtrace(1)'s stackindent */

/* A %k or %K conversion d_printf_format() left: its argument was no stack. */
static bool stack_conv_left(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%')); ) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "-+ #0123456789.*");
		if (*p == 'k' || *p == 'K')
			return true;
	}
	return false;
}

/*
 * trace(x): dtrace(1) prints " %16lld" / "  %-33s" (quiet: "%lld" / "%s");
 * a symbol (func(), ufunc(), mod()...) "  %-50s", quiet or not.
 */
static struct node *lower_trace(struct lower *lw, struct node *n)
{
	struct node *p;
	bool str;

	if (n->args.n != 1) {
		dt_lower_err(lw, n->loc, "%s takes one argument", "trace()");
		return NULL;
	}
	str = is_string_valued(lw, n->args.v[0]);
	p = dt_mk(N_CALL, n->loc, "printf");
	if (is_call(n->args.v[0], "dt.ksym") || is_call(n->args.v[0], "dt.usym"))
		vec_push(&p->args, dt_mk_str(n->loc, "  %-50s"));
	else
		vec_push(&p->args, dt_mk_str(n->loc, lw->dc->quiet ? (str ? "%s" : "%lld") :
						       (str ? "  %-33s" : " %16lld")));
	vec_push(&p->args, n->args.v[0]);
	n->args.n = 0;
	return p;
}

void dt_lower_expr_stmt(struct lower *lw, struct node *n)
{
	struct node *call;

	if (is_call(n->a, "kstack") || is_call(n->a, "ustack")) {
		/* the stack() action: the frames, each indented 14 columns */
		call = dt_mk(N_CALL, n->a->loc, "printf");
		vec_push(&call->args, dt_mk_str(n->a->loc, "%s"));
		vec_push(&call->args, d_stack(n->a, DT_STACK_INDENT));
		n->a = call;
		return;
	}
	if (!is_call(n->a, "dt.ksym") && !is_call(n->a, "dt.usym"))
		return;
	call = dt_mk(N_CALL, n->a->loc, "trace");
	vec_push(&call->args, n->a);
	n->a = lower_trace(lw, call);
	node_free(call);
}

/*
 * tracemem(addr, n): printf("%rd", buf(addr, n)), DTrace's hex dump of n
 * bytes; the address may be a copyin() (already a buf()) of its own size.
 * tracemem(addr, n, m): the first m (0 to n) of the n bytes, through the
 * internal dt.tracemem(addr, n, m).
 */
static struct node *lower_tracemem(struct lower *lw, struct node *n)
{
	struct node *p, *mem;
	int64_t size;

	if (n->args.n < 2 || n->args.n > 3 || n->args.v[1]->kind != N_INT) {
		dt_lower_err(lw, n->loc, "%s: expected tracemem(address, N[, M]) with a constant N",
			     "tracemem()");
		return NULL;
	}
	mem = n->args.v[0];
	size = n->args.v[1]->ival;
	if (is_call(mem, "buf") && mem->args.n == 2) {
		if (mem->args.v[1]->kind == N_INT && mem->args.v[1]->ival > size)
			mem->args.v[1]->ival = size;
		else if (mem->args.v[1]->kind == N_INT)
			size = mem->args.v[1]->ival;
	}
	if (n->args.n == 3) {
		if (is_call(mem, "buf") && mem->args.n == 2) {	/* the copy's address */
			node_free(mem->args.v[1]);
			n->args.v[0] = mem->args.v[0];
			mem->args.n = 0;
			node_free(mem);
		}
		n->args.v[1]->ival = size;
		mem = dt_mk(N_CALL, n->loc, "dt.tracemem");
		for (int i = 0; i < 3; i++)
			vec_push(&mem->args, n->args.v[i]);
	} else if (is_call(mem, "buf") && mem->args.n == 2) {
		node_free(n->args.v[1]);
	} else {
		mem = dt_mk(N_CALL, n->loc, "buf");
		vec_push(&mem->args, n->args.v[0]);
		vec_push(&mem->args, n->args.v[1]);
	}
	n->args.n = 0;
	p = dt_mk(N_CALL, n->loc, "printf");
	vec_push(&p->args, dt_mk_str(n->loc, "%rd"));
	vec_push(&p->args, mem);
	return p;
}

static struct node *rename_call(struct node *n, const char *name);

static bool is_agg(const struct node *n)
{
	return n && n->kind == N_MAP && !n->args.n;
}

/* A site of kind k for the statement n, printing through print(@first). */
static struct dt_site *add_site(struct lower *lw, struct node *n, enum dt_site_kind k)
{
	struct dt_site site = { .loc = n->loc, .kind = k };

	vec_push(&lw->dc->sites, site);
	return &lw->dc->sites.v[lw->dc->sites.n - 1];
}

/* n becomes print(agg) (agg taken from n's arguments). */
static void make_print(struct node *n, int agg)
{
	struct node *m = n->args.v[agg];

	for (int i = 0; i < n->args.n; i++)
		if (i != agg)
			node_free(n->args.v[i]);
	n->args.v[0] = m;
	n->args.n = 1;
	free(n->name);
	n->name = xstrdup("print");
}

static void note_printed(struct dtrace_ctx *dc, const char *name)
{
	for (int i = 0; i < dc->printed.n; i++)
		if (!strcmp(dc->printed.v[i], name))
			return;
	vec_push(&dc->printed, xstrdup(name));
}

/*
 * printa([fmt,] @a[, @b...]): print(@a), which the runtime hands to
 * dt_printa() with this statement's location; the site keeps the format
 * and the aggregations.
 */
static struct node *lower_printa(struct lower *lw, struct node *n)
{
	bool has_fmt = n->args.n && n->args.v[0]->kind == N_STR;
	int first = has_fmt ? 1 : 0;
	struct dt_site *site;

	for (int i = first; i < n->args.n; i++)
		if (!is_agg(n->args.v[i])) {
			dt_lower_err(lw, n->args.v[i]->loc, "%s: expected an aggregation (@name)", "printa");
			return NULL;
		}
	if (n->args.n == first || (!has_fmt && n->args.n > 1)) {
		dt_lower_err(lw, n->loc, "%s: expected printa(@agg) or printa(\"format\", @agg[, @agg2...])",
			     "printa");
		return NULL;
	}
	site = add_site(lw, n, DT_PRINTA);
	site->fmt = has_fmt ? xstrdup(n->args.v[0]->str) : NULL;
	for (int i = first; i < n->args.n; i++) {
		vec_push(&site->aggs, xstrdup(n->args.v[i]->name));
		note_printed(lw->dc, n->args.v[i]->name);
	}
	make_print(n, first);
	return NULL;
}

/*
 * normalize(@a, expr): dt.normalize(@a, (int64)expr), a print record of
 * @a carrying the factor, which the print hook takes (its site's n is 0).
 */
static struct node *lower_normalize_expr(struct lower *lw, struct node *n)
{
	struct node *cast = node_new(N_CAST, n->loc);
	struct dt_site *site = add_site(lw, n, DT_NORMALIZE);

	vec_push(&site->aggs, xstrdup(n->args.v[0]->name));
	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xstrdup("int64");
	cast->a = n->args.v[1];
	n->args.v[1] = cast;
	return rename_call(n, "dt.normalize");
}

/* normalize(@a, N) / denormalize(@a) / trunc(@a, n): done by the print hook when they run. */
static struct node *lower_agg_action(struct lower *lw, struct node *n, enum dt_site_kind k)
{
	struct node *agg = n->args.n ? n->args.v[0] : NULL, *num;
	int want = k == DT_DENORMALIZE ? 1 : 2;
	struct dt_site *site;

	num = n->args.n == 2 ? n->args.v[1] : NULL;
	if (num && num->kind == N_UNOP && num->op == T_MINUS && num->a && num->a->kind == N_INT) {
		struct node *neg = num->a;	/* -N: a negative constant */

		num->a = NULL;
		node_free(num);
		neg->ival = -neg->ival;
		n->args.v[1] = num = neg;
	}
	if (k == DT_NORMALIZE && n->args.n == 2 && is_agg(agg) && num->kind != N_INT &&
	    !is_string_valued(lw, num))
		return lower_normalize_expr(lw, n);
	if (n->args.n != want || !is_agg(agg) || (num && num->kind != N_INT) ||
	    (k == DT_NORMALIZE && num->ival <= 0)) {
		dt_lower_err(lw, n->loc, k == DT_NORMALIZE ?
			     "%s: expected normalize(@agg, N) with N a positive integer" :
			     k == DT_TRUNC ? "%s: expected trunc(@agg) or trunc(@agg, N) with a constant N" :
			     "%s: expected denormalize(@agg)", n->name);
		return NULL;
	}
	if (k == DT_TRUNC && num->ival == 0) {	/* keep none: all of it */
		node_free(num);
		n->args.n = 1;
		free(n->name);
		n->name = xstrdup("clear");
		return NULL;
	}
	site = add_site(lw, n, k);
	site->n = num ? num->ival : 0;
	vec_push(&site->aggs, xstrdup(agg->name));
	make_print(n, 0);
	return NULL;
}

static struct node *rename_call(struct node *n, const char *name)
{
	free(n->name);
	n->name = xstrdup(name);
	return NULL;
}

/* D's symbol functions: the typed layer's dt.ksym / dt.usym with a style (types.h). */
static const struct {
	const char *d;
	bool user;
	enum sym_style style;
} sym_funcs[] = {
	{ "func", false, SYM_D_FUNC }, { "sym", false, SYM_D_FUNC }, { "mod", false, SYM_D_MOD },
	{ "ufunc", true, SYM_D_FUNC }, { "usym", true, SYM_D_FUNC }, { "umod", true, SYM_D_MOD },
	{ "uaddr", true, SYM_D_ADDR },
};

/* x as a symbol of style: dt.ksym(x, style) or dt.usym(x, style). */
static struct node *dt_sym_call(struct loc loc, struct node *x, bool user, enum sym_style style)
{
	struct node *c = dt_mk(N_CALL, loc, user ? "dt.usym" : "dt.ksym"), *st = node_new(N_INT, loc);

	st->ival = style;
	vec_push(&c->args, x);
	vec_push(&c->args, st);
	return c;
}

static struct node *lower_sym_call(struct lower *lw, struct node *n, size_t which)
{
	struct node *x;

	if (n->args.n != 1) {
		dt_lower_err(lw, n->loc, "%s() takes one argument (an address)", n->name);
		return NULL;
	}
	x = n->args.v[0];
	n->args.n = 0;
	return dt_sym_call(n->loc, x, sym_funcs[which].user, sym_funcs[which].style);
}

static struct node *deref_as(struct node *p, const char *type)
{
	struct node *cast = node_new(N_CAST, p->loc), *d = node_new(N_UNOP, p->loc);

	cast->tname = xcalloc(1, sizeof(*cast->tname));
	cast->tname->text = xasprintf("%s *", type);
	cast->tname->ptr_depth = 1;
	cast->a = p;
	d->op = T_STAR;
	d->a = cast;
	return d;
}

static void d_printf_format(struct node *call);


/*
 * D's destructive actions, only with -w (dtrace(1): "destructive actions
 * not allowed"): raise(sig) is signal(sig); stop() signal(SIGSTOP) to the
 * process; system(fmt, ...) the language's system() (the command runs
 * when sonde reads the event, through the shell); chill(ns) the internal
 * dt.chill (a busy wait); copyout(buf, addr, n) and copyoutstr(s, addr,
 * n) write_user(addr, src, n).
 */
static struct node *lower_destructive(struct lower *lw, struct node *n)
{
	static const struct { const char *d; const char *sonde; int nargs; } acts[] = {
		{ "raise", "signal", 1 }, { "stop", "signal", 0 }, { "system", "system", -1 },
		{ "chill", "dt.chill", 1 }, { "copyout", "write_user", 3 },
		{ "copyoutstr", "write_user", 3 },
	};
	char what[32];

	for (size_t i = 0; i < ARRAY_SIZE(acts); i++) {
		if (strcmp(n->name, acts[i].d))
			continue;
		snprintf(what, sizeof(what), "%s()", n->name);
		if (!lw->dc->destructive) {
			dt_lower_err(lw, n->loc, "%s: destructive actions not allowed (run dtrace with -w, or #pragma D option destructive)",
				     what);
			return NULL;
		}
		if (acts[i].nargs >= 0 && n->args.n != acts[i].nargs) {
			dt_lower_err(lw, n->loc, acts[i].nargs == 0 ? "%s takes no arguments" :
				     acts[i].nargs == 1 ? "%s takes one argument" :
				     "%s takes three arguments", what);
			return NULL;
		}
		if (!strcmp(n->name, "stop"))
			vec_push(&n->args, dt_mk_int(n->loc, 19));	/* SIGSTOP */
		if (!strncmp(n->name, "copyout", 7)) {	/* (src, addr, n) -> (addr, src, n) */
			struct node *src = n->args.v[0];

			n->args.v[0] = n->args.v[1];
			n->args.v[1] = src;
		}
		if (!strcmp(n->name, "system") && n->args.n && n->args.v[0]->kind == N_STR)
			d_printf_format(n);
		return rename_call(n, acts[i].sonde);
	}
	return NULL;
}

/*
 * inet_ntoa(&addr), inet_ntoa6(&addr6), inet_ntop(af, &addr): the
 * language's ntop() of the 4 bytes (AF_INET, 2) or the struct in6_addr
 * (AF_INET6, Linux's 10) the pointer points to.
 */
static struct node *lower_inet(struct lower *lw, struct node *n)
{
	struct node *call, *p;
	int64_t af;

	if (!strcmp(n->name, "inet_ntop")) {
		if (n->args.n != 2 || n->args.v[0]->kind != N_INT ||
		    (n->args.v[0]->ival != 2 && n->args.v[0]->ival != 10)) {
			dt_lower_err(lw, n->loc, "%s: expected inet_ntop(AF_INET or AF_INET6, address pointer) with a constant family",
				     "inet_ntop()");
			return NULL;
		}
		af = n->args.v[0]->ival;
		p = n->args.v[1];
	} else {
		if (n->args.n != 1) {
			dt_lower_err(lw, n->loc, "%s takes one argument", n->name);
			return NULL;
		}
		af = strcmp(n->name, "inet_ntoa6") ? 2 : 10;
		p = n->args.v[0];
	}
	n->args.n = 0;
	call = dt_mk(N_CALL, n->loc, "ntop");
	vec_push(&call->args, dt_mk_int(n->loc, af));
	if (af == 2) {
		vec_push(&call->args, deref_as(p, "uint32"));
	} else {
		struct node *u = dt_mk(N_FIELD, n->loc, "in6_u"), *b = dt_mk(N_FIELD, n->loc, "u6_addr8");
		struct node *cast = node_new(N_CAST, n->loc);

		cast->tname = xcalloc(1, sizeof(*cast->tname));
		cast->tname->text = xstrdup("struct in6_addr *");
		cast->tname->ptr_depth = 1;
		cast->a = p;
		u->a = cast;
		u->arrow = true;
		b->a = u;
		vec_push(&call->args, b);
	}
	return call;
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

/*
 * %Y: nanoseconds since the epoch as dtrace(1) prints them,
 * "2026 Dec  7 13:45:12" (local time): strftime() of the language, whose
 * argument is the monotonic clock, so the offset between the real-time
 * and monotonic clocks read now is taken off.
 */
static struct node *wall_date(struct node *arg)
{
	struct node *call = dt_mk(N_CALL, arg->loc, "strftime"), *diff = node_new(N_BINOP, arg->loc);
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	diff->op = T_MINUS;
	diff->a = arg;
	diff->b = node_new(N_INT, arg->loc);
	diff->b->ival = (rt.tv_sec - mono.tv_sec) * 1000000000LL + (rt.tv_nsec - mono.tv_nsec);
	vec_push(&call->args, dt_mk_str(arg->loc, "%Y %b %e %H:%M:%S"));
	vec_push(&call->args, diff);
	return call;
}

/*
 * D's printf conversions in the language's terms.  %p prints the address
 * in hex without 0x (scripts write "0x%p"): %lx.  D sizes an integer
 * conversion by its argument, never by the conversion, so one without a
 * length modifier gets l (all 64 bits; the bpftrace language converts a
 * bare %d to a C int).  %Y (a date) becomes %s of the date's text, %S
 * (a string with C escapes) %s of dt.strescape's.
 */
static void d_printf_format(struct node *call)
{
	struct node *fmt = call->args.v[0];
	struct strbuf out = { 0 };
	int argi = 1;

	for (size_t i = 0; i < fmt->len; i++) {
		size_t j = i + 1, k;

		sb_addc(&out, fmt->str[i]);
		if (fmt->str[i] != '%')
			continue;
		if (j < fmt->len && fmt->str[j] == '%') {
			sb_addc(&out, '%');
			i = j;
			continue;
		}
		while (j < fmt->len && strchr("-+ #0123456789.*", fmt->str[j]))
			argi += fmt->str[j++] == '*';
		k = j;
		while (k < fmt->len && strchr("hlLqjzt", fmt->str[k]))
			k++;
		if (k < fmt->len && (fmt->str[k] == 'k' || fmt->str[k] == 'K') && argi < call->args.n &&
		    (is_call(call->args.v[argi], "kstack") || is_call(call->args.v[argi], "ustack"))) {
			/* %k, %K: the frames, indented by the width of a left-aligned %-Nk */
			bool left = memchr(fmt->str + i + 1, '-', j - i - 1) != NULL;
			int width = 0;

			for (size_t d = i + 1; d < j; d++)
				if (fmt->str[d] >= '0' && fmt->str[d] <= '9')
					width = MIN(width * 10 + (fmt->str[d] - '0'), 64);
			call->args.v[argi] = d_stack(call->args.v[argi], left ? width : 0);
			sb_add(&out, "s", 1);
			i = j = k;
		} else if (k < fmt->len && (fmt->str[k] == 'a' || fmt->str[k] == 'A') && argi < call->args.n) {
			/* %a, %A: a kernel (user) address as module`symbol+0xoffset */
			call->args.v[argi] = dt_sym_call(call->args.v[argi]->loc, call->args.v[argi],
							 fmt->str[k] == 'A', SYM_D_ADDR);
			sb_add(&out, fmt->str + i + 1, j - i - 1);
			sb_addc(&out, 's');
			i = j = k;
		} else if (j < fmt->len && fmt->str[j] == 'p') {
			sb_add(&out, fmt->str + i + 1, j - i - 1);
			sb_add(&out, "lx", 2);
			i = j;
		} else if (j < fmt->len && strchr("diouxX", fmt->str[j]) &&
			   !strchr("hlLjzt", fmt->str[j - 1])) {
			sb_add(&out, fmt->str + i + 1, j - i - 1);
			sb_addc(&out, 'l');
			sb_addc(&out, fmt->str[j]);
			i = j;
		} else if (j < fmt->len && fmt->str[j] == 'S' && argi < call->args.n) {
			struct node *esc = dt_mk(N_CALL, call->args.v[argi]->loc, "dt.strescape");

			vec_push(&esc->args, call->args.v[argi]);
			call->args.v[argi] = esc;
			sb_add(&out, fmt->str + i + 1, j - i - 1);
			sb_addc(&out, 's');
			i = j;
		} else if (j < fmt->len && fmt->str[j] == 'Y' && argi < call->args.n) {
			sb_add(&out, fmt->str + i + 1, j - i - 1);
			sb_addc(&out, 's');
			call->args.v[argi] = wall_date(call->args.v[argi]);
			i = j;
		}
		if (j < fmt->len && fmt->str[j] != '%')
			argi++;
	}
	free(fmt->str);
	fmt->len = out.len;
	fmt->str = out.buf ? sb_steal(&out) : xstrdup("");
}

/*
 * D's string subroutines: the language's internal functions dt.NAME
 * (bpf/cg_strbuild.c, bpf/cg_strsearch.c build them), with their counts
 * of arguments.
 */
static const struct { const char *name; int min, max; } string_subrs[] = {
	{ "strjoin", 2, 2 }, { "basename", 1, 1 }, { "dirname", 1, 1 },
	{ "substr", 2, 3 }, { "index", 2, 3 }, { "rindex", 2, 3 }, { "strstr", 2, 2 },
	{ "strchr", 2, 2 }, { "strrchr", 2, 2 }, { "toupper", 1, 1 }, { "tolower", 1, 1 },
	{ "lltostr", 1, 1 },
};

static struct node *lower_string_call(struct lower *lw, struct node *n)
{
	char *name;

	for (size_t i = 0; i < ARRAY_SIZE(string_subrs); i++) {
		if (strcmp(n->name, string_subrs[i].name))
			continue;
		if (n->args.n < string_subrs[i].min || n->args.n > string_subrs[i].max) {
			char what[64];

			if (string_subrs[i].max > string_subrs[i].min)
				snprintf(what, sizeof(what), "%s() requires %d or %d arguments", n->name,
					 string_subrs[i].min, string_subrs[i].max);
			else
				snprintf(what, sizeof(what), "%s() requires %d argument%s", n->name,
					 string_subrs[i].min, string_subrs[i].min > 1 ? "s" : "");
			dt_lower_err(lw, n->loc, "%s", what);
			return NULL;
		}
		name = xasprintf("dt.%s", n->name);
		rename_call(n, name);
		free(name);
		return NULL;	/* renamed in place */
	}
	return NULL;
}

static bool is_string_subr(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(string_subrs); i++)
		if (!strcmp(name, string_subrs[i].name))
			return true;
	return false;
}

/*
 * htons(x) and friends: the language's bswap of x cast to the width
 * (the host is little-endian: network order is the other one).
 */
static struct node *lower_byteorder(struct lower *lw, struct node *n)
{
	static const struct { const char *name; const char *type; } conv[] = {
		{ "htons", "uint16" }, { "ntohs", "uint16" }, { "htonl", "uint32" },
		{ "ntohl", "uint32" }, { "htonll", "uint64" }, { "ntohll", "uint64" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(conv); i++) {
		struct node *cast;

		if (strcmp(n->name, conv[i].name))
			continue;
		if (n->args.n != 1) {
			dt_lower_err(lw, n->loc, "%s() takes one argument", n->name);
			return NULL;
		}
		cast = node_new(N_CAST, n->loc);
		cast->tname = xcalloc(1, sizeof(*cast->tname));
		cast->tname->text = xstrdup(conv[i].type);
		cast->a = n->args.v[0];
		n->args.v[0] = cast;
		return rename_call(n, "bswap");
	}
	return NULL;
}

struct node *dt_lower_call(struct lower *lw, struct node *n)
{
	static const char *const not_yet[] = {
		"breakpoint", "panic", "freopen", "ftruncate",
	};

	if (!strcmp(n->name, "quantize") && n->args.n != 1)
		return rename_call(n, "hist");	/* quantize(x): @a = quantize(x) (lower_aggs.c) */
	for (size_t i = 0; i < ARRAY_SIZE(sym_funcs); i++)
		if (!strcmp(n->name, sym_funcs[i].d))
			return lower_sym_call(lw, n, i);
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
	if (is_string_subr(n->name))
		return lower_string_call(lw, n);
	if (!strncmp(n->name, "hton", 4) || !strncmp(n->name, "ntoh", 4))
		return lower_byteorder(lw, n);
	if (!strcmp(n->name, "rand") && !n->args.n)
		return dt_mk(N_BUILTIN, n->loc, "rand");
	if (!strcmp(n->name, "copyin"))
		return rename_call(n, "buf");
	if (!strcmp(n->name, "tracemem"))
		return lower_tracemem(lw, n);
	if (!strcmp(n->name, "copyinstr")) {
		/* str(p, size) reads size - 1 characters and a NUL: strsize characters at most */
		if (n->args.n == 1) {
			struct node *len = node_new(N_INT, n->loc);

			len->ival = lw->dc->strsize + 1;
			vec_push(&n->args, len);
		} else if (n->args.n == 2 && n->args.v[1]->kind == N_INT &&
			   n->args.v[1]->ival >= 0) {	/* copyinstr(p, max): max characters */
			n->args.v[1]->ival = MIN(n->args.v[1]->ival, (int64_t)lw->dc->strsize) + 1;
		}
		return rename_call(n, "str");
	}
	if (!strcmp(n->name, "clear"))
		return rename_call(n, "zero");
	if (!strcmp(n->name, "trunc") && n->args.n == 1)
		return rename_call(n, "clear");
	if (!strcmp(n->name, "trunc"))
		return lower_agg_action(lw, n, DT_TRUNC);
	if (!strcmp(n->name, "denormalize"))
		return lower_agg_action(lw, n, DT_DENORMALIZE);
	if (!strcmp(n->name, "stack") || !strcmp(n->name, "ustack"))
		return rename_call(n, n->name[0] == 's' ? "kstack" : "ustack");
	if (!strcmp(n->name, "trace"))
		return lower_trace(lw, n);
	if (!strcmp(n->name, "printf") && n->args.n && n->args.v[0]->kind == N_STR) {
		d_printf_format(n);
		if (stack_conv_left(n->args.v[0]->str))
			dt_lower_err(lw, n->args.v[0]->loc, "%s: %%k and %%K take a stack() or ustack() value",
				     "printf");
	}
	if (!strcmp(n->name, "printa"))
		return lower_printa(lw, n);
	if (!strcmp(n->name, "normalize"))
		return lower_agg_action(lw, n, DT_NORMALIZE);
	if (!strcmp(n->name, "raise") || !strcmp(n->name, "stop") || !strcmp(n->name, "system") ||
	    !strcmp(n->name, "chill") || !strncmp(n->name, "copyout", 7))
		return lower_destructive(lw, n);
	if (!strcmp(n->name, "progenyof"))
		return rename_call(n, "dt.progenyof");
	if (!strcmp(n->name, "speculation") || !strcmp(n->name, "speculate") ||
	    !strcmp(n->name, "commit") || !strcmp(n->name, "discard"))
		return dt_lower_spec_call(lw, n);
	if (!strncmp(n->name, "inet_nto", 8))
		return lower_inet(lw, n);
	if (!strcmp(n->name, "setopt"))
		return lower_setopt(lw, n);
	if (!strcmp(n->name, "stringof") && n->args.n == 1) {
		if (is_call(n->args.v[0], "buf"))	/* stringof(copyin(p, n)): str(p, n) */
			rename_call(n->args.v[0], "str");
		if (is_string_valued(lw, n->args.v[0])) {
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

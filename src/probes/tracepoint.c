// SPDX-License-Identifier: GPL-2.0
/*
 * tracepoint:CATEGORY:EVENT — the kernel's static tracepoints, found in
 * tracefs and attached as PERF_TYPE_TRACEPOINT perf events.  Both parts
 * may hold '*' and '?' wildcards.  `args` is the record the format file
 * describes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "perf.h"
#include "tracefs.h"

struct tp_target {
	char *category;
	char *event;
	int id;			/* tracefs id: the perf_event config */
	struct type *args;	/* TY_CTX, parsed on first use */
	bool args_read;
};

static void tp_add(probelist *out, const char *category, const char *event, int id)
{
	struct tp_target *t = xcalloc(1, sizeof(*t));
	struct probe p;

	t->category = xstrdup(category);
	t->event = xstrdup(event);
	t->id = id;
	p.name = xasprintf("tracepoint:%s:%s", category, event);
	p.target = t;
	vec_push(out, p);
}

static int tp_expand_exact(const char *category, const char *event,
			   const struct expand_ctx *ctx, probelist *out)
{
	int id = tracefs_event_id(category, event);

	if (id < 0 && ctx->missing != MISSING_ERROR) {
		/* config missing_probes = warn or ignore: the other probes still run */
		if (ctx->missing == MISSING_WARN)
			diag_warning(ctx->src, ctx->loc, "No matches for tracepoint %s:%s. Skipping.",
				     category, event);
		return 0;
	}
	if (id < 0) {
		diag_error(ctx->src, ctx->loc, "No matches for tracepoint %s:%s.", category, event);
		return -1;
	}
	tp_add(out, category, event, id);
	return 0;
}

static void tp_expand_category(const char *category, const char *event_pat, probelist *out)
{
	tracefs_names events = { 0 };

	tracefs_events(category, &events);
	for (int i = 0; i < events.n; i++) {
		int id;

		if (!probe_match(event_pat, events.v[i]))
			continue;
		id = tracefs_event_id(category, events.v[i]);
		if (id >= 0)
			tp_add(out, category, events.v[i], id);
	}
	tracefs_names_free(&events);
}

static int tp_expand_wildcard(const char *cat_pat, const char *event_pat,
			      const struct expand_ctx *ctx, probelist *out)
{
	tracefs_names cats = { 0 };
	int before = out->n;

	if (!probe_has_wildcard(cat_pat)) {
		tp_expand_category(cat_pat, event_pat, out);
	} else {
		tracefs_categories(&cats);
		for (int i = 0; i < cats.n; i++)
			if (probe_match(cat_pat, cats.v[i]))
				tp_expand_category(cats.v[i], event_pat, out);
		tracefs_names_free(&cats);
	}
	if (out->n == before) {
		diag_error(ctx->src, ctx->loc, "tracepoints not found: %s:%s", cat_pat, event_pat);
		return -1;
	}
	return 0;
}

static int tp_expand(const struct provider *prov, const char *spec,
		     const struct expand_ctx *ctx, probelist *out)
{
	const char *colon = strchr(spec, ':');
	char *category;
	int err;

	if (!colon || strchr(colon + 1, ':')) {
		diag_error(ctx->src, ctx->loc, "tracepoint probe type requires 2 arguments");
		return -1;
	}
	if (!tracefs_root()) {
		diag_error(ctx->src, ctx->loc,
			   "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
		return -1;
	}
	if (!tracefs_readable()) {
		/* as an unprivileged user: say so rather than "not found" */
		diag_error(ctx->src, ctx->loc, "cannot read tracefs at %s: %s (tracepoints need root)",
			   tracefs_root(), strerror(EACCES));
		return -1;
	}
	category = xstrndup(spec, colon - spec);
	if (probe_has_wildcard(spec))
		err = tp_expand_wildcard(category, colon + 1, ctx, out);
	else
		err = tp_expand_exact(category, colon + 1, ctx, out);
	free(category);
	return err;
}

static struct type *tp_args_type(void *target)
{
	struct tp_target *t = target;
	char *format;

	if (!t->args_read) {
		t->args_read = true;
		format = tracefs_read_format(t->category, t->event);
		if (format)
			t->args = tracefs_parse_format(format, t->category);
		free(format);
	}
	return t->args;
}

static int tp_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct tp_target *t = target;

	return perf_attach_event(probe, perf_open_tracepoint(t->id, 0), prog_fd, 0, fds);
}

/* -lv: the fields as the format file declares them. */
static void tp_list_args(const char *category, const char *event, FILE *out)
{
	char *format = tracefs_read_format(category, event);
	tracefs_fieldlist fields = { 0 };

	if (!format)
		return;
	tracefs_parse_fields(format, &fields);
	for (int i = 0; i < fields.n; i++)
		if (!fields.v[i].common)
			fprintf(out, "    %s\n", fields.v[i].decl);
	tracefs_fields_free(&fields);
	free(format);
}

static void tp_list_category(const char *category, const char *pattern, bool verbose,
			     FILE *out)
{
	tracefs_names events = { 0 };

	tracefs_events(category, &events);
	for (int i = 0; i < events.n; i++) {
		char *name = xasprintf("tracepoint:%s:%s", category, events.v[i]);

		if (!pattern || probe_match(pattern, name)) {
			fprintf(out, "%s\n", name);
			if (verbose)
				tp_list_args(category, events.v[i], out);
		}
		free(name);
	}
	tracefs_names_free(&events);
}

/*
 * The category named literally in "tracepoint:CAT:...", so that listing
 * one category reads only its directory; NULL when the pattern may match
 * any category.
 */
static char *literal_category(const char *pattern)
{
	static const char prefix[] = "tracepoint:";
	const char *cat, *end;

	if (!pattern || strncmp(pattern, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	cat = pattern + sizeof(prefix) - 1;
	end = strchr(cat, ':');
	if (!end || end == cat)
		return NULL;
	for (const char *p = cat; p < end; p++)
		if (*p == '*' || *p == '?')
			return NULL;
	return xstrndup(cat, end - cat);
}

static void tp_list(const char *pattern, bool verbose, FILE *out)
{
	char *only = literal_category(pattern);
	tracefs_names cats = { 0 };

	if (only) {
		tp_list_category(only, pattern, verbose, out);
		free(only);
		return;
	}
	tracefs_categories(&cats);
	for (int i = 0; i < cats.n; i++)
		tp_list_category(cats.v[i], pattern, verbose, out);
	tracefs_names_free(&cats);
}

static void tp_free_target(void *target)
{
	struct tp_target *t = target;

	if (!t)
		return;
	tracefs_ctx_free(t->args);
	free(t->category);
	free(t->event);
	free(t);
}

const struct provider provider_tracepoint = {
	.name = "tracepoint",
	.aliases = (const char *const[]){ "t", NULL },
	.kind = PROV_ATTACHED,
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.expand = tp_expand,
	.args_type = tp_args_type,
	.attach = tp_attach,
	.list = tp_list,
	.free_target = tp_free_target,
};

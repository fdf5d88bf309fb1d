// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler driver: top-level items, probe expansion, the two sema
 * passes, map layouts and code generation for every concrete probe.
 */
#include "compile.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <bpf/libbpf.h>

#include "bpf/codegen.h"
#include "hindex.h"
#include "lang/cdef.h"
#include "lang/macro.h"
#include "lang/named_params.h"
#include "lang/sema.h"
#include "probes/provider.h"
#include "sym/elf.h"
#include "sym/ksyms.h"
#include "sym/usyms.h"
#include "syscall_merge.h"
#include "lang/desugar.h"

/* ---- top-level items other than probes ---- */

static int map_declaration(struct program *prog, struct node *n);

/* config = { key = value; ... }: the keys bpftrace knows. */
struct config_key {
	const char *name;
	int (*apply)(struct program *prog, struct node *value);
};

static int int_value(struct program *prog, const char *key, struct node *v, int64_t min,
		     int64_t max, int64_t *out)
{
	if (v->kind != N_INT || v->ival < min || v->ival > max) {
		diag_error(prog->src, v->loc, "%s: expected an integer from %lld to %lld", key,
			   (long long)min, (long long)max);
		return -1;
	}
	*out = v->ival;
	return 0;
}

static int cfg_max_strlen(struct program *prog, struct node *v)
{
	int64_t n;

	if (int_value(prog, "max_strlen", v, 1, CONFIG_STRLEN_MAX, &n) < 0)
		return -1;
	prog->cfg.max_strlen = n;
	return 0;
}

static int cfg_max_map_keys(struct program *prog, struct node *v)
{
	int64_t n;

	if (int_value(prog, "max_map_keys", v, 1, CONFIG_MAP_KEYS_MAX, &n) < 0)
		return -1;
	prog->cfg.map_keys_max = n;
	return 0;
}

static int cfg_max_bpf_progs(struct program *prog, struct node *v)
{
	int64_t n;

	if (int_value(prog, "max_bpf_progs", v, 1, 1 << 20, &n) < 0)
		return -1;
	prog->cfg.max_bpf_progs = n;
	return 0;
}

static int cfg_perf_rb_pages(struct program *prog, struct node *v)
{
	int64_t n;
	uint32_t size = 4096;

	if (int_value(prog, "perf_rb_pages", v, 1, CONFIG_RINGBUF_MAX / 4096, &n) < 0)
		return -1;
	while (size < n * 4096)
		size <<= 1;
	prog->cfg.ringbuf_size = size;
	prog->cfg.ringbuf_explicit = true;
	return 0;
}

static int cfg_cat_bytes_max(struct program *prog, struct node *v)
{
	int64_t n;

	if (int_value(prog, "cat_bytes_max", v, 1, CONFIG_CAT_BYTES_MAX, &n) < 0)
		return -1;
	prog->cfg.cat_bytes_max = n;
	return 0;
}

static int cfg_print_maps(struct program *prog, struct node *v)
{
	if (v->kind != N_BOOL && v->kind != N_INT) {
		diag_error(prog->src, v->loc, "expected true or false");
		return -1;
	}
	prog->cfg.no_print_maps = !v->ival;
	return 0;
}

/* show_debug_info: user frames with their source line and inlined functions (on by default) */
static int cfg_debug_info(struct program *prog, struct node *v)
{
	if (v->kind != N_BOOL && v->kind != N_INT) {
		diag_error(prog->src, v->loc, "expected true or false");
		return -1;
	}
	prog->cfg.no_debug_info = !v->ival;
	return 0;
}

static int cfg_missing_probes(struct program *prog, struct node *v)
{
	static const char *const modes[] = {
		[MISSING_ERROR] = "error", [MISSING_WARN] = "warn", [MISSING_IGNORE] = "ignore",
	};
	const char *name = v->kind == N_IDENT || v->kind == N_BUILTIN ? v->name :
			   v->kind == N_STR ? v->str : NULL;

	for (size_t i = 0; name && i < ARRAY_SIZE(modes); i++) {
		if (strcmp(name, modes[i]) == 0) {
			prog->cfg.missing_probes = i;
			return 0;
		}
	}
	diag_error(prog->src, v->loc, "missing_probes is error, warn or ignore");
	return -1;
}

int compile_stack_mode(const char *name)
{
	static const char *const modes[] = { "bpftrace", "perf", "raw", "build_id" };

	for (size_t i = 0; name && i < ARRAY_SIZE(modes); i++)
		if (strcmp(name, modes[i]) == 0)
			return i;
	return -1;
}

static int cfg_trunc_trailer(struct program *prog, struct node *v)
{
	if (v->kind != N_STR) {
		diag_error(prog->src, v->loc, "str_trunc_trailer is a string");
		return -1;
	}
	prog->cfg.str_trunc_trailer = v->str;	/* the AST outlives the run */
	return 0;
}

/*
 * license: the programs always load as "GPL" (every value bpftrace takes is
 * GPL-compatible, which is all the kernel checks); others are refused as
 * bpftrace refuses them.
 */
static int cfg_license(struct program *prog, struct node *v)
{
	static const char *const valid[] = {
		"Dual MIT/GPL", "Dual BSD/GPL", "Dual MPL/GPL", "GPL and additional rights",
		"GPL v2", "GPL",
	};
	const char *name = v->kind == N_STR ? v->str :
			   v->kind == N_IDENT || v->kind == N_BUILTIN ? v->name : NULL;

	for (size_t i = 0; name && i < ARRAY_SIZE(valid); i++)
		if (strcmp(name, valid[i]) == 0)
			return 0;
	diag_error(prog->src, v->loc, "Invalid value for license. Found: %s. Valid values: Dual MIT/GPL, Dual BSD/GPL, Dual MPL/GPL, GPL and additional rights, GPL v2, GPL",
		   name ? name : "(not a string)");
	return -1;
}

static int cfg_stack_mode(struct program *prog, struct node *v)
{
	const char *name = v->kind == N_IDENT || v->kind == N_BUILTIN ? v->name :
			   v->kind == N_STR ? v->str : NULL;
	int mode = compile_stack_mode(name);

	if (mode < 0) {
		diag_error(prog->src, v->loc, "stack_mode is bpftrace, perf, raw or build_id");
		return -1;
	}
	/* as in bpftrace, BPFTRACE_STACK_MODE in the environment wins */
	if (!prog->cfg.stack_mode_env)
		prog->cfg.stack_mode = mode;
	return 0;
}

/*
 * bpftrace's dw_ustack([mode][, n]): a user stack unwound from DWARF.
 * sonde's unwinder works program-wide (unwind = dwarf), so a dw_ustack
 * call is a ustack call that turns it on.  True when one was found;
 * *refused counts those that config unstable_dw_ustack = error refuses.
 */
static bool dw_ustack_to_ustack(struct program *prog, struct node *n, int *refused)
{
	bool found = false;

	if (!n)
		return false;
	if (n->kind == N_CALL && n->name && strcmp(n->name, "dw_ustack") == 0) {
		if (prog->cfg.no_dw_ustack) {
			diag_error(prog->src, n->loc,
				   "dw_ustack: config unstable_dw_ustack = error refuses it");
			(*refused)++;
		}
		free(n->name);
		n->name = xstrdup("ustack");
		found = true;
	}
	found |= dw_ustack_to_ustack(prog, n->a, refused);
	found |= dw_ustack_to_ustack(prog, n->b, refused);
	found |= dw_ustack_to_ustack(prog, n->c, refused);
	for (int i = 0; i < n->args.n; i++)
		found |= dw_ustack_to_ustack(prog, n->args.v[i], refused);
	return found;
}

/* unwind = dwarf | fp: how ustack finds its frames (program.h). */
static int cfg_unwind(struct program *prog, struct node *v)
{
	const char *name = v->kind == N_IDENT || v->kind == N_BUILTIN ? v->name :
			   v->kind == N_STR ? v->str : NULL;

	if (name && (strcmp(name, "dwarf") == 0 || strcmp(name, "fp") == 0)) {
		prog->cfg.unwind_dwarf = name[0] == 'd';
		return 0;
	}
	diag_error(prog->src, v->loc, "unwind is dwarf or fp");
	return -1;
}

/*
 * unstable_dw_ustack = enable | warn | error: bpftrace's gate on its
 * dw_ustack.  sonde's is not experimental, so enable and warn are the
 * same; error refuses the function.
 */
static int cfg_dw_ustack(struct program *prog, struct node *v)
{
	const char *name = v->kind == N_IDENT || v->kind == N_BUILTIN ? v->name :
			   v->kind == N_STR ? v->str : NULL;

	if (name && (!strcmp(name, "enable") || !strcmp(name, "warn") || !strcmp(name, "error"))) {
		prog->cfg.no_dw_ustack = name[0] == 'e' && name[1] == 'r';
		return 0;
	}
	diag_error(prog->src, v->loc, "unstable_dw_ustack is enable, warn or error");
	return -1;
}

/* Keys that tune bpftrace's own machinery: accepted, nothing to do here. */
static int cfg_no_effect(struct program *prog, struct node *v)
{
	return 0;
}

static const struct config_key config_keys[] = {
	{ "max_strlen", cfg_max_strlen },
	{ "max_map_keys", cfg_max_map_keys },
	{ "max_cat_bytes", cfg_cat_bytes_max },	/* bpftrace's newer name */
	{ "perf_rb_pages", cfg_perf_rb_pages },
	{ "cat_bytes_max", cfg_cat_bytes_max },
	{ "print_maps_on_exit", cfg_print_maps },
	{ "stack_mode", cfg_stack_mode },
	{ "unwind", cfg_unwind },
	{ "unstable_dw_ustack", cfg_dw_ustack },
	{ "max_probes", cfg_no_effect },
	{ "max_bpf_progs", cfg_max_bpf_progs },
	{ "max_type_res_iterations", cfg_no_effect },
	{ "log_size", cfg_no_effect },
	{ "on_stack_limit", cfg_no_effect },
	{ "str_trunc_trailer", cfg_trunc_trailer },
	{ "missing_probes", cfg_missing_probes },
	{ "cache_user_symbols", cfg_no_effect },
	{ "symbol_source", cfg_no_effect },
	{ "license", cfg_license },
	{ "show_debug_info", cfg_debug_info },
};

static int config_apply(struct program *prog, struct node *cfg)
{
	int i, errors = 0;
	size_t k;

	for (i = 0; i < cfg->args.n; i++) {
		struct node *a = cfg->args.v[i];
		const char *key = a->a->name;

		/* BPFTRACE_MAX_STRLEN = 64 works as max_strlen */
		if (strncasecmp(key, "BPFTRACE_", 9) == 0)
			key += 9;
		for (k = 0; k < ARRAY_SIZE(config_keys); k++)
			if (strcasecmp(config_keys[k].name, key) == 0)
				break;
		if (k == ARRAY_SIZE(config_keys)) {
			diag_error(prog->src, a->loc, "%s: not a known configuration option", a->a->name);
			errors++;
		} else if (config_keys[k].apply(prog, a->b) < 0) {
			errors++;
		}
	}
	return errors ? -1 : 0;
}

static int toplevel_item(struct program *prog, struct node *n)
{
	switch (n->kind) {
	case N_PROBE:
		return 0;
	case N_CONFIG:
		return config_apply(prog, n);
	case N_PREPROC:
		/* The preprocessor ran before parsing; types come from BTF. */
		return 0;
	case N_IMPORT:
		return 0;	/* a standard library module: its functions are built in */
	case N_CDEF:
		return cdef_define(prog->src, n);
	case N_MACRO:
	case N_FUNCTION:
		return 0;	/* expanded by macro_expand() */
	case N_MAPDECL:
		return map_declaration(prog, n);
	default:
		diag_error(prog->src, n->loc, "unexpected item at top level");
		return -1;
	}
}

/* let @name = hash(N) | lruhash(N) | percpuhash(N) | percpulruhash(N) */
static int map_declaration(struct program *prog, struct node *n)
{
	static const struct { const char *kind; bool lru; } kinds[] = {
		{ "hash", false }, { "lruhash", true }, { "percpuhash", false },
		{ "percpulruhash", true },
	};
	struct node *call = n->a;
	struct mapinfo *m;
	size_t i;
	int k = -1;

	for (i = 0; call && call->kind == N_CALL && i < ARRAY_SIZE(kinds); i++)
		if (strcmp(call->name, kinds[i].kind) == 0)
			k = i;
	if (k < 0) {
		diag_error(prog->src, call ? call->loc : n->loc,
			   "map declarations take hash, lruhash, percpuhash or percpulruhash");
		return -1;
	}
	if (call->args.n != 1 || call->args.v[0]->kind != N_INT || call->args.v[0]->ival < 1 ||
	    call->args.v[0]->ival > (1 << 24)) {
		diag_error(prog->src, call->loc, "%s() takes the number of entries, 1 to %d",
			   call->name, 1 << 24);
		return -1;
	}
	if (sema_map_lookup(prog, n->name)) {
		diag_error(prog->src, n->loc, "%s is declared twice", n->name);
		return -1;
	}
	m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(n->name);
	m->first_use = n->loc;
	m->spec = -1;
	m->max_entries = call->args.v[0]->ival;
	m->lru = kinds[k].lru;
	m->declared = true;
	sema_map_add(prog, m);
	return 0;
}

/* ---- probes ---- */

/*
 * The probe's number, by its name; a front end's label of the attach
 * point (D's probe, PROBE_LABEL_SEP then its provider and name) makes
 * two probes that share an attach point two probes.
 */
static int probe_index(struct program *prog, const char *probe, const char *label)
{
	char *name = label ? xasprintf("%s" PROBE_LABEL_SEP "%s", probe, label) : xstrdup(probe);
	uint64_t h = hindex_hash_str(name);
	size_t it;

	/* k:* expands to tens of thousands of probes: no linear search */
	for (int i = hindex_first(&prog->probe_name_index, h, &it); i >= 0;
	     i = hindex_next(&prog->probe_name_index, h, &it))
		if (strcmp(prog->probe_names.v[i], name) == 0) {
			free(name);
			return i;
		}
	hindex_add(&prog->probe_name_index, h, prog->probe_names.n);
	vec_push(&prog->probe_names, name);
	return prog->probe_names.n - 1;
}

/*
 * $1, $2 ... in an attach point are replaced by the positional parameters
 * (an absent one by nothing), as bpftrace does: i:ms:$1, BEG$1, $1 alone.
 */
static void substitute_params(const struct program *prog, struct node *ap)
{
	struct strbuf sb;
	const char *p;

	if (!strchr(ap->str, '$'))
		return;
	sb_init(&sb);
	for (p = ap->str; *p; p++) {
		char *end;
		long k;

		if (*p != '$' || p[1] < '1' || p[1] > '9') {
			sb_addc(&sb, *p);
			continue;
		}
		k = strtol(p + 1, &end, 10);
		if (k <= prog->npos)
			sb_adds(&sb, prog->pos[k - 1]);
		p = end - 1;
	}
	free(ap->str);
	ap->str = sb_steal(&sb);
	ap->len = strlen(ap->str);
}

/*
 * --probe-filter drops a concrete probe whose name it does not match;
 * bench probes run only in --mode bench, and are dropped in the others.
 */
static bool filtered_out(const struct compile_opts *o, const struct provider *prov,
			 const char *name)
{
	if (prov->kind == PROV_BENCH)
		return !o->bench;
	if (!o->probe_filter || prov->kind != PROV_ATTACHED)
		return false;
	return regexec(o->probe_filter, name, 0, NULL, 0) != 0;
}

static int expand_probe(struct program *prog, struct node *probe, const struct compile_opts *o)
{
	int i, j, errors = 0, before = prog->progs.n, filtered = 0;

	for (i = 0; i < probe->args.n; i++) {
		struct node *ap = probe->args.v[i];
		struct expand_ctx ctx = {
			.src = prog->src, .loc = ap->loc, .pid = o->pid,
			.missing = prog->cfg.missing_probes,
			.unsafe = prog->cfg.unsafe, .no_attach = o->no_attach,
		};
		const struct provider *prov = NULL;
		probelist list = { 0 };

		substitute_params(prog, ap);
		if (probe_expand(ap->str, &ctx, &list, &prov) < 0) {
			errors++;
			continue;
		}
		/* dtrace:::ERROR runs on the faults only a D program's reads report */
		if (prov->kind == PROV_ERROR && prog->cfg.read_faults != READS_ABORT) {
			diag_error(prog->src, ap->loc, "Invalid probe type: %s", prov->name);
			for (j = 0; j < list.n; j++) {
				free(list.v[j].name);
				if (prov->free_target)
					prov->free_target(list.v[j].target);
			}
			vec_free(&list);
			errors++;
			continue;
		}
		for (j = 0; j < list.n; j++) {
			struct prog_spec ps = { 0 };

			if (filtered_out(o, prov, list.v[j].name)) {
				free(list.v[j].name);
				if (prov->free_target)
					prov->free_target(list.v[j].target);
				filtered++;
				continue;
			}
			ps.probe = list.v[j].name;
			ps.target = list.v[j].target;
			ps.prov = prov;
			ps.node = probe;
			ps.probe_index = probe_index(prog, ps.probe, ap->name);
			ps.prog_type = prov->target_prog_type ?
					       prov->target_prog_type(ps.target) : prov->prog_type;
			if (prov->expected_attach_type)
				ps.expected_attach_type = prov->expected_attach_type(ps.target);
			ps.fd = -1;
			ps.dup_of = -1;
			vec_push(&prog->progs, ps);
		}
		vec_free(&list);
	}
	if (!errors && prog->progs.n == before && !filtered &&
	    prog->cfg.missing_probes != MISSING_ERROR) {
		/* every attach point was skipped as missing: the block goes, the program runs */
		if (prog->cfg.missing_probes == MISSING_WARN)
			diag_warning(prog->src, probe->loc, "Probe has no valid attach points. "
				     "It is being removed which may cause issues with program behavior.");
		return 0;
	}
	if (!errors && prog->progs.n == before && !filtered) {
		diag_error(prog->src, probe->loc, "Probe has no valid attach points.");
		return -1;
	}
	return errors ? -1 : 0;
}

/* ---- maps ---- */

static void add_map(struct program *prog, const char *name, enum bpf_map_type type,
		    uint32_t key_size, uint32_t value_size, uint32_t max_entries,
		    struct mapinfo *info)
{
	struct map_spec ms = {
		.name = xstrdup(name), .type = type, .key_size = key_size,
		.value_size = value_size, .max_entries = max_entries, .info = info, .fd = -1,
	};

	vec_push(&prog->maps, ms);
}

static uint32_t agg_value_size(const struct program *prog, enum agg_kind agg)
{
	switch (agg) {
	case AGG_NONE:
		return 0;
	case AGG_HIST:
	case AGG_LHIST:
		return prog->cfg.hist_sums ? 16 : 8;
	case AGG_COUNT:
		return 8;
	case AGG_TSERIES:
		return 24;
	default:
		return 16;
	}
}

/* The key ends in a string of at least 128 bytes: its offset and capacity. */
static bool key_tail_string(const struct type *key, uint32_t *off, uint32_t *size)
{
	const struct field *last;

	if (key->kind == TY_STR) {
		*off = 0;
		*size = key->size;
	} else if (key->kind == TY_TUPLE && key->nfields > 0) {
		last = &key->fields[key->nfields - 1];
		if (last->type->kind != TY_STR)
			return false;
		*off = last->offset;
		*size = last->type->size;
	} else {
		return false;
	}
	return *size >= 128;
}

/* Key tiers (program.h) of a hash map keyed by a long string at the end. */
static void user_map_tiers(struct program *prog, struct mapinfo *m)
{
	static const uint32_t lens[MAP_TIERS_MAX] = { 64, 256 };
	const struct map_spec *full = &prog->maps.v[m->spec];
	uint32_t off, size;
	char kname[32];

	if (!m->keyed || !m->key || m->iterated || m->agg == AGG_HIST || m->agg == AGG_LHIST ||
	    m->agg == AGG_TSERIES || !key_tail_string(m->key, &off, &size))
		return;
	m->tier_str_off = off;
	for (int i = 0; i < MAP_TIERS_MAX && lens[i] < size; i++) {
		snprintf(kname, sizeof(kname), "AT_%.7s_%u", m->name + 1, lens[i]);
		kname[15] = 0;	/* the kernel's limit */
		m->tier_len[m->ntiers] = lens[i];
		m->tier_spec[m->ntiers++] = prog->maps.n;
		add_map(prog, kname, full->type, ALIGN_UP(off + lens[i], 8), full->value_size,
			full->max_entries, m);
		full = &prog->maps.v[m->spec];	/* add_map may move the vector */
	}
}

/* A keyed tseries map's {key, interval} entries, at most (preallocated per CPU). */
#define TSERIES_MAX_ENTRIES (1u << 18)

static void user_map_spec(struct program *prog, struct mapinfo *m)
{
	uint32_t ks = m->key ? ALIGN_UP(m->key->size, 8) : 8;
	char kname[16];
	bool hist = m->agg == AGG_HIST || m->agg == AGG_LHIST || m->agg == AGG_TSERIES;
	uint32_t entries = m->max_entries;

	/* keyed by { key; bucket }: room for some buckets per key */
	if (m->agg == AGG_TSERIES)
		entries = MIN((uint64_t)m->max_entries * m->nbuckets, TSERIES_MAX_ENTRIES);
	else if (hist && !m->declared)
		entries = m->max_entries * 4;
	snprintf(kname, sizeof(kname), "AT_%s", m->name + 1);
	m->spec = prog->maps.n;
	if (m->agg == AGG_NONE && m->keyed && prog->cfg.dyn_var_bytes) {
		/* D's dynvarsize: the bytes of keys and values the variable holds */
		uint64_t n = prog->cfg.dyn_var_bytes / (ks + ALIGN_UP(m->value->size, 8));

		m->max_entries = (uint32_t)MAX(1, MIN(n, CONFIG_MAP_KEYS_MAX));
	}
	if (m->agg == AGG_NONE)
		add_map(prog, kname, m->lru ? BPF_MAP_TYPE_LRU_HASH : BPF_MAP_TYPE_HASH, ks,
			ALIGN_UP(m->value->size, 8), m->keyed ? m->max_entries : 1, m);
	else if (!m->keyed)
		add_map(prog, kname, BPF_MAP_TYPE_PERCPU_ARRAY, 4, agg_value_size(prog, m->agg),
			hist ? m->nbuckets : 1, m);
	else
		add_map(prog, kname, m->lru ? BPF_MAP_TYPE_LRU_PERCPU_HASH : BPF_MAP_TYPE_PERCPU_HASH,
			ks + (hist ? 8 : 0), agg_value_size(prog, m->agg), entries, m);
	user_map_tiers(prog, m);
}

static int cmp_maps(const void *a, const void *b)
{
	const struct mapinfo *x = *(struct mapinfo *const *)a, *y = *(struct mapinfo *const *)b;

	return strcmp(x->name, y->name);
}

/*
 * unwind = dwarf: a map with a ustack in its key (or plain value) is
 * aggregated in user space, where the stacks are unwound (program.h).
 * Probes only send it updates, so they cannot read it as a whole.
 */
static int mark_user_maps(struct program *prog)
{
	int errors = 0;

	for (int i = 0; prog->cfg.unwind_dwarf && i < prog->usermaps.n; i++) {
		struct mapinfo *m = prog->usermaps.v[i];

		if (!type_has_ustack(m->key) && !(m->agg == AGG_NONE && type_has_ustack(m->value)))
			continue;
		if (m->iterated) {
			diag_error(prog->src, m->first_use,
				   "for and len() over %s are not supported in a program with unwind = dwarf: the map holds user stacks, which are unwound and aggregated in user space",
				   m->name);
			errors++;
		}
		m->uagg = true;
	}
	return errors ? -1 : 0;
}

/* Declared, never used: nothing to create or print (one pass: 100k of them stay linear). */
static void drop_unused_maps(struct program *prog)
{
	int i, kept = 0;

	for (i = 0; i < prog->usermaps.n; i++) {
		struct mapinfo *m = prog->usermaps.v[i];

		if (!m->value && m->declared && !m->used_read && !m->used_write) {
			diag_warning(prog->src, m->first_use, "Unused map: %s", m->name);
			free(m->name);
			free(m);
			continue;
		}
		prog->usermaps.v[kept++] = m;
	}
	prog->usermaps.n = kept;
}

/*
 * The most a program run once (BEGIN, END) can send: every output call at
 * most once when no jump goes backwards (no loop) and there are no
 * callbacks.  Each record is the size its `r3 = size` says, rounded to 8,
 * plus the ring buffer's 8-byte header.  UINT32_MAX: no bound.
 */
static uint32_t ringbuf_bound(const struct prog_spec *ps)
{
	uint64_t need = 0;

	if ((ps->prov->kind != PROV_BEGIN && ps->prov->kind != PROV_END) || ps->subprogs.n)
		return UINT32_MAX;
	for (int i = 0; i < ps->ninsns; i++) {
		const struct bpf_insn *in = &ps->insns[i];
		uint8_t cls = BPF_CLASS(in->code);

		if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(in->code) != BPF_CALL &&
		    BPF_OP(in->code) != BPF_EXIT && in->off < 0)
			return UINT32_MAX;
		if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg)
			continue;
		if (in->imm == BPF_FUNC_ringbuf_reserve)
			return UINT32_MAX;
		if (in->imm != BPF_FUNC_ringbuf_output)
			continue;
		/* emit_output_record: r3 = size; r4 = 0; call */
		if (i < 2 || ps->insns[i - 2].code != (BPF_ALU64 | BPF_MOV | BPF_K) ||
		    ps->insns[i - 2].dst_reg != BPF_REG_3 || ps->insns[i - 2].imm < 0)
			return UINT32_MAX;
		need += ALIGN_UP((uint64_t)ps->insns[i - 2].imm, 8) + 8;
	}
	return need > UINT32_MAX ? UINT32_MAX : (uint32_t)need;
}

/*
 * A program whose probes all run once (BEGIN, END) gets a ring buffer of
 * the size its records can fill, not the default: the kernel maps every
 * page of it into sonde (twice), 2 MiB of resident memory for 1 MiB.
 */
static void size_ringbuf(struct program *prog)
{
	uint64_t need = 0;
	uint32_t size = 4096;	/* a page: the smallest ring buffer */

	if (prog->cfg.ringbuf_explicit || prog->cfg.unwind_dwarf)
		return;
	for (int i = 0; i < prog->progs.n; i++) {
		uint32_t b = ringbuf_bound(&prog->progs.v[i]);

		if (b == UINT32_MAX)
			return;
		need += b;
	}
	while (size < need && size < prog->cfg.ringbuf_size)
		size <<= 1;
	if (size < prog->maps.v[IMAP_RINGBUF].max_entries)
		prog->maps.v[IMAP_RINGBUF].max_entries = size;
}

/* The large scratch array's entries: one per possible CPU (at least one). */
static uint32_t possible_cpus(void)
{
	int n = libbpf_num_possible_cpus();

	return n > 0 ? (uint32_t)n : 1;
}

/* Processes (times files) whose load base uaddr() keeps; the least used go. */
#define UADDR_BASES_MAX 4096

/* Samples of 16 KiB of stack need room: 8 MiB hold about 500. */
#define DWARF_RINGBUF_MIN (8u << 20)

static int create_map_specs(struct program *prog)
{
	uint32_t rb_size = prog->cfg.ringbuf_size;
	int i, errors = 0;

	if (prog->cfg.unwind_dwarf && rb_size < DWARF_RINGBUF_MIN)
		rb_size = DWARF_RINGBUF_MIN;
	add_map(prog, "ringbuf", BPF_MAP_TYPE_RINGBUF, 0, 0, rb_size, NULL);
	add_map(prog, "lost", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8,
		prog->cfg.read_faults == READS_ABORT ? HOLD_SEQ_KEY + 1 : 1, NULL);
	add_map(prog, "scratch", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, NULL);
	/* in enum internal_map's order */
	add_map(prog, "stacks", BPF_MAP_TYPE_HASH, 8, STACK_MAX_FRAMES * 8,
		prog->uses_stacks ? prog->cfg.map_keys_max * 4 : 1, NULL);
	add_map(prog, "one", BPF_MAP_TYPE_ARRAY, 4, 8, 1, NULL);
	add_map(prog, "exited", BPF_MAP_TYPE_ARRAY, 4, 8, 1, NULL);
	add_map(prog, "scratch_big", BPF_MAP_TYPE_ARRAY, 4, 8, 1, NULL);
	add_map(prog, "dt_spec", BPF_MAP_TYPE_ARRAY, 4,
		prog->cfg.spec_count ? 8 * (prog->cfg.spec_count + 2) : 8, 1, NULL);
	if (prog->pcap_paths.n) {
		/* skboutput(): bpf_skb_output writes to this CPU's perf buffer */
		prog->pcap_map = prog->maps.n;
		add_map(prog, "skb_output", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4,
			libbpf_num_possible_cpus(), NULL);
	}
	if (prog->uses_uaddr_bases) {
		/* uaddr(): each process's load base of a file, found once */
		prog->uaddr_map = prog->maps.n;
		add_map(prog, "uaddr_base", BPF_MAP_TYPE_LRU_HASH, 16, 8, UADDR_BASES_MAX, NULL);
	}
	if (prog->usermaps.n)
		qsort(prog->usermaps.v, prog->usermaps.n, sizeof(prog->usermaps.v[0]), cmp_maps);
	drop_unused_maps(prog);
	for (i = 0; i < prog->usermaps.n; i++) {
		struct mapinfo *m = prog->usermaps.v[i];

		if (!m->value) {
			diag_error(prog->src, m->first_use, "Undefined map: %s", m->name);
			errors++;
			continue;
		}
		if (m->uagg)
			m->spec = -1;	/* no kernel map */
		else
			user_map_spec(prog, m);
	}
	sema_map_reindex(prog);		/* sorted, some removed */
	return errors ? -1 : 0;
}

/* ---- the passes ---- */

static struct sema_probe probe_ctx(struct prog_spec *ps)
{
	struct sema_probe sp = {
		.name = ps->probe, .probe_index = ps->probe_index, .target = ps->target,
	};

	provider_probe_type(ps->prov, &sp.type);
	sp.args_fn = ps->prov->args_type;	/* made when sema first reads args */
	return sp;
}

static bool record_events;

void compile_record_events(bool on)
{
	record_events = on;
}

static uint64_t kernel_sym_addr(const char *name)
{
	return ksyms_addr(ksyms_kernel(), name);
}

static uint64_t user_sym_addr(const char *path, const char *name, uint64_t *size)
{
	return usyms_lookup_file_sized(usyms_get(), path, name, size);
}

/* A PIE or shared library: its inode and its lowest segment's page (for uaddr). */
static bool user_relocatable(const char *path, uint64_t *ino, uint64_t *first_page)
{
	struct stat st;
	bool relocatable = false;

	if (elf_load_info(path, &relocatable, first_page) != 0 || !relocatable ||
	    stat(path, &st) != 0)
		return false;
	*ino = st.st_ino;
	return true;
}

/* What sema resolves while compiling, from the symbol tables. */
static const struct sema_syms sym_resolver = {
	.kernel = kernel_sym_addr,
	.user = user_sym_addr,
	.user_relocatable = user_relocatable,
};
static const struct sema_syms sym_resolver_dump = {
	.kernel = kernel_sym_addr,
	.user = user_sym_addr,
	.user_relocatable = user_relocatable,
	.no_load = true,
};

static int sema_pass(struct program *prog, bool final, const struct compile_opts *o)
{
	struct sema s = { .prog = prog, .quiet = !final, .final = final,
			  .syms = o->no_attach ? &sym_resolver_dump : &sym_resolver };
	struct codegen_opts co = { .start_ns = o->start_ns, .cpid = o->cpid,
				   .filter_pid = o->pid > 0 ? o->pid : 0,
				   .record_events = record_events, .anns = &s.anns };
	struct node *failed = NULL;
	int i, errors = 0;

	for (i = 0; i < prog->progs.n; i++) {
		struct prog_spec *ps = &prog->progs.v[i];
		struct sema_probe sp = probe_ctx(ps);

		if (ps->node == failed)
			continue;	/* one report per probe, not per expansion */
		s.probe = &sp;
		if (sema_probe(&s, ps->node) < 0) {
			errors++;
			failed = ps->node;
		} else if (final && !prog->sema_report_only && codegen_probe(prog, ps, &co) < 0) {
			errors++;
			failed = ps->node;
		}
		sema_probe_done(&s);
	}
	sema_done(&s);
	return errors ? -1 : 0;
}

static bool same_code(const struct prog_spec *a, const struct prog_spec *b)
{
	return a->prog_type == b->prog_type &&
	       a->expected_attach_type == b->expected_attach_type &&
	       !a->prov->attach_btf_id && !b->prov->attach_btf_id &&
	       a->ninsns == b->ninsns &&
	       memcmp(a->insns, b->insns, a->ninsns * sizeof(*a->insns)) == 0;
}

/* Programs with the same code load once; a hash of the code keeps this linear. */
static void find_duplicates(struct program *prog)
{
	struct hindex seen = { 0 };
	int i, j;

	for (i = 0; i < prog->progs.n; i++) {
		struct prog_spec *a = &prog->progs.v[i];
		uint64_t h = hindex_hash(a->insns, a->ninsns * sizeof(*a->insns));
		size_t it;

		for (j = hindex_first(&seen, h, &it); j >= 0; j = hindex_next(&seen, h, &it)) {
			if (same_code(a, &prog->progs.v[j])) {
				a->dup_of = j;
				break;
			}
		}
		if (j < 0)
			hindex_add(&seen, h, i);
	}
	hindex_free(&seen);
}

/*
 * BPFTRACE_DUMMY_TS_MAP=@m (or SONDE_DUMMY_TS_MAP): tseries() counts time
 * in the value of the key-less integer map @m instead of the clock, so
 * that tests can step time exactly.
 */
static int tseries_clock(struct program *prog)
{
	const char *name = getenv("SONDE_DUMMY_TS_MAP");

	if (!name || !*name)
		name = getenv("BPFTRACE_DUMMY_TS_MAP");
	if (!name || !*name)
		return 0;
	for (int i = 0; i < prog->usermaps.n; i++) {
		struct mapinfo *m = prog->usermaps.v[i];

		if (strcmp(m->name, name) != 0)
			continue;
		if (m->keyed || m->agg != AGG_NONE || !m->value || m->value->kind != TY_INT) {
			diag_plain_error("%s: the tseries clock map must hold one integer, without keys", name);
			return -1;
		}
		prog->tseries_clock = m;
		return 0;
	}
	diag_plain_error("the tseries clock map %s is not used by the program", name);
	return -1;
}

/* Whether the script has bench: probes (which run only in --mode bench). */
static bool has_bench_probes(const struct node *ast)
{
	for (int i = 0; i < ast->args.n; i++) {
		const struct node *p = ast->args.v[i];

		for (int j = 0; p->kind == N_PROBE && j < p->args.n; j++) {
			const char *ap = p->args.v[j]->str;
			const struct provider *prov;
			char *type;

			if (!ap || !strchr(ap, ':'))
				continue;
			type = xstrndup(ap, strchr(ap, ':') - ap);
			prov = provider_find(type);
			free(type);
			if (prov && prov->kind == PROV_BENCH)
				return true;
		}
	}
	return false;
}

/* Whether a probe's code names the probe: then each attach point it expands to is a program of its own. */
static bool uses_probe_builtin(const struct node *n)
{
	if (!n)
		return false;
	if ((n->kind == N_BUILTIN || n->kind == N_CALL) && n->name &&
	    (strcmp(n->name, "probe") == 0 || strcmp(n->name, "__builtin_probe") == 0))
		return true;
	if (uses_probe_builtin(n->a) || uses_probe_builtin(n->b) || uses_probe_builtin(n->c))
		return true;
	for (int i = 0; i < n->args.n; i++)
		if (uses_probe_builtin(n->args.v[i]))
			return true;
	return false;
}

/*
 * bpftrace's limit on the programs one script makes (max_bpf_progs,
 * BPFTRACE_MAX_BPF_PROGS): counted before any code is generated, so that
 * k:* { @[probe] = count(); } (one program per kernel function) is refused
 * at once.  A probe whose code does not name the probe counts once: its
 * identical programs load as one.
 */
static int check_program_limit(struct program *prog, struct node *probe, int before,
			       int *count)
{
	uint32_t limit = prog->cfg.max_bpf_progs ? prog->cfg.max_bpf_progs : 1024;
	int n = prog->progs.n - before;

	*count += uses_probe_builtin(probe) ? n : n > 0;
	if ((uint32_t)*count <= limit)
		return 0;
	diag_error(prog->src, probe->args.v[0]->loc,
		   "Your program is trying to generate more than %d BPF programs, which exceeds the current limit of %u",
		   *count, limit);
	diag_hint("You can increase the limit through the BPFTRACE_MAX_BPF_PROGS environment variable.");
	return -1;
}

int compile_program(struct program *prog, const struct compile_opts *o)
{
	struct node *ast = prog->ast;
	int i, errors = 0, nprogs = 0;

	named_params_split(prog);
	for (i = 0; i < ast->args.n; i++)
		if (toplevel_item(prog, ast->args.v[i]) < 0)
			errors++;
	for (i = 0; i < ast->args.n; i++) {
		int before = prog->progs.n;

		if (ast->args.v[i]->kind != N_PROBE)
			continue;
		if (expand_probe(prog, ast->args.v[i], o) < 0)
			errors++;
		else if (nprogs >= 0 && check_program_limit(prog, ast->args.v[i], before, &nprogs) < 0)
			nprogs = -1, errors++;	/* said once */
	}
	if (errors)
		return -1;
	if (macro_expand(prog->src, ast) < 0)
		return -1;
	if (dw_ustack_to_ustack(prog, ast, &errors))
		prog->cfg.unwind_dwarf = true;
	if (errors)
		return -1;
	syscall_merge(prog);
	desugar(ast, prog);
	if (prog->progs.n == 0) {
		/* bpftrace's line, bare: every probe filtered out or missing */
		fputs(has_bench_probes(ast) ? "ERROR: No probes attached; use --bench to run benchmark probes.\n" :
		      "No probes to attach\n", stderr);
		return -1;
	}
	if (sema_pass(prog, false, o) < 0) {
		/* Report what the silent inference pass found, without codegen. */
		prog->sema_report_only = true;
		sema_pass(prog, true, o);
		return -1;
	}
	if (mark_user_maps(prog) < 0 || create_map_specs(prog) < 0 || tseries_clock(prog) < 0)
		return -1;
	syscall_merge_maps(prog);
	if (sema_pass(prog, true, o) < 0)
		return -1;
	if (named_params_check(prog) != 0)
		return -1;	/* -- --help listed them (exit 1, as bpftrace), or an unknown one */
	prog->maps.v[IMAP_SCRATCH].value_size = prog->scratch_size ? ALIGN_UP(prog->scratch_size, 8) : 8;
	if (prog->scratch_big_size) {
		prog->maps.v[IMAP_SCRATCH_BIG].value_size = ALIGN_UP(prog->scratch_big_size, 8);
		prog->maps.v[IMAP_SCRATCH_BIG].max_entries = possible_cpus();
	}
	size_ringbuf(prog);
	find_duplicates(prog);
	return 0;
}

void program_free(struct program *prog)
{
	named_params_free(prog);
	int i;

	if (prog->src)
		source_free_expansions(prog->src);	/* macro_expand()'s, of this compile */
	free(prog->var_width);

	for (i = 0; i < prog->progs.n; i++) {
		struct prog_spec *ps = &prog->progs.v[i];

		if (ps->prov && ps->prov->free_target && ps->target)
			ps->prov->free_target(ps->target);
		free(ps->probe);
		free(ps->insns);
		free(ps->sys_probes);
		vec_free(&ps->lines);
		vec_free(&ps->subprogs);
	}
	vec_free(&prog->progs);
	for (i = 0; i < prog->maps.n; i++)
		free(prog->maps.v[i].name);
	vec_free(&prog->maps);
	for (i = 0; i < prog->usermaps.n; i++) {
		free(prog->usermaps.v[i]->name);
		free(prog->usermaps.v[i]);
	}
	vec_free(&prog->usermaps);
	hindex_free(&prog->usermap_index);
	for (i = 0; i < prog->events.n; i++)
		free(prog->events.v[i].fmt);
	vec_free(&prog->events);
	for (i = 0; i < prog->probe_names.n; i++)
		free(prog->probe_names.v[i]);
	vec_free(&prog->probe_names);
	hindex_free(&prog->probe_name_index);
	for (i = 0; i < prog->pcap_paths.n; i++)
		free(prog->pcap_paths.v[i]);
	vec_free(&prog->pcap_paths);
}

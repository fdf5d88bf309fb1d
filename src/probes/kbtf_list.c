// SPDX-License-Identifier: GPL-2.0
/*
 * -l 'struct NAME' (union, enum; NAME may hold wildcards): the kernel's
 * named types from vmlinux BTF, as bpftrace lists them.  -lv prints each
 * definition in C, prefixed by where it comes from:
 *
 *   vmlinux: struct fd {
 *   	long unsigned int word;
 *   };
 */
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf.h"
#include "provider.h"

#define MAX_NEST 8

static void member_decl(const struct btfr *btf, uint32_t id, const char *name,
			struct strbuf *sb, int indent);

static void indent_to(struct strbuf *sb, int indent)
{
	for (int i = 0; i < indent; i++)
		sb_addc(sb, '\t');
}

/* The members of struct/union t, one per line at indent. */
static void members(const struct btfr *btf, const struct btf_type *t, struct strbuf *sb,
		    int indent)
{
	const struct btf_member *m = btf_members(t);

	for (int i = 0; i < btf_vlen(t); i++) {
		const char *name = btfr_name(btf, m[i].name_off);
		uint32_t bits = btf_member_bitfield_size(t, i);

		indent_to(sb, indent);
		member_decl(btf, m[i].type, name ? name : "", sb, indent);
		if (bits)
			sb_addf(sb, ": %u", bits);
		sb_adds(sb, ";\n");
	}
}

/* "int x[4]", "struct file *f", "void (*fn)(int, long)", "union { ... } u". */
static void member_decl(const struct btfr *btf, uint32_t id, const char *name,
			struct strbuf *sb, int indent)
{
	const struct btf_type *t = id ? btfr_type(btf, id) : NULL;
	const struct btf_type *to = t && btf_is_ptr(t) ? btfr_type(btf, t->type) : NULL;
	char *text;

	if (t && btf_is_array(t)) {
		char *inner = xasprintf("%s[%u]", name, btf_array(t)->nelems);

		member_decl(btf, btf_array(t)->type, inner, sb, indent);
		free(inner);
		return;
	}
	if (to && btf_is_func_proto(to)) {
		const struct btf_param *p = btf_params(to);

		text = kbtf_type_str(btf, to->type);
		sb_addf(sb, "%s (*%s)(", text, name);
		free(text);
		for (int i = 0; i < btf_vlen(to); i++) {
			text = p[i].type ? kbtf_type_str(btf, p[i].type) : xstrdup("...");
			sb_addf(sb, "%s%s", i ? ", " : "", text);
			free(text);
		}
		sb_addc(sb, ')');
		return;
	}
	if (t && (btf_is_struct(t) || btf_is_union(t)) && t->name_off == 0 && indent < MAX_NEST) {
		sb_adds(sb, btf_is_union(t) ? "union {\n" : "struct {\n");
		members(btf, t, sb, indent + 1);
		indent_to(sb, indent);
		sb_addf(sb, "}%s%s", *name ? " " : "", name);
		return;
	}
	text = kbtf_type_str(btf, id);
	sb_addf(sb, "%s%s%s", text, *name && text[strlen(text) - 1] != '*' ? " " : "", name);
	free(text);
}

static void enumerators(const struct btfr *btf, const struct btf_type *t, struct strbuf *sb)
{
	for (int i = 0; i < btf_vlen(t); i++) {
		const char *name;
		long long v;

		if (btf_is_enum64(t)) {
			name = btfr_name(btf, btf_enum64(t)[i].name_off);
			v = (long long)btf_enum64_value(btf_enum64(t) + i);
		} else {
			name = btfr_name(btf, btf_enum(t)[i].name_off);
			v = btf_kflag(t) ? (long long)btf_enum(t)[i].val : (long long)(unsigned int)btf_enum(t)[i].val;
		}
		sb_addf(sb, "\t%s = %lld,\n", name ? name : "", v);
	}
}

static const char *kind_word(const struct btf_type *t)
{
	if (btf_is_struct(t))
		return "struct";
	if (btf_is_union(t))
		return "union";
	if (btf_is_any_enum(t))
		return "enum";
	return NULL;
}

static int cmp_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void kbtf_list_types(const char *search, bool verbose, FILE *out)
{
	const struct btfr *btf = kbtf_vmlinux();
	VEC(char *) found = { 0 };
	uint32_t n;

	if (!btf)
		return;
	n = btfr_first(btf) + btfr_count(btf);
	for (uint32_t id = btfr_first(btf); id < n; id++) {
		const struct btf_type *t = btfr_type(btf, id);
		const char *kw = t ? kind_word(t) : NULL;
		const char *name = kw ? btfr_name(btf, t->name_off) : NULL;
		struct strbuf sb;
		char *full;

		if (!name || !*name || (btf_is_struct(t) && btf_vlen(t) == 0 && t->size == 0))
			continue;
		full = xasprintf("%s %s", kw, name);
		if (!probe_match(search, full)) {
			free(full);
			continue;
		}
		if (!verbose) {
			vec_push(&found, full);
			continue;
		}
		sb_init(&sb);
		sb_addf(&sb, "vmlinux: %s {\n", full);
		if (btf_is_any_enum(t))
			enumerators(btf, t, &sb);
		else
			members(btf, t, &sb, 1);
		sb_adds(&sb, "};\n");
		free(full);
		vec_push(&found, sb_steal(&sb));
	}
	if (found.n)
		qsort(found.v, found.n, sizeof(*found.v), cmp_text);
	for (int i = 0; i < found.n; i++)
		if (i == 0 || strcmp(found.v[i], found.v[i - 1]) != 0)
			fprintf(out, verbose ? "%s" : "%s\n", found.v[i]);
	for (int i = 0; i < found.n; i++)
		free(found.v[i]);
	vec_free(&found);
}

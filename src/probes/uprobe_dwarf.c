// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF of user binaries (uprobe_dwarf.h), read with libdw: base types,
 * pointers, typedefs and qualifiers, arrays, enums, structs and unions.
 * Structs nested deeper than MAX_DEPTH (a list's next pointer followed
 * eight times) become empty records of the same name and size, which ends
 * the recursion.  Each DIE is converted once per depth for the whole run:
 * the functions of a wide glob share their parameters' types instead of
 * each building the same tree of pointers again.
 */
#include "uprobe_dwarf.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../hindex.h"
#include "../sym/elf.h"
#include "uprobe_dwp.h"
#include "../util.h"

/* x86-64 struct pt_regs offsets of the argument registers: di si dx cx r8 r9 */
static const uint32_t arg_reg_off[] = { 112, 104, 96, 88, 72, 64 };

#define MAX_DEPTH 8	/* nested structs converted before pointers go opaque */

/* A named definition at the top of a compile unit. */
struct dwname {
	const char *name;	/* in libdw's string data */
	int tag;
	Dwarf *dbg;		/* the file it is in: the binary's, or a split unit's */
	Dwarf_Off off;		/* of its DIE */
};

/*
 * One open binary's DWARF, kept for the run, with its top-level
 * definitions sorted by name: a wildcard uprobe over thousands of
 * functions looks each one up in O(log n).
 */
struct dwfile {
	char *path;
	int fd;
	Dwarf *dw;
	struct dwp *dwp;	/* BINARY.dwp, when the split units are there */
	VEC(struct dwname) names;
};
static VEC(struct dwfile) files;

/*
 * A DIE's converted type: the same DIE reached at the same depth always
 * converts to the same type (types live until types_free_all()), so it is
 * kept by the file it is in, its offset and the depth.
 */
struct dwconv {
	Dwarf *dbg;
	Dwarf_Off off;
	int depth;
	struct type *type;	/* NULL: void */
};
static VEC(struct dwconv) convs;
static struct hindex conv_index;
static unsigned convs_generation;	/* types_generation() they were built in */

static void convs_free(void)
{
	vec_free(&convs);
	hindex_free(&conv_index);
}

static bool is_definition(Dwarf_Die *die)
{
	int tag = dwarf_tag(die);

	if (dwarf_hasattr(die, DW_AT_declaration))
		return false;	/* the definition is elsewhere */
	if (tag == DW_TAG_subprogram)	/* inlined only: no code to probe */
		return dwarf_hasattr(die, DW_AT_low_pc) || dwarf_hasattr(die, DW_AT_ranges);
	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
	       tag == DW_TAG_typedef || tag == DW_TAG_class_type;
}

static int cmp_names(const void *a, const void *b)
{
	const struct dwname *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : (x->tag > y->tag) - (x->tag < y->tag);
}

static void index_unit(struct dwfile *f, Dwarf_Die *unit)
{
	Dwarf *dbg = unit->cu ? dwarf_cu_getdwarf(unit->cu) : NULL;
	Dwarf_Die die;

	if (!dbg || dwarf_child(unit, &die) != 0)
		return;
	do {
		struct dwname n = { .name = dwarf_diename(&die), .tag = dwarf_tag(&die),
				    .dbg = dbg, .off = dwarf_dieoffset(&die) };

		if (n.name && is_definition(&die))
			vec_push(&f->names, n);
	} while (dwarf_siblingof(&die, &die) == 0);
}

/* The units of dw; true when a skeleton's split unit was not found. */
static bool index_units(struct dwfile *f, Dwarf *dw)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Half version;
	uint8_t type;
	Dwarf_Die unit, split;
	bool missing = false;

	while (dwarf_get_units(dw, cu, &cu, &version, &type, &unit, &split) == 0) {
		if (type != DW_UT_skeleton) {
			index_unit(f, &unit);
			continue;
		}
		index_unit(f, &split);
		missing |= !split.cu;
	}
	return missing;
}

/*
 * Every unit's top-level definitions.  A skeleton unit (split DWARF,
 * -gsplit-dwarf) keeps only addresses and the line table in the binary:
 * its definitions are in the split unit that libdw finds beside it, in
 * its .dwo file, or else in the package of them all, BINARY.dwp.
 */
static void index_names(struct dwfile *f)
{
	if (index_units(f, f->dw) && !f->dwp) {
		char *pkg = xasprintf("%s.dwp", f->path);

		f->dwp = dwp_open(pkg);
		free(pkg);
		for (int i = 0; i < dwp_units(f->dwp); i++)
			if (dwp_unit(f->dwp, i))
				index_units(f, dwp_unit(f->dwp, i));
	}
	if (f->names.n)
		qsort(f->names.v, f->names.n, sizeof(f->names.v[0]), cmp_names);
}

static struct dwfile *dwarf_of(const char *path)
{
	struct dwfile f = { 0 };

	for (int i = 0; i < files.n; i++)
		if (strcmp(files.v[i].path, path) == 0)
			return &files.v[i];
	f.fd = open(path, O_RDONLY | O_CLOEXEC);
	f.dw = f.fd >= 0 ? dwarf_begin(f.fd, DWARF_C_READ) : NULL;
	f.path = xstrdup(path);
	if (f.dw)
		index_names(&f);
	if (!f.names.n) {
		/* stripped: the separate debug file, when one is installed */
		char *debug = elf_debug_file(path);

		if (f.dw)
			dwarf_end(f.dw);
		if (f.fd >= 0)
			close(f.fd);
		f.fd = debug ? open(debug, O_RDONLY | O_CLOEXEC) : -1;
		f.dw = f.fd >= 0 ? dwarf_begin(f.fd, DWARF_C_READ) : NULL;
		if (f.dw)
			index_names(&f);
		free(debug);
	}
	vec_push(&files, f);
	return &files.v[files.n - 1];
}

/* The definition of name with tag in path's DWARF. */
static bool find_die(const char *path, const char *name, int tag, Dwarf_Die *out)
{
	struct dwfile *f = dwarf_of(path);
	struct dwname key = { .name = name, .tag = tag }, *hit;

	if (!f->dw || !f->names.n)
		return false;
	hit = bsearch(&key, f->names.v, f->names.n, sizeof(key), cmp_names);
	return hit && dwarf_offdie(hit->dbg, hit->off, out);
}

void uprobe_dwarf_free(void)
{
	for (int i = 0; i < files.n; i++) {
		if (files.v[i].dw)
			dwarf_end(files.v[i].dw);
		dwp_close(files.v[i].dwp);
		if (files.v[i].fd >= 0)
			close(files.v[i].fd);
		free(files.v[i].path);
		vec_free(&files.v[i].names);
	}
	vec_free(&files);
	convs_free();
}

static struct type *convert(Dwarf_Die *die, int depth);

/* The type DW_AT_type of die names; NULL for void. */
static struct type *type_of(Dwarf_Die *die, int depth)
{
	Dwarf_Attribute attr;
	Dwarf_Die t;

	if (!dwarf_attr_integrate(die, DW_AT_type, &attr) || !dwarf_formref_die(&attr, &t))
		return NULL;
	return convert(&t, depth);
}

static uint64_t udata(Dwarf_Die *die, int name, uint64_t dflt)
{
	Dwarf_Attribute attr;
	Dwarf_Word w;

	if (!dwarf_attr_integrate(die, name, &attr) || dwarf_formudata(&attr, &w))
		return dflt;
	return w;
}

static struct type *base(Dwarf_Die *die)
{
	int size = (int)udata(die, DW_AT_byte_size, 8);
	uint64_t enc = udata(die, DW_AT_encoding, DW_ATE_signed);
	bool is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char;

	if (enc == DW_ATE_boolean && size == 1)
		return type_bool();
	if ((enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) && size == 1)
		return type_char(is_signed);
	if (size != 1 && size != 2 && size != 4 && size != 8)
		size = 8;	/* long double, __int128: read as their first 8 bytes */
	return type_int(size, is_signed);
}

/* int a[2][3]: the element type wrapped once per subrange, innermost first */
static struct type *array(Dwarf_Die *die, int depth)
{
	struct type *t = type_of(die, depth);
	uint32_t dims[8];
	int n = 0;
	Dwarf_Die sub;

	if (!t)
		return NULL;
	if (dwarf_child(die, &sub) == 0) {
		do {
			if (dwarf_tag(&sub) != DW_TAG_subrange_type || n == 8)
				continue;
			if (dwarf_hasattr(&sub, DW_AT_count))
				dims[n++] = (uint32_t)udata(&sub, DW_AT_count, 0);
			else
				dims[n++] = dwarf_hasattr(&sub, DW_AT_upper_bound) ?
					    (uint32_t)udata(&sub, DW_AT_upper_bound, 0) + 1 : 0;
		} while (dwarf_siblingof(&sub, &sub) == 0);
	}
	while (n-- > 0)
		t = type_array(t, dims[n]);
	return t;
}

static struct type *record(Dwarf_Die *die, int depth)
{
	bool is_union = dwarf_tag(die) == DW_TAG_union_type;
	const char *tag = dwarf_diename(die);
	uint32_t size = (uint32_t)udata(die, DW_AT_byte_size, 0);
	VEC(struct field) fields = { 0 };
	char name[160];
	struct type *t;
	Dwarf_Die m;

	snprintf(name, sizeof(name), "%s %s", is_union ? "union" : "struct",
		 tag ? tag : "(anonymous)");
	if (depth >= MAX_DEPTH || dwarf_child(die, &m) != 0)
		return type_record(name, NULL, 0, size, is_union);
	do {
		struct field f = { 0 };
		const char *mn;

		if (dwarf_tag(&m) != DW_TAG_member)
			continue;
		f.type = type_of(&m, depth + 1);
		if (!f.type)
			continue;
		mn = dwarf_diename(&m);
		f.name = mn ? xstrdup(mn) : NULL;
		f.offset = (uint32_t)udata(&m, DW_AT_data_member_location, 0);
		if (dwarf_hasattr(&m, DW_AT_bit_size) && f.type->size) {
			uint64_t bit = udata(&m, DW_AT_data_bit_offset, 0);

			f.bit_size = (uint16_t)udata(&m, DW_AT_bit_size, 0);
			f.offset = (uint32_t)(bit / 8 / f.type->size * f.type->size);
			f.bit_offset = (uint16_t)(bit - f.offset * 8);
		}
		vec_push(&fields, f);
	} while (dwarf_siblingof(&m, &m) == 0);
	t = type_record(name, fields.v, fields.n, size, is_union);
	for (int i = 0; i < fields.n; i++)
		free(fields.v[i].name);	/* type_record copied them */
	vec_free(&fields);
	return t;
}

static struct type *convert_die(Dwarf_Die *die, int depth)
{
	struct type *t;

	switch (dwarf_tag(die)) {
	case DW_TAG_base_type:
		return base(die);
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
		/* what a pointer points to is converted one level deeper */
		t = depth < MAX_DEPTH ? type_of(die, depth + 1) : NULL;
		return type_ptr(t, AS_USER);
	case DW_TAG_typedef:
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		return type_of(die, depth);
	case DW_TAG_array_type:
		return array(die, depth);
	case DW_TAG_enumeration_type:
		return type_int((int)udata(die, DW_AT_byte_size, 4), false);
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_class_type:
		return record(die, depth);
	default:
		return type_int(8, false);
	}
}

static uint64_t conv_hash(const struct dwconv *key)
{
	uint64_t parts[3] = { (uint64_t)(uintptr_t)key->dbg, key->off, (uint64_t)key->depth };

	return hindex_hash(parts, sizeof(parts));
}

static struct type *convert(Dwarf_Die *die, int depth)
{
	struct dwconv key = { .dbg = die->cu ? dwarf_cu_getdwarf(die->cu) : NULL,
			      .off = dwarf_dieoffset(die), .depth = depth };
	uint64_t hash = conv_hash(&key);
	size_t it;

	if (!key.dbg)
		return convert_die(die, depth);
	if (convs_generation != types_generation()) {
		convs_free();	/* the types they held are gone */
		convs_generation = types_generation();
	}
	for (int i = hindex_first(&conv_index, hash, &it); i >= 0;
	     i = hindex_next(&conv_index, hash, &it)) {
		const struct dwconv *c = &convs.v[i];

		if (c->dbg == key.dbg && c->off == key.off && c->depth == depth)
			return c->type;
	}
	key.type = convert_die(die, depth);
	vec_push(&convs, key);
	hindex_add(&conv_index, hash, convs.n - 1);
	return key.type;
}

struct type *uprobe_dwarf_args(const char *path, const char *func)
{
	VEC(struct field) fields = { 0 };
	uint32_t off = 0, align = 1;
	struct type *t;
	char *name;
	Dwarf_Die fn, p;

	if (!find_die(path, func, DW_TAG_subprogram, &fn) || dwarf_child(&fn, &p) != 0)
		return NULL;
	do {
		struct field f = { 0 };
		const char *pn = dwarf_diename(&p);
		uint32_t a;

		if (dwarf_tag(&p) != DW_TAG_formal_parameter)
			continue;
		f.type = type_of(&p, 0);
		/* only the first six, one register each: field i is register i */
		if (fields.n == (int)ARRAY_SIZE(arg_reg_off) || !f.type || f.type->size > 8 ||
		    !f.type->size)
			break;
		a = f.type->kind == TY_PTR ? 8 : MAX(f.type->align, 1);
		off = ALIGN_UP(off, a);
		f.offset = off;
		off += f.type->size;
		align = MAX(align, a);
		f.name = xstrdup(pn ? pn : "");
		vec_push(&fields, f);
	} while (dwarf_siblingof(&p, &p) == 0);
	if (!fields.n) {
		vec_free(&fields);
		return NULL;
	}
	name = xasprintf("args of %s", func);
	t = type_record(name, fields.v, fields.n, ALIGN_UP(off, align), false);
	free(name);
	for (int i = 0; i < fields.n; i++)
		free(fields.v[i].name);
	vec_free(&fields);
	return t;
}

uint32_t uprobe_dwarf_arg_reg(int i)
{
	return i >= 0 && i < (int)ARRAY_SIZE(arg_reg_off) ? arg_reg_off[i] : 0;
}

struct type *uprobe_dwarf_type(const char *path, const char *name)
{
	int tag = DW_TAG_typedef;
	Dwarf_Die die;

	if (strncmp(name, "struct ", 7) == 0) {
		name += 7;
		tag = DW_TAG_structure_type;
	} else if (strncmp(name, "union ", 6) == 0) {
		name += 6;
		tag = DW_TAG_union_type;
	}
	return find_die(path, name, tag, &die) ? convert(&die, 0) : NULL;
}

/* A DWARF type as C spells it: "const char*", "struct Foo*", "int[4]". */
static void c_name(Dwarf_Die *die, struct strbuf *sb, int depth)
{
	Dwarf_Attribute attr;
	Dwarf_Die t;
	const char *n = dwarf_diename(die);
	bool has_type = dwarf_attr_integrate(die, DW_AT_type, &attr) &&
			dwarf_formref_die(&attr, &t);

	if (depth > 16) {
		sb_adds(sb, "...");
		return;
	}
	switch (dwarf_tag(die)) {
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
		if (has_type)
			c_name(&t, sb, depth + 1);
		else
			sb_adds(sb, "void");
		sb_adds(sb, dwarf_tag(die) == DW_TAG_pointer_type ? "*" : "&");
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
		sb_adds(sb, dwarf_tag(die) == DW_TAG_const_type ? "const " : "volatile ");
		if (has_type)
			c_name(&t, sb, depth + 1);
		else
			sb_adds(sb, "void");
		return;
	case DW_TAG_array_type:
		if (has_type)
			c_name(&t, sb, depth + 1);
		sb_adds(sb, "[]");
		return;
	case DW_TAG_structure_type:
		sb_adds(sb, "struct ");
		break;
	case DW_TAG_union_type:
		sb_adds(sb, "union ");
		break;
	case DW_TAG_enumeration_type:
		sb_adds(sb, "enum ");
		break;
	default:
		break;
	}
	sb_adds(sb, n ? n : "(anonymous)");
}

void uprobe_dwarf_list_params(FILE *out, const char *path, const char *func)
{
	Dwarf_Die fn, p;

	if (!find_die(path, func, DW_TAG_subprogram, &fn) || dwarf_child(&fn, &p) != 0)
		return;
	do {
		Dwarf_Attribute attr;
		Dwarf_Die t;
		struct strbuf sb;
		const char *pn = dwarf_diename(&p);

		if (dwarf_tag(&p) != DW_TAG_formal_parameter)
			continue;
		sb_init(&sb);
		if (dwarf_attr_integrate(&p, DW_AT_type, &attr) && dwarf_formref_die(&attr, &t))
			c_name(&t, &sb, 0);
		fprintf(out, "    %s %s\n", sb.buf ? sb.buf : "void", pn ? pn : "");
		sb_free(&sb);
	} while (dwarf_siblingof(&p, &p) == 0);
}

int uprobe_dwarf_line_addr(const char *path, const char *file, int line, uint64_t *addr)
{
	struct dwfile *f = dwarf_of(path);
	Dwarf_Line **srcs = NULL;
	size_t n = 0;
	int err = -1;

	if (!f->dw || dwarf_getsrc_file(f->dw, file, line, 0, &srcs, &n) != 0 || !n) {
		free(srcs);
		return -1;
	}
	/* the lowest address the line table gives the line: where it starts */
	for (size_t i = 0; i < n; i++) {
		Dwarf_Addr a;
		int ln;

		if (dwarf_lineaddr(srcs[i], &a) || dwarf_lineno(srcs[i], &ln) || ln != line)
			continue;
		if (err || a < *addr)
			*addr = a;
		err = 0;
	}
	free(srcs);
	return err;
}

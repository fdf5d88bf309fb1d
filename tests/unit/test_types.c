// SPDX-License-Identifier: GPL-2.0
/* Types: layout, equality and bpftrace's spelling of names. */
#include <stdlib.h>

#include "lang/types.h"
#include "test.h"

static void check_name(struct type *t, const char *want)
{
	char *got = type_name(t);

	CHECK_STR(got, want);
	free(got);
}

static void test_scalars(void)
{
	CHECK(type_int(8, true) == type_int(8, true));
	CHECK(type_int(4, true) != type_int(4, false));
	CHECK_INT(type_int(2, false)->size, 2);
	CHECK_INT(type_int(2, false)->align, 2);
	CHECK_INT(type_bool()->size, 1);
	CHECK_INT(type_str(16)->size, 16);
	CHECK_INT(type_str(16)->align, 1);
	CHECK_INT(type_special(TY_PROBE)->size, 8);
	CHECK_INT(type_special(TY_USERNAME)->size, 8);
	CHECK(type_is_int(type_int(1, false)));
	CHECK(type_is_int(type_bool()));
	CHECK(!type_is_int(type_str(8)));
	CHECK(!type_is_int(NULL));
}

static void test_tuple_layout(void)
{
	struct type *m[] = { type_int(1, false), type_int(8, true), type_str(3), type_int(4, true) };
	struct type *t = type_tuple(m, 4);

	CHECK_INT(t->nfields, 4);
	CHECK_INT(t->fields[0].offset, 0);
	CHECK_INT(t->fields[1].offset, 8);
	CHECK_INT(t->fields[2].offset, 16);
	CHECK_INT(t->fields[3].offset, 20);
	CHECK_INT(t->size, 24);
	CHECK_INT(t->align, 8);

	struct type *small[] = { type_int(2, true), type_bool() };
	struct type *s = type_tuple(small, 2);

	CHECK_INT(s->size, 4);
	CHECK_INT(s->align, 2);
	CHECK(type_equal(s, type_tuple(small, 2)));
	CHECK(!type_equal(s, t));
}

static void test_names(void)
{
	check_name(type_int(8, true), "int64");
	check_name(type_int(1, false), "uint8");
	check_name(type_int(4, true), "int32");
	check_name(type_bool(), "bool");
	check_name(type_str(16), "string[16]");
	check_name(type_ptr(type_int(4, true), AS_KERNEL), "int32 *");
	check_name(type_ptr(NULL, AS_USER), "void *");
	check_name(type_array(type_int(2, false), 4), "uint16[4]");
	check_name(type_special(TY_PROBE), "probe");
	check_name(type_special(TY_USERNAME), "username");
	check_name(NULL, "none");

	struct type *m[] = { type_int(8, true), type_str(16) };
	struct type *inner = type_tuple(m, 2);
	struct type *outer_m[] = { inner, type_bool() };

	check_name(inner, "(int64,string[16])");
	check_name(type_tuple(outer_m, 2), "((int64,string[16]),bool)");

	struct field f[] = {
		{ .name = "a", .type = type_int(4, true), .offset = 0 },
		{ .name = "b", .type = type_int(8, false), .offset = 8 },
	};
	struct type *r = type_record("struct foo", f, 2, 16, false);

	check_name(r, "struct foo");
	CHECK_INT(r->align, 8);
	CHECK_STR(r->fields[1].name, "b");
	CHECK(r->fields[1].name != f[1].name);
}

int main(void)
{
	test_scalars();
	test_tuple_layout();
	test_names();
	types_free_all();
	return test_done("test_types");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel types from the live vmlinux BTF.  Expected offsets and sizes come
 * from libbpf's own view of the same BTF (members walked here by hand), so
 * the test holds on any kernel; it only skips when the kernel has no BTF.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "lang/btf.h"
#include "runtime/format.h"
#include "test.h"

static struct btf *ref;

static int ref_id(const char *name, int kind)
{
	return btf__find_by_name_kind(ref, name, kind);
}

/* Bit offset of member name in struct id, looking through anonymous members. */
static long ref_member_bits(int id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(ref, id);

	while (btf_is_mod(t) || btf_is_typedef(t))
		t = btf__type_by_id(ref, t->type);
	if (!btf_is_composite(t))
		return -1;
	for (int i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		const char *n = btf__name_by_offset(ref, m->name_off);
		long sub;

		if (n && *n && strcmp(n, name) == 0)
			return btf_member_bit_offset(t, i);
		if ((!n || !*n) && (sub = ref_member_bits(m->type, name)) >= 0)
			return btf_member_bit_offset(t, i) + sub;
	}
	return -1;
}

static void check_name(const struct type *t, const char *want)
{
	char *got = type_name(t);

	CHECK_STR(got, want);
	free(got);
}

static void test_task_struct(void)
{
	int id = ref_id("task_struct", BTF_KIND_STRUCT);
	struct type *t = btf_type_by_name("struct task_struct");
	const struct field *f;

	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(btf_type_by_name("task_struct") == t);
	CHECK(btf_type_by_id(id) == t);
	CHECK_INT(t->kind, TY_RECORD);
	CHECK_INT(t->size, btf__resolve_size(ref, id));
	CHECK_INT(t->btf_id, id);
	check_name(t, "struct task_struct");

	f = type_find_field(t, "pid");
	CHECK(f != NULL);
	if (f) {
		CHECK_INT(f->offset * 8, ref_member_bits(id, "pid"));
		check_name(f->type, "int32");
	}
	f = type_find_field(t, "comm");
	CHECK(f && type_is_char_array(f->type));
	if (f) {
		CHECK_INT(f->type->nelem, 16);
		CHECK_INT(f->offset * 8, ref_member_bits(id, "comm"));
	}
	CHECK(type_find_field(t, "no_such_field") == NULL);
	CHECK_STR(type_nearest_field(t, "pidd"), "pid");
	CHECK(type_nearest_field(t, "zzzzzzzzzzzz") == NULL);
}

static void test_pointers(void)
{
	struct type *t = btf_type_by_name("task_struct");
	const struct field *f = type_find_field(t, "parent");
	struct type *elem;

	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(f->type->kind, TY_PTR);
	CHECK_INT(f->type->as, AS_KERNEL);
	check_name(f->type, "struct task_struct *");
	elem = f->type->elem;
	/* A shell: named and sized, fields only on demand. */
	CHECK(elem && elem->kind == TY_RECORD && elem->nfields == 0);
	CHECK_INT(elem->size, t->size);
	CHECK(btf_resolve(elem) == t);
	CHECK(type_find_field(elem, "pid") == type_find_field(t, "pid"));
	/* real_parent->parent->pid: field lookups through shells. */
	f = type_find_field(type_find_field(elem, "real_parent")->type->elem, "tgid");
	CHECK(f != NULL);
}

static void test_anonymous_members(void)
{
	int id = ref_id("sk_buff", BTF_KIND_STRUCT);
	struct type *t = btf_type_by_name("struct sk_buff");
	const char *names[] = { "next", "dev", "len", "protocol", "tstamp" };

	CHECK(t != NULL && id > 0);
	if (!t)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct field *f = type_find_field(t, names[i]);
		long want = ref_member_bits(id, names[i]);

		CHECK(f != NULL);
		if (f && want >= 0)
			CHECK_INT(f->offset * 8 + f->bit_offset, want);
		/* The same pointer on a second lookup. */
		CHECK(type_find_field(t, names[i]) == f);
	}
}

static void test_bitfields(void)
{
	int id = ref_id("sk_buff", BTF_KIND_STRUCT);
	struct type *t = btf_type_by_name("struct sk_buff");
	const struct field *f = t ? type_find_field(t, "pkt_type") : NULL;

	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_INT(f->bit_size, 3);
	CHECK_INT(f->offset * 8 + f->bit_offset, ref_member_bits(id, "pkt_type"));
	CHECK(f->bit_offset + f->bit_size <= f->type->size * 8);
}

static void test_typedefs_and_ints(void)
{
	struct type *t;

	check_name(btf_type_by_name("pid_t"), "int32");
	check_name(btf_type_by_name("u64"), "uint64");
	check_name(btf_type_by_name("__u8"), "uint8");
	check_name(btf_type_by_name("s16"), "int16");
	t = btf_type_by_name("bool");
	CHECK(t && t->kind == TY_BOOL);
	CHECK(btf_type_by_name("struct no_such_struct_here") == NULL);
	CHECK(btf_type_by_name("no_such_type_at_all") == NULL);
	CHECK_STR(btf_nearest_type("task_strct"), "task_struct");
}

static void test_enums(void)
{
	int64_t v = -1;
	struct type *t = btf_type_by_name("enum bpf_map_type");

	CHECK(btf_enum_value("BPF_MAP_TYPE_HASH", &v));
	CHECK_INT(v, 1);
	CHECK(btf_enum_value("BPF_MAP_TYPE_RINGBUF", &v));
	CHECK_INT(v, 27);
	CHECK(!btf_enum_value("NOT_AN_ENUMERATOR_XYZ", &v));
	CHECK(t && t->kind == TY_ENUM);
	if (!t)
		return;
	check_name(t, "enum bpf_map_type");
	CHECK_STR(type_enum_name(t, 1), "BPF_MAP_TYPE_HASH");
	CHECK(type_enum_name(t, 123456) == NULL);
}

static void test_func_args(void)
{
	struct type *ret = NULL;
	struct type *args = btf_func_args("vfs_read", &ret);

	CHECK(args != NULL);
	if (!args)
		return;
	CHECK_INT(args->kind, TY_CTX);
	CHECK_INT(args->nfields, 4);
	CHECK_STR(args->fields[0].name, "file");
	check_name(args->fields[0].type, "struct file *");
	CHECK_STR(args->fields[2].name, "count");
	CHECK_INT(args->fields[2].offset, 16);
	check_name(args->fields[2].type, "uint64");
	check_name(ret, "int64");
	CHECK(btf_func_args("no_such_kernel_function_xyz", NULL) == NULL);
}

static void test_print_record(void)
{
	struct type *t = btf_type_by_name("struct list_head");
	uint64_t data[2] = { 0x10, 0x20 };
	struct strbuf sb;

	CHECK(t != NULL);
	if (!t)
		return;
	sb_init(&sb);
	format_value(&sb, t, data, NULL);
	CHECK_STR(sb.buf, "{ .next = 0x10, .prev = 0x20 }");
	sb_free(&sb);
}

int main(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
		TEST_SKIP("test_btf", "no /sys/kernel/btf/vmlinux");
		return test_done("test_btf");
	}
	ref = btf__load_vmlinux_btf();
	CHECK(ref != NULL);
	CHECK_INT(btf_init(), 0);
	if (!ref || btf_init())
		return test_done("test_btf");
	test_task_struct();
	test_pointers();
	test_anonymous_members();
	test_bitfields();
	test_typedefs_and_ints();
	test_enums();
	test_func_args();
	test_print_record();
	btf__free(ref);
	btf_free();
	types_free_all();
	return test_done("test_btf");
}

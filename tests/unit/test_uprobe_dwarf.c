// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe args from DWARF (probes/uprobe_dwarf.c), read from this test's
 * own binary (built with -g): the parameters' types, each DIE converted
 * once per depth and shared by every function that names it, and the
 * shared types built again after types_free_all().
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probes/uprobe_dwarf.h"
#include "test.h"

struct ud_node {
	long id;
	struct ud_node *next;
	char tag[6];
};

__attribute__((noinline)) long ud_first(struct ud_node *n, int k)
{
	__asm__ volatile("" ::: "memory");
	return n->id + k;
}

__attribute__((noinline)) long ud_second(short s, struct ud_node *n)
{
	__asm__ volatile("" ::: "memory");
	return n->next ? s : 0;
}

static const struct field *field(const struct type *t, const char *name)
{
	for (int i = 0; t && i < t->nfields; i++)
		if (t->fields[i].name && strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

/* The struct a pointer field points to, or NULL. */
static const struct type *pointee(const struct type *t, const char *name)
{
	const struct field *f = field(t, name);

	return f && f->type->kind == TY_PTR ? f->type->elem : NULL;
}

static void check_node(const struct type *node, int levels)
{
	CHECK(node && node->kind == TY_RECORD);
	if (!node || node->kind != TY_RECORD)
		return;
	CHECK_STR(node->name, "struct ud_node");
	CHECK_INT(node->size, sizeof(struct ud_node));
	CHECK_INT(node->nfields, 3);
	CHECK(field(node, "tag") && field(node, "tag")->type->kind == TY_ARRAY);
	/* the list's next pointers, followed until the depth limit ends them */
	for (int i = 0; i < levels && node; i++)
		node = pointee(node, "next");
	CHECK(node != NULL);
}

static void test_args(const char *exe)
{
	struct type *a = uprobe_dwarf_args(exe, "ud_first");
	struct type *b = uprobe_dwarf_args(exe, "ud_second");

	CHECK(a && b);
	if (!a || !b)
		return;
	CHECK_INT(a->nfields, 2);
	CHECK_INT(b->nfields, 2);
	CHECK_INT(field(b, "s")->type->size, 2);
	check_node(pointee(a, "n"), 3);
	check_node(pointee(b, "n"), 3);
	/* converted once: both functions' `n` is the same type object */
	CHECK(field(a, "n")->type == field(b, "n")->type);
	CHECK(pointee(a, "n") == pointee(b, "n"));
	/* a type by name: converted once too */
	check_node(uprobe_dwarf_type(exe, "struct ud_node"), 3);
	CHECK(uprobe_dwarf_type(exe, "struct ud_node") == uprobe_dwarf_type(exe, "struct ud_node"));
	CHECK(uprobe_dwarf_args(exe, "no_such_function") == NULL);
}

/* types_free_all() drops the cached conversions with the types. */
static void test_after_free(const char *exe)
{
	struct type *a;

	types_free_all();
	a = uprobe_dwarf_args(exe, "ud_first");
	CHECK(a != NULL);
	if (a)
		check_node(pointee(a, "n"), 3);
}

int main(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct ud_node tail = { .id = 2 }, head = { .id = 1, .next = &tail };

	if (n <= 0) {
		TEST_SKIP("uprobe_dwarf", "no /proc/self/exe");
		return 0;
	}
	exe[n] = '\0';
	/* called, so that -O2 keeps them out of line with their parameters */
	if (ud_first(&head, 1) + ud_second(3, &head) != 5)
		return 1;
	test_args(exe);
	test_after_free(exe);
	uprobe_dwarf_free();
	types_free_all();
	return test_done("uprobe_dwarf");
}

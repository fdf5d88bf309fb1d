#!/bin/sh
# A declared variable's type in a uprobe: pointers point to user memory,
# as a cast's do there, also as the elements of an array (let $x: struct
# pair *[2] = args.h->pairs), so following them reads the traced process;
# so do pointers read from user memory, in a field or an array element
# of a script's struct (*((struct hh *)arg0)->q[1]).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

cat >"$T/pa.c" <<'SRC'
struct pair { int a; int b; };
struct holder { int n; struct pair *pairs[2]; };
__attribute__((noinline)) int take(struct holder *h)
{
	return h->n;
}
int main(void)
{
	struct pair p1 = { 123, 1 }, p2 = { 456, 2 };
	struct holder h = { .n = 2, .pairs = { &p1, &p2 } };

	return take(&h) == 2 ? 0 : 1;
}
SRC
gcc -O0 -g -o "$T/pa" "$T/pa.c" || skip "cannot compile the helper"

sonde_run -e "uprobe:$T/pa:take {
	let \$x: struct pair *[2] = args.h->pairs;
	let \$p: struct pair * = args.h->pairs[1];
	printf(\"%d %d %d\n\", \$x[0]->a, \$x[1]->a, \$p->b);
	exit();
}" -c "$T/pa"
expect_status 0
expect_eq "array of user pointers" "$(output | grep -v '^$')" "123 456 2"
sonde_run -e "struct hh { int n; int *q[2]; }
uprobe:$T/pa:take { @x = *((struct hh *)arg0)->q[1]; @y = *(*((struct hh *)arg0)).q[0]; exit(); }" -c "$T/pa"
expect_status 0
expect_match "a pointer element of a user struct" "$(output)" '^@x: 456$'
expect_match "through a dereferenced user struct" "$(output)" '^@y: 123$'
finish

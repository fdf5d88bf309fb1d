#!/bin/sh
# Pointer arithmetic in user memory: (int32 **)arg0 + 1 moves by one
# pointer, and the pointer read there still points to user memory, so
# **($p + 1) reads the target's second int; (uint16 *)arg1 + 2 moves by
# two shorts.  uaddr("sym") points to an integer of the symbol's size, so
# *uaddr reads a global int as 4 bytes and a short as 2 (a non-PIE binary:
# its symbols' addresses are the run-time ones).  A pointer declared with
# let in a uprobe points to user memory, like a cast there.  A tiny program compiled
# here holds the data.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

cat >"$T/ptrs.c" <<'SRC'
static int vals[3] = { 11, 22, 33 };
static int *ptrs[2] = { &vals[0], &vals[2] };
static unsigned short shorts[4] = { 100, 200, 300, 400 };
int global_int = 0x55555555;
int global_after = -1;
short global_short = 0x3333;
__attribute__((noinline)) long take(int **pp, unsigned short *s) { return pp != 0 && s != 0; }
int main(void) { return take(ptrs, shorts) ? 0 : 1; }
SRC
gcc -O0 -g -no-pie -o "$T/ptrs" "$T/ptrs.c" || skip "cannot compile the helper"

sonde_run -e "uprobe:$T/ptrs:take {
	\$p = (int32 **)arg0;
	\$s = (uint16 *)arg1;
	printf(\"%d %d %d %d\n\", **\$p, **(\$p + 1), *(\$s + 2), *(\$s + 3) - *\$s);
	exit();
}" -c "$T/ptrs"
expect_status 0
expect_output <<'OUT'
11 33 300 300


OUT

sonde_run -e "uprobe:$T/ptrs:take { let \$q: int32 **; \$q = (int32 **)arg0; printf(\"%d\n\", **\$q); exit(); }" -c "$T/ptrs"
expect_status 0
expect_output <<'OUT'
11


OUT

sonde_run -e "uprobe:$T/ptrs:take { printf(\"0x%x 0x%x\n\", *uaddr(\"global_int\"), *uaddr(\"global_short\")); exit(); }" -c "$T/ptrs"
expect_status 0
expect_output <<'OUT'
0x55555555 0x3333


OUT
finish

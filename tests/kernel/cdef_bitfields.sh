#!/bin/sh
# A struct defined in the script with typedefs and bitfields reads the same
# values the C compiler wrote: a uprobe on a function that takes a pointer
# to it, in a tiny program compiled here with the same definition (-O0:
# at -O1 gcc sees that take() reads only .id and drops the other stores).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

DEFS='typedef unsigned int u32_t;
struct flags { u32_t id; int neg:4; unsigned int mode:3; unsigned int :0; unsigned long big:40; unsigned short tail:9; };'
{
	printf '%s\n' "$DEFS"
	printf '%s\n' '__attribute__((noinline)) long take(struct flags *f) { return f->id; }'
	printf '%s\n' 'int main(void)' '{'
	printf '%s\n' '	struct flags f = { .id = 77, .neg = -3, .mode = 6, .big = 0x12345678ffULL, .tail = 300 };'
	printf '%s\n' '	return take(&f) == 77 ? 0 : 1;' '}'
} >"$T/bits.c"
gcc -O0 -g -o "$T/bits" "$T/bits.c" || skip "cannot compile the helper"

sonde_run -e "$DEFS
uprobe:$T/bits:take {
	\$f = (struct flags *)arg0;
	printf(\"%d %d %d %lx %d %d\n\", \$f->id, \$f->neg, \$f->mode, \$f->big, \$f->tail, sizeof(struct flags));
	exit();
}" -c "$T/bits"
expect_status 0
expect_output <<'OUT'
77 -3 6 12345678ff 300 16


OUT
finish

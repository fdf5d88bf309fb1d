#!/bin/sh
# Split DWARF (-gsplit-dwarf): the binary keeps skeleton units (addresses,
# the line table), the types and functions are in a .dwo file beside it,
# found by the skeleton's DW_AT_dwo_name, or in a DWARF package
# BINARY.dwp (dwp/llvm-dwp) that gathers them.  Both give uprobe args by
# name, -lv's parameter list, source-line probes, and ustack's source
# lines and inlined functions.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

cat >"$T/sp.c" <<'SRC'
struct pair { int left; char name[8]; };
__attribute__((noinline)) long visit(int count, char tag, struct pair *p)
{
	return count + tag + p->left + p->name[0];
}
static inline __attribute__((always_inline)) long twice(struct pair *p)
{
	return visit(2, 'w', p) * 2;
}
int main(void)
{
	struct pair p = { .left = 40, .name = "split" };

	return (visit(3, 'q', &p) + twice(&p)) > 0 ? 0 : 1;
}
SRC
mkdir -p "$T/dwo" "$T/dwp"
(cd "$T/dwo" && gcc -O0 -g -gsplit-dwarf -fno-omit-frame-pointer -o sp "$T/sp.c") ||
	skip "cannot compile with -gsplit-dwarf"
ls "$T"/dwo/*.dwo >/dev/null 2>&1 || skip "gcc wrote no .dwo file"

# Both ways, the binary alone holds no function's parameters.
check_split() {
	bin=$1 how=$2
	sonde_run -lv "uprobe:$bin:visit"
	expect_output <<OUT
uprobe:$bin:visit
    int count
    char tag
    struct pair* p
OUT
	sonde_run -e "uprobe:$bin:visit { printf(\"%d %c %d %s\n\", args.count, args.tag,
		args.p->left, args.p->name); }" -c "$bin"
	expect_status 0
	expect_eq "$how: args by name" "$(output | grep -v '^$' | tr '\n' ' ')" "3 q 40 split 2 w 40 split "
	# line 4 is visit's body
	sonde_run -e "uprobe:$bin@sp.c:4 { @hits = count(); }" -c "$bin"
	expect_status 0
	expect_eq "$how: source line probe" "$(map_value @hits)" 2
}

check_split "$T/dwo/sp" dwo
# The return into twice(), inlined into main: its call line, then main's.
sonde_run -e "uretprobe:$T/dwo/sp:visit /retval == 2 + 'w' + 40 + 's'/ { print(ustack(1)); }" -c "$T/dwo/sp"
expect_status 0
expect_match "dwo: ustack's inlined frame" "$(output | sed -n 2p)" \
	'^        \[inlined\] twice@/[^ ]*/sp\.c:8$'
expect_match "dwo: ustack's frame and line" "$(output | sed -n 3p)" '^        main\+[0-9]+@/[^ ]*/sp\.c:14$'

# (binutils' dwp does not take DWARF 5)
if command -v llvm-dwp >/dev/null; then
	pack="llvm-dwp -e sp -o sp.dwp"
else
	finish
fi
# The package beside a copy of the binary, and the .dwo file gone.
(cd "$T/dwo" && $pack && mv sp.dwp ../dwp/ && cp sp ../dwp/ && rm ./*.dwo) ||
	fail "cannot make the package"
check_split "$T/dwp/sp" dwp
finish

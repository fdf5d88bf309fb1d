#!/bin/sh
# uprobe args from the binary's DWARF: parameters by name (integers,
# chars, pointers followed into user memory, structs and their string and
# array members), args as a whole value (printed, a map value and key),
# a cast to a struct only the binary's DWARF defines, -lv listing the
# parameters as C declares them, the same from the separate debug file of a
# stripped copy (found through .gnu_debuglink in its .debug directory, or
# in a --debuginfo directory by build id or as BINARY.debug),
# and source-line probes (uprobe:BIN@FILE:LINE) from the line table.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

cat >"$T/dw.c" <<'SRC'
struct item { int id; char label[8]; short dims[3]; };
__attribute__((noinline)) long visit(int count, char tag, int *total, struct item *it)
{
	return count + tag + *total + it->id;
}
int main(void)
{
	int total = 500;
	struct item it = { .id = 77, .label = "disk", .dims = { 4, 5, 6 } };

	return visit(3, 'q', &total, &it) > 0 ? 0 : 1;
}
SRC
gcc -O0 -g -o "$T/dw" "$T/dw.c" || skip "cannot compile the helper"

sonde_run -e "uprobe:$T/dw:visit {
	printf(\"%d %c %d %d %s\n\", args.count, args.tag, *args.total, args.it->id, args.it->label);
	print(args.it->dims);
	printf(\"%d\n\", ((struct item *)arg3)->dims[2]);
	@calls[args.count, args.tag] = count();
	exit();
}" -c "$T/dw"
expect_status 0
expect_output <<'OUT'
3 q 500 77 disk
[4,5,6]
6


@calls[3, 113]: 1
OUT

sonde_run -e "uprobe:$T/dw:visit { @a = args; print(args.count + 1); exit(); }" -c "$T/dw"
expect_status 0
expect_match "args as a value" "$(cat "$T/stdout")" '^@a: \{ \.count = 3, \.tag = 113, \.total = 0x[0-9a-f]+, \.it = 0x[0-9a-f]+ \}$'
# line 3 opens visit() (its entry in the line table), line 4 is its body
sonde_run -e "uprobe:$T/dw@dw.c:3 { @pc_line = reg(\"pc\"); @lines[3] = count(); }
uprobe:$T/dw@dw.c:4 { @lines[4] = count(); }
uprobe:$T/dw:visit { @pc_func = reg(\"pc\"); }" -c "$T/dw"
expect_status 0
expect_eq "@lines[3]" "$(map_value '@lines[3]')" 1
expect_eq "@lines[4]" "$(map_value '@lines[4]')" 1
expect_eq "line 3's address" "$(map_value @pc_line)" "$(map_value @pc_func)"

sonde_run -lv "uprobe:$T/dw:visit"
expect_output <<OUT
uprobe:$T/dw:visit
    int count
    char tag
    int* total
    struct item* it
OUT

if command -v objcopy >/dev/null; then
	mkdir -p "$T/.debug"
	objcopy --only-keep-debug "$T/dw" "$T/.debug/dw-stripped.debug"
	objcopy --strip-debug --add-gnu-debuglink="$T/.debug/dw-stripped.debug" "$T/dw" "$T/dw-stripped"
	sonde_run -e "uprobe:$T/dw-stripped:visit { printf(\"%d %s\n\", args.count, args.it->label); exit(); }" \
		-c "$T/dw-stripped"
	expect_status 0
	expect_output <<'OUT'
3 disk


OUT
	# --debuginfo DIR: a debug file named BINARY.debug (no debuglink; same
	# build id) or under DIR/.build-id; a relative DIR is from the binary's
	# directory; several are searched in order.
	mkdir -p "$T/dbg" "$T/other/.build-id"
	objcopy --only-keep-debug "$T/dw" "$T/dbg/dw-bare.debug"
	objcopy --strip-debug "$T/dw" "$T/dw-bare"
	sonde_run -lv "uprobe:$T/dw-bare:visit"
	expect_eq "no --debuginfo: no parameters" "$(output)" "uprobe:$T/dw-bare:visit"
	sonde_run -lv "uprobe:$T/dw-bare:visit" --debuginfo=./other --debuginfo=./dbg
	expect_eq "--debuginfo=./dbg: parameters" "$(output | sed -n 2p)" "    int count"
	sonde_run --debuginfo "$T/dbg" -e "uprobe:$T/dw-bare:visit { printf(\"%d %c\n\", args.count, args.tag); exit(); }" \
		-c "$T/dw-bare"
	expect_status 0
	expect_eq "--debuginfo absolute: args by name" "$(output | grep -v '^$')" "3 q"
	# Fully stripped (no .symtab): the stack's symbols come from the debug file too.
	mkdir -p "$T/dbg2"
	objcopy --only-keep-debug "$T/dw" "$T/dbg2/dw-all.debug"
	objcopy --strip-all "$T/dw" "$T/dw-all"
	sonde_run --debuginfo=./dbg2 -e "uprobe:$T/dw-all:visit { print(ustack(2)); exit(); }" -c "$T/dw-all"
	expect_status 0
	# (and their source lines: show_debug_info is on by default)
	expect_match "--debuginfo: stack symbols" "$(output | grep -v '^$' | tr -d ' ' | tr '\n' ' ')" \
		"^visit\\+0@[^ ]*/dw\\.c:3 main\\+[0-9]+@[^ ]*/dw\\.c:11 \$"
	id=$(readelf -n "$T/dw" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
	if [ -n "$id" ]; then
		mkdir -p "$T/byid/.build-id/$(echo "$id" | cut -c1-2)"
		mv "$T/dbg/dw-bare.debug" "$T/byid/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug"
		sonde_run -lv "uprobe:$T/dw-bare:visit" --debuginfo="$T/byid"
		expect_eq "--debuginfo: by build id" "$(output | sed -n 5p)" "    struct item* it"
	fi
fi
finish

#!/bin/sh
# The include graph of src/ must follow the pipeline: a module includes
# only modules below it.  Prints every back edge and exits 1 when any.
#
#   sh scripts/check-layers.sh [SRC_DIR]
#
# The order (a module may include those of a lower rank; the same rank
# means no include either way):
#
#   util, numparse, version -> hindex, arch, btf, outfile -> lang -> sym
#        -> probes -> bpf, syscall_merge -> compile -> runtime -> tools
#        -> profile, record, dtrace, strace -> export -> main
#
# A module is a directory of src/ (src/lang/...), or a file at its top
# (compile.c, main.c, util.c).  Update docs/ARCHITECTURE.md with the order.
cd "${1:-$(dirname "$0")/../src}" || exit 2

# one awk over every file (xargs: one batch for a tree of this size)
find . -name '*.[ch]' | sed 's|^\./||' | sort | xargs awk '
BEGIN {
	split("util:0 numparse:0 version:0 hindex:1 arch:1 btf:1 outfile:1 lang:2 sym:3 probes:4 bpf:5 " \
	      "syscall_merge:5 compile:6 runtime:7 tools:8 profile:9 record:9 dtrace:9 strace:9 export:10 main:11", kv, " ")
	for (i in kv) { split(kv[i], p, ":"); rank[p[1]] = p[2] }
	bad = 0
}
function module(path,    m) {
	if (index(path, "/")) return substr(path, 1, index(path, "/") - 1)
	m = path; sub(/\.[ch]$/, "", m); return m
}
# a path relative to src/, "." and ".." resolved
function norm(path,    n, i, parts, out, k) {
	n = split(path, parts, "/"); k = 0
	for (i = 1; i <= n; i++) {
		if (parts[i] == "." || parts[i] == "") continue
		if (parts[i] == "..") { if (k) k--; continue }
		out[++k] = parts[i]
	}
	path = out[1]; for (i = 2; i <= k; i++) path = path "/" out[i]
	return path
}
FNR == 1 {
	from = module(FILENAME)
	dir = FILENAME; sub(/[^\/]*$/, "", dir)
	if (!(from in rank)) {
		print "check-layers: " FILENAME ": module \"" from "\" has no place in the order (scripts/check-layers.sh)"
		bad = 1
	}
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	inc = $0; sub(/^[^"]*"/, "", inc); sub(/".*/, "", inc)
	# as the compiler does: beside the file first, then -Isrc
	t = (dir != "" && system("test -f \"" dir inc "\"") == 0) ? norm(dir inc) : inc
	to = module(t)
	if (to == from || !(from in rank)) next
	if (!(to in rank) || rank[to] >= rank[from]) {
		print "check-layers: " FILENAME " includes " inc ": " from " may not depend on " to
		bad = 1
	}
}
END {
	if (!bad) print "check-layers: the include graph follows the pipeline"
	exit bad
}' || exit 1

#!/bin/sh
# 120 user stacks that differ only in depth each get their own map entry,
# every one complete: stacks are stored by a hash of their frames, so two
# stacks never evict each other (the kernel's stack-trace map loses one of
# two stacks whose hashes share a bucket).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload

sonde_run -e "uprobe:$WORKLOAD:target /pid == cpid/ { @[ustack(raw)] = count(); }" \
	-c "$WORKLOAD depths 120"
expect_status 0
# one entry per depth, each seen once
expect_eq "entries" "$(grep -c '^@\[' "$T/stdout")" 120
expect_eq "counts of 1" "$(grep -c "^\]: 1$" "$T/stdout")" 120
# frames per entry: target, descend x d, cmd_depths, main, libc start...:
# the depths 1..120 must all be there, so the frame counts are all distinct
frames=$(awk '/^@\[/ { n = 0; next } /^\]/ { print n; next } { n++ }' "$T/stdout" | sort -n | uniq | wc -l)
expect_eq "distinct depths" "$frames" 120
finish

#!/bin/sh
# A wildcard uprobe (and uretprobe) is attached by one uprobe_multi link
# per file and program where the kernel has them (6.6+): one link holds
# every matched function, and each still counts as a probe and fires.
# A body that differs per match (probe) needs a program, so a link, each.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

{
	printf '%s\n' '#include <unistd.h>'
	printf '%s\n' '__attribute__((noinline)) int mf_one(int x) { __asm__ volatile(""); return x + 1; }'
	printf '%s\n' '__attribute__((noinline)) int mf_two(int x) { __asm__ volatile(""); return x + 2; }'
	printf '%s\n' '__attribute__((noinline)) int mf_three(int x) { __asm__ volatile(""); return x + 3; }'
	printf '%s\n' 'int main(void) { char c; int s = 0; while (read(0, &c, 1) > 0) ;'
	printf '%s\n' '	s += mf_one(0); for (int i = 0; i < 2; i++) s += mf_two(i);'
	printf '%s\n' '	for (int i = 0; i < 3; i++) s += mf_three(i); return s > 0 ? 0 : 1; }'
} >"$T/multi.c"
gcc -O1 -o "$T/multi" "$T/multi.c" || skip "cannot compile the helper"

# links_of PID: "TYPE COUNT" of each uprobe_multi link PID holds (the
# kernel names a return link uretprobe_multi)
links_of() {
	for f in /proc/"$1"/fdinfo/*; do
		awk '$1 == "link_type:" { t = $2 } $1 == "uprobe_cnt:" { n = $2 }
		     END { if (t ~ /^u(ret)?probe_multi$/) print t, n }' "$f" 2>/dev/null
	done
}

probe_multi() {
	# the helper waits on stdin until the probes are attached
	sonde_start -e "$@" || return 1
	links=$(links_of "$SONDE_PID")
	echo | "$T/multi"
	sleep 0.3
	sonde_stop INT
}

sonde_run --dry-run -e "uprobe:$T/multi:mf_* { }"
if ! sonde_start -e "uprobe:$T/multi:mf_* { }"; then
	finish
fi
multi=$(links_of "$SONDE_PID")
sonde_stop INT
[ -n "$multi" ] || skip "this kernel has no uprobe_multi links (6.6+)"

log "uprobe wildcard: one link for three functions"
probe_multi "uprobe:$T/multi:mf_* { @[arg0] = count(); printf(\"hit\\n\"); }"
expect_status 0
expect_eq "links" "$links" "uprobe_multi 3"
expect_match "attached" "$(cat "$T/err")" '^Attached 3 probes$'
# mf_one(0), mf_two(0..1), mf_three(0..2)
expect_eq "arg0 0" "$(map_value "@[0]")" 3
expect_eq "arg0 1" "$(map_value "@[1]")" 2
expect_eq "arg0 2" "$(map_value "@[2]")" 1
expect_eq "printf per hit" "$(grep -c '^hit$' "$T/stdout")" 6

log "uretprobe wildcard: one return link"
probe_multi "uretprobe:$T/multi:mf_t* { @[retval] = count(); }"
expect_status 0
expect_eq "links" "$links" "uretprobe_multi 2"
expect_eq "mf_two returns" "$(map_value "@[3]")" 2
expect_eq "mf_three returns" "$(map_value "@[5]")" 1

log "a body naming its probe or function: a link per function"
probe_multi "uprobe:$T/multi:mf_* { @[probe] = count(); }"
expect_status 0
expect_eq "links" "$(printf '%s\n' "$links" | sort | uniq -c | sed 's/^ *//')" "3 uprobe_multi 1"
expect_eq "mf_three" "$(map_value "@[uprobe:$T/multi:mf_three]")" 3

log "blocks on the same functions run in script order"
probe_multi "uprobe:$T/multi:mf_one { printf(\"first \"); } uprobe:$T/multi:mf_o* { printf(\"second\\n\"); }"
expect_status 0
expect_eq "order" "$(grep -c '^first second$' "$T/stdout")" 1

log "--probe-filter keeps some of a wildcard's functions"
probe_multi "uprobe:$T/multi:mf_* { @[arg0] = count(); }" --probe-filter 'mf_t'
expect_status 0
expect_eq "links" "$links" "uprobe_multi 2"
expect_eq "arg0 0, without mf_one" "$(map_value "@[0]")" 2
expect_eq "arg0 2" "$(map_value "@[2]")" 1
finish

#!/bin/sh
# unwind = dwarf in programs: ustack sampled in the probe (registers and
# the top of the user stack), unwound in user space through .eh_frame.
# On a binary built without frame pointers, @[ustack] = count() on
# inner_loop finds main -> spin -> inner_loop with exact counts, and the
# two direct calls from main apart; frame-pointer mode finds only the
# leaf.  The same in a tracepoint, through printf("%s"), the config key, SONDE_UNWIND,
# bpftrace's dw_ustack() (its unstable_dw_ustack gate, --dwarf-pid), a
# tuple key with sum() and hist(), print/zero/clear of such a map, JSON,
# and the located errors for what probes cannot do with such a map.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
# Frames are compared as symbols, without their source lines (show_debug_info
# has its own test, tests/kernel/ustack_debug_info.sh).
export BPFTRACE_SHOW_DEBUG_INFO=0
need_root
command -v gcc >/dev/null 2>&1 || skip "no gcc to build the workload"

BIN=$T/dwarf_chain
gcc -O1 -fomit-frame-pointer -o "$BIN" "$(dirname "$0")/dwarf_chain.c" ||
	fail "building the workload failed"
[ "$TEST_FAILED" = 0 ] || finish
N=7

# The count of the map entry (text output) whose stack lists the frames
# $2 in this order, leaf first, with nothing between them.
entry_count() {
	awk -v want="$2" '
		/^@.*\[/ { stack = ""; next }
		/^]: / { if (stack == want) print substr($0, 4); next }
		{ sub(/^[ \t]+/, ""); sub(/\+[0-9]+$/, ""); stack = stack (stack == "" ? "" : ";") $0 }
	' "$1"
}

# 1. --unwind dwarf, @[ustack] = count(): the chain through spin, N times.
"$SONDE" --unwind dwarf -e "uprobe:$BIN:inner_loop { @[ustack] = count(); }" \
	-c "$BIN $N" >"$T/dwarf.out" 2>"$T/err" || fail "sonde --unwind dwarf failed: $(cat "$T/err")"
got=$(entry_count "$T/dwarf.out" "inner_loop;spin;main;__libc_start_call_main;__libc_start_main;_start")
[ "$got" = "$N" ] || fail "main -> spin -> inner_loop counted '$got', not $N: $(cat "$T/dwarf.out")"
n=$(grep -c '^@\[' "$T/dwarf.out")
[ "$n" = 3 ] || fail "$n stacks, not 3 (spin, and main's two call sites): $(cat "$T/dwarf.out")"
direct=$(awk '/^@\[/ { s = "" } /^ +main\+/ { s = s "m" } /^ +spin\+/ { s = s "s" } /^]: / && s == "m" { print substr($0, 4) }' "$T/dwarf.out" | sort | tr '\n' ' ')
[ "$direct" = "1 1 " ] || fail "main's direct calls counted '$direct', not '1 1 ': $(cat "$T/dwarf.out")"
grep -q 'Lost' "$T/dwarf.out" "$T/err" && fail "events lost: $(cat "$T/err")"

# 1b. The same from the mappings the kernel's mmap records left, as for a
# process that exited before its samples were read (whether it has exited
# by then is a race, so SONDE_DWARF_RECORDED_MAPS makes sonde act as if
# every process had).
for i in 1 2; do
	SONDE_DWARF_RECORDED_MAPS=1 "$SONDE" --unwind dwarf -e "uprobe:$BIN:inner_loop { @[ustack] = count(); }" \
		-c "$BIN $N quick" >"$T/quick.out" 2>"$T/err" || fail "quick run failed: $(cat "$T/err")"
	got=$(entry_count "$T/quick.out" "inner_loop;spin;main;__libc_start_call_main;__libc_start_main;_start")
	[ "$got" = "$N" ] || fail "recorded mappings, run $i: main -> spin -> inner_loop counted '$got', not $N: $(cat "$T/quick.out")"
done

# A probe that fires in the kernel (a tracepoint): the user registers still
# come from the task, and the stack reaches main through libc.
"$SONDE" --unwind dwarf -e 'tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { @[ustack] = count(); }' \
	-c "$BIN 1" >"$T/tp.out" 2>"$T/err" || fail "a ustack in a tracepoint failed: $(cat "$T/err")"
got=$(awk '/^@\[/ { f = ""; next } /^]: / { print f "=" substr($0, 4); next }
	{ sub(/^ +/, ""); sub(/\+[0-9]+$/, ""); f = f ";" $0 }' "$T/tp.out")
case $got in
*";usleep;main;"*"=1") ;;
*) fail "the tracepoint's stack does not reach main through usleep: '$got'" ;;
esac

# 2. Frame-pointer mode on the same binary: the leaf, then whatever rbp
# happens to hold (often nothing, sometimes stale stack words), never the
# chain through spin and main; all N + 2 calls counted.
"$SONDE" -e "uprobe:$BIN:inner_loop { @[ustack] = count(); }" -c "$BIN $N" \
	>"$T/fp.out" 2>"$T/err" || fail "sonde (frame pointers) failed: $(cat "$T/err")"
grep -q 'spin+\|main+' "$T/fp.out" &&
	fail "frame pointers found spin or main without frame pointers?: $(cat "$T/fp.out")"
got=$(awk '/^]: / { n += substr($0, 4) } END { print n + 0 }' "$T/fp.out")
[ "$got" = $((N + 2)) ] || fail "frame-pointer mode counted '$got', not $((N + 2)): $(cat "$T/fp.out")"

# 3. printf("%s", ustack), the mode from SONDE_UNWIND: every call's chain.
SONDE_UNWIND=dwarf "$SONDE" -e "uprobe:$BIN:inner_loop { printf(\"%d%s|\\n\", arg0, ustack(3)); }" \
	-c "$BIN $N" >"$T/printf.out" 2>"$T/err" || fail "printf of a ustack failed: $(cat "$T/err")"
got=$(awk '/^[0-9]+$/ { s = $0; next } /\|$/ { print s ":" f; f = ""; next }
	{ sub(/^[ \t]+/, ""); sub(/\+[0-9]+$/, ""); f = f (f == "" ? "" : ";") $0 }' "$T/printf.out" |
	sort | tr '\n' ' ')
want="0:inner_loop;spin;main 1:inner_loop;main;__libc_start_call_main 1:inner_loop;spin;main 2:inner_loop;main;__libc_start_call_main 2:inner_loop;spin;main 3:inner_loop;spin;main 4:inner_loop;spin;main 5:inner_loop;spin;main 6:inner_loop;spin;main "
[ "$got" = "$want" ] || fail "printf stacks: got '$got', want '$want': $(cat "$T/printf.out")"

# 4. The config key; a tuple key with sum(), hist(); print, zero, clear.
cat >"$T/prog.bt" <<EOT
config = { unwind = dwarf }
uprobe:$BIN:inner_loop {
	@s[comm, ustack(2)] = sum(arg0);
	@h[ustack(2)] = hist(arg0);
	@last = ustack(2);
}
uprobe:$BIN:spin { @z[ustack(1)] = count(); }
EOT
"$SONDE" -c "$BIN $N" "$T/prog.bt" >"$T/cfg.out" 2>"$T/err" ||
	fail "the config form failed: $(cat "$T/err")"
got=$(awk '/^@/ { in_s = /^@s\[dwarf_chain, $/; f = ""; next }
	in_s && /^]: / { print f "=" substr($0, 4); next }
	in_s { sub(/^ +/, ""); sub(/\+[0-9]+$/, ""); f = f (f == "" ? "" : ";") $0 }' "$T/cfg.out" |
	sort | tr '\n' ' ')
[ "$got" = "inner_loop;main=1 inner_loop;main=2 inner_loop;spin=$((N * (N - 1) / 2)) " ] ||
	fail "sum by stack: '$got': $(cat "$T/cfg.out")"
grep -A3 '^@h\[' "$T/cfg.out" | grep -q '^]:' || fail "no histogram by stack: $(cat "$T/cfg.out")"
awk '/^@h\[/ { h = 1 } h && /^\[4, 8\)/ { print $3; exit }' "$T/cfg.out" | grep -qx 3 ||
	fail "the spin histogram's [4, 8) bucket is not 3: $(cat "$T/cfg.out")"
grep -A3 '^@last: *$' "$T/cfg.out" | grep -q 'inner_loop+0' ||
	fail "@last = ustack did not keep a stack: $(cat "$T/cfg.out")"
grep -A3 '^@z\[' "$T/cfg.out" | grep -q '^]: 1$' || fail "@z: $(cat "$T/cfg.out")"

# print(), zero() and clear() of a user-space map, in order with the updates.
"$SONDE" --unwind dwarf -e "uprobe:$BIN:inner_loop { @[ustack(1)] = count(); }
	uprobe:$BIN:spin { printf(\"spin\\n\"); }
	uretprobe:$BIN:spin { print(@); zero(@); print(@); clear(@); printf(\"cleared\\n\"); print(@); }" \
	-c "$BIN $N" >"$T/pzc.out" 2>"$T/err" || fail "print/zero/clear failed: $(cat "$T/err")"
got=$(grep '^]: ' "$T/pzc.out" | tr '\n' ' ')
# after clear(), main's two call sites: two stacks that print alike
[ "$got" = "]: $N ]: 0 ]: 1 ]: 1 " ] || fail "print/zero/clear: '$got': $(cat "$T/pzc.out")"

# JSON reads the same table.
"$SONDE" -f json --unwind dwarf -e "uprobe:$BIN:inner_loop { @[ustack(2)] = count(); }" \
	-c "$BIN $N" >"$T/json.out" 2>"$T/err" || fail "JSON failed: $(cat "$T/err")"
grep -q "\"\\\\ninner_loop+0\\\\nspin+[0-9]*\\\\n\": $N" "$T/json.out" ||
	fail "JSON map: $(cat "$T/json.out")"

# 4b. bpftrace's dw_ustack(): a ustack unwound from DWARF (it turns unwind = dwarf on).
"$SONDE" -e "uprobe:$BIN:inner_loop { printf(\"%s\", dw_ustack(3)); exit(); }" \
	-c "$BIN $N" >"$T/dw.out" 2>"$T/err" || fail "dw_ustack failed: $(cat "$T/err")"
got=$(grep -v '^$' "$T/dw.out" | sed 's/^ *//; s/+[0-9]*$//' | tr '\n' ';')
[ "$got" = "inner_loop;spin;main;" ] || fail "dw_ustack(3): '$got': $(cat "$T/dw.out")"

# 4c. bpftrace's gate on dw_ustack, config unstable_dw_ustack: enable (and
# warn) change nothing; error refuses each dw_ustack, located.
for mode in enable warn; do
	"$SONDE" -e "config = { unstable_dw_ustack = $mode }
		uprobe:$BIN:inner_loop { printf(\"%s\", dw_ustack(2)); exit(); }" \
		-c "$BIN $N" >"$T/dwe.out" 2>"$T/err" || fail "unstable_dw_ustack = $mode: $(cat "$T/err")"
	got=$(grep -v '^$' "$T/dwe.out" | sed 's/^ *//; s/+[0-9]*$//' | tr '\n' ';')
	[ "$got" = "inner_loop;spin;" ] || fail "unstable_dw_ustack = $mode: '$got': $(cat "$T/dwe.out")"
done
"$SONDE" -e 'config = { unstable_dw_ustack = error } BEGIN { print(dw_ustack()); exit(); }' \
	>/dev/null 2>"$T/err" && fail "unstable_dw_ustack = error: dw_ustack accepted"
grep -q 'ERROR: dw_ustack: config unstable_dw_ustack = error refuses it' "$T/err" &&
	grep -q '~~~' "$T/err" || fail "unstable_dw_ustack = error: $(cat "$T/err")"

# 4d. --dwarf-pid PID (bpftrace's option): DWARF stacks, with the running
# process's mappings read before the probes attach.  The shell that waits
# for the go execs the workload, which keeps its pid (and maps anew).
mkfifo "$T/go"
sh -c 'read go <"$1"; exec "$2" "$3"' sh "$T/go" "$BIN" "$N" &
P=$!
if sonde_start --dwarf-pid "$P" -p "$P" -e "uprobe:$BIN:inner_loop { @[ustack] = count(); }"; then
	echo go >"$T/go"
	sonde_wait 30
	got=$(entry_count "$T/stdout" "inner_loop;spin;main;__libc_start_call_main;__libc_start_main;_start")
	[ "$got" = "$N" ] || fail "--dwarf-pid: main -> spin -> inner_loop counted '$got', not $N: $(output)"
else
	echo go >"$T/go"
	fail "--dwarf-pid: sonde did not start: $(cat "$T/err")"
fi
wait "$P"
"$SONDE" --dwarf-pid 999999999 -e 'BEGIN { exit(); }' >/dev/null 2>"$T/err" && fail "--dwarf-pid of no process accepted"
grep -q 'ERROR: --dwarf-pid' "$T/err" || fail "--dwarf-pid of no process: $(cat "$T/err")"
"$SONDE" --dwarf-pid $$ --unwind fp -e 'BEGIN { exit(); }' >/dev/null 2>"$T/err" && fail "--dwarf-pid with --unwind fp accepted"
grep -q 'ERROR: --dwarf-pid unwinds from DWARF' "$T/err" || fail "--dwarf-pid --unwind fp: $(cat "$T/err")"

# 5. What a probe cannot do with a user-space map: a located error.
for body in '$x = @[ustack];' 'delete(@[ustack]);' 'print(len(@));' '@n[ustack] *= 2;'; do
	"$SONDE" --unwind dwarf -e "uprobe:$BIN:inner_loop { @[ustack] = count(); $body }" \
		>"$T/e.out" 2>"$T/err" && fail "'$body' was accepted"
	grep -q 'ERROR: .*unwind = dwarf' "$T/err" || fail "'$body': $(cat "$T/err")"
	grep -q '~~~' "$T/err" || fail "'$body': error without a location: $(cat "$T/err")"
done
"$SONDE" --unwind bogus -e 'BEGIN { exit(); }' >/dev/null 2>"$T/err" && fail "--unwind bogus accepted"
grep -q "unknown unwind mode 'bogus'" "$T/err" || fail "--unwind bogus: $(cat "$T/err")"
finish

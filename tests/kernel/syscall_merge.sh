#!/bin/sh
# A probe over many syscall tracepoints whose body does not read their
# records runs as one program on raw_syscalls (syscall_merge.c); its
# output is byte for byte the one of the tracepoints attached one by one
# (SONDE_SYSCALL_MERGE=0): the probe builtin still names each syscall's
# tracepoint, the attach count is the same, and 32-bit syscalls, which
# raw_syscalls sees with other numbers, are not counted.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint raw_syscalls:sys_enter
need_tracepoint syscalls:sys_enter_getppid

# sys_enter_s* (about 70 tracepoints, merged: 64 or more) and narrower
# wildcards that stay separate: all of sys_enter_* one by one would take
# the kernel most of a minute to tear down after each separate run.
prog='tracepoint:syscalls:sys_enter_s* /pid == cpid/ { @[probe] = count(); }
tracepoint:syscalls:sys_exit_get* /pid == cpid/ { @x[probe, comm] = count(); @n = count(); }
tracepoint:syscalls:sys_enter_*open* /pid == cpid/ { printf("%s\n", probe); }
tracepoint:syscalls:sys_exit_s* /pid == cpid/ { printf("%s %s\n", probe, comm); }'

# compare NAME SONDE-ARGS...: output and status both ways
compare() {
	name=$1
	shift
	SONDE_SYSCALL_MERGE=0 RUN_TIMEOUT=60 sonde_run "$@"
	s0=$SONDE_STATUS
	cp "$T/stdout" "$T/separate"
	RUN_TIMEOUT=60 sonde_run "$@"
	expect_eq "$name: exit status" "$SONDE_STATUS" "$s0"
	if cmp -s "$T/separate" "$T/stdout"; then
		log "ok: $name: same output ($(wc -l <"$T/stdout") lines)"
	else
		fail "$name: output differs:"
		diff "$T/separate" "$T/stdout" | head -n 20 | sed 's/^/    /'
	fi
}

compare "text" -c "$WORKLOAD getppid 50" -e "$prog"
expect_eq "getppid counted" "$(map_value '@x[tracepoint:syscalls:sys_exit_getppid, workload]')" 50
expect_match "merged probe named" "$(output)" '^tracepoint:syscalls:sys_exit_set_robust_list workload$' 
compare "json" -f json -c "$WORKLOAD open /etc/hostname 20" -e "$prog"
expect_match "json attach count" "$(head -n 1 "$T/stdout")" '"attached_probes", "count": [0-9]{2,}'

# --dump: one raw_syscalls program per merged probe, saying what it stands
# for; the narrow wildcards (fewer than 64) stay one program per tracepoint.
"$SONDE" --dump -e "$prog" >"$T/dump" 2>&1
expect_eq "merged programs" "$(grep -c "^tracepoint:raw_syscalls:sys_e" "$T/dump")" 2
expect_match "merged program named" "$(cat "$T/dump")" \
	'^; stands for [0-9]+ syscalls:sys_enter_\* tracepoints, by syscall number$'
expect_eq "narrow wildcard: one program each" \
	"$(grep -c '^tracepoint:syscalls:sys_exit_get' "$T/dump")" \
	"$(ls -d /sys/kernel/tracing/events/syscalls/sys_exit_get* | wc -l)"
# A body that reads a tracepoint's own record is not merged.
"$SONDE" --dump -e 'tracepoint:syscalls:sys_enter_* { @[args.__syscall_nr] = count(); }' \
	>"$T/dump" 2>&1
expect_eq "args: nothing merged" "$(grep -c '^tracepoint:raw_syscalls' "$T/dump")" 0
"$SONDE" --dump -e 'tracepoint:syscalls:sys_enter_* { @[kstack] = count(); }' >"$T/dump" 2>&1
expect_eq "kstack: nothing merged" "$(grep -c '^tracepoint:raw_syscalls' "$T/dump")" 0

# 32-bit syscalls: getppid is 64 there, semget's number on x86-64.
cat >"$T/t32.c" <<'C'
void _start(void)
{
	for (int i = 0; i < 5; i++)
		__asm__ volatile("int $0x80" : : "a"(64) : "memory");
	__asm__ volatile("int $0x80" : : "a"(1), "b"(0) : "memory");
}
C
if [ "$(uname -m)" = x86_64 ] &&
	gcc -m32 -nostdlib -static -O1 -fno-pic -o "$T/t32" "$T/t32.c" 2>/dev/null &&
	"$T/t32"; then
	compare "32-bit task" -c "$T/t32" \
		-e 'tracepoint:syscalls:sys_enter_s* /pid == cpid/ { @[probe] = count(); }'
	grep -q semget "$T/stdout" && fail "a 32-bit getppid counted as semget"
else
	log "note: no 32-bit build or ia32 emulation: the compat case is left out"
fi
finish

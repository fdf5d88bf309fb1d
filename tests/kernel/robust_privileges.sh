#!/bin/sh
# Without CAP_BPF/CAP_PERFMON/CAP_SYS_ADMIN (capsh --drop), sonde says in
# one line what is missing and exits 1 before doing anything; --help,
# --version, --dump and -l need no privilege and still work.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v capsh >/dev/null 2>&1 || skip "capsh not installed (libcap2-bin)"
need_tracepoint syscalls:sys_enter_getppid
need_tracepoint syscalls:sys_exit_bpf

DROP=cap_bpf,cap_perfmon,cap_sys_admin
# unprivileged ARGS...: sonde without the three capabilities.
unprivileged() {
	capsh --drop=$DROP -- -c 'exec "$0" "$@"' "$SONDE" "$@" </dev/null \
		>"$T/stdout" 2>"$T/err"
	SONDE_STATUS=$?
}

# Loading nothing: a privileged sonde watches the bpf(BPF_PROG_LOAD) calls
# of that process (its own pid: other sondes may load programs meanwhile).
spawn_stopped capsh --drop=$DROP -- -c 'exec "$0" "$@"' "$SONDE" \
	-e 'tracepoint:syscalls:sys_enter_getppid { @ = count(); }' </dev/null >"$T/unpriv.out" 2>"$T/unpriv.err"
unpriv=$SPAWNED
sonde_start -e "tracepoint:syscalls:sys_enter_bpf /pid == $unpriv && args.cmd == 5/ { @load[tid] = 1; }
tracepoint:syscalls:sys_exit_bpf /pid == $unpriv && @load[tid]/ {
	if (args.ret >= 0) { @loaded = count(); }
	delete(@load, tid);
}
END { clear(@load); }" || finish
resume "$unpriv"
unpriv_status=$?
sonde_stop INT
expect_eq "programs loaded" "$(map_value @loaded)" ""
cp "$T/unpriv.out" "$T/stdout"
cp "$T/unpriv.err" "$T/err"
SONDE_STATUS=$unpriv_status
expect_status 1
expect_eq "stderr lines" "$(wc -l <"$T/err")" 1
expect_match "the message" "$(cat "$T/err")" '^ERROR: .*CAP_BPF.*CAP_PERFMON.*root'
expect_eq "stdout" "$(cat "$T/stdout")" ""

unprivileged -e 'BEGIN { exit(); }'
expect_status 1
expect_match "BEGIN-only program" "$(cat "$T/err")" 'CAP_BPF'

unprivileged --help
expect_status 0
expect_match "--help" "$(cat "$T/stdout")" 'USAGE'
unprivileged --version
expect_status 0
expect_match "--version" "$(cat "$T/stdout")" '^sonde v[0-9]'
expect_match "--version: the bpftrace it matches" "$(cat "$T/stdout")" '^bpftrace v0\.26 compatible'
unprivileged --dump -e 'tracepoint:syscalls:sys_enter_getppid { @ = count(); }'
expect_status 0
expect_match "--dump" "$(cat "$T/stdout")" 'tracepoint:syscalls:sys_enter_getppid'
unprivileged -l 'tracepoint:syscalls:sys_enter_getppid'
expect_status 0
expect_eq "-l" "$(cat "$T/stdout")" tracepoint:syscalls:sys_enter_getppid
finish

#!/bin/sh
# dtrace:::ERROR on live probes: a copyinstr() of a bad user address in a
# syscall clause faults on every firing; the clause stops there, ERROR
# fires with DTrace's arguments, and dtrace(1)'s message names the probe.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

# Two opens of the workload: two faults, each seen by ERROR (arg4 1 is
# DTRACEFLT_BADADDR, arg5 the address); the action after the fault never runs.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target && arg2 == 0/ {
	printf("%s\n", copyinstr(arg1 + 0x7000000000000000)); @after = count(); }
	ERROR { @err[arg2, arg4] = count(); }
	END { printa("after %@d\n", @after); printa("action %d type %d: %@d\n", @err); }' \
	-c "$WORKLOAD open /etc/hostname 2"
expect_status 0
expect_eq "the action after the fault" "$(grep -c '^after' "$T/stdout")" 0
expect_eq "ERROR's action and fault type" "$(grep '^action' "$T/stdout")" "action 1 type 1: 2"
expect_eq "dtrace(1)'s messages" \
	"$(grep -c '^dtrace: error on enabled probe ID 1 (ID [0-9]*: syscall::openat:entry): invalid address (0x7[0-9a-f]*) in action #1 at DIF offset [0-9]*$' "$T/err")" 2

# What ERROR prints comes right after the fault, before what later clauses
# (and later firings) print, as DTrace runs ERROR in the faulting probe.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target && arg2 == 0/ {
	this->s = copyinstr(arg1 + 0x7000000000000000); }
	syscall::openat:entry /pid == $target && arg2 == 0/ { printf("clause 2, open %d\n", ++n); }
	ERROR { printf("ERROR\n"); }' -c "$WORKLOAD open /etc/hostname 3"
expect_status 0
printf 'ERROR\nclause 2, open 1\nERROR\nclause 2, open 2\nERROR\nclause 2, open 3\n' >"$T/expected"
expect_output <"$T/expected"

# A clause that faults traces nothing: its event line and what it traced
# before the fault are dropped, as DTrace discards the clause's data; the
# clause after it on the same probe prints its line each time.
sonde_run dtrace -n 'syscall::openat:entry /pid == $target && arg2 == 0/ {
	trace("before"); trace(copyinstr(arg1 + 0x7000000000000000)); }
	syscall::openat:entry /pid == $target && arg2 == 0/ { trace("kept"); }' \
	-c "$WORKLOAD open /etc/hostname 2"
expect_status 0
expect_eq "what the faulting clause traced" "$(grep -c before "$T/stdout")" 0
expect_eq "the other clause's lines" "$(grep -c '^ *[0-9]* *[0-9]* *openat:entry   kept *$' "$T/stdout")" 2
expect_eq "dtrace(1)'s messages" "$(grep -c '^dtrace: error on enabled probe ID 1 ' "$T/err")" 2
finish

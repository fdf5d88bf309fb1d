#!/bin/sh
# D's id and epid on live probes, uregs[] on kernel probes (the thread's saved
# user registers), argN of sdt probes (a tracepoint's fields in order), and
# aggregation drops reported as dtrace(1) reports them, on the workload.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
need_tracepoint sched:sched_process_fork

# id is the ID column's number, also in the program merged over all syscalls.
sonde_run dtrace -n 'syscall:::entry /pid == $target/ { trace(id); }' -c "$WORKLOAD getppid 5"
expect_status 0
expect_eq "getppid's lines" "$(awk '$3 == "getppid:entry"' "$T/stdout" | wc -l)" 5
expect_eq "lines whose id is not their ID column" \
	"$(awk 'NR > 1 && NF == 4 && $2 != $4' "$T/stdout" | wc -l)" 0

# epid: each clause's program; a clause over two probes that reads probefunc has one per probe.
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ { @[epid, "first"] = count(); }
	syscall::getpid:entry,syscall::getppid:entry /pid == $target/ { @[epid, probefunc] = count(); }' \
	-c "$WORKLOAD getppid 3"
expect_status 0
expect_lines "epids" "$(cat "$T/stdout" | sort)" "        1  first +3
        3  getppid +3"

# uregs on a syscall probe: the caller's user registers (its PC in libc).
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ {
	@[umod(uregs[R_PC]), uregs[R_SP] == uregs[R_RSP] && uregs[R_SP] != 0] = count(); }' \
	-c "$WORKLOAD getppid 100"
expect_status 0
expect_match "uregs on getppid" "$(cat "$T/stdout")" '^  libc\.so\.6 +1 +100$'

# uregs on a profile probe that interrupted user code: the interrupted PC (arg1).
sonde_run dtrace -q -n 'profile-997 /pid == $target && arg1/ {
	@[ufunc(uregs[R_PC]), uregs[R_PC] == arg1] = count(); }' -c "$WORKLOAD spin-cpu 1000"
expect_status 0
expect_match "samples in spin" "$(cat "$T/stdout")" '^  workload`spin +1 +[0-9]+$'
expect_eq "samples whose uregs[R_PC] is not arg1" \
	"$(awk 'NF == 3 && $2 != 1' "$T/stdout" | wc -l)" 0

# sdt: argN are the tracepoint's fields (parent_comm, parent_pid, child_comm, child_pid).
sonde_run dtrace -q -n 'sdt:sched::sched_process_fork /pid == $target/ {
	@[stringof(arg0), arg1 == pid, args[3] > pid] = count(); }' -c "$WORKLOAD fork 3"
expect_status 0
expect_match "fork's fields" "$(cat "$T/stdout")" '^  workload +1 +1 +3$'

# An aggregation past its map's 4096 keys: each refused update is an
# aggregation drop, reported per CPU as dtrace(1) does, not as a warning.
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ { @a[i++] = count(); @n = count(); }' \
	-c "$WORKLOAD getppid 5000"
expect_status 0
expect_eq "aggregation drops" "$(sed -n 's/^dtrace: \([0-9]*\) aggregation drops* on CPU [0-9]*$/\1/p' "$T/err" |
	awk '{ n += $1 } END { print n }')" 904
expect_eq "the other lines of stderr" \
	"$(grep -vc -e '^dtrace: [0-9]* aggregation drops* on CPU [0-9]*$' -e '^dtrace: description' "$T/err")" 0
expect_eq "the count of all" "$(awk 'NF == 1 { print $1 }' "$T/stdout")" 5000

# printf's %k and %K: the frames as dtrace(1) prints them, each on a line of its
# own after a newline, not indented (a left-aligned %-8K: by 8).
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ {
	printf("<%k>[%-8K]\n", stack(), ustack()); exit(0); }' -c "$WORKLOAD getppid 3"
expect_status 0
expect_lines "%k" "$(cat "$T/stdout")" '<
vmlinux`[A-Za-z_0-9.]+\+0x[0-9a-f]+'
expect_match "%k reaches the syscall's entry" "$(cat "$T/stdout")" '^vmlinux`do_syscall_64\+0x[0-9a-f]+$'
expect_lines "%-8K" "$(cat "$T/stdout")" '>\[
        libc\.so\.6`[a-z_0-9]+\+0x[0-9a-f]+'
expect_match "%-8K reaches the workload" "$(cat "$T/stdout")" '^        workload`(main|cmd_getppid)\+0x[0-9a-f]+$'

# printa's %k of stack() keys, and the stack() action (frames indented 14 columns).
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ { @[stack(2)] = count(); }
	END { printa("%k=%@d\n", @); }' -c "$WORKLOAD getppid 3"
expect_status 0
expect_lines "printa %k" "$(cat "$T/stdout")" '
vmlinux`[A-Za-z_0-9.]+\+0x[0-9a-f]+
vmlinux`[A-Za-z_0-9.]+\+0x[0-9a-f]+
=3'
sonde_run dtrace -n 'syscall::getppid:entry /pid == $target/ { stack(); exit(0); }' -c "$WORKLOAD getppid 3"
expect_status 0
expect_lines "stack()" "$(cat "$T/stdout")" ' +[0-9]+ +[0-9]+ +getppid:entry 
              vmlinux`[A-Za-z_0-9.]+\+0x[0-9a-f]+'

# strtok() on a path the probe read: the components, then NULL.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target/ {
	this->path = copyinstr(arg1); printf("%s %s %d\n", strtok(this->path, "/"), strtok(NULL, "/"),
	strtok(NULL, "/") == NULL); }' -c "$WORKLOAD open /nonexistent/sonde-dt 2"
expect_status 0
expect_eq "strtok of the path" "$(sort -u "$T/stdout" | grep nonexistent)" "nonexistent sonde-dt 1"

finish

#!/bin/sh
# The VM tests: sonde on a kernel with kprobes, fentry and BTF (Debian's
# stock cloud kernel).  Each test runs one program against the workload
# and compares the printed map; the last line is "vm: N passed, N failed".
SONDE=/sonde
WORKLOAD=/workload
N=200
passed=0
failed=0

ok() {
	passed=$((passed + 1))
	echo "vm: ok $1"
}

bad() {
	failed=$((failed + 1))
	echo "vm: FAIL $1: $2"
	sed 's/^/vm:   | /' /tmp/out /tmp/err | head -20
}

# prints NAME PROGRAM WORKLOAD_ARGS LINE: run PROGRAM over `workload
# WORKLOAD_ARGS`; it must exit 0 and print LINE (a map line).
prints() {
	timeout 60 $SONDE -e "$2" -c "$WORKLOAD $3" >/tmp/out 2>/tmp/err
	status=$?
	got=$(grep -F -x -- "$4" /tmp/out)
	if [ $status -eq 0 ] && [ "$got" = "$4" ]; then
		ok "$1"
	else
		bad "$1" "exit $status, no line '$4'"
	fi
}

# count NAME PROGRAM: the program must print "@: $N" for `workload getppid N`.
count() {
	prints "$1" "$2" "getppid $N" "@: $N"
}

# fails NAME PROGRAM PATTERN [FLAGS]: sonde must fail with an error matching PATTERN.
fails() {
	timeout 60 $SONDE $4 -e "$2" >/tmp/out 2>/tmp/err
	status=$?
	if [ $status -ne 0 ] && grep -q "$3" /tmp/err; then
		ok "$1"
	else
		bad "$1" "exit $status, no error matching '$3'"
	fi
}

# lists NAME PATTERN LINE: sonde -l[v] PATTERN must print LINE.
lists() {
	timeout 60 $SONDE $4 -l "$2" >/tmp/out 2>/tmp/err
	if grep -qx -- "$3" /tmp/out; then
		ok "$1"
	else
		bad "$1" "no line '$3'"
	fi
}

# On Debian's 6.1 kernel __x64_sys_getppid is an alias of __do_sys_getppid
# (same address): kallsyms has both, but ftrace and BTF know the function
# only as __do_sys_getppid, so probes that need a traceable (ftrace) or BTF
# function use that name, and kprobes by symbol use the syscall's.
SYS=__x64_sys_getppid
FN=__do_sys_getppid

count kprobe "kprobe:$SYS /pid == cpid/ { @ = count(); }"
count kretprobe "kretprobe:$SYS /pid == cpid/ { @ = count(); }"
count kprobe_alias "k:$SYS /pid == cpid/ { @ = count(); }"
count kprobe_offset "kprobe:$SYS+0 /pid == cpid/ { @ = count(); }"
count kprobe_wildcard "kprobe:__do_sys_getp* /pid == cpid/ { @ = count(); }"
count kretprobe_wildcard "kr:__do_sys_getpp* /pid == cpid/ { @ = count(); }"
count kprobe_retval "kretprobe:$SYS /pid == cpid && retval > 0/ { @ = count(); }"
count fentry "fentry:$FN /pid == cpid/ { @ = count(); }"
count fexit "fexit:$FN /pid == cpid/ { @ = count(); }"
count kfunc_alias "kfunc:vmlinux:$FN /pid == cpid/ { @ = count(); }"
count fentry_wildcard "fentry:__do_sys_getpp* /pid == cpid/ { @ = count(); }"
# Two BTF-attached programs with the same code must not share one load.
count2() {
	prints "$1" "$2" "getppid $N" "@: $((N * 2))"
}
count2 fentry_fexit_same_body "fentry:$FN,fexit:$FN /pid == cpid/ { @ = count(); }"
count2 kprobe_kretprobe_same_body "kprobe:$SYS,kretprobe:$SYS /pid == cpid/ { @ = count(); }"
count rawtracepoint "rawtracepoint:sys_enter /pid == cpid && arg1 == 110/ { @ = count(); }"
count rawtracepoint_alias "rt:vmlinux:sys_enter /pid == cpid && arg1 == 110/ { @ = count(); }"
# Arguments: registers for kprobes, BTF-typed slots for fexit/rawtracepoint.
count kprobe_arg0 "kprobe:$SYS /pid == cpid && arg0 != 0/ { @ = count(); }"
count fexit_retval "fexit:$FN /pid == cpid && retval > 0/ { @ = count(); }"
count rawtp_typed_args "rawtracepoint:sys_enter /pid == cpid && args.id == 110 && args.regs != 0/ { @ = count(); }"
count rawtp_struct_deref "rawtracepoint:sys_enter /pid == cpid && args.regs->orig_ax == 110/ { @ = count(); }"
fails kprobe_missing "kprobe:sonde_no_such_function { @ = count(); }" "no_such_function"
fails fentry_missing "fentry:sonde_no_such_function { @ = count(); }" "sonde_no_such_function"
fails kprobe_wildcard_none "kprobe:sonde_no_such_* { @ = count(); }" "kprobes not found"
lists list_kprobe "kprobe:$FN" "kprobe:$FN"
lists list_kretprobe "kr:$FN" "kretprobe:$FN"
lists list_fentry "fentry:$FN" "fentry:vmlinux:$FN"
lists list_rawtp "rt:sched_switch" "rawtracepoint:vmlinux:sched_switch"
# path NAME PROGRAM: `workload open /tests/guest.sh N` closes the file N
# times; the program keys a count by the closed file's path.
path() {
	prints "$1" "$2" "open /tests/guest.sh $N" "@[/tests/guest.sh]: $N"
}

path path_struct "fentry:filp_close /pid == cpid/ { @[path(args.filp->f_path)] = count(); }"
path path_pointer "fentry:filp_close /pid == cpid/ { @[path(&args.filp->f_path)] = count(); }"
# percpu_kaddr: each CPU's runqueue knows its CPU (the VM has one: CPU 0),
# a CPU that does not exist gives 0
prints percpu_kaddr "BEGIN { \$rq = (struct rq *)percpu_kaddr(\"runqueues\", 0);
	\$me = (struct rq *)percpu_kaddr(\"runqueues\");
	@ = (\$rq->cpu, \$me == \$rq, percpu_kaddr(\"runqueues\", 4096)); exit(); }" "getppid 1" "@: (0, true, 0)"
# socket_cookie: every wakeup of one socketpair's reading end is the same
# socket, so one cookie counts all N writes
prints socket_cookie "fentry:sock_def_readable /pid == cpid/ { @[socket_cookie(args.sk) > 0] = count(); @c[socket_cookie(args.sk)] = count(); }
END { printf(\"cookies %d\\n\", len(@c)); clear(@c); }" "unix $N" "@[true]: $N"
prints socket_cookie_one "fentry:sock_def_readable /pid == cpid/ { @c[socket_cookie(args.sk)] = count(); }
END { printf(\"cookies %d\\n\", len(@c)); clear(@c); }" "unix $N" "cookies 1"

# override: Debian's kernel has no CONFIG_BPF_KPROBE_OVERRIDE, so the
# verifier refuses bpf_override_return; sonde must say so at the call.
# (With it, the syscall would return 77: tracepoint sys_exit_getppid shows it.)
fails override_unsupported "kprobe:$SYS { override(77); }" "lacks a helper" --unsafe
lists list_fentry_args "fentry:vfs_read" "    struct file \\* file" -v
lists list_rawtp_args "rawtracepoint:sched_switch" "    struct task_struct \\* prev" -v

# sonde dtrace: fbt probes are kprobes/kretprobes; D prints a count " %16d".
dtrace_prints() {
	timeout 60 $SONDE dtrace -q -n "$2" -c "$WORKLOAD getppid $N" >/tmp/out 2>/tmp/err
	status=$?
	if [ $status -eq 0 ] && grep -q -x -- "$3" /tmp/out; then
		ok "$1"
	else
		bad "$1" "exit $status, no line '$3'"
	fi
}
dtrace_prints dtrace_fbt_entry "fbt::$SYS:entry /pid == \$target/ { @ = count(); }" \
	"$(printf ' %16d' $N)"
dtrace_prints dtrace_fbt_return "fbt::$SYS:return /pid == \$target && arg1 > 0/ { @ = count(); }" \
	"$(printf ' %16d' $N)"
dtrace_prints dtrace_fbt_glob "fbt::__do_sys_getpp*:entry /pid == \$target/ { @[probefunc] = count(); }" \
	"$(printf '  %-50s %16d' $FN $N)"

echo "vm: $passed passed, $failed failed"

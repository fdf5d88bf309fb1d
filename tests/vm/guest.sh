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
count probe_compare "kprobe:$SYS /pid == cpid && __builtin_probe == probe() && probe == probe/ { @ = count(); }"
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
	@ = (\$rq->cpu, \$me == \$rq, (uint64)percpu_kaddr(\"runqueues\", 4096)); exit(); }" "getppid 1" "@: (0, true, 0)"
# percpu_kaddr is a pointer to the variable's own type: dereferenced
# without a cast (process_counts: the forks each CPU has seen, an unsigned long)
prints percpu_kaddr_deref "BEGIN { @ = (*percpu_kaddr(\"process_counts\", 0) > 0,
	*percpu_kaddr(\"process_counts\") == *percpu_kaddr(\"process_counts\", cpu),
	sizeof(*percpu_kaddr(\"process_counts\"))); exit(); }" "getppid 1" "@: (true, true, 8)"

# matches NAME REGEX SONDE-ARGS...: sonde must exit 0 and print a line
# matching the extended regular expression REGEX.
matches() {
	name=$1 re=$2
	shift 2
	timeout 60 $SONDE "$@" >/tmp/out 2>/tmp/err
	status=$?
	if [ $status -eq 0 ] && grep -Eq -- "$re" /tmp/out; then
		ok "$name"
	else
		bad "$name" "exit $status, no line matching '$re'"
	fi
}

# kstack in a kprobe: the kernel's stack of the probed syscall, whole, as
# perf prints it, and raw; the frames are walked by the code generator's
# loop, which older verifiers (6.1) must be able to bound.
matches kstack_kprobe '^        do_syscall_64\+[0-9]+$' -e "kprobe:$SYS /pid == cpid/ { @[kstack] = count(); }" -c "$WORKLOAD getppid $N"
matches kstack_kprobe_perf '^	[0-9a-f]+ do_syscall_64\+[0-9]+ \(\[kernel\.kallsyms\]\)$' -e "kprobe:$SYS /pid == cpid/ { @[kstack(perf, 3)] = count(); }" -c "$WORKLOAD getppid $N"
matches kstack_kprobe_raw '^[0-9a-f]{16}$' -e "config = { stack_mode = raw } kprobe:$SYS /pid == cpid/ { @[kstack] = count(); }" -c "$WORKLOAD getppid $N"
matches kstack_fentry '^        do_syscall_64\+[0-9]+$' -e "fentry:$FN /pid == cpid/ { @[kstack] = count(); }" -c "$WORKLOAD getppid $N"

# kprobe:vmlinux:FUNC is the core kernel's function
count kprobe_vmlinux "kprobe:vmlinux:$SYS /pid == cpid/ { @ = count(); }"
# a missing function or module, as bpftrace reports them; with
# missing_probes = warn (or ignore) the other attach points still run
fails kprobe_no_match "kprobe:vmlinux:sonde_no_such_function { @ = count(); }" "ERROR: No matches for kprobe vmlinux:sonde_no_such_function\\."
fails kprobe_not_traceable "kprobe:sonde_no_such_function { @ = count(); }" 'WARNING: sonde_no_such_function is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail'
fails kprobe_unsafe_attach "kprobe:sonde_no_such_function { @ = count(); }" "ERROR: Unable to attach probe: kprobe:sonde_no_such_function" --unsafe
# kprobe wildcards never match rcu_* (probing them hangs or upsets RCU)
fails kprobe_rcu_refused "kprobe:rcu_* { @ = count(); }" "ERROR: Probe has no valid attach points\\."
# fentry/fexit wildcards leave out the same functions (bpftrace's list of
# traceable functions serves both), in -l too; a wider glob keeps the rest
fails fentry_rcu_refused "fentry:rcu_* { @ = count(); }" "ERROR: Probe has no valid attach points\\."
fails fexit_rcu_refused "fexit:rcu_* { @ = count(); }" "ERROR: Probe has no valid attach points\\."
timeout 60 $SONDE -l 'fentry:*rcu*' >/tmp/out 2>/tmp/err
if grep -q '^fentry:vmlinux:' /tmp/out && ! grep -q '^fentry:[^:]*:rcu_' /tmp/out; then
	ok fentry_rcu_unlisted
else
	bad fentry_rcu_unlisted "-l 'fentry:*rcu*': none listed, or an rcu_* function listed"
fi
# max_bpf_progs: k:* naming the probe would be a program per function
fails bpf_programs_limit "k:* { @[probe] = count(); }" "ERROR: Your program is trying to generate more than [0-9]* BPF programs, which exceeds the current limit of 1024"
# --traceable-functions FILE: an empty list makes vfs_read untraceable; --unsafe attaches it
timeout 60 $SONDE --unsafe --traceable-functions /dev/null -e 'BEGIN { exit(); } kprobe:vfs_read { }' >/tmp/out 2>/tmp/err &&
	grep -q 'WARNING: vfs_read is not traceable' /tmp/err && grep -qx 'Attached 2 probes' /tmp/err &&
	ok traceable_functions_file || bad traceable_functions_file "no warning, or not attached"
# kprobe:ADDRESS: named by the address in decimal; a real function's address counts its calls
fails kprobe_addr_invalid "kprobe:0x12345678 { }" "ERROR: Unable to attach probe: kprobe:305419896" --unsafe
addr=$(grep " $FN\$" /proc/kallsyms | cut -d' ' -f1)
count kprobe_addr "kprobe:0x$addr /pid == cpid/ { @ = count(); }"
fails kprobe_module_not_loaded "kprobe:sonde_no_module:$SYS { @ = count(); }" "ERROR: specified module sonde_no_module in probe kprobe:sonde_no_module:$SYS is not loaded\\."
count kprobe_missing_warn "config = { missing_probes = \"warn\" } kprobe:$SYS,kprobe:sonde_no_such_function /pid == cpid/ { @ = count(); }"
grep -q "WARNING: No matches for kprobe sonde_no_such_function. Skipping." /tmp/err && ok kprobe_missing_warn_says ||
	bad kprobe_missing_warn_says "no warning"
fails fentry_no_match "fentry:vfs_read,fentry:sonde_no_such_function { @ = count(); }" "ERROR: No matches for fentry sonde_no_such_function\\."
count fentry_missing_ignore "config = { missing_probes = \"ignore\" } fentry:$FN,fentry:sonde_no_such_function /pid == cpid/ { @ = count(); }"

# --traceable-functions FILE replaces the kernel's list of traceable
# functions: with an empty one a named function is missing, or under
# --unsafe a warning and an attach that works; wildcards and -l see only
# the functions the file lists
fails traceable_functions_empty "kprobe:$SYS { @ = count(); }" "ERROR: No matches for kprobe $SYS\\." "--traceable-functions /dev/null"
timeout 60 $SONDE --unsafe --traceable-functions /dev/null -e "kprobe:$SYS /pid == cpid/ { @ = count(); }" \
	-c "$WORKLOAD getppid $N" >/tmp/out 2>/tmp/err
if grep -qx "@: $N" /tmp/out && grep -q "WARNING: $SYS is not traceable" /tmp/err; then
	ok traceable_functions_unsafe
else
	bad traceable_functions_unsafe "no warning, or no count of $N"
fi
printf '%s\n' "$FN" >/tmp/traceable
timeout 60 $SONDE --traceable-functions /tmp/traceable -l 'kprobe:__do_sys_get*' >/tmp/out 2>/tmp/err
if [ "$(cat /tmp/out)" = "kprobe:$FN" ]; then
	ok traceable_functions_list
else
	bad traceable_functions_list "want only kprobe:$FN listed"
fi
fails traceable_functions_unreadable "BEGIN { exit(); }" "ERROR: --traceable-functions /nonexistent: No such file or directory" "--traceable-functions /nonexistent"

# fexit of a function with a struct passed by value in two registers:
# __sys_bpf(int cmd, bpfptr_t uattr, unsigned int size) has size in the
# trampoline's fourth slot and the return value in the fifth.  A second
# sonde loads programs (cmd 5, BPF_PROG_LOAD): a size and a new fd.
matches fexit_struct_arg '^@\[true, true\]: [0-9]+$' -e "fexit:__sys_bpf /args.cmd == 5 && comm == \"sonde\" && pid != \$1/ {
	@[args.size > 0 && args.size <= 4096, (int64)retval > 0] = count(); }" -c "$SONDE -e 'BEGIN { exit(); }'" $$
# fexit's retval has the function's type: __sys_bpf returns an int, whose
# slot holds 0xfffffffe for -ENOENT; a second sonde's kprobe_multi probe
# (BPF_LINK_CREATE, cmd 28, of a function that does not exist) fails
matches fexit_retval_int '^@neg: [1-9][0-9]*$' -e "fexit:__sys_bpf /args.cmd == 28 && comm == \"sonde\" && pid != \$1 && (int64)retval < 0/ {
	@neg = count(); }" -c "$SONDE --dry-run -e 'kprobe:__do_sys_getp* { }'" $$

# args of fentry/fexit as a whole value: a record of the function's
# arguments that prints, is stored and keys a map (filp_close(filp, id))
matches args_fentry_print '^\{ \.filp = 0x[0-9a-f]+, \.id = ' -e "fentry:filp_close /pid == cpid/ { print(args); }" -c "$WORKLOAD open /tests/guest.sh 3"
# (the workload's loader closes a few files of its own: every close counts)
timeout 60 $SONDE -e "fentry:filp_close /pid == cpid/ { @a = args; @[@a.filp == args.filp, @a.id == args.id] = count(); }
END { clear(@a); }" -c "$WORKLOAD open /tests/guest.sh $N" >/tmp/out 2>/tmp/err &&
	grep -Eqx '@\[true, true\]: [0-9]+' /tmp/out && ! grep -q false /tmp/out &&
	ok args_fentry_stored || bad args_fentry_stored "a stored args differs from args"
matches args_fentry_key '^@\[\{ \.filp = 0x[0-9a-f]+, \.id = .*\}, [0-9]+\]: 1$' -e "fexit:filp_close /pid == cpid/ { @[args, retval] = count(); }" -c "$WORKLOAD open /tests/guest.sh 1"
timeout 60 $SONDE -e "rawtracepoint:sched_switch, fentry:do_nanosleep { args } interval:ms:200 { exit(); }" >/tmp/out 2>/tmp/err &&
	grep -qx "Attached 3 probes" /tmp/err && ok args_rawtp_fentry_mixed ||
	bad args_rawtp_fentry_mixed "a bare args did not load in both probe types"

# usermode in fentry/fexit: the trampoline runs in the kernel, 0
prints usermode_fentry "fentry:$FN /pid == cpid/ { @[usermode] = count(); }" "getppid $N" "@[0]: $N"

# is_err(): fexit's retval of a function that returns an error pointer
matches is_err_fexit '^@\[-2\]: [1-9][0-9]*$' -e "fexit:do_filp_open /pid == cpid && is_err(retval)/ { @[(int64)retval] = count(); }" -c "$WORKLOAD open /nonexistent $N"

# -p PID: kprobes and fentry probes see only that process's hits
$WORKLOAD sleep 4000 5 &
p1=$!
$WORKLOAD sleep 4000 5 &
p2=$!
for probe in "kprobe:hrtimer_nanosleep" "fentry:hrtimer_nanosleep"; do
	timeout 60 $SONDE -p $p1 -e "$probe { @[pid == \$1] = count(); } interval:s:2 { exit(); }" $p1 >/tmp/out 2>/tmp/err
	if grep -q '^@\[true\]: [0-9]' /tmp/out && ! grep -q '^@\[false\]' /tmp/out; then
		ok "pid_filter ${probe%%:*}"
	else
		bad "pid_filter ${probe%%:*}" "other processes' hits, or none"
	fi
done
kill $p1 $p2 2>/dev/null
wait $p1 $p2 2>/dev/null
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
# -lv of kprobes: the function's declaration from BTF
lists list_kprobe_decl "kprobe:vfs_read" "    ssize_t vfs_read(struct file \\* file, .*);" -v
lists list_kretprobe_decl "kretprobe:schedule" "    void schedule();" -v
timeout 60 $SONDE -lv 'kprobe:*' >/tmp/out 2>/tmp/err && [ "$(grep -c '^    .*(.*);$' /tmp/out)" -gt 1000 ] &&
	ok list_kprobes_verbose || bad list_kprobes_verbose "few declarations in -lv 'kprobe:*'"
# -l of a program lists a hardware event the guest has no counter for
timeout 60 $SONDE -l -e 'hardware:cache-misses:10 { exit(); } kprobe:vfs_read { exit(); }' >/tmp/out 2>/tmp/err &&
	grep -qx 'hardware:cache-misses:' /tmp/out && grep -qx 'kprobe:vfs_read' /tmp/out &&
	ok list_program_hardware || bad list_program_hardware "hardware:cache-misses: is not listed"

# fentry:bpf/fexit:bpf: a second sonde traces the first one's programs, found
# by the names their BTF gives (interval_us_100000_N: the probe's name and
# its position), a callback (a subprogram) included
bg_start() {
	$SONDE -e "$1" >/tmp/bg.out 2>/tmp/bg.err &
	bg=$!
	i=0
	while ! grep -q '^Attached' /tmp/bg.err && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
bg_stop() {
	kill -INT $bg 2>/dev/null
	wait $bg
}
bg_start 'interval:100ms { @a[1] = 1; } interval:100ms { @a[2] = 2; } interval:100ms { for ($kv : @a) { @b = $kv.1; } }'
timeout 60 $SONDE -e 'fentry:bpf:interval_us_* { print(probe); if (@c >= 5) { exit(); } @c = count(); }' >/tmp/out 2>/tmp/err
if grep -qE '^fentry:bpf:[0-9]+:interval_us_100000_1$' /tmp/out &&
   grep -qE '^fentry:bpf:[0-9]+:interval_us_100000_2$' /tmp/out; then
	ok fentry_bpf
else
	bad fentry_bpf "no fentry:bpf:ID:interval_us_100000_1 and _2 lines"
fi
timeout 60 $SONDE -e 'fexit:bpf:interval_us_100000_2 { print((probe, retval)); exit(); }' >/tmp/out 2>/tmp/err
grep -qE '^\(fexit:bpf:[0-9]+:interval_us_100000_2, 0\)$' /tmp/out && ok fexit_bpf_retval ||
	bad fexit_bpf_retval "no (fexit:bpf:ID:interval_us_100000_2, 0) line"
timeout 60 $SONDE -e 'fentry:bpf:callback_0 { @n = count(); if (@n >= 2) { exit(); } } END { print(@n); clear(@n); }' >/tmp/out 2>/tmp/err
grep -qx '@n: 2' /tmp/out && ok fentry_bpf_subprogram ||
	bad fentry_bpf_subprogram "no '@n: 2' line"
bg_stop

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
# caller (the second frame of bpf_get_stack) and stackdepth on an fbt entry:
# the function was called from the kernel
dtrace_prints dtrace_fbt_caller "fbt::$SYS:entry /pid == \$target/ { @[mod(caller), (int)(stackdepth > 2)] = count(); }" \
	"$(printf '  %-50s %8d %16d' vmlinux 1 $N)"
# uregs[] on an fbt probe: the task's saved user registers (bpf_task_pt_regs)
dtrace_prints dtrace_fbt_uregs "fbt::$SYS:entry /pid == \$target/ { @[(int)(uregs[R_SP] != 0 && uregs[R_PC] != 0)] = count(); }" \
	"$(printf ' %8d %16d' 1 $N)"
# strtok's scan: a bpf_loop callback of its own
dtrace_prints dtrace_strtok "BEGIN { printf(\"%s %s %d\\n\", strtok(\",,a,,bc,\", \",\"), strtok(NULL, \",\"), strtok(NULL, \",\") == NULL); exit(0); }" \
	"a bc 1"

# strjoin/basename/dirname: 6.1's verifier, which walks a bpf_loop callback once,
# takes the scan and the copies, and the scan's state stays unknown to it
dtrace_prints dtrace_strings "BEGIN { printf(\"%s %s %s %s %s %s %s %s %s %s\\n\", basename(\"/a/b/\"), dirname(\"/a/b/\"), dirname(\"a\"), basename(\"\"), strjoin(\"foo\", \"bar\"), dirname(\"/a//b//\"), basename(\"/usr/lib/libc.so.6\"), dirname(\"/a\"), basename(\"/\"), dirname(\"a//b\")); exit(0); }" \
	"b /a . . foobar /a libc.so.6 / / a"

echo "vm: $passed passed, $failed failed"

#!/bin/sh
# The classic DTrace one-liners through sonde dtrace, on the deterministic
# workload: exact aggregations and event lines in dtrace(1)'s layout.
# (expect_output reads the expected text from a file, not a pipe: in a
# pipeline it would run in a subshell and its failure would be lost.)
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
need_tracepoint sched:sched_process_exec

pad50() {
	printf '  %-50s %16d\n' "$1" "$2"
}

# Syscalls by process name (all syscalls: the merged raw_syscalls program).
sonde_run dtrace -q -n 'syscall:::entry /pid == $target && execname == "workload"/
	{ @[execname] = count(); }' -c "$WORKLOAD getppid 1000"
expect_status 0
# -q: dtrace(1) says nothing of the probes matched
expect_eq "no description line under -q" "$(cat "$T/err")" ""
got=$(awk '$1 == "workload" { print $2 }' "$T/stdout")
expect_range "workload's syscalls" "$got" 1001 1100

# By probefunc: one clause per syscall (the names are constants).
sonde_run dtrace -q -n 'syscall::getp*:entry /pid == $target/ { @[probefunc] = count(); }' \
	-c "$WORKLOAD getppid 1000"
expect_status 0
{ echo; pad50 getppid 1000; } >"$T/expected"
expect_output <"$T/expected"

# Read sizes with quantize: ten 4096-byte reads of /dev/zero.
sonde_run dtrace -q -n 'syscall::read:entry /pid == $target && arg2 >= 1024/
	{ @["reads"] = quantize(arg2); }' -c "$WORKLOAD read 10 4096"
expect_status 0
expect_output <<'OUT'

  reads                                             
           value  ------------- Distribution ------------- count    
            2048 |                                         0        
            4096 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 10       
            8192 |                                         0        

OUT

# Failed opens: arg1 on return is -ENOENT (-2), in DTrace's negative buckets.
sonde_run dtrace -q -n 'syscall::openat:return /pid == $target && arg1 < 0/
	{ @q = quantize(arg1); @l = llquantize(arg1, 10, 0, 1, 10); }' \
	-c "$WORKLOAD open /nonexistent/sonde-dt 3"
expect_status 0
expect_output <<'OUT'


           value  ------------- Distribution ------------- count    
              -4 |                                         0        
              -2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 3        
              -1 |                                         0        



           value  ------------- Distribution ------------- count    
              -3 |                                         0        
              -2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 3        
              -1 |                                         0        

OUT

# An associative array past its map's 4096 entries: each refused store is a
# dynamic variable drop, reported as dtrace(1) does (at most once a second, and at exit).
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ { a[i++] = 1; @n = count(); }' \
	-c "$WORKLOAD getppid 5000"
expect_status 0
expect_eq "dynamic variable drops" "$(sed -n 's/^dtrace: \([0-9]*\) dynamic variable drops*$/\1/p' "$T/err" |
	awk '{ n += $1 } END { print n }')" 904
expect_eq "the other lines of stderr" "$(grep -vc -e 'dynamic variable drop' -e '^dtrace: description' "$T/err")" 0

# Read return values (arg0 on return) summed, and the thread-local start time.
sonde_run dtrace -q -n 'syscall::read:entry /pid == $target/ { self->fd = arg0; }
	syscall::read:return /self->fd && arg0 == 4096/ { @n = count(); @b = sum(arg0); self->fd = 0; }' \
	-c "$WORKLOAD read 10 4096"
expect_status 0
{ echo; printf ' %16d\n' 10; echo; printf ' %16d\n' 40960; } >"$T/expected"
expect_output <"$T/expected"

# Exec snooping, not quiet: the heading and one line per exec.
sonde_run dtrace -n 'proc:::exec-success /pid == $target/ { trace(execname); }' \
	-c "$WORKLOAD getppid 1"
expect_status 0
expect_eq "heading" "$(head -n 1 "$T/stdout")" \
	"CPU     ID                    FUNCTION:NAME"
expect_match "exec line" "$(sed -n 2p "$T/stdout")" \
	'^ +[0-9]+ +[0-9]+ +:exec-success   workload {25}$'
expect_eq "lines" "$(wc -l <"$T/stdout")" 2
# Kernel stacks sampled at 997 Hz: DTrace's frame lines, counts summing to the samples.
sonde_run dtrace -q -n 'profile-997 /pid == $target/ { @[stack()] = count(); }' \
	-c "$WORKLOAD spin 400"
expect_status 0
got=$(awk '/^ +[0-9]+$/ { n += $1 } END { print n + 0 }' "$T/stdout")
expect_range "samples of a 400 ms spin (fewer on a loaded host)" "$got" 1 420
expect_eq "frame lines" "$(grep -c -v -E '^$|^ {14}[A-Za-z0-9_.]+`[A-Za-z0-9_.]+\+0x[0-9a-f]+$|^ +[0-9]+$' "$T/stdout")" 0
# dtrace -l: the probes a description matches, in dtrace(1)'s columns.
sonde_run dtrace -l -n 'syscall::getppid:'
expect_status 0
expect_output <<'OUT'
   ID   PROVIDER               MODULE                         FUNCTION NAME
    1    syscall                                               getppid entry
    2    syscall                                               getppid return
OUT
# An exec snooper script (-s, -o): the children's execs of /bin/true, by parent.
cat >"$T/execsnoop.d" <<'D'
#pragma D option quiet

BEGIN
{
	printf("%-8s %s\n", "PARENT", "COMMAND");
}

proc:::exec-success
/ppid == $target/
{
	printf("%-8s %s\n", ppid == $target ? "target" : "other", execname);
	@execs[execname] = count();
}
D
sonde_run dtrace -s "$T/execsnoop.d" -o "$T/dt.out" -c "$WORKLOAD exec 3"
expect_status 0
expect_eq "stdout with -o" "$(cat "$T/stdout")" ""
cp "$T/dt.out" "$T/stdout"
{
	printf '%-8s %s\n' PARENT COMMAND
	for i in 1 2 3; do printf '%-8s %s\n' target true; done
	echo
	pad50 true 3
} >"$T/expected"
expect_output <"$T/expected"

# copyinstr() of a syscall argument.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target/ { printf("%s\n", copyinstr(arg1)); }' \
	-c "$WORKLOAD open /etc/hostname 2"
expect_status 0
expect_eq "opens of /etc/hostname" "$(grep -c '^/etc/hostname$' "$T/stdout")" 2
# sonde -D: a D program with sonde's own options.
sonde_run -D -q -e 'BEGIN { n = 41; n++; printf("n=%d\n", n); exit(0); }'
expect_status 0
expect_eq "sonde -D" "$(cat "$T/stdout")" "n=42"
# sched:::on-cpu (the thread switched in) and off-cpu around five 10 ms sleeps.
sonde_run dtrace -q -n 'sched:::on-cpu /pid == $target && execname == "workload"/ { @on = count(); self->on = 1; }
	sched:::off-cpu /pid == $target && self->on/ { @off = count(); }' -c "$WORKLOAD sleep 5 10"
expect_status 0
expect_eq "warnings" "$(grep -c WARNING "$T/err")" 0
on=$(awk 'NR == 2 { print $1 }' "$T/stdout")
off=$(awk 'NR == 4 { print $1 }' "$T/stdout")
expect_range "on-cpu switches" "$on" 5 200
expect_range "off-cpu switches" "$off" 5 200
# errno on syscall return (ENOENT is 2), and a -n description without actions.
sonde_run dtrace -q -n 'syscall::openat:return /pid == $target && errno != 0/ { @[errno] = count(); }' \
	-c "$WORKLOAD open /nonexistent/sonde 3"
expect_status 0
# errno is an int: DTrace prints it " %8d"
{ echo; printf ' %8d %16d\n' 2 3; } >"$T/expected"
expect_output <"$T/expected"
sonde_run dtrace -n 'syscall::getppid:entry /pid == $target/' -c "$WORKLOAD getppid 2"
expect_status 0
expect_eq "event lines" "$(grep -c -E '^ +[0-9]+ +[0-9]+ +getppid:entry $' "$T/stdout")" 2
# -p PID: $target is the process; sonde stops when it exits.
"$WORKLOAD" sleep 30 50 &
sleeper=$!
sonde_run dtrace -q -p "$sleeper" -n 'syscall::clock_nanosleep:entry /pid == $target/ { @sleeps = count(); }'
expect_status 0
wait "$sleeper"
got=$(awk 'NF == 1 { print $1 }' "$T/stdout")
expect_range "sleeps seen with -p" "$got" 1 30
# User stacks: file`symbol+0xoffset frames.  (spin-cpu: 300 ms of CPU
# time, however loaded the host, nearly all of it in spin() itself.)
sonde_run dtrace -q -n 'profile-997 /pid == $target/ { @[ustack()] = count(); }' -c "$WORKLOAD spin-cpu 300"
expect_status 0
expect_match "spin() in a user stack" "$(cat "$T/stdout")" '^ {14}workload`spin\+0x[0-9a-f]+$'
# pid$target: entry arguments and the return value (arg1) of target(i, 2i, "sonde").
sonde_run dtrace -q -n 'pid$target:a.out:target:entry { @calls[arg0 % 3] = count(); @b = sum(arg1); }
	pid$target::target:return { @ret = max(arg1); }' -c "$WORKLOAD call 30"
expect_status 0
{
	echo
	printf ' %16d %16d\n' 0 10 1 10 2 10
	echo
	printf ' %16d\n' 870
	echo
	printf ' %16d\n' 88
} >"$T/expected"
expect_output <"$T/expected"
# Several -n: the clauses of each, in order.
sonde_run dtrace -q -n 'BEGIN { printf("a\n"); }' -n 'BEGIN { printf("b\n"); exit(0); }'
expect_status 0
expect_eq "two -n" "$(tr '\n' ' ' <"$T/stdout")" "a b "
finish

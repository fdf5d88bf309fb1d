#!/bin/sh
# The DTrace guide's first-chapter programs and DTraceToolkit-style scripts,
# unchanged but for the target (pid == $target instead of a typed pid), on
# the deterministic workload: hello.d, counter.d (ticks of 100 ms instead of
# 1 s), trussrw.d, a syscall counter by process, an exec snooper, an I/O size
# distribution (bitesize.d) and a per-process CPU sampler at 997 Hz.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_read
need_tracepoint sched:sched_process_exec

# hello.d: the heading, then the BEGIN line with the traced string.
cat >"$T/hello.d" <<'D'
BEGIN
{
	trace("hello, world");
	exit(0);
}
D
sonde_run dtrace -s "$T/hello.d"
expect_status 0
expect_eq "matched" "$(cat "$T/err")" "dtrace: script '$T/hello.d' matched 1 probe"
expect_eq "heading" "$(sed -n 1p "$T/stdout")" "CPU     ID                    FUNCTION:NAME"
expect_match "hello line" "$(sed -n 2p "$T/stdout")" \
	'^ +[0-9]+      1                           :BEGIN   hello, world {21}$'
expect_eq "lines" "$(wc -l <"$T/stdout")" 2

# dtrace -n BEGIN: the description as written.
sonde_run dtrace -n 'BEGIN { exit(0); }'
expect_status 0
expect_eq "description" "$(cat "$T/err")" "dtrace: description 'BEGIN ' matched 1 probe"

# Macro arguments ($1, $$2 as a string) and %p (hex without 0x).
sonde_run dtrace -q -n 'BEGIN { printf("%d %s 0x%p\n", $1, $$2, 255); exit(0); }' 42 foo
expect_status 0
expect_eq "macro arguments" "$(cat "$T/stdout")" "42 foo 0xff"

# counter.d: a global counted by a timer, printed with trace(), and at END.
cat >"$T/counter.d" <<'D'
/*
 * Count off and report the number of ticks elapsed
 */
dtrace:::BEGIN
{
	i = 0;
}

profile:::tick-100ms
{
	i = i + 1;
	trace(i);
}

profile:::tick-100ms
/i == 3/
{
	exit(0);
}

dtrace:::END
{
	trace(i);
}
D
sonde_run dtrace -s "$T/counter.d"
expect_status 0
sed -E 's/^ +[0-9]+ //' "$T/stdout" >"$T/got"
cp "$T/got" "$T/stdout"
expect_output <<'OUT'
CPU     ID                    FUNCTION:NAME
     1                           :BEGIN 
     2                      :tick-100ms                 1
     2                      :tick-100ms                 2
     2                      :tick-100ms                 3
     2                      :tick-100ms 
     3                             :END                 3
OUT

# trussrw.d: reads and writes with their arguments and return values.
cat >"$T/trussrw.d" <<'D'
syscall::read:entry,
syscall::write:entry
/pid == $target/
{
	printf("%s(%d, 0x%p, %4d)", probefunc, arg0, arg1, arg2);
}

syscall::read:return,
syscall::write:return
/pid == $target/
{
	printf("\t\t = %d\n", arg1);
}
D
sonde_run dtrace -q -s "$T/trussrw.d" -c "$WORKLOAD read 5 16"
expect_status 0
expect_eq "reads of 16 bytes" \
	"$(grep -c -E '^read\([0-9]+, 0x[0-9a-f]+,   16\)		 = 16$' "$T/stdout")" 5

# A syscall counter by process name, printed through printa.
cat >"$T/syscount.d" <<'D'
#pragma D option quiet

dtrace:::BEGIN
{
	printf("Tracing... Hit Ctrl-C to end.\n");
}

syscall:::entry
/pid == $target/
{
	@num[execname] = count();
}

dtrace:::END
{
	printf("%-16s %8s\n", "PROCESS", "SYSCALLS");
	printa("%-16s %@8d\n", @num);
}
D
sonde_run dtrace -s "$T/syscount.d" -c "$WORKLOAD getppid 1000"
expect_status 0
expect_eq "heading" "$(sed -n 2p "$T/stdout")" "PROCESS          SYSCALLS"
got=$(awk '$1 == "workload" { print $2 }' "$T/stdout")
expect_range "workload's syscalls" "$got" 1001 1100

# An exec snooper: each exec of the target's children, with the parent.
cat >"$T/execsnoop.d" <<'D'
#pragma D option quiet

dtrace:::BEGIN
{
	printf("%5s %5s %s\n", "PID", "PPID", "COMM");
}

proc:::exec-success
/ppid == $target/
{
	printf("%5d %5d %s\n", pid, ppid, execname);
}
D
sonde_run dtrace -s "$T/execsnoop.d" -c "$WORKLOAD exec 3"
expect_status 0
expect_eq "exec lines" "$(grep -c -E '^ *[0-9]+ +[0-9]+ true$' "$T/stdout")" 3

# bitesize.d: write sizes of one process, by pid and name, as quantize.
cat >"$T/bitesize.d" <<'D'
#pragma D option quiet

dtrace:::BEGIN
{
	printf("Tracing... Hit Ctrl-C to end.\n");
}

io:::start
/pid == $target && args[0]->b_flags & B_WRITE/
{
	this->size = args[0]->b_bcount;
	@Size[pid, execname] = quantize(this->size);
}

dtrace:::END
{
	printf("\n%8s  %s\n", "PID", "CMD");
	printa("%8d  %s\n%@d\n", @Size);
}
D
f=$T/io.file
sonde_run dtrace -s "$T/bitesize.d" -c "dd if=/dev/zero of=$f bs=8k count=4 oflag=direct status=none"
expect_status 0
if grep -q ' dd$' "$T/stdout"; then
	sed -E 's/^ +[0-9]+  dd$/     PID  dd/' "$T/stdout" >"$T/got"
	cp "$T/got" "$T/stdout"
	expect_output <<'OUT'
Tracing... Hit Ctrl-C to end.

     PID  CMD
     PID  dd

           value  ------------- Distribution ------------- count    
            4096 |                                         0        
            8192 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 4        
           16384 |                                         0        

OUT
else
	log "no block writes seen (direct I/O not on a block device here): bitesize not checked"
fi
rm -f "$f"

# A per-process CPU sampler: profile-997 by pid and name.
cat >"$T/sampler.d" <<'D'
#pragma D option quiet

profile:::profile-997
/pid == $target/
{
	@sample[pid, execname] = count();
}
D
sonde_run dtrace -s "$T/sampler.d" -c "$WORKLOAD spin 300"
expect_status 0
expect_eq "sample lines" "$(grep -c -E '^ +[0-9]+  workload +[0-9]+$' "$T/stdout")" 1
got=$(awk '$2 == "workload" { print $3 }' "$T/stdout")
expect_range "samples of a 300 ms spin (fewer on a loaded host)" "$got" 1 320
finish

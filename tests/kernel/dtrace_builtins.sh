#!/bin/sh
# D's probe arguments and builtins on the deterministic workload: profile's
# arg0/arg1 with func()/ufunc(), tick's, the symbol functions on pid probes
# (uaddr, usym, umod, %A, uregs, ucaller, offset probes), caller and
# stackdepth on a syscall, the translated args[] of proc and sched probes
# and curpsinfo->pr_psargs.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint sched:sched_process_exec

# The classic profile one-liners: user samples by process and function,
# kernel samples by function; only samples in their own mode have a PC.
sonde_run dtrace -q -n 'profile-997 /arg1 && pid == $target/ { @[execname, ufunc(arg1)] = count(); }
	profile-997 /arg0/ { @k[func(arg0)] = count(); }' -c "$WORKLOAD spin-cpu 1000"
expect_status 0
# spin() calls now_ms(), which reads the clock in the vDSO (no file: its
# samples are addresses)
got=$(awk '$1 == "workload" { n += $3 } END { print n + 0 }' "$T/stdout")
expect_range "user samples of the workload (1 s of its own CPU time)" "$got" 50 1100
expect_match "in workload\`spin or now_ms" \
	"$(awk '$1 == "workload" && $2 ~ /^workload`(spin|now_ms)$/ { print "yes"; exit }' "$T/stdout")" '^yes$'
expect_eq "user keys merged by function" \
	"$(awk '$1 == "workload" { print $2 }' "$T/stdout" | sort | uniq -d)" ""
expect_eq "kernel keys are module\`function" \
	"$(awk 'NF == 2 && $1 !~ /^(vmlinux|[a-z0-9_]+)`[A-Za-z0-9_.]+$/' "$T/stdout")" ""

# tick-N: exactly one of arg0 (kernel PC) and arg1 (user PC) is set.
sonde_run dtrace -q -n 'tick-10ms { @[(arg0 != 0) + (arg1 != 0)] = count(); n++; }
	tick-10ms /n == 5/ { exit(0); }'
expect_status 0
expect_eq "tick's PCs" "$(awk 'NF == 2 { print $1 }' "$T/stdout")" 1

# pid offset probes and the user symbol functions, with uregs and ucaller.
sonde_run dtrace -q -n 'pid$target::spin:4 { uaddr(uregs[R_PC]); printf("\n"); }
	pid$target::spin:entry { printf("%A|%A|%d\n", uregs[R_PC], ucaller, ustackdepth > 2);
		trace(umod(uregs[R_PC])); trace(usym(uregs[R_PC] + 1)); printf("\n"); }' \
	-c "$WORKLOAD spin 10"
expect_status 0
expect_match "entry" "$(sed -n 1p "$T/stdout")" '^workload`spin\|workload`(cmd_spin|main)\+0x[0-9a-f]+\|1$'
expect_eq "umod, usym" "$(sed -n 2p "$T/stdout")" \
	"$(printf '  %-50s  %-50s' workload 'workload`spin')"
expect_eq "uaddr at spin+4" "$(sed -n 3p "$T/stdout")" "$(printf '  %-50s' 'workload`spin+0x4')"

# caller, ucaller and stackdepth on a system call.
sonde_run dtrace -q -n 'syscall::getppid:entry /pid == $target/ {
	@u[ufunc(ucaller)] = count(); @k[(int)(stackdepth > 1), mod(caller)] = count(); }' \
	-c "$WORKLOAD getppid 100"
expect_status 0
expect_match "ucaller" "$(sed -n 2p "$T/stdout")" '^  workload`[a-z_]+ +100$'
expect_eq "caller, stackdepth" "$(sed -n 4p "$T/stdout")" \
	"$(printf ' %8d  %-50s %16d' 1 vmlinux 100)"

# proc: create's child (psinfo_t), exec-success's curpsinfo, exit's reason.
sonde_run dtrace -q -n 'proc:::create /pid == $target/ {
		printf("create %d %d %s [%s]\n", args[0]->pr_pid != pid, args[0]->pr_ppid == pid,
		    args[0]->pr_fname, args[0]->pr_psargs); }
	proc:::exec-success /ppid == $target/ {
		printf("exec [%s] %s %d\n", curpsinfo->pr_psargs, curpsinfo->pr_fname,
		    curpsinfo->pr_pid == pid); }
	proc:::exit /ppid == $target/ { @[args[0]] = count(); }' -c "$WORKLOAD exec 2"
expect_status 0
cat >"$T/expected" <<OUT
create 1 1 workload [$WORKLOAD exec 2]
exec [/bin/true] true 1
create 1 1 workload [$WORKLOAD exec 2]
exec [/bin/true] true 1

        1                2
OUT
expect_output <"$T/expected"

# proc:::signal-send: the receiving thread and process, and the signal.
sonde_run dtrace -q -n 'proc:::signal-send /args[1]->pr_pid == $target/ {
	printf("%d %d %s %d\n", args[2], args[0]->pr_lwpid == $target, args[1]->pr_fname,
	    pid == $target); }' -c "$WORKLOAD kill 10"
expect_status 0
expect_eq "signal-send" "$(cat "$T/stdout")" "10 1 workload 1"

# sched: five 10 ms sleeps are sleeping off-cpus, wakeups and enqueues (about
# five each; the bound is loose, as timing on a loaded host varies).
sonde_run dtrace -q -n 'sched:::off-cpu /pid == $target && curlwpsinfo->pr_state == SSLEEP/ { @s = count(); }
	sched:::wakeup /args[1]->pr_pid == $target/ { @w = count(); }
	sched:::enqueue /args[0]->pr_lwpid == $target && args[1]->pr_fname == "workload"/ { @e = count(); }
	sched:::dequeue /pid == $target/ { @d[args[0]->pr_lwpid == tid, args[2]->cpu_id == cpu] = count(); }' \
	-c "$WORKLOAD sleep 5 10"
expect_status 0
expect_range "sleeping off-cpus" "$(awk 'NR == 2 { print $1 }' "$T/stdout")" 2 50
expect_range "wakeups" "$(awk 'NR == 4 { print $1 }' "$T/stdout")" 2 50
expect_range "enqueues" "$(awk 'NR == 6 { print $1 }' "$T/stdout")" 2 50
expect_match "dequeue's thread and CPU" "$(awk 'NR == 8' "$T/stdout")" '^ +1 +1 +[0-9]+$'
# sched:::on-cpu runs in the thread leaving the CPU: uid, vtimestamp and
# curlwpsinfo are the thread coming in (on the CPU: SONPROC).
sonde_run dtrace -q -n 'sched:::on-cpu /pid == $target/ {
	@[uid == curpsinfo->pr_uid, vtimestamp > 0, curlwpsinfo->pr_state == SONPROC] = count(); }' \
	-c "$WORKLOAD sleep 3 10"
expect_status 0
expect_match "on-cpu's thread" "$(cat "$T/stdout")" '^ +1 +1 +1 +[0-9]+$'

# pr_start: the exec'd command started less than a minute ago, and not
# in the future (since the epoch, as walltimestamp).
sonde_run dtrace -q -n 'proc:::exec-success /pid == $target/ {
	this->now = walltimestamp / 1000000000;
	printf("%d %d\n", curpsinfo->pr_start.tv_sec <= this->now, curpsinfo->pr_start.tv_sec > this->now - 60); }' \
	-c "$WORKLOAD sleep 1 10"
expect_status 0
expect_eq "pr_start" "$(cat "$T/stdout")" "1 1"

# A running thread moved to another CPU (sched_setaffinity) is dequeued
# from its run queue and enqueued on the other (sched_migrate_task of a
# queued thread); a copy of the workload under its own name, which never
# sleeps: its other dequeue is its exit's, on CPU 1.
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
	cp "$WORKLOAD" "$T/wkmigrate"
	sonde_run dtrace -q -n 'sched:::enqueue /args[1]->pr_fname == "wkmigrate"/ { @e[args[2]->cpu_id] = count(); }
		sched:::dequeue /args[1]->pr_fname == "wkmigrate"/ { @d[args[2]->cpu_id] = count(); }' \
		-c "sh -c 'taskset -c 0 $T/wkmigrate spin 1000 & p=\$!; sleep 0.3; taskset -p -c 1 \$p >/dev/null; wait'"
	expect_status 0
	printf '\n %8d %16d\n\n %8d %16d\n %8d %16d\n' 1 1 0 1 1 1 >"$T/expected"
	expect_output <"$T/expected"
	# The same two probes on their event lines: each its own id and name,
	# though the migration's raw tracepoint runs both.
	sonde_run dtrace -n 'sched:::enqueue /args[1]->pr_fname == "wkmigrate"/ { trace("enq"); }
		sched:::dequeue /args[1]->pr_fname == "wkmigrate"/ { trace("deq"); }' \
		-c "sh -c 'taskset -c 0 $T/wkmigrate spin 1000 & p=\$!; sleep 0.3; taskset -p -c 1 \$p >/dev/null; wait'"
	expect_status 0
	expect_eq "enqueue's lines" "$(grep -c ' :enqueue   enq *$' "$T/stdout")" 1
	expect_eq "dequeue's lines" "$(grep -c ' :dequeue   deq *$' "$T/stdout")" 2
	expect_eq "lines of either" "$(grep -c 'enq\|deq' "$T/stdout")" 3
	expect_eq "ids per probe" "$(awk '/enq|deq/ { print $2, $3 }' "$T/stdout" | sort -u | awk '{ print $1 }' | sort | uniq -d)" ""
else
	log "one CPU (or no taskset): the migration case is not run"
fi
finish

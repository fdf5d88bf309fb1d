#!/bin/sh
# sonde strace's options beyond the differential test: -c's table (calls
# and errors equal strace's), -T/-t/-tt/-ttt/-r formats, `!` sets,
# the command's exit status and +++ exited with N +++, -p, --cgroup, -a,
# bad input.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v strace >/dev/null || skip "Debian's strace is not installed"
DIR=$(cd "$(dirname "$0")" && pwd)
cc -O1 -pthread -o "$T/workload" "$DIR/workload.c" "$DIR/workload_dec.c" || { fail "building the workload"; exit 1; }
mkdir -p "$T/d"
W="$T/workload $T/d"
SET=openat,close,read,write,pread64,lseek,newfstatat,dup2,dup3,access,unlink,pipe2,socket,bind,listen,connect,wait4,getpid,kill

# -c: the calls and errors columns, per syscall, as strace counts them
strace -f -c -o "$T/ref.c" -e trace=$SET $W
"$SONDE" strace -f -c -o "$T/got.c" -e trace=$SET $W 2>"$T/err" || fail "-c exited with $?"
counts() { awk '$NF != "syscall" && $NF != "total" && NF >= 5 && $1 ~ /^[0-9.]+$/ {
	print $NF, $4, (NF == 6 ? $5 : 0) }' "$1" | sort; }
expect_eq "-c calls and errors" "$(counts "$T/got.c")" "$(counts "$T/ref.c")"
# -c without task-local storage (older kernels): a hash by thread, same counts
SONDE_STRACE_NO_TASK_STORAGE=1 "$SONDE" strace -f -c -o "$T/got.h" -e trace=$SET $W 2>"$T/err" ||
	fail "-c (hash) exited with $?"
expect_eq "-c calls and errors (hash)" "$(counts "$T/got.h")" "$(counts "$T/ref.c")"
# -c of a command without -f: its calls from its exec on
strace -c -o "$T/ref.c1" -e trace=$SET $W
"$SONDE" strace -c -o "$T/got.c1" -e trace=$SET $W 2>"$T/err" ||
	fail "-c (no -f) exited with $?"
expect_eq "-c calls and errors (no -f)" "$(counts "$T/got.c1")" "$(counts "$T/ref.c1")"
expect_match "-c header" "$(head -n 2 "$T/got.c")" '^% time     seconds  usecs/call     calls    errors syscall$'
expect_match "-c total" "$(tail -n 1 "$T/got.c")" '^100\.00 +[0-9]+\.[0-9]{6} +[0-9]+ +[0-9]+ +[0-9]+ total$'

# -k: each call's user stack, unwound with DWARF (libc and the workload have
# no frame pointers); the frames (files and offsets) are strace's, symbol
# names aside (strace names a pc by the nearest exported symbol)
frames() { grep '^ >' "$1" | sed 's/(.*)//'; }
# (-e signal=none: a SIGCHLD the kernel drops at once has no stack here)
strace -k -o "$T/ref.k" -e trace=kill,close -e signal=none $W
"$SONDE" strace -k -o "$T/got.k" -e trace=kill,close -e signal=none $W 2>"$T/err" ||
	fail "-k exited with $?"
expect_eq "-k frames" "$(frames "$T/got.k")" "$(frames "$T/ref.k")"
# a delivered signal: where it found the task
SIGCMD='trap "echo x" USR1; kill -USR1 $$'
strace -k -o "$T/ref.ks" -e trace=kill sh -c "$SIGCMD" >/dev/null
"$SONDE" strace -k -o "$T/got.ks" -e trace=kill sh -c "$SIGCMD" >/dev/null 2>"$T/err"
expect_eq "-k signal frames" "$(frames "$T/got.ks")" "$(frames "$T/ref.ks")"
expect_match "-k signal line" "$(cat "$T/got.ks")" '^--- SIGUSR1 '

# -e signal=: which --- lines print
for set in none USR2 '!SIGUSR1' 10 usr1; do
	strace -e trace=kill -e "signal=$set" -o "$T/ref.sig" sh -c "$SIGCMD" >/dev/null
	"$SONDE" strace -e trace=kill -e "signal=$set" -o "$T/got.sig" sh -c "$SIGCMD" >/dev/null
	expect_eq "-e signal=$set" "$(grep -c '^--- SIG' "$T/got.sig")" "$(grep -c '^--- SIG' "$T/ref.sig")"
done
expect_match "-k kill's stack" "$(cat "$T/got.k")" '^ > [^ ]*/libc\.so\.6\(kill\+0x[0-9a-f]+\) \[0x[0-9a-f]+\]$'
expect_match "-k main" "$(cat "$T/got.k")" "^ > $T/workload\\(main\\+0x[0-9a-f]+\\) \\[0x[0-9a-f]+\\]\$"

# -ff -o FILE: each thread's lines in FILE.TID, whole (no unfinished/resumed)
mkdir "$T/ffr" "$T/ffg"
strace -ff -o "$T/ffr/t" -e trace=read,write,exit,exit_group "$T/workload" --threads >/dev/null
"$SONDE" strace -ff -o "$T/ffg/t" -e trace=read,write,exit,exit_group "$T/workload" --threads \
	>/dev/null 2>"$T/err" ||
	fail "-ff exited with $?"
ffnorm() { for f in $(ls "$1" | sort -t. -k2 -n); do echo "== file"
	sed -E 's/0x[0-9a-f]+/ADDR/g; s/[0-9]{3,}/N/g' "$1/$f"; done; }
expect_eq "-ff files" "$(ffnorm "$T/ffg")" "$(ffnorm "$T/ffr")"
expect_eq "-ff: two files" "$(ls "$T/ffg" | wc -l)" 2

# -y: paths of fds (read when the line prints); an fd the call found closed
# prints bare, as strace prints it
out=$("$SONDE" strace -y -e trace=read sh -c 'exec 0</etc/hostname; read x; sleep 1' 2>&1)
expect_match "-y path" "$out" '^read\(0</etc/hostname>, "'
out=$("$SONDE" strace -y -e trace=close,read $W 2>&1 >/dev/null)
expect_match "-y closed fd" "$out" '^close\(99\) += -1 EBADF'
expect_match "-y closed fd (read)" "$out" '^read\(99, 0x[0-9a-f]+, 1\) += -1 EBADF'

# -T, -t, -tt, -ttt, -r
out=$("$SONDE" strace -T -e trace=getpid $W 2>&1 >/dev/null)
expect_match "-T" "$out" '^getpid\(\) += [0-9]+ <0\.[0-9]{6}>$'
out=$("$SONDE" strace -t -e trace=getpid $W 2>&1 >/dev/null)
expect_match "-t" "$out" '^[0-9]{2}:[0-9]{2}:[0-9]{2} getpid\(\) += [0-9]+$'
out=$("$SONDE" strace -tt -e trace=getpid $W 2>&1 >/dev/null)
expect_match "-tt" "$out" '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} getpid\(\) += [0-9]+$'
out=$("$SONDE" strace -ttt -e trace=getpid $W 2>&1 >/dev/null)
expect_match "-ttt" "$out" '^[0-9]{10}\.[0-9]{6} getpid\(\) += [0-9]+$'
out=$("$SONDE" strace -r -e trace=getpid $W 2>&1 >/dev/null)
expect_match "-r" "$out" '^ +[0-9]+\.[0-9]{6} getpid\(\) += [0-9]+$'

# a negated set: everything but close
out=$("$SONDE" strace -e 'trace=!close' $W 2>&1 >/dev/null)
expect_match "!close keeps openat" "$out" '^openat\('
printf '%s\n' "$out" | grep -q '^close(' && fail "!close: a close( line was printed"

# the command's exit status, and how strace reports it
"$SONDE" strace -e trace=none "$T/workload" --exit 3 2>"$T/exit.err"
expect_eq "exit status" "$?" 3
expect_match "+++ exited" "$(cat "$T/exit.err")" '^\+\+\+ exited with 3 \+\+\+$'

# -p: a running process, until it exits
sh -c 'sleep 3; exec '"$T/workload"' --exit 0' &
target=$!
"$SONDE" strace -p "$target" -e trace=execve,exit_group 2>"$T/p.err"
wait "$target"
expect_match "-p execve" "$(cat "$T/p.err")" "^execve\\(\"$T/workload\", \\[\"$T/workload\", \"--exit\", \"0\"\\]"
expect_match "-p exit" "$(cat "$T/p.err")" '^\+\+\+ exited with 0 \+\+\+$'

# --cgroup: the tasks of a cgroup v2 directory, and only them
cg2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -n "$cg2" ] && mkdir "$cg2/sonde-strace-test.$$" 2>/dev/null; then
	cg="$cg2/sonde-strace-test.$$"
	sh -c 'echo $$ > "$1/cgroup.procs" && sleep 3 && exec "$2" "$3"' sh "$cg" "$T/workload" "$T/d" &
	inside=$!
	"$SONDE" strace -f --cgroup "$cg" -e trace=kill,execve 2>"$T/cg.err" &
	tracer=$!
	"$T/workload" "$T/d"	# outside the cgroup: must not show
	wait "$inside"
	sleep 0.5
	kill -INT "$tracer"
	wait "$tracer"
	rmdir "$cg"
	expect_match "--cgroup execve" "$(cat "$T/cg.err")" "^execve\\(\"$T/workload\""
	expect_eq "--cgroup: calls of the process inside only" \
		"$(grep -c '^\(\[pid *[0-9]*\] \)\?kill(' "$T/cg.err")" 1
else
	log "no cgroup v2 hierarchy to create a directory in: --cgroup not checked"
fi

# -a: every process (the workload, run until sonde has attached: up to 30 s)
"$SONDE" strace -a -e trace=kill -o "$T/all.out" &
tracer=$!
i=0
while [ $i -lt 30 ] && ! grep -q 'kill([0-9]*, 0) *= 0$' "$T/all.out" 2>/dev/null; do
	"$T/workload" "$T/d"
	sleep 1
	i=$((i + 1))
done
kill -INT "$tracer"
wait "$tracer"
expect_eq "-a: sonde's status after SIGINT" "$?" 0
expect_match "-a sees the workload's kill" "$(cat "$T/all.out")" '^([0-9]+ +)?(\[pid +[0-9]+\] )?kill\([0-9]+, 0\) += 0$'

# bad input: one clear line, status 1
for args in "-e trace=nosuchcall /bin/true" "-e trace=%nosuchclass /bin/true" "-s x /bin/true" \
	"" "-p 0" "-p 99999999" "/nonexistent/cmd" "-e status=sometimes /bin/true" \
	"-e signal=SIGNOPE /bin/true" "-e signal=99 /bin/true"; do
	# shellcheck disable=SC2086
	"$SONDE" strace $args >"$T/bad.out" 2>&1
	st=$?
	expect_eq "status of 'strace $args'" "$st" 1
	expect_match "error of 'strace $args'" "$(cat "$T/bad.out")" '^ERROR: '
done
finish

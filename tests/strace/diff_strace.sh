#!/bin/sh
# Differential test: the workload (tests/strace/workload.c: file I/O,
# errors, pipes, memory, sockets over loopback, fork + exec with argv,
# wait4 and SIGCHLD, kill) under Debian's strace -f and under
# sonde strace -f; after normalize.awk the traces must be equal.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v strace >/dev/null || skip "Debian's strace is not installed"
DIR=$(cd "$(dirname "$0")" && pwd)
cc -O1 -pthread -o "$T/workload" "$DIR/workload.c" "$DIR/workload_dec.c" || { fail "building the workload"; exit 1; }
mkdir -p "$T/d"
# Syscalls decoded fully (docs/tools.md); the loader's arch_prctl, rseq... are not.
SET=openat,open,close,read,write,pread64,lseek,fstat,newfstatat,stat,dup2,dup3,access,unlink
SET=$SET,pipe2,mmap,mprotect,munmap,brk,socket,bind,listen,getsockname,connect,clone
SET=$SET,execve,wait4,getpid,getuid,kill,exit_group
# compare NAME MINLINES OPTION...: both tracers with the options, normalized, equal.
compare() {
	name=$1 min=$2
	shift 2
	strace -o "$T/ref.raw" "$@" "$T/workload" ${WARGS:-"$T/d"} ||
		fail "$name: strace exited with $?"
	"$SONDE" strace -o "$T/got.raw" "$@" "$T/workload" ${WARGS:-"$T/d"} 2>"$T/err" ||
		fail "$name: sonde strace exited with $?: $(cat "$T/err")"
	[ -s "$T/err" ] && fail "$name: sonde strace wrote to stderr: $(cat "$T/err")"
	sed -E 's/^[0-9]+ +//; s/^<\.\.\. ([a-z0-9_]+) resumed>.*/\1(/' "$T/ref.raw" |
		grep -oE '^[a-z0-9_]+\(' | tr -d '(' >>"$T/seen"
	awk -f "$DIR/normalize.awk" "$T/ref.raw" >"$T/ref"
	awk -f "$DIR/normalize.awk" "$T/got.raw" >"$T/got"
	lines=$(wc -l <"$T/ref")
	[ "$lines" -ge "$min" ] || fail "$name: strace's trace has only $lines lines"
	if diff -u "$T/ref" "$T/got" >"$T/diff"; then
		log "ok: $name: $lines normalized lines equal strace's"
	else
		fail "$name: sonde strace differs from strace:"
		head -n 60 "$T/diff"
	fi
}
compare "decoded set" 90 -f -e trace=$SET
compare "-e trace=%file" 10 -f -e trace=%file
compare "-e trace=%process" 6 -f -e trace=%process
compare "-e trace=%network,%memory" 20 -f -e trace=%network,%memory
compare "-s 8" 10 -f -s 8 -e trace=read,write,execve
compare "-Z (failed only)" 5 -f -Z -e trace=$SET
compare "-e status=successful" 80 -f -e status=successful -e trace=$SET
compare "-x (hex of non-ASCII strings)" 90 -f -x -e trace=$SET
compare "-xx (hex of every string)" 90 -f -xx -e trace=$SET
# the C library's start-up calls, timespecs, clocks, uname, getcwd, signal masks
WARGS=--misc compare "misc" 10 -f -e trace=arch_prctl,set_tid_address,set_robust_list,rseq,nanosleep,clock_nanosleep,uname,getcwd,rt_sigprocmask,clock_gettime

# the decoder families: signals, descriptors, files, memory, sockets
WARGS="--decoders $T/d" compare "decoders" 150 -f -e trace=all
WARGS="--decoders $T/d" compare "decoders -s 2" 150 -f -s 2 -e trace=all

# a thread blocked in read() while the main thread writes: unfinished/resumed
WARGS=--threads compare "threads" 5 -f -e trace=read,write,pipe2,clone3,exit
grep -q '^[0-9]* *read(3,  <unfinished \.\.\.>$' "$T/got.raw" ||
	fail "threads: no read(3,  <unfinished ...> line in $(cat "$T/got.raw")"
grep -q '^[0-9]* *<\.\.\. read resumed>"wake", 16) *= 4$' "$T/got.raw" ||
	fail "threads: no <... read resumed> line in $(cat "$T/got.raw")"

# Every call sonde decodes is in strace's traces above, but those whose
# results depend on the tracer (getppid: its pid; getpgrp) or that block
# or cost the host (pause, sync).
UNTESTED="getppid getpgrp pause sync"
SRC=$(cd "$DIR/../.." && pwd)/src/strace/sysent.c
if [ -f "$SRC" ]; then
	missing=
	for name in $(grep -oE 'SCH?\(SYS_[a-z0-9_]+, "[a-z0-9_]+"' "$SRC" | sed 's/.*"\(.*\)"/\1/'); do
		case " $UNTESTED " in *" $name "*) continue ;; esac
		grep -qx "$name" "$T/seen" || missing="$missing $name"
	done
	[ -z "$missing" ] && log "ok: every decoded call but $UNTESTED is compared" ||
		fail "decoded calls no workload makes:$missing"
fi
finish

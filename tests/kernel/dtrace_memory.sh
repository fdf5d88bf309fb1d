#!/bin/sh
# copyin() and tracemem() on the deterministic workload: the bytes of a
# syscall's path argument, as a string and as DTrace's hex dump.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

# tracemem(copyin(arg1, 13), 13): the 13 bytes of "/etc/hostname" in rows of 16.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target && arg2 == 0/ {
	tracemem(copyin(arg1, 13), 13); }' -c "$WORKLOAD open /etc/hostname 2"
expect_status 0
# dtrace(1)'s layout: a blank line, the column heading, offset, hex, ASCII.
for i in 1 2; do
	echo
	echo '             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef'
	echo '         0: 2f 65 74 63 2f 68 6f 73 74 6e 61 6d 65           /etc/hostname'
done >"$T/expected"
expect_output <"$T/expected"

# stringof(copyin(p, n)): the string the copied bytes hold.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target/ {
	@[stringof(copyin(arg1, 32))] = count(); }' -c "$WORKLOAD open /etc/hostname 2"
expect_status 0
expect_eq "copyin as a key" "$(awk '$1 == "/etc/hostname" { print $2 }' "$T/stdout")" 2
# -x strsize=4: copyinstr() reads 4 characters (and a NUL), as DTrace's strsize.
sonde_run dtrace -q -x strsize=4 -n 'syscall::openat:entry /pid == $target && arg2 == 0/ {
	this->p = copyinstr(arg1); @[this->p] = count(); }' -c "$WORKLOAD open /etc/hostname 2"
expect_status 0
expect_eq "copyinstr cut at strsize" "$(awk '$1 == "/etc" { print $2 }' "$T/stdout")" 2
# The default strsize, 256: a 300-byte path (its leading slashes) is cut to 256 characters.
long="$(printf '%0288d' 0 | tr 0 /)etc/hostname"
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target && arg2 == 0/ {
	@[copyinstr(arg1)] = count(); }' -c "$WORKLOAD open $long 2"
expect_status 0
expect_eq "copyinstr cut at 256" "$(awk 'NF == 2 { print length($1), $2 }' "$T/stdout")" "256 2"
finish

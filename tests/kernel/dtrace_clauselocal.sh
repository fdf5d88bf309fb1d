#!/bin/sh
# Clause-local variables on a syscall probe: what one clause of a firing
# sets, the next clauses of the same firing read (a predicate too), and
# an assignment inside a predicate (the guide's strtok idiom).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

cat >"$T/prog.d" <<'D'
syscall::openat:entry
/pid == $target && arg2 == 0/
{
	this->path = copyinstr(arg1);
	this->n = 1;
}

syscall::openat:entry
/pid == $target && arg2 == 0 && this->n == 1/
{
	this->n++;
	printf("path %s\n", this->path);
}

syscall::openat:entry
/pid == $target && arg2 == 0/
{
	printf("n %d\n", this->n);
}

syscall::openat:entry
/(this->dir = strtok(this->path, "/")) != NULL && pid == $target && arg2 == 0/
{
	printf("dir %s\n", this->dir);
}
D
sonde_run dtrace -q -s "$T/prog.d" -c "$WORKLOAD open /etc/hostname 2"
expect_status 0
expect_eq "paths" "$(grep -c '^path /etc/hostname$' "$T/stdout")" 2
expect_eq "counts" "$(grep -c '^n 2$' "$T/stdout")" 2
expect_eq "first directories" "$(grep -c '^dir etc$' "$T/stdout")" 2
finish

#!/bin/sh
# The D language of the DTrace guide's first chapters on the deterministic
# workload: the Structs chapter's rwinfo.d (a struct-valued associative
# array) unchanged but for the target, errno by value, the Strings
# chapter's subroutines on copyinstr() paths, progenyof() over a shell,
# printf's %Y, and the destructive system() and stop() with -w.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_write
need_tracepoint syscalls:sys_exit_openat

# rwinfo.d: struct callinfo members of i[probefunc], read at END.
cat >"$T/rwinfo.d" <<'D'
struct callinfo {
	uint64_t ts;      /* timestamp of last syscall entry */
	uint64_t elapsed; /* total elapsed time in nanoseconds */
	uint64_t calls;   /* number of calls made */
	size_t maxbytes;  /* maximum byte count argument */
};

struct callinfo i[string];	/* declare i as an associative array */

syscall::read:entry, syscall::write:entry
/pid == $target/
{
	i[probefunc].ts = timestamp;
	i[probefunc].calls++;
	i[probefunc].maxbytes = arg2 > i[probefunc].maxbytes ?
		arg2 : i[probefunc].maxbytes;
}

syscall::read:return, syscall::write:return
/i[probefunc].ts != 0 && pid == $target/
{
	i[probefunc].elapsed += timestamp - i[probefunc].ts;
}

END
{
	printf("        calls  max bytes  elapsed nsecs\n");
	printf("------  -----  ---------  -------------\n");
	printf("  read  %5d  %9d  %d\n",
	    i["read"].calls, i["read"].maxbytes, i["read"].elapsed);
	printf("  write %5d  %9d  %d\n",
	    i["write"].calls, i["write"].maxbytes, i["write"].elapsed);
}
D
sonde_run dtrace -q -s "$T/rwinfo.d" -c "$WORKLOAD write 7 300"
expect_status 0
expect_eq "rwinfo heading" "$(sed -n 1p "$T/stdout")" "        calls  max bytes  elapsed nsecs"
expect_match "rwinfo writes" "$(cat "$T/stdout")" '^  write +7 +300  [1-9][0-9]*$'

# errno at openat's return: ENOENT (2) five times, as an int key.
sonde_run dtrace -q -n 'syscall::openat:return /pid == $target && errno != 0/ { @[errno] = count(); }' \
	-c "$WORKLOAD open /nonexistent/sonde-dt3 5"
expect_status 0
expect_output <<'OUT'

        2                5
OUT

# The Strings chapter's subroutines on the paths openat is given.
sonde_run dtrace -q -n 'syscall::openat:entry /pid == $target && index(copyinstr(arg1), "/dev/") == 0/ {
	this->p = copyinstr(arg1);
	@[basename(this->p), substr(this->p, 0, 4), rindex(this->p, "l"), toupper(basename(this->p)),
	  strstr(this->p, "nu"), this->p < "/dev/zero" ? "before" : "after"] = count(); }' \
	-c "$WORKLOAD open /dev/null 3"
expect_status 0
expect_match "string subroutines" "$(cat "$T/stdout")" \
	'^  null +/dev +8  NULL +null +before +3$'

# progenyof($target): the shell's child counts, other workloads do not.
sonde_run dtrace -q -n 'syscall::getppid:entry /progenyof($target) && execname == "workload"/ { @ = count(); }' \
	-c "sh -c '$WORKLOAD getppid 50; true'"
expect_status 0
expect_eq "progenyof" "$(tr -d ' \n' <"$T/stdout")" 50

# %Y: walltimestamp as dtrace(1) prints a date.
sonde_run dtrace -q -n 'BEGIN { printf("%Y\n", walltimestamp); exit(0); }'
expect_status 0
expect_match "%Y" "$(cat "$T/stdout")" \
	"^$(date +%Y) [A-Z][a-z]{2} [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9]\$"

# system() with -w: the command runs with D's format.
sonde_run dtrace -w -q -n 'syscall::getppid:entry /pid == $target/ { system("echo getppid from %s", execname); exit(0); }' \
	-c "$WORKLOAD getppid 3"
expect_status 0
expect_eq "system" "$(cat "$T/stdout")" "getppid from workload"

# stop() with -w: the traced process stops at its next sleep.
"$WORKLOAD" sleep 100 50 </dev/null >/dev/null 2>&1 &
wpid=$!
sonde_run dtrace -w -q -n 'syscall::nanosleep:entry, syscall::clock_nanosleep:entry /pid == $target/ { stop(); exit(0); }' \
	-p "$wpid"
expect_status 0
state=
for _ in 1 2 3 4 5 6 7 8 9 10; do
	state=$(awk '{ print $3 }' "/proc/$wpid/stat" 2>/dev/null)
	[ "$state" = T ] && break
	sleep 0.2
done
expect_eq "stopped by stop()" "$state" T
kill -CONT "$wpid" 2>/dev/null
kill "$wpid" 2>/dev/null
wait "$wpid" 2>/dev/null
finish

#!/bin/sh
# Speculations on live probes: the guide's example (speculate on a
# syscall's entry, commit only when its return fails), records of one
# speculation from every CPU, and failed speculations.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

# Six opens of the workload's (O_RDONLY, arg2 0: not the loader's): three of
# a missing file (ENOENT) are committed, each as its entry's path and its
# return's errno under their own event lines, after the committing clause's
# line; the three that succeed are discarded (only the discarding clause's
# line prints).
cat >"$T/failed_open.d" <<'D'
syscall::openat:entry
/progenyof($target) && execname == "workload" && arg2 == 0/
{
	self->spec = speculation();
	speculate(self->spec);
	printf("%s", copyinstr(arg1));
}

syscall::openat:return
/self->spec/
{
	speculate(self->spec);
	trace(errno);
}

syscall::openat:return
/self->spec && errno != 0/
{
	commit(self->spec);
	self->spec = 0;
}

syscall::openat:return
/self->spec && errno == 0/
{
	discard(self->spec);
	self->spec = 0;
}
D
sonde_run dtrace -s "$T/failed_open.d" \
	-c "sh -c '$WORKLOAD open /etc/hostname 2; $WORKLOAD open /nonexistent-sonde-spec 3; $WORKLOAD open /etc/hostname 1'"
expect_status 0
sed 's/^ *[0-9]* *//' "$T/stdout" >"$T/lines"
cat >"$T/expected" <<'OUT'
CPU     ID                    FUNCTION:NAME
3                    openat:return 
3                    openat:return 
3                    openat:return 
2                     openat:entry /nonexistent-sonde-spec
3                    openat:return                 2
3                    openat:return 
2                     openat:entry /nonexistent-sonde-spec
3                    openat:return                 2
3                    openat:return 
2                     openat:entry /nonexistent-sonde-spec
3                    openat:return                 2
3                    openat:return 
OUT
expect_eq "committed failures, discarded successes" "$(cat "$T/lines")" "$(cat "$T/expected")"

# One speculation taken in BEGIN; profile-97 speculates on every CPU for a
# second; nothing prints until tick-1s commits, then every CPU's records.
sonde_run dtrace -q -n 'BEGIN { s = speculation(); }
	profile-97 /s/ { speculate(s); printf("cpu %d\n", cpu); }
	tick-1s { printf("tick\n"); }
	tick-1s /s/ { commit(s); s = 0; }
	tick-1s { exit(0); }'
expect_status 0
expect_eq "the committing tick prints first" "$(head -n 1 "$T/stdout")" "tick"
expect_eq "then only the speculated records" "$(sed 1d "$T/stdout" | grep -vc '^cpu [0-9]*$')" 0
samples=$(grep -c '^cpu' "$T/stdout")
[ "$samples" -ge 20 ] || fail "only $samples speculated samples were committed"
if [ "$(nproc)" -ge 2 ]; then
	cpus=$(grep '^cpu' "$T/stdout" | sort -u | wc -l)
	[ "$cpus" -ge 2 ] || fail "the commit held records of $cpus CPU(s), not every CPU's"
fi

# nspec=1 and nothing commits: of three opens, the first takes the id and
# two fail, as dtrace(1) reports them at exit.
sonde_run dtrace -q -x nspec=1 -n 'syscall::openat:entry
	/progenyof($target) && execname == "workload" && arg2 == 0/
	{ self->spec = speculation(); printf("%d\n", self->spec); }' \
	-c "$WORKLOAD open /etc/hostname 3"
expect_status 0
expect_eq "ids" "$(cat "$T/stdout" | tr '\n' ' ')" "1 0 0 "
expect_eq "failed speculations" "$(grep '^dtrace: .*failed' "$T/err")" \
	"dtrace: 2 failed speculations (no speculative buffer available)"
finish

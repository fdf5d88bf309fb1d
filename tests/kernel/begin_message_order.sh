#!/bin/sh
# Runtime messages of BEGIN (warnf, -k's failed lookups) print as bpftrace's
# do: after "Attached N probes", in their place among BEGIN's output, since
# bpftrace reads both from the ring buffer once every probe is attached.
# stdout and stderr go to one file here, so their order is the one seen.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

timeout -k 3 30 "$SONDE" -k -e 'BEGIN { printf("one\n"); warnf("two"); printf("three\n");
	@m[1] = 1; $x = @m[5]; printf("four\n"); exit(); }' </dev/null >"$T/both" 2>&1
expect_eq "status" "$?" 0
cp "$T/both" "$T/stdout"
expect_output <<'OUT'
Attached 1 probe
one
stdin:1:26-38: WARNING: two
three
stdin:2:18-23: WARNING: Can't lookup map element because it does not exist.
Additional Info - helper: map_lookup_elem, retcode: 0
    @m[1] = 1; $x = @m[5]; printf("four\n"); exit(); }
                    ~~~~~
four


@m[1]: 1
OUT

# the same order when BEGIN's program goes on to attach others
timeout -k 3 30 "$SONDE" -e 'BEGIN { printf("one\n"); warnf("two"); printf("three\n"); }
	interval:ms:20 { printf("tick\n"); exit(); }' </dev/null >"$T/both" 2>&1
expect_eq "status" "$?" 0
cp "$T/both" "$T/stdout"
expect_output <<'OUT'
Attached 2 probes
one
stdin:1:26-38: WARNING: two
three
tick


OUT
finish

#!/bin/sh
# exit() in an iterator does not cut its pass short: every task the pass
# visits prints (sonde's own task among them), as in bpftrace, and the
# program ends after the pass.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
[ -d /sys/kernel/btf ] || skip "no BTF"

sonde_run -e 'iter:task { printf("comm: %s\n", ctx.task.comm); exit(); }'
expect_status 0
expect_match "sonde itself" "$(output)" '^comm: sonde$'
expect_match "kthreadd" "$(output)" '^comm: kthreadd$'
finish

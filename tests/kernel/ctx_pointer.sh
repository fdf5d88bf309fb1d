#!/bin/sh
# ctx in an interval probe is the perf event program's context pointer: a
# cast reads the registers it starts with (the verifier takes the read).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root

sonde_run -e 'struct first { unsigned long word; };
interval:ms:10 { printf("ctx %d %lu\n", ctx != 0, ((struct first *)ctx)->word); exit(); }'
expect_status 0
expect_match "the pointer and what it points to" "$(output)" '^ctx 1 [0-9]+$'
finish

#!/bin/sh
# writeback: dirty pages written for sync(1).
. "$(dirname "$0")/tool_lib"
need_tracepoint writeback:writeback_start
tool_start writeback
dd if=/dev/zero of="$T/dirty" bs=64k count=16 2>/dev/null
sync
settle 0.5
tool_stop
expect_match "sync writeback row" "$(output)" '^[0-9]+:[0-9]+ +[0-9-]+ +sync +[0-9]+\.[0-9]{3}$'
finish

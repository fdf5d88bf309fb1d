#!/bin/sh
# syncsnoop: sync(1) calls sync().
. "$(dirname "$0")/tool_lib"
tool_start syncsnoop -T
sync
settle
tool_stop
expect_match "sync row" "$(output)" '^[0-9:]{8} [0-9]+ +sync +sync$'
finish

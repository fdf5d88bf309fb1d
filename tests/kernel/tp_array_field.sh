#!/bin/sh
# A tracepoint's array field (raw_syscalls:sys_enter's u64 args[6]): whole
# or by element, at a constant or a variable index, the values the
# workload passed (read(fd, buf, 123) five times; the loader's read of
# libc's header is a sixth read, of another size).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint raw_syscalls:sys_enter

sonde_run -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid && args.id == 0/ {
	$i = 2;
	@const[args.args[2]] = count();
	@var[args.args[$i]] = count();
	$far = 6;
	if (args.args[2] == 123) { @outside[args.args[$far]] = count(); }
	@len[args.args[2] == 123 ? sizeof(args.args) : 0] = count();
}' -c "$WORKLOAD read 5 123"
expect_status 0
expect_eq "constant index" "$(map_value '@const[123]')" 5
expect_eq "variable index" "$(map_value '@var[123]')" 5
expect_eq "index past the end reads 0" "$(map_value '@outside[0]')" 5
expect_eq "the whole array" "$(map_value '@len[48]')" 5
finish

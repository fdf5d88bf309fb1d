#!/bin/sh
# A tracepoint field declared with a kernel enum (`enum skb_drop_reason
# reason` of skb:kfree_skb) is typed from the kernel's BTF, as bpftrace
# types it: %d prints its number, %s and map keys print the enumerator's
# name.  A UDP datagram to a closed port on the loopback is dropped with
# SKB_DROP_REASON_NO_SOCKET.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_tracepoint skb:kfree_skb
command -v python3 >/dev/null || skip "no python3 to send a datagram"
ip link set lo up 2>/dev/null

sonde_run -e 'tracepoint:skb:kfree_skb /pid == cpid && args.reason == SKB_DROP_REASON_NO_SOCKET/ {
	$r = args.reason;
	printf("%d %s\n", args.reason, $r);
	@[args.reason] = count();
	exit();
}' -c "python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b\"x\", (\"127.0.0.1\", 9))'"
expect_status 0
expect_match "printf" "$(output)" '^[0-9]+ SKB_DROP_REASON_NO_SOCKET$'
expect_match "map key" "$(output)" '^@\[SKB_DROP_REASON_NO_SOCKET\]: 1$'
finish

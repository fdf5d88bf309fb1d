#!/bin/sh
# watchpoint with -p PID watches every thread of the process: a write from a
# thread that existed before sonde attached fires it, and so does one from
# a thread started after.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"

# the address of `watched` is printed first; a thread started at once and
# one started after 2 s each write it (after 1.5 s, then every 100 ms)
{
	printf '%s\n' '#include <pthread.h>' '#include <stdio.h>' '#include <unistd.h>'
	printf '%s\n' 'volatile long watched;'
	printf '%s\n' 'static void *writer(void *arg) { long base = (long)arg; usleep(1500000);'
	printf '%s\n' '	for (int i = 0; i < 30; i++) { watched = base + i; usleep(100000); } return NULL; }'
	printf '%s\n' 'int main(void) { pthread_t a, b; printf("%p\n", (void *)&watched); fflush(stdout);'
	printf '%s\n' '	pthread_create(&a, NULL, writer, (void *)1000); sleep(2);'
	printf '%s\n' '	pthread_create(&b, NULL, writer, (void *)2000);'
	printf '%s\n' '	pthread_join(a, NULL); pthread_join(b, NULL); return 0; }'
} >"$T/threads.c"
gcc -O1 -pthread -no-pie -o "$T/threads" "$T/threads.c" || skip "cannot compile the helper"

"$T/threads" >"$T/addr" &
helper=$!
i=0
while [ ! -s "$T/addr" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
addr=$(cat "$T/addr")
sonde_start -p "$helper" -e "watchpoint:$addr:8:w { @[tid != pid] = count(); @tids[tid] = 1; }" || {
	kill "$helper" 2>/dev/null
	finish
}
if grep -q "No such device\|hardware breakpoint" "$T/err"; then
	kill "$helper" 2>/dev/null
	skip "no hardware breakpoints here"
fi
sleep 5
sonde_stop INT
kill "$helper" 2>/dev/null
wait "$helper" 2>/dev/null
expect_status 0
# each thread writes 30 times; a hit is reported after the write
expect_range "writes from the threads" "$(map_value "@[true]")" 25 60
expect_eq "writes from the main thread" "$(map_value "@[false]")" ""
expect_eq "both threads seen" "$(grep -c '^@tids\[' "$T/stdout")" 2
finish

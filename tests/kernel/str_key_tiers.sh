#!/bin/sh
# Maps keyed by a long string keep one kernel map per string length class
# (64, 256, max_strlen): paths on both sides of each class boundary count
# exactly, has_key and delete find them in their class, and clear() empties
# every class.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_openat

# A path of $1 characters under /tmp/sonde-tiers/ (it does not exist:
# openat fails, the tracepoint still fires).
path_of() {
	printf '/tmp/sonde-tiers/%s' "$(head -c $(($1 - 17)) /dev/zero | tr '\0' x)"
}

p20=$(path_of 20)
p63=$(path_of 63)
p64=$(path_of 64)
p255=$(path_of 255)
p256=$(path_of 256)
p900=$(path_of 900)

count=2
wls=
for p in "$p20" "$p63" "$p64" "$p255" "$p256" "$p900"; do
	spawn_workload open "$p" $count
	wls="$wls $SPAWNED"
	count=$((count + 1))
done
sonde_start -e 'tracepoint:syscalls:sys_enter_openat /'"$(pid_filter $wls)"'/ {
	@n[comm, str(args.filename)] = count();
	if (!has_key(@v, str(args.filename))) { @first[str(args.filename)] = count(); }
	@v[str(args.filename)] = strlen(str(args.filename));
}
END {
	delete(@v, "'"$p63"'");
	delete(@v, "'"$p256"'");
	clear(@first);
}' || finish
for wl in $wls; do
	resume $wl
done
sonde_stop INT
expect_status 0
count=2
for p in "$p20" "$p63" "$p64" "$p255" "$p256" "$p900"; do
	expect_eq "@n[${#p} chars]" "$(map_value "@n[workload, $p]")" $count
	count=$((count + 1))
done
expect_eq "@n entries" "$(grep -c '^@n\[workload, /tmp/sonde-tiers/' "$T/stdout")" 6
# delete() reached the 64 and the full class; the others stay, exactly once.
expect_eq "@v deleted (63)" "$(map_value "@v[$p63]")" ""
expect_eq "@v deleted (256)" "$(map_value "@v[$p256]")" ""
for p in "$p20" "$p64" "$p255" "$p900"; do
	expect_eq "@v[${#p} chars]" "$(map_value "@v[$p]")" ${#p}
done
expect_eq "@v entries" "$(grep -c "^@v\[/tmp/sonde-tiers/" "$T/stdout")" 4
expect_eq "@first cleared" "$(grep -c '^@first\[' "$T/stdout")" 0
finish

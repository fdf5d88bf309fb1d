#!/bin/sh
# The Perfetto export decodes with protoc against tests/record/perfetto.proto
# (only the fields sonde writes), and every slice begins and ends on the same
# track, in time order, properly nested.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
. "$(dirname "$0")/lib_record.sh"
need_root
need_workload
need_record_tools

record --sched --syscalls -c "$WORKLOAD getppid 200" -o "$T/r.pftrace"
protoc --proto_path="$(dirname "$0")" --decode=perfetto.protos.Trace \
	"$(dirname "$0")/perfetto.proto" <"$T/r.pftrace" >"$T/decoded.txt" 2>"$T/protoc.err" ||
	fail "protoc cannot decode: $(head -n 3 "$T/protoc.err")"

# Walk the text form: per packet its timestamp, and its track event's type
# and track.  Per track, BEGIN pushes and END pops; an END on an empty
# track or a timestamp going backwards is an error, and nothing may stay open.
awk '
	/^packet \{/ { ts = ""; type = ""; track = ""; next }
	/^  timestamp: / { ts = $2 }
	/^    type: TYPE_SLICE_(BEGIN|END)/ { type = $2 }
	/^    track_uuid: / { track = $2 }
	/^}/ {
		if (type == "") next
		if (ts < last[track]) { print "time goes back on track " track; bad++ }
		last[track] = ts
		if (type == "TYPE_SLICE_BEGIN") { depth[track]++; begins++ }
		else if (--depth[track] < 0) { print "end without begin on track " track; bad++; depth[track] = 0 }
		else ends++
	}
	END {
		for (t in depth) if (depth[t]) { print "track " t " left open"; bad++ }
		print "slices " begins " " ends
		exit bad > 0
	}' "$T/decoded.txt" >"$T/slices.txt" || fail "slice nesting: $(head -n 5 "$T/slices.txt")"
log "$(tail -n 1 "$T/slices.txt")"

# the workload's 200 getppid slices, all on one thread track named workload
getppid_iid=$(awk '/^      iid: / { iid = $2 } /^      name: "getppid"/ { print iid; exit }' "$T/decoded.txt")
expect_eq "getppid interned" "$([ -n "$getppid_iid" ] && echo yes)" yes
awk -v iid="$getppid_iid" '
	/^packet \{/ { type = ""; track = ""; name = "" }
	/^    uuid: / { uuid = $2 }
	/^      thread_name: / { tname[uuid] = $2 }
	/^    type: / { type = $2 }
	/^    track_uuid: / { track = $2 }
	/^    name_iid: / { name = $2 }
	/^}/ { if (type == "TYPE_SLICE_BEGIN" && name == iid) n[track]++ }
	END { for (t in n) print n[t], tname[t] }' "$T/decoded.txt" >"$T/getppid.txt"
expect_eq "getppid slices by track" "$(cat "$T/getppid.txt")" '200 "workload"'
grep -q 'process_name: "workload"' "$T/decoded.txt" || fail "no process track named workload"
# thread state comes from the scheduler events in the ftrace bundles
expect_range "sched_switch events" "$(grep -c '^      sched_switch {' "$T/decoded.txt")" 1 100000000
expect_range "return values annotated" "$(grep -c '^      int_value: ' "$T/decoded.txt")" 400 100000000
grep -q 'name: "ret"' "$T/decoded.txt" || fail "annotation name ret not interned"
finish

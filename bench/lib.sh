# Shared helpers of the benchmarks (sourced by bench/run.sh and the
# bench/*.sh sections).  Each section measures sonde and bpftrace in the
# same run and stores figures as shell variables NAME_sonde / NAME_bpftrace,
# which row() prints with the ratio sonde / bpftrace.

SONDE=${SONDE:-$PWD/sonde}
BPFTRACE=${BPFTRACE:-$(command -v bpftrace)}
WORKLOAD=${WORKLOAD:-$PWD/build/tests/workload}
USDT_WORKLOAD=${USDT_WORKLOAD:-$PWD/build/tests/usdt_workload}
RUNS=${RUNS:-10}
EVENTS=${EVENTS:-200000}

tool_path() {
	if [ "$1" = sonde ]; then echo "$SONDE"; else echo "$BPFTRACE"; fi
}

now_ns() {
	date +%s%N
}

# ms A B: milliseconds between two now_ns stamps, one decimal
ms_between() {
	awk -v d=$(($2 - $1)) 'BEGIN { printf "%.1f\n", d / 1e6 }'
}

# ratio A B: A / B with 2 decimals, or n/a
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || b == "" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a";
		else printf "%.2f\n", a / b }'
}

min_of() {
	awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'
}

get() {
	eval "echo \${$1_$2:-n/a}"
}

row() {
	printf '%-40s %12s %12s %8s\n' "$1" "$(get "$2" sonde)" "$(get "$2" bpftrace)" \
		"$(ratio "$(get "$2" sonde)" "$(get "$2" bpftrace)")"
}

header() {
	echo
	echo "== $1"
	printf '%-40s %12s %12s %8s\n' "measure" "sonde" "bpftrace" "ratio"
}

# wall TOOL VAR ARGS...: best wall ms of RUNS runs of TOOL ARGS into
# VAR_TOOL, and peak RSS KiB of one more run into RSSVAR_TOOL ($RSSVAR).
wall_and_rss() {
	tool=$1 var=$2 rssvar=$3
	shift 3
	bin=$(tool_path "$tool")
	best=
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(now_ns)
		"$bin" "$@" >/dev/null 2>&1 </dev/null
		t1=$(now_ns)
		best=$(min_of "$best" "$(ms_between "$t0" "$t1")")
		i=$((i + 1))
	done
	/usr/bin/time -v "$bin" "$@" >/dev/null 2>"$TMP/time" </dev/null
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/time")
	eval "${var}_$tool=\$best ${rssvar}_$tool=\$rss"
}

# BPF program ids currently loaded, one per line.
prog_ids() {
	bpftool prog show 2>/dev/null | awk -F: '/^[0-9]+:/ { print $1 }' | sort -n
}

# Stats of the busiest program among the ids in file $1 (or owned by pid
# $2 when bpftool shows pids): "run_time_ns run_cnt xlated_insns"
prog_stats() {
	bpftool prog show 2>/dev/null | awk -v ids=" $(tr '\n' ' ' <"$1")" -v pid="$2" '
		function flush() {
			if (id != "" && (index(ids, " " id " ") || owned) && cnt >= best) {
				best = cnt; out = ns " " cnt " " insns
			}
		}
		/^[0-9]+:/ {
			flush()
			id = $1; sub(":", "", id); ns = 0; cnt = 0; insns = 0; owned = 0
			for (i = 1; i < NF; i++) {
				if ($i == "run_time_ns") ns = $(i + 1)
				if ($i == "run_cnt") cnt = $(i + 1)
			}
			next
		}
		/xlated [0-9]+B/ {
			for (i = 1; i < NF; i++)
				if ($i == "xlated") { x = $(i + 1); sub("B", "", x); insns = x / 8 }
		}
		/pids / { if (index($0, "(" pid ")")) owned = 1 }
		END { flush(); print (out == "" ? "n/a n/a n/a" : out) }'
}

# Wait until the tool whose output goes to $TMP/out and $TMP/err says it
# attached (or died): up to 30 s.
wait_attached() {
	i=0
	while [ $i -lt 300 ]; do
		grep -q -E '^Attach(ed|ing) [0-9]+ probe' "$TMP/err" "$TMP/out" && return 0
		kill -0 "$TOOL_PID" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# event_cost TOOL VAR PROGRAM WORKLOAD-COMMAND...: run PROGRAM, run the
# workload, store ns/event in COST<VAR>_TOOL and xlated instructions in
# INSNS<VAR>_TOOL (from kernel.bpf_stats_enabled).
event_cost() {
	tool=$1 var=$2 prog=$3
	shift 3
	bin=$(tool_path "$tool")
	prog_ids >"$TMP/before"
	"$bin" -e "$prog" </dev/null >"$TMP/out" 2>"$TMP/err" &
	TOOL_PID=$!
	wait_attached || echo "bench: $tool did not attach: $(head -c 300 "$TMP/err")" >&2
	sleep 1
	prog_ids >"$TMP/after"
	comm -13 "$TMP/before" "$TMP/after" >"$TMP/new"
	"$@" >/dev/null
	set -- $(prog_stats "$TMP/new" "$TOOL_PID")
	kill -INT "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null
	TOOL_PID=
	cost=$(awk -v ns="$1" -v n="$2" 'BEGIN { if (n + 0 > 0) printf "%.1f", ns / n; else print "n/a" }')
	eval "COST${var}_$tool=\$cost INSNS${var}_$tool=\$3 RUNS${var}_$tool=\$2"
}

# Issue 4 (sourced by bench/run.sh): attaching a uprobe to every function
# of libc.
#
# `uprobe:libc:*` itself fails with both tools on x86-64: the kernel
# refuses a uprobe on an instruction it cannot single-step out of line
# (ENOTSUPP, "Unknown error 524"): a lock prefix (pthread_spin_lock,
# __nptl_free_tcb) or a VEX/EVEX encoding (the AVX2/EVEX/AVX-512 string
# functions).  So the section lists libc's functions with `sonde -l`,
# drops those whose first instruction is one of these (found with nm and
# objdump, over .dynsym and the debug symbols when installed), covers the
# rest with the fewest `uprobe:libc:PREFIX*` patterns, and runs
#
#   PATTERNS { @ = count(); } interval:ms:1 { printf("ready\n"); exit(); }
#
# once per tool, stdout into a pipe, timing three moments from the start:
# "ready" (every probe attached: the interval probe comes last), the
# tool's own exit, and the pipe's end of file (every process that holds
# the probes, such as sonde's detach child, has exited: probes are gone).

LIBC=${LIBC:-/lib/x86_64-linux-gnu/libc.so.6}

# The debug file of $1 by build id, if installed.
debug_file() {
	id=$(readelf -n "$1" 2>/dev/null | awk '/Build ID/ { print $3 }')
	f=/usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug
	[ -n "$id" ] && [ -f "$f" ] && echo "$f"
}

# Names of functions whose first instruction x86 uprobes refuse.
unprobeable() {
	dbg=$(debug_file "$LIBC")
	{ nm -D --defined-only "$LIBC"; [ -n "$dbg" ] && nm "$dbg"; } 2>/dev/null |
		awk '$2 ~ /^[tTwWi]$/ && NF == 3 { a = $1; sub(/^0+/, "", a); print "S", a, $3 }' \
		>"$TMP/syms"
	objdump -d --no-show-raw-insn "$LIBC" 2>/dev/null |
		awk -F'\t' '/^ *[0-9a-f]+:\t/ { a = $1; gsub(/[ :]/, "", a); print "I", a, $2 }' \
		>"$TMP/insns"
	awk '$1 == "S" { name[$2] = name[$2] " " $3; next }
	     $1 == "I" && ($2 in name) && !seen[$2]++ && ($3 ~ /^(lock|v)/) {
		n = split(name[$2], v, " ")
		for (i = 1; i <= n; i++) {
			print v[i]
			sub(/@.*/, "", v[i])	# sonde also lists the bare name
			print v[i]
		}
	     }' "$TMP/syms" "$TMP/insns" | sort -u
}

# Sorted names on stdin, names to skip in $1: the fewest NAME* prefixes
# (or exact names) matching every name but the skipped ones.
cover_patterns() {
	awk -v skipfile="$1" '
	function cover(lo, hi, d,    i, j, c, p) {
		p = substr(names[lo], 1, d)
		if (badcum[hi] - badcum[lo - 1] == 0) {
			print p "*"
			return
		}
		i = lo
		while (i <= hi) {
			if (length(names[i]) == d) {
				if (!isbad[i])
					print names[i]
				i++
				continue
			}
			c = substr(names[i], d + 1, 1)
			j = i
			while (j + 1 <= hi && substr(names[j + 1], d + 1, 1) == c)
				j++
			cover(i, j, d + 1)
			i = j + 1
		}
	}
	BEGIN { while ((getline s < skipfile) > 0) skip[s] = 1 }
	{ n++; names[n] = $0; isbad[n] = ($0 in skip); badcum[n] = badcum[n - 1] + isbad[n] }
	END { if (n) cover(1, n, 0) }'
}

wildcard_script() {
	"$SONDE" -l 'uprobe:libc:*' | sed 's/^uprobe:[^:]*://' | LC_ALL=C sort -u >"$TMP/names"
	unprobeable >"$TMP/skip"
	cover_patterns "$TMP/skip" <"$TMP/names" >"$TMP/patterns"
	WILD_FUNCS=$(($(wc -l <"$TMP/names") - $(grep -c -x -F -f "$TMP/skip" "$TMP/names")))
	{
		sed 's/^/uprobe:libc:/' "$TMP/patterns" | paste -s -d, -
		echo '{ @ = count(); }'
		printf '%s\n' 'interval:ms:1 { printf("ready\n"); exit(); }'
	} >"$TMP/wild.bt"
}

wildcard_run() {
	tool=$1
	bin=$(tool_path "$tool")
	rm -f "$TMP/ready" "$TMP/exit" "$TMP/gone" "$TMP/err.out"
	t0=$(now_ns)
	( BPFTRACE_MAX_PROBES=100000 "$bin" -B line "$TMP/wild.bt" 2>"$TMP/err" </dev/null
	  now_ns >"$TMP/exit" ) |
		{
			while IFS= read -r line; do
				case $line in
				ready*) now_ns >"$TMP/ready" ;;
				Attach*) echo "$line" >>"$TMP/err.out" ;;
				esac
			done
			now_ns >"$TMP/gone"
		}
	for m in ready exit gone; do
		v=n/a
		[ -s "$TMP/$m" ] && v=$(awk -v a="$t0" -v b="$(cat "$TMP/$m")" \
			'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		eval "WILD_$m=\$v"
	done
	probes=$(cat "$TMP/err" "$TMP/err.out" 2>/dev/null | grep -o -E 'Attach(ed|ing) [0-9]+' | awk '{ print $2 }' | head -1)
	[ -s "$TMP/ready" ] || echo "bench: $tool: $(grep -m1 ERROR "$TMP/err")" >&2
	eval "WREADY_$tool=\$WILD_ready WEXIT_$tool=\$WILD_exit WGONE_$tool=\$WILD_gone WPROBES_$tool=\$probes"
}

section_wildcard() {
	[ -x "$SONDE" ] || { echo "bench: wildcard needs sonde -l" >&2; return; }
	wildcard_script
	echo "bench: wildcard: $WILD_FUNCS functions, $(wc -l <"$TMP/patterns") patterns," \
		"$(wc -l <"$TMP/skip") names skipped" >&2
	for tool in $TOOLS; do
		echo "bench: wildcard: $tool" >&2
		wildcard_run "$tool"
	done
	header "issue 4: uprobe on every probeable libc function ($WILD_FUNCS)"
	row "probes reported attached" WPROBES
	row "attached (\"ready\") s" WREADY
	row "tool exited s" WEXIT
	row "probes gone (pipe EOF) s" WGONE
}

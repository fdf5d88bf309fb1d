# Helpers of the profile tests (sourced after tests/lib.sh).

# Skip unless sonde has the profiling commands.
need_profile_cmd() {
	"$SONDE" flamegraph --help >/dev/null 2>&1 || skip "sonde has no profiling commands"
}

# Sum of the counts of the folded lines matching the regular expression $2 in file $1.
folded_sum() {
	grep -E "$2" "$1" | awk '{ s += $NF } END { print s + 0 }'
}

folded_total() {
	awk '{ s += $NF } END { print s + 0 }' "$1"
}

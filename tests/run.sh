#!/bin/sh
# Run every test layer and end with one line: "N passed, N failed".
#
#   sh tests/run.sh [LAYER | LAYER/NAME]...   (default: all layers)
#
# LAYER/NAME runs one test of a layer: unit/test_lexer, lang/arith,
# malformed/deep_parens, kernel/uprobe_args, tools/execsnoop, profile/NAME
# (the file's name, with or without its extension).
#
# Layers:
#   layers     scripts/check-layers.sh: the include graph follows the pipeline
#   unit       every $UNIT_DIR/test_* binary; each prints "NAME: X passed, Y failed"
#              (without UNIT_DIR: `make unit` first, so none runs stale)
#   lang       golden tests tests/lang/*.bt (layout in tests/lang/README.md)
#   dtrace     golden tests of the D front end, tests/dtrace/*.d (root: BEGIN runs)
#   malformed  tests/malformed/*.bt and the large inputs generate.sh writes:
#              each must give a located error and exit 1 (tests/malformed/README.md)
#   fuzz       the front-end fuzzers (whole front end; preprocessor alone)
#              over their seeds, then FUZZ_SMOKE_TIME s each
#              (builds it with `make fuzz-bin`; tests/fuzz/README.md)
#   kernel     tests/kernel/*.sh, root only (layout in tests/kernel/README.md)
#   tools      tests/tools/*.sh: every built-in tool, root only
#   profile    tests/profile/*.sh: stacks, symbols, profile, flame graphs (as kernel)
#   export     tests/export/*.sh: sonde serve with Prometheus, Pushgateway,
#              node_exporter, HTTP hardening, profiles served and pushed (root)
#   record     tests/record/*.sh: sonde record, its exports and heat maps, root only
#   strace     tests/strace/*.sh: sonde strace against Debian's strace, root only
#
# Environment: SONDE (default ./sonde), WORKLOAD (default build/tests/workload),
# UNIT_DIR (default build/tests), LANG_TIMEOUT (20 s per golden run),
# KERNEL_TIMEOUT (60 s per kernel test), FUZZ_RUNS (60000 mutations with a
# fixed seed) and FUZZ_SMOKE_TIME (at most 20 s) for the fuzzer, VERBOSE=1
# to print the output of passing tests too, and FRONTEND_ONLY=1 (`make
# check`; the default when not root) to run the golden tests under --dump
# only: expected errors are still compared, outputs that need a loaded
# program are not (the test says so), dumps are.
#
# A test that cannot run here (no root, no tracefs, a tool missing) is a
# skip, printed with its reason and counted apart.

cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
SONDE=${SONDE:-$ROOT/sonde}
WORKLOAD=${WORKLOAD:-$ROOT/build/tests/workload}
LANG_TIMEOUT=${LANG_TIMEOUT:-20}
KERNEL_TIMEOUT=${KERNEL_TIMEOUT:-60}
# unit binaries of the tree's own build are rebuilt first (as `make check`
# does); a UNIT_DIR given (make asan, make coverage) is its maker's to build
[ -n "$UNIT_DIR" ] && UNIT_BUILD=0 || UNIT_BUILD=1
UNIT_DIR=${UNIT_DIR:-build/tests}
FUZZ_SMOKE_TIME=${FUZZ_SMOKE_TIME:-20}
if [ -z "$FRONTEND_ONLY" ]; then
	[ "$(id -u)" = 0 ] && FRONTEND_ONLY=0 || FRONTEND_ONLY=1
fi
ONLY=
export SONDE WORKLOAD

passed=0
failed=0
skipped=0
failures=""
TMP=$(mktemp -d /tmp/sonde-tests.XXXXXX) || exit 2
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

pass() {
	passed=$((passed + 1))
	echo "  ok    $1"
}

# fail NAME [DETAIL]
fail() {
	failed=$((failed + 1))
	failures="$failures $1"
	echo "  FAIL  $1${2:+ ($2)}"
}

# skip NAME REASON
skip() {
	skipped=$((skipped + 1))
	echo "  skip  $1: $2"
}

# Whether the test in FILE is selected (by LAYER/NAME, or every test).
selected() {
	[ -z "$ONLY" ] && return 0
	sel_file=${1##*/}
	[ "$sel_file" = "$ONLY" ] || [ "${sel_file%.*}" = "${ONLY%.*}" ]
}

header() {
	echo
	echo "== $1"
}

# Mount what the kernel tests (and sonde) need, when we are allowed to.
setup_mounts() {
	[ "$(id -u)" = 0 ] || return 0
	if ! [ -e /sys/kernel/tracing/events ]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null ||
			echo "warning: cannot mount tracefs at /sys/kernel/tracing" >&2
	fi
	if ! grep -q ' /sys/fs/bpf bpf ' /proc/mounts; then
		mount -t bpf bpf /sys/fs/bpf 2>/dev/null ||
			echo "warning: cannot mount bpffs at /sys/fs/bpf" >&2
	fi
}

# The workload helper; built here when the Makefile has not done it.
build_workload() {
	[ "$WORKLOAD" = "$ROOT/build/tests/workload" ] || return 0
	if ! [ -x "$WORKLOAD" ] || [ tests/workload.c -nt "$WORKLOAD" ]; then
		mkdir -p build/tests
		${CC:-gcc} -O1 -g -fno-omit-frame-pointer -o "$WORKLOAD" tests/workload.c ||
			echo "warning: cannot build $WORKLOAD" >&2
	fi
}

# ---- module layers ----------------------------------------------------

run_layers() {
	header "module layers (scripts/check-layers.sh)"
	if sh scripts/check-layers.sh >"$TMP/layers.out" 2>&1; then
		pass "layers: every include follows the pipeline"
	else
		fail "layers" "back edges in the include graph"
		sed 's/^/        /' "$TMP/layers.out" | head -n 40
	fi
}

# ---- unit tests -------------------------------------------------------

# Rebuild the unit binaries whose sources or objects changed (the selected
# one, or all), so that a stale binary is never what runs.
build_unit() {
	target=unit
	[ -n "$ONLY" ] && [ -f "tests/unit/${ONLY%.c}.c" ] && target=$UNIT_DIR/${ONLY%.c}
	${MAKE:-make} -s "$target" >"$TMP/unit.build" 2>&1 && return 0
	fail "unit build" "make $target failed"
	tail -n 20 "$TMP/unit.build" | sed 's/^/        /'
	return 1
}

run_unit() {
	header "unit tests"
	found=0
	[ "$UNIT_BUILD" = 1 ] && ! build_unit && return
	for bin in "$UNIT_DIR"/test_*; do
		[ -f "$bin" ] && [ -x "$bin" ] || continue
		selected "$bin" || continue
		# a binary whose source is gone (renamed, removed) is stale too
		[ "$UNIT_BUILD" = 1 ] && ! [ -f "tests/unit/${bin##*/}.c" ] && continue
		found=1
		name=${bin##*/}
		timeout -k 5 60 "$bin" >"$TMP/unit.out" 2>"$TMP/unit.err"
		status=$?
		line=$(grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed$' "$TMP/unit.out" | tail -n 1)
		if [ -z "$line" ]; then
			fail "$name" "exit $status, no summary line"
			cat "$TMP/unit.out" "$TMP/unit.err" | tail -n 20 | sed 's/^/        /'
			continue
		fi
		p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1/')
		f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\2/')
		passed=$((passed + p))
		failed=$((failed + f))
		# TEST_SKIP() lines: parts that could not run here, with the reason
		sed -n "s/^$name: skipped: //p" "$TMP/unit.out" >"$TMP/unit.skips"
		while IFS= read -r why; do
			skip "$name" "$why"
		done <"$TMP/unit.skips"
		if [ "$p" = 0 ] && [ "$f" = 0 ] && ! [ -s "$TMP/unit.skips" ]; then
			fail "$name" "no check ran"
			continue
		fi
		if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
			[ "$f" -gt 0 ] || failed=$((failed + 1))
			failures="$failures $name"
			echo "  FAIL  $line (exit $status)"
			sed 's/^/        /' "$TMP/unit.err" | tail -n 40
		else
			echo "  ok    $line"
		fi
	done
	[ $found = 1 ] || echo "  (no unit test binaries in $UNIT_DIR; run make unit)"
}

# ---- malformed input ----------------------------------------------------

# Exit 1 with a located error naming the file, within the time limit, and
# no sanitizer report (the layer also runs under `make asan`).
run_malformed_one() {
	f=$1
	name=$2
	timeout -k 2 "$LANG_TIMEOUT" "$SONDE" $MALFORMED_OPTS "$f" </dev/null \
		>"$TMP/mal.out" 2>"$TMP/mal.err"
	status=$?
	why=""
	if [ $status != 1 ]; then
		why="exit $status, expected 1"
	elif grep -q -E 'Sanitizer|runtime error:' "$TMP/mal.err"; then
		why="sanitizer report"
	elif ! grep -a -q -E "^$(printf '%s' "$f" | sed 's/[.[\*^$]/\\&/g'):[0-9]+:[0-9]+(-[0-9]+)?: ERROR: " "$TMP/mal.err"; then
		why="no located error"
	fi
	if [ -z "$why" ]; then
		pass "$name"
	else
		fail "$name" "$why"
		head -c 2000 "$TMP/mal.err" | head -n 10 | sed 's/^/        /'
	fi
}

run_malformed() {
	header "malformed input (tests/malformed)"
	# Without root the front end alone runs (--dump loads nothing).
	MALFORMED_OPTS=
	[ "$FRONTEND_ONLY" = 1 ] && MALFORMED_OPTS=--dump
	for f in tests/malformed/*.bt; do
		[ -f "$f" ] && selected "$f" && run_malformed_one "$f" "${f#tests/}"
	done
	if sh tests/malformed/generate.sh "$TMP/malformed"; then
		for f in "$TMP"/malformed/*.bt; do
			[ -f "$f" ] && selected "$f" &&
				run_malformed_one "$f" "malformed/${f##*/} (generated)"
		done
	else
		fail "malformed/generate.sh"
	fi
}

# ---- fuzzing --------------------------------------------------------------

run_fuzz() {
	header "front-end fuzzer (tests/fuzz)"
	# mk/robust.mk holds the rules; read it here if the Makefile does not.
	if ! command -v "${FUZZ_CC:-clang-14}" >/dev/null 2>&1 && [ "$(id -u)" != 0 ]; then
		skip fuzz "${FUZZ_CC:-clang-14} missing (make test installs it as root)"
		return
	fi
	robust_mk=
	grep -q 'mk/robust.mk' Makefile || robust_mk="-f Makefile -f mk/robust.mk"
	if ! make -s $robust_mk fuzz-bin >"$TMP/fuzz.build" 2>&1; then
		fail "fuzz build" "make fuzz-bin failed"
		tail -n 20 "$TMP/fuzz.build" | sed 's/^/        /'
		return
	fi
	for target in fuzz_frontend fuzz_preproc; do
		if FUZZ_RUNS=${FUZZ_RUNS:-60000} sh tests/fuzz/run.sh build/fuzz/$target \
			"$FUZZ_SMOKE_TIME" build/fuzz/smoke/$target \
			>"$TMP/fuzz.out" 2>&1; then
			pass "$target: $(grep -o '[0-9]* seeds' "$TMP/fuzz.out"), then ${FUZZ_RUNS:-60000} runs, no crash"
		else
			fail "$target"
			sed 's/^/        /' "$TMP/fuzz.out" | tail -n 40
		fi
	done
}

# ---- golden language tests --------------------------------------------

# compare LABEL EXPECTED GOT: diff into $TMP/diff.all, return non-zero on mismatch.
compare() {
	if ! diff -u --label "expected $1" --label "got $1" "$2" "$3" >"$TMP/diff.one"; then
		cat "$TMP/diff.one" >>"$TMP/diff.all"
		return 1
	fi
	return 0
}

# Run sonde on one script: sonde_lang OUTBASE [OPTIONS...] FILE.  Extra sonde
# options come from NAME.flags (e.g. "-f json"), positional parameters from
# NAME.args (both shell words, quoting allowed), environment variables from
# NAME.env (VAR=value words, e.g. a test clock).
sonde_lang() {
	out=$1
	shift
	if [ -f "$base.flags" ]; then
		eval "set -- $(cat "$base.flags") \"\$@\""
	fi
	if [ -f "$base.args" ]; then
		eval "set -- \"\$@\" $(cat "$base.args")"
	fi
	set -- "$SONDE" "$@"
	if [ -f "$base.env" ]; then
		eval "set -- $(cat "$base.env") \"\$@\""
	fi
	timeout -k 2 "$LANG_TIMEOUT" env "$@" </dev/null >"$out.stdout" 2>"$out.stderr"
}

# With "-f json" in NAME.flags, every stdout line must be a JSON document.
json_valid() {
	[ -f "$1.flags" ] && grep -q json "$1.flags" || return 0
	if ! command -v jq >/dev/null 2>&1; then
		json_skipped="jq missing: JSON output not validated (make test installs it)"
		return 0
	fi
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		if ! printf '%s\n' "$line" | jq -e . >/dev/null 2>&1; then
			echo "stdout line $n is not valid JSON: $line" >>"$TMP/diff.all"
			return 1
		fi
	done <"$2"
	return 0
}

# FRONTEND_ONLY: one --dump run.  An expected error is compared (an error
# that only loading gives is a skip), a program whose output needs loading
# must compile, and a dump is compared.
run_lang_frontend() {
	bt=$1
	base=${bt%.bt}
	name=${bt#tests/}
	: >"$TMP/diff.all"
	sonde_lang "$TMP/dump" --dump "$bt"
	status=$?
	if grep -q -E 'need(s)? root|CAP_BPF' "$TMP/dump.stderr"; then
		skip "$name" "$(grep -m1 -E 'need(s)? root|CAP_BPF' "$TMP/dump.stderr" | sed 's/.*ERROR: //')"
		return
	fi
	want=0
	[ -f "$base.err" ] && want=1
	[ -f "$base.status" ] && want=$(tr -d ' \n' <"$base.status")
	if [ "$want" = 1 ]; then
		if [ "$status" = 0 ]; then
			skip "$name" "its error comes from loading the program (run as root)"
			return
		fi
		compare stderr "$base.err" "$TMP/dump.stderr" || { fail "$name"; sed 's/^/        /' "$TMP/diff.all" | head -n 80; return; }
		pass "$name"
		return
	fi
	if [ "$status" != 0 ]; then
		fail "$name" "--dump exit status $status"
		head -n 20 "$TMP/dump.stderr" | sed 's/^/        /'
		return
	fi
	if [ -f "$base.dump" ] && ! compare dump "$base.dump" "$TMP/dump.stdout"; then
		fail "$name"
		sed 's/^/        /' "$TMP/diff.all" | head -n 80
		return
	fi
	if [ -f "$base.dump" ]; then
		pass "$name"
	else
		pass "$name (compiles; its output is checked as root)"
	fi
}

run_lang_one() {
	bt=$1
	base=${bt%.bt}
	name=${bt#tests/}
	ok=1
	json_skipped=
	: >"$TMP/diff.all"
	if [ "$FRONTEND_ONLY" = 1 ]; then
		run_lang_frontend "$bt"
		return
	fi
	if [ -f "$base.out" ] || [ -f "$base.err" ] || [ -f "$base.status" ] ||
	   ! [ -f "$base.dump" ]; then
		sonde_lang "$TMP/run" "$bt"
		status=$?
		if [ -f "$base.status" ]; then
			want=$(tr -d ' \n' <"$base.status")
		elif [ -f "$base.err" ]; then
			want=1
		else
			want=0
		fi
		if [ "$status" != "$want" ]; then
			ok=0
			[ "$status" = 124 ] && echo "timed out after ${LANG_TIMEOUT}s" >>"$TMP/diff.all"
			echo "exit status $status, expected $want" >>"$TMP/diff.all"
		fi
		[ -f "$base.out" ] && ! compare stdout "$base.out" "$TMP/run.stdout" && ok=0
		json_valid "$base" "$TMP/run.stdout" || ok=0
		[ -f "$base.err" ] && ! compare stderr "$base.err" "$TMP/run.stderr" && ok=0
		if [ $ok = 0 ] && ! [ -f "$base.err" ] && [ -s "$TMP/run.stderr" ]; then
			echo "--- stderr:" >>"$TMP/diff.all"
			head -n 20 "$TMP/run.stderr" >>"$TMP/diff.all"
		fi
	fi
	if [ -f "$base.dump" ]; then
		sonde_lang "$TMP/dump" --dump "$bt"
		status=$?
		if [ "$status" != 0 ]; then
			ok=0
			echo "--dump exit status $status" >>"$TMP/diff.all"
			head -n 20 "$TMP/dump.stderr" >>"$TMP/diff.all"
		fi
		compare dump "$base.dump" "$TMP/dump.stdout" || ok=0
	fi
	if [ $ok = 1 ] && [ -n "$json_skipped" ]; then
		skip "$name" "$json_skipped"
	elif [ $ok = 1 ]; then
		pass "$name"
	else
		fail "$name"
		sed 's/^/        /' "$TMP/diff.all" | head -n 80
	fi
}

run_lang() {
	header "golden language tests (tests/lang)"
	[ "$FRONTEND_ONLY" = 1 ] && echo "  (front end only: --dump; outputs are checked as root, without FRONTEND_ONLY=1)"
	for bt in tests/lang/*.bt; do
		[ -f "$bt" ] || continue
		selected "$bt" || continue
		run_lang_one "$bt"
	done
	# every built-in tool compiles (those probing the function they are
	# given, uprobe:FUNC, only through the tool: tests/tools covers them)
	for t in tools/*.bt; do
		[ -f "$t" ] || continue
		selected "$t" || continue
		name=lang/${t}
		if grep -q '^[a-z]*:FUNC' "$t"; then
			skip "$name" "its probe is the function given to the tool (tests/tools)"
			continue
		fi
		timeout -k 2 "$LANG_TIMEOUT" "$SONDE" --dump "$t" </dev/null >"$TMP/tool.out" 2>"$TMP/tool.err"
		status=$?
		if [ $status = 0 ]; then
			pass "$name (compiles)"
		elif grep -q -E 'need(s)? root|CAP_BPF' "$TMP/tool.err"; then
			skip "$name" "$(grep -m1 -E 'need(s)? root|CAP_BPF' "$TMP/tool.err" | sed 's/.*ERROR: //')"
		else
			fail "$name" "--dump exit status $status"
			head -n 10 "$TMP/tool.err" | sed 's/^/        /'
		fi
	done
}

# ---- D front end golden tests ------------------------------------------

# tests/dtrace/NAME.d runs as `sonde dtrace [NAME.flags] -s NAME.d [NAME.args]`: stdout must
# equal NAME.out; with NAME.err, stderr must equal it and the status be 1 (or
# what NAME.status holds).
run_dtrace_one() {
	base=${1%.d}
	name=dtrace/${base##*/}
	flags=
	[ -f "$base.flags" ] && flags=$(cat "$base.flags")
	margs=
	[ -f "$base.args" ] && margs=$(cat "$base.args")
	: >"$TMP/diff.all"
	# BEGIN and END run on the CPU sonde runs on: the CPU column stays 0
	pin=
	command -v taskset >/dev/null && pin="taskset -c 0"
	# its own session: curpsinfo's pr_sid and pr_pgid are sonde's pid,
	# whatever session (maybe none, 0) the runner was started in
	command -v setsid >/dev/null && pin="setsid -w $pin"
	# shellcheck disable=SC2086
	timeout -k 3 "$LANG_TIMEOUT" $pin "$SONDE" dtrace $flags -s "$1" $margs </dev/null \
		>"$TMP/d.out" 2>"$TMP/d.err"
	status=$?
	if [ -f "$base.err" ]; then
		want=1
		[ -f "$base.status" ] && want=$(tr -d ' \n' <"$base.status")
		if [ "$status" != "$want" ]; then
			fail "$name" "exit status $status, want $want"
			return
		fi
		compare stderr "$base.err" "$TMP/d.err" || { fail "$name"; cat "$TMP/diff.all"; return; }
	elif [ "$status" != 0 ]; then
		fail "$name" "exit status $status"
		sed 's/^/    /' "$TMP/d.err" | head -n 10
		return
	fi
	[ -f "$base.out" ] && ! compare stdout "$base.out" "$TMP/d.out" &&
		{ fail "$name"; cat "$TMP/diff.all"; return; }
	pass "$name"
}

run_dtrace() {
	header "D front end golden tests (tests/dtrace, root)"
	if [ "$(id -u)" != 0 ]; then
		skip dtrace "the D golden tests run BEGIN: root only"
		return
	fi
	for d in tests/dtrace/*.d; do
		selected "$d" || continue
		run_dtrace_one "$d"
	done
}

# ---- kernel tests -----------------------------------------------------

# Run every script of a layer (tests/DIR/*.sh, but not lib_*.sh) under
# a timeout: exit 0 passes, 77 skips, anything else fails with the end of
# its output.  timeout signals its whole process group, so a sonde left in
# the background by a stuck test goes too.
run_scripts() {
	dir=$1
	for t in tests/"$dir"/*.sh; do
		[ -f "$t" ] || continue
		selected "$t" || continue
		case $t in */lib_*.sh) continue ;; esac
		name=${t#tests/}
		start=$(date +%s)
		TESTS_LIB="$ROOT/tests/lib.sh" timeout -k 5 "$KERNEL_TIMEOUT" \
			sh "$t" </dev/null >"$TMP/$dir.out" 2>&1
		status=$?
		secs=$(( $(date +%s) - start ))
		case $status in
		0)
			pass "$name (${secs}s)"
			[ -n "$VERBOSE" ] && sed 's/^/        /' "$TMP/$dir.out"
			;;
		77)
			skipped=$((skipped + 1))
			echo "  skip  $name: $(tail -n 1 "$TMP/$dir.out")"
			;;
		*)
			[ $status = 124 ] && echo "timed out after ${KERNEL_TIMEOUT}s" >>"$TMP/$dir.out"
			fail "$name" "exit $status, ${secs}s"
			sed 's/^/        /' "$TMP/$dir.out" | tail -n 60
			;;
		esac
	done
}

run_kernel() {
	header "kernel tests (tests/kernel)"
	if [ "$(id -u)" != 0 ]; then
		skip kernel "the kernel tests need root"
		return
	fi
	run_scripts kernel
}

# ---- profile tests ----------------------------------------------------

# Stacks, symbols, sonde profile/offcputime and flame graphs: written like
# the kernel tests (0 pass, 77 skip, else fail), root for the traced ones.
run_profile() {
	header "profile tests (tests/profile)"
	run_scripts profile
}

# The tools layer: each built-in tool sees its workload and stops on SIGINT.
run_tools() {
	header "tool tests (tests/tools)"
	if [ "$(id -u)" != 0 ]; then
		skip tools "the tool tests need root"
		return
	fi
	run_scripts tools
}

# The export layer: sonde serve against the real Prometheus components,
# installed first by scripts/setup-export.sh.
run_export() {
	header "export tests (tests/export)"
	if [ "$(id -u)" != 0 ]; then
		skip export "export tests need root"
		return
	fi
	sh scripts/setup-export.sh || echo "  warning: scripts/setup-export.sh failed"
	# servers start and scrape on 1 s intervals: more time than a kernel test
	saved_timeout=$KERNEL_TIMEOUT
	KERNEL_TIMEOUT=${EXPORT_TIMEOUT:-150}
	run_scripts export
	KERNEL_TIMEOUT=$saved_timeout
}

# The record layer: recordings checked through the viewers' own readers
# (protoc, babeltrace2, DevTools' trace engine, Chromium).
run_record() {
	header "record tests (tests/record)"
	if [ "$(id -u)" != 0 ]; then
		skip record "record tests need root"
		return
	fi
	# conversions of whole recordings and browser runs: more than a kernel test
	saved_timeout=$KERNEL_TIMEOUT
	KERNEL_TIMEOUT=${RECORD_TIMEOUT:-180}
	run_scripts record
	KERNEL_TIMEOUT=$saved_timeout
}

# The strace layer: sonde strace against Debian's strace on the same workloads.
run_strace() {
	header "strace tests (tests/strace)"
	if [ "$(id -u)" != 0 ]; then
		echo "  (skipped: strace tests need root)"
		return
	fi
	run_scripts strace
}

# The VM layer: kprobe/fentry tests inside Debian's stock kernel under
# QEMU; each of its tests counts in the totals.
run_vm() {
	header "VM tests (tests/vm, stock kernel under QEMU)"
	if [ "$(id -u)" != 0 ]; then
		skip vm "the VM tests need root to install QEMU"
		return
	fi
	sh tests/vm/run.sh "$ROOT/sonde" "$ROOT/build/tests/workload" >"$TMP/vm.out" 2>&1
	sed 's/^/  /' "$TMP/vm.out" | grep -v '^  vm: [0-9]* passed'
	summary=$(grep -E '^vm: [0-9]+ passed, [0-9]+ failed$' "$TMP/vm.out" | tail -1)
	if [ -z "$summary" ]; then
		fail "vm" "no result from the VM"
		tail -n 40 "$TMP/vm.out" | sed 's/^/        /'
		return
	fi
	p=$(echo "$summary" | sed -E 's/^vm: ([0-9]+) passed.*/\1/')
	f=$(echo "$summary" | sed -E 's/.* ([0-9]+) failed$/\1/')
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures="$failures vm"
	echo "  $summary"
}

layers=${*:-layers unit lang dtrace malformed fuzz kernel tools profile export record strace vm}
setup_mounts
build_workload
if ! [ -x "$SONDE" ] && ! command -v "$SONDE" >/dev/null 2>&1; then
	echo "warning: $SONDE is missing: its tests will fail" >&2
fi
for arg in $layers; do
	layer=${arg%%/*}
	ONLY=
	case $arg in */*) ONLY=${arg#*/} ;; esac
	case $layer in
	layers) run_layers ;;
	unit) run_unit ;;
	lang) run_lang ;;
	dtrace) run_dtrace ;;
	malformed) run_malformed ;;
	fuzz) run_fuzz ;;
	kernel) run_kernel ;;
	strace) run_strace ;;
	tools) run_tools ;;
	profile) run_profile ;;
	export) run_export ;;
	record) run_record ;;
	vm) run_vm ;;
	*) echo "unknown layer: $layer (layers, unit, lang, dtrace, malformed, fuzz, kernel, tools, profile, export, record, strace, vm)" >&2; exit 2 ;;
	esac
done

echo
[ -n "$failures" ] && echo "failed:$failures"
[ $skipped -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ $failed = 0 ]

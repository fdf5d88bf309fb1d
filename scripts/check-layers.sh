#!/bin/sh
# The include graph of src/ must follow the pipeline: a module includes
# only modules below it.  Prints every back edge and exits 1 when any.
#
#   sh scripts/check-layers.sh [SRC_DIR]
#
# The order (a module may include those of a lower rank; the same rank
# means no include either way):
#
#   util -> arch, btf -> lang -> sym -> probes -> bpf -> compile
#        -> runtime -> tools -> profile -> main
#
# A module is a directory of src/ (src/lang/...), or a file at its top
# (compile.c, main.c, util.c).  Update docs/ARCHITECTURE.md with the order.
cd "${1:-$(dirname "$0")/../src}" || exit 2

rank() {
	case $1 in
	util) echo 0 ;;
	arch|btf) echo 1 ;;
	lang) echo 2 ;;
	sym) echo 3 ;;
	probes) echo 4 ;;
	bpf) echo 5 ;;
	compile) echo 6 ;;
	runtime) echo 7 ;;
	tools) echo 8 ;;
	profile) echo 9 ;;
	main) echo 10 ;;
	*) echo unknown ;;
	esac
}

# module PATH: the module of a path relative to src/
module() {
	case $1 in
	*/*) echo "${1%%/*}" ;;
	*) m=${1%.*}; echo "$m" ;;
	esac
}

bad=0
for f in $(find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	from=$(module "$f")
	rf=$(rank "$from")
	if [ "$rf" = unknown ]; then
		echo "check-layers: $f: module '$from' has no place in the order (scripts/check-layers.sh)"
		bad=1
		continue
	fi
	dir=$(dirname "$f")
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		# resolve as the compiler does: beside the file first, then -Isrc
		if [ -f "$dir/$inc" ]; then
			t=$(realpath -m --relative-to=. "$dir/$inc")
		else
			t=$inc
		fi
		to=$(module "$t")
		[ "$to" = "$from" ] && continue
		rt=$(rank "$to")
		if [ "$rt" = unknown ] || [ "$rt" -ge "$rf" ]; then
			echo "check-layers: $f includes $inc: $from may not depend on $to"
			bad=1
		fi
	done
done
[ $bad = 0 ] && echo "check-layers: the include graph follows the pipeline"
exit $bad

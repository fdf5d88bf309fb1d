#!/bin/sh
# C++ functions are matched by their demangled names ("calc::compute",
# "calc::compute(int)") as well as their mangled symbols.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v g++ >/dev/null 2>&1 || skip "no g++"
g++ -O1 -o "$T/cpp" "$(dirname "$0")/../cpp_workload.cc" || skip "g++ failed"

sonde_run -e "uprobe:$T/cpp:\"calc::compute(int)\" { @a = count(); @s = sum(arg0); }
uprobe:$T/cpp:calc::compute { @b = count(); }" -c "$T/cpp"
expect_status 0
expect_eq "@a" "$(map_value @a)" 10
expect_eq "@b" "$(map_value @b)" 10
expect_eq "@s" "$(map_value @s)" 45
finish

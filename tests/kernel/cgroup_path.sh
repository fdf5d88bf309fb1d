#!/bin/sh
# cgroup_path(id[, filter]): the cgroup's directory in each hierarchy at
# /sys/fs/cgroup as "NAME:PATH" joined by commas, the cgroup2 one named
# "unified" and first; a filter (a wildcard) keeps the hierarchies whose
# name matches; an id no hierarchy has prints nothing.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
grep -q '^cgroup2 ' /proc/mounts || skip "no cgroup2 mount"

if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
	unified=/sys/fs/cgroup
else
	unified=$(awk '$3 == "cgroup2" && $2 ~ "^/sys/fs/cgroup/" { print $2; exit }' /proc/mounts)
fi
[ -n "$unified" ] || skip "cgroup2 is not mounted under /sys/fs/cgroup"
cg=$unified/sonde-test-cgpath-$$
mkdir "$cg/" 2>/dev/null || skip "cannot make a cgroup in $unified"
trap 'rmdir "$cg" 2>/dev/null; lib_cleanup' EXIT
id=$(stat -c %i "$cg")

sonde_run -e "BEGIN { printf(\"[%s] [%s] [%s]\\n\", cgroup_path($id, \"unif*\"),
	cgroup_path($id, \"nomatch*\"), cgroup_path(0x7ffffffffff0)); exit(); }"
expect_status 0
expect_eq "filtered" "$(output | grep -v '^$')" "[unified:/sonde-test-cgpath-$$] [] []"

# every hierarchy, unified first: the root cgroup is "/" in each
sonde_run -e 'BEGIN { print(cgroup_path(cgroup)); exit(); }'
expect_status 0
expect_match "unfiltered" "$(output | grep -v '^$')" '^unified:/'

sonde_run -f json -e "BEGIN { print(cgroup_path($id, \"unified\")); exit(); }"
expect_status 0
expect_match "json" "$(output)" "\"data\": \"unified:/sonde-test-cgpath-$$\""
finish

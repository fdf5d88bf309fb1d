#!/bin/sh
# Peak RSS and time of building DWARF args over a wide uprobe glob:
# `uprobe:libc:_IO* { $c = ctx; }` reads every function's parameters from
# libc's debug file (Debian's libc6-dbg), compiled with --dump (nothing
# loads, no root needed), and the same for one function.
#
#   sh bench/dwarf_args.sh        (SONDE, LIBC override the binaries)
SONDE=${SONDE:-./sonde}
LIBC=${LIBC:-/lib/x86_64-linux-gnu/libc.so.6}
id=$(readelf -n "$LIBC" 2>/dev/null | awk '/Build ID:/ { print $3 }')
dbg=/usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug
[ -f "$dbg" ] || { echo "bench: no debug file for $LIBC (apt install libc6-dbg)" >&2; exit 1; }
for glob in '_IO*' _IO_puts; do
	n=$("$SONDE" -l "uprobe:$LIBC:$glob" | wc -l)
	/usr/bin/time -f "%M %e" -o /tmp/sonde-bench-dwarf.$$ \
		"$SONDE" --dump -e "uprobe:$LIBC:$glob { \$c = ctx; @ = count(); }" >/dev/null
	read -r kib s </tmp/sonde-bench-dwarf.$$
	printf '%-10s %4d functions: peak RSS %6d KiB, %s s\n' "$glob" "$n" "$kib" "$s"
done
rm -f /tmp/sonde-bench-dwarf.$$

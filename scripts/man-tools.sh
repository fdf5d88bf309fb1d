#!/bin/sh
# Write sonde-tools(7) from the headers of tools/*.bt: each tool's name,
# description and usage line.  Run by `make man`; the page lives in build/.
#   sh scripts/man-tools.sh OUT [TOOLS_DIR]
set -e
out=$1
dir=${2:-tools}
tmp=$out.tmp
# roff: backslashes doubled, a leading dot or quote escaped
esc() {
	sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/' -e 's/-/\\-/g'
}
{
	echo '.TH SONDE-TOOLS 7 2026-12-07 "sonde 0.1.0" "sonde"'
	echo '.SH NAME'
	echo 'sonde\-tools \- the tools built into sonde'
	echo '.SH DESCRIPTION'
	echo 'Each tool is a sonde script embedded in the binary:'
	echo '.B sonde'
	echo '.I TOOL'
	echo 'runs it,'
	echo '.B sonde'
	echo '.I TOOL'
	echo '.B \-\-help'
	echo 'describes it and'
	echo '.B sonde \-\-tool\-source'
	echo '.I TOOL'
	echo 'prints its script.'
	echo 'Under'
	echo '.BR "sonde serve" ,'
	echo 'a tool exports the maps its METRICS line names.'
	echo '.SH TOOLS'
	for f in "$dir"/*.bt; do
		name=${f##*/}
		name=${name%.bt}
		[ "$name" = default ] && continue
		desc=$(head -n 1 "$f" | sed 's|^// [^ ]* - ||')
		usage=$(sed -n 's|^// USAGE: *||p' "$f" | head -n 1)
		metrics=$(sed -n 's|^// METRICS: *||p' "$f" | head -n 1)
		echo '.TP'
		printf '.B %s\n' "$name"
		printf '%s\n' "$desc" | esc
		if [ -n "$usage" ]; then
			echo '.br'
			printf '%s\n' "$usage" | esc
		fi
		if [ -n "$metrics" ]; then
			echo '.br'
			printf 'Exported by sonde serve: %s\n' "$metrics" | esc
		fi
	done
	echo '.SH SEE ALSO'
	echo '.BR sonde (1)'
} >"$tmp"
mv "$tmp" "$out"

#!/bin/sh
# Symbolization of 1 million user frames (libc and the workload, through
# the per-binary cache): run by the unit-level bench binary.
#
#   sh bench/profile_symbolize.sh      (builds build/bench/symbolize first)
set -e
mkdir -p build/bench
make -s sonde
OBJS=$(make -s print-libobjs)
${CC:-gcc} -std=gnu11 -O2 -D_GNU_SOURCE -Isrc -o build/bench/symbolize bench/symbolize.c \
	$OBJS -lbpf -lelf -lz -lpthread -ldl
/usr/bin/time -f "peak RSS %M KiB" build/bench/symbolize 1000000

#!/bin/sh
# valgrind --leak-check=full reports no leak and no memory error for a run
# of a typical script (tracepoint, maps, printf, hist, END), -c child.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
need_workload
need_tracepoint syscalls:sys_enter_getppid
command -v valgrind >/dev/null 2>&1 || skip "valgrind not installed"

# valgrind's model of bpf(2) checks every field of the attribute union
# and flags the ones libbpf leaves out for a command (and the NULL key of
# a first BPF_MAP_GET_NEXT_KEY): false reports from inside libbpf.
cat >"$T/bpf.supp" <<'SUPP'
{
   libbpf-bpf-attr-expected-attach-type
   Memcheck:Param
   bpf(attr->expected_attach_type)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-prog-ifindex
   Memcheck:Param
   bpf(attr->prog_ifindex)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-flags
   Memcheck:Param
   bpf(attr->flags)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-key
   Memcheck:Param
   bpf(attr->key)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-value
   Memcheck:Param
   bpf(attr->value)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-next-key
   Memcheck:Param
   bpf(attr->next_key)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-map-extra
   Memcheck:Param
   bpf(attr->map_extra)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-map-ifindex
   Memcheck:Param
   bpf(attr->map_ifindex)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-btf-fd
   Memcheck:Param
   bpf(attr->btf_fd)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-inner-map-fd
   Memcheck:Param
   bpf(attr->inner_map_fd)
   fun:syscall
   obj:*libbpf.so*
}
{
   libbpf-bpf-attr-numa-node
   Memcheck:Param
   bpf(attr->numa_node)
   fun:syscall
   obj:*libbpf.so*
}
SUPP
RUN_TIMEOUT=120
real_sonde=$SONDE
SONDE=valgrind
sonde_run --leak-check=full --show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
	--suppressions="$T/bpf.supp" --child-silent-after-fork=yes \
	--log-file="$T/valgrind.log" "$real_sonde" -e '
BEGIN { printf("start\n"); }
tracepoint:syscalls:sys_enter_getppid /pid == cpid/ {
	@calls[comm] = count();
	@h = hist(tid % 64);
	@s = sum(2);
	printf("%s %d\n", comm, pid > 0);
}
END { printf("end\n"); }' -c "$WORKLOAD getppid 20"
SONDE=$real_sonde
expect_status 0
expect_eq "@calls[workload]" "$(map_value '@calls[workload]')" 20
expect_eq "@s" "$(map_value @s)" 40
summary=$(grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|All heap blocks' \
	"$T/valgrind.log")
log "valgrind: $(echo "$summary" | tr '\n' ';')"
expect_match "valgrind errors" "$summary" 'ERROR SUMMARY: 0 errors'
if echo "$summary" | grep -q -E '(definitely|indirectly|possibly) lost: [1-9]'; then
	fail "valgrind reports leaks:"
	sed -n '/blocks are definitely lost/,/^==[0-9]*== $/p' "$T/valgrind.log" | head -n 40
fi
finish

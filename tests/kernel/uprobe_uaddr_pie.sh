#!/bin/sh
# uaddr("sym") in a position-independent executable and in a shared
# library: the symbol's address where the process loaded the file (its
# lowest mapping, found among the task's VMAs at run time), so *uaddr reads
# the variable; __builtin_uaddr is the address in the ELF file, unrelocated.
# Each binary is compiled here; the kernel needs the task_vma iterator
# kfuncs (Linux 6.7+).
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"
grep -q bpf_iter_task_vma_new /proc/kallsyms 2>/dev/null || skip "no task_vma iterator kfuncs (Linux 6.7+)"

cat >"$T/lib.c" <<'SRC'
int lib_value = 0x13572468;
short lib_short = 0x2222;
__attribute__((noinline)) int lib_touch(int x) { return x + lib_value; }
SRC
cat >"$T/pie.c" <<'SRC'
int lib_touch(int x);
int pie_value = 0x55555555;
unsigned char pie_byte = 0x7f;
__attribute__((noinline)) int pie_touch(int x) { return x + pie_value; }
int main(void) { return pie_touch(1) + lib_touch(2) == 0; }
SRC
gcc -O0 -shared -fPIC -o "$T/libuaddr.so" "$T/lib.c" || skip "cannot compile the library"
gcc -O0 -fPIE -pie -o "$T/pie" "$T/pie.c" -L"$T" -luaddr -Wl,-rpath,"$T" ||
	skip "cannot compile the PIE"

sonde_run -e "uprobe:$T/pie:pie_touch { printf(\"0x%x 0x%x\n\", *uaddr(\"pie_value\"), *uaddr(\"pie_byte\")); exit(); }" -c "$T/pie"
expect_status 0
expect_eq "PIE" "$(output | grep 0x)" "0x55555555 0x7f"

sonde_run -e "uprobe:$T/libuaddr.so:lib_touch { printf(\"0x%x 0x%x\n\", *uaddr(\"lib_value\"), *uaddr(\"lib_short\")); exit(); }" -c "$T/pie"
expect_status 0
expect_eq "shared library" "$(output | grep 0x)" "0x13572468 0x2222"

# the ELF file's address: below the load address, so it differs
sonde_run -e "uprobe:$T/pie:pie_touch { printf(\"%d\n\", (uint64)uaddr(\"pie_value\") - (uint64)__builtin_uaddr(\"pie_value\") > 0); exit(); }" -c "$T/pie"
expect_status 0
expect_eq "__builtin_uaddr" "$(output | grep -v '^$')" "1"
finish

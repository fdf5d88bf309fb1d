#!/bin/sh
# uaddr() keeps each process's load base of a binary (an LRU hash by tgid
# and inode) and checks it on every later event: the address stays right
# when the library is unloaded and loaded again elsewhere (dlclose, then
# dlopen with its old range taken) and when the process execs itself (the
# same pid, a new image with new addresses, as a reused pid would be).
# The process writes where lib_value is (dlsym) before each pair of calls;
# each of sonde's lines must be that address.
. "${TESTS_LIB:-$(dirname "$0")/../lib.sh}"
need_root
command -v gcc >/dev/null || skip "needs gcc"
grep -q bpf_iter_task_vma_new /proc/kallsyms 2>/dev/null || skip "no task_vma iterator kfuncs (Linux 6.7+)"

cat >"$T/lib.c" <<'SRC'
int lib_value = 0x2468;
__attribute__((noinline)) int lib_touch(int x) { return x + lib_value; }
SRC
cat >"$T/prog.c" <<'SRC'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* prog LIB OUT [PHASE]: two rounds of dlopen, two calls, dlclose; then exec once */
int main(int argc, char **argv)
{
	int phase = argc > 3 ? atoi(argv[3]) : 0;
	FILE *out = fopen(argv[2], "a");

	for (int round = 0; round < 2; round++) {
		void *h = dlopen(argv[1], RTLD_NOW);
		int (*touch)(int) = h ? (int (*)(int))dlsym(h, "lib_touch") : NULL;
		int *v = h ? dlsym(h, "lib_value") : NULL;
		Dl_info info;

		if (!touch || !v || !out || !dladdr(v, &info))
			return 2;
		fprintf(out, "%d 0x%lx\n", getpid(), (unsigned long)v);
		fflush(out);
		touch(1);
		touch(2);
		dlclose(h);
		/* the old range taken: the next dlopen maps the library elsewhere */
		mmap(info.dli_fbase, 4096, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	}
	fclose(out);
	if (phase == 0)
		execl("/proc/self/exe", argv[0], argv[1], argv[2], "1", (char *)NULL);
	return 0;
}
SRC
gcc -O1 -shared -fPIC -o "$T/libcache.so" "$T/lib.c" || skip "cannot compile the library"
gcc -O1 -fPIE -pie -o "$T/prog" "$T/prog.c" -ldl || skip "cannot compile the program"

sonde_run -e "uprobe:$T/libcache.so:lib_touch { printf(\"%d 0x%lx\n\", pid, (uint64)uaddr(\"lib_value\")); }" \
	-c "$T/prog $T/libcache.so $T/where"
expect_status 0
[ "$(wc -l <"$T/where")" = 4 ] || fail "the program wrote $(wc -l <"$T/where") lines, not 4"
expect_eq "four load addresses" "$(sort -u "$T/where" | wc -l)" 4
sed 'p' "$T/where" >"$T/want"
grep 0x "$T/stdout" >"$T/got"
if cmp -s "$T/want" "$T/got"; then
	log "ok: every event has its round's address"
else
	fail "addresses differ (want, got):"
	paste "$T/want" "$T/got" | sed 's/^/    /'
fi
finish

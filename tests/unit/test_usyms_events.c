// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping events: perf records parsed from hand-made bytes, mapping lists
 * cut by new mappings, the process table following mmap/exec/fork/exit,
 * and (when perf events may be opened) the kernel's records of a child
 * that runs /bin/true.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sym/mmapwatch.h"
#include "sym/procmaps.h"
#include "sym/proctab.h"
#include "sym/usyms.h"
#include "test.h"

/* Pids above the kernel's limit (4194304): never read from /proc. */
#define PID_A 9000001
#define PID_B 9000002
#define PID_C 9000003

/* A record being built: header, body, then the time trailer. */
struct rec {
	unsigned char b[512];
	size_t n;
};

static void put(struct rec *r, const void *p, size_t n)
{
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

static void put32(struct rec *r, uint32_t v)
{
	put(r, &v, 4);
}

static void put64(struct rec *r, uint64_t v)
{
	put(r, &v, 8);
}

/* A string, NUL-terminated and padded to 8 bytes as the kernel does. */
static void put_str(struct rec *r, const char *s)
{
	size_t n = strlen(s) + 1, padded = (n + 7) / 8 * 8;

	memset(r->b + r->n, 0, padded);
	put(r, s, n);
	r->n += padded - n;
}

static void rec_begin(struct rec *r, uint32_t type, uint16_t misc)
{
	struct perf_event_header h = { .type = type, .misc = misc };

	memset(r, 0, sizeof(*r));
	put(r, &h, sizeof(h));
}

static size_t rec_end(struct rec *r, uint64_t time)
{
	struct perf_event_header h;

	put64(r, time);
	memcpy(&h, r->b, sizeof(h));
	h.size = r->n;
	memcpy(r->b, &h, sizeof(h));
	return r->n;
}

static size_t mmap2_rec(struct rec *r, bool with_id, const char *path, uint32_t prot)
{
	rec_begin(r, PERF_RECORD_MMAP2, with_id ? PERF_RECORD_MISC_MMAP_BUILD_ID : 0);
	put32(r, 1234);
	put32(r, 1235);
	put64(r, 0x7f0000001000);
	put64(r, 0x3000);
	put64(r, 0x2000);
	if (with_id) {
		unsigned char id[24] = { 20, 0, 0, 0 };

		for (int i = 0; i < 20; i++)
			id[4 + i] = 0xa0 + i;
		put(r, id, sizeof(id));
	} else {
		put32(r, 8);		/* maj */
		put32(r, 1);		/* min */
		put64(r, 42);		/* ino */
		put64(r, 0);		/* ino_generation */
	}
	put32(r, prot);
	put32(r, MAP_PRIVATE);
	put_str(r, path);
	return rec_end(r, 5000);
}

static void test_parse_mmap2(void)
{
	struct mmap_event ev;
	struct rec r;
	size_t n = mmap2_rec(&r, false, "/usr/lib/libc.so.6", PROT_READ | PROT_EXEC);

	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 1);
	CHECK_INT(ev.kind, MEV_MMAP);
	CHECK_INT(ev.pid, 1234);
	CHECK_INT(ev.tid, 1235);
	CHECK(ev.start == 0x7f0000001000);
	CHECK_INT(ev.len, 0x3000);
	CHECK_INT(ev.pgoff, 0x2000);
	CHECK_INT(ev.prot, PROT_READ | PROT_EXEC);
	CHECK_INT(ev.build_id_size, 0);
	CHECK_INT(ev.time, 5000);
	CHECK_STR(ev.path, "/usr/lib/libc.so.6");

	n = mmap2_rec(&r, true, "/bin/x", PROT_EXEC);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 1);
	CHECK_INT(ev.build_id_size, 20);
	CHECK_INT(ev.build_id[0], 0xa0);
	CHECK_INT(ev.build_id[19], 0xa0 + 19);
	CHECK_STR(ev.path, "/bin/x");

	/* Malformed: a size that is not the record's, a name without its end. */
	CHECK_INT(mmapwatch_parse(r.b, n - 8, &ev), -EINVAL);
	memset(r.b + 8 + 64, 'x', n - 8 - 64 - 8);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), -EINVAL);
	CHECK_INT(mmapwatch_parse(r.b, 4, &ev), -EINVAL);
	/* Too short for an mmap2 body. */
	rec_begin(&r, PERF_RECORD_MMAP2, 0);
	put64(&r, 0);
	n = rec_end(&r, 1);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), -EINVAL);
}

static void test_parse_task(void)
{
	struct mmap_event ev;
	struct rec r;
	size_t n;

	rec_begin(&r, PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC);
	put32(&r, 77);
	put32(&r, 77);
	put_str(&r, "true");
	n = rec_end(&r, 10);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 1);
	CHECK_INT(ev.kind, MEV_EXEC);
	CHECK_INT(ev.pid, 77);
	CHECK_INT(ev.time, 10);

	/* A prctl(PR_SET_NAME) is no exec. */
	rec_begin(&r, PERF_RECORD_COMM, 0);
	put32(&r, 77);
	put32(&r, 78);
	put_str(&r, "worker");
	n = rec_end(&r, 11);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 0);

	rec_begin(&r, PERF_RECORD_FORK, 0);
	put32(&r, 80);		/* pid */
	put32(&r, 77);		/* ppid */
	put32(&r, 80);		/* tid */
	put32(&r, 77);		/* ptid */
	put64(&r, 12);
	n = rec_end(&r, 12);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 1);
	CHECK_INT(ev.kind, MEV_FORK);
	CHECK_INT(ev.pid, 80);
	CHECK_INT(ev.ppid, 77);
	CHECK_INT(ev.tid, 80);

	rec_begin(&r, PERF_RECORD_EXIT, 0);
	put32(&r, 80);
	put32(&r, 77);
	put32(&r, 81);
	put32(&r, 77);
	put64(&r, 13);
	n = rec_end(&r, 13);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 1);
	CHECK_INT(ev.kind, MEV_EXIT);
	CHECK_INT(ev.tid, 81);

	rec_begin(&r, PERF_RECORD_LOST, 0);
	put64(&r, 1);
	put64(&r, 17);
	n = rec_end(&r, 14);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 1);
	CHECK_INT(ev.kind, MEV_LOST);
	CHECK_INT(ev.lost, 17);

	rec_begin(&r, PERF_RECORD_THROTTLE, 0);
	put64(&r, 0);
	put64(&r, 0);
	put64(&r, 0);
	n = rec_end(&r, 15);
	CHECK_INT(mmapwatch_parse(r.b, n, &ev), 0);
}

static struct procmap map(uint64_t start, uint64_t end, uint64_t off, const char *path)
{
	return (struct procmap){ start, end, off, true, path ? strdup(path) : NULL };
}

static void test_insert(void)
{
	procmaplist maps = { 0 };
	struct procmap m;

	m = map(0x1000, 0x5000, 0, "/a");
	procmaps_insert(&maps, &m);
	/* Into the middle of /a: /a splits around it. */
	m = map(0x2000, 0x3000, 0x10000, "/b");
	procmaps_insert(&maps, &m);
	CHECK_INT(maps.n, 3);
	CHECK(maps.v[0].start == 0x1000 && maps.v[0].end == 0x2000 && maps.v[0].offset == 0);
	CHECK(maps.v[1].start == 0x3000 && maps.v[1].end == 0x5000 && maps.v[1].offset == 0x2000);
	CHECK_STR(maps.v[1].path, "/a");
	CHECK(maps.v[2].start == 0x2000 && maps.v[2].offset == 0x10000);
	CHECK_STR(maps.v[2].path, "/b");
	/* Over everything: one mapping left. */
	m = map(0x0, 0x8000, 0, "/c");
	procmaps_insert(&maps, &m);
	CHECK_INT(maps.n, 1);
	CHECK_STR(maps.v[0].path, "/c");
	/* Over the start of /c: /c keeps its tail with the offset moved. */
	m = map(0x0, 0x1000, 0, NULL);
	procmaps_insert(&maps, &m);
	CHECK_INT(maps.n, 2);
	CHECK(maps.v[0].start == 0x1000 && maps.v[0].offset == 0x1000);
	procmaps_free(&maps);
}

static struct mmap_event ev_mmap(int pid, uint64_t time, uint64_t start, const char *path)
{
	return (struct mmap_event){ .kind = MEV_MMAP, .time = time, .pid = pid, .tid = pid,
				    .start = start, .len = 0x1000, .pgoff = 0x1000,
				    .prot = PROT_READ | PROT_EXEC, .path = path };
}

static struct mmap_event ev_task(enum mmap_event_kind kind, int pid, int ppid, int tid,
				 uint64_t time)
{
	return (struct mmap_event){ .kind = kind, .time = time, .pid = pid, .ppid = ppid,
				    .tid = tid };
}

static void apply(struct proctab *t, struct mmap_event ev)
{
	proctab_apply(t, &ev);
}

static void test_proctab(void)
{
	struct proctab *t = proctab_new(2);
	struct uproc *p;

	apply(t, ev_mmap(PID_A, 100, 0x10000, "/bin/sh"));
	apply(t, ev_mmap(PID_A, 101, 0x20000, "//anon"));
	p = proctab_find(t, PID_A);
	CHECK(p != NULL);
	CHECK_INT(p ? p->maps.n : 0, 2);
	CHECK(p && p->maps.v[1].path == NULL);	/* anonymous code */

	/* fork copies, exec empties, the new program's mappings come after. */
	apply(t, ev_task(MEV_FORK, PID_B, PID_A, PID_B, 110));
	apply(t, ev_task(MEV_FORK, PID_B, PID_B, PID_B + 7, 111));	/* a thread */
	p = proctab_find(t, PID_B);
	CHECK_INT(p ? p->maps.n : 0, 2);
	apply(t, ev_task(MEV_EXEC, PID_B, 0, PID_B, 120));
	p = proctab_find(t, PID_B);
	CHECK_INT(p ? p->maps.n : -1, 0);
	apply(t, ev_mmap(PID_B, 121, 0x30000, "/bin/true"));
	CHECK_INT(p->maps.n, 1);
	CHECK_STR(p->maps.v[0].path, "/bin/true");
	CHECK_INT(proctab_find(t, PID_A)->maps.n, 2);

	/* Exit keeps the list; a thread's exit does not count. */
	apply(t, ev_task(MEV_EXIT, PID_B, PID_A, PID_B + 7, 129));
	CHECK(!proctab_find(t, PID_B)->exited);
	apply(t, ev_task(MEV_EXIT, PID_B, PID_A, PID_B, 130));
	p = proctab_find(t, PID_B);
	CHECK(p && p->exited && p->maps.n == 1);
	CHECK_INT(proctab_exited(t), 1);

	/* Events older than what /proc said are stale. */
	{
		procmaplist maps = { 0 };

		vec_push(&maps, map(0x40000, 0x41000, 0, "/bin/cat"));
		proctab_set(t, PID_C, &maps, 200);
	}
	apply(t, ev_task(MEV_EXEC, PID_C, 0, PID_C, 150));
	apply(t, ev_mmap(PID_C, 150, 0x40000, "/bin/old"));
	p = proctab_find(t, PID_C);
	CHECK_INT(p->maps.n, 1);
	CHECK_STR(p->maps.v[0].path, "/bin/cat");

	/* The oldest exited process is forgotten first beyond the limit (2). */
	apply(t, ev_task(MEV_EXIT, PID_C, 1, PID_C, 210));
	apply(t, ev_task(MEV_EXIT, PID_A, 1, PID_A, 220));
	CHECK_INT(proctab_exited(t), 2);
	CHECK(proctab_find(t, PID_B) == NULL);
	CHECK(proctab_find(t, PID_C) != NULL);
	CHECK(proctab_find(t, PID_A) != NULL);

	/* The pid comes back in a new process: it is alive again, with new maps. */
	apply(t, ev_task(MEV_FORK, PID_C, PID_A, PID_C, 300));
	p = proctab_find(t, PID_C);
	CHECK(p && !p->exited);
	CHECK_STR(p->maps.v[0].path, "/bin/sh");
	CHECK_INT(proctab_exited(t), 1);
	proctab_free(t);
}

/* Many processes: the table grows and finds them all. */
static void test_proctab_many(void)
{
	struct proctab *t = proctab_new(100000);
	int found = 0;

	for (int i = 0; i < 20000; i++)
		apply(t, ev_mmap(PID_A + i, 100 + i, 0x1000, "/bin/sh"));
	for (int i = 0; i < 20000; i++)
		found += proctab_find(t, PID_A + i) != NULL;
	CHECK_INT(found, 20000);
	proctab_free(t);
}

struct seen {
	int pid;
	int mmaps, execs, exits, forks;
	bool true_mapped;
	uint64_t last_time;
	bool ordered;
};

static void collect(void *ctx, const struct mmap_event *ev)
{
	struct seen *s = ctx;

	if (ev->time < s->last_time)
		s->ordered = false;
	s->last_time = ev->time;
	if (ev->pid != s->pid)
		return;
	s->mmaps += ev->kind == MEV_MMAP;
	s->execs += ev->kind == MEV_EXEC;
	s->exits += ev->kind == MEV_EXIT && ev->tid == ev->pid;
	s->forks += ev->kind == MEV_FORK && ev->ppid != ev->pid;
	if (ev->kind == MEV_MMAP && ev->path && strstr(ev->path, "true"))
		s->true_mapped = true;
}

/* The kernel's records of a child that execs /bin/true and exits; false without perf events. */
static bool test_live(void)
{
	struct seen s = { .ordered = true };
	struct mmapwatch *w;
	int err, status;
	pid_t pid;

	w = mmapwatch_open(&err);
	if (!w) {
		printf("test_usyms_events: no perf events here (%s): live part not run\n",
		       strerror(-err));
		return false;
	}
	pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	s.pid = pid;
	mmapwatch_drain(w, true, collect, &s);
	CHECK_INT(s.forks, 1);
	CHECK_INT(s.execs, 1);
	CHECK_INT(s.exits, 1);
	CHECK(s.mmaps >= 2);	/* the program and ld.so at least */
	CHECK(s.true_mapped);
	CHECK(s.ordered);
	mmapwatch_close(w);
	return true;
}

/* What the child run by test_exited prints: where this function is. */
__attribute__((noinline)) void usyms_events_child_marker(void)
{
	__asm__ volatile("" ::: "memory");
}

/*
 * A child execs this program anew (its addresses move with ASLR), writes
 * where usyms_events_child_marker is and exits; after it is gone the
 * address still resolves, through the events the watcher followed.
 */
static void test_exited(void)
{
	struct usyms *u = usyms_get();
	struct usym_info info;
	unsigned long long addr = 0;
	int fds[2], status;
	char buf[64] = "", self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;

	unsetenv("SONDE_SYM_POLL");
	if (n <= 0 || pipe(fds))
		return;
	self[n] = '\0';
	usyms_watch_start(u, 100);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		execl(self, "test_usyms_events", "--child", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	(void)!read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	waitpid(pid, &status, 0);
	sscanf(buf, "%llx", &addr);
	CHECK(addr != 0);
	CHECK(usyms_resolve(u, pid, addr, &info));
	CHECK_STR(info.name, "usyms_events_child_marker");
	CHECK_INT(info.offset, 0);
	usyms_watch_stop(u);
	CHECK(usyms_resolve(u, pid, addr, &info));
	CHECK(info.path && strstr(info.path, "test_usyms_events"));
	usyms_reset();
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--child") == 0) {
		usyms_events_child_marker();
		printf("%llx\n", (unsigned long long)(uintptr_t)usyms_events_child_marker);
		return 0;
	}
	test_parse_mmap2();
	test_parse_task();
	test_insert();
	test_proctab();
	test_proctab_many();
	if (test_live())
		test_exited();
	return test_done("test_usyms_events");
}

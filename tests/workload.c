// SPDX-License-Identifier: GPL-2.0
/*
 * workload: a deterministic load for the kernel tests.  Each subcommand
 * makes exactly the system calls it names, so a test can assert exact
 * counts (for example 1000 getppid calls traced from a `-c` child).
 *
 *   workload getppid N        N getppid()
 *   workload open PATH N      N x (openat(AT_FDCWD, PATH, O_RDONLY) + close on success)
 *   workload write N SIZE     openat /dev/null, N write(SIZE), close
 *   workload read N SIZE      openat /dev/zero, N read(SIZE), close
 *   workload spin MS          busy loop for MS ms in the function spin()
 *   workload spin-cpu MS      the same loop until it has had MS ms of CPU time
 *                             (a sample count that a loaded host cannot lower)
 *   workload sleep N MS       N nanosleep(MS ms)
 *   workload exec N           N x (fork, execve /bin/true, wait)
 *   workload fork N           N x (fork, child _exit(0), wait)
 *   workload kill SIG         ignore SIG, then kill(getpid(), SIG) once
 *   workload call N           N calls of target(i, i * 2, "sonde"), a uprobe target
 *   workload wait             block until stdin reaches end of file
 *   workload wait-call N      block until stdin reaches end of file, then call N
 *                             (a process already running when a tracer attaches)
 *   workload add N            N calls of add_one(i), which returns i + 1
 *   workload unix N           a socketpair: N one-byte writes, each read back
 *   workload depths N         for d in 1..N: target() called d frames below descend()
 *   workload inlined N        N calls of target() from inline_step(), a function
 *                             always inlined into via_inline() (ustack's [inlined] frames)
 *   workload run-flat FILE    map FILE (raw machine code, no ELF) executable at
 *                             0x10000000 (elsewhere if taken) and call its first byte
 *                             as int f(void); exit with what it returns
 *                             (N distinct user stacks)
 *
 * Build: gcc -O1 -g -fno-omit-frame-pointer -o build/tests/workload tests/workload.c
 * (tests/run.sh builds it when missing; frame pointers let user stack
 * walks through spin() work).
 *
 * Nothing on the measured path uses stdio or allocates after the buffer
 * set-up, so the only other system calls are the process's own start and
 * end.  For a dynamically linked glibc program those are (glibc 2.36,
 * checked with strace -c): execve, brk, arch_prctl, access of
 * /etc/ld.so.preload, openat + newfstatat + mmap + close of ld.so.cache
 * and libc.so.6 (plus one read and two pread64 of libc), mprotect,
 * set_tid_address, set_robust_list, rseq, prlimit64, munmap, and
 * exit_group at the end.  Of the traced syscalls only openat, read and
 * close appear there (two openat, one read, two close), and only for the
 * loader's own files; write,
 * getppid, nanosleep, clone and kill never do.  Usage errors write one
 * line to stderr and exit with status 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_IO_SIZE (1 << 20)

static void die(const char *msg)
{
	(void)!write(2, "workload: ", 10);
	(void)!write(2, msg, strlen(msg));
	(void)!write(2, "\n", 1);
	exit(2);
}

/* A non-negative decimal argument, or a usage error. */
static long number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		die("expected a non-negative number");
	return v;
}

static long now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Kept out of line and visible so profiles and uprobes can name it.
 * CLOCK_MONOTONIC goes through the vDSO (no system call); the process's
 * CPU clock is a system call, so it is read once per 100,000 rounds
 * (well under a millisecond).
 */
__attribute__((noinline)) void spin(long ms, clockid_t clock)
{
	long rounds = clock == CLOCK_MONOTONIC ? 1 : 100000;
	long end = now_ms(clock) + ms;
	volatile unsigned long work = 0;

	while (now_ms(clock) < end)
		for (long i = 0; i < rounds; i++)
			work++;
}

/* A uprobe target with known arguments and return value. */
__attribute__((noinline)) long target(long a, long b, const char *s)
{
	__asm__ volatile("" ::: "memory");
	return a + b + (s[0] == 's');
}

/* A uretprobe target: returns its argument plus one. */
__attribute__((noinline)) long add_one(long x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

static int cmd_getppid(char **argv)
{
	long n = number(argv[0]);

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static int cmd_open(char **argv)
{
	long n = number(argv[1]);

	for (long i = 0; i < n; i++) {
		int fd = openat(AT_FDCWD, argv[0], O_RDONLY);

		if (fd >= 0)
			close(fd);
	}
	return 0;
}

/* N read or write calls of size bytes each on one file. */
static int cmd_io(char **argv, int writing)
{
	long n = number(argv[0]), size = number(argv[1]);
	const char *path = writing ? "/dev/null" : "/dev/zero";
	char *buf;
	int fd;

	if (size > MAX_IO_SIZE)
		die("size too large (max 1048576)");
	buf = calloc(1, size ? size : 1);
	fd = openat(AT_FDCWD, path, writing ? O_WRONLY : O_RDONLY);
	if (!buf || fd < 0)
		die("cannot set up the i/o buffer or file");
	for (long i = 0; i < n; i++) {
		if (writing)
			(void)!write(fd, buf, size);
		else
			(void)!read(fd, buf, size);
	}
	close(fd);
	free(buf);
	return 0;
}

static int cmd_write(char **argv)
{
	return cmd_io(argv, 1);
}

static int cmd_read(char **argv)
{
	return cmd_io(argv, 0);
}

static int cmd_spin(char **argv)
{
	spin(number(argv[0]), CLOCK_MONOTONIC);
	return 0;
}

static int cmd_spin_cpu(char **argv)
{
	spin(number(argv[0]), CLOCK_PROCESS_CPUTIME_ID);
	return 0;
}

static int cmd_sleep(char **argv)
{
	long n = number(argv[0]), ms = number(argv[1]);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	for (long i = 0; i < n; i++)
		nanosleep(&ts, NULL);
	return 0;
}

/* N children, one at a time: each execs /bin/true or exits at once. */
static int spawn(long n, int run_true)
{
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork failed");
		if (pid == 0) {
			if (run_true) {
				char *args[] = { "/bin/true", NULL };
				char *env[] = { NULL };

				execve(args[0], args, env);
			}
			_exit(run_true ? 127 : 0);
		}
		waitpid(pid, NULL, 0);
	}
	return 0;
}

static int cmd_exec(char **argv)
{
	return spawn(number(argv[0]), 1);
}

static int cmd_fork(char **argv)
{
	return spawn(number(argv[0]), 0);
}

static int cmd_kill(char **argv)
{
	long sig = number(argv[0]);

	if (sig < 1 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP)
		die("signal must be catchable");
	signal(sig, SIG_IGN);
	kill(getpid(), sig);
	return 0;
}

static int cmd_call(char **argv)
{
	long n = number(argv[0]);
	long total = 0;

	for (long i = 0; i < n; i++)
		total += target(i, i * 2, "sonde");
	return total < 0;
}

static int cmd_wait(char **argv)
{
	char buf[256];

	(void)argv;
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}

static int cmd_wait_call(char **argv)
{
	number(argv[0]);	/* a usage error shows before blocking, not after */
	cmd_wait(argv);
	return cmd_call(argv);
}

/* d frames of descend(), then target(): a stack d + 2 deep above main. */
__attribute__((noinline)) long descend(long d)
{
	long r = d > 1 ? descend(d - 1) : target(d, 0, "deep");

	__asm__ volatile("" : : : "memory");	/* no tail call */
	return r + 1;
}

/* Always inlined: a call from here is a call from via_inline() in the binary. */
static inline __attribute__((always_inline)) long inline_step(long i)
{
	return target(i, 1, "inlined") + 1;	/* INLINE_CALL */
}

__attribute__((noinline)) long via_inline(long i)
{
	long r = inline_step(i);	/* VIA_INLINE_CALL */

	__asm__ volatile("" : : : "memory");	/* no tail call */
	return r;
}

static int cmd_inlined(char **argv)
{
	long n = number(argv[0]), total = 0;

	for (long i = 0; i < n; i++)
		total += via_inline(i);
	return total < 0;
}

static int cmd_unix(char **argv)
{
	long n = number(argv[0]);
	int sv[2];
	char c = 'x';

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		die("socketpair failed");
	for (long i = 0; i < n; i++)
		if (write(sv[0], &c, 1) != 1 || read(sv[1], &c, 1) != 1)
			die("socketpair write/read failed");
	close(sv[0]);
	close(sv[1]);
	return 0;
}

static int cmd_depths(char **argv)
{
	long n = number(argv[0]);
	long total = 0;

	for (long d = 1; d <= n; d++)
		total += descend(d);
	return total < 0;
}

static int cmd_add(char **argv)
{
	long n = number(argv[0]);
	long total = 0;

	for (long i = 0; i < n; i++)
		total += add_one(i);
	return total < 0;
}

static int cmd_run_flat(char **argv)
{
	int fd = open(argv[0], O_RDONLY);
	void *code;

	if (fd < 0)
		die("run-flat: open");
	/* a known address, for execute breakpoints (a hint: the kernel may move it) */
	code = mmap((void *)0x10000000, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (code == MAP_FAILED)
		die("run-flat: mmap");
	close(fd);
	return ((int (*)(void))code)();
}

struct command {
	const char *name;
	int nargs;
	int (*run)(char **argv);
};

static const struct command commands[] = {
	{ "getppid", 1, cmd_getppid },
	{ "open", 2, cmd_open },
	{ "write", 2, cmd_write },
	{ "read", 2, cmd_read },
	{ "spin", 1, cmd_spin },
	{ "spin-cpu", 1, cmd_spin_cpu },
	{ "sleep", 2, cmd_sleep },
	{ "exec", 1, cmd_exec },
	{ "fork", 1, cmd_fork },
	{ "kill", 1, cmd_kill },
	{ "call", 1, cmd_call },
	{ "wait", 0, cmd_wait },
	{ "wait-call", 1, cmd_wait_call },
	{ "add", 1, cmd_add },
	{ "depths", 1, cmd_depths },
	{ "inlined", 1, cmd_inlined },
	{ "unix", 1, cmd_unix },
	{ "run-flat", 1, cmd_run_flat },
};

int main(int argc, char **argv)
{
	if (argc < 2)
		die("usage: workload COMMAND ARGS... (see tests/workload.c)");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];

		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (argc - 2 != c->nargs)
			die("wrong number of arguments");
		return c->run(argv + 2);
	}
	die("unknown command");
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of the strace differential test: a fixed sequence of
 * system calls whose decoding sonde strace must print as strace does.
 * Usage: strace_workload DIR (a scratch directory)
 *        strace_workload --threads: a thread blocks in read() on a pipe
 *        until the main thread writes to it, so their calls interleave.
 *        strace_workload --exit N: exit with status N.
 *        strace_workload --misc: timespecs, clocks, uname, getcwd, signal masks.
 *        strace_workload --decoders DIR: the decoder families (workload_dec.c).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <sys/wait.h>
#include <pthread.h>
#include <unistd.h>

static void file_io(const char *dir)
{
	char path[4096], buf[64];
	struct stat st;
	int fd, fds[2];

	snprintf(path, sizeof(path), "%s/data.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0640);
	static const char text[] = "hello \"world\"\n\ttab\\ and bytes \x01\x7f\xff end of a long line\n";

	write(fd, text, sizeof(text) - 1);
	close(fd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	read(fd, buf, 5);
	read(fd, buf, sizeof(buf));
	pread(fd, buf, 4, 2);
	lseek(fd, 3, SEEK_SET);
	fstat(fd, &st);
	dup2(fd, 20);
	dup3(fd, 21, O_CLOEXEC);
	close(21);
	close(20);
	close(fd);
	stat(path, &st);
	open("/nonexistent/file", O_RDONLY);
	close(99);
	read(99, buf, 1);
	access(path, R_OK | W_OK);
	unlink(path);
	pipe2(fds, O_CLOEXEC);
	write(fds[1], "x", 1);
	read(fds[0], buf, 1);
	close(fds[0]);
	close(fds[1]);
}

static void memory(void)
{
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	mprotect(p, 4096, PROT_READ);
	munmap(p, 8192);
}

static void sockets(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(0) };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), c;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (struct sockaddr *)&a, sizeof(a));
	listen(s, 1);
	getsockname(s, (struct sockaddr *)&a, &len);
	c = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons(1);	/* refused */
	connect(c, (struct sockaddr *)&a, sizeof(a));
	close(c);
	close(s);
}

static void processes(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execl("/bin/true", "true", "first arg", "second", (char *)NULL);
		_exit(3);
	}
	wait4(pid, &status, 0, NULL);
	getpid();
	getuid();
	kill(getpid(), 0);
}

static int thread_pipe[2];

static void *reader(void *arg)
{
	char buf[16];

	(void)arg;
	read(thread_pipe[0], buf, sizeof(buf));
	return NULL;
}

static int threads(void)
{
	pthread_t t;

	pipe2(thread_pipe, O_CLOEXEC);
	pthread_create(&t, NULL, reader, NULL);
	usleep(200000);	/* the reader is blocked in read() by now */
	write(thread_pipe[1], "wake", 4);
	pthread_join(t, NULL);
	return 0;
}

static int misc(void)
{
	struct timespec ts = { 0, 1000 };
	struct utsname u;
	char cwd[256];
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	nanosleep(&ts, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &ts);
	uname(&u);
	getcwd(cwd, sizeof(cwd));
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &set);
	return 0;
}

int decoders(const char *dir);

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--decoders") == 0)
		return decoders(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--misc") == 0)
		return misc();
	if (argc == 2 && strcmp(argv[1], "--threads") == 0)
		return threads();
	if (argc == 3 && strcmp(argv[1], "--exit") == 0)
		return atoi(argv[2]);
	if (argc != 2)
		return 2;
	file_io(argv[1]);
	memory();
	sockets();
	processes();
	return 0;
}

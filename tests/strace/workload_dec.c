// SPDX-License-Identifier: GPL-2.0
/*
 * The strace differential test's second workload (strace_workload
 * --decoders DIR): one or more calls of each decoder family, signals,
 * descriptors, files, memory and limits, sockets, in a fixed order.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/mempolicy.h>
#include <linux/openat2.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <grp.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>
static void on_usr1(int s)
{
	(void)s;
}

int decoders(const char *dir)
{
	char path[512], p2[512], buf[256];
	int fd, fds[2], n = 0, one = 1;
	struct sigaction sa = { 0 }, old;
	sa.sa_handler = on_usr1; sa.sa_flags = SA_RESTART; sigemptyset(&sa.sa_mask); sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(SIGUSR1, &sa, &old);
	signal(SIGUSR2, SIG_IGN);
	syscall(SYS_rt_sigaction, SIGTERM, NULL, &old, 8);
	sigset_t blk; sigemptyset(&blk); sigaddset(&blk, SIGUSR2);
	sigprocmask(SIG_BLOCK, &blk, NULL);
	raise(SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &blk, NULL);
	snprintf(path, sizeof path, "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(fd, "abcdef", 6);
	fcntl(fd, F_GETFD); fcntl(fd, F_SETFD, FD_CLOEXEC); fcntl(fd, F_GETFL); fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND);
	close(fcntl(fd, F_DUPFD_CLOEXEC, 10)); close(fcntl(fd, F_DUPFD, 0));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 2 };
	fcntl(fd, F_SETLK, &fl); fcntl(fd, F_GETLK, &fl);
	fcntl(fd, F_SETFL, 0);
	fcntl(fd, 1234);
	struct termios t; struct winsize ws;
	ioctl(fd, TCGETS, &t); ioctl(fd, TIOCGWINSZ, &ws); ioctl(fd, FIOCLEX); ioctl(fd, FIONCLEX);
	/* a terminal: a pseudo-terminal pair */
	int ptm = posix_openpt(O_RDWR | O_NOCTTY), ptn = 0, unlock = 0;
	ioctl(ptm, TIOCSPTLCK, &unlock);
	ioctl(ptm, TIOCGPTN, &ptn);
	snprintf(p2, sizeof p2, "/dev/pts/%d", ptn);
	int pts = open(p2, O_RDWR | O_NOCTTY);
	struct winsize pws = { 24, 80, 0, 0 };
	ioctl(pts, TCGETS, &t);
	ioctl(pts, TIOCSWINSZ, &pws);
	ioctl(pts, TIOCGWINSZ, &pws);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_oflag = 0;
	ioctl(pts, TCSETS, &t);
	t.c_iflag = 0;
	t.c_cflag = B115200 | CS7 | PARENB;
	ioctl(pts, TCSETSW, &t);
	ioctl(pts, TCGETS, &t);
	close(pts);
	close(ptm);
	pipe(fds); write(fds[1], "xyz", 3);
	ioctl(fds[0], FIONREAD, &n); ioctl(fds[0], FIONBIO, &one); ioctl(fds[0], 0x1234, 0);
	struct pollfd pf[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLOUT, 0 } };
	poll(pf, 2, 100);
	struct timespec ts0 = { 0, 0 };
	ppoll(pf, 1, &ts0, NULL);
	fd_set rs; FD_ZERO(&rs); FD_SET(fds[0], &rs); struct timeval tv = { 0, 0 };
	select(fds[0] + 1, &rs, NULL, NULL, &tv);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 }, evs[4];
	epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
	epoll_wait(ep, evs, 4, 0);
	epoll_pwait(ep, evs, 4, 0, NULL);
	epoll_ctl(ep, EPOLL_CTL_DEL, fds[0], NULL);
	close(ep);
	int efd = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK); close(efd);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec its = { { 0, 0 }, { 100, 0 } }, oits;
	timerfd_settime(tfd, 0, &its, &oits);
	its.it_value.tv_sec = 0;
	timerfd_settime(tfd, 0, &its, NULL); timerfd_gettime(tfd, &oits); close(tfd);
	sigset_t ss; sigemptyset(&ss); sigaddset(&ss, SIGUSR2);
	int sfd = signalfd(-1, &ss, SFD_CLOEXEC); close(sfd);
	int ifd = inotify_init1(IN_CLOEXEC); int wd = inotify_add_watch(ifd, dir, IN_CREATE | IN_DELETE); inotify_rm_watch(ifd, wd); close(ifd);
	int mfd = memfd_create("sonde", MFD_CLOEXEC); close(mfd);
	lseek(fd, 0, SEEK_SET);
	int fd2;
	snprintf(p2, sizeof p2, "%s/g", dir);
	fd2 = open(p2, O_RDWR | O_CREAT, 0644);
	sendfile(fd2, fd, NULL, 3);
	loff_t off = 0; copy_file_range(fd, &off, fd2, NULL, 2, 0);
	splice(fds[0], NULL, fd2, NULL, 3, SPLICE_F_MOVE);
	pread64(fd, buf, 4, 1); pwrite64(fd, "zz", 2, 4);
	struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
	writev(fd2, iov, 2); lseek(fd2, 0, SEEK_SET);
	char b1[2], b2[8]; struct iovec riov[2] = { { b1, 2 }, { b2, 8 } };
	readv(fd2, riov, 2);
	lseek(fd2, 0, SEEK_END); lseek(fd2, 1, SEEK_CUR);
	close(fd2); close(fds[0]); close(fds[1]);
	/* fs */
	struct statx stx;
	statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx);
	statx(AT_FDCWD, "/nonexistent", AT_SYMLINK_NOFOLLOW, STATX_ALL, &stx);
	int d = open(dir, O_RDONLY | O_DIRECTORY);
	syscall(SYS_getdents64, d, buf, sizeof buf);
	syscall(SYS_getdents64, d, buf, sizeof buf);
	snprintf(p2, sizeof p2, "%s/l", dir); symlink("f", p2);
	readlinkat(d, "l", buf, sizeof buf);
	readlink(p2, buf, sizeof buf);
	renameat2(d, "l", d, "m", RENAME_NOREPLACE);
	syscall(SYS_faccessat2, d, "f", R_OK, AT_EACCESS);
	fchmodat(d, "f", 0640, 0);
	fchownat(d, "f", 0, 0, AT_SYMLINK_NOFOLLOW);
	struct timespec tms[2] = { { 1, 2 }, { 3, UTIME_OMIT } };
	utimensat(d, "f", tms, 0); utimensat(d, "f", NULL, 0);
	mkdirat(d, "sub", 0755); unlinkat(d, "sub", AT_REMOVEDIR); unlinkat(d, "m", 0);
	umask(022); chdir(dir); fchdir(d);
	close(d);
	/* mem */
	void *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	madvise(m, 8192, MADV_DONTNEED);
	m = mremap(m, 8192, 16384, MREMAP_MAYMOVE);
	munmap(m, 16384);
	struct rlimit64 rl = { 1024 * 1024, RLIM64_INFINITY }, orl;
	prlimit64(0, RLIMIT_STACK, NULL, &orl);
	prlimit64(0, RLIMIT_NOFILE, NULL, &orl);
	prlimit64(0, RLIMIT_CORE, &rl, NULL);
	getrlimit(RLIMIT_NOFILE, (struct rlimit *)&orl);
	getrandom(buf, 0, 0); getrandom(buf, 4, GRND_NONBLOCK);
	int fw = 0;
	syscall(SYS_futex, &fw, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	struct timespec fts = { 0, 1000 };
	syscall(SYS_futex, &fw, FUTEX_WAIT, 1, &fts, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_WAIT_PRIVATE, 0, &fts, NULL, 0);
	syscall(SYS_futex, &fw, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
	cpu_set_t cs; sched_getaffinity(0, sizeof cs, &cs);
	prctl(PR_SET_NAME, "sondew"); prctl(PR_GET_NAME, buf); prctl(PR_SET_DUMPABLE, 1);
	prctl(PR_GET_DUMPABLE); prctl(PR_SET_PDEATHSIG, SIGKILL);
	struct timespec cts; clock_gettime(CLOCK_REALTIME, &cts);
	/* net */
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
	sendto(fds[0], "ping", 4, MSG_DONTWAIT, NULL, 0);
	recvfrom(fds[1], buf, sizeof buf, 0, NULL, NULL);
	send(fds[0], "pong", 4, 0);
	recv(fds[1], buf, 2, MSG_PEEK);
	recv(fds[1], buf, 8, 0);
	struct msghdr mh = { 0 }; struct iovec mi[2] = { { "he", 2 }, { "llo", 3 } };
	mh.msg_iov = mi; mh.msg_iovlen = 2;
	sendmsg(fds[0], &mh, 0);
	char r1[3], r2[8]; struct iovec ri[2] = { { r1, 3 }, { r2, 8 } }; mh.msg_iov = ri;
	recvmsg(fds[1], &mh, 0);
	struct iovec m1[2] = { { "one", 3 }, { "two", 3 } }, m2 = { "three", 5 };
	struct mmsghdr mm[2];
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = m1;
	mm[0].msg_hdr.msg_iovlen = 2;
	mm[1].msg_hdr.msg_iov = &m2;
	mm[1].msg_hdr.msg_iovlen = 1;
	sendmmsg(fds[0], mm, 2, 0);
	char q1[8], q2[4];
	struct iovec mr[2] = { { q1, 8 }, { q2, 4 } };
	struct mmsghdr rmm[3];
	memset(rmm, 0, sizeof(rmm));
	for (int k = 0; k < 3; k++) {
		rmm[k].msg_hdr.msg_iov = &mr[k & 1];
		rmm[k].msg_hdr.msg_iovlen = 1;
	}
	struct timespec nowait = { 0, 0 };
	recvmmsg(fds[1], rmm, 1, MSG_DONTWAIT, &nowait);
	recvmmsg(fds[1], rmm, 3, MSG_DONTWAIT, NULL);
	recvmmsg(fds[1], rmm, 3, MSG_DONTWAIT, NULL);
	syscall(SYS_sendmmsg, fds[0], (void *)16, 1, 0);
	shutdown(fds[0], SHUT_WR);
	close(fds[0]); close(fds[1]);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	socklen_t sl = sizeof n;
	getsockopt(s, SOL_SOCKET, SO_ERROR, &n, &sl);
	sl = sizeof n; getsockopt(s, SOL_SOCKET, SO_TYPE, &n, &sl);
	struct sockaddr_in a = { .sin_family = AF_INET }; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (void *)&a, sizeof a); listen(s, 4);
	struct sockaddr_storage st; sl = sizeof st;
	getsockname(s, (void *)&st, &sl);
	int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	connect(c, (void *)&st, sizeof(struct sockaddr_in));
	sl = sizeof st;
	int ac = accept4(s, (void *)&st, &sl, SOCK_CLOEXEC);
	sl = sizeof st; getpeername(ac, (void *)&st, &sl);
	sendto(c, "q", 1, 0, NULL, 0);
	sl = sizeof st; recvfrom(ac, buf, 8, 0, (void *)&st, &sl);
	int u = socket(AF_INET, SOCK_DGRAM, 0); bind(u, (void *)&a, sizeof a);
	sl = sizeof st; getsockname(u, (void *)&st, &sl);
	sendto(u, "dg", 2, 0, (void *)&st, sizeof(struct sockaddr_in));
	sl = sizeof a; recvfrom(u, buf, 8, 0, (void *)&a, &sl);
	close(u); close(ac); close(c); close(s);
	unlink(path); unlink(p2); snprintf(p2, sizeof p2, "%s/g", dir); unlink(p2);
	/* older forms of the calls above, through syscall() */
	syscall(SYS_select, 0, NULL, NULL, NULL, &tv);
	close(syscall(SYS_epoll_create, 4));
	snprintf(path, sizeof path, "%s/h", dir);
	close(open(path, O_WRONLY | O_CREAT, 0600));
	syscall(SYS_chown, path, 0, 0);
	syscall(SYS_lchown, path, 0, 0);
	snprintf(p2, sizeof p2, "%s/h2", dir);
	syscall(SYS_link, path, p2);
	d = open(dir, O_RDONLY | O_DIRECTORY);
	syscall(SYS_linkat, d, "h2", d, "h3", 0);
	syscall(SYS_renameat, d, "h3", d, "h4");
	syscall(SYS_symlinkat, "h", d, "h5");
	fd = open(path, O_RDONLY);
	syscall(SYS_fchown, fd, 0, 0);
	close(fd);
	unlinkat(d, "h2", 0); unlinkat(d, "h4", 0); unlinkat(d, "h5", 0); unlink(path);
	close(d);
	syscall(SYS_getrlimit, RLIMIT_NOFILE, &orl);
	syscall(SYS_setrlimit, RLIMIT_NOFILE, &orl);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	syscall(SYS_accept, s, NULL, NULL);
	close(s);
	/* the older calls of the first table, through syscall() */
	snprintf(path, sizeof path, "%s/old", dir);
	snprintf(p2, sizeof p2, "%s/old2", dir);
	syscall(SYS_mkdir, path, 0750);
	syscall(SYS_rename, path, p2);
	syscall(SYS_chmod, p2, 0700);
	syscall(SYS_rmdir, p2);
	fd = syscall(SYS_open, path, O_RDWR | O_CREAT | O_EXCL, 0644);
	syscall(SYS_fchmod, fd, 0600);
	syscall(SYS_ftruncate, fd, 10);
	syscall(SYS_fsync, fd);
	struct stat sb;
	syscall(SYS_fstat, fd, &sb);
	syscall(SYS_stat, path, &sb);
	syscall(SYS_lstat, path, &sb);
	syscall(SYS_truncate, path, 3);
	syscall(SYS_faccessat, AT_FDCWD, path, F_OK);
	close(syscall(SYS_dup, fd));
	close(fd);
	unlink(path);
	syscall(SYS_pipe, fds);
	close(fds[0]);
	close(fds[1]);
	syscall(SYS_alarm, 0);
	syscall(SYS_nanosleep, &fts, NULL);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &cts);
	syscall(SYS_getegid);
	syscall(SYS_geteuid);
	syscall(SYS_getgid);
	syscall(SYS_sched_yield);
	syscall(SYS_tkill, syscall(SYS_gettid), 0);
	int child = syscall(SYS_fork);

	if (child == 0)
		syscall(SYS_exit_group, 0);
	waitpid(child, NULL, 0);
	child = vfork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	syscall(SYS_setsid);
	/* files: statfs, extended attributes, locks, openat2, vectored I/O at offsets */
	struct statfs sfs;
	statfs("/proc", &sfs);
	statfs("/nonexistent", &sfs);
	fd = open("/proc", O_RDONLY | O_DIRECTORY);
	fstatfs(fd, &sfs);
	close(fd);
	snprintf(path, sizeof path, "%s/x", dir);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	posix_fadvise(fd, 1, 2, POSIX_FADV_DONTNEED);
	flock(fd, LOCK_EX | LOCK_NB);
	flock(fd, LOCK_UN);
	fallocate(fd, 0, 0, 10);
	struct iovec piov = { "wxyz", 4 }, riov2 = { buf, 8 };
	pwritev(fd, &piov, 1, 2);
	preadv(fd, &riov2, 1, 1);
	setxattr(path, "user.sonde", "v1", 2, XATTR_CREATE);
	lsetxattr(path, "user.sonde", "v2", 2, XATTR_REPLACE);
	fsetxattr(fd, "user.other", "", 0, 0);
	getxattr(path, "user.sonde", buf, sizeof buf);
	lgetxattr(path, "user.none", buf, sizeof buf);
	fgetxattr(fd, "user.sonde", NULL, 0);
	listxattr(path, buf, sizeof buf);
	llistxattr(path, NULL, 0);
	flistxattr(fd, buf, 0);
	removexattr(path, "user.sonde");
	lremovexattr(path, "user.other");
	fremovexattr(fd, "user.none");
	close(fd);
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_NO_SYMLINKS };
	close(syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how));
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0600;
	close(syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how));
	unlink(path);
	syscall(SYS_execveat, AT_FDCWD, "/nonexistent", NULL, NULL, 0);
	/* processes, credentials, timers */
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	waitid(P_ALL, 0, &si, WEXITED | WNOHANG);
	child = fork();
	if (child == 0)
		_exit(3);
	waitid(P_PID, child, &si, WEXITED);
	int pfd = syscall(SYS_pidfd_open, getpid(), 0);
	close(pfd);
	static char altstack[65536];
	stack_t alt = { .ss_sp = altstack, .ss_size = sizeof(altstack) }, oss;
	sigaltstack(&alt, &oss);
	alt.ss_flags = SS_DISABLE;
	sigaltstack(&alt, NULL);
	sigaltstack(NULL, &oss);
	uid_t ru, eu, su;
	getresuid(&ru, &eu, &su);
	getresgid(&ru, &eu, &su);
	setuid(getuid());
	setgid(getgid());
	syscall(SYS_setreuid, -1, -1);
	syscall(SYS_setregid, -1, -1);
	syscall(SYS_setresuid, -1, -1, -1);
	syscall(SYS_setresgid, -1, -1, -1);
	gid_t groups[8];
	getgroups(0, groups);
	getgroups(8, groups);
	setgroups(0, NULL);
	prctl(PR_CAPBSET_READ, 1);	/* CAP_DAC_OVERRIDE */
	prctl(PR_CAPBSET_READ, 99);
	struct sysinfo sinfo;
	sysinfo(&sinfo);
	struct rusage rus;
	getrusage(RUSAGE_SELF, &rus);
	getrusage(RUSAGE_THREAD, (void *)16);
	syscall(SYS_personality, 0xffffffff);
	syscall(SYS_personality, 0);	/* PER_LINUX, as it is */
	unsigned cpu, node;
	syscall(SYS_getcpu, &cpu, &node, NULL);
	struct itimerval itv = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &itv, NULL);
	getitimer(ITIMER_VIRTUAL, &itv);
	sched_setaffinity(0, sizeof cs, &cs);
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mlock(page, 4096);
	munlock(page, 4096);
	msync(page, 4096, MS_SYNC);
	munmap(page, 4096);
	unsigned long nodes[17] = { 1 };
	int mpol;
	syscall(SYS_get_mempolicy, &mpol, nodes, 1025, NULL, 0);
	nodes[0] = 1;
	syscall(SYS_set_mempolicy, MPOL_PREFERRED_MANY, nodes, 1024);
	syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
	mlockall(MCL_FUTURE);
	munlockall();
	/* a pending signal: rt_sigsuspend returns through the handler, rt_sigtimedwait takes it */
	sigset_t usr1, none;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	kill(getpid(), SIGUSR1);
	sigsuspend(&none);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	kill(getpid(), SIGUSR1);
	struct timespec wait1 = { 1, 0 };
	sigtimedwait(&usr1, &si, &wait1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	/* memory that cannot be read prints as its address */
	void *bad = (void *)16;
	syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8);
	fcntl(0, F_SETLK, bad);
	syscall(SYS_poll, bad, 1, 0);
	syscall(SYS_writev, 1, bad, 1);
	syscall(SYS_sendmsg, 0, bad, 0);
	syscall(SYS_epoll_ctl, 0, EPOLL_CTL_ADD, 0, bad);
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, bad, NULL);
	syscall(SYS_futex, &fw, FUTEX_WAIT, 1, bad, NULL, 0);
	syscall(SYS_clone3, bad, 88);
	syscall(SYS_statx, AT_FDCWD, "/", 0, STATX_BASIC_STATS, bad);
	syscall(SYS_utimensat, AT_FDCWD, "/nonexistent", bad, 0);
	syscall(SYS_timerfd_settime, 0, 0, bad, NULL);
	syscall(SYS_getsockopt, 0, SOL_SOCKET, SO_TYPE, bad, bad);
	return 0;
}

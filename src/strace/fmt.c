// SPDX-License-Identifier: GPL-2.0
/* See fmt.h.  Layouts of the structs are x86-64's. */
#include "strace/fmt.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>

#include "strace/dec.h"
#include "strace/flags.h"

/* The n-th blob of argument arg (of kind, or any kind when kind < 0). */
static bool find_blob(const struct strace_rec *r, int arg, int kind, int n, struct blob_ref *out)
{
	const unsigned char *p = (const unsigned char *)r + sizeof(*r);
	const unsigned char *end = (const unsigned char *)r + r->size;

	while (r && p + sizeof(struct strace_blob) <= end) {
		struct strace_blob b;

		memcpy(&b, p, sizeof(b));
		p += sizeof(b);
		if (b.arg == arg && (kind < 0 || b.kind == kind) && n-- == 0) {
			out->len = b.len;
			out->data = p;
			return b.kind == BK_COUNT || b.len < 0 || p + b.len <= end;
		}
		if (b.kind != BK_COUNT && b.len > 0)
			p += b.len;
	}
	return false;
}

static bool blob(const struct call *c, int arg, int kind, struct blob_ref *out)
{
	const struct strace_rec *r = kind >= BK_EXIT ? c->exit : c->enter;

	return r && find_blob(r, arg, kind, 0, out);
}

static unsigned long long argv_of(const struct call *c, int i)
{
	return c->enter ? c->enter->a[i] : c->exit ? c->exit->a[i] : 0;
}

static long long ret_of(const struct call *c)
{
	return c->exit ? c->exit->ret : 0;
}

static bool failed(const struct call *c)
{
	return !c->exit || (ret_of(c) < 0 && ret_of(c) >= -4095);
}

unsigned long long call_arg(const struct call *c, int i)
{
	return argv_of(c, i);
}

long long call_ret(const struct call *c)
{
	return ret_of(c);
}

bool call_failed(const struct call *c)
{
	return failed(c);
}

bool dec_blob(const struct call *c, int arg, int kind, int n, struct blob_ref *out)
{
	const struct strace_rec *r = kind >= BK_EXIT ? c->exit : c->enter;

	return r && find_blob(r, arg, kind, n, out);
}

static void escape_byte(struct strbuf *sb, unsigned char ch, int next)
{
	static const char named[] = { ['\t'] = 't', ['\n'] = 'n', ['\v'] = 'v', ['\f'] = 'f',
				      ['\r'] = 'r' };

	if (ch == '"' || ch == '\\')
		sb_addf(sb, "\\%c", ch);
	else if (ch < sizeof(named) && named[ch])
		sb_addf(sb, "\\%c", named[ch]);
	else if (ch >= 0x20 && ch < 0x7f)
		sb_addc(sb, (char)ch);
	else if (next >= '0' && next <= '7')
		sb_addf(sb, "\\%03o", ch);
	else
		sb_addf(sb, "\\%o", ch);
}

static enum fmt_hex hex_strings;

void fmt_set_hex(enum fmt_hex mode)
{
	hex_strings = mode;
}

/* -x: a string with a byte strace would escape other than \t\n\v\f\r prints all in hex. */
static bool wants_hex(const unsigned char *s, long n)
{
	if (hex_strings == HEX_ALL)
		return true;
	for (long i = 0; hex_strings == HEX_NON_ASCII && i < n; i++)
		if ((s[i] < 0x20 || s[i] >= 0x7f) && !(s[i] >= '\t' && s[i] <= '\r'))
			return true;
	return false;
}

void fmt_quote(struct strbuf *sb, const unsigned char *s, long len, long max, bool cut)
{
	long n = len < max ? len : max;
	bool hex = wants_hex(s, n);

	sb_addc(sb, '"');
	for (long i = 0; i < n; i++) {
		if (hex)
			sb_addf(sb, "\\x%02x", s[i]);
		else
			escape_byte(sb, s[i], i + 1 < n ? s[i + 1] : -1);
	}
	sb_addc(sb, '"');
	if (cut || len > max)
		sb_adds(sb, "...");
}

static void print_ptr(struct strbuf *sb, unsigned long long p)
{
	if (p)
		sb_addf(sb, "%#llx", p);
	else
		sb_adds(sb, "NULL");
}

void dec_ptr(struct strbuf *sb, unsigned long long p)
{
	print_ptr(sb, p);
}

bool dec_array_cut(struct strbuf *sb, const struct call *c, long long k)
{
	if (k < c->strsize)
		return false;
	sb_adds(sb, k ? ", ..." : "...");
	return true;
}

void dec_addr(struct strbuf *sb, const struct call *c, int i)
{
	print_ptr(sb, argv_of(c, i));
}

/* A NUL-terminated string: paths in full, others cut at -s. */
static void print_cstr(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	unsigned long long p = argv_of(c, i);

	if (!p || !blob(c, i, kind, &b) || b.len <= 0) {
		bool again = kind == BK_PATH && c->exit &&
			     find_blob(c->exit, i, BK_PATH_AGAIN, 0, &b) && b.len > 0;

		if (!again && !(kind == BK_PATH && c->exec &&
				find_blob(c->exec, 0, BK_EXEC_FILE, 0, &b) && b.len > 0)) {
			print_ptr(sb, p);
			return;
		}
	}
	if (kind == BK_PATH) {
		fmt_quote(sb, b.data, b.len - 1, LONG_MAX, false);
		return;
	}
	/* the capture is -s + 1 bytes: a string that filled it was longer */
	fmt_quote(sb, b.data, b.len - 1, c->strsize, b.len - 1 > c->strsize);
}

/* A buffer of n bytes: what was captured of it, cut at -s. */
static void print_buf(struct strbuf *sb, const struct call *c, int i, int kind, long long n)
{
	struct blob_ref b;
	unsigned long long p = argv_of(c, i);

	if (!p || !blob(c, i, kind, &b) || b.len < 0 || (kind >= BK_EXIT && failed(c))) {
		print_ptr(sb, p);
		return;
	}
	fmt_quote(sb, b.data, b.len, c->strsize, n > c->strsize);
}

static void print_mode(struct strbuf *sb, unsigned mode)
{
	static const struct { unsigned bit; const char *name; } types[] = {
		{ S_IFREG, "S_IFREG" }, { S_IFDIR, "S_IFDIR" }, { S_IFCHR, "S_IFCHR" },
		{ S_IFBLK, "S_IFBLK" }, { S_IFIFO, "S_IFIFO" }, { S_IFLNK, "S_IFLNK" },
		{ S_IFSOCK, "S_IFSOCK" },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((mode & S_IFMT) == types[i].bit)
			sb_addf(sb, "%s|", types[i].name);
	if (mode & S_ISUID)
		sb_adds(sb, "S_ISUID|");
	if (mode & S_ISGID)
		sb_adds(sb, "S_ISGID|");
	if (mode & S_ISVTX)
		sb_adds(sb, "S_ISVTX|");
	sb_addf(sb, "%#04o", mode & 0777);
}

void dec_mode(struct strbuf *sb, unsigned mode)
{
	print_mode(sb, mode);
}

static void print_stat(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	struct stat st;

	if (failed(c) || !blob(c, i, BK_OUTFIX, &b) || b.len < (long)sizeof(st)) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	memcpy(&st, b.data, sizeof(st));
	sb_adds(sb, "{st_mode=");
	print_mode(sb, st.st_mode);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		sb_addf(sb, ", st_rdev=makedev(%#x, %#x), ...}", major(st.st_rdev),
			minor(st.st_rdev));
	else
		sb_addf(sb, ", st_size=%lld, ...}", (long long)st.st_size);
}

static void print_sockaddr(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;

	if ((kind >= BK_EXIT && failed(c)) || !blob(c, i, kind, &b) || b.len < 2) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	dec_sockaddr_val(sb, b.data, b.len);
}

void dec_sockaddr_val(struct strbuf *sb, const unsigned char *data, long len)
{
	struct sockaddr_storage ss = { 0 };
	char addr[INET6_ADDRSTRLEN];
	struct blob_ref b = { len, data };

	memcpy(&ss, b.data, b.len < (long)sizeof(ss) ? (size_t)b.len : sizeof(ss));
	sb_adds(sb, "{sa_family=");
	print_flags(sb, &family_names, ss.ss_family, "AF_UNSPEC");
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		sb_addf(sb, ", sin_port=htons(%u), sin_addr=inet_addr(", ntohs(in->sin_port));
		fmt_quote(sb, (const unsigned char *)addr, (long)strlen(addr), sizeof(addr), false);
		sb_adds(sb, ")}");
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		sb_addf(sb, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, ",
			ntohs(in6->sin6_port), ntohl(in6->sin6_flowinfo));
		fmt_quote(sb, (const unsigned char *)addr, (long)strlen(addr), sizeof(addr), false);
		sb_addf(sb, ", &sin6_addr), sin6_scope_id=%u}", in6->sin6_scope_id);
	} else if (ss.ss_family == AF_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *)&ss;
		long n = strnlen(un->sun_path, sizeof(un->sun_path));

		sb_adds(sb, ", sun_path=");
		if (n == 0 && b.len > 3) {
			sb_adds(sb, "@");
			fmt_quote(sb, (unsigned char *)un->sun_path + 1,
				  strnlen(un->sun_path + 1, sizeof(un->sun_path) - 1), LONG_MAX, false);
		} else {
			fmt_quote(sb, (unsigned char *)un->sun_path, n, LONG_MAX, false);
		}
		sb_adds(sb, "}");
	} else {
		sb_adds(sb, ", sa_data=...}");
	}
}

static void print_int_out(struct strbuf *sb, const struct call *c, int i, int count)
{
	struct blob_ref b;
	int v[2];

	if (failed(c) || !blob(c, i, BK_OUTFIX, &b) || b.len < count * 4) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	memcpy(v, b.data, count * 4);
	sb_addf(sb, count == 2 ? "[%d, %d]" : "[%d]", v[0], v[1]);
}

static void print_wstatus(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	int s;

	if (!argv_of(c, i) || ret_of(c) <= 0 || !blob(c, i, BK_OUTFIX, &b) || b.len < 4) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	memcpy(&s, b.data, 4);
	sb_adds(sb, "[{");
	if (WIFEXITED(s)) {
		sb_addf(sb, "WIFEXITED(s) && WEXITSTATUS(s) == %d", WEXITSTATUS(s));
	} else if (WIFSIGNALED(s)) {
		sb_adds(sb, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		print_signal(sb, WTERMSIG(s));
		if (WCOREDUMP(s))
			sb_adds(sb, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(s)) {
		sb_adds(sb, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		print_signal(sb, WSTOPSIG(s));
	} else {
		sb_addf(sb, "%#x", s);
	}
	sb_adds(sb, "}]");
}

/* argv from the new image's stack: argc NUL-terminated strings. */
static bool print_exec_args(struct strbuf *sb, const struct call *c)
{
	struct blob_ref b;
	long at = 0;

	if (!c->exec || !find_blob(c->exec, 1, BK_EXEC_ARGS, 0, &b) || b.len < 0)
		return false;
	sb_addc(sb, '[');
	for (uint64_t k = 0; k < c->exec->a[0]; k++) {
		long n = at < b.len ? (long)strnlen((const char *)b.data + at, (size_t)(b.len - at)) : 0;

		if (at >= b.len || (long)k >= c->strsize) {	/* -s also bounds arrays */
			sb_adds(sb, k ? ", ..." : "...");
			break;
		}
		if (k)
			sb_adds(sb, ", ");
		fmt_quote(sb, b.data + at, n, c->strsize, n > c->strsize);
		at += n + 1;
	}
	sb_addc(sb, ']');
	return true;
}

static void print_argv(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;
	int n = 0;

	if (c->enter && find_blob(c->enter, i, BK_ARGV, 0, &b) && b.len <= 0 &&
	    print_exec_args(sb, c))
		return;

	if (!c->enter || (find_blob(c->enter, i, BK_ARGV, 0, &b) && b.len < 0) ||
	    !argv_of(c, i)) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	sb_addc(sb, '[');
	for (; find_blob(c->enter, i, BK_ARGV, n, &b); n++) {
		if (n >= c->strsize) {	/* -s also bounds arrays */
			sb_adds(sb, ", ...");
			sb_addc(sb, ']');
			return;
		}
		if (n)
			sb_adds(sb, ", ");
		if (b.len <= 0)
			sb_addf(sb, "%#llx", 0ULL);	/* unreadable: strace prints the pointer */
		else
			fmt_quote(sb, b.data, b.len - 1, c->strsize, b.len - 1 > c->strsize);
	}
	if (find_blob(c->enter, i, BK_COUNT, 0, &b))
		sb_adds(sb, n ? ", ..." : "...");
	sb_addc(sb, ']');
}

static void print_envp(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;

	print_ptr(sb, argv_of(c, i));
	if (argv_of(c, i) && c->enter && find_blob(c->enter, i, BK_COUNT, 0, &b))
		sb_addf(sb, " /* %ld var%s */", b.len, b.len == 1 ? "" : "s");
}

void dec_oflags(struct strbuf *sb, unsigned long long v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };

	sb_adds(sb, acc[v & O_ACCMODE]);
	v &= ~(unsigned long long)O_ACCMODE;
	if (v) {
		sb_addc(sb, '|');
		print_flags(sb, &open_flags, v, NULL);
	}
}

static void print_mmapf(struct strbuf *sb, unsigned long long v)
{
	static const char *const type[] = { "0", "MAP_SHARED", "MAP_PRIVATE",
					    "MAP_SHARED_VALIDATE" };

	sb_adds(sb, type[v & 3]);
	v &= ~3ULL;
	if (v) {
		sb_addc(sb, '|');
		print_flags(sb, &mmap_flags, v, NULL);
	}
}

static void print_socktype(struct strbuf *sb, unsigned long long v)
{
	const char *n = flag_name(&sock_type_names, v & 0xf);

	if (n)
		sb_adds(sb, n);
	else
		sb_addf(sb, "%#llx", v & 0xf);
	if (v & ~0xfULL) {
		sb_addc(sb, '|');
		print_flags(sb, &sock_type_flags, v & ~0xfULL, NULL);
	}
}

static void print_proto(struct strbuf *sb, const struct call *c, unsigned long long v)
{
	unsigned long long family = argv_of(c, 0);
	const char *n = family == AF_INET || family == AF_INET6 ? flag_name(&proto_names, v) : NULL;

	if (n)
		sb_adds(sb, n);
	else
		sb_addf(sb, "%llu", v);
}

/* -y: "<PATH>" of /proc/PID/NAME now, when it can be read. */
static void fd_path(struct strbuf *sb, const struct call *c, const char *name)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%u/%s", c->enter->pid, name);
	n = readlink(link, path, sizeof(path) - 1);
	if (n > 0) {
		path[n] = 0;
		sb_addc(sb, '<');
		for (ssize_t k = 0; k < n; k++)
			escape_byte(sb, (unsigned char)path[k], k + 1 < n ? path[k + 1] : -1);
		sb_addc(sb, '>');
	}
}

/*
 * -y reads the path when the line prints, not when the call ran: an fd
 * the call found closed (EBADF) prints bare, as strace prints it, even
 * if the task has opened that number since.
 */
void dec_fd(struct strbuf *sb, const struct call *c, int fd)
{
	char name[32];

	sb_addf(sb, "%d", fd);
	if (!c->fd_paths || fd < 0 || !c->enter || (c->exit && c->exit->ret == -EBADF))
		return;
	snprintf(name, sizeof(name), "fd/%d", fd);
	fd_path(sb, c, name);
}

static bool fixed_blob(const struct call *c, int i, int kind, long size, struct blob_ref *b)
{
	if (kind >= BK_EXIT && failed(c))
		return false;
	return argv_of(c, i) && blob(c, i, kind, b) && b->len >= size;
}

bool dec_fixed(const struct call *c, int arg, int kind, long size, struct blob_ref *out)
{
	return fixed_blob(c, arg, kind, size, out);
}

void dec_timespec_val(struct strbuf *sb, const unsigned char *p)
{
	long long t[2];

	memcpy(t, p, sizeof(t));
	sb_addf(sb, "{tv_sec=%lld, tv_nsec=%lld}", t[0], t[1]);
}

static void print_timespec(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;

	if (!fixed_blob(c, i, kind, 16, &b)) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	dec_timespec_val(sb, b.data);
}

static void print_utsname(struct strbuf *sb, const struct call *c, int i)
{
	struct blob_ref b;

	if (!fixed_blob(c, i, BK_OUTFIX, 390, &b)) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	sb_adds(sb, "{sysname=");
	fmt_quote(sb, b.data, (long)strnlen((const char *)b.data, 65), LONG_MAX, false);
	sb_adds(sb, ", nodename=");
	fmt_quote(sb, b.data + 65, (long)strnlen((const char *)b.data + 65, 65), LONG_MAX, false);
	sb_adds(sb, ", ...}");
}

/* A signal set as strace shows it: [USR1 TERM], or ~[...] when most are set. */
static void print_sigset(struct strbuf *sb, const struct call *c, int i, int kind)
{
	struct blob_ref b;
	unsigned long long set;

	if (!fixed_blob(c, i, kind, 8, &b)) {
		print_ptr(sb, argv_of(c, i));
		return;
	}
	memcpy(&set, b.data, 8);
	dec_sigset_val(sb, set);
}

void dec_sigset_val(struct strbuf *sb, unsigned long long set)
{
	bool invert, first = true;

	invert = __builtin_popcountll(set) > 32;
	if (invert)
		set = ~set;
	sb_adds(sb, invert ? "~[" : "[");
	for (int sig = 1; sig <= 64; sig++) {
		struct strbuf name;

		if (!(set & (1ULL << (sig - 1))))
			continue;
		sb_init(&name);
		print_signal(&name, sig);
		sb_addf(sb, "%s%s", first ? "" : " ",
			strncmp(name.buf, "SIG", 3) == 0 ? name.buf + 3 : name.buf);
		sb_free(&name);
		first = false;
	}
	sb_addc(sb, ']');
}

void dec_named(struct strbuf *sb, const struct flagset *set, unsigned long long v,
			const char *unknown)
{
	const char *n = flag_name(set, v);

	if (n)
		sb_adds(sb, n);
	else
		sb_addf(sb, "%#llx /* %s */", v, unknown);
}

/* Every format but those of clone and the flag-dependent mode. */
static void print_arg(struct strbuf *sb, const struct call *c, int i)
{
	unsigned long long v = argv_of(c, i);

	switch (c->sys->arg[i]) {
	case F_INT: sb_addf(sb, "%d", (int)v); break;
	case F_LONG: sb_addf(sb, "%lld", (long long)v); break;
	case F_UINT: sb_addf(sb, "%llu", v); break;
	case F_HEX: sb_addf(sb, "%#llx", v); break;
	case F_PTR: print_ptr(sb, v); break;
	case F_FD: dec_fd(sb, c, (int)v); break;
	case F_DIRFD:
		if ((int)v == AT_FDCWD) {
			sb_adds(sb, "AT_FDCWD");
			if (c->fd_paths && c->enter)
				fd_path(sb, c, "cwd");
		} else
			dec_fd(sb, c, (int)v);
		break;
	case F_PATH: print_cstr(sb, c, i, BK_PATH); break;
	case F_STR: print_cstr(sb, c, i, BK_STR); break;
	case F_BUFIN: print_buf(sb, c, i, BK_BUFIN, (long long)argv_of(c, i + 1)); break;
	case F_BUFOUT: print_buf(sb, c, i, BK_OUTBUF, ret_of(c)); break;
	case F_OFLAGS: dec_oflags(sb, v); break;
	case F_FDFLAGS: print_flags(sb, &open_flags, v, NULL); break;
	case F_MODE: case F_OCTAL: sb_addf(sb, "%#03llo", v); break;
	case F_PROT: print_flags(sb, &prot_flags, v, "PROT_NONE"); break;
	case F_MMAPF: print_mmapf(sb, v); break;
	case F_WHENCE: {
		const char *n = flag_name(&whence_names, v);

		if (n)
			sb_adds(sb, n);
		else
			sb_addf(sb, "%#llx /* SEEK_??? */", v);
		break;
	}
	case F_ATFLAGS: print_flags(sb, &at_flags, v, NULL); break;
	case F_ACCESS: print_flags(sb, &access_flags, v, "F_OK"); break;
	case F_WAITOPTS: print_flags(sb, &wait_flags, v, NULL); break;
	case F_STAT: print_stat(sb, c, i); break;
	case F_ARGV: print_argv(sb, c, i); break;
	case F_ENVP: print_envp(sb, c, i); break;
	case F_SIG: print_signal(sb, (int)v); break;
	case F_FAMILY: print_flags(sb, &family_names, v, "AF_UNSPEC"); break;
	case F_SOCKTYPE: print_socktype(sb, v); break;
	case F_PROTO: print_proto(sb, c, v); break;
	case F_SOCKADDR: print_sockaddr(sb, c, i, BK_INSZ); break;
	case F_SOCKADDR_OUT: print_sockaddr(sb, c, i, BK_OUTFIX); break;
	case F_SOCKLENP: print_int_out(sb, c, i, 1); break;
	case F_PIPEFDS: print_int_out(sb, c, i, 2); break;
	case F_WSTATUS: print_wstatus(sb, c, i); break;
	case F_ARCHPRCTL: dec_named(sb, &arch_prctl_names, v, "ARCH_???"); break;
	case F_CLOCKID: dec_named(sb, &clock_names, v, "CLOCK_???"); break;
	case F_SIGHOW: dec_named(sb, &sighow_names, v, "SIG_???"); break;
	case F_TIMERFLAGS: print_flags(sb, &timer_flags, v, NULL); break;
	case F_TIMESPEC: print_timespec(sb, c, i, BK_INFIX); break;
	case F_TIMESPEC_OUT: print_timespec(sb, c, i, BK_OUTFIX); break;
	case F_UTSNAME: print_utsname(sb, c, i); break;
	case F_SIGSET: print_sigset(sb, c, i, BK_INFIX); break;
	case F_SIGSET_OUT: print_sigset(sb, c, i, BK_OUTFIX); break;
	case F_CWD: {
		struct blob_ref b;

		if (failed(c) || !blob(c, i, BK_OUTSTR, &b) || b.len <= 0)
			print_ptr(sb, v);
		else
			fmt_quote(sb, b.data, b.len - 1, LONG_MAX, false);
		break;
	}
	default: dec_arg(sb, c, i); break;
	}
}

/* open/openat print their mode only when it is used; hooks decide for fcntl, futex... */
static bool arg_shown(const struct call *c, int i)
{
	if (!(dec_shown(c) & (1u << i)))
		return false;
	if (c->sys->arg[i] != F_MODE || i == 0)
		return true;
	return (argv_of(c, i - 1) & O_CREAT) || (argv_of(c, i - 1) & O_TMPFILE) == O_TMPFILE;
}

/* clone(flags, stack, parent_tid, child_tid, tls) as strace names them. */
static void print_clone(struct strbuf *sb, const struct call *c)
{
	unsigned long long flags = argv_of(c, 0);
	unsigned long long sig = flags & 0xff;

	sb_adds(sb, "child_stack=");
	print_ptr(sb, argv_of(c, 1));
	sb_adds(sb, ", flags=");
	flags &= ~0xffULL;
	if (flags)
		print_flags(sb, &clone_flags, flags, NULL);
	if (sig) {
		sb_adds(sb, flags ? "|" : "");
		print_signal(sb, (int)sig);
	}
	if (!flags && !sig)
		sb_adds(sb, "0");
	if (flags & CLONE_PARENT_SETTID)
		sb_addf(sb, ", parent_tid=%#llx", argv_of(c, 2));
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
		sb_addf(sb, ", child_tidptr=%#llx", argv_of(c, 3));
	if (flags & CLONE_SETTLS)
		sb_addf(sb, ", tls=%#llx", argv_of(c, 4));
}

static int first_exit_arg(const struct call *c)
{
	for (int i = 0; i < c->sys->nargs; i++)
		if (c->sys->decoded && argfmt_at_exit(c->sys->arg[i]))
			return i;
	return c->sys->nargs;
}

/* Whether any argument from..to-1 prints. */
static bool any_shown(const struct call *c, int from, int to)
{
	for (int i = from; i < to; i++)
		if (arg_shown(c, i))
			return true;
	return false;
}

static void print_args(struct strbuf *sb, const struct call *c, int from, int to)
{
	bool first = true;

	for (int i = from; i < to; i++) {
		if (!arg_shown(c, i))
			continue;
		if (!first)
			sb_adds(sb, ", ");
		print_arg(sb, c, i);
		first = false;
	}
}

void fmt_enter(struct strbuf *sb, const struct call *c)
{
	int split = first_exit_arg(c);

	sb_addf(sb, "%s(", c->sys->name);
	if (c->sys->decoded && c->sys->arg[0] == F_CLONEF && c->sys->nargs == 5)
		return;		/* clone prints at exit: its flags decide what follows */
	print_args(sb, c, 0, split);
	if (any_shown(c, 0, split) && any_shown(c, split, c->sys->nargs))
		sb_adds(sb, ", ");
}

void fmt_exit(struct strbuf *sb, const struct call *c)
{
	int split = first_exit_arg(c);

	if (c->sys->decoded && c->sys->arg[0] == F_CLONEF && c->sys->nargs == 5)
		print_clone(sb, c);
	else
		print_args(sb, c, split, c->sys->nargs);
	sb_addc(sb, ')');
}

void fmt_return(struct strbuf *sb, const struct call *c)
{
	long long r = ret_of(c);

	if (!c->exit || c->sys->ret == R_NONE) {
		sb_adds(sb, "= ?");
	} else if (r < 0 && r >= -4095) {
		const char *name = errno_name((int)-r);

		if (-r >= 512 && -r <= 516 && name)	/* the kernel's restart codes */
			sb_addf(sb, "= ? %s (%s)", name, errno_text((int)-r));
		else if (name)
			sb_addf(sb, "= -1 %s (%s)", name, errno_text((int)-r));
		else
			sb_addf(sb, "= -1 E??? (errno %lld)", -r);
	} else if (dec_return(sb, c)) {
		return;
	} else if (c->sys->ret == R_HEX) {
		sb_addf(sb, "= %#llx", (unsigned long long)r);
	} else if (c->sys->ret == R_OCTAL) {
		sb_addf(sb, "= %#03llo", (unsigned long long)r);
	} else {
		sb_addf(sb, "= %lld", r);
	}
}

void fmt_signal(struct strbuf *sb, const struct strace_rec *r)
{
	print_signal(sb, (int)r->nr);
	sb_adds(sb, " ");
	dec_siginfo(sb, (const unsigned char *)r->a);
}

/* CPU time in clock ticks, and in seconds when there is some. */
static void print_ticks(struct strbuf *sb, const char *name, long long t)
{
	long hz = sysconf(_SC_CLK_TCK);

	sb_addf(sb, "%s%lld", name, t);
	if (t && hz == 100)
		sb_addf(sb, " /* %lld.%02lld s */", t / 100, t % 100);
	else if (t && hz > 0)
		sb_addf(sb, " /* %.6g s */", (double)t / (double)hz);
}

void dec_siginfo(struct strbuf *sb, const unsigned char *p)
{
	int info[12];
	int sig, code;

	memcpy(info, p, sizeof(info));
	sig = info[0];
	code = info[2];
	sb_adds(sb, "{si_signo=");
	print_signal(sb, info[0]);
	sb_adds(sb, ", si_code=");
	if (sig == SIGCHLD && code > 0 && flag_name(&cld_code_names, (unsigned)code)) {
		long long ut, st;

		memcpy(&ut, &info[8], 8);
		memcpy(&st, &info[10], 8);
		sb_addf(sb, "%s, si_pid=%d, si_uid=%u, si_status=", flag_name(&cld_code_names, (unsigned)code),
			info[4], (unsigned)info[5]);
		if (code == CLD_EXITED)
			sb_addf(sb, "%d", info[6]);
		else
			print_signal(sb, info[6]);
		print_ticks(sb, ", si_utime=", ut);
		print_ticks(sb, ", si_stime=", st);
		sb_adds(sb, "}");
		return;
	}
	if (flag_name(&si_code_names, (unsigned long long)(long long)code)) {
		sb_adds(sb, flag_name(&si_code_names, (unsigned long long)(long long)code));
		if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE)
			sb_addf(sb, ", si_pid=%d, si_uid=%u", info[4], (unsigned)info[5]);
		sb_adds(sb, "}");
		return;
	}
	sb_addf(sb, "%d}", code);
}

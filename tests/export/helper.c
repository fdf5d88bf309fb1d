// SPDX-License-Identifier: GPL-2.0
/*
 * What the export tests need that the shell lacks:
 *
 *   helper port              a TCP port on 127.0.0.1 the kernel says is free
 *   helper bcrypt PASSWORD   a bcrypt hash of PASSWORD (for basic_auth_users)
 *   helper send PORT         send stdin to 127.0.0.1:PORT as it is, print the
 *                            response's status line (or "closed")
 *   helper receive PORT DIR N   a stand-in for Pyroscope and Parca: answer N
 *                            requests on 127.0.0.1:PORT with 200, saving each
 *                            as DIR/K.head, DIR/K.body and, for a multipart
 *                            body, its first part's content as DIR/K.part
 *   helper idle N SECONDS PORT  open N connections to 127.0.0.1:$PORT, send
 *                            nothing, hold them SECONDS (a slow client)
 */
#include <arpa/inet.h>
#include <crypt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return 1;
	printf("%d\n", ntohs(a.sin_port));
	close(fd);
	return 0;
}

static int bcrypt(const char *password)
{
	char salt[64];
	struct crypt_data cd = { 0 };
	const char *h;

	if (!crypt_gensalt_rn("$2b$", 6, NULL, 0, salt, sizeof(salt)))
		return 1;
	h = crypt_r(password, salt, &cd);
	if (!h || h[0] == '*')
		return 1;
	printf("%s\n", h);
	return 0;
}

static int idle(int n, int secs, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	for (int i = 0; i < n; i++) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
			return 1;
	}
	printf("ready\n");
	fflush(stdout);
	sleep(secs);
	return 0;
}

static int send_raw(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	char buf[65536], *nl;
	size_t len = fread(buf, 1, sizeof(buf), stdin), got = 0;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n;

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		return 1;
	if (len && write(fd, buf, len) < 0) {
		printf("closed\n");
		return 0;
	}
	shutdown(fd, SHUT_WR);	/* an incomplete request is answered by a close */
	while (got < sizeof(buf) - 1 && (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	nl = strpbrk(buf, "\r\n");
	if (nl)
		*nl = 0;
	printf("%s\n", got ? buf : "closed");
	return 0;
}

static char *find(char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return hay + i;
	return NULL;
}

/* The first part of a multipart body, between its blank line and the next boundary. */
static void save_part(const char *path, const char *head, char *body, size_t len)
{
	const char *b = strstr(head, "boundary=");
	char delim[128], *start, *end;
	FILE *f;

	if (!b)
		return;
	snprintf(delim, sizeof(delim), "\r\n--%.*s", (int)strcspn(b + 9, "\r\n;"), b + 9);
	start = find(body, len, "\r\n\r\n");
	if (!start)
		return;
	start += 4;
	end = find(start, len - (start - body), delim);
	if (!end || !(f = fopen(path, "w")))
		return;
	fwrite(start, 1, end - start, f);
	fclose(f);
}

static void save(const char *dir, int k, const char *ext, const char *data, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%d.%s", dir, k, ext);
	f = fopen(path, "w");
	if (f) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static int receive(int port, const char *dir, int n)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);

	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 8) < 0)
		return 1;
	printf("ready\n");
	fflush(stdout);
	for (int k = 1; k <= n; k++) {
		size_t cap = 1 << 20, got = 0, need = 0, hlen = 0;
		char *buf = malloc(cap), *end = NULL, path[4096];
		int fd = accept(lfd, NULL, NULL);
		ssize_t r;

		while (fd >= 0 && (!end || got < hlen + need)) {
			if (got == cap)
				buf = realloc(buf, cap *= 2);
			r = read(fd, buf + got, cap - got);
			if (r <= 0)
				break;
			got += r;
			if (!end && (end = find(buf, got, "\r\n\r\n"))) {
				char *cl;

				hlen = end + 4 - buf;
				*end = 0;
				cl = strcasestr(buf, "Content-Length:");
				need = cl ? strtoul(cl + 15, NULL, 10) : 0;
				*end = '\r';
			}
		}
		if (end) {
			save(dir, k, "head", buf, hlen);
			save(dir, k, "body", buf + hlen, got - hlen);
			buf[hlen - 1] = 0;
			snprintf(path, sizeof(path), "%s/%d.part", dir, k);
			save_part(path, buf, buf + hlen, got - hlen);
		}
		if (fd >= 0) {
			if (write(fd, ok, sizeof(ok) - 1) < 0)
				k += 0;
			close(fd);
		}
		free(buf);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "port") == 0)
		return free_port();
	if (argc == 3 && strcmp(argv[1], "bcrypt") == 0)
		return bcrypt(argv[2]);
	if (argc == 5 && strcmp(argv[1], "receive") == 0)
		return receive(atoi(argv[2]), argv[3], atoi(argv[4]));
	if (argc == 3 && strcmp(argv[1], "send") == 0)
		return send_raw(atoi(argv[2]));
	if (argc == 5 && strcmp(argv[1], "idle") == 0)
		return idle(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: helper port | bcrypt PASSWORD | idle N SECONDS PORT\n");
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * What the export tests need that the shell lacks:
 *
 *   helper port              a TCP port on 127.0.0.1 the kernel says is free
 *   helper bcrypt PASSWORD   a bcrypt hash of PASSWORD (for basic_auth_users)
 *   helper send PORT         send stdin to 127.0.0.1:PORT as it is, print the
 *                            response's status line (or "closed")
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

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "port") == 0)
		return free_port();
	if (argc == 3 && strcmp(argv[1], "bcrypt") == 0)
		return bcrypt(argv[2]);
	if (argc == 3 && strcmp(argv[1], "send") == 0)
		return send_raw(atoi(argv[2]));
	if (argc == 5 && strcmp(argv[1], "idle") == 0)
		return idle(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: helper port | bcrypt PASSWORD | idle N SECONDS PORT\n");
	return 2;
}

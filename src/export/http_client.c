// SPDX-License-Identifier: GPL-2.0
/*
 * The HTTP client of the push modes (Pushgateway, Pyroscope, Parca):
 * one request per connection, plain HTTP, HTTP_CLIENT_TIMEOUT_S for each
 * socket operation, the response's status code read and the rest
 * ignored.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "export/http.h"

#define HTTP_CLIENT_TIMEOUT_S 5

/* http://HOST[:PORT][/PATH] */
static int parse_url(const char *url, char *host, size_t hlen, char *port, size_t plen,
		     const char **path)
{
	const char *p, *end, *colon;

	if (strncmp(url, "http://", 7) != 0)
		return -1;
	p = url + 7;
	end = p + strcspn(p, "/");
	*path = *end ? end : "";
	if (*p == '[') {
		const char *close = memchr(p, ']', end - p);

		if (!close)
			return -1;
		snprintf(host, hlen, "%.*s", (int)(close - p - 1), p + 1);
		colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = memchr(p, ':', end - p);
		snprintf(host, hlen, "%.*s", (int)((colon ? colon : end) - p), p);
	}
	snprintf(port, plen, "%.*s", colon ? (int)(end - colon - 1) : 2,
		 colon ? colon + 1 : "80");
	return *host && *port ? 0 : -1;
}

static int connect_to(const char *host, const char *port, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	struct timeval tv = { .tv_sec = HTTP_CLIENT_TIMEOUT_S };
	int fd = -1, rc = getaddrinfo(host, port, &hints, &res);

	if (rc) {
		snprintf(err, errlen, "%s: %s", host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
			snprintf(err, errlen, "connecting to %s:%s: %s", host, port, strerror(errno));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/* The status code of the response, or -1. */
static int read_status(int fd)
{
	char buf[256];
	size_t got = 0;
	ssize_t n;
	int status;

	while (got < sizeof(buf) - 1 && !memchr(buf, '\n', got)) {
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	buf[got] = 0;
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	return status;
}

int http_send(const char *url, const char *method, const char *path_query,
	      const char *content_type, const void *body, size_t len, const char *headers,
	      char *err, size_t errlen)
{
	char host[256], port[16];
	const char *path;
	struct strbuf req;
	int fd, status;

	if (parse_url(url, host, sizeof(host), port, sizeof(port), &path) < 0) {
		snprintf(err, errlen, "bad URL '%s' (http://HOST:PORT)", url);
		return -1;
	}
	fd = connect_to(host, port, err, errlen);
	if (fd < 0)
		return -1;
	sb_init(&req);
	sb_addf(&req, "%s ", method);
	/* the URL's own path is a prefix ("http://gw:9091/prefix") */
	sb_add(&req, path, *path && path[strlen(path) - 1] == '/' ? strlen(path) - 1 : strlen(path));
	sb_addf(&req, "%s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: sonde\r\n"
		"Content-Type: %s\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n",
		path_query, host, port, content_type, len, headers ? headers : "");
	sb_add(&req, body, len);
	status = write_all(fd, req.buf, req.len) < 0 ? -1 : read_status(fd);
	close(fd);
	sb_free(&req);
	if (status / 100 != 2) {
		if (status < 0)
			snprintf(err, errlen, "%s: no answer", url);
		else
			snprintf(err, errlen, "%s answered %d", url, status);
	}
	return status;
}

void http_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			sb_addc(sb, c);
		else
			sb_addf(sb, "%%%02X", c);
	}
}

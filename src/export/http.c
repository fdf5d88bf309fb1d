// SPDX-License-Identifier: GPL-2.0
/*
 * The HTTP server: non-blocking sockets under one poll() loop.  A
 * connection reads one request head (at most HTTP_MAX_REQUEST bytes),
 * gets its whole response built by the handler, writes it and is closed;
 * it has HTTP_TIMEOUT_MS for all of that.  When HTTP_MAX_CONNS are open,
 * a new connection takes the place of the oldest one still waiting for
 * its request, so idle clients cannot lock scrapers out; only when every
 * connection is being answered does a new one get a 503.  TLS (tls.c) and basic auth (auth.c) sit
 * between the socket and the parser when a web config asks for them.
 */
#include "export/http.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "export/tls.h"
#include "util.h"

struct http_conn {
	int fd;
	uint64_t deadline_ms;
	char in[HTTP_MAX_REQUEST];
	size_t inlen;
	struct strbuf out;	/* the whole response, once built */
	size_t sent;
	bool responding;
	bool waiting;		/* a deferred answer is being prepared */
	uint64_t id;
	struct tls_conn *tls;
};

static uint64_t now_ms(void)
{
	return monotonic_ns() / 1000000;
}

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}

/* "host:port", "[v6]:port" or ":port" into host (NULL: any) and port. */
static int split_addr(const char *addr, char *host, size_t hlen, const char **port)
{
	const char *colon;

	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');

		if (!close || close[1] != ':' || (size_t)(close - addr - 1) >= hlen)
			return -1;
		memcpy(host, addr + 1, close - addr - 1);
		host[close - addr - 1] = 0;
		*port = close + 2;
		return 0;
	}
	colon = strrchr(addr, ':');
	if (!colon || (size_t)(colon - addr) >= hlen)
		return -1;
	memcpy(host, addr, colon - addr);
	host[colon - addr] = 0;
	*port = colon + 1;
	return 0;
}

static int bound_port(int fd, char *addr, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char h[NI_MAXHOST], p[NI_MAXSERV];

	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, h, sizeof(h), p, sizeof(p),
			NI_NUMERICHOST | NI_NUMERICSERV))
		return -1;
	snprintf(addr, len, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", h, p);
	return atoi(p);
}

int http_listen(struct http_server *s, const char *addr, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res;
	char host[128];
	const char *port;
	int fd, one = 1, rc;

	memset(s->conns, 0, sizeof(s->conns));
	s->fd = -1;
	if (split_addr(addr, host, sizeof(host), &port) < 0 || !*port) {
		snprintf(err, errlen, "bad listen address '%s' (HOST:PORT, [V6]:PORT or :PORT)", addr);
		return -1;
	}
	rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "listen address '%s': %s", addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 64) < 0) {
			snprintf(err, errlen, "listening on %s: %s", addr, strerror(errno));
			close(fd);
			fd = -1;
		}
	} else {
		snprintf(err, errlen, "socket: %s", strerror(errno));
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -1;
	s->fd = fd;
	s->port = bound_port(fd, s->addr, sizeof(s->addr));
	return 0;
}

static void conn_free(struct http_server *s, int i)
{
	struct http_conn *c = s->conns[i];

	if (c->tls)
		tls_conn_free(c->tls);
	close(c->fd);
	sb_free(&c->out);
	free(c);
	s->conns[i] = NULL;
}

static void build_response(struct http_conn *c, struct http_response *r)
{
	sb_addf(&c->out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		"Connection: close\r\n%s\r\n", r->status, http_reason(r->status),
		r->content_type ? r->content_type : "text/plain; charset=utf-8", r->body.len,
		r->headers ? r->headers : "");
	if (r->body.len)
		sb_add(&c->out, r->body.buf, r->body.len);
	c->responding = true;
}

static void respond_error(struct http_conn *c, int status, const char *headers)
{
	struct http_response r = { .status = status, .headers = headers };

	sb_init(&r.body);
	sb_addf(&r.body, "%d %s\n", status, http_reason(status));
	build_response(c, &r);
	sb_free(&r.body);
}

static void handle_request(struct http_server *s, struct http_conn *c)
{
	struct http_request req;
	struct http_response r = { .status = 200 };
	int n = http_parse_request(c->in, c->inlen, &req);

	if (n == 0)
		return;	/* more to read */
	s->requests++;
	if (n < 0) {
		respond_error(c, -n, -n == 405 ? "Allow: GET\r\n" : NULL);
		return;
	}
	if (s->auth && !auth_check(s->auth, req.authorization)) {
		respond_error(c, 401, "WWW-Authenticate: Basic realm=\"sonde\"\r\n");
		return;
	}
	sb_init(&r.body);
	r.conn_id = c->id;
	s->handler(&req, &r, s->arg);
	if (r.defer_ms) {
		c->waiting = true;
		c->deadline_ms = now_ms() + r.defer_ms + HTTP_TIMEOUT_MS;
	} else {
		build_response(c, &r);
	}
	sb_free(&r.body);
}

static bool conn_step(struct http_server *s, struct http_conn *c);

int http_complete(struct http_server *s, uint64_t conn_id, struct http_response *r)
{
	for (int i = 0; i < HTTP_MAX_CONNS; i++) {
		struct http_conn *c = s->conns[i];

		if (!c || c->id != conn_id || !c->waiting)
			continue;
		c->waiting = false;
		build_response(c, r);
		if (!conn_step(s, c))
			conn_free(s, i);
		return 0;
	}
	return -1;
}

static ssize_t conn_recv(struct http_conn *c, void *buf, size_t n)
{
	return c->tls ? tls_recv(c->tls, buf, n) : recv(c->fd, buf, n, 0);
}

static ssize_t conn_send(struct http_conn *c, const void *buf, size_t n)
{
	return c->tls ? tls_send(c->tls, buf, n) : send(c->fd, buf, n, MSG_NOSIGNAL);
}

/* Progress on one connection; false when it is done (closed or failed). */
static bool conn_step(struct http_server *s, struct http_conn *c)
{
	ssize_t n;
	char scratch[256];

	if (c->waiting) {
		/* only a hang-up wakes a waiting connection; extra bytes are dropped */
		n = conn_recv(c, scratch, sizeof(scratch));
		return n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR));
	}
	if (!c->responding) {
		if (c->inlen >= sizeof(c->in)) {
			respond_error(c, 431, NULL);
		} else {
			n = conn_recv(c, c->in + c->inlen, sizeof(c->in) - c->inlen);
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
				return false;
			if (n > 0) {
				c->inlen += n;
				handle_request(s, c);
			}
		}
	}
	while (c->responding && c->sent < c->out.len) {
		n = conn_send(c, c->out.buf + c->sent, c->out.len - c->sent);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR;
		c->sent += n;
	}
	return !(c->responding && c->sent == c->out.len);
}

/*
 * Every slot is taken: close the oldest connection still waiting for its
 * request (a client that connects and sends nothing must not lock
 * scrapers out); -1 when all are busy answering.
 */
static int evict_idle(struct http_server *s)
{
	int oldest = -1;

	for (int i = 0; i < HTTP_MAX_CONNS; i++) {
		if (s->conns[i]->responding || s->conns[i]->waiting)
			continue;
		if (oldest < 0 || s->conns[i]->deadline_ms < s->conns[oldest]->deadline_ms)
			oldest = i;
	}
	if (oldest >= 0) {
		s->refused++;
		conn_free(s, oldest);
	}
	return oldest;
}

static void accept_one(struct http_server *s)
{
	struct http_conn *c;
	int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC), i;

	if (fd < 0)
		return;
	for (i = 0; i < HTTP_MAX_CONNS && s->conns[i]; i++)
		;
	if (i == HTTP_MAX_CONNS)
		i = evict_idle(s);
	if (i < 0) {
		static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\n"
					   "Content-Length: 0\r\nConnection: close\r\n\r\n";

		s->refused++;
		if (!s->tls && send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
			errno = 0;
		close(fd);
		return;
	}
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->deadline_ms = now_ms() + HTTP_TIMEOUT_MS;
	c->id = ++s->next_id;
	sb_init(&c->out);
	if (s->tls) {
		c->tls = tls_conn_new(s->tls, fd);
		if (!c->tls) {
			close(fd);
			free(c);
			return;
		}
	}
	s->conns[i] = c;
}

static short conn_events(const struct http_conn *c)
{
	if (c->waiting)
		return POLLRDHUP;
	if (c->tls)
		return tls_events(c->tls, c->responding);
	return c->responding ? POLLOUT : POLLIN;
}

/* Close connections past their deadline (a 408 is not worth waiting for). */
static int expire_conns(struct http_server *s, uint64_t now, int timeout_ms)
{
	for (int i = 0; i < HTTP_MAX_CONNS; i++) {
		if (!s->conns[i])
			continue;
		if (now >= s->conns[i]->deadline_ms) {
			conn_free(s, i);
			continue;
		}
		if ((int64_t)(s->conns[i]->deadline_ms - now) < timeout_ms)
			timeout_ms = (int)(s->conns[i]->deadline_ms - now);
	}
	return timeout_ms;
}

int http_poll(struct http_server *s, int extra_fd, int timeout_ms)
{
	struct pollfd pfd[HTTP_MAX_CONNS + 2];
	int map[HTTP_MAX_CONNS + 2], n = 0, extra = -1, lst = -1, ready = 0;

	timeout_ms = expire_conns(s, now_ms(), timeout_ms);
	if (extra_fd >= 0) {
		extra = n;
		pfd[n++] = (struct pollfd){ .fd = extra_fd, .events = POLLIN };
	}
	if (s->fd >= 0) {
		lst = n;
		pfd[n++] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
	}
	for (int i = 0; i < HTTP_MAX_CONNS; i++) {
		if (!s->conns[i])
			continue;
		map[n] = i;
		pfd[n++] = (struct pollfd){ .fd = s->conns[i]->fd, .events = conn_events(s->conns[i]) };
	}
	if (poll(pfd, n, timeout_ms) <= 0)
		return 0;
	for (int k = 0; k < n; k++) {
		if (!pfd[k].revents)
			continue;
		if (k == extra)
			ready = 1;
		else if (k == lst)
			accept_one(s);
		else if (s->conns[map[k]] && !conn_step(s, s->conns[map[k]]))
			conn_free(s, map[k]);
	}
	return ready;
}

void http_close(struct http_server *s)
{
	for (int i = 0; i < HTTP_MAX_CONNS; i++)
		if (s->conns[i])
			conn_free(s, i);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP server of sonde serve: small and bounded, because it runs in a
 * root process.  GET only, one request per connection, at most
 * HTTP_MAX_CONNS connections, HTTP_MAX_REQUEST bytes of request head and
 * HTTP_TIMEOUT_MS from accept to the last byte of the response.  One
 * thread: poll() over the listening socket and the connections.
 */
#ifndef SONDE_HTTP_H
#define SONDE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define HTTP_MAX_REQUEST	8192
#define HTTP_MAX_TARGET		1024
#define HTTP_MAX_HEADERS	64
#define HTTP_MAX_CONNS		16
#define HTTP_TIMEOUT_MS		10000

struct http_request {
	char method[16];
	char path[HTTP_MAX_TARGET + 1];		/* before '?' */
	char query[HTTP_MAX_TARGET + 1];	/* after '?', undecoded */
	char accept[512];
	char authorization[512];
	bool accept_gzip;			/* Accept-Encoding lists gzip */
	int minor;				/* HTTP/1.minor */
};

/*
 * Parse the head of a request held in buf[0..len).  Returns its length
 * when complete, 0 when more bytes are needed, or -STATUS for a request
 * to refuse: 400 malformed, 405 a method other than GET, 414 a target
 * too long, 431 a head too large, 505 not HTTP/1.x.  Never reads past
 * len; any bytes are accepted as input.
 */
int http_parse_request(const char *buf, size_t len, struct http_request *req);
/* The value of query parameter name (decoded into out), or false. */
bool http_query_param(const char *query, const char *name, char *out, size_t outlen);

struct http_response {
	int status;
	const char *content_type;
	const char *headers;	/* extra header lines, each ending in \r\n, or NULL */
	struct strbuf body;
	/*
	 * A handler that answers later (a profile over N seconds) sets
	 * defer_ms and keeps conn_id for http_complete(); the connection's
	 * deadline moves by defer_ms.
	 */
	unsigned defer_ms;
	uint64_t conn_id;
};

typedef void (*http_handler)(const struct http_request *req, struct http_response *resp,
			     void *arg);

struct tls_server;
struct http_conn;

struct http_server {
	int fd;			/* listening socket */
	char addr[128];		/* where it listens, host:port */
	int port;
	http_handler handler;
	void *arg;
	struct tls_server *tls;	/* NULL: plain HTTP */
	const char *auth;	/* "user:hash" lines for basic auth, NULL: none */
	struct http_conn *conns[HTTP_MAX_CONNS];
	uint64_t requests, refused;
	uint64_t next_id;
};

/*
 * Listen on addr ("127.0.0.1:9464", "[::1]:9464", ":9464" for every
 * address; port 0 asks the kernel for a free one).  0, or -1 with err.
 */
int http_listen(struct http_server *s, const char *addr, char *err, size_t errlen);
/*
 * Serve for up to timeout_ms.  extra_fd (or -1) is polled too; returns 1
 * when it is readable, else 0.
 */
int http_poll(struct http_server *s, int extra_fd, int timeout_ms);
/* Answer a deferred request; -1 when its client has gone meanwhile. */
int http_complete(struct http_server *s, uint64_t conn_id, struct http_response *r);
void http_close(struct http_server *s);
/*
 * The client (http_client.c): METHOD url's path + path_query, the body,
 * extra header lines (each ending in \r\n) or NULL.  Returns the status
 * code, or -1; err says why when it is not 2xx.
 */
int http_send(const char *url, const char *method, const char *path_query,
	      const char *content_type, const void *body, size_t len, const char *headers,
	      char *err, size_t errlen);

/* s %-encoded for a URL path segment or query value (RFC 3986 unreserved kept). */
void http_escape(struct strbuf *sb, const char *s);

/* The reason phrase of a status code. */
const char *http_reason(int status);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * The request parser, written for hostile input: every index is checked
 * against the length, nothing is assumed NUL-terminated, and anything
 * outside the small grammar sonde needs (RFC 9112's request line and
 * header fields, no body) is refused with a status.  It is fuzzed by
 * tests/fuzz/fuzz_http.c.
 */
#include <string.h>

#include "export/http.h"

/* RFC 9110 tchar. */
static bool tchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* The end of the head ("\r\n\r\n" or "\n\n"), or 0. */
static size_t head_end(const char *buf, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The line starting at *pos (without its \r\n); false at the head's end. */
static bool next_line(const char *buf, size_t end, size_t *pos, const char **line, size_t *n)
{
	size_t i = *pos;

	while (i < end && buf[i] != '\n')
		i++;
	if (i >= end)
		return false;
	*line = buf + *pos;
	*n = i - *pos;
	if (*n && (*line)[*n - 1] == '\r')
		(*n)--;
	*pos = i + 1;
	return true;
}

static bool copy_bounded(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		return false;
	memcpy(dst, src, n);
	dst[n] = 0;
	return true;
}

static int parse_request_line(const char *l, size_t n, struct http_request *req)
{
	size_t m = 0, t, tlen, q;
	const char *target;

	while (m < n && tchar(l[m]))
		m++;
	if (!m || m >= n || l[m] != ' ')
		return -400;
	if (!copy_bounded(req->method, sizeof(req->method), l, m))
		return -405;
	t = m + 1;
	target = l + t;
	for (tlen = 0; t + tlen < n && l[t + tlen] != ' '; tlen++)
		if ((unsigned char)l[t + tlen] <= 0x20 || (unsigned char)l[t + tlen] >= 0x7f)
			return -400;
	if (t + tlen >= n || !tlen)
		return -400;
	if (tlen > HTTP_MAX_TARGET)
		return -414;
	if (target[0] != '/')
		return -400;	/* origin-form only: no proxies, no "*" */
	if (n - (t + tlen + 1) != 8 || memcmp(l + t + tlen + 1, "HTTP/1.", 7) != 0)
		return n - (t + tlen + 1) >= 5 && memcmp(l + t + tlen + 1, "HTTP/", 5) == 0 ?
			-505 : -400;
	if (l[n - 1] != '0' && l[n - 1] != '1')
		return -505;
	req->minor = l[n - 1] - '0';
	for (q = 0; q < tlen && target[q] != '?'; q++)
		;
	copy_bounded(req->path, sizeof(req->path), target, q);
	if (q < tlen)
		copy_bounded(req->query, sizeof(req->query), target + q + 1, tlen - q - 1);
	return 0;
}

static bool name_is(const char *l, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(l, name, n) == 0;
}

/* Keep a header's value when it fits; values that do not are refused. */
static int keep_value(char *dst, size_t cap, const char *v, size_t n)
{
	return copy_bounded(dst, cap, v, n) ? 0 : -431;
}

static int parse_header(const char *l, size_t n, struct http_request *req)
{
	size_t c = 0, v, e;

	while (c < n && tchar(l[c]))
		c++;
	if (!c || c >= n || l[c] != ':')
		return -400;	/* also obs-fold lines and spaces before the colon */
	for (v = c + 1; v < n && (l[v] == ' ' || l[v] == '\t'); v++)
		;
	for (e = n; e > v && (l[e - 1] == ' ' || l[e - 1] == '\t'); e--)
		;
	for (size_t i = v; i < e; i++)
		if (l[i] == 0 || l[i] == '\r' || l[i] == 0x7f ||
		    ((unsigned char)l[i] < 0x20 && l[i] != '\t'))
			return -400;
	if (name_is(l, c, "Accept"))
		return keep_value(req->accept, sizeof(req->accept), l + v, e - v);
	if (name_is(l, c, "Accept-Encoding")) {
		/* "gzip" as a whole token: not "x-gzip-foo"; a q=0 is not honoured */
		for (size_t i = v; i + 4 <= e; i++)
			if (strncasecmp(l + i, "gzip", 4) == 0 && (i == v || strchr(" ,\t", l[i - 1])) &&
			    (i + 4 == e || strchr(" ,;\t", l[i + 4])))
				req->accept_gzip = true;
		return 0;
	}
	if (name_is(l, c, "Authorization"))
		return keep_value(req->authorization, sizeof(req->authorization), l + v, e - v);
	/* a GET has no body: a request that announces one is refused */
	if (name_is(l, c, "Transfer-Encoding"))
		return -400;
	if (name_is(l, c, "Content-Length") && !(e - v == 1 && l[v] == '0'))
		return -400;
	return 0;
}

int http_parse_request(const char *buf, size_t len, struct http_request *req)
{
	size_t end, pos = 0, n;
	const char *line;
	int err, nheaders = 0;

	memset(req, 0, sizeof(*req));
	/* tolerate the empty lines RFC 9112 allows before a request */
	while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n') && pos < 4)
		pos++;
	end = head_end(buf, len);
	if (!end || end <= pos)
		return len >= HTTP_MAX_REQUEST ? -431 : 0;
	if (end > HTTP_MAX_REQUEST)
		return -431;
	if (!next_line(buf, end, &pos, &line, &n))
		return -400;
	err = parse_request_line(line, n, req);
	if (err)
		return err;
	if (strcmp(req->method, "GET") != 0)
		return -405;	/* before the headers: a POST's Content-Length is not the point */
	while (next_line(buf, end, &pos, &line, &n) && n) {
		if (++nheaders > HTTP_MAX_HEADERS)
			return -431;
		err = parse_header(line, n, req);
		if (err)
			return err;
	}
	return (int)end;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool http_query_param(const char *query, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name), o = 0;
	const char *p = query;

	while (p && *p) {
		const char *amp = strchr(p, '&');
		size_t seg = amp ? (size_t)(amp - p) : strlen(p);

		if (seg > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			for (size_t i = nlen + 1; i < seg && o + 1 < outlen; i++) {
				if (p[i] == '%' && i + 2 < seg &&
				    hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
					out[o++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
					i += 2;
				} else {
					out[o++] = p[i] == '+' ? ' ' : p[i];
				}
			}
			out[o] = 0;
			return true;
		}
		p = amp ? amp + 1 : NULL;
	}
	return false;
}

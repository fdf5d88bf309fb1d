// SPDX-License-Identifier: GPL-2.0
/*
 * TLS through OpenSSL on non-blocking sockets: a read or write that
 * needs the other direction first reports EAGAIN and records which
 * direction, so that poll() waits for the right event.
 */
#include "export/tls.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "util.h"

struct tls_server {
	SSL_CTX *ctx;
};

struct tls_conn {
	SSL *ssl;
	short want;	/* POLLIN or POLLOUT: what OpenSSL waits for, 0 if nothing */
};

struct tls_server *tls_server_new(const char *cert_file, const char *key_file, char *err,
				  size_t errlen)
{
	struct tls_server *t = xcalloc(1, sizeof(*t));

	t->ctx = SSL_CTX_new(TLS_server_method());
	if (!t->ctx)
		goto fail;
	SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION);
	if (SSL_CTX_use_certificate_chain_file(t->ctx, cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(t->ctx, key_file, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(t->ctx) != 1)
		goto fail;
	return t;
fail:
	snprintf(err, errlen, "TLS with %s and %s: %s", cert_file, key_file,
		 ERR_reason_error_string(ERR_get_error()) ?: "unknown error");
	tls_server_free(t);
	return NULL;
}

void tls_server_free(struct tls_server *t)
{
	if (!t)
		return;
	SSL_CTX_free(t->ctx);
	free(t);
}

struct tls_conn *tls_conn_new(struct tls_server *t, int fd)
{
	struct tls_conn *c = xcalloc(1, sizeof(*c));

	c->ssl = SSL_new(t->ctx);
	if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
		tls_conn_free(c);
		return NULL;
	}
	SSL_set_accept_state(c->ssl);
	return c;
}

static ssize_t result(struct tls_conn *c, int n)
{
	c->want = 0;
	if (n > 0)
		return n;
	switch (SSL_get_error(c->ssl, n)) {
	case SSL_ERROR_WANT_READ:
		c->want = POLLIN;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_WRITE:
		c->want = POLLOUT;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	default:
		ERR_clear_error();
		errno = EPROTO;
		return -1;
	}
}

ssize_t tls_recv(struct tls_conn *c, void *buf, size_t n)
{
	return result(c, SSL_read(c->ssl, buf, (int)(n > 1 << 30 ? 1 << 30 : n)));
}

ssize_t tls_send(struct tls_conn *c, const void *buf, size_t n)
{
	return result(c, SSL_write(c->ssl, buf, (int)(n > 1 << 30 ? 1 << 30 : n)));
}

short tls_events(const struct tls_conn *c, bool responding)
{
	if (c->want)
		return c->want;
	return responding ? POLLOUT : POLLIN;
}

void tls_conn_free(struct tls_conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	free(c);
}

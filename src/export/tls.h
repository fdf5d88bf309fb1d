/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLS and basic auth for the HTTP server, as Prometheus exporters offer
 * them through a web config file (webconfig.c reads it).  TLS is
 * OpenSSL's, on the server's non-blocking sockets; passwords are checked
 * with crypt(3) (bcrypt "$2y$" hashes, as htpasswd -B writes them).
 */
#ifndef SONDE_TLS_H
#define SONDE_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct tls_server;
struct tls_conn;

struct tls_server *tls_server_new(const char *cert_file, const char *key_file, char *err,
				  size_t errlen);
void tls_server_free(struct tls_server *t);
struct tls_conn *tls_conn_new(struct tls_server *t, int fd);
/* As recv()/send(): -1 with errno EAGAIN when TLS needs the socket first. */
ssize_t tls_recv(struct tls_conn *c, void *buf, size_t n);
ssize_t tls_send(struct tls_conn *c, const void *buf, size_t n);
/* The poll events the connection waits for. */
short tls_events(const struct tls_conn *c, bool responding);
void tls_conn_free(struct tls_conn *c);

/*
 * users: "name:hash\n" lines.  authorization: the request's header value
 * ("Basic base64(name:password)").  True when the password matches.
 */
bool auth_check(const char *users, const char *authorization);

/* A web config file: tls_server_config (cert_file, key_file), basic_auth_users. */
struct web_config {
	char *cert_file, *key_file;
	char *users;		/* "name:hash\n" lines, or NULL */
};

int web_config_read(const char *path, struct web_config *wc, char *err, size_t errlen);
void web_config_free(struct web_config *wc);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * The web config file Prometheus exporters take (--web.config.file), the
 * subset sonde serves:
 *
 *   tls_server_config:
 *     cert_file: /etc/sonde/tls.crt
 *     key_file: /etc/sonde/tls.key
 *   basic_auth_users:
 *     prometheus: $2y$10$...        (bcrypt, as htpasswd -nB writes it)
 *
 * Written as YAML: two-level mappings, '#' comments, values optionally
 * quoted.  Any other key is an error: a setting sonde would silently
 * ignore (client certificates, say) must not look applied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/tls.h"
#include "util.h"

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = 0;
	return s;
}

/* A scalar: quotes removed; a comment after an unquoted value dropped. */
static char *scalar(char *v)
{
	size_t n;

	v = trim(v);
	n = strlen(v);
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v[n - 1] = 0;
		return v + 1;
	}
	if (strstr(v, " #"))
		*strstr(v, " #") = 0;
	return trim(v);
}

static int set_entry(struct web_config *wc, const char *section, const char *key,
		     const char *val, struct strbuf *users, char *err, size_t errlen)
{
	if (strcmp(section, "tls_server_config") == 0 && strcmp(key, "cert_file") == 0) {
		free(wc->cert_file);
		wc->cert_file = xstrdup(val);
	} else if (strcmp(section, "tls_server_config") == 0 && strcmp(key, "key_file") == 0) {
		free(wc->key_file);
		wc->key_file = xstrdup(val);
	} else if (strcmp(section, "basic_auth_users") == 0) {
		if (strchr(key, ':') || strchr(val, '\n') || !*val) {
			snprintf(err, errlen, "basic_auth_users: bad entry for '%s'", key);
			return -1;
		}
		sb_addf(users, "%s:%s\n", key, val);
	} else {
		snprintf(err, errlen, "%s.%s: not supported by sonde", section, key);
		return -1;
	}
	return 0;
}

static int parse_line(struct web_config *wc, char *line, char *section, size_t seclen,
		      struct strbuf *users, char *err, size_t errlen)
{
	bool indented = line[0] == ' ' || line[0] == '\t';
	char *t = trim(line), *colon;

	if (!*t || *t == '#')
		return 0;
	colon = strchr(t, ':');
	if (!colon) {
		snprintf(err, errlen, "expected 'key: value' in '%s'", t);
		return -1;
	}
	*colon = 0;
	if (!indented) {
		if (*scalar(colon + 1)) {
			snprintf(err, errlen, "%s: expected a mapping", t);
			return -1;
		}
		if (strcmp(t, "tls_server_config") && strcmp(t, "basic_auth_users")) {
			snprintf(err, errlen, "%s: not supported by sonde", t);
			return -1;
		}
		snprintf(section, seclen, "%s", t);
		return 0;
	}
	if (!*section) {
		snprintf(err, errlen, "'%s' outside of a section", t);
		return -1;
	}
	return set_entry(wc, section, scalar(t), scalar(colon + 1), users, err, errlen);
}

int web_config_read(const char *path, struct web_config *wc, char *err, size_t errlen)
{
	char line[1024], section[64] = "", msg[256];
	struct strbuf users;
	FILE *f = fopen(path, "r");
	int lineno = 0, rc = 0;

	memset(wc, 0, sizeof(*wc));
	if (!f) {
		snprintf(err, errlen, "%s: %m", path);
		return -1;
	}
	sb_init(&users);
	while (!rc && fgets(line, sizeof(line), f)) {
		lineno++;
		rc = parse_line(wc, line, section, sizeof(section), &users, msg, sizeof(msg));
		if (rc)
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
	}
	fclose(f);
	if (!rc && !wc->cert_file != !wc->key_file) {
		snprintf(err, errlen, "%s: tls_server_config needs cert_file and key_file", path);
		rc = -1;
	}
	wc->users = users.len ? sb_steal(&users) : NULL;
	sb_free(&users);
	if (rc)
		web_config_free(wc);
	return rc;
}

void web_config_free(struct web_config *wc)
{
	free(wc->cert_file);
	free(wc->key_file);
	free(wc->users);
	memset(wc, 0, sizeof(*wc));
}

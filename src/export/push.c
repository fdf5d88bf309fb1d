// SPDX-License-Identifier: GPL-2.0
/*
 * Push modes for hosts nobody scrapes.
 *
 * Textfile: node_exporter's textfile collector reads the .prom files of its directory at each
 * of its scrapes, so the file must never be seen half written: write a
 * hidden temporary file in the same directory (the collector ignores
 * names not ending in .prom), fsync it, rename it over sonde.prom.
 *
 * Pushgateway: PUT /metrics/job/JOB/instance/HOST with the text format,
 * which replaces the group's metrics as a whole (metrics that vanished
 * vanish there too), through http_send() (http_client.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/http.h"
#include "export/serve.h"

int push_textfile(const char *dir, const char *body, size_t len, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s/.sonde.prom.%d", dir, (int)getpid());
	char *dst = xasprintf("%s/sonde.prom", dir);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc = -1;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (write_all(fd, body, len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, dst) < 0) {
		snprintf(err, errlen, "renaming to %s: %s", dst, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	free(dst);
	return rc;
}

int push_gateway(const char *url, const char *job, const char *instance, const char *body,
		 size_t len, char *err, size_t errlen)
{
	struct strbuf path;
	int status;

	sb_init(&path);
	sb_adds(&path, "/metrics/job/");
	http_escape(&path, job);
	sb_adds(&path, "/instance/");
	http_escape(&path, instance);
	status = http_send(url, "PUT", path.buf, "text/plain; version=0.0.4", body, len, NULL,
			   err, errlen);
	sb_free(&path);
	return status / 100 == 2 ? 0 : -1;
}

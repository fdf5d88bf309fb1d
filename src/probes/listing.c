// SPDX-License-Identifier: GPL-2.0
/*
 * sonde -l: the listing, and a true word when it is empty or partial.
 * A listing that silently prints nothing (no match, or tracefs closed to
 * a user who is not root) reads as "this kernel has no such probe".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "provider.h"
#include "tracefs.h"

/* Why tracepoints cannot be listed, or NULL when they can. */
static const char *tracefs_unreadable(void)
{
	const char *root = tracefs_root();
	char *events;
	int ok;

	if (!root)
		return "tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)";
	events = xasprintf("%s/events", root);
	ok = access(events, R_OK | X_OK);
	free(events);
	if (ok == 0)
		return NULL;
	return errno == EACCES ? "tracefs is readable by root only: run sonde -l as root" :
	       strerror(errno);
}

/* Could the pattern name a tracepoint? (no pattern, tracepoint:, t:, *) */
static bool may_list_tracepoints(const char *pattern)
{
	if (!pattern || !*pattern || pattern[0] == '*')
		return true;
	return strncmp(pattern, "tracepoint:", 11) == 0 || strncmp(pattern, "t:", 2) == 0 ||
	       !strchr(pattern, ':');
}

int probe_list_report(const char *pattern, bool verbose, int pid, FILE *out)
{
	const char *why = may_list_tracepoints(pattern) ? tracefs_unreadable() : NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	if (!mem) {
		fprintf(stderr, "ERROR: -l: %s\n", strerror(errno));
		return 1;
	}
	probe_list_pid(pattern, verbose, pid, mem);
	fclose(mem);
	fwrite(text, 1, len, out);
	free(text);
	if (len && why)
		fprintf(stderr, "WARNING: tracepoints are not listed: %s\n", why);
	if (len)
		return 0;
	if (pattern && *pattern)
		fprintf(stderr, "ERROR: no probe matches '%s'%s%s\n", pattern,
			why ? ": " : "", why ? why : "");
	else
		fprintf(stderr, "ERROR: no probes to list%s%s\n", why ? ": " : "", why ? why : "");
	return 1;
}

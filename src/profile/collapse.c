// SPDX-License-Identifier: GPL-2.0
/*
 * perf script -> folded.  Symbol offsets ("+0x1f") are dropped so that
 * samples in the same function merge; "[unknown]" symbols are named after
 * their module ("[libc.so.6]") when it is known.
 */
#include "profile/collapse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct sample {
	char *comm;
	VEC(char *) frames;	/* leaf first */
};

static void sample_reset(struct sample *s)
{
	free(s->comm);
	s->comm = NULL;
	for (int i = 0; i < s->frames.n; i++)
		free(s->frames.v[i]);
	s->frames.n = 0;
}

static void sample_flush(struct folded *f, struct sample *s)
{
	char **root_first;
	int n = s->frames.n + 1;

	if (!s->comm) {
		sample_reset(s);
		return;
	}
	root_first = xmalloc(n * sizeof(*root_first));
	root_first[0] = s->comm;
	for (int i = 0; i < s->frames.n; i++)
		root_first[i + 1] = s->frames.v[s->frames.n - 1 - i];
	folded_add(f, root_first, n, 1, 0);
	free(root_first);
	sample_reset(s);
}

/* "comm 1234/1235 [000] 12.34: 1 cpu-clock:" -> "comm" (or "comm-1234"). */
static char *header_comm(const char *line, bool keep_pid)
{
	const char *p = line, *end;

	while (*p == ' ')
		p++;
	/* comm may hold spaces: it ends before the first " <digits>[/ ]". */
	for (end = p; *end; end++) {
		if (*end == ' ' && isdigit((unsigned char)end[1])) {
			const char *q = end + 1;

			while (isdigit((unsigned char)*q))
				q++;
			if (*q == ' ' || *q == '/')
				break;
		}
	}
	if (!keep_pid || !*end)
		return xstrndup(p, end - p);
	return xasprintf("%.*s-%ld", (int)(end - p), p, strtol(end + 1, NULL, 10));
}

/* "\tffffffff81 do_sys+0x1f ([kernel.kallsyms])" -> "do_sys_[k]". */
static char *frame_name(const char *line)
{
	const char *p = line, *sym, *mod = NULL, *end;
	char *name;
	size_t len;
	bool kernel;

	while (isspace((unsigned char)*p))
		p++;
	while (isxdigit((unsigned char)*p))
		p++;
	while (*p == ' ')
		p++;
	sym = p;
	end = strrchr(sym, '(');
	if (end && end > sym) {
		mod = end + 1;
		len = end - sym;
		while (len && sym[len - 1] == ' ')
			len--;
	} else {
		len = strlen(sym);
	}
	kernel = mod && (strncmp(mod, "[kernel.", 8) == 0 || strstr(mod, ".ko"));
	name = xstrndup(sym, len);
	char *plus = strstr(name, "+0x");

	if (plus)
		*plus = '\0';
	if ((!*name || strcmp(name, "[unknown]") == 0) && mod) {
		const char *base = strrchr(mod, '/');
		const char *close = strchr(mod, ')');
		size_t mlen;

		base = base ? base + 1 : mod;
		mlen = close && close > base ? (size_t)(close - base) : strlen(base);
		free(name);
		name = base[0] == '[' ? xstrndup(base, mlen) : xasprintf("[%.*s]", (int)mlen, base);
	}
	if (kernel) {
		char *k = xasprintf("%s_[k]", name);

		free(name);
		name = k;
	}
	return name;
}

void collapse_perf(struct folded *f, const char *text, bool keep_pid)
{
	struct sample s = { 0 };
	char *copy = xstrdup(text), *line = copy;

	while (line) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (!*line || line[0] == '#') {
			sample_flush(f, &s);
		} else if (isspace((unsigned char)line[0]) && s.comm) {
			vec_push(&s.frames, frame_name(line));
		} else if (!isspace((unsigned char)line[0])) {
			sample_flush(f, &s);
			s.comm = header_comm(line, keep_pid);
		}
		line = nl ? nl + 1 : NULL;
	}
	sample_flush(f, &s);
	vec_free(&s.frames);
	free(copy);
}

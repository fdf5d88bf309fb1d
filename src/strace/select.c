// SPDX-License-Identifier: GPL-2.0
/* See select.h.  Classes are the sysent table's; a %class selects every call that has it. */
#include "strace/select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"
#include "strace/flags.h"
#include "strace/sysent.h"
#include "util.h"

static const struct { const char *name; uint32_t cls; } classes[] = {
	{ "file", TC_FILE }, { "desc", TC_DESC }, { "process", TC_PROCESS },
	{ "network", TC_NETWORK }, { "net", TC_NETWORK }, { "signal", TC_SIGNAL },
	{ "ipc", TC_IPC }, { "memory", TC_MEMORY }, { "creds", TC_CREDS },
	{ "stat", TC_STAT }, { "clock", TC_CLOCK },
};

void select_all(struct selection *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < ARCH_SYSCALLS_MAX; i++)
		s->nr[i] = true;
	for (int i = 0; i < SELECT_SIGNALS; i++)
		s->signal[i] = true;
}

static int add_class(bool *set, const char *name)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(classes[i].name, name) != 0)
			continue;
		for (int nr = 0; nr < ARCH_SYSCALLS_MAX; nr++)
			if (sysent_get(nr)->classes & classes[i].cls)
				set[nr] = true;
		return 0;
	}
	fprintf(stderr, "ERROR: strace: invalid system call class '%%%s'\n", name);
	return -1;
}

static int add_one(bool *set, const char *word)
{
	int nr;

	if (strcmp(word, "all") == 0) {
		for (int i = 0; i < ARCH_SYSCALLS_MAX; i++)
			set[i] = true;
		return 0;
	}
	if (strcmp(word, "none") == 0)
		return 0;
	if (word[0] == '%')
		return add_class(set, word + 1);
	nr = sysent_find(word);
	if (nr < 0) {
		fprintf(stderr, "ERROR: strace: invalid system call '%s'\n", word);
		return -1;
	}
	set[nr] = true;
	return 0;
}

int select_trace(struct selection *s, const char *spec)
{
	bool set[ARCH_SYSCALLS_MAX] = { false };
	bool negate = false;
	char *copy, *save = NULL;
	int err = 0;

	if (strncmp(spec, "trace=", 6) == 0)
		spec += 6;
	if (*spec == '!') {
		negate = true;
		spec++;
	}
	if (!*spec) {
		fprintf(stderr, "ERROR: strace: empty system call set in -e trace=\n");
		return -1;
	}
	copy = xstrdup(spec);
	for (char *w = strtok_r(copy, ",", &save); w && !err; w = strtok_r(NULL, ",", &save))
		err = add_one(set, w);
	free(copy);
	if (err)
		return -1;
	for (int i = 0; i < ARCH_SYSCALLS_MAX; i++)
		s->nr[i] = set[i] != negate;
	return 0;
}

int select_status(struct selection *s, const char *spec)
{
	if (strcmp(spec, "failed") == 0) {
		s->only_failed = true;
	} else if (strcmp(spec, "successful") == 0) {
		s->only_successful = true;
	} else if (strcmp(spec, "all") == 0) {
		s->only_failed = s->only_successful = false;
	} else {
		fprintf(stderr, "ERROR: strace: -e status=%s: expected failed, successful or all\n",
			spec);
		return -1;
	}
	return 0;
}

/* A signal by name (SIGUSR1, USR1, any case) or number; 0 when unknown. */
static int signal_number(const char *word)
{
	struct strbuf sb;
	int found = 0;
	uint64_t n;

	if (word[0] >= '0' && word[0] <= '9')
		return num_parse(word, 1, SELECT_SIGNALS - 1, &n) == 0 ? (int)n : 0;
	sb_init(&sb);
	for (int sig = 1; sig < SELECT_SIGNALS && !found; sig++) {
		sb.len = 0;
		print_signal(&sb, sig);
		if (strcasecmp(sb.buf, word) == 0 ||
		    (strncasecmp(word, "SIG", 3) != 0 && strcasecmp(sb.buf + 3, word) == 0))
			found = sig;
	}
	sb_free(&sb);
	return found;
}

int select_signal(struct selection *s, const char *spec)
{
	bool set[SELECT_SIGNALS] = { false };
	bool negate = *spec == '!';
	char *copy, *save = NULL;
	int err = 0;

	spec += negate;
	if (!*spec) {
		fprintf(stderr, "ERROR: strace: empty signal set in -e signal=\n");
		return -1;
	}
	copy = xstrdup(spec);
	for (char *w = strtok_r(copy, ",", &save); w && !err; w = strtok_r(NULL, ",", &save)) {
		int sig = strcmp(w, "all") == 0 || strcmp(w, "none") == 0 ? -1 : signal_number(w);

		if (strcmp(w, "all") == 0)
			for (int i = 1; i < SELECT_SIGNALS; i++)
				set[i] = true;
		if (sig == 0) {
			fprintf(stderr, "ERROR: strace: invalid signal '%s'\n", w);
			err = -1;
		} else if (sig > 0) {
			set[sig] = true;
		}
	}
	free(copy);
	if (err)
		return -1;
	for (int i = 0; i < SELECT_SIGNALS; i++)
		s->signal[i] = set[i] != negate;
	return 0;
}

int select_expr(struct selection *s, const char *expr)
{
	if (strncmp(expr, "signal=", 7) == 0)
		return select_signal(s, expr + 7);
	if (strncmp(expr, "signals=", 8) == 0)
		return select_signal(s, expr + 8);
	if (strncmp(expr, "status=", 7) == 0)
		return select_status(s, expr + 7);
	if (strncmp(expr, "trace=", 6) == 0 || !strchr(expr, '='))
		return select_trace(s, expr);
	fprintf(stderr, "ERROR: strace: -e %s: only trace=, status= and signal= are supported\n", expr);
	return -1;
}

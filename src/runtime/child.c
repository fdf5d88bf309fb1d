// SPDX-License-Identifier: GPL-2.0
/*
 * The -c command, held until sonde has attached (see child.h).
 */
#include "runtime/child.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* Split CMD on blanks (with simple quotes) into an argv. */
static char **split_command(const char *cmd)
{
	VEC(char *) args = { 0 };
	struct strbuf word;
	const char *p = cmd;
	char quote;

	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		sb_init(&word);
		quote = 0;
		for (; *p && (quote || (*p != ' ' && *p != '\t')); p++) {
			if (!quote && (*p == '\'' || *p == '"'))
				quote = *p;
			else if (quote && *p == quote)
				quote = 0;
			else
				sb_addc(&word, *p);
		}
		vec_push(&args, sb_steal(&word));
	}
	vec_push(&args, NULL);
	return args.v;
}

/* Fork the -c command, held on a pipe until the probes are attached. */
pid_t child_spawn_held(const char *cmd, int *go_fd)
{
	int pfd[2];
	pid_t pid;
	char c;

	if (pipe(pfd) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		char **argv = split_command(cmd);

		close(pfd[1]);
		if (read(pfd[0], &c, 1) != 1)
			_exit(127);	/* sonde gave up before attaching */
		close(pfd[0]);
		if (!argv[0])
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "ERROR: -c: failed to run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[0]);
	*go_fd = pfd[1];
	return pid;
}

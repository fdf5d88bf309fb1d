// SPDX-License-Identifier: GPL-2.0
/*
 * The -c command, held until sonde has attached (see child.h).
 */
#include "runtime/child.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "numparse.h"
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

static void free_argv(char **argv)
{
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

/* Whether path is a regular file we may execute; errno says why not. */
static bool runnable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return false;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = EACCES;
		return false;
	}
	return access(path, X_OK) == 0;
}

/* name found in a directory of $PATH (as execvp would). */
static bool in_path(const char *name)
{
	const char *env = getenv("PATH");
	char *dirs, *save = NULL, *path;
	bool found = false;

	dirs = xstrdup(env ? env : "/usr/local/bin:/usr/bin:/bin");
	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		path = xasprintf("%s/%s", d, name);
		found = runnable(path);
		free(path);
	}
	free(dirs);
	return found;
}

int child_check_command(const char *cmd)
{
	char **argv = split_command(cmd);
	int err = 0;

	if (!argv[0]) {
		fprintf(stderr, "ERROR: -c: the command is empty\n");
		err = -1;
	} else if (strchr(argv[0], '/') && !runnable(argv[0])) {
		fprintf(stderr, "ERROR: -c: cannot run '%s': %s\n", argv[0], strerror(errno));
		err = -1;
	} else if (!strchr(argv[0], '/') && !in_path(argv[0])) {
		fprintf(stderr, "ERROR: -c: '%s': no such command in $PATH\n", argv[0]);
		err = -1;
	}
	free_argv(argv);
	return err;
}

int pid_arg(const char *what, const char *s, int *pid)
{
	if (num_arg_int(what, s, 1, PID_MAX_LIMIT, NULL, pid) < 0)
		return -1;
	/* EPERM: it exists, owned by someone else */
	if (kill(*pid, 0) < 0 && errno == ESRCH) {
		fprintf(stderr, "ERROR: %s %d: no such process\n", what, *pid);
		return -1;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The -c command, held until sonde has attached (see child.h).
 */
#include "runtime/child.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
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

/*
 * Fork the -c command, held until the probes are attached.  The two talk
 * over a socket pair, close-on-exec in both: the child waits for "g",
 * then execs, which closes its end; if the exec fails it writes errno
 * there first, so child_release() can tell "it runs" from "it could not".
 */
pid_t child_spawn_held(const char *cmd, int *go_fd)
{
	int sv[2], err;
	pid_t pid;
	char c;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		char **argv = split_command(cmd);

		close(sv[1]);
		if (read(sv[0], &c, 1) != 1)
			_exit(127);	/* sonde gave up before attaching */
		if (!argv[0])
			_exit(127);
		execvp(argv[0], argv);
		err = errno;
		fprintf(stderr, "ERROR: -c: failed to run %s: %s\n", argv[0], strerror(err));
		if (write(sv[0], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(sv[0]);
	*go_fd = sv[1];
	return pid;
}

/* A stopped or traced child could hold the exec back: do not wait forever. */
#define EXEC_WAIT_MS 5000

int child_release(int go_fd)
{
	struct pollfd p = { .fd = go_fd, .events = POLLIN };
	int err = 0;

	if (write(go_fd, "g", 1) != 1) {
		err = -errno;
	} else if (poll(&p, 1, EXEC_WAIT_MS) == 1 &&
		   read(go_fd, &err, sizeof(err)) == sizeof(err)) {
		err = -err;	/* the exec failed; the child said why */
	} else {
		err = 0;	/* end of file: the exec closed the child's end */
	}
	close(go_fd);
	return err;
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

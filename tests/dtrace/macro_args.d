#!/usr/sbin/dtrace -s
/*
 * Macro arguments (given in macro_args.args): $N is an integer when its
 * text is one, else a string; $$N is always the string; $# counts them.
 * Macro variables are dtrace's own process's: BEGIN runs in it.
 */
#pragma D option quiet

BEGIN
{
	printf("%d %s %d|%s|%s\n", $1, $$2, $3 + 1, $$1, $$3);
	printf("%d arguments\n", $#);
	printf("%d %d %d %d\n", $pid == pid, $ppid == ppid, $uid == uid, $gid == gid);
	printf("%d %d\n", $euid == uid, $pgid > 0 && $sid > 0);
	printf("%s\n", $$2 == "foo" ? "string compare" : "wrong");
	exit(0);
}

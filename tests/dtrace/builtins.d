/* The issue's built-in variables that a BEGIN clause has (argN, args[] and errno: kernel tests) */
#pragma D option quiet

BEGIN
{
	printf("execname %s\n", execname == "sonde" ? "ok" : execname);
	printf("pid %s tid %s\n", pid > 0 ? "ok" : "bad", tid == pid ? "ok" : "bad");
	printf("ppid %s uid %s\n", ppid > 0 && ppid != pid ? "ok" : "bad", uid == 0 ? "ok" : "bad");
	printf("timestamp %s vtimestamp %s\n", timestamp > 0 ? "ok" : "bad", vtimestamp > 0 ? "ok" : "bad");
	printf("curthread %s cpu %s\n", curthread != 0 ? "ok" : "bad", cpu >= 0 ? "ok" : "bad");
	printf("[%s] [%s] [%s] [%s]\n", probeprov, probemod, probefunc, probename);
	exit(0);
}

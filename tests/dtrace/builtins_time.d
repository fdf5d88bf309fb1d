/* walltimestamp (ns since the epoch) and vtimestamp (the thread's time on CPU) */
#pragma D option quiet

BEGIN
{
	printf("wall %s\n", walltimestamp > 1700000000000000000 ? "ok" : "bad");
	printf("wall-secs %s\n", walltimestamp / 1000000000 < 4102444800 ? "ok" : "bad");
	printf("vtime %s\n", vtimestamp > 0 && vtimestamp <= timestamp ? "ok" : "bad");
	printf("cpu %s uid %s\n", cpu >= 0 ? "ok" : "bad", uid >= 0 ? "ok" : "bad");
	exit(0);
}

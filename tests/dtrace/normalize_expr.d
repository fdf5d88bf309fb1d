/* normalize(@a, N) with N known when the action runs, as DTrace evaluates it. */
#pragma D option quiet

BEGIN
{
	@bytes["a"] = sum(6000);
	@bytes["b"] = sum(12000);
	secs = 3;
	normalize(@bytes, secs * 1000);
	printa("%s %@d\n", @bytes);
	secs = 6;
	normalize(@bytes, secs);
	printa("%s %@d\n", @bytes);
	denormalize(@bytes);
	exit(0);
}

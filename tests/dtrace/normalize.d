/* normalize(@a, N): values print divided by N, at exit and in printa */
#pragma D option quiet

BEGIN
{
	@ms["a"] = sum(5000000);
	@ms["b"] = sum(12000000);
	@n = count();
	normalize(@ms, 1000000);
	normalize(@n, 1);
	exit(0);
}

END
{
	printa("%s %@d ms\n", @ms);
}

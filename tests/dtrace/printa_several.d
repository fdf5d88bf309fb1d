/* printa with several aggregations in one format (rows: every key of any, by the first's value), and one aggregation printed with two formats */
#pragma D option quiet

BEGIN
{
	@calls["read"] = count(); @calls["read"] = count(); @calls["read"] = count();
	@calls["write"] = count();
	@bytes["read"] = sum(300);
	@bytes["write"] = sum(50);
	@bytes["open"] = sum(7);
	@n = count();
	@t = sum(99);
	exit(0);
}

END
{
	printf("%-8s %5s %6s\n", "CALL", "COUNT", "BYTES");
	printa("%-8s %@5d %@6d\n", @calls, @bytes);
	printa("calls=%@d total=%@d\n", @n, @t);
	printa("again %@d\n", @n);
	printa(@n);
}

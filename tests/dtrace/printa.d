/* printa with a format (keys in order, %@ the value) and without one */
#pragma D option quiet

BEGIN
{
	@c["b", 7] = count();
	@c["b", 7] = count();
	@c["a", 2] = count();
	@q = quantize(3);
	@t = sum(5);
	exit(0);
}

END
{
	printa("%-4s %3d => %@5d\n", @c);
	printa(@q);
	printa("total %@d\n", @t);
	printa("total %@d\n", @t);
}

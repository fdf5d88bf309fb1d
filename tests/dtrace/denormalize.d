/* normalize() divides from the statement on (printa and exit), denormalize() undoes it */
#pragma D option quiet

BEGIN
{
	@ms["a"] = sum(5000000);
	@ms["b"] = sum(12000000);
	@us = sum(4000);
	@raw = sum(7000);
	printa("raw %s %@d\n", @ms);
	normalize(@ms, 1000000);
	printa("ms %s %@d\n", @ms);
	denormalize(@ms);
	printa("raw again %s %@d\n", @ms);
	normalize(@us, 1000);
	normalize(@raw, 1000);
	denormalize(@raw);
	exit(0);
}

/* stddev(): the population standard deviation (integer), by key, and in printa */
#pragma D option quiet

BEGIN
{
	@sd = stddev(2); @sd = stddev(4); @sd = stddev(4); @sd = stddev(4);
	@sd = stddev(5); @sd = stddev(5); @sd = stddev(7); @sd = stddev(9);
	@k["wide"] = stddev(10); @k["wide"] = stddev(30);
	@k["flat"] = stddev(7); @k["flat"] = stddev(7);
	@k["one"] = stddev(1000);
	exit(0);
}

END
{
	printa("%s %@d\n", @k);
}

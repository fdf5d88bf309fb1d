/* llquantize(x, factor, low, high, steps): log-linear buckets, DTrace's graph */
#pragma D option quiet

BEGIN
{
	@small = llquantize(1, 4, 0, 1, 8);
	@small = llquantize(5, 4, 0, 1, 8);
	@small = llquantize(6, 4, 0, 1, 8);
	@small = llquantize(13, 4, 0, 1, 8);
	@lat["read"] = llquantize(23, 10, 1, 3, 10);
	@lat["read"] = llquantize(27, 10, 1, 3, 10);
	@lat["read"] = llquantize(450, 10, 1, 3, 10);
	@lat["write"] = llquantize(5, 10, 1, 3, 10);
	@lat["write"] = llquantize(20000, 10, 1, 3, 10);
	exit(0);
}

/* llquantize of negative values: buckets mirroring the positive ones (Oracle's DTrace for Linux) */
#pragma D option quiet

BEGIN
{
	/* factor 4, magnitudes 0..1, 2 steps: 1, 2 | 4, 8 | >= 16 */
	@small = llquantize(-30, 4, 0, 1, 2);
	@small = llquantize(-16, 4, 0, 1, 2);
	@small = llquantize(-15, 4, 0, 1, 2);
	@small = llquantize(-7, 4, 0, 1, 2);
	@small = llquantize(-4, 4, 0, 1, 2);
	@small = llquantize(-3, 4, 0, 1, 2);
	@small = llquantize(-1, 4, 0, 1, 2);
	@small = llquantize(0, 4, 0, 1, 2);
	@small = llquantize(2, 4, 0, 1, 2);
	@small = llquantize(9, 4, 0, 1, 2);
	/* a first magnitude above 0: the middle bucket holds |x| < 100 */
	@wide = llquantize(-250, 10, 2, 3, 10);
	@wide = llquantize(-99, 10, 2, 3, 10);
	@wide = llquantize(42, 10, 2, 3, 10);
	@wide = llquantize(700, 10, 2, 3, 10);
	/* positive values only from the middle bucket up: its row before it */
	@pos = llquantize(7, 10, 1, 1, 10);
	@pos = llquantize(35, 10, 1, 1, 10);
	exit(0);
}

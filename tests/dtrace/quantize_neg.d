/* quantize of negative values: one bucket per power of two below zero, as DTrace */
#pragma D option quiet

BEGIN
{
	@neg = quantize(-1);
	@neg = quantize(-2);
	@neg = quantize(-3);
	@neg = quantize(-6);
	@neg = quantize(-7);
	@neg = quantize(-8);
	@neg = quantize(-1000);
	@neg = quantize(0);
	@neg = quantize(5);
	@extremes = quantize(-9223372036854775807 - 1);
	@extremes = quantize(-4611686018427387904);
	@only = quantize(-16);
	exit(0);
}

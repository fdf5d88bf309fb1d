/* trunc(@a, n) keeps the n largest values, trunc(@a, -n) the n smallest; later events add to what is left */
#pragma D option quiet

BEGIN
{
	@top["a"] = sum(1); @top["b"] = sum(5); @top["c"] = sum(3); @top["d"] = sum(9);
	@low["a"] = sum(1); @low["b"] = sum(5); @low["c"] = sum(3); @low["d"] = sum(9);
	@q["x"] = quantize(1); @q["y"] = quantize(8); @q["y"] = quantize(8);
	trunc(@top, 2);
	trunc(@low, -1);
	trunc(@q, 1);
}

BEGIN
{
	@top["a"] = sum(2);
	@top["d"] = sum(1);
	exit(0);
}

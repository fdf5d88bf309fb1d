/* quantize: power-of-two buckets, empty rows around the data */
BEGIN
{
	@q = quantize(0);
	@q = quantize(1);
	@q = quantize(3);
	@q = quantize(3);
	@q = quantize(100);
	@k["big"] = quantize(4096);
	@k["small"] = quantize(2);
	@k["small"] = quantize(2);
	exit(0);
}

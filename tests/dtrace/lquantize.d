/* lquantize: linear buckets, < low and >= high rows, the default step */
BEGIN
{
	@l = lquantize(5, 0, 100, 10);
	@l = lquantize(15, 0, 100, 10);
	@l = lquantize(17, 0, 100, 10);
	@l = lquantize(250, 0, 100, 10);
	@l = lquantize(-1, 0, 100, 10);
	@s = lquantize(2, 0, 4);
	exit(0);
}

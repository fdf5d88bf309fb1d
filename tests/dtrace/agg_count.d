/* count, sum, avg, min, max: keys left, values right, by value ascending */
BEGIN
{
	@calls["write"] = count();
	@calls["read"] = count();
	@calls["read"] = count();
	@calls["open"] = count();
	@calls["open"] = count();
	@calls["open"] = count();
	@bytes = sum(100);
	@bytes = sum(-30);
	@mean[1] = avg(10);
	@mean[1] = avg(21);
	@mean[2] = avg(4);
	@lo = min(7);
	@lo = min(-3);
	@hi = max(7);
	@hi = max(12);
	@pair["x", 3] = count();
	exit(0);
}

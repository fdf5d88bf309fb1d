/*
 * -x aggsortpos=1: printa() of several aggregations sorts its rows by the
 * second one's values; aggsortkeypos=1 (with aggsortkey) by the second key.
 */
#pragma D option quiet
#pragma D option aggsortpos=1

BEGIN
{
	@calls["read"] = count(); @calls["read"] = count(); @calls["read"] = count();
	@calls["write"] = count();
	@calls["open"] = count(); @calls["open"] = count();
	@bytes["read"] = sum(100);
	@bytes["write"] = sum(4096);
	@bytes["open"] = sum(0);
	@bytes["close"] = sum(7);
	printa("%-8s %@4d %@8d\n", @calls, @bytes);
	exit(0);
}

/* -x aggsortkey with aggsortkeypos=1: rows sorted by the second key, then the first. */
#pragma D option quiet
#pragma D option aggsortkey
#pragma D option aggsortkeypos=1

BEGIN
{
	@a["x", 3] = count();
	@a["y", 1] = count();
	@a["z", 2] = count();
	@a["a", 2] = count();
	exit(0);
}

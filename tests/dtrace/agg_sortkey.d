/* #pragma D option aggsortkey: by key (numbers as numbers), ties by value */
#pragma D option quiet
#pragma D option aggsortkey

BEGIN
{
	@c["zeta"] = count();
	@c["alpha"] = count();
	@c["alpha"] = count();
	@c["mid"] = count();
	@n[10] = sum(1);
	@n[9] = sum(3);
	@n[100] = sum(2);
	exit(0);
}

/* -x aggsortrev: by value, descending */
BEGIN
{
	@c["zeta"] = count();
	@c["alpha"] = count();
	@c["alpha"] = count();
	@c["mid"] = count();
	@c["mid"] = count();
	@c["mid"] = count();
	exit(0);
}

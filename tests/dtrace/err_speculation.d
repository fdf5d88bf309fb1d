/* DTrace's rules for the actions around speculate() and commit(): located errors. */
BEGIN
{
	trace(1);
	speculate(1);
}

BEGIN
{
	speculate(1);
	speculate(2);
}

BEGIN
{
	commit(1);
	speculate(1);
}

BEGIN
{
	printf("x");
	commit(1);
}

BEGIN
{
	commit(1);
	trace(2);
}

BEGIN
{
	speculate(1);
	@a = count();
}

BEGIN
{
	commit(1);
	@b = count();
}

BEGIN
{
	speculate(1);
	exit(0);
}

BEGIN
{
	speculate(1);
	raise(9);
}

BEGIN
{
	x = speculation(1);
	commit();
	trace(speculate(1));
}

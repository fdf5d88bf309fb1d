/*
 * nspec ids at most: speculation() returns 0 when none is free, and
 * dtrace(1)'s "failed speculation" message says how many at exit;
 * specsize bytes an id: a record that does not fit is a speculative drop
 * (what fit still prints at the commit).
 */
#pragma D option quiet
#pragma D option nspec=2
#pragma D option specsize=40

BEGIN
{
	a = speculation();
	b = speculation();
	c = speculation();
	printf("a=%d b=%d c=%d\n", a, b, c);
}

BEGIN
{
	speculate(a);
	printf("%s\n", "fits");
	printf("%s\n", "no room for this one");
}

BEGIN
{
	speculate(b);
	printf("b's\n");
}

BEGIN
{
	commit(b);
	commit(a);
}

BEGIN
{
	printf("freed: %d\n", speculation());
	exit(0);
}

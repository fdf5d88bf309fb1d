/*
 * A fault in a speculative clause: the ERROR probe runs at once; what the
 * clause traced before the fault, with the end of its event line, stays in
 * the speculation and prints at the commit.
 */
BEGIN
{
	s = speculation();
}

BEGIN
{
	speculate(s);
	printf("before the fault");
	trace(*(int *)16);
	trace("never");
}

BEGIN
{
	trace("not speculative");
}

BEGIN
{
	commit(s);
}

BEGIN
{
	exit(0);
}

ERROR
{
	printf("ERROR %d", arg2);
}

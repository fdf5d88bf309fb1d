/*
 * A fault in a speculative clause: the ERROR probe runs at once; what the
 * clause traced before the fault is dropped, as DTrace discards a faulting
 * clause's data: the commit prints nothing of it.
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

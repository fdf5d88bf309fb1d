/*
 * dtrace:::ERROR: a read of a bad address stops its clause (the actions
 * after it do not run) and fires ERROR with DTrace's arguments: arg1 the
 * enabled probe id, arg2 the action (0: the predicate), arg4 the fault
 * type (1, DTRACEFLT_BADADDR), arg5 the address; dtrace(1) reports each
 * fault on stderr.
 */
BEGIN
{
	x = 1;
	trace(*(int *)16);
	trace(2);
}

BEGIN
/ *(int *)8 == 0 /
{
	trace(3);
}

BEGIN
{
	trace(stringof(copyinstr(24)));
	trace(4);
}

BEGIN
{
	trace(x);
	exit(0);
}

ERROR
{
	printf("%d %d %d %d 0x%x", arg1, arg2, arg4, arg0, arg5);
}

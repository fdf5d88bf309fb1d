/*
 * Without an ERROR clause dtrace(1) still reports the fault:
 * "dtrace: error on enabled probe ID N (ID M: provider:module:function:name):
 * invalid address (0x...) in action #N at DIF offset N".  What the
 * faulting clause traced before the fault ("before") is dropped, as
 * DTrace discards the clause's data.
 */
#pragma D option quiet

BEGIN
{
	printf("before\n");
	printf("%s\n", stringof(copyinstr(0x100)));
	printf("not reached\n");
}

BEGIN
{
	printf("after\n");
	exit(0);
}

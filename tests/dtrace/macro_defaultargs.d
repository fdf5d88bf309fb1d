/* -x defaultargs: a macro argument not given is 0, or "" as $$N. */
#pragma D option quiet
#pragma D option defaultargs

BEGIN
{
	printf("%d|%s|%d\n", $1, $$2, $#);
	exit(0);
}

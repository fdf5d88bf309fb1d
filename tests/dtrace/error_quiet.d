/* dtrace:::ERROR, quiet: the ERROR clause prints what the fault was. */
#pragma D option quiet

BEGIN
{
	this->p = (int *)0;
	printf("%d\n", *this->p);
}

BEGIN
{
	exit(0);
}

dtrace:::ERROR
{
	printf("fault: epid %d action %d type %d addr %d\n", arg1, arg2, arg4, arg5);
}

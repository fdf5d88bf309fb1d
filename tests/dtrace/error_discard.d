/*
 * A clause that faults traces nothing: what it printed before the fault
 * is dropped, as DTrace discards the clause's data (the records are held
 * until the clause ends).  Clauses that do not fault print all they
 * traced, whether they end with a printf (its record ends the clause),
 * with another statement (a record of its own ends it) or with exit().
 * A speculative clause that faults adds nothing to its speculation.
 */
#pragma D option quiet

BEGIN
{
	printf("dropped 1\n");
	trace(1);
	this->x = *(int *)16;
	printf("never\n");
}

BEGIN
{
	printf("kept 1\n");
	this->y = 2;
}

BEGIN
{
	printf("dropped 2 %d\n", 2);
	printf("%s\n", stringof(copyinstr(24)));
}

BEGIN
{
	printf("kept 2, ");
	this->z = 3;
	printf("%d\n", this->z);
}

dtrace:::ERROR
{
	printf("ERROR %d %d\n", arg1, arg2);
}

BEGIN
{
	printf("kept 3\n");
	this->pid = curthread->pid;
}

BEGIN
{
	this->v = 4;
	printf("kept 4 %d\n", this->v);
	printf("%d\n", curthread->pid > 0);
}

BEGIN
{
	s = speculation();
}

BEGIN
{
	speculate(s);
	printf("speculation: dropped\n");
	this->x = *(int *)32;
}

BEGIN
{
	speculate(s);
	printf("speculation: kept\n");
	this->pid = curthread->pid;
}

BEGIN
{
	commit(s);
}

BEGIN
{
	printf("kept 5\n");
	this->pid = curthread->pid;
	exit(0);
}

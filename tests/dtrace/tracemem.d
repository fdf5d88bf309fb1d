/*
 * tracemem() as dtrace(1) prints it.  copyin() of an address that cannot
 * be read faults: the clause stops there (exit() is in a clause of its own).
 */
BEGIN
{
	this->s = "hello, world: a tracemem test";
	tracemem(this->s, 20);
	tracemem(this->s, 16);
	printf("[%s]\n", stringof(copyin(0, 8)));
}

BEGIN
{
	exit(0);
}

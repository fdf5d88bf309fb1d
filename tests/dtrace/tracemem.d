/*
 * tracemem() as dtrace(1) prints it.  copyin() of an address that cannot
 * be read faults: the clause stops there and what it traced is dropped
 * (exit() is in a clause of its own).
 */
BEGIN
{
	this->s = "hello, world: a tracemem test";
	tracemem(this->s, 20);
	tracemem(this->s, 16);
}

BEGIN
{
	this->s = "hello";
	tracemem(this->s, 4);
	printf("[%s]\n", stringof(copyin(0, 8)));
}

BEGIN
{
	exit(0);
}

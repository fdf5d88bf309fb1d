/* tracemem() as dtrace(1) prints it; copyin() is a buffer of the bytes read. */
BEGIN
{
	this->s = "hello, world: a tracemem test";
	tracemem(this->s, 20);
	tracemem(this->s, 16);
	printf("[%s]\n", stringof(copyin(0, 8)));
	exit(0);
}

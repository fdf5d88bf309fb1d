/*
 * tracemem(addr, n, m): m (known when the probe fires) of the n bytes;
 * as dtrace(1), an m of 0 or outside 1..n prints all n.
 */
#pragma D option quiet

BEGIN
{
	this->s = "hello, world: a tracemem test";
	this->m = 5;
	tracemem(this->s, 20, this->m);
	tracemem(this->s, 20, this->m * 3 + 2);
	tracemem(this->s, 20, 0);
	tracemem(this->s, 8, 100);
	tracemem(this->s, 8, -1);
	exit(0);
}

/*
 * Clause-local variables live on across the clauses of one probe firing
 * (the Dynamic Tracing Guide's clause.d): each firing, the first clause
 * sets this->foo by the clause's number, the next ones count it up.
 */
int me;
this int foo;

tick-10ms
{
	this->foo = (me % 3 == 0) ? 10 : this->foo;
	printf("Clause 1 is number %d; foo is %d\n", me++ % 3, this->foo++);
}

tick-10ms
{
	this->foo = (me % 3 == 0) ? 20 : this->foo;
	printf("Clause 2 is number %d; foo is %d\n", me++ % 3, this->foo++);
}

tick-10ms
{
	this->foo = (me % 3 == 0) ? 30 : this->foo;
	printf("Clause 3 is number %d; foo is %d\n", me++ % 3, this->foo++);
}

tick-10ms
/me == 6/
{
	exit(0);
}

/* one clause's own this->: assigned first, a scratch variable */
BEGIN
{
	this->n = 5;
	this->n += 2;
	printf("BEGIN: n is %d\n", this->n);
}

/* read in a predicate and a later clause, set in an if only */
BEGIN
/this->n == 7/
{
	if (this->n > 6) {
		this->s = "seven";
	}
	this->m = this->n * 2;
}

BEGIN
{
	printf("BEGIN: m is %d, s is %s\n", this->m, this->s);
}

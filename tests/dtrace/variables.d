/* globals, associative arrays, self-> (freed on 0), this->, predicates */
#pragma D option quiet

BEGIN
{
	total = 40;
	names["a"] = 1;
	self->depth = 3;
	this->x = 2;
	total = total + this->x;
	printf("total=%d a=%d depth=%d\n", total, names["a"], self->depth);
	self->depth = 0;
	printf("after free: %d\n", self->depth);
	/* D sizes %d and %x by the value: all 64 bits */
	big = 5000000000;
	printf("big=%d %x %5u\n", big, big, big);
}

BEGIN
/total == 42/
{
	printf("predicate true\n");
}

BEGIN
/total != 42/
{
	printf("predicate false\n");
}

BEGIN
{
	printf("%s %s %s\n", probeprov, probename, stringof(execname) == "sonde" ? "sonde" : "other");
	exit(0);
}

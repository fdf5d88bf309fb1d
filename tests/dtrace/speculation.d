/*
 * Speculations: what a clause traces after speculate(id) prints only
 * when commit(id) comes, in its order and with its own event line (the
 * probe that traced it), after the committing clause's line; discard(id)
 * drops it; both free the id for the next speculation().  A record for
 * an id not in use (speculate(0), an id already committed) is dropped.
 */
BEGIN
{
	self->spec = speculation();
	printf("id %d", self->spec);
}

BEGIN
{
	speculate(self->spec);
	printf("speculative %d", 1);
}

BEGIN
{
	trace("not speculative");
}

BEGIN
/self->spec/
{
	speculate(self->spec);
	trace(2);
}

BEGIN
{
	commit(self->spec);
	self->spec = 0;
}

BEGIN
{
	speculate(1);
	trace("committed already: dropped");
}

BEGIN
{
	self->spec = speculation();
	speculate(self->spec);
	printf("discarded");
}

BEGIN
{
	discard(self->spec);
	trace(speculation());
}

BEGIN
{
	speculate(0);
	trace("no speculation: dropped");
}

BEGIN
{
	speculate(1);
}

BEGIN
{
	commit(1);
}

BEGIN
{
	exit(0);
}

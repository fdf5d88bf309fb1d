/*
 * id: the probe's number, as the ID column prints it (sonde's numbering:
 * BEGIN is 1); epid: the enabled probe, each clause's own (the first is 1).
 */
BEGIN
{
	trace(id);
	trace(epid);
}

BEGIN
{
	printf("%d %d", id, epid);
	@[id, epid] = count();
}

tick-10ms
/!done/
{
	done = 1;
	trace(id);
	trace(epid);
	@[id, epid] = count();
	exit(0);
}

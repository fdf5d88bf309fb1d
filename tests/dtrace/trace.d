/* not quiet: the heading, then CPU ID FUNCTION:NAME and trace() columns */
BEGIN
{
	trace(42);
	trace("hello");
}

BEGIN, END
{
	printf("[%s]", probename);
}

BEGIN
{
	exit(0);
}

/* A macro argument the command line does not give is an error, as in dtrace(1). */
syscall::write:entry
/pid == $1/
{
	trace($$2);
}

BEGIN
{
	trace($projid);
}

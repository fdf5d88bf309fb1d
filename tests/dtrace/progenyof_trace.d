/*
 * progenyof() is an integer: trace() prints it as one (" %16lld" in the
 * event line), not as a string.  sonde descends from init (pid 1).
 */
BEGIN
{
	trace(progenyof(1));
	trace(progenyof(pid));
	exit(0);
}

/*
 * psinfo_t's pr_start: when the process started, since the epoch
 * (tv_sec, tv_nsec): sonde itself, started within the last minute.
 */
#pragma D option quiet

BEGIN
{
	this->now = walltimestamp / 1000000000;
	printf("%d %d %d\n", curpsinfo->pr_start.tv_sec <= this->now,
	    curpsinfo->pr_start.tv_sec > this->now - 60,
	    curpsinfo->pr_start.tv_nsec < 1000000000);
	exit(0);
}

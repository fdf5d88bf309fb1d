/* destructive actions with -w: system() (a D format), chill() (a busy wait), and progenyof(), inet_ntoa/inet_ntop/inet_ntoa6, printf's %Y */
#pragma D option quiet

BEGIN
{
	system("echo system: %d %s", 42, "words");
	this->t = timestamp;
	chill(2000000);
	printf("chill waited 2 ms: %s\n", timestamp - this->t >= 2000000 ? "yes" : "no");
	printf("progenyof: %d %d %d\n", progenyof(1), progenyof(pid), progenyof(-5));
	this->a = (uint32)0x0100a8c0;
	printf("inet: %s %s\n", inet_ntoa(&this->a), inet_ntop(AF_INET, &this->a));
	printf("%%Y: [%Y] [%-22Y] [%Y]\n", 0, 1000000000, 1796645112000000000);
	printf("%s\n", walltimestamp > 1796645112000000000 ? "now is after 2026-12-07" : "clock?");
	exit(0);
}

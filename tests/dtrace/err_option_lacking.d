/* DTrace's options sonde lacks say why; bufpolicy=switch and bufresize are accepted. */
#pragma D option bufpolicy=switch
#pragma D option bufresize=auto
#pragma D option stackframes=10
#pragma D option bufpolicy=ring

BEGIN
{
	exit(0);
}

/* setopt(): aggsortkey for the whole run; buffer options accepted */
#pragma D option quiet

BEGIN
{
	setopt("aggsortkey");
	setopt("bufsize", "4m");
	@[3] = count();
	@[1] = count(); @[1] = count(); @[1] = count();
	@[2] = count(); @[2] = count();
	exit(0);
}

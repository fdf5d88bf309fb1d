/*
 * dynvarsize sizes each D variable's map: 64 bytes hold four entries of
 * an int key and an int value (8 bytes each); the other stores are
 * dynamic variable drops, and what was dropped reads 0.
 */
#pragma D option quiet
#pragma D option dynvarsize=64

BEGIN
{
	a[1] = 1; a[2] = 2; a[3] = 3; a[4] = 4; a[5] = 5;
	a[6] = 6; a[7] = 7; a[8] = 8; a[9] = 9; a[10] = 10;
	printf("%d %d %d\n", a[1], a[4], a[10]);
	exit(0);
}

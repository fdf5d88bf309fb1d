/* assignments inside expressions sonde dtrace cannot run as statements before them */
BEGIN
{
	a = 1;
	b = a > 0 && (c = 2);
	d = a ? (e = 1) : 2;
	printf("%d %d\n", a, (a = 5));
	f = (g[a++] = 3);
}

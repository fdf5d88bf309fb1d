/*
 * Pointer arithmetic scales by the size of what the pointer points to:
 * a declared pointer nothing assigns is NULL of its type (0, 4, 8 here).
 */
int *x;
char **names;
this long *l;

BEGIN
{
	trace(x);
	trace(x + 1);
	trace(x + 2);
	printf(" %d %d\n", (long)(names + 3), (long)(this->l + 2));
	p = (uint16_t *)0x100;
	p++;
	printf("%x %x\n", p, p + 2);
	exit(0);
}

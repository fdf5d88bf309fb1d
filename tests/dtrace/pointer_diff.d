/*
 * A pointer minus a pointer counts the elements between them, as in C:
 * the byte distance over the element's size, signed (the guide's y - x).
 */
#pragma D option quiet

struct triple {
	int a;
	int b;
	int c;
};

int *x, *y;
struct triple *t;

BEGIN
{
	x = (int *)1000;
	y = x + 2;
	t = (struct triple *)4096;
	printf("%d %d\n", y - x, x - y);
	printf("%d %d\n", (t + 5) - t, t - (t + 3));
	printf("%d\n", (char *)y - (char *)x);
	exit(0);
}

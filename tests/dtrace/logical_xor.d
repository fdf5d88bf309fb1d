/* D's ^^: true when exactly one operand is; between || and && in precedence */
BEGIN
{
	x = 10;
	y = 0;
	printf("%d %d %d %d\n", x ^^ y, y ^^ x, x ^^ x, y ^^ y);
	printf("%d %d\n", 1 ^^ 1 && 0, 0 || 1 ^^ 1);
	printf("%d %d\n", x ^ 3, x ^^ 3 ^^ 1);
	exit(0);
}

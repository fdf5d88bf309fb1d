/* D's assignments are expressions: in predicates, chained, in arguments */
BEGIN
{
	this->line = "ls,-l,/tmp";
	a = b = c = 7;
	printf("a %d b %d c %d\n", a, b, c);
	printf("sum %d\n", (n = 3) + (m = n * 2));
	printf("n %d m %d\n", n, m);
}

BEGIN
/(this->word = strtok(this->line, ",")) != NULL/
{
	printf("first word %s\n", this->word);
}

BEGIN
/(x = 0) != 0/
{
	printf("not printed\n");
}

BEGIN
/(self->seen = 1) + (y = 41) > 41/
{
	if ((z = y + 1) < 10) {
		printf("not printed\n");
	} else if ((w = z * 2) == 84) {
		printf("x %d y %d z %d w %d seen %d\n", x, y, z, w, self->seen);
	}
	exit(0);
}

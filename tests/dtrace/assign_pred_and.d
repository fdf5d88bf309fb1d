/* a predicate's && runs an assignment in its right operand only when its left holds */
BEGIN
{
	path = "usr/lib/x";
	n = 0;
}

BEGIN
/n == 1 && (x = 5) > 0/
{
	printf("not printed\n");
}

BEGIN
/n == 0 && (y = 6) > 0 && (this->dir = strtok(path, "/")) != NULL/
{
	printf("x %d y %d dir %s\n", x, y, this->dir);
	exit(0);
}

/*
 * #pragma D option strsize=N: strings D builds, reads or writes as
 * literals hold N characters, cut without a mark as DTrace cuts them
 * (Oracle's DTrace for Linux: N characters and a NUL); formats are not
 * cut.  trace() of a variable that holds a string prints it as a string.
 */
#pragma D option quiet
#pragma D option strsize=8

BEGIN
{
	this->s = strjoin("abcdef", "ghijkl");
	trace(this->s);
	printf("\n");
	g = strjoin("x", "yz");
	trace(g);
	printf("\n");
	this->l = "0123456789abcdef";
	printf("a literal: %s (%d), a format longer than 8 characters\n", this->l, strlen(this->l));
	@[",.-;:_!?+*"] = count();
	exit(0);
}

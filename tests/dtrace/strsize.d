/*
 * #pragma D option strsize=N: strings D builds or reads hold N - 1
 * characters, cut without a mark as DTrace cuts them; trace() of a
 * variable that holds a string prints it as a string.
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
	exit(0);
}

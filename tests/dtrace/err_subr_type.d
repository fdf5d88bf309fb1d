/* a D string subroutine given an integer for a string */
BEGIN
{
	printf("%d\n", index(5, "a"));
}

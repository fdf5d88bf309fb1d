/* a D string subroutine with the wrong count of arguments */
BEGIN
{
	printf("%s\n", substr("abc"));
}

/* a clause-local variable no clause assigns (nor declares) */
BEGIN
{
	printf("%d\n", this->never);
}

/* declared variables that nothing assigns read as 0 / "" (DTrace's zero-filled storage); errno outside syscall returns is 0 */
#pragma D option quiet

int never;
string nothing;
self int depth;
this string label;
int counts[string];
uint64_t a, b;

BEGIN
{
	b = 7;
	printf("never=%d nothing=[%s] depth=%d label=[%s] counts=%d a=%d b=%d errno=%d\n",
	    never, nothing, self->depth, this->label, counts["x"], a, b, errno);
	printf("%s\n", nothing == "" ? "empty" : "set");
	exit(0);
}

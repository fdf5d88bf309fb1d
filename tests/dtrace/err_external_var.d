/* D external variables: the kernel's, by name */
BEGIN
{
	trace(`max_pfn);
	exit(0);
}

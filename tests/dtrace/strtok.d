/*
 * strtok(s, delims) and strtok(NULL, delims): the tokens of s, delimiters
 * skipped, a different set for each call; NULL (here "") when none is left.
 */
#pragma D option quiet

BEGIN
{
	this->str = ",,,Carrots,,Barley,Oatmeal,,,Beans,";
	this->field = strtok(this->str, ",");
	printf("%s\n", this->field);
	printf("%s\n", strtok(NULL, ","));
	printf("%s|%s\n", strtok(NULL, ","), strtok(NULL, ","));
	printf("%d\n", strtok(NULL, ",") == NULL);
	printf("%s %s\n", strtok("/usr/lib/x86_64-linux-gnu", "/"), strtok(NULL, "-_"));
	printf("[%s]\n", strtok(NULL, ""));
	printf("%d %d\n", strtok("", ",") == NULL, strtok(",,,", ",") != NULL);
	printf("%s\n", strtok(execname, "x"));
	exit(0);
}

/* strjoin, basename and dirname, built in BPF at run time, with DTrace's edge cases */
#pragma D option quiet

BEGIN
{
	printf("basename [%s] [%s] [%s] [%s]\n", basename("/a/b/"), basename("/"), basename("a"),
	    basename(""));
	printf("basename [%s] [%s] [%s] [%s] [%s]\n", basename("//"), basename("a//b"),
	    basename("/a//b//"), basename("a/"), basename("/usr/lib/libc.so.6"));
	printf("dirname [%s] [%s] [%s] [%s] [%s]\n", dirname("/a/b"), dirname("/a/b/"), dirname("a"),
	    dirname("/"), dirname("/a"));
	printf("dirname [%s] [%s] [%s] [%s] [%s] [%s]\n", dirname(""), dirname("//"), dirname("a//b"),
	    dirname("/a//b//"), dirname("a/"), dirname("//a"));
	printf("strjoin [%s] [%s] [%s] [%s]\n", strjoin("foo", "bar"), strjoin("", "bar"),
	    strjoin("foo", ""), strjoin("", ""));
	printf("nested [%s] [%s]\n", strjoin(strjoin(execname, "/"), basename(dirname("/usr/lib/x/y"))),
	    basename(strjoin("/tmp/", execname)));
	this->s = strjoin("0123456789012345678901234567890123456789",
	    "0123456789012345678901234567890123456789");
	this->s = strjoin(this->s, this->s);
	this->s = strjoin(this->s, this->s);
	this->s = strjoin(this->s, this->s);
	this->s = strjoin(this->s, this->s);	/* 1280 bytes: cut at the string size, 256 */
	this->t = strjoin(this->s, "tail");
	printf("lengths %d %d %d %d\n", strlen(this->s), strlen(this->t), strlen(basename(this->s)),
	    strlen(dirname(strjoin("/x/", this->s))));
	exit(0);
}

/* DIF string subroutines (substr, index, rindex, strchr, strrchr, strstr, toupper, tolower, lltostr), string ordering, byte order, printf's %S, rand */
#pragma D option quiet

BEGIN
{
	s = "hello world";
	printf("substr: [%s] [%s] [%s] [%s] [%s] [%s]\n", substr(s, 6), substr(s, 0, 5),
	    substr(s, -5), substr(s, 3, -2), substr(s, 20), substr(s, -20, 12));
	printf("index: %d %d %d %d %d\n", index(s, "o"), index(s, "o", 5), index(s, "xyz"),
	    index(s, ""), index(s, "world"));
	printf("rindex: %d %d %d %d\n", rindex(s, "o"), rindex(s, "o", 6), rindex(s, "xyz"),
	    rindex(s, "hello"));
	printf("strchr: [%s] [%s] [%s]\n", strchr(s, 'o'), strrchr(s, 'o'), strchr(s, 'z'));
	printf("strstr: [%s] [%s]\n", strstr(s, "o w"), strstr(s, "xyz"));
	printf("case: [%s] [%s]\n", toupper("Mixed Case-123"), tolower("Mixed Case-123"));
	printf("lltostr: [%s] [%s] [%s] [%s]\n", lltostr(0), lltostr(1234567890123),
	    lltostr(-42), lltostr(-9223372036854775807 - 1));
	printf("order: %d %d %d %d %d\n", "abc" < "abd", "b" > "abc", s <= "hello world",
	    "x" >= "y", "" < "a");
	printf("%s\n", s > "hello" ? "longer sorts after" : "wrong");
	printf("byte order: %x %x %x %x %x\n", htons(0x1234), ntohs(0x3412), htonl(0x12345678),
	    ntohl(0x78563412), htonll(0x0102030405060708));
	printf("%%S: [%S] [%-6S] [%S]\n", "tab\there\nquote\"back\\", "ok", "\001\177");
	this->r = rand();
	printf("rand: %s\n", this->r >= 0 ? "ok" : "negative");
	exit(0);
}

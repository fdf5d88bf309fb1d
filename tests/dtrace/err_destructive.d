/* system() is a destructive action: without -w, dtrace(1)'s error */
BEGIN
{
	system("echo %d", 1);
}

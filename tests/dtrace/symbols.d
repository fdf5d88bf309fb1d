/*
 * D's symbol functions on kernel addresses: func()/sym() print
 * "module`function", mod() the module, %a "module`function+0xoffset";
 * as aggregation keys func() and mod() aggregate by function and module
 * (two addresses in one function are one key), sym(0) is the address;
 * printa's %a prints an integer key as a kernel symbol.
 */
BEGIN
{
	func(kaddr("vfs_read") + 2);
	trace(sym(kaddr("vfs_read")));
	trace(mod(kaddr("vfs_read") + 1));
	printf("[%a] [%a] [%-30a]", kaddr("vfs_read"), kaddr("vfs_read") + 0x10, kaddr("vfs_write") + 1);
	trace(sym(0));
	@f[func(kaddr("vfs_read") + 1)] = count();
	@f[func(kaddr("vfs_read") + 3)] = count();
	@f[func(kaddr("vfs_write"))] = count();
	@m[mod(kaddr("vfs_read"))] = sum(5);
	@m[mod(kaddr("vfs_write"))] = sum(7);
	@p[func(kaddr("vfs_read")), 7] = max(9);
	@i[kaddr("vfs_read") + 4] = count();
	exit(0);
}

END
{
	printa("%a|%@d\n", @f);
	printa("%s:%@d\n", @m);
	printa("%a|%@d\n", @i);
}

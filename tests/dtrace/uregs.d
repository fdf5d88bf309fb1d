/*
 * uregs[] outside pid and USDT probes: the thread's saved user registers
 * (BEGIN runs in sonde's bpf() system call: its PC is in libc, its stack
 * pointer a user address).
 */
#pragma D option quiet

BEGIN
{
	printf("%s %d %d\n", umod(uregs[R_PC]), uregs[R_SP] != 0, uregs[R_RSP] == uregs[R_SP]);
	printf("%d\n", uregs[R_SP] < 0x800000000000);
	exit(0);
}

sched:::on-cpu
{
	@[execname] = count();
}

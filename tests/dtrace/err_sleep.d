sched:::sleep
{
	@[execname] = count();
}

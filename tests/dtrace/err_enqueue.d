sched:::enqueue
{
	@[execname] = count();
}

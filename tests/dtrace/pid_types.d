/* pid, tid, ppid are D's pid_t (int): compared with the kernel's pid_t fields without a sign warning */
#pragma D option quiet

BEGIN
{
	this->t = (struct task_struct *)curthread;
	printf("%d %d %d %d\n", this->t->tgid == pid, curthread->pid == tid,
	    curthread->real_parent->tgid == ppid, pid > 0);
	exit(0);
}

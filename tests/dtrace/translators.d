/*
 * curpsinfo, curlwpsinfo and curcpu in BEGIN (sonde's own thread, on its
 * CPU): the translated fields agree with the builtins; stackdepth and
 * caller read the kernel stack of the run.  The runner starts sonde in a
 * session of its own, so its process group and session are its pid.
 */
#pragma D option quiet

BEGIN
{
	printf("pr_pid %s pr_ppid %s\n", curpsinfo->pr_pid == pid ? "ok" : "bad",
	    curpsinfo->pr_ppid == ppid ? "ok" : "bad");
	printf("pr_uid %s pr_gid %s\n", curpsinfo->pr_uid == uid ? "ok" : "bad",
	    curpsinfo->pr_gid == gid ? "ok" : "bad");
	printf("pr_euid %s pr_egid %s\n", curpsinfo->pr_euid == uid ? "ok" : "bad",
	    curpsinfo->pr_egid == gid ? "ok" : "bad");
	printf("pr_fname %s\n", curpsinfo->pr_fname);
	printf("pr_nlwp %s pr_pgid %s pr_sid %s\n", curpsinfo->pr_nlwp >= 1 ? "ok" : "bad",
	    curpsinfo->pr_pgid == pid ? "ok" : "bad", curpsinfo->pr_sid == pid ? "ok" : "bad");
	printf("pr_psargs ...%s\n", basename(curpsinfo->pr_psargs));
	printf("pr_lwpid %s pr_addr %s\n", curlwpsinfo->pr_lwpid == tid ? "ok" : "bad",
	    curlwpsinfo->pr_addr == (uint64_t)curthread ? "ok" : "bad");
	printf("pr_state %d %s\n", curlwpsinfo->pr_state, curlwpsinfo->pr_state == SONPROC ? "SONPROC" : "bad");
	printf("pr_sname %c\n", curlwpsinfo->pr_sname);
	printf("pr_pri %s pr_onpro %s\n", curlwpsinfo->pr_pri >= 0 ? "ok" : "bad",
	    curlwpsinfo->pr_onpro == cpu ? "ok" : "bad");
	printf("cpu_id %s\n", curcpu->cpu_id == cpu ? "ok" : "bad");
	printf("stackdepth %s caller %s\n", stackdepth > 1 ? "ok" : "bad", caller != 0 ? "ok" : "bad");
	exit(0);
}

proc:::create { @[args[0]->pr_dmodel] = count(); }
sched:::enqueue { @[args[1]->pr_ppid] = count(); }
proc:::signal-send { trace(args[1]->pr_psargs); }
syscall::read:entry { trace(uregs[0]); }
proc:::signal-send { trace(args[0]); }
proc:::exec-success { trace(curlwpsinfo->pr_clname); }
pid123:libc:malloc:1g { }

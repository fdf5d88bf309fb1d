sdt:::sched_process_fork { trace(arg1); }

sdt:sched::sched_process_fork { trace(arg3); }
sdt:sched::sched_process_fork { trace(arg7); }

syscall::read:entry { trace(uregs[R_BOGUS]); }

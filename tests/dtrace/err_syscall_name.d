syscall::read:start { }

BEGIN /strtok("a,b", ",") != NULL/ { exit(0); }
BEGIN { trace(strtok(NULL, ",")); }
BEGIN { trace(strtok("a b", execname)); }
BEGIN { trace(strtok("a b")); }

BEGIN { printf("%k\n", 12); }

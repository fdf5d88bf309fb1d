BEGIN { @a = llquantize(5, 1, 0, 2, 10); }

io:::start { @[args[0]->b_bcount] = sum(arg0); }

io:::start { @[args[2]->fi_pathname] = count(); }

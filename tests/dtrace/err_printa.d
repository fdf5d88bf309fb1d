BEGIN { @a = count(); printa("%@d\n", @a, 5); }

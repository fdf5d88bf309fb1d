END { printa(@a); printa("%@d\n", @a); }
BEGIN { @a = count(); }

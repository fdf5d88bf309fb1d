BEGIN { @a = count(); normalize(@a, "ten"); normalize(@a, -2); }

BEGIN { setopt("bogus", "1"); }

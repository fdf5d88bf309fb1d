BEGIN { x = arg0; }

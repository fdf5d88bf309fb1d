BEGIN { trace(basename(timestamp)); }

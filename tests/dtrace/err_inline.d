#pragma D option quiet
BEGIN { x = 1; } inline int N = 3;

/* nspec and specsize take numbers: 1 to 1024 speculations, a size with an optional suffix. */
#pragma D option nspec=0
#pragma D option specsize=12q
#pragma D option specsize=4k
BEGIN { exit(0); }

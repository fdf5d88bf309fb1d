// SPDX-License-Identifier: GPL-2.0
/* Built-in tools: the registry and the command line they share. */
#include "tools.h"

bool tools_wants(const char *arg)
{
	return false;
}

int tools_main(int argc, char **argv)
{
	return sonde_main(argc, argv);
}

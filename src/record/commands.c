// SPDX-License-Identifier: GPL-2.0
/*
 * The recording commands by name, for main().
 */
#include "record/record.h"

#include <string.h>

#include "util.h"

struct record_command {
	const char *name;
	int (*main)(int argc, char **argv);
};

static const struct record_command commands[] = {
	{ "record", record_main },
	{ "convert", convert_main },
	{ "heatmap", heatmap_main },
};

static const struct record_command *find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

bool record_wants(const char *arg)
{
	return find(arg) != NULL;
}

int record_dispatch(int argc, char **argv)
{
	return find(argv[0])->main(argc, argv);
}

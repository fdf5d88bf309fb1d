// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer over sonde serve's HTTP request parser: any bytes, any
 * length.  The parser must neither crash nor read past the input (ASan
 * checks both: the input is copied into an exact-size allocation), and a
 * complete request's length must lie within the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request req;
	char *copy = malloc(size ? size : 1), v[64];
	int n;

	memcpy(copy, data, size);
	n = http_parse_request(copy, size, &req);
	if (n > 0 && (size_t)n > size)
		abort();
	if (n > 0) {
		http_query_param(req.query, "seconds", v, sizeof(v));
		http_query_param(req.query, "", v, 1);
	}
	free(copy);
	return 0;
}

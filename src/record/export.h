/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exports of a recording, chosen by the output's extension: Perfetto
 * protobuf, Chrome trace JSON, CTF 1.8 (a directory), and a text listing
 * (one line per event, every field: what the tests compare against).
 */
#ifndef SONDE_RECORD_EXPORT_H
#define SONDE_RECORD_EXPORT_H

#include <stdio.h>

#include "record/reader.h"

enum export_format {
	EXPORT_NATIVE,		/* sonde's own file: no conversion */
	EXPORT_PERFETTO,	/* .pftrace, .perfetto-trace, .pb */
	EXPORT_CHROME,		/* .json */
	EXPORT_CTF,		/* .ctf: a directory */
	EXPORT_TEXT,		/* .txt, or "-": stdout */
};

enum export_format export_format_for_path(const char *path);
/* Convert the recording at in to out.  0, or -1 with the error printed. */
int export_convert(const char *in, const char *out, enum export_format fmt);

/* The writers, each given an open recording.  0 or -1 (error printed). */
int export_text(const struct rec_file *f, FILE *out);
int export_perfetto(const struct rec_file *f, FILE *out);
int export_chrome(const struct rec_file *f, FILE *out);
int export_ctf(const struct rec_file *f, const char *dir);

/* A histogram record's buckets as "LABEL:COUNT;LABEL:COUNT" into sb. */
void export_hist_text(const struct rec_file *f, const struct rec_event *ev, struct strbuf *sb);

/* The display name of a script event's name id ("?" when unknown). */
const char *export_name(const struct rec_file *f, uint64_t sid);

#endif

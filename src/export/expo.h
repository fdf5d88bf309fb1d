/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exposition formats: Prometheus text 0.0.4 and OpenMetrics 1.0.
 * Only the bytes: names, label values, numbers, TYPE lines.  What a map
 * becomes is family.c's business.
 */
#ifndef SONDE_EXPO_H
#define SONDE_EXPO_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

enum expo_format { EXPO_TEXT, EXPO_OPENMETRICS };

#define EXPO_TEXT_TYPE "text/plain; version=0.0.4; charset=utf-8"
#define EXPO_OPENMETRICS_TYPE "application/openmetrics-text; version=1.0.0; charset=utf-8"

enum metric_kind { MK_COUNTER, MK_GAUGE, MK_SUMMARY, MK_HISTOGRAM };

/*
 * A metric name from any text: characters outside [a-zA-Z0-9_:] become
 * '_', a leading digit gets a '_' before it.  label: [a-zA-Z0-9_] only, and
 * a leading "__" (reserved) loses one '_'.
 */
void expo_sanitize(struct strbuf *out, const char *s, bool label);
/* A label value between quotes: \\ \" \n escaped, bytes of bad UTF-8 as '?'. */
void expo_label_value(struct strbuf *out, const char *s, size_t len);
/* # HELP and # TYPE lines of a family (name without _total). */
void expo_family_header(struct strbuf *out, enum expo_format fmt, const char *name,
			enum metric_kind kind, const char *help);
/*
 * One sample: NAME[SUFFIX]{LABELS[,EXTRA]} VALUE.  labels and extra are
 * rendered label pairs (a="x",b="y") or NULL/"".
 */
void expo_sample_u(struct strbuf *out, const char *name, const char *suffix, const char *labels,
		   const char *extra, uint64_t v);
void expo_sample_i(struct strbuf *out, const char *name, const char *suffix, const char *labels,
		   const char *extra, int64_t v);
void expo_sample_d(struct strbuf *out, const char *name, const char *suffix, const char *labels,
		   const char *extra, double v);
/* The end of an exposition (OpenMetrics: "# EOF"). */
void expo_end(struct strbuf *out, enum expo_format fmt);
/* Which format an Accept header asks for. */
enum expo_format expo_negotiate(const char *accept);

#endif

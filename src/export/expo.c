// SPDX-License-Identifier: GPL-2.0
/*
 * Prometheus text 0.0.4 and OpenMetrics 1.0, written from their
 * specifications.  The two differ, for what sonde writes, in three
 * places: a counter's TYPE line names the family without "_total" in
 * OpenMetrics and the sample itself in text 0.0.4; OpenMetrics ends with
 * "# EOF"; and its content type.
 */
#include "export/expo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool name_char(char c, bool label, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return true;
	if (c == ':' && !label)
		return true;
	return !first && c >= '0' && c <= '9';
}

void expo_sanitize(struct strbuf *out, const char *s, bool label)
{
	size_t start = out->len;

	if (!*s || (*s >= '0' && *s <= '9'))
		sb_addc(out, '_');
	for (; *s; s++)
		sb_addc(out, name_char(*s, label, false) ? *s : '_');
	if (label && out->len - start >= 2 && out->buf[start] == '_' && out->buf[start + 1] == '_') {
		memmove(out->buf + start, out->buf + start + 1, out->len - start);
		out->len--;
	}
}

/* The length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

void expo_label_value(struct strbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	sb_addc(out, '"');
	while (i < len && p[i]) {
		n = utf8_len(p + i, len - i);
		if (!n) {
			sb_addc(out, '?');
			i++;
			continue;
		}
		if (p[i] == '\\')
			sb_adds(out, "\\\\");
		else if (p[i] == '"')
			sb_adds(out, "\\\"");
		else if (p[i] == '\n')
			sb_adds(out, "\\n");
		else
			sb_add(out, p + i, n);
		i += n;
	}
	sb_addc(out, '"');
}

static const char *const kind_names[] = {
	[MK_COUNTER] = "counter",
	[MK_GAUGE] = "gauge",
	[MK_SUMMARY] = "summary",
	[MK_HISTOGRAM] = "histogram",
};

void expo_family_header(struct strbuf *out, enum expo_format fmt, const char *name,
			enum metric_kind kind, const char *help)
{
	const char *suffix = kind == MK_COUNTER && fmt == EXPO_TEXT ? "_total" : "";

	if (help)
		sb_addf(out, "# HELP %s%s %s\n", name, suffix, help);
	sb_addf(out, "# TYPE %s%s %s\n", name, suffix, kind_names[kind]);
}

static void sample_start(struct strbuf *out, const char *name, const char *suffix,
			 const char *labels, const char *extra)
{
	bool l = labels && *labels, e = extra && *extra;

	sb_adds(out, name);
	if (suffix)
		sb_adds(out, suffix);
	if (l || e)
		sb_addf(out, "{%s%s%s}", l ? labels : "", l && e ? "," : "", e ? extra : "");
	sb_addc(out, ' ');
}

void expo_sample_u(struct strbuf *out, const char *name, const char *suffix, const char *labels,
		   const char *extra, uint64_t v)
{
	sample_start(out, name, suffix, labels, extra);
	sb_addf(out, "%llu\n", (unsigned long long)v);
}

void expo_sample_i(struct strbuf *out, const char *name, const char *suffix, const char *labels,
		   const char *extra, int64_t v)
{
	sample_start(out, name, suffix, labels, extra);
	sb_addf(out, "%lld\n", (long long)v);
}

void expo_sample_d(struct strbuf *out, const char *name, const char *suffix, const char *labels,
		   const char *extra, double v)
{
	sample_start(out, name, suffix, labels, extra);
	if (isnan(v))
		sb_adds(out, "NaN\n");
	else if (isinf(v))
		sb_adds(out, v > 0 ? "+Inf\n" : "-Inf\n");
	else
		sb_addf(out, "%.17g\n", v);
}

void expo_end(struct strbuf *out, enum expo_format fmt)
{
	if (fmt == EXPO_OPENMETRICS)
		sb_adds(out, "# EOF\n");
}

/*
 * OpenMetrics when the Accept header lists application/openmetrics-text
 * with a q above text/plain's (Prometheus sends both, OpenMetrics first).
 */
static double media_q(const char *accept, const char *type)
{
	const char *p = strstr(accept, type), *end, *q;

	if (!p)
		return -1;
	end = strchr(p, ',');
	if (!end)
		end = p + strlen(p);
	q = strstr(p, "q=");
	if (!q || q > end)
		return 1;
	return strtod(q + 2, NULL);
}

enum expo_format expo_negotiate(const char *accept)
{
	double om, text;

	if (!accept)
		return EXPO_TEXT;
	om = media_q(accept, "application/openmetrics-text");
	text = media_q(accept, "text/plain");
	return om > 0 && om >= text ? EXPO_OPENMETRICS : EXPO_TEXT;
}

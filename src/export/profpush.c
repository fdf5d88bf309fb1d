// SPDX-License-Identifier: GPL-2.0
/*
 * Profiles to their receivers.
 *
 * pprof: CPU profiles carry two sample types, samples/count and
 * cpu/nanoseconds (a sample is worth 1e9/Hz ns), with period_type
 * cpu/nanoseconds and period 1e9/Hz, so Parca and Pyroscope show CPU
 * time; off-CPU profiles carry off_cpu/nanoseconds (the program sums
 * microseconds).
 *
 * Pyroscope: POST /ingest?name=SERVICE.cpu{hostname=H,service_name=S,...}
 * &from=&until= (Unix seconds) &sampleRate=Hz &spyName=ebpfspy
 * &units=samples &aggregationType=sum &format=folded, the body the
 * folded stacks.  Off-CPU: name SERVICE.off_cpu{...}, format=pprof, the
 * gzipped pprof as the "profile" part of a multipart form.
 *
 * Parca: POST /profiles/writeraw, the JSON form of WriteRawRequest: one
 * series, its labels (__name__ process_cpu or off_cpu, hostname,
 * service_name, the user's) sorted by name, one sample whose raw_profile
 * is the gzipped pprof in base64.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "export/http.h"
#include "export/profserve.h"
#include "profile/writers.h"

void profile_pprof(const struct profile_window *w, struct strbuf *gz)
{
	int64_t period = w->hz > 0 ? 1000000000LL / w->hz : 1;
	struct pprof_meta cpu = {
		.type = { "samples", "cpu" }, .unit = { "count", "nanoseconds" },
		.scale = { 1, period }, .ntypes = 2,
		.period_type = "cpu", .period_unit = "nanoseconds", .period = period,
	}, off = {
		.type = { "off_cpu" }, .unit = { "nanoseconds" }, .scale = { 1000 }, .ntypes = 1,
		.period_type = "off_cpu", .period_unit = "nanoseconds", .period = 1,
	};
	struct pprof_meta *m = w->offcpu ? &off : &cpu;
	struct strbuf pb;

	m->time_nanos = (int64_t)w->from_ns;
	m->duration_nanos = (int64_t)(w->until_ns - w->from_ns);
	sb_init(&pb);
	pprof_encode_meta(w->folded, m, &pb);
	pprof_gzip(pb.buf, pb.len, gz);
	sb_free(&pb);
}

/* SERVICE.cpu{hostname=H,service_name=S,k=v} */
static void pyroscope_name(struct strbuf *q, const struct profile_window *w)
{
	struct strbuf n;

	sb_init(&n);
	sb_addf(&n, "%s.%s{hostname=%s,service_name=%s", w->service, w->offcpu ? "off_cpu" : "cpu",
		w->host, w->service);
	for (int i = 0; i < w->nlabels; i++)
		sb_addf(&n, ",%s", w->labels[i]);
	sb_addc(&n, '}');
	http_escape(q, n.buf);
	sb_free(&n);
}

static void folded_text(const struct folded *f, struct strbuf *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	folded_write(f, m);
	fclose(m);
	sb_add(out, buf, len);
	free(buf);
}

#define BOUNDARY "sonde-profile-7b3f9c"

int push_pyroscope(const char *url, const struct profile_window *w, char *err, size_t errlen)
{
	struct strbuf q, body;
	const char *ctype = "text/plain";
	int status;

	sb_init(&q);
	sb_init(&body);
	sb_adds(&q, "/ingest?name=");
	pyroscope_name(&q, w);
	sb_addf(&q, "&from=%llu&until=%llu&spyName=ebpfspy&aggregationType=sum",
		(unsigned long long)(w->from_ns / 1000000000ull),
		(unsigned long long)((w->until_ns + 999999999ull) / 1000000000ull));
	if (w->offcpu) {
		struct strbuf gz;

		sb_init(&gz);
		profile_pprof(w, &gz);
		sb_adds(&q, "&format=pprof&units=nanoseconds");
		sb_adds(&body, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"profile\"; "
			"filename=\"profile.pprof\"\r\nContent-Type: application/octet-stream\r\n\r\n");
		sb_add(&body, gz.buf, gz.len);
		sb_adds(&body, "\r\n--" BOUNDARY "--\r\n");
		ctype = "multipart/form-data; boundary=" BOUNDARY;
		sb_free(&gz);
	} else {
		sb_addf(&q, "&format=folded&units=samples&sampleRate=%d", w->hz);
		folded_text(w->folded, &body);
	}
	status = http_send(url, "POST", q.buf, ctype, body.buf, body.len, NULL, err, errlen);
	sb_free(&q);
	sb_free(&body);
	return status / 100 == 2 ? 0 : -1;
}

static void json_str(struct strbuf *sb, const char *s, size_t n)
{
	sb_addc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			sb_addf(sb, "\\%c", c);
		else if (c < 0x20)
			sb_addf(sb, "\\u%04x", c);
		else
			sb_addc(sb, c);
	}
	sb_addc(sb, '"');
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int push_parca(const char *url, const struct profile_window *w, char *err, size_t errlen)
{
	struct strbuf gz, body;
	char **labels = xcalloc(w->nlabels + 3, sizeof(char *));
	unsigned char *b64;
	int n = 0, status;

	labels[n++] = xasprintf("__name__=%s", w->offcpu ? "off_cpu" : "process_cpu");
	labels[n++] = xasprintf("hostname=%s", w->host);
	labels[n++] = xasprintf("service_name=%s", w->service);
	for (int i = 0; i < w->nlabels; i++)
		labels[n++] = xstrdup(w->labels[i]);
	qsort(labels, n, sizeof(char *), cmp_label);
	sb_init(&gz);
	sb_init(&body);
	profile_pprof(w, &gz);
	b64 = xmalloc(4 * (gz.len / 3 + 1) + 1);
	EVP_EncodeBlock(b64, (unsigned char *)gz.buf, (int)gz.len);
	sb_adds(&body, "{\"series\":[{\"labels\":{\"labels\":[");
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(labels[i], '=');

		sb_adds(&body, i ? ",{\"name\":" : "{\"name\":");
		json_str(&body, labels[i], eq - labels[i]);
		sb_adds(&body, ",\"value\":");
		json_str(&body, eq + 1, strlen(eq + 1));
		sb_addc(&body, '}');
		free(labels[i]);
	}
	sb_addf(&body, "]},\"samples\":[{\"rawProfile\":\"%s\"}]}]}", b64);
	status = http_send(url, "POST", "/profiles/writeraw", "application/json", body.buf,
			   body.len, NULL, err, errlen);
	free(b64);
	free(labels);
	sb_free(&gz);
	sb_free(&body);
	return status / 100 == 2 ? 0 : -1;
}

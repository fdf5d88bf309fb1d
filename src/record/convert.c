// SPDX-License-Identifier: GPL-2.0
/*
 * `sonde convert FILE -o OUT`: a recording to the format OUT's extension
 * names, through a table of formats; and the text listing.
 */
#include "record/export.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "record/record.h"
#include "outfile.h"

struct format_desc {
	const char *ext;
	enum export_format fmt;
};

static const struct format_desc formats[] = {
	{ ".pftrace", EXPORT_PERFETTO },
	{ ".perfetto-trace", EXPORT_PERFETTO },
	{ ".pb", EXPORT_PERFETTO },
	{ ".json", EXPORT_CHROME },
	{ ".ctf", EXPORT_CTF },
	{ ".ctf/", EXPORT_CTF },
	{ ".txt", EXPORT_TEXT },
};

enum export_format export_format_for_path(const char *path)
{
	size_t n = strlen(path);

	if (strcmp(path, "-") == 0)
		return EXPORT_TEXT;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		size_t m = strlen(formats[i].ext);

		if (n > m && strcmp(path + n - m, formats[i].ext) == 0)
			return formats[i].fmt;
	}
	return EXPORT_NATIVE;
}

const char *export_name(const struct rec_file *f, uint64_t sid)
{
	const char *s = recf_string(f, sid);

	return s ? s : "?";
}

void export_hist_text(const struct rec_file *f, const struct rec_event *ev, struct strbuf *sb)
{
	for (int i = 0; i < ev->nhist; i++)
		sb_addf(sb, "%s%s:%" PRIu64, i ? ";" : "", export_name(f, ev->hist[i].label),
			ev->hist[i].count);
}

/* ---- text ----------------------------------------------------------------------- */

static void text_args(const struct rec_event *ev, FILE *out)
{
	for (int i = 0; i < ev->nargs; i++) {
		const struct rec_arg *a = &ev->args[i];

		if (a->type == RA_STR)
			fprintf(out, " arg%d=\"%.*s\"", i, (int)a->slen, a->s);
		else if (a->type == RA_INT)
			fprintf(out, " arg%d=%" PRId64, i, a->i);
		else
			fprintf(out, " arg%d=%" PRIu64, i, (uint64_t)a->i);
	}
}

static void text_event(const struct rec_file *f, const struct rec_event *ev, FILE *out)
{
	const char *layout = rec_kind_layout(ev->kind);
	char buf[24];
	int fi = 0;

	fprintf(out, "%" PRIu64 " %d %s %u/%u %s", ev->ts, ev->cpu,
		recf_comm(f, (uint32_t)ev->f[0], buf), (uint32_t)ev->f[0],
		recf_pid(f, (uint32_t)ev->f[0]), rec_kind_name(ev->kind));
	for (int i = 0; layout[i]; i++) {
		const char *name = rec_kind_field(ev->kind, i);
		uint64_t v;

		if (layout[i] == 'S') {
			fprintf(out, " %s=\"%.*s\"", name, (int)ev->slen, ev->str);
			continue;
		}
		if (layout[i] == 'a') {
			text_args(ev, out);
			continue;
		}
		if (layout[i] == 'h') {
			struct strbuf sb;

			sb_init(&sb);
			export_hist_text(f, ev, &sb);
			fprintf(out, " %s=%s", name, sb.buf);
			sb_free(&sb);
			continue;
		}
		v = ev->f[fi++];
		if (i == 0)
			continue;
		if (strcmp(name, "name") == 0)
			fprintf(out, " name=%s", export_name(f, v));
		else if (layout[i] == 's')
			fprintf(out, " %s=%" PRId64, name, (int64_t)v);
		else
			fprintf(out, " %s=%" PRIu64, name, v);
	}
	if (ev->kind == RK_SYS_ENTER || ev->kind == RK_SYS_EXIT) {
		const char *sys = rec_syscall_name(ev->f[1]);

		fprintf(out, " (%s)", sys ? sys : "?");
	}
	fputc('\n', out);
}

int export_text(const struct rec_file *f, FILE *out)
{
	struct rec_event ev;

	for (int i = 0; i < f->refs.n; i++)
		if (recf_event(f, i, &ev))
			text_event(f, &ev, out);
	for (int i = 0; i < f->losses.n; i++) {
		const struct rec_loss *l = &f->losses.v[i];

		if (l->cpu >= 0 && (uint32_t)l->cpu < f->hdr.ncpus)
			fprintf(out, "# lost %" PRIu64 " events on cpu %d at %" PRIu64 "\n",
				l->count, l->cpu, l->ts);
		else
			fprintf(out, "# lost %" PRIu64 " events on all cpus at %" PRIu64 "\n",
				l->count, l->ts);
	}
	for (uint32_t i = 0; i < f->hdr.ncpus; i++)
		if (f->cpu_events[i] || f->cpu_lost[i])
			fprintf(out, "# cpu %u: %" PRIu64 " events, %" PRIu64 " lost\n", i,
				f->cpu_events[i], f->cpu_lost[i]);
	return ferror(out) ? -1 : 0;
}

/* ---- the dispatch --------------------------------------------------------------- */

static int write_to(const struct rec_file *f, const char *out, enum export_format fmt)
{
	FILE *fp = stdout;
	int err;

	if (fmt == EXPORT_CTF)
		return export_ctf(f, out);
	if (strcmp(out, "-") != 0 && !(fp = outfile_fopen("-o", out)))
		return -1;
	switch (fmt) {
	case EXPORT_PERFETTO: err = export_perfetto(f, fp); break;
	case EXPORT_CHROME: err = export_chrome(f, fp); break;
	default: err = export_text(f, fp); break;
	}
	if (fp != stdout ? fclose(fp) : fflush(fp))
		err = -1;
	if (err)
		fprintf(stderr, "ERROR: %s: write failed\n", out);
	return err;
}

int export_convert(const char *in, const char *out, enum export_format fmt)
{
	struct rec_file f;
	int err;

	if (recf_open(&f, in))
		return -1;
	err = write_to(&f, out, fmt);
	recf_close(&f);
	return err;
}

int convert_main(int argc, char **argv)
{
	const char *out = "-", *in;
	enum export_format fmt;
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "o:h")) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h':
			printf("USAGE: sonde convert FILE [-o OUT]\n"
			       "OUT's extension picks the format: .pftrace (Perfetto), .json (Chrome\n"
			       "trace), .ctf (a CTF 1.8 directory), .txt or - (text, the default)\n");
			return 0;
		default:
			return 1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "ERROR: convert: one recording expected (sonde convert FILE -o OUT)\n");
		return 1;
	}
	in = argv[optind];
	fmt = export_format_for_path(out);
	if (fmt == EXPORT_NATIVE) {
		fprintf(stderr, "ERROR: convert: %s: unknown output format (.pftrace, .json, .ctf, .txt)\n",
			out);
		return 1;
	}
	return export_convert(in, out, fmt) ? 1 : 0;
}

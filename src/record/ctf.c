// SPDX-License-Identifier: GPL-2.0
/*
 * The CTF 1.8 export: a directory with a TSDL `metadata` file and one
 * binary stream file per CPU (stream_N), as LTTng lays out a kernel trace,
 * written from the CTF 1.8 specification.
 *
 * Every integer is byte-aligned little-endian; strings are NUL-terminated.
 * The clock is CLOCK_BOOTTIME in nanoseconds with the offset that turns it
 * into wall time.  Each event carries the thread as its context (tid, pid,
 * procname); names kept as ids in the recording (syscalls, script names)
 * are written out as strings.  Losses become the packets' events_discarded,
 * the counter CTF readers report gaps from.
 */
#include "record/export.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outfile.h"

#define CTF_MAGIC	0xC1FC1FC1u
#define PACKET_TARGET	(64u << 10)
#define PACKET_HEADER	8	/* magic, stream_id */
#define PACKET_CONTEXT	44	/* begin, end, content_size, packet_size, discarded, cpu */

struct ctf_stream {
	FILE *out;
	uint8_t *buf;
	size_t len, cap;
	uint64_t first_ts, last_ts;
	uint64_t discarded;	/* cumulative, as CTF counts it */
	int li;			/* next loss of f->losses to consider */
};

/* ---- metadata -------------------------------------------------------------------- */

static const char *ctf_type(char letter)
{
	return letter == 's' ? "int64_t" : "uint64_t";
}

/* The fields of a kind as TSDL; the tid is in the event context. */
static void write_event_class(FILE *m, unsigned kind)
{
	const char *layout = rec_kind_layout(kind);

	fprintf(m, "event {\n\tname = \"%s\";\n\tid = %u;\n\tstream_id = 0;\n"
		"\tfields := struct {\n", rec_kind_name(kind), kind);
	for (int i = 1; layout[i]; i++) {
		const char *name = rec_kind_field(kind, i);

		if (layout[i] == 'S')
			fprintf(m, "\t\tstring %s;\n", name);
		else if (layout[i] == 'a')
			fprintf(m, "\t\tstring args;\n");
		else if (layout[i] == 'h')
			fprintf(m, "\t\tstring %s;\n", name);
		else if (strcmp(name, "name") == 0)
			fprintf(m, "\t\tstring name;\n");
		else
			fprintf(m, "\t\t%s %s;\n", ctf_type(layout[i]), name);
	}
	if (kind == RK_SYS_ENTER || kind == RK_SYS_EXIT)
		fprintf(m, "\t\tstring syscall;\n");
	fprintf(m, "\t};\n};\n\n");
}

static int write_metadata(const struct rec_file *f, const char *dir)
{
	char *path = xasprintf("%s/metadata", dir);
	FILE *m = outfile_fopen("-o", path);
	int64_t offset = (int64_t)(f->hdr.real_ns - f->hdr.boot_ns);
	char host[256] = "localhost";

	if (!m) {
		free(path);
		return -1;
	}
	gethostname(host, sizeof(host) - 1);
	for (char *p = host; *p; p++)
		if (*p == '"' || *p == '\\')
			*p = '_';
	fprintf(m, "/* CTF 1.8 */\n\n"
		"typealias integer { size = 8; align = 8; signed = false; } := uint8_t;\n"
		"typealias integer { size = 32; align = 8; signed = false; } := uint32_t;\n"
		"typealias integer { size = 64; align = 8; signed = false; } := uint64_t;\n"
		"typealias integer { size = 64; align = 8; signed = true; } := int64_t;\n\n"
		"trace {\n\tmajor = 1;\n\tminor = 8;\n\tbyte_order = le;\n"
		"\tpacket.header := struct {\n\t\tuint32_t magic;\n\t\tuint32_t stream_id;\n\t};\n};\n\n"
		"env {\n\thostname = \"%s\";\n\tdomain = \"kernel\";\n\ttracer_name = \"sonde\";\n"
		"\tsysname = \"Linux\";\n\tarch = \"%.16s\";\n};\n\n"
		"clock {\n\tname = \"boottime\";\n\tdescription = \"CLOCK_BOOTTIME\";\n"
		"\tfreq = 1000000000;\n\toffset_s = %" PRId64 ";\n\toffset = %" PRId64 ";\n};\n\n"
		"typealias integer { size = 64; align = 8; signed = false; "
		"map = clock.boottime.value; } := clock_t;\n\n"
		"stream {\n\tid = 0;\n"
		"\tpacket.context := struct {\n\t\tclock_t timestamp_begin;\n"
		"\t\tclock_t timestamp_end;\n\t\tuint64_t content_size;\n"
		"\t\tuint64_t packet_size;\n\t\tuint64_t events_discarded;\n"
		"\t\tuint32_t cpu_id;\n\t};\n"
		"\tevent.header := struct {\n\t\tuint32_t id;\n\t\tclock_t timestamp;\n\t};\n"
		"\tevent.context := struct {\n\t\tuint32_t tid;\n\t\tuint32_t pid;\n"
		"\t\tstring procname;\n\t};\n};\n\n",
		host, f->hdr.arch, offset / 1000000000, offset % 1000000000);
	for (unsigned kind = 1; kind < RK_THREAD; kind++)
		if (rec_kind_layout(kind))
			write_event_class(m, kind);
	free(path);
	return fclose(m) ? -1 : 0;
}

/* ---- streams ----------------------------------------------------------------------- */

static void put(struct ctf_stream *s, const void *p, size_t n)
{
	if (s->len + n > s->cap) {
		s->cap = MAX(s->cap * 2, s->len + n + PACKET_TARGET);
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

static void put_u32(struct ctf_stream *s, uint32_t v)
{
	put(s, &v, 4);
}

static void put_u64(struct ctf_stream *s, uint64_t v)
{
	put(s, &v, 8);
}

/* A string without NULs inside, then its NUL. */
static void put_str(struct ctf_stream *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i] ? p[i] : '?';

		put(s, &c, 1);
	}
	put(s, "", 1);
}

static void put_cstr(struct ctf_stream *s, const char *p)
{
	put_str(s, p, strlen(p));
}

/* Losses on this CPU noticed up to ts count in this packet's discarded total. */
static void count_losses(const struct rec_file *f, struct ctf_stream *s, int cpu, uint64_t ts)
{
	for (; s->li < f->losses.n; s->li++) {
		const struct rec_loss *l = &f->losses.v[s->li];

		if (l->cpu == cpu && l->ts > ts)
			break;
		if (l->cpu == cpu)
			s->discarded += l->count;
	}
}

static int flush_packet(const struct rec_file *f, struct ctf_stream *s, int cpu, bool last)
{
	uint64_t bits;

	if (s->len <= PACKET_HEADER + PACKET_CONTEXT)
		return 0;
	count_losses(f, s, cpu, last ? UINT64_MAX : s->last_ts);
	bits = (uint64_t)s->len * 8;
	memcpy(s->buf + 8, &s->first_ts, 8);
	memcpy(s->buf + 16, &s->last_ts, 8);
	memcpy(s->buf + 24, &bits, 8);
	memcpy(s->buf + 32, &bits, 8);
	memcpy(s->buf + 40, &s->discarded, 8);
	if (fwrite(s->buf, 1, s->len, s->out) != s->len)
		return -1;
	s->len = 0;
	return 0;
}

static void begin_packet(struct ctf_stream *s, int cpu, uint64_t ts)
{
	put_u32(s, CTF_MAGIC);
	put_u32(s, 0);
	put_u64(s, ts);		/* begin and end, patched at flush */
	put_u64(s, ts);
	put_u64(s, 0);		/* content and packet size, patched */
	put_u64(s, 0);
	put_u64(s, 0);		/* events discarded, patched */
	put_u32(s, (uint32_t)cpu);
	s->first_ts = ts;
}

static void format_args(const struct rec_event *ev, struct strbuf *sb)
{
	for (int i = 0; i < ev->nargs; i++) {
		const struct rec_arg *a = &ev->args[i];

		if (i)
			sb_addc(sb, ' ');
		if (a->type == RA_STR)
			sb_addf(sb, "arg%d=\"%.*s\"", i, (int)a->slen, a->s);
		else if (a->type == RA_INT)
			sb_addf(sb, "arg%d=%" PRId64, i, a->i);
		else
			sb_addf(sb, "arg%d=%" PRIu64, i, (uint64_t)a->i);
	}
}

static void put_fields(const struct rec_file *f, struct ctf_stream *s,
		       const struct rec_event *ev)
{
	const char *layout = rec_kind_layout(ev->kind);
	int fi = 1;

	for (int i = 1; layout[i]; i++) {
		if (layout[i] == 'S') {
			put_str(s, ev->str, ev->slen);
		} else if (layout[i] == 'a' || layout[i] == 'h') {
			struct strbuf sb;

			sb_init(&sb);
			if (layout[i] == 'a')
				format_args(ev, &sb);
			else
				export_hist_text(f, ev, &sb);
			put_str(s, sb.buf, sb.len);
			sb_free(&sb);
		} else if (strcmp(rec_kind_field(ev->kind, i), "name") == 0) {
			put_cstr(s, export_name(f, ev->f[fi++]));
		} else {
			put_u64(s, ev->f[fi++]);
		}
	}
	if (ev->kind == RK_SYS_ENTER || ev->kind == RK_SYS_EXIT) {
		const char *sys = rec_syscall_name(ev->f[1]);

		put_cstr(s, sys ? sys : "?");
	}
}

static int write_event(const struct rec_file *f, struct ctf_stream *s,
		       const struct rec_event *ev)
{
	uint32_t tid = (uint32_t)ev->f[0];
	char buf[24];

	if (s->len > PACKET_TARGET && flush_packet(f, s, ev->cpu, false))
		return -1;
	if (s->len == 0)
		begin_packet(s, ev->cpu, ev->ts);
	put_u32(s, ev->kind);
	put_u64(s, ev->ts);
	put_u32(s, tid);
	put_u32(s, recf_pid(f, tid));
	put_cstr(s, recf_comm(f, tid, buf));
	put_fields(f, s, ev);
	s->last_ts = ev->ts;
	return 0;
}

static int open_streams(const struct rec_file *f, const char *dir, struct ctf_stream *st)
{
	for (uint32_t cpu = 0; cpu < f->hdr.ncpus; cpu++) {
		char *path;

		if (!f->cpu_events[cpu] && !f->cpu_lost[cpu])
			continue;
		path = xasprintf("%s/stream_%u", dir, cpu);
		st[cpu].out = outfile_fopen("-o", path);
		if (!st[cpu].out) {
			free(path);
			return -1;
		}
		free(path);
	}
	return 0;
}

int export_ctf(const struct rec_file *f, const char *dir)
{
	struct ctf_stream *st = xcalloc(f->hdr.ncpus, sizeof(*st));
	struct rec_event ev;
	int err = 0;

	if (mkdir(dir, 0700) && errno != EEXIST) {
		fprintf(stderr, "ERROR: %s: %s\n", dir, strerror(errno));
		free(st);
		return -1;
	}
	err = write_metadata(f, dir) || open_streams(f, dir, st);
	for (int i = 0; i < f->refs.n && !err; i++)
		if (recf_event(f, i, &ev) && st[ev.cpu].out)
			err = write_event(f, &st[ev.cpu], &ev);
	for (uint32_t cpu = 0; cpu < f->hdr.ncpus; cpu++) {
		if (!st[cpu].out)
			continue;
		if (!err && st[cpu].len == 0 && f->cpu_lost[cpu]) {
			begin_packet(&st[cpu], (int)cpu, f->last_ts);	/* losses only */
			st[cpu].last_ts = f->last_ts;
		}
		if (!err)
			err = flush_packet(f, &st[cpu], (int)cpu, true);
		if (fclose(st[cpu].out))
			err = -1;
		free(st[cpu].buf);
	}
	free(st);
	if (err)
		fprintf(stderr, "ERROR: %s: writing the CTF trace failed\n", dir);
	return err ? -1 : 0;
}

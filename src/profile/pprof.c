// SPDX-License-Identifier: GPL-2.0
/*
 * A small profile.proto encoder.  Only what pprof needs to draw a profile:
 * sample_type, samples (location ids leaf first, one value), locations
 * (one line each) and functions, and the string table.  Every frame name
 * is one function and one location, so ids are the name's string index.
 */
#include "profile/writers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Interned strings: index in the table, found through a hash. */
struct strtab {
	VEC(const char *) v;
	int *slots;
	uint32_t nslots;
};

static uint32_t str_hash(const char *s)
{
	return fnv32_str(s);
}

static int intern(struct strtab *t, const char *s);

static void strtab_grow(struct strtab *t)
{
	uint32_t n = t->nslots ? t->nslots * 2 : 1024;

	free(t->slots);
	t->slots = xmalloc(n * sizeof(*t->slots));
	memset(t->slots, 0xff, n * sizeof(*t->slots));
	t->nslots = n;
	for (int i = 0; i < t->v.n; i++) {
		uint32_t h = str_hash(t->v.v[i]) & (n - 1);

		while (t->slots[h] >= 0)
			h = (h + 1) & (n - 1);
		t->slots[h] = i;
	}
}

static int intern(struct strtab *t, const char *s)
{
	uint32_t h;

	if ((uint32_t)t->v.n * 2 >= t->nslots)
		strtab_grow(t);
	h = str_hash(s) & (t->nslots - 1);
	while (t->slots[h] >= 0) {
		if (strcmp(t->v.v[t->slots[h]], s) == 0)
			return t->slots[h];
		h = (h + 1) & (t->nslots - 1);
	}
	vec_push(&t->v, s);
	t->slots[h] = t->v.n - 1;
	return t->v.n - 1;
}

/* ---- protobuf wire format ---- */

static void put_varint(struct strbuf *b, uint64_t v)
{
	while (v >= 0x80) {
		sb_addc(b, (char)(v | 0x80));
		v >>= 7;
	}
	sb_addc(b, (char)v);
}

static void put_key(struct strbuf *b, int field, int wire)
{
	put_varint(b, (uint64_t)field << 3 | wire);
}

static void put_uint(struct strbuf *b, int field, uint64_t v)
{
	put_key(b, field, 0);
	put_varint(b, v);
}

static void put_bytes(struct strbuf *b, int field, const void *data, size_t len)
{
	put_key(b, field, 2);
	put_varint(b, len);
	sb_add(b, data, len);
}

static void put_message(struct strbuf *b, int field, struct strbuf *msg)
{
	put_bytes(b, field, msg->buf, msg->len);
	msg->len = 0;
	msg->buf[0] = '\0';
}

static void encode_sample(struct strbuf *out, struct strtab *st, const struct fstack *s,
			  const struct pprof_meta *meta, struct strbuf *msg)
{
	struct strbuf ids;

	sb_init(&ids);
	for (int i = s->nframes - 1; i >= 0; i--)	/* leaf first */
		put_varint(&ids, intern(st, s->frames[i]));
	put_bytes(msg, 1, ids.buf, ids.len);		/* location_id, packed */
	sb_free(&ids);
	sb_init(&ids);
	for (int t = 0; t < meta->ntypes; t++)
		put_varint(&ids, s->count * (uint64_t)meta->scale[t]);
	put_bytes(msg, 2, ids.buf, ids.len);		/* value, packed */
	sb_free(&ids);
	put_message(out, 2, msg);
}

static void value_type(struct strbuf *out, int field, struct strtab *st, const char *type,
		       const char *unit, struct strbuf *msg)
{
	put_uint(msg, 1, intern(st, type));
	put_uint(msg, 2, intern(st, unit));
	put_message(out, field, msg);
}

void pprof_encode_meta(const struct folded *f, const struct pprof_meta *meta,
		       struct strbuf *out)
{
	struct strtab st = { 0 };
	struct strbuf msg, line;
	int nfuncs;

	sb_init(&msg);
	sb_init(&line);
	intern(&st, "");
	for (int t = 0; t < meta->ntypes; t++)
		value_type(out, 1, &st, meta->type[t], meta->unit[t], &msg);	/* sample_type */
	for (int i = 0; i < f->stacks.n; i++)
		if (f->stacks.v[i].count && f->stacks.v[i].nframes)
			encode_sample(out, &st, &f->stacks.v[i], meta, &msg);
	/* the period's strings are interned now, so that ids below stay frame names */
	value_type(&line, 11, &st, meta->period_type, meta->period_unit, &msg);
	nfuncs = st.v.n;
	/* Ids are string indexes (0 is ""): one function and location each. */
	for (int id = 1; id < nfuncs; id++) {
		struct strbuf l2;

		sb_init(&l2);
		put_uint(&msg, 1, id);
		put_uint(&l2, 1, id);
		put_message(&msg, 4, &l2);		/* Location.line */
		put_message(out, 4, &msg);		/* location */
		put_uint(&msg, 1, id);
		put_uint(&msg, 2, id);
		put_uint(&msg, 3, id);
		put_message(out, 5, &msg);		/* function */
		sb_free(&l2);
	}
	for (int i = 0; i < st.v.n; i++)
		put_bytes(out, 6, st.v.v[i], strlen(st.v.v[i]));
	if (meta->time_nanos)
		put_uint(out, 9, (uint64_t)meta->time_nanos);
	if (meta->duration_nanos)
		put_uint(out, 10, (uint64_t)meta->duration_nanos);
	sb_add(out, line.buf, line.len);		/* period_type */
	put_uint(out, 12, (uint64_t)meta->period);	/* period */
	sb_free(&msg);
	sb_free(&line);
	vec_free(&st.v);
	free(st.slots);
}

void pprof_encode(const struct folded *f, const char *countname, const char *unit,
		  struct strbuf *out)
{
	struct pprof_meta meta = {
		.type = { countname }, .unit = { unit }, .scale = { 1 }, .ntypes = 1,
		.period_type = countname, .period_unit = unit, .period = 1,
	};

	pprof_encode_meta(f, &meta, out);
}

int pprof_gzip(const void *data, size_t len, struct strbuf *out)
{
	z_stream z = { 0 };
	unsigned char buf[65536];
	int rc;

	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -EIO;
	z.next_in = (unsigned char *)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		rc = deflate(&z, Z_FINISH);
		sb_add(out, buf, sizeof(buf) - z.avail_out);
	} while (rc == Z_OK);
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -EIO;
}

int pprof_write(const struct folded *f, const char *countname, const char *unit, int fd)
{
	struct strbuf pb;
	gzFile gz;
	int err = 0;

	sb_init(&pb);
	pprof_encode(f, countname, unit, &pb);
	gz = gzdopen(fd, "wb");
	if (!gz) {
		close(fd);
		sb_free(&pb);
		return -(errno ? errno : EIO);
	}
	if (pb.len && gzwrite(gz, pb.buf, (unsigned)pb.len) != (int)pb.len)
		err = -EIO;
	if (gzclose(gz) != Z_OK && !err)
		err = -EIO;
	sb_free(&pb);
	return err;
}

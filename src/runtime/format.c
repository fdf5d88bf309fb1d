// SPDX-License-Identifier: GPL-2.0
/*
 * Values by type.  One printer per type kind, in a table, for text and
 * for JSON; aggregates recurse through their fields.
 */
#include "runtime/format.h"

#include <arpa/inet.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lang/btf.h"
#include "runtime/cgroup.h"
#include "runtime/stackfmt.h"

typedef void (*value_printer)(struct strbuf *out, const struct type *t, const uint8_t *p,
			      const struct program *prog);

static uint64_t read_unsigned(const uint8_t *p, uint32_t size)
{
	uint8_t b8;
	uint16_t b16;
	uint32_t b32;
	uint64_t b64;

	switch (size) {
	case 1:
		memcpy(&b8, p, 1);
		return b8;
	case 2:
		memcpy(&b16, p, 2);
		return b16;
	case 4:
		memcpy(&b32, p, 4);
		return b32;
	default:
		b64 = 0;
		memcpy(&b64, p, size < 8 ? size : 8);
		return b64;
	}
}

static int64_t sign_extend(uint64_t v, uint32_t bits)
{
	if (bits == 0 || bits >= 64)
		return (int64_t)v;
	v &= (1ULL << bits) - 1;
	if (v & (1ULL << (bits - 1)))
		v |= ~((1ULL << bits) - 1);
	return (int64_t)v;
}

int64_t format_read_int(const struct type *t, const void *data)
{
	uint32_t size = t->size > 8 ? 8 : t->size;
	uint64_t v = read_unsigned(data, size);

	if (t->kind == TY_BOOL)
		return (v & 0xff) != 0;
	if (t->is_signed)
		return sign_extend(v, size * 8);
	return (int64_t)v;
}

static void add_int(struct strbuf *out, int64_t v, bool is_signed)
{
	if (is_signed)
		sb_addf(out, "%lld", (long long)v);
	else
		sb_addf(out, "%llu", (unsigned long long)v);
}

static void text_int(struct strbuf *out, const struct type *t, const uint8_t *p,
		     const struct program *prog)
{
	add_int(out, format_read_int(t, p), t->is_signed);
}

/* Enums print their enumerator's name when the value has one. */
static void text_enum(struct strbuf *out, const struct type *t, const uint8_t *p,
		      const struct program *prog)
{
	int64_t v = format_read_int(t, p);
	const char *name = type_enum_name(t, v);

	if (name)
		sb_adds(out, name);
	else
		add_int(out, v, t->is_signed);
}

static void text_bool(struct strbuf *out, const struct type *t, const uint8_t *p,
		      const struct program *prog)
{
	sb_adds(out, p[0] ? "true" : "false");
}

/*
 * The bytes of a string value: up to its NUL, or all of them (a char
 * array's characters may fill it: char s[5] holding "hello").
 */
static size_t str_len(const struct type *t, const uint8_t *p)
{
	const uint8_t *nul = memchr(p, '\0', t->size);

	return nul ? (size_t)(nul - p) : t->size;
}

static void text_str(struct strbuf *out, const struct type *t, const uint8_t *p,
		     const struct program *prog)
{
	size_t len = str_len(t, p);
	/* str() read max_strlen characters: all of them used means cut short */
	bool truncated = t->trunc_mark && len + 1 == t->size;

	sb_add(out, p, len);
	if (truncated)
		sb_adds(out, prog && prog->cfg.str_trunc_trailer ? prog->cfg.str_trunc_trailer : "..");
}

/* Buffers print printable ASCII as is and every other byte as \xNN. */
static void text_buf(struct strbuf *out, const struct type *t, const uint8_t *p,
		     const struct program *prog)
{
	uint32_t len;

	memcpy(&len, p, 4);
	len = MIN(len, t->size - 4);
	for (uint32_t i = 0; i < len; i++) {
		uint8_t c = p[4 + i];

		if (c >= 32 && c <= 126)
			sb_addc(out, c);
		else
			sb_addf(out, "\\x%02x", c);
	}
}

static void field_value(struct strbuf *out, const struct field *f, const uint8_t *p,
			const struct program *prog, bool json);

static void text_record(struct strbuf *out, const struct type *t, const uint8_t *p,
			const struct program *prog);
static void json_record(struct strbuf *out, const struct type *t, const uint8_t *p,
			const struct program *prog);

static void text_tuple(struct strbuf *out, const struct type *t, const uint8_t *p,
		       const struct program *prog)
{
	if (t->nfields && t->fields[0].name) {	/* a record literal */
		text_record(out, t, p, prog);
		return;
	}
	sb_addc(out, '(');
	for (int i = 0; i < t->nfields; i++) {
		if (i)
			sb_adds(out, ", ");
		field_value(out, &t->fields[i], p, prog, false);
	}
	sb_addc(out, ')');
}

static void text_record(struct strbuf *out, const struct type *t, const uint8_t *p,
			const struct program *prog)
{
	t = btf_resolve((struct type *)t);	/* a kernel record behind a pointer */
	if (!t->nfields) {
		sb_adds(out, "{}");
		return;
	}
	sb_adds(out, "{ ");
	for (int i = 0; i < t->nfields; i++) {
		if (i)
			sb_adds(out, ", ");
		sb_addf(out, ".%s = ", t->fields[i].name ? t->fields[i].name : "");
		field_value(out, &t->fields[i], p, prog, false);
	}
	sb_adds(out, " }");
}

/* char arrays (from BTF) are strings in bpftrace's model. */
static void text_char_array(struct strbuf *out, const struct type *t, const uint8_t *p)
{
	text_str(out, type_str(t->nelem), p, NULL);
}

static void text_array(struct strbuf *out, const struct type *t, const uint8_t *p,
		       const struct program *prog)
{
	if (type_is_char_array(t) && t->nelem) {
		text_char_array(out, t, p);
		return;
	}
	sb_addc(out, '[');
	for (uint32_t i = 0; t->elem && i < t->nelem; i++) {
		if (i)
			sb_addc(out, ',');
		format_value(out, t->elem, p + i * t->elem->size, prog);
	}
	sb_addc(out, ']');
}

static void text_hex(struct strbuf *out, const struct type *t, const uint8_t *p,
		     const struct program *prog)
{
	sb_addf(out, "0x%llx", (unsigned long long)read_unsigned(p, MIN(t->size, 8)));
}

static void text_probe(struct strbuf *out, const struct type *t, const uint8_t *p,
		       const struct program *prog)
{
	uint64_t idx = read_unsigned(p, 8);

	if (prog && idx < (uint64_t)prog->probe_names.n)
		sb_adds(out, prog->probe_names.v[idx]);
	else
		sb_addf(out, "%llu", (unsigned long long)idx);
}

static void text_username(struct strbuf *out, const struct type *t, const uint8_t *p,
			  const struct program *prog)
{
	uint64_t uid = read_unsigned(p, 8);
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (uid <= UINT32_MAX && !getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) && res)
		sb_adds(out, res->pw_name);
	else
		sb_addf(out, "%llu", (unsigned long long)uid);
}

static void text_inet(struct strbuf *out, const struct type *t, const uint8_t *p,
		      const struct program *prog)
{
	uint64_t af = read_unsigned(p, 8);
	char buf[INET6_ADDRSTRLEN];
	int family = af == AF_INET6 ? AF_INET6 : AF_INET;

	if ((af == AF_INET || af == AF_INET6) && inet_ntop(family, p + 8, buf, sizeof(buf)))
		sb_adds(out, buf);
	else
		sb_adds(out, "");
}

static void text_macaddr(struct strbuf *out, const struct type *t, const uint8_t *p,
			 const struct program *prog)
{
	sb_addf(out, "%02X:%02X:%02X:%02X:%02X:%02X", p[0], p[1], p[2], p[3], p[4], p[5]);
}

static void text_strerror(struct strbuf *out, const struct type *t, const uint8_t *p,
			  const struct program *prog)
{
	sb_adds(out, strerror((int)read_unsigned(p, 8)));
}

static void __attribute__((unused)) text_unsigned(struct strbuf *out, const struct type *t, const uint8_t *p,
			  const struct program *prog)
{
	sb_addf(out, "%llu", (unsigned long long)read_unsigned(p, MIN(t->size, 8)));
}

static void text_stack(struct strbuf *out, const struct type *t, const uint8_t *p,
		       const struct program *prog)
{
	stack_format(out, t, p, prog, STACK_INDENT_VALUE);
}

static void text_ksym(struct strbuf *out, const struct type *t, const uint8_t *p,
		      const struct program *prog)
{
	if (t->stack_mode != SYM_PLAIN)
		stack_format_dsym(out, t, p);
	else
		stack_format_ksym(out, p);
}

static void text_usym(struct strbuf *out, const struct type *t, const uint8_t *p,
		      const struct program *prog)
{
	if (t->stack_mode != SYM_PLAIN)
		stack_format_dsym(out, t, p);
	else
		stack_format_usym(out, p);
}

/* A value of no printable type: a floating-point member prints null, as in bpftrace. */
static void text_none(struct strbuf *out, const struct type *t, const uint8_t *p,
		      const struct program *prog)
{
	if (t->size)
		sb_adds(out, "null");
}

/* cgroup_path(id[, filter]): the cgroup's path in each hierarchy; the
 * filter is the type's name.  Nothing when the cgroup has gone. */
static void text_cgroup_path(struct strbuf *out, const struct type *t, const uint8_t *p,
			     const struct program *prog)
{
	cgroup_paths_of(out, read_unsigned(p, 8), t->name);
}

/* strftime(fmt, nsecs): nsecs is CLOCK_MONOTONIC (ktime_get_ns); the
 * format is the type's name. */
static void text_timestamp(struct strbuf *out, const struct type *t, const uint8_t *p,
			   const struct program *prog)
{
	struct timespec mono, real;
	uint64_t ns = read_unsigned(p, 8), offset;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	offset = (uint64_t)real.tv_sec * 1000000000ull + real.tv_nsec -
		 ((uint64_t)mono.tv_sec * 1000000000ull + mono.tv_nsec);
	format_strftime(out, t->name ? t->name : "%H:%M:%S", ns + offset);
}

static const value_printer text_printers[TY_KIND_COUNT] = {
	[TY_NONE] = text_none,
	[TY_INT] = text_int,
	[TY_ENUM] = text_enum,
	[TY_BOOL] = text_bool,
	[TY_STR] = text_str,
	[TY_BUF] = text_buf,
	[TY_TUPLE] = text_tuple,
	[TY_RECORD] = text_record,
	[TY_CTX] = text_record,
	[TY_PTR] = text_hex,
	[TY_ARRAY] = text_array,
	[TY_PROBE] = text_probe,
	[TY_USERNAME] = text_username,
	[TY_TIMESTAMP] = text_timestamp,
	[TY_KSTACK] = text_stack,
	[TY_USTACK] = text_stack,
	[TY_KSYM] = text_ksym,
	[TY_USYM] = text_usym,
	[TY_INET] = text_inet,
	[TY_MACADDR] = text_macaddr,
	[TY_CGROUP_PATH] = text_cgroup_path,
	[TY_STRERROR] = text_strerror,
};

void format_value(struct strbuf *out, const struct type *t, const void *data,
		  const struct program *prog)
{
	if (!t || !data || t->kind >= TY_KIND_COUNT || !text_printers[t->kind])
		return;
	text_printers[t->kind](out, t, data, prog);
}

void format_arg(struct strbuf *out, const struct type *t, const void *data,
		const struct program *prog)
{
	if (t && (t->kind == TY_KSTACK || t->kind == TY_USTACK))
		stack_format(out, t, data, prog, STACK_INDENT_PRINTF);
	else
		format_value(out, t, data, prog);
}

/* ---- JSON ---- */

/* Bytes JSON strings can hold as they are. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

void json_string(struct strbuf *out, const char *s, size_t len)
{
	sb_addc(out, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		size_t run = i;

		while (run < len && json_plain(s[run]))
			run++;
		if (run > i) {
			/* copy plain runs whole: the common case by far */
			sb_add(out, s + i, run - i);
			i = run - 1;
			continue;
		}
		if (c == '"' || c == '\\')
			sb_addf(out, "\\%c", c);
		else if (c == '\n')
			sb_adds(out, "\\n");
		else if (c == '\t')
			sb_adds(out, "\\t");
		else if (c == '\r')
			sb_adds(out, "\\r");
		else if (c < 0x20)
			sb_addf(out, "\\u%04x", c);
		else
			sb_addc(out, c);
	}
	sb_addc(out, '"');
}

/* Values JSON has no own form for print as their text, quoted. */
static void json_as_text(struct strbuf *out, const struct type *t, const uint8_t *p,
			 const struct program *prog)
{
	struct strbuf s;

	sb_init(&s);
	format_value(&s, t, p, prog);
	json_string(out, s.buf, s.len);
	sb_free(&s);
}

/* Strings carry the text form's ".." when they filled their buffer. */
static void json_str(struct strbuf *out, const struct type *t, const uint8_t *p,
		     const struct program *prog)
{
	json_as_text(out, t, p, prog);
}

/*
 * JSON numbers are doubles: an integer a double cannot hold exactly is
 * written as a string, as bpftrace does, so that no consumer rounds it.
 */
static bool double_exact(uint64_t mag)
{
	while (mag && !(mag & 1))
		mag >>= 1;
	return mag < (1ULL << 53);
}

void json_int(struct strbuf *out, int64_t v, bool is_signed)
{
	uint64_t mag = is_signed && v < 0 ? -(uint64_t)v : (uint64_t)v;
	bool quote = !double_exact(mag);

	if (quote)
		sb_addc(out, '"');
	add_int(out, v, is_signed);
	if (quote)
		sb_addc(out, '"');
}

static void json_intval(struct strbuf *out, const struct type *t, const uint8_t *p,
			const struct program *prog)
{
	json_int(out, format_read_int(t, p), t->is_signed);
}

/* Pointers are numbers in JSON (hex text only in the text format). */
static void json_unsigned(struct strbuf *out, const struct type *t, const uint8_t *p,
			  const struct program *prog)
{
	json_int(out, (int64_t)read_unsigned(p, MIN(t->size, 8)), false);
}

/* Buffers are arrays of their bytes (as C chars), as in bpftrace. */
static void json_buf(struct strbuf *out, const struct type *t, const uint8_t *p,
		     const struct program *prog)
{
	uint32_t len;

	memcpy(&len, p, 4);
	len = MIN(len, t->size - 4);
	sb_addc(out, '[');
	for (uint32_t i = 0; i < len; i++)
		sb_addf(out, "%s%d", i ? "," : "", (int)(int8_t)p[4 + i]);
	sb_addc(out, ']');
}

static void json_tuple(struct strbuf *out, const struct type *t, const uint8_t *p,
		       const struct program *prog)
{
	if (t->nfields && t->fields[0].name) {	/* a record literal */
		json_record(out, t, p, prog);
		return;
	}
	sb_addc(out, '[');
	for (int i = 0; i < t->nfields; i++) {
		if (i)
			sb_addc(out, ',');
		field_value(out, &t->fields[i], p, prog, true);
	}
	sb_addc(out, ']');
}

static void json_record(struct strbuf *out, const struct type *t, const uint8_t *p,
			const struct program *prog)
{
	t = btf_resolve((struct type *)t);
	sb_addc(out, '{');
	for (int i = 0; i < t->nfields; i++) {
		const char *name = t->fields[i].name ? t->fields[i].name : "";

		if (i)
			sb_adds(out, ", ");
		json_string(out, name, strlen(name));
		sb_adds(out, ": ");
		field_value(out, &t->fields[i], p, prog, true);
	}
	sb_addc(out, '}');
}

static void json_array(struct strbuf *out, const struct type *t, const uint8_t *p,
		       const struct program *prog)
{
	if (type_is_char_array(t) && t->nelem) {
		json_as_text(out, t, p, prog);
		return;
	}
	sb_addc(out, '[');
	for (uint32_t i = 0; t->elem && i < t->nelem; i++) {
		if (i)
			sb_addc(out, ',');
		format_value_json(out, t->elem, p + i * t->elem->size, prog);
	}
	sb_addc(out, ']');
}

static const value_printer json_printers[TY_KIND_COUNT] = {
	[TY_INT] = json_intval,
	[TY_ENUM] = json_intval,
	[TY_BOOL] = text_bool,
	[TY_STR] = json_str,
	[TY_BUF] = json_buf,
	[TY_PTR] = json_unsigned,
	[TY_TUPLE] = json_tuple,
	[TY_RECORD] = json_record,
	[TY_CTX] = json_record,
	[TY_ARRAY] = json_array,
};

void format_value_json(struct strbuf *out, const struct type *t, const void *data,
		       const struct program *prog)
{
	if (!t || !data || t->kind >= TY_KIND_COUNT)
		return;
	if (t->kind == TY_NONE) {
		sb_adds(out, "null");
		return;
	}
	if (json_printers[t->kind])
		json_printers[t->kind](out, t, data, prog);
	else
		json_as_text(out, t, data, prog);
}

/* ---- fields and keys ---- */

static void bitfield_value(struct strbuf *out, const struct field *f, const uint8_t *p)
{
	uint32_t size = f->type->size > 8 ? 8 : f->type->size;
	uint64_t raw = read_unsigned(p + f->offset, size);
	uint64_t v = f->bit_size >= 64 ? raw >> f->bit_offset :
		     (raw >> f->bit_offset) & ((1ULL << f->bit_size) - 1);

	if (f->type->is_signed)
		sb_addf(out, "%lld", (long long)sign_extend(v, f->bit_size));
	else
		sb_addf(out, "%llu", (unsigned long long)v);
}

static void field_value(struct strbuf *out, const struct field *f, const uint8_t *p,
			const struct program *prog, bool json)
{
	if (!f->type)
		return;
	if (f->bit_size && type_is_int(f->type))
		bitfield_value(out, f, p);
	else if (json)
		format_value_json(out, f->type, p + f->offset, prog);
	else
		format_value(out, f->type, p + f->offset, prog);
}

void format_key(struct strbuf *out, const struct type *t, const void *data,
		const struct program *prog)
{
	/* a record literal keeps its braces: only a tuple's parens are dropped */
	if (!t || t->kind != TY_TUPLE || (t->nfields && t->fields[0].name)) {
		format_value(out, t, data, prog);
		return;
	}
	for (int i = 0; i < t->nfields; i++) {
		if (i)
			sb_adds(out, ", ");
		field_value(out, &t->fields[i], data, prog, false);
	}
}

/*
 * One part of a JSON object key: its text form without spaces, as
 * bpftrace writes keys.  Strings keep theirs: bpftrace drops them too,
 * which merges distinct keys ("a b" and "ab"); sonde does not.
 */
static void key_part_json(struct strbuf *s, const struct field *f, const uint8_t *data,
			  const struct program *prog)
{
	size_t start = s->len, w;

	field_value(s, f, data, prog, false);
	if (f->type && (f->type->kind == TY_STR || type_is_char_array(f->type)))
		return;
	w = start;
	for (size_t r = start; r < s->len; r++)
		if (s->buf[r] != ' ')
			s->buf[w++] = s->buf[r];
	s->len = w;
	s->buf[w] = '\0';
}

void format_key_json(struct strbuf *out, const struct type *t, const void *data,
		     const struct program *prog)
{
	struct strbuf s;

	sb_init(&s);
	if (t && t->kind == TY_TUPLE) {
		for (int i = 0; i < t->nfields; i++) {
			if (i)
				sb_addc(&s, ',');
			key_part_json(&s, &t->fields[i], data, prog);
		}
	} else if (t) {
		struct field whole = { .type = (struct type *)t };

		key_part_json(&s, &whole, data, prog);
	}
	json_string(out, s.buf, s.len);
	sb_free(&s);
}

/* ---- strftime, join ---- */

/*
 * strftime(3) into out, however long the result: strftime returns 0 both
 * for "did not fit" and for an empty result, so the buffer grows until
 * the result fits or it is larger than any conversion could need (no
 * conversion writes 64 bytes per byte of format).
 */
void format_strftime_tm(struct strbuf *out, const char *fmt, const struct tm *tm)
{
	size_t need_max = strlen(fmt) * 64 + 256, size, n = 0;
	char *buf = NULL;

	if (!*fmt)
		return;
	for (size = 256; !n && size <= need_max * 2; size *= 2) {
		buf = xrealloc(buf, size);
		n = strftime(buf, size, fmt, tm);
	}
	sb_add(out, buf, n);
	free(buf);
}

/* strftime(3) of one piece of fmt (no %f in it). */
static void add_strftime(struct strbuf *out, const char *fmt, size_t len, const struct tm *tm)
{
	char *piece = xstrndup(fmt, len);

	format_strftime_tm(out, piece, tm);
	free(piece);
}

void format_strftime(struct strbuf *out, const char *fmt, uint64_t wall_ns)
{
	time_t secs = (time_t)(wall_ns / 1000000000ULL);
	unsigned usecs = (unsigned)(wall_ns % 1000000000ULL / 1000);
	const char *start = fmt, *p;
	struct tm tm;

	localtime_r(&secs, &tm);
	for (p = fmt; *p; p++) {
		if (p[0] != '%' || !p[1])
			continue;
		if (p[1] == 'f') {
			add_strftime(out, start, p - start, &tm);
			sb_addf(out, "%06u", usecs);
			start = p + 2;
		}
		p++;	/* "%%" and every other conversion: skip its letter */
	}
	add_strftime(out, start, p - start, &tm);
}

void format_join(struct strbuf *out, const uint8_t *data, int nslots, uint32_t slot,
		 const char *sep)
{
	for (int i = 0; i < nslots && slot; i++) {
		const uint8_t *s = data + (size_t)i * slot;
		const uint8_t *nul = memchr(s, '\0', slot);
		size_t len = nul ? (size_t)(nul - s) : slot;

		if (!len)
			break;
		if (i)
			sb_adds(out, sep ? sep : " ");
		sb_add(out, s, len);
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Reading tracefs: finding the mount, listing events, parsing the
 * `format` files that describe tracepoint records.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracefs.h"
#include "lang/btf.h"

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The mount point from /proc/mounts, for tracefs mounted elsewhere. */
static char *tracefs_from_mounts(void)
{
	FILE *f = fopen("/proc/mounts", "r");
	char dev[256], dir[4096], fstype[64];
	char *found = NULL;

	if (!f)
		return NULL;
	while (!found && fscanf(f, "%255s %4095s %63s %*[^\n]", dev, dir, fstype) == 3) {
		if (strcmp(fstype, "tracefs") == 0)
			found = xstrdup(dir);
	}
	fclose(f);
	return found;
}

const char *tracefs_root(void)
{
	static const char *const known[] = {
		"/sys/kernel/tracing",
		"/sys/kernel/debug/tracing",
	};
	static char *root;
	static bool looked;

	if (looked)
		return root;
	looked = true;
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		char *events = xasprintf("%s/events", known[i]);
		bool ok = is_dir(events);

		free(events);
		if (ok) {
			root = xstrdup(known[i]);
			return root;
		}
	}
	root = tracefs_from_mounts();
	return root;
}

bool tracefs_readable(void)
{
	const char *root = tracefs_root();
	char *events;
	bool ok;

	if (!root)
		return false;
	events = xasprintf("%s/events", root);
	ok = access(events, R_OK | X_OK) == 0;
	free(events);
	return ok;
}

void tracefs_names_free(tracefs_names *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->v[i]);
	vec_free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted sub-directory names of path; 0 or -errno. */
static int list_subdirs(const char *path, tracefs_names *out)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (de->d_type != DT_DIR) {
			char *sub;
			bool ok;

			if (de->d_type != DT_UNKNOWN)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			ok = is_dir(sub);
			free(sub);
			if (!ok)
				continue;
		}
		vec_push(out, xstrdup(de->d_name));
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_str);
	return 0;
}

/* A name that cannot leave the events directory. */
static bool safe_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

int tracefs_categories(tracefs_names *out)
{
	const char *root = tracefs_root();
	char *path;
	int err;

	if (!root)
		return -ENOENT;
	path = xasprintf("%s/events", root);
	err = list_subdirs(path, out);
	free(path);
	return err;
}

int tracefs_events(const char *category, tracefs_names *out)
{
	const char *root = tracefs_root();
	char *path;
	int err;

	if (!root || !safe_name(category))
		return -ENOENT;
	path = xasprintf("%s/events/%s", root, category);
	err = list_subdirs(path, out);
	free(path);
	return err;
}

static char *event_file(const char *category, const char *event, const char *file)
{
	const char *root = tracefs_root();

	if (!root || !safe_name(category) || !safe_name(event))
		return NULL;
	if (!file)
		return xasprintf("%s/events/%s/%s", root, category, event);
	return xasprintf("%s/events/%s/%s/%s", root, category, event, file);
}

bool tracefs_event_exists(const char *category, const char *event)
{
	char *path = event_file(category, event, NULL);
	bool ok = path && is_dir(path);

	free(path);
	return ok;
}

int tracefs_event_id(const char *category, const char *event)
{
	char *path = event_file(category, event, "id");
	char *text, *end;
	long id;

	if (!path)
		return -ENOENT;
	text = read_file(path, NULL);
	free(path);
	if (!text)
		return -errno;
	errno = 0;
	id = strtol(text, &end, 10);
	if (end == text || errno || id < 0 || id > INT32_MAX) {
		free(text);
		return -EINVAL;
	}
	free(text);
	return (int)id;
}

char *tracefs_read_format(const char *category, const char *event)
{
	char *path = event_file(category, event, "format");
	char *text;

	if (!path) {
		errno = ENOENT;
		return NULL;
	}
	text = read_file(path, NULL);
	free(path);
	return text;
}

/* ---- format files ---- */

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/* The number after "key:" in line (up to end), or false. */
static bool field_number(const char *line, const char *end, const char *key, long *out)
{
	size_t klen = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key)) && p < end) {
		if (p == line || p[-1] == '\t' || p[-1] == ' ' || p[-1] == ';') {
			char *num_end;

			errno = 0;
			*out = strtol(p + klen, &num_end, 10);
			return num_end != p + klen && !errno;
		}
		p += klen;
	}
	return false;
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Split decl into the C type, the name and an array length. */
static bool split_decl(const char *decl, struct tracefs_field *f)
{
	size_t n = strlen(decl);
	size_t name_end, name_start;

	f->array_len = -1;
	if (n && decl[n - 1] == ']') {
		const char *open = memrchr(decl, '[', n);
		char *end;
		long len;

		if (!open)
			return false;
		len = strtol(open + 1, &end, 0);
		f->array_len = (end != open + 1 && *end == ']' && len > 0) ? (int)len : 0;
		n = open - decl;
	}
	while (n && isspace((unsigned char)decl[n - 1]))
		n--;
	name_end = n;
	while (n && is_ident_char(decl[n - 1]))
		n--;
	name_start = n;
	if (name_start == name_end || name_start == 0)
		return false;
	f->name = xstrndup(decl + name_start, name_end - name_start);
	f->ctype = trim_dup(decl, name_start);
	return true;
}

/* One "\tfield:DECL;\toffset:N;\tsize:N;\tsigned:N;" line. */
static bool parse_field_line(const char *line, const char *end, struct tracefs_field *f)
{
	const char *decl, *semi;
	long offset, size, is_signed = 0;

	while (line < end && isspace((unsigned char)*line))
		line++;
	if ((size_t)(end - line) < 6 || strncmp(line, "field:", 6) != 0)
		return false;
	decl = line + 6;
	semi = memchr(decl, ';', end - decl);
	if (!semi)
		return false;
	if (!field_number(semi, end, "offset:", &offset) ||
	    !field_number(semi, end, "size:", &size) ||
	    offset < 0 || size < 0 || offset > UINT16_MAX || size > UINT16_MAX)
		return false;
	field_number(semi, end, "signed:", &is_signed);

	memset(f, 0, sizeof(*f));
	f->decl = trim_dup(decl, semi - decl);
	if (!split_decl(f->decl, f)) {
		free(f->decl);
		return false;
	}
	f->offset = offset;
	f->size = size;
	f->is_signed = is_signed != 0;
	f->data_loc = strncmp(f->ctype, "__data_loc", 10) == 0;
	f->common = strncmp(f->name, "common_", 7) == 0;
	return true;
}

void tracefs_parse_fields(const char *text, tracefs_fieldlist *out)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		struct tracefs_field f;

		if (!end)
			end = line + strlen(line);
		if (parse_field_line(line, end, &f))
			vec_push(out, f);
		line = *end ? end + 1 : NULL;
	}
}

void tracefs_fields_free(tracefs_fieldlist *fields)
{
	for (int i = 0; i < fields->n; i++) {
		free(fields->v[i].decl);
		free(fields->v[i].ctype);
		free(fields->v[i].name);
	}
	vec_free(fields);
}

/* C base types a format file may name, and what they are. */
struct ctype_info {
	const char *name;
	uint8_t size;
	bool is_signed;
	bool is_bool;
};

static const struct ctype_info ctypes[] = {
	{ "char", 1, true, false },
	{ "signed char", 1, true, false },
	{ "unsigned char", 1, false, false },
	{ "short", 2, true, false },
	{ "short int", 2, true, false },
	{ "signed short", 2, true, false },
	{ "unsigned short", 2, false, false },
	{ "unsigned short int", 2, false, false },
	{ "int", 4, true, false },
	{ "signed", 4, true, false },
	{ "signed int", 4, true, false },
	{ "unsigned", 4, false, false },
	{ "unsigned int", 4, false, false },
	{ "long", 8, true, false },
	{ "long int", 8, true, false },
	{ "signed long", 8, true, false },
	{ "unsigned long", 8, false, false },
	{ "unsigned long int", 8, false, false },
	{ "long long", 8, true, false },
	{ "long long int", 8, true, false },
	{ "unsigned long long", 8, false, false },
	{ "unsigned long long int", 8, false, false },
	{ "bool", 1, false, true },
	{ "_Bool", 1, false, true },
	{ "u8", 1, false, false }, { "__u8", 1, false, false }, { "uint8_t", 1, false, false },
	{ "s8", 1, true, false }, { "__s8", 1, true, false }, { "int8_t", 1, true, false },
	{ "u16", 2, false, false }, { "__u16", 2, false, false }, { "uint16_t", 2, false, false },
	{ "s16", 2, true, false }, { "__s16", 2, true, false }, { "int16_t", 2, true, false },
	{ "u32", 4, false, false }, { "__u32", 4, false, false }, { "uint32_t", 4, false, false },
	{ "s32", 4, true, false }, { "__s32", 4, true, false }, { "int32_t", 4, true, false },
	{ "u64", 8, false, false }, { "__u64", 8, false, false }, { "uint64_t", 8, false, false },
	{ "s64", 8, true, false }, { "__s64", 8, true, false }, { "int64_t", 8, true, false },
};

/* What a declared C type is made of, with qualifiers removed. */
struct ctype {
	char base[128];		/* "unsigned int", "char", "struct sk_buff" */
	int pointers;		/* number of '*' */
};

/* Drop const/volatile/__data_loc, count '*', normalise spaces. */
static void parse_ctype(const char *text, struct ctype *ct)
{
	static const char *const skip[] = { "const", "volatile", "__data_loc", "__rel_loc" };
	char buf[256];
	char *tok, *save = NULL;
	size_t len = 0;

	ct->base[0] = '\0';
	ct->pointers = 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *p = buf; *p; p++) {
		if (*p == '*') {
			ct->pointers++;
			*p = ' ';
		} else if (*p == '[' || *p == ']') {
			*p = ' ';
		}
	}
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		bool skipped = false;

		for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
			skipped |= strcmp(tok, skip[i]) == 0;
		if (skipped)
			continue;
		len += snprintf(ct->base + len, sizeof(ct->base) - len, "%s%s",
				len ? " " : "", tok);
		if (len >= sizeof(ct->base))
			len = sizeof(ct->base) - 1;
	}
}

static const struct ctype_info *find_ctype(const char *base)
{
	for (size_t i = 0; i < ARRAY_SIZE(ctypes); i++)
		if (strcmp(ctypes[i].name, base) == 0)
			return &ctypes[i];
	return NULL;
}

static bool int_size_ok(uint32_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/*
 * A scalar of the declared base type occupying size bytes.  A known C type
 * wins over the size: syscall records store `int dfd` in 8 bytes, and
 * reading the low 4 as int keeps AT_FDCWD printing as -100.
 */
static struct type *scalar_type(const char *base, uint32_t size, bool is_signed)
{
	const struct ctype_info *ci = find_ctype(base);
	struct type *e;

	/* enum skb_drop_reason reason: the kernel's enum, printed by name */
	if (strncmp(base, "enum ", 5) == 0 && (e = btf_type_by_name(base)) &&
	    e->kind == TY_ENUM && e->size == size)
		return e;

	if (ci && ci->is_bool)
		return type_bool();
	if (ci && ci->size <= size)
		return type_int(ci->size, ci->is_signed);
	if (int_size_ok(size))
		return type_int(size, is_signed);
	return type_array(type_int(1, false), size);
}

/* What a pointer of this base type points to; NULL when opaque. */
static struct type *pointee_type(const struct ctype *ct)
{
	const struct ctype_info *ci;

	if (ct->pointers > 1)
		return type_ptr(NULL, AS_NONE);
	/* struct __kernel_timespec *rqtp: the kernel's BTF knows the struct */
	if (strncmp(ct->base, "struct ", 7) == 0 || strncmp(ct->base, "union ", 6) == 0)
		return btf_type_by_name(ct->base);
	ci = find_ctype(ct->base);
	if (!ci)
		return NULL;
	if (ci->is_bool)
		return type_bool();
	return type_int(ci->size, ci->is_signed);
}

static struct type *field_type(const struct tracefs_field *f, enum addrspace as)
{
	struct ctype ct;
	struct type *elem;
	uint32_t n;

	if (f->data_loc)
		return type_str(TRACEFS_DATA_LOC_STRLEN);
	parse_ctype(f->ctype, &ct);
	if (f->array_len < 0) {
		if (ct.pointers)
			return type_ptr(pointee_type(&ct), as);
		return scalar_type(ct.base, f->size, f->is_signed);
	}
	/* Character arrays are strings, as bpftrace treats them (comm fields). */
	if (!ct.pointers && strcmp(ct.base, "char") == 0)
		return type_str(f->size);
	if (ct.pointers) {
		elem = type_ptr(pointee_type(&ct), as);
	} else {
		const struct ctype_info *ci = find_ctype(ct.base);
		uint32_t esize = ci ? ci->size :
			(f->array_len > 0 ? f->size / f->array_len : 1);

		if (!int_size_ok(esize))
			esize = 1;
		elem = ci && ci->is_bool ? type_bool() : type_int(esize, ci ? ci->is_signed : false);
	}
	n = elem->size ? f->size / elem->size : 0;
	if (f->array_len > 0 && (uint32_t)f->array_len < n)
		n = f->array_len;
	return type_array(elem, n);
}

/* "name: sys_enter_openat" */
static char *format_event_name(const char *text)
{
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, "name:", 5) == 0) {
			const char *end = strchr(p, '\n');

			return trim_dup(p + 5, end ? (size_t)(end - p - 5) : strlen(p + 5));
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return xstrdup("");
}

struct type *tracefs_parse_format(const char *text, const char *category)
{
	enum addrspace as = category && strcmp(category, "syscalls") == 0 ? AS_USER : AS_KERNEL;
	tracefs_fieldlist raw = { 0 };
	struct type *ctx = xcalloc(1, sizeof(*ctx));
	char *event = format_event_name(text);
	uint32_t end = 0;

	tracefs_parse_fields(text, &raw);
	ctx->kind = TY_CTX;
	ctx->align = 8;
	ctx->name = xasprintf("struct _tracepoint_%s_%s", category ? category : "", event);
	free(event);
	ctx->fields = xcalloc(raw.n ? raw.n : 1, sizeof(*ctx->fields));
	for (int i = 0; i < raw.n; i++) {
		const struct tracefs_field *rf = &raw.v[i];
		struct field *f;

		end = MAX(end, rf->offset + rf->size);
		if (rf->common)
			continue;
		f = &ctx->fields[ctx->nfields++];
		f->name = xstrdup(rf->name);
		f->type = field_type(rf, as);
		f->offset = rf->offset;
		f->data_loc = rf->data_loc;
	}
	ctx->size = ALIGN_UP(end, 8);
	tracefs_fields_free(&raw);
	return ctx;
}

void tracefs_ctx_free(struct type *ctx)
{
	if (!ctx)
		return;
	for (int i = 0; i < ctx->nfields; i++)
		free(ctx->fields[i].name);
	free(ctx->fields);
	free(ctx->name);
	free(ctx);
}

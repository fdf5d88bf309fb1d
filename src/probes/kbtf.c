// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel BTF for the providers: the process's one instance of each BTF
 * (btfr_kernel()), read through btfread.h.
 */
#include <bpf/btf.h>
#include <bpf/bpf.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf.h"
#include "../lang/btf.h"
#include "provider.h"

#define BTF_SYSFS "/sys/kernel/btf"

/* One loaded instance per process, shared with the language's types. */
const struct btfr *kbtf_vmlinux(void)
{
	return btfr_kernel(NULL);
}

const struct btfr *kbtf_module(const char *module)
{
	return btfr_kernel(module);
}

int kbtf_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void kbtf_modules(kbtf_names *out)
{
	DIR *dir = opendir(BTF_SYSFS);
	struct dirent *de;

	if (!dir)
		return;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "vmlinux") == 0)
			continue;
		vec_push(out, xstrdup(de->d_name));
	}
	closedir(dir);
	if (out->n)
		qsort(out->v, out->n, sizeof(out->v[0]), kbtf_cmp_names);
}

void kbtf_names_free(kbtf_names *names)
{
	for (int i = 0; i < names->n; i++)
		free(names->v[i]);
	vec_free(names);
}

/* ---- types as text ---- */

static void btf_type_text(const struct btfr *btf, uint32_t id, struct strbuf *sb, int depth);

static void named(const struct btfr *btf, const struct btf_type *t, const char *kw,
		  struct strbuf *sb)
{
	const char *name = btfr_name(btf, t->name_off);

	if (kw)
		sb_addf(sb, "%s ", kw);
	sb_adds(sb, name && *name ? name : "(anon)");
}

static void qualified(const struct btfr *btf, const struct btf_type *t, const char *kw,
		      struct strbuf *sb, int depth)
{
	sb_addf(sb, "%s ", kw);
	btf_type_text(btf, t->type, sb, depth + 1);
}

static void btf_type_text(const struct btfr *btf, uint32_t id, struct strbuf *sb, int depth)
{
	const struct btf_type *t = id ? btfr_type(btf, id) : NULL;

	if (!t || depth > 16) {
		sb_adds(sb, "void");
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		named(btf, t, "struct", sb);
		break;
	case BTF_KIND_UNION:
		named(btf, t, "union", sb);
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		named(btf, t, "enum", sb);
		break;
	case BTF_KIND_FWD:
		named(btf, t, btf_kflag(t) ? "union" : "struct", sb);
		break;
	case BTF_KIND_PTR: {
		const struct btf_type *to = btfr_type(btf, t->type);

		if (to && btf_kind(to) == BTF_KIND_FUNC_PROTO) {
			sb_adds(sb, "void (*)(...)");
			break;
		}
		btf_type_text(btf, t->type, sb, depth + 1);
		sb_adds(sb, " *");
		break;
	}
	case BTF_KIND_CONST:
		qualified(btf, t, "const", sb, depth);
		break;
	case BTF_KIND_VOLATILE:
		qualified(btf, t, "volatile", sb, depth);
		break;
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_DECL_TAG:
		btf_type_text(btf, t->type, sb, depth + 1);
		break;
	case BTF_KIND_ARRAY:
		btf_type_text(btf, btf_array(t)->type, sb, depth + 1);
		sb_addf(sb, "[%u]", btf_array(t)->nelems);
		break;
	default:	/* INT, FLOAT, TYPEDEF */
		named(btf, t, NULL, sb);
		break;
	}
}

char *kbtf_type_str(const struct btfr *btf, uint32_t type_id)
{
	struct strbuf sb;

	sb_init(&sb);
	btf_type_text(btf, type_id, &sb, 0);
	return sb_steal(&sb);
}

/* ---- prototypes ---- */

int kbtf_proto_params(const struct btfr *btf, uint32_t proto_id, int skip,
		      kbtf_params *out, uint32_t *ret_id)
{
	const struct btf_type *t = btfr_type(btf, proto_id);
	const struct btf_param *p;
	int n;

	if (!t || !btf_is_func_proto(t))
		return -1;
	p = btf_params(t);
	n = btf_vlen(t);
	for (int i = skip; i < n; i++) {
		const char *name = btfr_name(btf, p[i].name_off);
		struct kbtf_param param;

		/* A trailing "void" parameter marks varargs: not an argument. */
		if (p[i].type == 0 && i == n - 1)
			break;
		param.name = name && *name ? xstrdup(name) : xasprintf("arg%d", i - skip);
		param.type = kbtf_type_str(btf, p[i].type);
		param.type_id = p[i].type;
		vec_push(out, param);
	}
	if (ret_id)
		*ret_id = t->type;
	return 0;
}

void kbtf_params_free(kbtf_params *params)
{
	for (int i = 0; i < params->n; i++) {
		free(params->v[i].name);
		free(params->v[i].type);
	}
	vec_free(params);
}

void kbtf_print_params(FILE *out, const struct btfr *btf, const kbtf_params *params,
		       uint32_t ret_id, bool with_ret)
{
	for (int i = 0; i < params->n; i++)
		fprintf(out, "    %s %s\n", params->v[i].type, params->v[i].name);
	if (with_ret && ret_id) {
		char *ret = kbtf_type_str(btf, ret_id);

		fprintf(out, "    %s retval\n", ret);
		free(ret);
	}
}

int kbtf_param_index(const kbtf_params *params, const char *name)
{
	for (int i = 0; i < params->n; i++)
		if (strcmp(params->v[i].name, name) == 0)
			return i;
	return -1;
}

/* Module BTF objects are found by walking the kernel's BTF ids by name. */
static int find_btf_fd(const char *module)
{
	uint32_t id = 0;

	while (bpf_btf_get_next_id(id, &id) == 0) {
		char name[64] = "";
		struct bpf_btf_info info = { 0 };
		uint32_t len = sizeof(info);
		int fd = bpf_btf_get_fd_by_id(id);

		if (fd < 0)
			continue;
		info.name = (uint64_t)(uintptr_t)name;
		info.name_len = sizeof(name);
		if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && info.kernel_btf &&
		    strcmp(name, module) == 0)
			return fd;
		close(fd);
	}
	return -ENOENT;
}

int kbtf_module_fd(const char *module)
{
	static VEC(struct { char *name; int fd; }) fds;
	int fd;

	if (!module || strcmp(module, "vmlinux") == 0)
		return 0;
	for (int i = 0; i < fds.n; i++)
		if (strcmp(fds.v[i].name, module) == 0)
			return fds.v[i].fd;
	fd = find_btf_fd(module);
	if (fd >= 0) {
		if (fds.n == fds.cap) {
			fds.cap = fds.cap ? fds.cap * 2 : 4;
			fds.v = xrealloc(fds.v, fds.cap * sizeof(*fds.v));
		}
		fds.v[fds.n].name = xstrdup(module);
		fds.v[fds.n++].fd = fd;
	}
	return fd;
}

bool kbtf_list_match(const char *pattern, const char *full)
{
	const char *first = strchr(full, ':'), *last = strrchr(full, ':');
	char *shorter;
	bool match;

	if (!pattern || probe_match(pattern, full))
		return true;
	if (!first || first == last)
		return false;
	shorter = xasprintf("%.*s%s", (int)(first - full), full, last);
	match = probe_match(pattern, shorter);
	free(shorter);
	return match;
}

struct type *kbtf_params_ctx(const kbtf_params *params, bool vmlinux, const char *name)
{
	struct field *fields = xcalloc(params->n ? params->n : 1, sizeof(*fields));
	struct type *t;
	int i, slots = 0;

	for (i = 0; i < params->n; i++) {
		struct type *pt = vmlinux ? btf_type_by_id(params->v[i].type_id) : NULL;

		fields[i].name = params->v[i].name;
		fields[i].type = pt && pt->size <= 8 ? pt : type_int(8, false);
		fields[i].offset = 8 * slots;
		/*
		 * A struct passed by value in two registers (up to 16 bytes)
		 * takes two slots of the trampoline's u64 args[]: the later
		 * arguments and fexit's return value come after both.
		 */
		slots += pt && pt->size > 8 ? (pt->size + 7) / 8 : 1;
	}
	t = type_record(name, fields, params->n, 8 * slots, false);
	t->kind = TY_CTX;
	free(fields);
	return t;
}

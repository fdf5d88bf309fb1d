// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe:BIN:FUNC and uretprobe:BIN:FUNC — user-space function entry and
 * return, attached through the uprobe PMU (perf_event_open) at the file
 * offset of the instruction, so the kernel drops them when sonde exits.
 *
 *   BIN    a path, a program in $PATH, or a library name ("libc"); with
 *          -p PID the files that process maps come first
 *   FUNC   a symbol name ('*' and '?' wildcards), FUNC+OFFSET, or an
 *          address (0x401136) in the file's own virtual layout
 *
 * Names are matched as the symbol table spells them: C++ functions by
 * their mangled names (_ZN3foo3barEv), which wildcards reach (*bar*).
 * Symbols come from .symtab and .dynsym, and from the separate debug file
 * of a stripped binary when one is installed.  FUNC+OFFSET must fall on an
 * instruction boundary: sonde has no x86 decoder to check it, so it only
 * checks that the offset lies inside the function.
 *
 * Where the kernel has uprobe_multi links, the functions one wildcard
 * matches in one file are attached by a link per distinct program instead
 * of a perf event each (bpftrace does the same): far fewer descriptors and
 * a faster attach.
 */
#include <dlfcn.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "perf.h"
#include "uprobe.h"
#include "uprobe_dwarf.h"
#include "uprobe_multi.h"
#include "../sym/elf.h"
#include "../sym/ldcache.h"

extern const struct provider provider_uprobe, provider_uretprobe;

/* The matches of one wildcard in one file, attached by uprobe_multi links. */
struct uprobe_group {
	int pending;		/* members that have neither asked to attach nor gone */
	int refs;		/* members not yet freed */
	VEC(struct uprobe_target *) reqs;	/* attach requests so far ... */
	VEC(int) prog_fds;	/* ... and the program each asked for */
};

struct uprobe_target {
	char *path;
	char *func;		/* the probed function (its DWARF gives args) */
	uint64_t offset;	/* file offset of the probed instruction */
	int pid;		/* -p, or 0 */
	bool retprobe;
	bool wildcard;		/* one of a wildcard's matches */
	bool requested;		/* its group has its attach request */
	struct uprobe_group *group;	/* non-NULL: attach by uprobe_multi */
};

/*
 * The kernel's ENOTSUPP: x86 uprobes refuse some first instructions
 * (lock-prefixed, VEX/EVEX-encoded: 35 of glibc 2.36's functions).
 */
#define UPROBE_INSN_REFUSED 524

/* ---- finding binaries ---- */


/* ---- C++ names: matched demangled as well as mangled ---- */

typedef char *(*cxa_demangle_fn)(const char *, char *, size_t *, int *);

/* The C++ runtime's demangler, when the system has one (loaded on demand). */
static cxa_demangle_fn cxa_demangle(void)
{
	static cxa_demangle_fn fn;
	static bool tried;
	void *h;

	if (!tried) {
		tried = true;
		h = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
		if (h)
			fn = (cxa_demangle_fn)dlsym(h, "__cxa_demangle");
	}
	return fn;
}

/* forward */
static bool func_matches(const char *pattern, const char *name);

/* A C++ function named by its demangled name (no wildcards). */
static const struct elf_func *find_demangled(const elf_funclist *funcs, const char *name)
{
	int i;

	for (i = 0; i < funcs->n; i++)
		if (strncmp(funcs->v[i].name, "_Z", 2) == 0 && func_matches(name, funcs->v[i].name))
			return &funcs->v[i];
	return NULL;
}

/* Whether pattern matches name, or name demangled ("ns::f(int)", "ns::f"). */
static bool func_matches(const char *pattern, const char *name)
{
	cxa_demangle_fn fn;
	char *dm, *paren;
	int status = -1;
	bool hit;

	if (probe_match(pattern, name))
		return true;
	if (strncmp(name, "_Z", 2) != 0 || !(fn = cxa_demangle()))
		return false;
	dm = fn(name, NULL, NULL, &status);
	if (status != 0 || !dm) {
		free(dm);
		return false;
	}
	hit = probe_match(pattern, dm);
	paren = strchr(dm, '(');
	if (!hit && paren) {
		*paren = '\0';	/* without the parameter list */
		hit = probe_match(pattern, dm);
	}
	free(dm);
	return hit;
}

static void push_if_elf(pathlist *out, char *path)
{
	if (elf_is_elf(path))
		vec_push(out, path);
	else
		free(path);
}

static void resolve_in_process(const char *bin, int pid, pathlist *out)
{
	pathlist files = { 0 };

	if (!probe_has_wildcard(bin)) {
		char *path = procmaps_find(pid, bin);

		if (path)
			push_if_elf(out, path);
		return;
	}
	procmaps_files(pid, &files);
	for (int i = 0; i < files.n; i++) {
		const char *base = strrchr(files.v[i], '/') + 1;

		if (probe_match(bin, files.v[i]) || probe_match(bin, base) ||
		    probe_match(bin, procmaps_inner_path(files.v[i])))
			push_if_elf(out, xstrdup(files.v[i]));
	}
	pathlist_free(&files);
}

static void resolve_glob(const char *pattern, pathlist *out)
{
	glob_t g;

	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (size_t i = 0; i < g.gl_pathc; i++)
		push_if_elf(out, xstrdup(g.gl_pathv[i]));
	globfree(&g);
}

/* An executable called name in a directory of $PATH, or NULL. */
static char *search_path(const char *name)
{
	const char *env = getenv("PATH");
	char *dirs, *save = NULL, *found = NULL;

	if (!env)
		env = "/usr/local/bin:/usr/bin:/bin";
	dirs = xstrdup(env);
	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char *path = xasprintf("%s/%s", *d ? d : ".", name);

		if (access(path, X_OK) == 0)
			found = path;
		else
			free(path);
	}
	free(dirs);
	return found;
}

int uprobe_resolve_binary(const char *bin, int pid, pathlist *out, const char **why)
{
	int before = out->n;
	struct stat st;
	char *path;

	if (!*bin) {
		*why = "the binary is missing";
		return -1;
	}
	if (pid > 0)
		resolve_in_process(bin, pid, out);
	if (out->n > before)
		return 0;
	if (strchr(bin, '/')) {
		if (probe_has_wildcard(bin))
			resolve_glob(bin, out);
		else if (access(bin, R_OK) == 0)
			push_if_elf(out, xstrdup(bin));
	} else if (!probe_has_wildcard(bin)) {
		path = search_path(bin);
		if (!path || !elf_is_elf(path)) {
			free(path);
			path = ldcache_find(bin, NULL);
		}
		if (path)
			push_if_elf(out, path);
	}
	if (out->n > before)
		return 0;
	if (!probe_has_wildcard(bin) && strchr(bin, '/') && stat(bin, &st) == 0) {
		*why = S_ISREG(st.st_mode) ? "not an ELF binary or library" :
		       S_ISDIR(st.st_mode) ? "a directory, not a binary" :
		       "not a regular file: only a regular ELF file is a binary";
		return -1;
	}
	*why = probe_has_wildcard(bin) && !strchr(bin, '/') && pid <= 0
		       ? "a wildcard binary needs a path or -p PID"
		       : "no such ELF binary or library";
	return -1;
}

/* ---- attaching ---- */

int uprobe_attach_at(const char *probe, const char *path, uint64_t offset,
		     uint64_t ref_ctr_off, bool retprobe, int pid, int prog_fd, fdlist *fds)
{
	int fd = perf_open_uprobe(path, offset, ref_ctr_off, retprobe, pid);

	if (fd == -ENOSYS) {
		fprintf(stderr, "ERROR: %s: this kernel has no uprobe PMU (CONFIG_UPROBES)\n",
			probe);
		return fd;
	}
	return perf_attach_event(probe, fd, prog_fd, 0, fds);
}

/*
 * A function a wildcard matched whose first instruction the kernel
 * refuses is skipped with a warning: the other matches still count.
 */
static int uprobe_attach(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct uprobe_target *t = target;
	int fd;

	if (!t->wildcard)
		return uprobe_attach_at(probe, t->path, t->offset, 0, t->retprobe, t->pid,
					prog_fd, fds);
	fd = perf_open_uprobe(t->path, t->offset, 0, t->retprobe, t->pid);
	if (fd == -UPROBE_INSN_REFUSED) {
		diag_plain_warning("%s: the kernel cannot probe this function's first instruction; skipped",
			probe);
		return PROBE_SKIPPED;
	}
	if (fd == -ENOSYS) {
		fprintf(stderr, "ERROR: %s: this kernel has no uprobe PMU (CONFIG_UPROBES)\n", probe);
		return fd;
	}
	return perf_attach_event(probe, fd, prog_fd, 0, fds);
}

/* ---- uprobe_multi groups ---- */

static void skipped_warning(const struct uprobe_target *t)
{
	diag_plain_warning("%s:%s:%s: the kernel cannot probe this function's first instruction; skipped",
			   t->retprobe ? "uretprobe" : "uprobe", t->path, t->func);
}

/*
 * Whether the first instruction looks like one the kernel refuses (a lock
 * or segment prefix, a VEX or EVEX encoding): only a guess, used to try
 * such functions one at a time rather than fail the whole link.
 */
static bool insn_suspect(const struct uprobe_target *t)
{
	unsigned char code[8];
	FILE *f = fopen(t->path, "rb");
	size_t n = 0, i = 0;

	if (f) {
		if (fseeko(f, (off_t)t->offset, SEEK_SET) == 0)
			n = fread(code, 1, sizeof(code), f);
		fclose(f);
	}
	/* legacy operand-size/address-size/rep prefixes and REX come first */
	while (i < n && (code[i] == 0x66 || code[i] == 0x67 || code[i] == 0xf2 ||
			 code[i] == 0xf3 || (code[i] & 0xf0) == 0x40))
		i++;
	if (i >= n)
		return false;
	switch (code[i]) {
	case 0xf0: case 0x26: case 0x2e: case 0x36: case 0x3e:	/* lock, segments */
	case 0xc4: case 0xc5: case 0x62:			/* VEX, EVEX */
		return true;
	}
	return false;
}

/*
 * One link for ts[0..n); a set the kernel refuses (an instruction it
 * cannot probe) is halved until the refused functions are found, which are
 * skipped with a warning.  The number skipped, or -errno.
 */
static int link_set(struct uprobe_target **ts, int n, int prog_fd, fdlist *fds)
{
	uint64_t *offs = xcalloc(n, sizeof(*offs));
	int link, a, b;

	for (int i = 0; i < n; i++)
		offs[i] = ts[i]->offset;
	link = uprobe_multi_link(prog_fd, ts[0]->path, offs, n, ts[0]->retprobe, ts[0]->pid);
	free(offs);
	if (link >= 0) {
		vec_push(fds, link);
		return 0;
	}
	if (link != -UPROBE_INSN_REFUSED) {
		fprintf(stderr, "ERROR: %s:%s:%s: attaching a uprobe_multi link failed: %s\n",
			ts[0]->retprobe ? "uretprobe" : "uprobe", ts[0]->path, ts[0]->func,
			strerror(-link));
		return link;
	}
	if (n == 1) {
		skipped_warning(ts[0]);
		return 1;
	}
	a = link_set(ts, n / 2, prog_fd, fds);
	if (a < 0)
		return a;
	b = link_set(ts + n / 2, n - n / 2, prog_fd, fds);
	return b < 0 ? b : a + b;
}

/*
 * The links of one program: one for the functions whose first instruction
 * looks fine, then the suspects one by one.  The number skipped, or -errno.
 */
static int link_program(struct uprobe_group *g, int prog_fd, fdlist *fds)
{
	VEC(struct uprobe_target *) plain = { 0 }, suspect = { 0 };
	int skipped = 0, err = 0;

	for (int i = 0; i < g->reqs.n; i++) {
		if (g->prog_fds.v[i] != prog_fd)
			continue;
		if (insn_suspect(g->reqs.v[i]))
			vec_push(&suspect, g->reqs.v[i]);
		else
			vec_push(&plain, g->reqs.v[i]);
	}
	if (plain.n)
		err = link_set(plain.v, plain.n, prog_fd, fds);
	if (err >= 0)
		skipped = err;
	for (int i = 0; i < suspect.n && err >= 0; i++) {
		err = link_set(&suspect.v[i], 1, prog_fd, fds);
		if (err > 0)
			skipped += err;
	}
	vec_free(&plain);
	vec_free(&suspect);
	return err < 0 ? err : skipped;
}

/*
 * Group members only record their request; the last one makes the links,
 * one per distinct program (identical probe bodies share one program), and
 * answers for the members skipped.
 */
static int attach_grouped(struct uprobe_target *t, int prog_fd, fdlist *fds)
{
	struct uprobe_group *g = t->group;
	int skipped = 0;

	vec_push(&g->reqs, t);
	vec_push(&g->prog_fds, prog_fd);
	t->requested = true;
	if (--g->pending > 0)
		return 0;
	for (int i = 0; i < g->reqs.n && skipped >= 0; i++) {
		bool first = true;
		int n;

		for (int j = 0; j < i && first; j++)
			first = g->prog_fds.v[j] != g->prog_fds.v[i];
		if (!first)
			continue;
		n = link_program(g, g->prog_fds.v[i], fds);
		skipped = n < 0 ? n : skipped + n;
	}
	vec_free(&g->reqs);
	vec_free(&g->prog_fds);
	return skipped;
}

static int uprobe_attach_any(void *target, const char *probe, int prog_fd, fdlist *fds)
{
	struct uprobe_target *t = target;

	return t->group ? attach_grouped(t, prog_fd, fds) : uprobe_attach(target, probe, prog_fd, fds);
}

static uint32_t uprobe_expected_attach_type(void *target)
{
	struct uprobe_target *t = target;

	return t->group ? UPROBE_MULTI_ATTACH_TYPE : 0;
}

/* ---- expansion ---- */

/*
 * Parts split off a function by the compiler (foo.part.0) are not
 * functions a user named: wildcards and listings skip them, as bpftrace
 * does; an exact name still attaches.
 */
static bool is_compiler_clone(const char *name)
{
	return strstr(name, ".part.") != NULL;
}

static struct uprobe_target *add_probe(probelist *out, const struct provider *prov,
				       const char *path, const char *func, uint64_t offset,
				       const struct expand_ctx *ctx, bool wildcard)
{
	struct uprobe_target *t = xcalloc(1, sizeof(*t));
	struct probe p;

	t->path = xstrdup(path);
	t->func = xstrdup(func);
	t->offset = offset;
	t->pid = ctx->pid;
	t->retprobe = prov->has_retval;
	t->wildcard = wildcard;
	p.name = xasprintf("%s:%s:%s", prov->name, path, func);
	p.target = t;
	vec_push(out, p);
	return t;
}

/* The wildcard's matches in one file join one group (uprobe_multi links). */
static void join_group(struct uprobe_group **g, struct uprobe_target *t)
{
	if (!*g)
		*g = xcalloc(1, sizeof(**g));
	t->group = *g;
	(*g)->pending++;
	(*g)->refs++;
}

/* A whole-string number (decimal or 0x hex) into *v. */
static bool parse_number(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && !*end;
}

/* FUNC+OFFSET: the name and the offset, when func has that form. */
static char *split_offset(const char *func, uint64_t *off)
{
	const char *plus = strrchr(func, '+');

	if (!plus || plus == func || !parse_number(plus + 1, off))
		return NULL;
	return xstrndup(func, plus - func);
}

struct func_spec {
	const char *text;	/* as written: "malloc", "malloc+4", "0x1136", "mall*" */
	char *name;		/* symbol to find; NULL for an address */
	uint64_t value;		/* the address, or the offset into the symbol */
	bool wildcard;
};

#define NO_SUCH_FUNCTION "no such function"
#define HINT_UNSAFE "Use --unsafe to force attachment. WARNING: This option could lead to data corruption in the target process."

/*
 * A probe at an address must fall inside a function, where the kernel can
 * find an instruction boundary; as bpftrace, only --unsafe goes elsewhere.
 * -2 after the error is reported.
 */
static int check_address(const char *path, uint64_t addr, const elf_funclist *funcs,
			 const struct expand_ctx *ctx)
{
	for (int i = 0; i < funcs->n; i++)
		if (addr >= funcs->v[i].addr && addr < funcs->v[i].addr + funcs->v[i].size)
			return 0;
	if (ctx->unsafe) {
		diag_plain_warning("Could not determine instruction boundary for %s:0x%llx; misaligned probes can crash the process",
				   path, (unsigned long long)addr);
		return 0;
	}
	diag_plain_error("Could not resolve address: %s:0x%llx", path, (unsigned long long)addr);
	return -2;
}

static int expand_in_file(const struct provider *prov, const char *path,
			  const struct func_spec *fs, const struct expand_ctx *ctx,
			  probelist *out, const char **why)
{
	elf_funclist funcs = { 0 };
	const struct elf_func *f;
	uint64_t offset;
	int err = 0;

	if (elf_functions(path, &funcs)) {
		*why = "cannot read its symbols";
		return -1;
	}
	if (!fs->name) {
		err = check_address(path, fs->value, &funcs, ctx);
		if (!err && elf_vaddr_to_offset(path, fs->value, &offset)) {
			*why = "the address is not in a loadable segment";
			err = -1;
		}
		if (!err)
			add_probe(out, prov, path, fs->text, offset, ctx, false);
		elf_funcs_free(&funcs);
		return err;
	}
	if (fs->wildcard) {
		struct uprobe_group *group = NULL;
		bool multi = !ctx->no_attach && uprobe_multi_supported();

		for (int i = 0; i < funcs.n; i++) {
			struct uprobe_target *t;

			if (is_compiler_clone(funcs.v[i].name) ||
			    !func_matches(fs->name, funcs.v[i].name))
				continue;
			t = add_probe(out, prov, path, funcs.v[i].name, funcs.v[i].offset, ctx, true);
			if (multi)
				join_group(&group, t);
		}
	} else if (!(f = elf_func_find(&funcs, fs->name)) && !(f = find_demangled(&funcs, fs->name))) {
		*why = NO_SUCH_FUNCTION;
		err = -1;
	} else if (fs->value && f->size && fs->value >= f->size) {
		static char bounds[320];	/* bpftrace's words, with the size */

		snprintf(bounds, sizeof(bounds), "Offset outside the function bounds ('%.200s' size is %llu)",
			 f->name, (unsigned long long)f->size);
		*why = bounds;
		err = -1;
	} else if (!fs->value && !f->size && !ctx->unsafe) {
		diag_plain_error("Could not determine boundary for %s (symbol has size 0).\n%s",
				 f->name, HINT_UNSAFE);
		err = -2;	/* reported */
	} else {
		add_probe(out, prov, path, fs->text, f->offset + fs->value, ctx, false);
	}
	elf_funcs_free(&funcs);
	return err;
}

static bool is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * An address in a file that is not ELF (code loaded by hand, a flat
 * binary) has no symbols or segments to check it against: it is the file
 * offset, and only --unsafe attaches there.  -1: not allowed (the caller
 * says why), -2: reported.
 */
static int expand_flat(const struct provider *prov, const char *path,
		       const struct func_spec *fs, const struct expand_ctx *ctx, probelist *out)
{
	if (!ctx->unsafe) {
		diag_error(ctx->src, ctx->loc, "%s:%s:%s: not an ELF binary or library; an address in it is a file offset, which needs --unsafe",
			   prov->name, path, fs->text);
		return -2;
	}
	diag_plain_warning("Could not determine instruction boundary for %s:0x%llx (not an ELF file: the address is a file offset); misaligned probes can crash the process",
			   path, (unsigned long long)fs->value);
	add_probe(out, prov, path, fs->text, fs->value, ctx, false);
	return 0;
}

static int parse_func(const struct provider *prov, const char *text, struct func_spec *fs,
		      const char **why)
{
	memset(fs, 0, sizeof(*fs));
	fs->text = text;
	fs->wildcard = probe_has_wildcard(text);
	if (!*text) {
		*why = "the function is missing";
		return -1;
	}
	if (parse_number(text, &fs->value))
		return 0;
	if (!fs->wildcard)
		fs->name = split_offset(text, &fs->value);
	if (fs->name && prov->has_retval) {
		*why = "a return probe cannot take an offset";
		free(fs->name);
		return -1;
	}
	if (!fs->name)
		fs->name = xstrdup(text);
	return 0;
}

/* BIN and FUNC from the spec; "FUNC" alone probes the -p process's binary. */
static int split_spec(const char *spec, int pid, char **bin, const char **func)
{
	const char *colon = strchr(spec, ':');

	if (colon) {
		*bin = xstrndup(spec, colon - spec);
		*func = colon + 1;
		return 0;
	}
	if (pid <= 0 || !(*bin = procmaps_exe(pid)))
		return -1;
	*func = spec;
	return 0;
}

/*
 * uprobe:BIN@FILE:LINE: one probe where the line starts, from the
 * binary's DWARF line table (bin holds "BIN@FILE", line_text the line).
 */
static int expand_source_line(const struct provider *prov, char *bin, const char *line_text,
			      const struct expand_ctx *ctx, probelist *out)
{
	char *at = strrchr(bin, '@'), *end, *name;
	pathlist paths = { 0 };
	const char *why = "no such source line";
	uint64_t addr = 0, off;
	long line = strtol(line_text, &end, 10);
	int err = -1;

	*at = '\0';
	if (*end || line <= 0) {
		diag_error(ctx->src, ctx->loc, "%s:%s@%s:%s: the line is not a number", prov->name,
			   bin, at + 1, line_text);
		return -1;
	}
	if (uprobe_resolve_binary(bin, ctx->pid, &paths, &why) == 0 &&
	    uprobe_dwarf_line_addr(paths.v[0], at + 1, (int)line, &addr) == 0 &&
	    elf_vaddr_to_offset(paths.v[0], addr, &off) == 0) {
		name = xasprintf("%s:%ld", at + 1, line);
		add_probe(out, prov, paths.v[0], name, off, ctx, false);
		free(name);
		err = 0;
	} else {
		diag_error(ctx->src, ctx->loc, "%s:%s@%s:%s: %s", prov->name, bin, at + 1,
			   line_text, paths.n ? "no code for this source line (is there DWARF?)" : why);
	}
	pathlist_free(&paths);
	return err;
}

static int uprobe_expand(const struct provider *prov, const char *spec,
			 const struct expand_ctx *ctx, probelist *out)
{
	pathlist paths = { 0 };
	struct func_spec fs;
	const char *func, *why = NULL;
	int before = out->n, failed = 0;
	bool reported = false;	/* expand_in_file() said why already */
	char *bin;

	if (split_spec(spec, ctx->pid, &bin, &func)) {
		diag_error(ctx->src, ctx->loc, "%s probe type requires 2 arguments", prov->name);
		return -1;
	}
	if (strchr(bin, '@')) {
		int err = expand_source_line(prov, bin, func, ctx, out);

		free(bin);
		return err;
	}
	if (parse_func(prov, func, &fs, &why)) {
		diag_error(ctx->src, ctx->loc, "%s:%s: %s", prov->name, spec, why);
		free(bin);
		return -1;
	}
	if (uprobe_resolve_binary(bin, ctx->pid, &paths, &why) && !fs.name &&
	    !probe_has_wildcard(bin) && is_regular_file(bin)) {
		/* not ELF (a flat binary): with --unsafe, the address is a file offset */
		int err = expand_flat(prov, bin, &fs, ctx, out);

		if (err == -1)
			diag_error(ctx->src, ctx->loc, "%s:%s: %s", prov->name, spec, why);
		free(bin);
		pathlist_free(&paths);
		return err ? -1 : 0;
	}
	if (paths.n == 0) {
		diag_error(ctx->src, ctx->loc, "%s:%s: %s", prov->name, spec, why);
		free(fs.name);
		free(bin);
		pathlist_free(&paths);
		return -1;
	}
	for (int i = 0; i < paths.n; i++) {
		int err = expand_in_file(prov, paths.v[i], &fs, ctx, out, &why);

		if (err == -2)
			reported = true;
		else if (err)
			failed = 1;
	}
	/* Over several binaries, those without the function are skipped. */
	if (reported) {
		failed = 1;
	} else if ((failed && paths.n == 1) || out->n == before) {
		if (!failed)
			why = "no functions match";
		bool no_match = why && strcmp(why, NO_SUCH_FUNCTION) == 0;

		if (ctx->missing != MISSING_ERROR && no_match && !fs.wildcard) {
			/* config missing_probes = warn or ignore: the others still run */
			if (ctx->missing == MISSING_WARN)
				diag_warning(ctx->src, ctx->loc, "No matches for %s %s. Skipping.",
					     prov->name, spec);
			failed = 0;
		} else if (no_match) {
			diag_error(ctx->src, ctx->loc, "No matches for %s %s.", prov->name, spec);
			failed = 1;
		} else {
			diag_error(ctx->src, ctx->loc, "%s:%s: %s", prov->name, spec, why);
			failed = 1;
		}
	} else {
		failed = 0;
	}
	pathlist_free(&paths);
	free(fs.name);
	free(bin);
	return failed ? -1 : 0;
}

/* ---- listing ---- */

/*
 * -l 'uprobe:BIN[:FUNC]': the functions of BIN.  Patterns without a
 * binary (-l '*') cannot enumerate every file, so they list nothing.
 */
static void list_functions(const char *prov_name, const char *pattern, bool verbose,
			   FILE *out)
{
	const char *rest = pattern + strlen(prov_name) + 1;
	const char *colon = strchr(rest, ':');
	char *bin = colon ? xstrndup(rest, colon - rest) : xstrdup(rest);
	const char *func_pat = colon ? colon + 1 : "*";
	pathlist paths = { 0 };
	const char *why;

	if (uprobe_resolve_binary(bin, 0, &paths, &why) == 0) {
		for (int i = 0; i < paths.n; i++) {
			elf_funclist funcs = { 0 };

			elf_functions(paths.v[i], &funcs);
			for (int j = 0; j < funcs.n; j++)
				if (!is_compiler_clone(funcs.v[j].name) &&
				    func_matches(func_pat, funcs.v[j].name)) {
					fprintf(out, "%s:%s:%s\n", prov_name, paths.v[i],
						funcs.v[j].name);
					if (verbose)	/* the parameters, from DWARF */
						uprobe_dwarf_list_params(out, paths.v[i],
									 funcs.v[j].name);
				}
			elf_funcs_free(&funcs);
		}
	}
	pathlist_free(&paths);
	free(bin);
}

static void list_for(const char *prov_name, const char *pattern, bool verbose, FILE *out)
{
	size_t n = strlen(prov_name);

	if (!pattern || strncmp(pattern, prov_name, n) != 0 || pattern[n] != ':')
		return;
	list_functions(prov_name, pattern, verbose, out);
}

static void uprobe_list(const char *pattern, bool verbose, FILE *out)
{
	list_for("uprobe", pattern, verbose, out);
}

static void uretprobe_list(const char *pattern, bool verbose, FILE *out)
{
	list_for("uretprobe", pattern, verbose, out);
}

/* args: the function's parameters, from the binary's DWARF (uprobe_dwarf.c) */
static struct type *uprobe_args_type(void *target)
{
	struct uprobe_target *t = target;

	return t && t->func && !t->retprobe ? uprobe_dwarf_args(t->path, t->func) : NULL;
}

static struct type *uprobe_user_type(void *target, const char *name)
{
	struct uprobe_target *t = target;

	return t ? uprobe_dwarf_type(t->path, name) : NULL;
}

static void uprobe_free_target(void *target)
{
	struct uprobe_target *t = target;

	if (!t)
		return;
	if (t->group) {
		if (!t->requested)
			t->group->pending--;	/* dropped before attaching (--probe-filter) */
		if (--t->group->refs == 0) {
			vec_free(&t->group->reqs);
			vec_free(&t->group->prog_fds);
			free(t->group);
		}
	}
	free(t->path);
	free(t->func);
	free(t);
}

const struct provider provider_uprobe = {
	.name = "uprobe",
	.caps = PCAP_FUNC | PCAP_USER,
	.aliases = (const char *const[]){ "u", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = uprobe_expand,
	.args_type = uprobe_args_type,
	.user_type = uprobe_user_type,
	.attach = uprobe_attach_any,
	.expected_attach_type = uprobe_expected_attach_type,
	.list = uprobe_list,
	.free_target = uprobe_free_target,
	.ctx = CTX_PT_REGS,
	.max_args = 6,		/* x86-64 passes six integer arguments in registers */
};

const struct provider provider_uretprobe = {
	.name = "uretprobe",
	.caps = PCAP_FUNC | PCAP_USER,
	.aliases = (const char *const[]){ "ur", NULL },
	.kind = PROV_ATTACHED,
	.attach_reverse = true,
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = uprobe_expand,
	.args_type = uprobe_args_type,
	.user_type = uprobe_user_type,
	.attach = uprobe_attach_any,
	.expected_attach_type = uprobe_expected_attach_type,
	.list = uretprobe_list,
	.free_target = uprobe_free_target,
	.ctx = CTX_PT_REGS,
	.has_retval = true,
};

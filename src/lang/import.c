// SPDX-License-Identifier: GPL-2.0
/*
 * import "PATH"; at the top of a script, as bpftrace 0.24+ has it.
 *
 * PATH is looked for relative to the directory of the importing file (the
 * working directory for -e and stdin):
 *   NAME.bt    a script: its probes, macros, functions, map declarations
 *              and C definitions join the program, before the importer's
 *              own items; it may import in turn; no config block
 *   NAME.h     a C header: its type definitions (read as #include reads
 *              one; its #defines stay its own)
 *   a directory: each .bt and .h file in it (not recursive), by name
 * A file is imported once however often it is named.  As in bpftrace, a
 * world-writable file or directory is refused: anyone could change what
 * runs.  BPF C (.bpf.c) and objects (.bpf.o) need a C compiler sonde does
 * not have: an error says so.
 *
 * A PATH that names no file but a module of bpftrace's standard library
 * ("stdlib", "stdlib/strings", "stdlib/test/test.bpf.c", ...) is sonde's
 * built-in counterpart: the item stays in the tree, and a function that
 * only an import provides (func_desc.module) is known once it is there.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/import.h"
#include "lang/parser.h"
#include "lang/preproc.h"
#include "util.h"

#define IMPORT_MAX_DEPTH 16

/* bpftrace's standard library: each name it can import, and what sonde gives for it. */
static const struct stdlib_module {
	const char *name;
	const char *module;	/* what only this import provides (func_desc.module), or NULL */
} stdlib_modules[] = {
	{ "stdlib", NULL },
	{ "stdlib/base.bt", NULL },
	{ "stdlib/base.bpf.c", NULL },
	{ "stdlib/internal.bt", NULL },
	{ "stdlib/kfunc.bt", NULL },
	{ "stdlib/meta.bt", NULL },
	{ "stdlib/process.bt", NULL },
	{ "stdlib/strings.bt", NULL },
	{ "stdlib/map", NULL },
	{ "stdlib/map/map.bpf.c", NULL },
	{ "stdlib/process", NULL },
	{ "stdlib/process/process.bpf.c", NULL },
	{ "stdlib/stack", NULL },
	{ "stdlib/stack/dwunwind.bpf.c", NULL },
	{ "stdlib/strings", NULL },
	{ "stdlib/strings/strings.bpf.c", NULL },
	{ "stdlib/system", NULL },
	{ "stdlib/system/system.bpf.c", NULL },
	{ "stdlib/task", NULL },
	{ "stdlib/task/task.bpf.c", NULL },
	{ "stdlib/task/vma.bpf.c", NULL },
	{ "stdlib/usdt", NULL },
	{ "stdlib/usdt/usdt.bpf.c", NULL },
	{ "stdlib/test", "stdlib/test" },
	{ "stdlib/test/test.bpf.c", "stdlib/test" },
};

struct importer {
	VEC(char *) done;	/* real paths of the files read in */
	int depth;
	size_t bytes;		/* read in so far: all imports together stay within SOURCE_MAX_SIZE */
};

static const struct stdlib_module *stdlib_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(stdlib_modules); i++)
		if (strcmp(stdlib_modules[i].name, name) == 0)
			return &stdlib_modules[i];
	return NULL;
}

bool import_has_module(const struct node *prog, const char *module)
{
	for (int i = 0; prog && i < prog->args.n; i++) {
		const struct node *n = prog->args.v[i];
		const struct stdlib_module *m;

		if (n->kind == N_IMPORT && n->str && (m = stdlib_find(n->str)) && m->module &&
		    strcmp(m->module, module) == 0)
			return true;
	}
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The directory imports of src are relative to ("." for -e and stdin). */
static char *base_dir(const struct source *src)
{
	const char *slash;

	if (!src->name || strcmp(src->name, "stdin") == 0 || strcmp(src->name, "-") == 0 ||
	    !(slash = strrchr(src->name, '/')))
		return xstrdup(".");
	if (slash == src->name)
		return xstrdup("/");
	return xstrndup(src->name, slash - src->name);
}

static bool seen(struct importer *im, const char *path)
{
	char real[PATH_MAX];

	if (!realpath(path, real))
		return false;
	for (int i = 0; i < im->done.n; i++)
		if (strcmp(im->done.v[i], real) == 0)
			return true;
	vec_push(&im->done, xstrdup(real));
	return false;
}

/* World-writable: the file itself or the directory holding it. */
static bool world_writable(const char *path)
{
	struct stat st;
	char *dir;
	const char *slash = strrchr(path, '/');
	bool ww;

	if (stat(path, &st) == 0 && (st.st_mode & S_IWOTH))
		return true;
	dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	ww = stat(dir, &st) == 0 && (st.st_mode & S_IWOTH);
	free(dir);
	return ww;
}

static int resolve(struct importer *im, struct node *prog, const struct source *src);

/*
 * Read, preprocess and parse one imported file into a source the
 * diagnostics know (registered before parsing, so every loc names it).
 */
static struct node *parse_file(struct importer *im, struct node *imp, const struct source *from,
			       const char *path, const char *text, size_t len)
{
	struct source in = { .name = (char *)path, .text = (char *)text, .len = len };
	struct source *out = xcalloc(1, sizeof(*out));
	struct node *prog;

	(void)im;
	if (preproc_run(&in, out) < 0) {
		free(out->name);
		free(out->text);
		free(out);
		diag_error(from, imp->loc, "import \"%s\": the file has errors (above)", imp->str);
		return NULL;
	}
	diag_source_register(out);
	prog = parse_program_only(out);
	if (!prog)
		diag_error(from, imp->loc, "import \"%s\": the file has errors (above)", imp->str);
	return prog;
}

/* Move prog's items (its own imports resolved) to the end of items. */
static int splice(struct importer *im, struct node *imp, const struct source *from,
		  struct node *prog, bool header, nodelist *items)
{
	const struct source *src = NULL;
	int errors = 0;

	if (prog->args.n)
		src = diag_source_of(from, prog->args.v[0]->loc);
	if (!header && resolve(im, prog, src ? src : from) < 0)
		errors++;
	for (int i = 0; i < prog->args.n; i++) {
		struct node *n = prog->args.v[i];

		if (n->kind == N_CONFIG) {
			diag_error(from, n->loc, "an imported file cannot hold a config block: only the main script sets the configuration");
			errors++;
		} else if (header && n->kind != N_CDEF && n->kind != N_PREPROC) {
			diag_error(from, n->loc, "import \"%s\": a header may hold only C type definitions",
				   imp->str);
			errors++;
		}
		if (errors) {
			node_free(n);
			continue;
		}
		vec_push(items, n);
	}
	prog->args.n = 0;
	node_free(prog);
	return errors ? -1 : 0;
}

static int no_compiler(struct node *imp, const struct source *from, const char *path)
{
	diag_error(from, imp->loc, "import \"%s\": %s is BPF C or a BPF object, which needs a C compiler; sonde compiles scripts itself and has none",
		   imp->str, path);
	return -1;
}

static int import_file(struct importer *im, struct node *imp, const struct source *from,
		       const char *path, nodelist *items)
{
	struct node *prog;
	char *text;
	size_t len = 0;
	bool too_big = false;
	int r;

	if (seen(im, path))
		return 0;
	if (ends_with(path, ".bpf.c") || ends_with(path, ".bpf.o"))
		return no_compiler(imp, from, path);
	text = read_file_max(path, SOURCE_MAX_SIZE - im->bytes, &len, &too_big);
	im->bytes += len;
	if (!text || too_big) {
		diag_error(from, imp->loc, "import \"%s\": cannot read %s: %s", imp->str, path,
			   too_big ? "the imported files together are larger than the 16 MiB a program may be" : strerror(errno));
		free(text);
		return -1;
	}
	if (ends_with(path, ".h")) {
		/* read as #include reads a header (by its full path): its type definitions */
		char real[PATH_MAX];
		char *inc = xasprintf("#include \"%s\"\n", realpath(path, real) ? real : path);

		free(text);
		prog = parse_file(im, imp, from, path, inc, strlen(inc));
		free(inc);
		if (!prog)
			return -1;
		return splice(im, imp, from, prog, true, items);
	}
	prog = parse_file(im, imp, from, path, text, len);
	free(text);
	if (!prog)
		return -1;
	im->depth++;
	r = splice(im, imp, from, prog, false, items);
	im->depth--;
	return r;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each .bt and .h file of a directory, in name order; the rest is ignored. */
static int import_dir(struct importer *im, struct node *imp, const struct source *from,
		      const char *dir, nodelist *items)
{
	VEC(char *) names = { 0 };
	struct dirent *e;
	DIR *d = opendir(dir);
	int errors = 0;

	if (!d) {
		diag_error(from, imp->loc, "import \"%s\": cannot read the directory %s: %s",
			   imp->str, dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)))
		if (ends_with(e->d_name, ".bt") || ends_with(e->d_name, ".h"))
			vec_push(&names, xstrdup(e->d_name));
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(names.v[0]), cmp_names);
	for (int i = 0; i < names.n; i++) {
		char *path = xasprintf("%s/%s", dir, names.v[i]);
		struct stat st;

		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && !errors &&
		    import_file(im, imp, from, path, items) < 0)
			errors++;
		free(path);
		free(names.v[i]);
	}
	vec_free(&names);
	return errors ? -1 : 0;
}

/* *kept: imp stays in the tree (a module of the standard library) */
static int import_one(struct importer *im, struct node *imp, const struct source *from,
		      nodelist *items, bool *kept)
{
	const char *name = imp->str ? imp->str : "";
	char *dir, *path;
	struct stat st;
	int r;

	if (!*name) {
		diag_error(from, imp->loc, "import of an empty path");
		return -1;
	}
	if (im->depth >= IMPORT_MAX_DEPTH) {
		diag_error(from, imp->loc, "import \"%s\": imports nest more than %d deep",
			   name, IMPORT_MAX_DEPTH);
		return -1;
	}
	dir = base_dir(from);
	path = name[0] == '/' || strcmp(dir, ".") == 0 ? xstrdup(name) : xasprintf("%s/%s", dir, name);
	free(dir);
	if (stat(path, &st) != 0) {
		const struct stdlib_module *m = stdlib_find(name);

		if (m) {
			vec_push(items, imp);	/* sonde's built-in standard library */
			*kept = true;
			free(path);
			return 0;
		}
		if (ends_with(name, ".bpf.c") || ends_with(name, ".bpf.o")) {
			free(path);
			return no_compiler(imp, from, name);
		}
		diag_error(from, imp->loc, "import \"%s\": no such file (%s) and no module of the standard library",
			   name, path);
		if (strncmp(name, "stdlib", 6) == 0)
			diag_hint("the standard library's modules: stdlib, stdlib/map, stdlib/process, stdlib/stack, stdlib/strings, stdlib/system, stdlib/task, stdlib/test, stdlib/usdt and their files");
		free(path);
		return -1;
	}
	if (world_writable(path)) {
		diag_error(from, imp->loc, "import \"%s\": refusing to import from %s: it or its directory is writable by anyone",
			   name, path);
		free(path);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		r = import_dir(im, imp, from, path, items);
	else if (!S_ISREG(st.st_mode)) {
		diag_error(from, imp->loc, "import \"%s\": %s is neither a file nor a directory",
			   name, path);
		r = -1;
	} else if (ends_with(path, ".bt") || ends_with(path, ".h") || ends_with(path, ".bpf.c") ||
		 ends_with(path, ".bpf.o"))
		r = import_file(im, imp, from, path, items);
	else {
		diag_error(from, imp->loc, "import \"%s\": unknown kind of file (a script .bt, a header .h or a directory of them)",
			   name);
		r = -1;
	}
	free(path);
	return r;
}

/* The program's imports replaced by what they bring, in place. */
static int resolve(struct importer *im, struct node *prog, const struct source *src)
{
	nodelist items = { 0 };
	int errors = 0;

	for (int i = 0; i < prog->args.n; i++) {
		struct node *n = prog->args.v[i];
		bool kept = false;

		if (n->kind != N_IMPORT) {
			vec_push(&items, n);
			continue;
		}
		if (errors) {
			node_free(n);
			continue;
		}
		if (import_one(im, n, src, &items, &kept) < 0)
			errors++;
		if (!kept)
			node_free(n);	/* read in: the import itself goes */
	}
	vec_free(&prog->args);
	prog->args.v = items.v;
	prog->args.n = items.n;
	prog->args.cap = items.cap;
	return errors ? -1 : 0;
}

int import_resolve(struct node *prog, const struct source *src)
{
	struct importer im = { 0 };
	bool any = false;
	int r;

	for (int i = 0; i < prog->args.n && !any; i++)
		any = prog->args.v[i]->kind == N_IMPORT;
	if (!any)
		return 0;
	if (src->name)
		(void)seen(&im, src->name);	/* the script itself is never read in again */
	r = resolve(&im, prog, src);
	for (int i = 0; i < im.done.n; i++)
		free(im.done.v[i]);
	vec_free(&im.done);
	return r;
}

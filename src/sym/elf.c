// SPDX-License-Identifier: GPL-2.0
/*
 * ELF reading through libelf: function symbols with file offsets, USDT
 * notes and the build id.  Each call opens the file, reads what it needs
 * and closes it again; the callers read a file once per attach point.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf.h"

#define NT_STAPSDT 3

struct elf_handle {
	int fd;
	Elf *elf;
};

/*
 * Only a regular file is a binary.  The open itself must not block: a
 * FIFO without a writer would hang it, a device could be anything.
 */
static int elf_handle_open(const char *path, struct elf_handle *h)
{
	struct stat st;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	h->fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (h->fd < 0)
		return -errno;
	if (fstat(h->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(h->fd);
		return -ENOEXEC;
	}
	h->elf = elf_begin(h->fd, ELF_C_READ_MMAP, NULL);
	if (!h->elf || elf_kind(h->elf) != ELF_K_ELF) {
		if (h->elf)
			elf_end(h->elf);
		close(h->fd);
		return -ENOEXEC;
	}
	return 0;
}

static void elf_handle_close(struct elf_handle *h)
{
	elf_end(h->elf);
	close(h->fd);
}

bool elf_is_elf(const char *path)
{
	struct elf_handle h;

	if (elf_handle_open(path, &h))
		return false;
	elf_handle_close(&h);
	return true;
}

int elf_load_info(const char *path, bool *relocatable, uint64_t *first_page)
{
	struct elf_handle h;
	GElf_Ehdr eh;
	uint64_t low = UINT64_MAX;
	size_t n = 0;
	int err = elf_handle_open(path, &h);

	if (err)
		return err;
	if (!gelf_getehdr(h.elf, &eh) || elf_getphdrnum(h.elf, &n)) {
		elf_handle_close(&h);
		return -ENOEXEC;
	}
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(h.elf, i, &ph) && ph.p_type == PT_LOAD && ph.p_vaddr < low)
			low = ph.p_vaddr;
	}
	elf_handle_close(&h);
	*relocatable = eh.e_type == ET_DYN;
	/* the kernel maps a segment from the page its address is in */
	*first_page = low == UINT64_MAX ? 0 : low & ~((uint64_t)sysconf(_SC_PAGESIZE) - 1);
	return 0;
}

/* vaddr -> file offset through the PT_LOAD segment that maps it. */
static int vaddr_offset(Elf *elf, uint64_t vaddr, uint64_t *offset)
{
	size_t n;

	if (elf_getphdrnum(elf, &n))
		return -ENOEXEC;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr && vaddr < ph.p_vaddr + ph.p_memsz) {
			*offset = vaddr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

int elf_vaddr_to_offset(const char *path, uint64_t vaddr, uint64_t *offset)
{
	struct elf_handle h;
	int err = elf_handle_open(path, &h);

	if (err)
		return err;
	err = vaddr_offset(h.elf, vaddr, offset);
	elf_handle_close(&h);
	return err;
}

/* ---- function symbols ---- */

struct func_entry {
	struct elf_func func;
	bool global;
};

typedef VEC(struct func_entry) func_entries;

static bool is_function(const GElf_Sym *sym)
{
	int type = GELF_ST_TYPE(sym->st_info);

	return (type == STT_FUNC || type == STT_GNU_IFUNC) && sym->st_shndx != SHN_UNDEF &&
	       sym->st_value != 0;
}

/*
 * Symbols of one table of elf; file offsets come from layout, the binary
 * itself, since a separate debug file has no code to place them.
 */
static void read_symtab(Elf *elf, Elf *layout, Elf_Scn *scn, const GElf_Shdr *sh,
			func_entries *out)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t count;

	if (!data || !sh->sh_entsize)
		return;
	count = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < count; i++) {
		struct func_entry e = { 0 };
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, i, &sym) || !is_function(&sym))
			continue;
		name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		if (vaddr_offset(layout, sym.st_value, &e.func.offset))
			continue;
		e.func.name = xstrdup(name);
		e.func.addr = sym.st_value;
		e.func.size = sym.st_size;
		e.global = GELF_ST_BIND(sym.st_info) != STB_LOCAL;
		vec_push(out, e);
	}
}

static int func_entry_cmp(const void *a, const void *b)
{
	const struct func_entry *x = a, *y = b;
	int c = strcmp(x->func.name, y->func.name);

	if (c)
		return c;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	return x->func.addr < y->func.addr ? -1 : x->func.addr > y->func.addr;
}

/* Sort by name and keep the first (preferred) entry of each name. */
static void keep_unique(func_entries *all, elf_funclist *out)
{
	if (all->n)
		qsort(all->v, all->n, sizeof(*all->v), func_entry_cmp);
	for (int i = 0; i < all->n; i++) {
		if (out->n && strcmp(out->v[out->n - 1].name, all->v[i].func.name) == 0) {
			free(all->v[i].func.name);
			continue;
		}
		vec_push(out, all->v[i].func);
	}
}

static void read_symbols(Elf *elf, Elf *layout, func_entries *all)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) &&
		    (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM))
			read_symtab(elf, layout, scn, &sh, all);
	}
}

static Elf_Scn *find_section(Elf *elf, const char *name, GElf_Shdr *sh);

/* The name in .gnu_debuglink, or NULL. */
static char *debuglink_name(Elf *elf)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_section(elf, ".gnu_debuglink", &sh);
	Elf_Data *data = scn ? elf_getdata(scn, NULL) : NULL;

	if (!data || !data->d_size || !memchr(data->d_buf, '\0', data->d_size))
		return NULL;
	return xstrdup(data->d_buf);
}

/* --debuginfo DIR: searched first, in the order given */
static VEC(char *) debug_dirs;

void elf_debug_dir_add(const char *dir)
{
	vec_push(&debug_dirs, xstrdup(dir));
}

/* A readable file at fmt (dir, name), newly allocated, or NULL. */
static char *readable(const char *fmt, const char *a, const char *b, const char *c)
{
	char *candidate = xasprintf(fmt, a, b, c);

	if (access(candidate, R_OK) == 0)
		return candidate;
	free(candidate);
	return NULL;
}

/* A debug file found by name: it must carry the binary's build id when both have one. */
static char *matching(char *candidate, const char *id)
{
	char cid[128];

	if (candidate && id && elf_build_id(candidate, cid, sizeof(cid)) == 0 && strcmp(cid, id)) {
		free(candidate);
		return NULL;
	}
	return candidate;
}

/*
 * In the --debuginfo directories: DIR/.build-id/NN/REST.debug by build id,
 * or DIR/LINK by the debuglink name (without one, BASENAME.debug, as
 * elfutils guesses); a relative DIR is taken from the binary's directory
 * (as elfutils' debuginfo path is).
 */
static char *find_in_debug_dirs(const char *bindir, const char *base, const char *id,
				const char *link)
{
	char *found = NULL;

	for (int i = 0; i < debug_dirs.n && !found; i++) {
		const char *d = debug_dirs.v[i];
		char *dir = d[0] == '/' ? xstrdup(d) : xasprintf("%s/%s", bindir, d);

		if (id && strlen(id) > 2)
			found = readable("%s/.build-id/%.2s/%s.debug", dir, id, id + 2);
		if (!found && link)
			found = matching(readable("%s/%s%s", dir, link, ""), id);
		if (!found && !link)
			found = matching(readable("%s/%s%s", dir, base, ".debug"), id);
		free(dir);
	}
	return found;
}

/*
 * A separate debug file with the full .symtab of a stripped binary: in
 * the --debuginfo directories, by build id under /usr/lib/debug/.build-id,
 * else by .gnu_debuglink next to the binary, in its .debug directory or
 * under /usr/lib/debug.
 */
static char *find_debug_file(const char *path, Elf *elf)
{
	char id[128], *link, *dir, *candidate;
	const char *slash;
	bool have_id = elf_build_id(path, id, sizeof(id)) == 0;

	if (debug_dirs.n) {
		slash = strrchr(path, '/');
		dir = slash ? xstrndup(path, slash - path) : xstrdup(".");
		link = debuglink_name(elf);
		candidate = find_in_debug_dirs(dir, slash ? slash + 1 : path, have_id ? id : NULL,
					       link);
		free(link);
		free(dir);
		if (candidate)
			return candidate;
	}
	if (have_id && strlen(id) > 2) {
		candidate = xasprintf("/usr/lib/debug/.build-id/%.2s/%s.debug", id, id + 2);
		if (access(candidate, R_OK) == 0)
			return candidate;
		free(candidate);
	}
	link = debuglink_name(elf);
	if (!link)
		return NULL;
	slash = strrchr(path, '/');
	dir = slash ? xstrndup(path, slash - path) : xstrdup(".");
	const char *const forms[] = { "%s/.debug/%s", "/usr/lib/debug%s/%s" };
	candidate = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(forms) && !candidate; i++) {
		candidate = xasprintf(forms[i], dir, link);
		if (access(candidate, R_OK) != 0) {
			free(candidate);
			candidate = NULL;
		}
	}
	free(dir);
	free(link);
	return candidate;
}

char *elf_debug_file(const char *path)
{
	struct elf_handle h;
	char *debug;

	if (elf_handle_open(path, &h))
		return NULL;
	debug = find_debug_file(path, h.elf);
	elf_handle_close(&h);
	return debug;
}

int elf_functions(const char *path, elf_funclist *out)
{
	func_entries all = { 0 };
	struct elf_handle h, dbg;
	char *debug;
	int err = elf_handle_open(path, &h);

	if (err)
		return err;
	read_symbols(h.elf, h.elf, &all);
	debug = find_debug_file(path, h.elf);
	if (debug && elf_handle_open(debug, &dbg) == 0) {
		read_symbols(dbg.elf, h.elf, &all);
		elf_handle_close(&dbg);
	}
	free(debug);
	elf_handle_close(&h);
	keep_unique(&all, out);
	vec_free(&all);
	return 0;
}

void elf_funcs_free(elf_funclist *list)
{
	for (int i = 0; i < list->n; i++)
		free(list->v[i].name);
	vec_free(list);
}

const struct elf_func *elf_func_find(const elf_funclist *list, const char *name)
{
	int lo = 0, hi = list->n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(name, list->v[mid].name);

		if (!c)
			return &list->v[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- USDT notes ---- */

static Elf_Scn *find_section(Elf *elf, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh->sh_name);
		if (n && strcmp(n, name) == 0)
			return scn;
	}
	return NULL;
}

/* An address of the note's width (4 or 8 bytes) at p. */
static uint64_t note_addr(const unsigned char *p, int width)
{
	uint32_t v32;
	uint64_t v64;

	if (width == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

/*
 * The descriptor: pc, base, semaphore (addresses), then provider, name
 * and arguments as NUL-terminated strings.  0, or -1 when malformed.
 */
static int parse_note_desc(const unsigned char *desc, size_t len, int width,
			   uint64_t stapsdt_base, struct elf_usdt_note *n)
{
	const char *strs[3];
	size_t pos = 3 * (size_t)width;
	uint64_t base;

	if (len < pos)
		return -1;
	n->pc = note_addr(desc, width);
	base = note_addr(desc + width, width);
	n->semaphore = note_addr(desc + 2 * width, width);
	for (int i = 0; i < 3; i++) {
		const char *s = (const char *)desc + pos;
		size_t max = len - pos, l = strnlen(s, max);

		if (l == max)
			return -1;
		strs[i] = s;
		pos += l + 1;
	}
	/* A prelinked file moved .stapsdt.base: move the pc with it. */
	if (stapsdt_base && base)
		n->pc += stapsdt_base - base;
	n->provider = xstrdup(strs[0]);
	n->name = xstrdup(strs[1]);
	n->args = xstrdup(strs[2]);
	return 0;
}

static void read_notes(Elf *elf, Elf_Scn *scn, uint64_t stapsdt_base, elf_usdtlist *out)
{
	int width = gelf_getclass(elf) == ELFCLASS32 ? 4 : 8;
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	if (!data)
		return;
	while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		struct elf_usdt_note n = { 0 };
		const unsigned char *desc = (const unsigned char *)data->d_buf + desc_off;

		if (nh.n_type != NT_STAPSDT || nh.n_namesz != 8 ||
		    memcmp((char *)data->d_buf + name_off, "stapsdt", 8) != 0)
			continue;
		if (parse_note_desc(desc, nh.n_descsz, width, stapsdt_base, &n))
			continue;
		if (vaddr_offset(elf, n.pc, &n.pc_offset) ||
		    (n.semaphore && vaddr_offset(elf, n.semaphore, &n.sem_offset))) {
			free(n.provider);
			free(n.name);
			free(n.args);
			continue;
		}
		vec_push(out, n);
	}
}

int elf_usdt_notes(const char *path, elf_usdtlist *out)
{
	struct elf_handle h;
	GElf_Shdr sh, base_sh;
	Elf_Scn *scn;
	uint64_t base = 0;
	int err = elf_handle_open(path, &h);

	if (err)
		return err;
	if (find_section(h.elf, ".stapsdt.base", &base_sh))
		base = base_sh.sh_addr;
	scn = find_section(h.elf, ".note.stapsdt", &sh);
	if (scn && sh.sh_type == SHT_NOTE)
		read_notes(h.elf, scn, base, out);
	elf_handle_close(&h);
	return 0;
}

void elf_usdt_free(elf_usdtlist *list)
{
	for (int i = 0; i < list->n; i++) {
		free(list->v[i].provider);
		free(list->v[i].name);
		free(list->v[i].args);
	}
	vec_free(list);
}

/* ---- build id ---- */

static int hex_build_id(Elf_Data *data, char *buf, size_t size)
{
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	while ((off = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		const unsigned char *id = (const unsigned char *)data->d_buf + desc_off;

		if (nh.n_type != NT_GNU_BUILD_ID || nh.n_namesz != 4 ||
		    memcmp((char *)data->d_buf + name_off, "GNU", 4) != 0)
			continue;
		if (size < nh.n_descsz * 2 + 1)
			return -ENOSPC;
		for (size_t i = 0; i < nh.n_descsz; i++)
			snprintf(buf + 2 * i, 3, "%02x", id[i]);
		return 0;
	}
	return -ENOENT;
}

int elf_build_id(const char *path, char *buf, size_t size)
{
	struct elf_handle h;
	Elf_Scn *scn = NULL;
	int err = elf_handle_open(path, &h);

	if (err)
		return err;
	err = -ENOENT;
	while (err == -ENOENT && (scn = elf_nextscn(h.elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (data)
			err = hex_build_id(data, buf, size);
	}
	elf_handle_close(&h);
	return err;
}

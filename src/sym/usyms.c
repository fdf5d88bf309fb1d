// SPDX-License-Identifier: GPL-2.0
/*
 * User-space symbols.  A binary is reported to its own libdwfl session at
 * its link-time addresses (bias 0), so one session serves every process
 * that maps it, wherever it is loaded: a process address becomes a file
 * offset through the process's mapping, then a link-time address through
 * the binary's PT_LOAD headers.  Sessions are shared by build id, so the
 * same libc seen under two paths (or in a container) is read once.
 *
 * Processes (sym/proctab.h) are remembered when first seen and then
 * followed through the kernel's mapping events (sym/mmapwatch.h): a
 * process that execs, maps its libraries, runs and exits between two
 * looks at /proc is still known.  Without perf events (no permission, no
 * kernel support, or SONDE_SYM_POLL set) a thread rescans /proc instead.
 */
#include "sym/usyms.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sym/dwsrc.h"
#include "sym/elf.h"
#include "sym/mmapwatch.h"
#include "sym/procmaps.h"
#include "sym/proctab.h"
#include "util.h"

/* A symbol of a binary's sorted table. */
struct bsym {
	uint64_t addr, size;
	const char *name;	/* owned by libdwfl's symbol table */
};

struct binary {
	char *path;
	struct bsym *syms;	/* functions and objects by address, read once */
	int nsyms;
	char build_id[128];	/* "" when the file has none */
	Dwfl *dwfl;
	Dwfl_Module *mod;	/* NULL when the file could not be read */
	VEC(GElf_Phdr) loads;	/* PT_LOAD headers: offset -> vaddr */
	bool failed;
	struct srcs_cache *srcs;	/* usyms_source's answers, NULL until asked */
};

/*
 * Source positions already looked up in one binary, by address: a stream
 * of stacks meets the same return addresses again and again, and each
 * DWARF lookup walks a compile unit's scopes.  Open addressing, grown by
 * doubling up to SRCS_SLOTS_MAX, then cleared when full, so a program
 * that meets ever new addresses stays bounded.
 */
#define SRCS_SLOTS_MIN 64
#define SRCS_SLOTS_MAX 8192
#define SRCS_MAX 16		/* positions kept per address (inlined depth + 1) */

struct srcs_entry {
	uint64_t key;		/* the address looked up, plus one (0: empty) */
	int n;
	struct usym_src *pos;
};

struct srcs_cache {
	struct srcs_entry *slot;
	uint32_t nslots, used;
};

/* libdwfl's name "f@@GLIBC_2.17" -> "f", cached by the name's address. */
struct renamed {
	const char *orig;
	char *name;
};

/* Exited processes remembered at most: about 1 KiB each. */
#define MAX_EXITED 32768

struct usyms {
	pthread_mutex_t lock;
	VEC(struct binary *) bins;
	struct proctab *procs;
	struct mmapwatch *events;	/* NULL when /proc is polled */
	bool rescan;		/* events were lost: read /proc again */
	pthread_t watcher;
	bool watching, stop;
	int interval_ms;
	struct renamed *renamed;	/* names without their symbol version */
	uint32_t nrenamed, nrenamed_slots;
};

static struct usyms *global;
static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

struct usyms *usyms_get(void)
{
	pthread_mutex_lock(&global_lock);
	if (!global) {
		global = xcalloc(1, sizeof(*global));
		global->procs = proctab_new(MAX_EXITED);
		pthread_mutex_init(&global->lock, NULL);
	}
	pthread_mutex_unlock(&global_lock);
	return global;
}

static void srcs_free(struct srcs_cache *c)
{
	for (uint32_t i = 0; c && i < c->nslots; i++)
		free(c->slot[i].pos);
	if (c)
		free(c->slot);
	free(c);
}

static uint32_t srcs_hash(uint64_t key, uint32_t nslots)
{
	return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (nslots - 1);
}

/* A table of nslots (a power of two) holding old's entries; old is freed. */
static struct srcs_cache *srcs_new(struct srcs_cache *old, uint32_t nslots)
{
	struct srcs_cache *c = xcalloc(1, sizeof(*c));

	c->nslots = nslots;
	c->slot = xcalloc(nslots, sizeof(*c->slot));
	for (uint32_t i = 0; old && i < old->nslots; i++) {
		struct srcs_entry *e = &old->slot[i];
		uint32_t h = srcs_hash(e->key, nslots);

		if (!e->key)
			continue;
		while (c->slot[h].key)
			h = (h + 1) & (nslots - 1);
		c->slot[h] = *e;
		c->used++;
	}
	if (old) {
		free(old->slot);
		free(old);
	}
	return c;
}

static void binary_free(struct binary *b)
{
	srcs_free(b->srcs);
	if (b->dwfl)
		dwfl_end(b->dwfl);
	free(b->syms);
	vec_free(&b->loads);
	free(b->path);
	free(b);
}

void usyms_reset(void)
{
	struct usyms *u = global;

	if (!u)
		return;
	usyms_watch_stop(u);
	for (int i = 0; i < u->bins.n; i++)
		binary_free(u->bins.v[i]);
	proctab_free(u->procs);
	vec_free(&u->bins);
	for (uint32_t i = 0; i < u->nrenamed_slots; i++)
		free(u->renamed[i].name);
	free(u->renamed);
	pthread_mutex_destroy(&u->lock);
	free(u);
	global = NULL;
}

/* ---- binaries ---- */

static char *debuginfo_path = NULL;	/* libdwfl's default: .debug, /usr/lib/debug */

void usyms_debuginfo_dir(const char *dir)
{
	/* libdwfl's path: the given directories, then its default (":.debug:/usr/lib/debug") */
	char *old = debuginfo_path;
	const char *rest = old ? old : ":.debug:/usr/lib/debug";

	if (old) {
		/* insert before the default part, keeping the order given */
		char *tail = strstr(old, "::.debug:/usr/lib/debug");

		debuginfo_path = xasprintf("%.*s:%s::.debug:/usr/lib/debug", (int)(tail - old), old, dir);
	} else {
		debuginfo_path = xasprintf("%s:%s", dir, rest);
	}
	free(old);
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

static void read_loads(struct binary *b)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(b->mod, &bias);
	size_t n;

	if (!elf || elf_getphdrnum(elf, &n))
		return;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD)
			vec_push(&b->loads, ph);
	}
}

static int cmp_bsym(const void *a, const void *b)
{
	const struct bsym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address prefer the sized, global symbol: it sorts last. */
	return (x->size > 0) - (y->size > 0);
}

/*
 * The symbol table, sorted once: libdwfl's own address lookup scans every
 * symbol per call, far too slow for a million frames.
 */
static void read_symbols(struct binary *b)
{
	int n = dwfl_module_getsymtab(b->mod), k = 0;

	if (n <= 0)
		return;
	b->syms = xmalloc(n * sizeof(*b->syms));
	for (int i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr value;
		const char *name = dwfl_module_getsym_info(b->mod, i, &sym, &value, NULL, NULL,
							   NULL);
		int type = GELF_ST_TYPE(sym.st_info);

		if (!name || !*name || !value || sym.st_shndx == SHN_UNDEF)
			continue;
		if (type != STT_FUNC && type != STT_GNU_IFUNC && type != STT_OBJECT &&
		    type != STT_NOTYPE)
			continue;
		b->syms[k++] = (struct bsym){ value, sym.st_size, name };
	}
	qsort(b->syms, k, sizeof(*b->syms), cmp_bsym);
	b->nsyms = k;
}

/* The symbol covering vaddr (or the closest below it when sizes are unknown). */
static const struct bsym *find_bsym(const struct binary *b, uint64_t vaddr)
{
	int lo = 0, hi = b->nsyms - 1;
	const struct bsym *s;

	if (!b->nsyms || vaddr < b->syms[0].addr)
		return NULL;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		if (b->syms[mid].addr <= vaddr)
			lo = mid;
		else
			hi = mid - 1;
	}
	s = &b->syms[lo];
	if (s->size && vaddr >= s->addr + s->size)
		return NULL;
	return s;
}

static void binary_open(struct binary *b)
{
	int fd = open(b->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		b->failed = true;
		return;
	}
	b->dwfl = dwfl_begin(&offline_callbacks);
	if (!b->dwfl) {
		close(fd);
		b->failed = true;
		return;
	}
	/* libdwfl owns fd from here. */
	b->mod = dwfl_report_elf(b->dwfl, b->path, b->path, fd, 0, true);
	dwfl_report_end(b->dwfl, NULL, NULL);
	if (!b->mod) {
		b->failed = true;
		return;
	}
	read_loads(b);
	read_symbols(b);
}

static struct binary *binary_new(struct usyms *u, const char *path, const char *build_id)
{
	struct binary *b = xcalloc(1, sizeof(*b));

	b->path = xstrdup(path);
	snprintf(b->build_id, sizeof(b->build_id), "%s", build_id);
	binary_open(b);
	vec_push(&u->bins, b);
	return b;
}

static struct binary *binary_by_id(struct usyms *u, const char *id)
{
	for (int i = 0; i < u->bins.n; i++)
		if (strcmp(u->bins.v[i]->build_id, id) == 0 && !u->bins.v[i]->failed)
			return u->bins.v[i];
	return NULL;
}

/* The binary for path, opened on first use (lock held). */
static struct binary *binary_get(struct usyms *u, const char *path)
{
	char id[128] = "";
	struct binary *b;

	/* The newest first: a file replaced while traced is opened again. */
	for (int i = u->bins.n - 1; i >= 0; i--)
		if (strcmp(u->bins.v[i]->path, path) == 0)
			return u->bins.v[i];
	if (elf_build_id(path, id, sizeof(id)) == 0 && (b = binary_by_id(u, id)))
		return b;
	return binary_new(u, path, id);
}

/*
 * The binary a mapping shows.  With the build id the kernel read when it
 * was mapped, a file replaced since then is not taken for it: NULL then
 * (its symbols would lie), unless the binary is known under another path.
 */
static struct binary *binary_of_map(struct usyms *u, const struct procmap *m)
{
	char id[2 * sizeof(m->build_id) + 1], now[128] = "";
	struct binary *b;

	if (!m->build_id_size)
		return binary_get(u, m->path);
	for (int i = 0; i < m->build_id_size; i++)
		snprintf(id + 2 * i, 3, "%02x", m->build_id[i]);
	if ((b = binary_by_id(u, id)))
		return b;
	b = binary_get(u, m->path);
	if (!b->build_id[0] || strcmp(b->build_id, id) == 0)
		return b;
	/* Cached from an earlier file at that path: is the current one right? */
	if (elf_build_id(m->path, now, sizeof(now)) == 0 && strcmp(now, id) == 0)
		return binary_new(u, m->path, id);
	return NULL;
}

/* File offset -> link-time address; false when no segment holds it. */
static bool offset_to_vaddr(const struct binary *b, uint64_t off, uint64_t *vaddr)
{
	for (int i = 0; i < b->loads.n; i++) {
		const GElf_Phdr *ph = &b->loads.v[i];

		if (off >= ph->p_offset && off < ph->p_offset + ph->p_filesz) {
			*vaddr = off - ph->p_offset + ph->p_vaddr;
			return true;
		}
	}
	return false;
}

/* ---- C++ names ---- */

typedef char *(*demangle_fn)(const char *, char *, size_t *, int *);

/* __cxa_demangle from the C++ runtime when the system has one. */
static demangle_fn demangler(void)
{
	static demangle_fn fn;
	static bool tried;
	void *h;

	if (tried)
		return fn;
	tried = true;
	h = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
	if (h)
		fn = (demangle_fn)dlsym(h, "__cxa_demangle");
	return fn;
}

/* name demangled (malloc'd), or NULL when it is no C++ name. */
static char *demangled(const char *name)
{
	demangle_fn fn;
	char *out;
	int status = -1;

	if (strncmp(name, "_Z", 2) != 0 || !(fn = demangler()))
		return NULL;
	out = fn(name, NULL, NULL, &status);
	if (status != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void renamed_grow(struct usyms *u)
{
	uint32_t n = u->nrenamed_slots ? u->nrenamed_slots * 2 : 256;
	struct renamed *old = u->renamed;
	uint32_t oldn = u->nrenamed_slots;

	u->renamed = xcalloc(n, sizeof(*u->renamed));
	u->nrenamed_slots = n;
	for (uint32_t i = 0; i < oldn; i++) {
		uint32_t h;

		if (!old[i].orig)
			continue;
		h = ((uintptr_t)old[i].orig >> 3) & (n - 1);
		while (u->renamed[h].orig)
			h = (h + 1) & (n - 1);
		u->renamed[h] = old[i];
	}
	free(old);
}

/*
 * name as users know it: without a symbol version ("@@GLIBC_2.17") and
 * demangled; computed once per symbol (cached by the name's address).
 */
static const char *display_name(struct usyms *u, const char *name)
{
	const char *at = strchr(name, '@');
	char *plain, *dem;
	uint32_t h;

	if ((!at || at == name) && strncmp(name, "_Z", 2) != 0)
		return name;
	if (u->nrenamed * 2 >= u->nrenamed_slots)
		renamed_grow(u);
	h = ((uintptr_t)name >> 3) & (u->nrenamed_slots - 1);
	while (u->renamed[h].orig) {
		if (u->renamed[h].orig == name)
			return u->renamed[h].name;
		h = (h + 1) & (u->nrenamed_slots - 1);
	}
	plain = at && at != name ? xstrndup(name, at - name) : xstrdup(name);
	dem = demangled(plain);
	if (dem) {
		free(plain);
		plain = dem;
	}
	u->renamed[h].orig = name;
	u->renamed[h].name = plain;
	u->nrenamed++;
	return u->renamed[h].name;
}

static bool binary_resolve(struct usyms *u, struct binary *b, uint64_t vaddr,
			   struct usym_info *info)
{
	const struct bsym *s;

	info->path = b->path;
	if (!b->mod || !(s = find_bsym(b, vaddr)))
		return false;
	info->name = display_name(u, s->name);
	info->offset = vaddr - s->addr;
	return true;
}

uint64_t usyms_lookup_file(struct usyms *u, const char *path, const char *name)
{
	return usyms_lookup_file_sized(u, path, name, NULL);
}

uint64_t usyms_lookup_file_sized(struct usyms *u, const char *path, const char *name,
				 uint64_t *size)
{
	uint64_t addr = 0;
	struct binary *b;

	pthread_mutex_lock(&u->lock);
	b = binary_get(u, path);
	for (int i = 0; b->mod && i < dwfl_module_getsymtab(b->mod) && !addr; i++) {
		GElf_Sym sym;
		GElf_Addr value;
		const char *s = dwfl_module_getsym_info(b->mod, i, &sym, &value, NULL, NULL, NULL);

		if (s && strcmp(s, name) == 0 && GELF_ST_TYPE(sym.st_info) != STT_SECTION) {
			addr = value;
			if (size)
				*size = sym.st_size;
		}
	}
	pthread_mutex_unlock(&u->lock);
	return addr;
}

/* ---- processes ---- */

/* Field 26 of /proc/PID/stat (startcode), or 0. */
static uint64_t start_code(int pid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd, field = 2;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');		/* comm may hold spaces and parentheses */
	while (p && *p && field < 26) {
		p = strchr(p + 1, ' ');
		field++;
	}
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

static int add_pid_locked(struct usyms *u, int pid, bool refresh)
{
	struct uproc *p = proctab_find(u->procs, pid);
	procmaplist maps = { 0 };
	uint64_t now = monotonic_ns();
	int err;

	if (p && !refresh)
		return 0;
	err = procmaps_read(pid, &maps);
	if (err)
		return err;
	p = proctab_set(u->procs, pid, &maps, now);
	p->startcode = start_code(pid);
	return 0;
}

/* Whether pid runs another program (or the same one anew) since its maps were read. */
static bool execed(const struct uproc *p)
{
	uint64_t now = start_code(p->pid);

	return now && now != p->startcode;
}

int usyms_add_pid(struct usyms *u, int pid, bool refresh)
{
	int err;

	pthread_mutex_lock(&u->lock);
	err = add_pid_locked(u, pid, refresh);
	pthread_mutex_unlock(&u->lock);
	return err;
}

/*
 * Every running process into the table: the unknown ones, those that
 * execed since they were read (polling), or all of them (refresh_all).
 */
static void add_running(struct usyms *u, bool refresh_all)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		struct uproc *p;

		if (*end || pid <= 0)
			continue;
		pthread_mutex_lock(&u->lock);
		p = proctab_find(u->procs, (int)pid);
		if (!p || refresh_all || (!u->events && execed(p)))
			add_pid_locked(u, (int)pid, true);
		pthread_mutex_unlock(&u->lock);
	}
	closedir(d);
}

/* ---- following processes ---- */

static bool sym_debug(void)
{
	const char *v = getenv("SONDE_SYM_DEBUG");

	return v && *v && strcmp(v, "0") != 0;
}

/* An event from the kernel (lock held). */
static void apply_event(void *ctx, const struct mmap_event *ev)
{
	struct usyms *u = ctx;

	if (ev->kind == MEV_LOST)
		u->rescan = true;
	else
		proctab_apply(u->procs, ev);
}

static void *watch_events(void *arg)
{
	struct usyms *u = arg;

	while (!__atomic_load_n(&u->stop, __ATOMIC_ACQUIRE)) {
		bool rescan;

		mmapwatch_wait(u->events, u->interval_ms);
		pthread_mutex_lock(&u->lock);
		mmapwatch_drain(u->events, false, apply_event, u);
		rescan = u->rescan;
		u->rescan = false;
		pthread_mutex_unlock(&u->lock);
		if (rescan)
			add_running(u, true);	/* what the lost records said */
	}
	return NULL;
}

static void *watch_poll(void *arg)
{
	struct usyms *u = arg;
	struct timespec ts = { u->interval_ms / 1000, (u->interval_ms % 1000) * 1000000L };

	while (!__atomic_load_n(&u->stop, __ATOMIC_ACQUIRE)) {
		add_running(u, false);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

/* The kernel's mapping events, unless unavailable or SONDE_SYM_POLL is set. */
static struct mmapwatch *open_events(void)
{
	const char *poll_env = getenv("SONDE_SYM_POLL");
	struct mmapwatch *w;
	int err;

	if (poll_env && *poll_env && strcmp(poll_env, "0") != 0) {
		if (sym_debug())
			fprintf(stderr, "usyms: polling /proc (SONDE_SYM_POLL)\n");
		return NULL;
	}
	w = mmapwatch_open(&err);
	if (sym_debug()) {
		if (w)
			fprintf(stderr, "usyms: mapping events on %d CPUs\n", mmapwatch_ncpus(w));
		else
			fprintf(stderr, "usyms: no mapping events (%s): polling /proc\n",
				strerror(-err));
	}
	return w;
}

void usyms_watch_start(struct usyms *u, int interval_ms)
{
	struct mmapwatch *w;

	if (u->watching)
		return;
	/* Events first: a process that starts during the snapshot is not missed. */
	w = open_events();
	pthread_mutex_lock(&u->lock);
	u->events = w;
	u->interval_ms = interval_ms > 0 ? interval_ms : 100;
	u->stop = false;
	pthread_mutex_unlock(&u->lock);
	add_running(u, false);
	if (pthread_create(&u->watcher, NULL, w ? watch_events : watch_poll, u) == 0) {
		u->watching = true;
		return;
	}
	pthread_mutex_lock(&u->lock);
	u->events = NULL;
	pthread_mutex_unlock(&u->lock);
	mmapwatch_close(w);
}

void usyms_watch_stop(struct usyms *u)
{
	if (!u || !u->watching)
		return;
	__atomic_store_n(&u->stop, true, __ATOMIC_RELEASE);
	if (u->events)
		mmapwatch_wake(u->events);
	pthread_join(u->watcher, NULL);
	u->watching = false;
	pthread_mutex_lock(&u->lock);
	if (u->events) {
		/* What happened up to now still counts for the stacks to print. */
		mmapwatch_drain(u->events, true, apply_event, u);
		mmapwatch_close(u->events);
		u->events = NULL;
	}
	pthread_mutex_unlock(&u->lock);
}

/* ---- resolving ---- */

static const struct procmap *map_of(const struct uproc *p, uint64_t addr)
{
	for (int i = 0; i < p->maps.n; i++)
		if (addr >= p->maps.v[i].start && addr < p->maps.v[i].end)
			return &p->maps.v[i];
	return NULL;
}

/* The mapping of addr in pid, reading what is known anew when it is not there (lock held). */
static const struct procmap *find_map(struct usyms *u, int pid, uint64_t addr)
{
	struct uproc *p = proctab_find(u->procs, pid);
	const struct procmap *m = p ? map_of(p, addr) : NULL;

	if (!m && u->events) {
		/* Its records may still wait in the rings. */
		mmapwatch_drain(u->events, true, apply_event, u);
		p = proctab_find(u->procs, pid);
		m = p ? map_of(p, addr) : NULL;
	}
	if (!p && add_pid_locked(u, pid, false) == 0) {
		p = proctab_find(u->procs, pid);
		m = p ? map_of(p, addr) : NULL;
	}
	/* Mapped after the process was read, without events: read it again. */
	if (p && !m && add_pid_locked(u, pid, true) == 0) {
		p = proctab_find(u->procs, pid);
		m = p ? map_of(p, addr) : NULL;
	}
	return m;
}

bool usyms_resolve(struct usyms *u, int pid, uint64_t addr, struct usym_info *info)
{
	const struct procmap *m;
	struct binary *b;
	uint64_t vaddr;
	bool ok = false;

	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&u->lock);
	m = find_map(u, pid, addr);
	if (m && m->path && m->path[0] == '[')
		info->path = m->path;	/* [vdso], [heap], ... */
	if (m && m->path && m->path[0] == '/') {
		b = binary_of_map(u, m);
		if (b && offset_to_vaddr(b, addr - m->start + m->offset, &vaddr))
			ok = binary_resolve(u, b, vaddr, info);
		info->path = m->path;
	}
	pthread_mutex_unlock(&u->lock);
	return ok;
}

/* The cached positions of vaddr in b, looked up on first use. */
static struct srcs_entry *binary_source(struct usyms *u, struct binary *b, uint64_t vaddr)
{
	struct usym_src pos[SRCS_MAX];
	struct srcs_entry *e;
	uint32_t h;

	if (!b->srcs)
		b->srcs = srcs_new(NULL, SRCS_SLOTS_MIN);
	h = srcs_hash(vaddr + 1, b->srcs->nslots);
	for (e = &b->srcs->slot[h]; e->key; e = &b->srcs->slot[h]) {
		if (e->key == vaddr + 1)
			return e;
		h = (h + 1) & (b->srcs->nslots - 1);
	}
	if (b->srcs->used >= b->srcs->nslots / 2) {	/* half full: grow, or start again */
		if (b->srcs->nslots < SRCS_SLOTS_MAX) {
			b->srcs = srcs_new(b->srcs, b->srcs->nslots * 2);
		} else {
			srcs_free(b->srcs);
			b->srcs = NULL;
		}
		return binary_source(u, b, vaddr);
	}
	e->key = vaddr + 1;
	e->n = dwsrc_lookup(b->mod, vaddr, pos, SRCS_MAX);
	for (int i = 0; i < e->n; i++)
		if (pos[i].name)
			pos[i].name = display_name(u, pos[i].name);
	if (e->n > 0) {
		e->pos = xmalloc(e->n * sizeof(*e->pos));
		memcpy(e->pos, pos, e->n * sizeof(*e->pos));
	}
	b->srcs->used++;
	return e;
}

int usyms_source(struct usyms *u, int pid, uint64_t addr, bool caller, struct usym_src *out,
		 int max)
{
	const struct procmap *m;
	struct srcs_entry *e;
	struct binary *b;
	uint64_t vaddr;
	int n = 0;

	pthread_mutex_lock(&u->lock);
	m = find_map(u, pid, addr);
	if (m && m->path && m->path[0] == '/' && (b = binary_of_map(u, m)) && b->mod &&
	    offset_to_vaddr(b, addr - m->start + m->offset, &vaddr)) {
		e = binary_source(u, b, caller && vaddr ? vaddr - 1 : vaddr);
		/* keep the innermost, and the function's own position last */
		n = MIN(e->n, max);
		if (n > 0) {
			memcpy(out, e->pos, (n - 1) * sizeof(*out));
			out[n - 1] = e->pos[e->n - 1];
		}
	}
	pthread_mutex_unlock(&u->lock);
	return n;
}

bool usyms_build_id(struct usyms *u, int pid, uint64_t addr, char *id, size_t size,
		    uint64_t *file_offset)
{
	const struct procmap *m;
	struct binary *b;
	bool ok = false;

	pthread_mutex_lock(&u->lock);
	m = find_map(u, pid, addr);
	if (m && m->path && m->path[0] == '/') {
		*file_offset = addr - m->start + m->offset;
		if (m->build_id_size && size > 2u * m->build_id_size) {
			for (int i = 0; i < m->build_id_size; i++)
				snprintf(id + 2 * i, 3, "%02x", m->build_id[i]);
			ok = true;
		} else if ((b = binary_of_map(u, m)) && b->build_id[0]) {
			ok = snprintf(id, size, "%s", b->build_id) < (int)size;
		}
	}
	pthread_mutex_unlock(&u->lock);
	return ok;
}

void usyms_format(struct usyms *u, int pid, uint64_t addr, bool show_offset, bool perf,
		  char *buf, size_t size)
{
	struct usym_info info;
	int n;

	if (usyms_resolve(u, pid, addr, &info) && info.name) {
		if (show_offset)
			n = snprintf(buf, size, "%s+%llu", info.name, (unsigned long long)info.offset);
		else
			n = snprintf(buf, size, "%s", info.name);
	} else {
		n = snprintf(buf, size, "0x%llx", (unsigned long long)addr);
	}
	if (perf && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - n, " (%s)", info.path ? info.path : "[unknown]");
}

/* Whether the file of mapping i is also mapped below it (its offset-0 part is known). */
static bool maps_have_file_below(const struct uproc *p, int i)
{
	const struct procmap *m = &p->maps.v[i];

	for (int j = 0; j < p->maps.n; j++) {
		const struct procmap *o = &p->maps.v[j];

		if (j != i && o->path && strcmp(o->path, m->path) == 0 && o->start < m->start)
			return true;
	}
	return false;
}

/*
 * pid's mappings as /proc/PID/maps text, from what was recorded (the
 * process may have exited): for unwinders that read that format.
 */
/* A stand-in inode for a path: the same for the same path, never 0. */
static unsigned long path_number(const char *path)
{
	unsigned long h = 5381;

	while (*path)
		h = h * 33 + (unsigned char)*path++;
	return h ? h : 1;
}

static int cmp_map_start(const void *a, const void *b)
{
	const struct procmap *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

char *usyms_maps_text(struct usyms *u, int pid)
{
	struct strbuf sb;
	struct uproc *p;

	pthread_mutex_lock(&u->lock);
	if (u->events)
		mmapwatch_drain(u->events, true, apply_event, u);
	p = proctab_find(u->procs, pid);
	if (!p || !p->maps.n) {
		pthread_mutex_unlock(&u->lock);
		return NULL;
	}
	/* in address order, as the kernel lists them (unwinders rely on it) */
	qsort(p->maps.v, p->maps.n, sizeof(p->maps.v[0]), cmp_map_start);
	sb_init(&sb);
	for (int i = 0; i < p->maps.n; i++) {
		const struct procmap *m = &p->maps.v[i];

		/*
		 * The kernel reports executable mappings only; unwinders place
		 * a file by its mapping at offset 0, which ELF loaders put just
		 * below the code (the headers' read-only segment).
		 */
		/* a file needs a non-zero inode to be taken for a file: one per path */
		unsigned long ino = m->path && m->path[0] == '/' ? path_number(m->path) : 0;

		if (ino && m->offset && m->offset <= m->start && !maps_have_file_below(p, i))
			sb_addf(&sb, "%llx-%llx r--p 00000000 00:01 %lu %s\n",
				(unsigned long long)(m->start - m->offset),
				(unsigned long long)m->start, ino, m->path);
		sb_addf(&sb, "%llx-%llx r-%cp %08llx %s %lu %s\n", (unsigned long long)m->start,
			(unsigned long long)m->end, m->exec ? 'x' : '-',
			(unsigned long long)m->offset, ino ? "00:01" : "00:00", ino,
			m->path ? m->path : "");
	}
	pthread_mutex_unlock(&u->lock);
	return sb_steal(&sb);
}

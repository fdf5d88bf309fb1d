/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space symbols through elfutils' libdwfl: .symtab/.dynsym,
 * MiniDebugInfo (.gnu_debugdata) and separate debug files found by
 * build id or debuglink.  Two caches: binaries (one libdwfl session per
 * build id, else per path), and processes (their mappings, remembered when
 * first seen so that stacks of processes that have exited still resolve).
 * All functions are thread-safe: a watcher thread may record processes
 * while the main thread prints.
 */
#ifndef SONDE_SYM_USYMS_H
#define SONDE_SYM_USYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct usym_info {
	const char *name;	/* symbol (demangled for C++), NULL when unknown */
	uint64_t offset;	/* addr - symbol start */
	const char *path;	/* the mapped file, NULL when addr is in no file */
};

/* A source position of a user address (usyms_source). */
struct usym_src {
	const char *name;	/* a function inlined there; NULL: the symbol's own frame */
	const char *dir;	/* the unit's directory when file is relative, else NULL */
	const char *file;	/* the source file as DWARF names it, NULL when unknown */
	int line;
};

/* Look for separate debug files in dir first (--debuginfo; call before any lookup). */
void usyms_debuginfo_dir(const char *dir);

/* The process-wide cache. */
struct usyms;
struct usyms *usyms_get(void);
/* Free everything (at exit; stops the watcher first). */
void usyms_reset(void);

/*
 * Remember pid's mappings now when they are not known yet (refresh: read
 * them again, after an exec).  0 or -errno.
 */
int usyms_add_pid(struct usyms *u, int pid, bool refresh);
/*
 * Start a thread that follows every process from now on, so that
 * processes which exit before their stacks print still resolve: through
 * the kernel's mapping events (exec, mmap, fork, exit; sym/mmapwatch.h),
 * applied at the latest interval_ms after they happen, or, where perf
 * events cannot be opened or SONDE_SYM_POLL is set, by reading /proc every
 * interval_ms.  SONDE_SYM_DEBUG=1 tells on stderr which.  Safe to call
 * twice.  usyms_watch_stop() applies what happened up to then.
 */
void usyms_watch_start(struct usyms *u, int interval_ms);
void usyms_watch_stop(struct usyms *u);

/*
 * Resolve addr in pid.  Returns false when pid's mappings are unknown (the
 * process exited before it was seen) or addr lies in no mapping; info is
 * filled as far as known.  Strings stay valid until usyms_reset().
 */
bool usyms_resolve(struct usyms *u, int pid, uint64_t addr, struct usym_info *info);
/* The address of symbol name in the binary path (its own vaddr), or 0. */
uint64_t usyms_lookup_file(struct usyms *u, const char *path, const char *name);
/* The same, with the symbol's size (st_size) in *size when size is not NULL. */
uint64_t usyms_lookup_file_sized(struct usyms *u, const char *path, const char *name,
				 uint64_t *size);

/*
 * pid's remembered mappings in /proc/PID/maps format (it may have exited),
 * or NULL when unknown.  The caller frees it.
 */
char *usyms_maps_text(struct usyms *u, int pid);

/*
 * The GNU build id (hex) of the file addr lies in, in pid, and addr's
 * offset in that file: what the kernel's build-id stack maps record.
 * False when addr is in no file or the file has no build id.
 */
bool usyms_build_id(struct usyms *u, int pid, uint64_t addr, char *id, size_t size,
		    uint64_t *file_offset);

/*
 * addr's source positions in pid, from its binary's DWARF, innermost
 * first: one for each function inlined at addr, then the symbol's own
 * (name NULL).  caller: addr is a return address, whose call is the
 * instruction before it.  How many were filled, at most max (0: no
 * DWARF, or addr is in no known file).  Strings stay valid until
 * usyms_reset().
 */
int usyms_source(struct usyms *u, int pid, uint64_t addr, bool caller, struct usym_src *out,
		 int max);

/*
 * Text as bpftrace prints a user frame: "sym+off" (show_offset), "sym", or
 * "0xADDR" when unknown; perf adds " (PATH)" or " ([unknown])".
 */
void usyms_format(struct usyms *u, int pid, uint64_t addr, bool show_offset, bool perf,
		  char *buf, size_t size);

#endif

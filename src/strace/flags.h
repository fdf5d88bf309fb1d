/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named constants as strace prints them: flag sets joined by '|' with the
 * unknown rest in hex, and single values by name.  The values come from
 * Debian's C headers when sonde is built.
 */
#ifndef SONDE_STRACE_FLAGS_H
#define SONDE_STRACE_FLAGS_H

#include "util.h"

struct flagname {
	unsigned long long val;
	const char *name;
};

struct flagset {
	const struct flagname *v;
	int n;
};

/* A table of constants named as the C headers name them (the headers give the values). */
#define FLAG(x) { x, #x }
#define FLAGSET(name, ...) \
	static const struct flagname name##_v[] = { __VA_ARGS__ }; \
	static const struct flagset name = { name##_v, (int)(sizeof(name##_v) / sizeof(name##_v[0])) }

extern const struct flagset open_flags, prot_flags, mmap_flags, at_flags, access_flags,
	clone_flags, wait_flags, sock_type_flags;
extern const struct flagset whence_names, family_names, sock_type_names, proto_names,
	signal_names, si_code_names, cld_code_names, arch_prctl_names, clock_names,
	sighow_names, timer_flags;

/* Flags of val joined by '|'; zero_name when val is 0 (NULL: "0"). */
void print_flags(struct strbuf *sb, const struct flagset *set, unsigned long long val,
		 const char *zero_name);
/* The name of val, or NULL. */
const char *flag_name(const struct flagset *set, unsigned long long val);
/* "SIGCHLD", "SIGRTMIN+3", or the number. */
void print_signal(struct strbuf *sb, int sig);
/* "ENOENT" and "No such file or directory" for err > 0. */
const char *errno_name(int err);
const char *errno_text(int err);

#endif

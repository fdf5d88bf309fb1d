/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Privileges: can this process load and attach BPF programs, and does the
 * kernel's lockdown mode stand in the way?  Checked once, before anything
 * that needs privileges, so a user without them gets one line that says
 * what is missing instead of an EPERM from deep inside the loader.
 */
#ifndef SONDE_PRIVS_H
#define SONDE_PRIVS_H

#include <stddef.h>
#include <stdint.h>

/* Capability numbers (linux/capability.h; CAP_BPF and CAP_PERFMON since 5.8). */
#define PRIVS_CAP_SYS_ADMIN	21
#define PRIVS_CAP_PERFMON	38
#define PRIVS_CAP_BPF		39

/*
 * 0 when the effective capabilities allow loading and attaching BPF
 * programs; else -1 with a one-line "ERROR: ..." (no newline) in msg.
 */
int privs_check(char *msg, size_t len);

/*
 * The same decision for a given effective capability mask (bit N is
 * capability N): CAP_SYS_ADMIN, or both CAP_BPF and CAP_PERFMON.
 */
int privs_check_caps(uint64_t effective, char *msg, size_t len);

/*
 * The active lockdown mode: "none", "integrity" or "confidentiality", or
 * NULL when it cannot be read (securityfs not mounted, no LSM).
 */
const char *lockdown_mode(void);

/* The active mode in the text of /sys/kernel/security/lockdown
 * ("none integrity [confidentiality]"), or NULL. */
const char *lockdown_parse(const char *text);

/*
 * What a lockdown mode means for sonde, in one line, or NULL when it does
 * not matter ("none", NULL).
 */
const char *lockdown_explain(const char *mode);

/* Whether sonde can still trace under this mode (all but confidentiality). */
int lockdown_allows_tracing(const char *mode);

#endif

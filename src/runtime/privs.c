// SPDX-License-Identifier: GPL-2.0
/*
 * Privilege and lockdown checks (see privs.h).  capget(2) is called
 * directly: libcap is not worth a dependency for reading two words.
 */
#include "privs.h"

#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOCKDOWN_PATH "/sys/kernel/security/lockdown"

static bool has_cap(uint64_t effective, int cap)
{
	return (effective >> cap) & 1;
}

/* The effective set of this process, or 0 when capget fails. */
static uint64_t effective_caps(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &hdr, data) < 0)
		return 0;
	return (uint64_t)data[1].effective << 32 | data[0].effective;
}

int privs_check_caps(uint64_t effective, char *msg, size_t len)
{
	bool bpf = has_cap(effective, PRIVS_CAP_BPF);
	bool perfmon = has_cap(effective, PRIVS_CAP_PERFMON);
	const char *missing;

	/* Before 5.8 CAP_SYS_ADMIN was the only way; it still covers both. */
	if (has_cap(effective, PRIVS_CAP_SYS_ADMIN) || (bpf && perfmon))
		return 0;
	if (!bpf && !perfmon)
		missing = "CAP_BPF and CAP_PERFMON";
	else if (!bpf)
		missing = "CAP_BPF";
	else
		missing = "CAP_PERFMON";
	snprintf(msg, len, "ERROR: sonde needs CAP_BPF and CAP_PERFMON (or root) to load BPF "
		 "programs and this process lacks %s; run it as root", missing);
	return -1;
}

int privs_check(char *msg, size_t len)
{
	const char *mode = lockdown_mode();

	if (privs_check_caps(effective_caps(), msg, len) < 0)
		return -1;
	if (!lockdown_allows_tracing(mode)) {
		snprintf(msg, len, "ERROR: %s", lockdown_explain(mode));
		return -1;
	}
	return 0;
}

const char *lockdown_parse(const char *text)
{
	static const char *const modes[] = { "none", "integrity", "confidentiality" };
	const char *open = text ? strchr(text, '[') : NULL;
	size_t i, n;

	if (!open)
		return NULL;
	open++;
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		n = strlen(modes[i]);
		if (strncmp(open, modes[i], n) == 0 && open[n] == ']')
			return modes[i];
	}
	return NULL;
}

const char *lockdown_mode(void)
{
	char buf[128];
	FILE *f = fopen(LOCKDOWN_PATH, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return lockdown_parse(buf);
}

const char *lockdown_explain(const char *mode)
{
	if (!mode || strcmp(mode, "none") == 0)
		return NULL;
	if (strcmp(mode, "integrity") == 0)
		return "kernel lockdown is 'integrity': tracing works, but writing to user or "
		       "kernel memory from BPF is refused";
	return "kernel lockdown is 'confidentiality': the kernel refuses to let BPF read "
	       "kernel memory, so sonde cannot trace; boot with lockdown=integrity or none";
}

int lockdown_allows_tracing(const char *mode)
{
	return !mode || strcmp(mode, "confidentiality") != 0;
}

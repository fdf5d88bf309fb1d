/* SPDX-License-Identifier: GPL-2.0 */
/* The version sonde reports (--version, sonde_build_info, the package). */
#ifndef SONDE_VERSION_H
#define SONDE_VERSION_H

#define SONDE_VERSION "0.1.0"
/* The bpftrace whose language, output and options sonde follows (--version). */
#define BPFTRACE_MATCHED "0.26"

#endif

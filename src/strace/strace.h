/* SPDX-License-Identifier: GPL-2.0 */
/* `sonde strace`: strace's command line and output, from BPF. */
#ifndef SONDE_STRACE_H
#define SONDE_STRACE_H

/* argv[0] is "strace"; the exit status (the command's, with a command). */
int strace_main(int argc, char **argv);

#endif

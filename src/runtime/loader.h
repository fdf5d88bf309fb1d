/* SPDX-License-Identifier: GPL-2.0 */
/* Creating maps, loading and attaching programs, and --dump. */
#ifndef SONDE_LOADER_H
#define SONDE_LOADER_H

#include "../probes/provider.h"

int loader_create_maps(struct program *prog);
/* Load every program; on a verifier rejection print where and why. -errno on failure. */
int loader_load_progs(struct program *prog, bool verbose);
/* The fd that runs ps (its own, or that of the identical program it shares). */
int loader_prog_fd(const struct program *prog, const struct prog_spec *ps);
/* Attach every PROV_ATTACHED probe; stops early (-EINTR) when *stop is set. */
int loader_attach(struct program *prog, fdlist *fds, volatile int *stop);
void loader_detach(fdlist *fds);
void loader_unload(struct program *prog);
/* The BPF of every probe, with the source line each run of instructions came from. */
void loader_dump(FILE *out, const struct program *prog);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * unwind = dwarf: user stacks unwound in user space (program.h).  Each
 * sample record a probe sends is unwound when it arrives; its frames are
 * kept once per distinct stack, under a hash of the frames (the stack
 * id), and the sample id the ustack value carries maps to that stack id
 * for as long as records referring to it may still follow.
 */
#ifndef SONDE_USTACKS_H
#define SONDE_USTACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ustacks;

struct ustacks *ustacks_new(void);
void ustacks_free(struct ustacks *u);
/* Read pid's mappings now rather than at its first sample (--dwarf-pid); false: none. */
bool ustacks_prepare(struct ustacks *u, int pid);

/* An EV_USTACK_SAMPLE record (from its event id on), len bytes. */
void ustacks_add_sample(struct ustacks *u, const void *record, size_t len);

/* The stack id of a sample id (a stack id stays itself); 0: no frames. */
uint64_t ustacks_resolve(const struct ustacks *u, uint64_t id);

/*
 * The frames of a stack id or a sample id, leaf first, into frames (at
 * most max): how many, or -1 when the id is unknown.
 */
int ustacks_frames(const struct ustacks *u, uint64_t id, uint64_t *frames, int max);

/* The id of frames: the hash the kernel side gives frame-pointer stacks. */
uint64_t ustacks_hash(const uint64_t *frames, int n);

#endif

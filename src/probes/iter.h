/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iter:NAME — BPF iterators.  Attaching makes an iterator link; the
 * program runs when the iterator is read, once per object (task, file,
 * vma, ...), so the runtime calls iter_run after attaching everything.
 */
#ifndef SONDE_ITER_H
#define SONDE_ITER_H

#include <stdio.h>

/*
 * Run an attached iter probe: read its iterator to the end, copying what
 * it writes (bpf_seq_printf output, normally nothing) to out when out is
 * not NULL.  0 or -errno after printing an error.
 */
int iter_run(void *target, FILE *out);

/* Whether the kernel loads iterator programs (the task iterator): 0 or -errno. */
int iter_check(void);

#endif

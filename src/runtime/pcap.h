/* SPDX-License-Identifier: GPL-2.0 */
/*
 * skboutput()'s files: the packets bpf_skb_output puts in the perf event
 * array (one perf buffer per CPU), written as pcap records.
 */
#ifndef SONDE_PCAP_H
#define SONDE_PCAP_H

struct program;
struct pcap_out;

/* Create the program's pcap files and open its perf buffers; NULL with
 * an error printed when that fails, NULL and no error when it has none
 * (*failed tells which). */
struct pcap_out *pcap_open(const struct program *prog, int *failed);
/* Write what the perf buffers hold; does not wait. */
void pcap_consume(struct pcap_out *p);
/* Drain, flush and close the files; say how many packets were lost. */
void pcap_close(struct pcap_out *p);

#endif

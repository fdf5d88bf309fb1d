// SPDX-License-Identifier: GPL-2.0
/*
 * skboutput(): each perf sample is the record header of lang/program.h
 * (PCAP_REC_*) followed by the packet's first len bytes.  The record goes
 * to its file with the header's offset cut from the packet's start, as
 * a pcap record: link type raw IP (the packet starts at its IP header
 * when offset skips the link header), snaplen 65535, microseconds.  The
 * kernel stamps the record with the time since boot; the file holds wall
 * clock times (boot time + CLOCK_REALTIME - CLOCK_BOOTTIME when the
 * files open), which tcpdump and wireshark show as dates.
 */
#include "pcap.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/libbpf.h>

#include "../lang/program.h"
#include "../util.h"

#define PCAP_MAGIC_US	0xa1b2c3d4u
#define PCAP_SNAPLEN	65535u
#define LINKTYPE_RAW	101u
#define PERF_PAGES	64	/* per CPU: 256 KiB of packets in flight */

struct pcap_out {
	FILE **files;
	int nfiles;
	const char *const *paths;
	struct perf_buffer *pb;
	int64_t wall_offset_ns;		/* CLOCK_REALTIME - CLOCK_BOOTTIME */
	uint64_t lost;
	bool write_failed;
};

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* pcap files are in the writer's byte order */
}

static int write_file_header(FILE *f)
{
	uint8_t h[24] = { 0 };

	put32(h, PCAP_MAGIC_US);
	h[4] = 2;	/* version 2.4, native order */
	h[6] = 4;
	if (*(const uint8_t *)&(uint16_t){ 1 } == 0) {	/* big-endian host */
		h[4] = 0, h[5] = 2;
		h[6] = 0, h[7] = 4;
	}
	put32(h + 16, PCAP_SNAPLEN);
	put32(h + 20, LINKTYPE_RAW);
	return fwrite(h, sizeof(h), 1, f) == 1 ? 0 : -1;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct pcap_out *p = ctx;
	const uint8_t *rec = data;
	uint32_t id, off, len, caplen;
	uint64_t boot_ns;
	int64_t ns;
	uint8_t h[16];

	if (size < PCAP_REC_HDR_SIZE)
		return;
	id = get32(rec + PCAP_REC_ID);
	off = get32(rec + PCAP_REC_OFFSET);
	len = get32(rec + PCAP_REC_LEN);
	memcpy(&boot_ns, rec + PCAP_REC_NS, 8);
	if (id >= (uint32_t)p->nfiles || len > size - PCAP_REC_HDR_SIZE)
		return;
	len = off < len ? len - off : 0;
	caplen = len < PCAP_SNAPLEN ? len : PCAP_SNAPLEN;
	ns = (int64_t)boot_ns + p->wall_offset_ns;
	put32(h, (uint32_t)(ns / 1000000000));
	put32(h + 4, (uint32_t)(ns % 1000000000 / 1000));
	put32(h + 8, caplen);
	put32(h + 12, len);
	if (fwrite(h, sizeof(h), 1, p->files[id]) != 1 ||
	    (caplen && fwrite(rec + PCAP_REC_HDR_SIZE + off, caplen, 1, p->files[id]) != 1))
		p->write_failed = true;
}

static void on_lost(void *ctx, int cpu, __u64 count)
{
	struct pcap_out *p = ctx;

	p->lost += count;
}

struct pcap_out *pcap_open(const struct program *prog, int *failed)
{
	struct pcap_out *p;
	int i, err;

	*failed = 0;
	if (!prog->pcap_paths.n)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->files = xcalloc(prog->pcap_paths.n, sizeof(FILE *));
	p->paths = (const char *const *)prog->pcap_paths.v;
	p->wall_offset_ns = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME);
	for (i = 0; i < prog->pcap_paths.n; i++) {
		p->files[i] = fopen(prog->pcap_paths.v[i], "w");
		p->nfiles = i + 1;
		if (!p->files[i] || write_file_header(p->files[i]) < 0) {
			fprintf(stderr, "ERROR: skboutput: cannot write %s: %s\n",
				prog->pcap_paths.v[i], strerror(errno));
			goto fail;
		}
	}
	p->pb = perf_buffer__new(prog->maps.v[prog->pcap_map].fd, PERF_PAGES, on_sample,
				 on_lost, p, NULL);
	if (!p->pb) {
		err = errno;
		fprintf(stderr, "ERROR: skboutput: opening the perf buffers failed: %s\n",
			strerror(err));
		goto fail;
	}
	return p;
fail:
	pcap_close(p);
	*failed = 1;
	return NULL;
}

void pcap_consume(struct pcap_out *p)
{
	if (p && p->pb)
		perf_buffer__consume(p->pb);
}

void pcap_close(struct pcap_out *p)
{
	int i;

	if (!p)
		return;
	pcap_consume(p);
	if (p->pb)
		perf_buffer__free(p->pb);
	for (i = 0; i < p->nfiles; i++) {
		if (p->files[i] && (fclose(p->files[i]) != 0 || p->write_failed))
			fprintf(stderr, "ERROR: skboutput: writing %s failed\n", p->paths[i]);
	}
	if (p->lost)
		fprintf(stderr, "WARNING: skboutput: %llu packets lost (the perf buffers were full)\n",
			(unsigned long long)p->lost);
	free(p->files);
	free(p);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The recording file, as written by `sonde record` and read by the
 * converters (docs/record.md is the reference).  A 64-byte header, then
 * blocks; a block holds the records of one CPU (or the metadata stream),
 * its own base timestamp, and records whose timestamps are zigzag varint
 * deltas from the record before, so any block decodes on its own (the
 * flight recorder drops whole blocks).
 */
#ifndef SONDE_RECORD_RECFILE_H
#define SONDE_RECORD_RECFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REC_MAGIC	"SONDEREC"
#define REC_VERSION	1
#define REC_HEADER_SIZE	64
#define REC_BLOCK_HEADER 24
#define REC_META_CPU	0xffffffffu	/* the cpu field of metadata blocks */
#define REC_ANY_CPU	0xffffffffu	/* a loss record's cpu: a buffer all CPUs share */
#define REC_BLOCK_MAX	(1u << 20)	/* a reader refuses larger blocks */

/* Header flags. */
#define REC_F_COMPLETE	1u	/* closed cleanly: the END block is there */
#define REC_F_FLIGHT	2u	/* flight recorder: only the last blocks were kept */

/* Block types. */
enum rec_block_type {
	RB_EVENTS = 1,		/* one CPU's events, in time order */
	RB_META = 2,		/* threads, strings, losses: cpu = REC_META_CPU */
	RB_END = 3,		/* totals: per CPU, u64 events and u64 lost */
};

/*
 * Record kinds.  Every record is: u8 kind, zigzag varint time delta, then
 * its fields as varints (s: zigzag signed, u: unsigned, str: varint length
 * and bytes).  The first field of every event is the tid it ran in.
 */
enum rec_kind {
	RK_SWITCH = 1,		/* tid(prev) u:prev_state s:prev_prio u:next_tid s:next_prio */
	RK_WAKEUP = 2,		/* tid u:woken_tid s:prio s:target_cpu */
	RK_WAKEUP_NEW = 3,	/* tid u:woken_tid s:prio s:target_cpu */
	RK_MIGRATE = 4,		/* tid u:task_tid s:prio s:orig_cpu s:dest_cpu */
	RK_FORK = 5,		/* tid(parent) u:child_tid */
	RK_EXIT = 6,		/* tid s:prio u:group_dead */
	RK_EXEC = 7,		/* tid u:old_tid str:filename */
	RK_SYS_ENTER = 8,	/* tid u:nr */
	RK_SYS_EXIT = 9,	/* tid u:nr s:ret */
	RK_INSTANT = 10,	/* tid u:name_sid str:message u:nargs, args (typed values) */
	RK_BEGIN = 11,		/* tid u:name_sid */
	RK_END = 12,		/* tid u:name_sid */
	RK_COUNTER = 13,	/* tid u:name_sid s:value */
	RK_SAMPLE = 14,		/* tid: a CPU sample (--profile) */
	RK_HIST = 15,		/* tid(0) u:name_sid h:buckets: a histogram map printed */
	RK_THREAD = 32,		/* meta: u:tid u:pid str:comm */
	RK_LOSS = 33,		/* meta: u:cpu u:count */
	RK_STRING = 34,		/* meta: u:sid str:text */
	RK_KIND_MAX = 64,
};

/* The typed values of RK_INSTANT's arguments: u8 type, then the value. */
enum rec_arg_type { RA_INT = 1, RA_UINT = 2, RA_STR = 3 };

/* The file header, little-endian, as laid out on disk. */
struct rec_header {
	char magic[8];
	uint32_t version;
	uint32_t header_size;
	uint64_t boot_ns;	/* CLOCK_BOOTTIME at the start: the records' clock */
	uint64_t real_ns;	/* CLOCK_REALTIME at the same moment */
	uint32_t ncpus;
	uint32_t flags;
	char arch[16];
	uint64_t reserved;
};

struct rec_block_header {
	uint32_t type;
	uint32_t cpu;
	uint32_t len;		/* payload bytes after this header */
	uint32_t count;		/* records in the payload */
	uint64_t base_ns;	/* the first record's delta is from here */
};

_Static_assert(sizeof(struct rec_header) == REC_HEADER_SIZE, "header layout");
_Static_assert(sizeof(struct rec_block_header) == REC_BLOCK_HEADER, "block header layout");

/* Varints (LEB128) and zigzag: the encoder needs 10 bytes of room. */
static inline uint8_t *rec_put_u(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

static inline uint8_t *rec_put_s(uint8_t *p, int64_t v)
{
	return rec_put_u(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

/* A bounded decoder: a read past the end sets bad and yields 0. */
struct rec_cursor {
	const uint8_t *p, *end;
	bool bad;
};

static inline uint64_t rec_get_u(struct rec_cursor *c)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 64; shift += 7) {
		if (c->p >= c->end) {
			c->bad = true;
			return 0;
		}
		uint8_t b = *c->p++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	c->bad = true;
	return 0;
}

static inline int64_t rec_get_s(struct rec_cursor *c)
{
	uint64_t u = rec_get_u(c);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A length-prefixed string: its bytes (not NUL-terminated) and length. */
static inline const char *rec_get_str(struct rec_cursor *c, size_t *len)
{
	uint64_t n = rec_get_u(c);
	const char *s = (const char *)c->p;

	if (c->bad || n > (uint64_t)(c->end - c->p)) {
		c->bad = true;
		*len = 0;
		return "";
	}
	c->p += n;
	*len = (size_t)n;
	return s;
}

/*
 * The fields of a record kind after its time delta, one letter each:
 * 'u' unsigned varint, 's' zigzag varint, 'S' string, 'a' a count then
 * typed values (RA_*), 'h' a count then that many (u bucket index, u label
 * string id, u count).  NULL for an unknown kind.
 */
const char *rec_kind_layout(unsigned kind);
/* The name of its i-th field (in layout order). */
const char *rec_kind_field(unsigned kind, int i);
/* Its name in exports ("sched_switch", "sys_enter", ...). */
const char *rec_kind_name(unsigned kind);

/* x86-64 system call names by number; NULL when unknown. */
const char *rec_syscall_name(uint64_t nr);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Value types, shared by sema (checking), codegen (layout) and the runtime
 * (printing values that come back from the kernel).  A type knows its size
 * and alignment in BPF memory; aggregate layouts are C-like (fields at their
 * natural alignment, size rounded to the largest alignment).
 */
#ifndef SONDE_TYPES_H
#define SONDE_TYPES_H

#include <stdbool.h>
#include <stdint.h>

enum type_kind {
	TY_NONE,	/* no value: statement-only calls */
	TY_INT,		/* size 1, 2, 4 or 8; is_signed */
	TY_BOOL,	/* one byte, prints true/false */
	TY_STR,		/* NUL-terminated bytes, capacity size (incl. NUL) */
	TY_BUF,		/* struct { uint32 len; uint8 data[size - 4]; } */
	TY_TUPLE,	/* anonymous fields, printed (a, b) */
	TY_RECORD,	/* struct/union (name), printed { .f = v, ... } */
	TY_PTR,		/* pointer to elem (elem may be NULL for void *) */
	TY_ARRAY,	/* nelem elements of elem, printed [a,b,c] */
	TY_ENUM,	/* integer whose name comes from an enum (name) */
	TY_CTX,		/* the probe context (args record of a tracepoint);
			 * fields describe the record */
	TY_PROBE,	/* uint64 probe index -> "tracepoint:a:b" */
	TY_USERNAME,	/* uint64 uid printed as a user name */
	TY_TIMESTAMP,	/* nsecs, printed by strftime */
	TY_KSTACK,	/* stack ids and symbol types: the stacks issue */
	TY_USTACK,
	TY_KSYM,
	TY_USYM,
	TY_INET,	/* ntop(): struct { uint64 af; uint8 addr[16]; } */
	TY_MACADDR,
	TY_CGROUP_PATH,
	TY_STRERROR,
	TY_KIND_COUNT
};

/* Where a pointer points: chooses probe_read_user vs probe_read_kernel. */
enum addrspace { AS_NONE, AS_KERNEL, AS_USER };

struct type;

/* One enumerator of a TY_ENUM (from BTF): prints by name. */
struct enum_value {
	char *name;
	int64_t value;
};

struct field {
	char *name;		/* NULL for tuple members */
	struct type *type;
	uint32_t offset;	/* bytes from the start of the aggregate */
	uint16_t bit_offset;	/* bitfields: bit position within offset..+size */
	uint16_t bit_size;	/* 0 when not a bitfield */
	bool data_loc;		/* tracepoint __data_loc field (u32 off | len<<16) */
};

struct type {
	enum type_kind kind;
	uint32_t size;
	uint32_t align;
	bool is_signed;
	enum addrspace as;	/* TY_PTR, TY_STR read from memory */
	struct type *elem;	/* TY_PTR, TY_ARRAY */
	uint32_t nelem;		/* TY_ARRAY */
	struct field *fields;	/* TY_TUPLE, TY_RECORD, TY_CTX */
	int nfields;
	char *name;		/* TY_RECORD "struct foo", TY_ENUM "enum bar" */
	int btf_id;		/* BTF type id when the type comes from BTF, else 0 */
	bool is_union;
	bool trunc_mark;	/* TY_STR read by str(): a value that fills the capacity
				 * was cut short and prints with a trailer ("..") */
	bool no_nul;		/* TY_STR of a char array: its characters may fill it
				 * with no NUL after them (char s[5] holding "hello") */
	int stack_mode;		/* TY_KSTACK/TY_USTACK: enum stack_mode;
				 * TY_KSYM/TY_USYM: enum sym_style */
	int stack_limit;	/* TY_KSTACK/TY_USTACK: frames to print */
	struct enum_value *enumvals;	/* TY_ENUM: its enumerators, may be NULL */
	int nenumvals;
};

/*
 * Constructors return types owned by a global table freed by
 * types_free_all(); types are never mutated once built, so they may be
 * shared freely between nodes, maps and events.
 */
struct type *type_none(void);
struct type *type_int(int size, bool is_signed);
struct type *type_float(uint32_t size);
struct type *type_bool(void);
struct type *type_str(uint32_t size);
/* What str() reads into: one byte more than max_strlen, so that a value
 * that fills it is known to be cut (see trunc_mark). */
struct type *type_str_read(uint32_t size);
/* A char array read as a string: all `size` bytes may be characters. */
struct type *type_str_chars(uint32_t size);
struct type *type_buf(uint32_t size);
struct type *type_ptr(struct type *elem, enum addrspace as);
struct type *type_array(struct type *elem, uint32_t nelem);
struct type *type_special(enum type_kind kind);
/*
 * kstack/ustack values.  In BPF memory a kstack is { u64 stackid } and a
 * ustack { u64 stackid; u64 pid } (stackid 0: the kernel could not take
 * the stack).  The ids are hashes of the frames, the keys of the program's
 * IMAP_STACKS hash map.
 */
enum stack_mode { STACK_MODE_BPFTRACE, STACK_MODE_PERF, STACK_MODE_RAW, STACK_MODE_BUILD_ID,
	/*
	 * D's layout (the D front end's dt.stack(), never a mode name of the
	 * language): "module`func+0xoff" frames, each after
	 * mode - STACK_MODE_DTRACE spaces
	 */
	STACK_MODE_DTRACE };
struct type *type_stack(enum type_kind kind, int mode, int limit);
/*
 * How a ksym/usym value prints: bpftrace's "func" (SYM_PLAIN), or as the
 * D front end's func()/ufunc() ("module`func"), mod()/umod() ("module")
 * and uaddr()/printf's %a ("module`func+0xoff").
 */
enum sym_style { SYM_PLAIN, SYM_D_FUNC, SYM_D_MOD, SYM_D_ADDR };
struct type *type_sym(enum type_kind kind, enum sym_style style);
/* strftime(fmt, nsecs): a u64 CLOCK_MONOTONIC time printed with fmt (its name). */
struct type *type_timestamp(const char *fmt);
struct type *type_cgroup_path(const char *filter);	/* filter: a hierarchy wildcard or NULL */	/* TY_PROBE, TY_USERNAME, ... */
/* Lays the members out; copies the array. */
struct type *type_tuple(struct type *const *members, int n);
/* A record literal (a=1, b="x"): a tuple whose members have names (copied). */
struct type *type_named_tuple(struct type *const *members, const char *const *names, int n);
/* The member names of a tuple type (NULL for a plain tuple); for rebuilding it. */
const char **type_tuple_names(const struct type *t);
struct type *type_record(const char *name, struct field *fields, int nfields,
			 uint32_t size, bool is_union);
/*
 * Fill in a record made with no fields: the one exception to "never
 * mutated", for a C struct whose members point to itself (struct node {
 * struct node *next; }), which needs the type before its layout.
 */
void type_record_complete(struct type *t, const struct field *fields, int nfields,
			  uint32_t size, uint32_t align);
/* A named enum of size bytes; copies vals (names included). */
struct type *type_enum(const char *name, int size, bool is_signed,
		       const struct enum_value *vals, int n);
/* The enumerator of an enum type with this value, or NULL. */
const char *type_enum_name(const struct type *t, int64_t value);
/*
 * A 1-byte integer named "char": equal to int8/uint8 for type_equal(), but
 * lets printers and sema tell char arrays (strings) from byte arrays.
 */
struct type *type_char(bool is_signed);
bool type_is_char_array(const struct type *t);
void types_free_all(void);
/* How many times types_free_all() ran: a cache of built types (keyed by
 * something else than the types) is stale once this has moved. */
unsigned types_generation(void);

bool type_equal(const struct type *a, const struct type *b);
bool type_is_int(const struct type *t);	/* TY_INT, TY_BOOL, TY_ENUM and int-like specials */
/* bpftrace's spelling: "int64", "uint8", "string[16]", "(int64,string[16])" */
char *type_name(const struct type *t);
/* The same name, owned by the type table (freed by types_free_all()). */
const char *type_msg(const struct type *t);

#endif

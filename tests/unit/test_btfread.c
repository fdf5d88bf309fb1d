// SPDX-License-Identifier: GPL-2.0
/*
 * The BTF reader: a small BTF built here (and a split BTF on top of it),
 * every kind of bad header, truncated and corrupted copies (an error or a
 * consistent reader, never a crash), the file paths (mapped, and read
 * from a pipe), and the live vmlinux BTF cross-checked against libbpf.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "btf/btfread.h"
#include "test.h"
#include "util.h"

/* ---- a BTF blob builder ---- */

/* The encodings of Documentation/bpf/btf.rst. */
static uint32_t info_enc(int kind, bool kflag, int vlen)
{
	return (uint32_t)kflag << 31 | (uint32_t)kind << 24 | vlen;
}

static uint32_t int_enc(uint32_t encoding, uint32_t offset, uint32_t bits)
{
	return encoding << 24 | offset << 16 | bits;
}

/* A member's offset in a kind_flag record: bitfield size and bit offset. */
static uint32_t member_enc(uint32_t bitfield_size, uint32_t bit_offset)
{
	return bitfield_size << 24 | bit_offset;
}

struct blob {
	uint32_t types[256];	/* words of the types section */
	int ntypes_words;
	char strs[512];
	int strs_len;
	uint32_t str_base;	/* split BTF: the base's string length */
};

static void blob_init(struct blob *b, bool split, uint32_t str_base)
{
	memset(b, 0, sizeof(*b));
	b->str_base = str_base;
	b->strs_len = split ? 0 : 1;	/* the base starts with "" */
}

/* A string's offset as the types see it. */
static uint32_t str(struct blob *b, const char *s)
{
	uint32_t off = b->strs_len;

	memcpy(b->strs + off, s, strlen(s) + 1);
	b->strs_len += strlen(s) + 1;
	return b->str_base + off;
}

static void word(struct blob *b, uint32_t w)
{
	b->types[b->ntypes_words++] = w;
}

static void type(struct blob *b, uint32_t name_off, int kind, int vlen, bool kflag,
		 uint32_t size_or_type)
{
	word(b, name_off);
	word(b, info_enc(kind, kflag, vlen));
	word(b, size_or_type);
}

/* Header, types, strings into buf (8-byte aligned storage); the size. */
static size_t blob_bytes(const struct blob *b, uint64_t *buf)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = b->ntypes_words * 4,
		.str_off = b->ntypes_words * 4, .str_len = b->strs_len,
	};
	char *p = (char *)buf;

	memcpy(p, &h, sizeof(h));
	memcpy(p + sizeof(h), b->types, h.type_len);
	memcpy(p + sizeof(h) + h.type_len, b->strs, h.str_len);
	return sizeof(h) + h.type_len + h.str_len;
}

/*
 * The base:  1 int, 2 int *, 3 typedef myint, 4 const myint, 5 int[10],
 * 6 struct pair { int a; int b:3; }, 7 proto int (int *x), 8 func f,
 * 9 typedef pair, 10 struct pair (a second one), 11 enum color.
 */
static void build_base(struct blob *b)
{
	blob_init(b, false, 0);
	type(b, str(b, "int"), BTF_KIND_INT, 0, false, 4);
	word(b, int_enc(BTF_INT_SIGNED, 0, 32));
	type(b, 0, BTF_KIND_PTR, 0, false, 1);
	type(b, str(b, "myint"), BTF_KIND_TYPEDEF, 0, false, 1);
	type(b, 0, BTF_KIND_CONST, 0, false, 3);
	type(b, 0, BTF_KIND_ARRAY, 0, false, 0);
	word(b, 1), word(b, 1), word(b, 10);
	type(b, str(b, "pair"), BTF_KIND_STRUCT, 2, true, 8);
	word(b, str(b, "a")), word(b, 1), word(b, 0);
	word(b, str(b, "b")), word(b, 1), word(b, member_enc(3, 32));
	type(b, 0, BTF_KIND_FUNC_PROTO, 1, false, 1);
	word(b, str(b, "x")), word(b, 2);
	type(b, str(b, "f"), BTF_KIND_FUNC, 0, false, 7);
	type(b, str(b, "pair"), BTF_KIND_TYPEDEF, 0, false, 6);
	type(b, 10, BTF_KIND_STRUCT, 0, false, 16);	/* "pair" again, same offset */
	type(b, str(b, "color"), BTF_KIND_ENUM, 2, false, 4);
	word(b, str(b, "RED")), word(b, 0);
	word(b, str(b, "BLUE")), word(b, 7);
}

static struct blob base_blob;
static uint64_t base_buf[256];
static size_t base_size;
static struct btfr *base;

static void test_base(void)
{
	const struct btf_type *t;
	char why[BTFR_WHY_LEN] = "";

	build_base(&base_blob);
	base_size = blob_bytes(&base_blob, base_buf);
	CHECK_INT(btfr_parse(base_buf, base_size, NULL, &base, why), 0);
	if (!base) {
		fprintf(stderr, "  %s\n", why);
		return;
	}
	CHECK_INT(btfr_count(base), 12);
	CHECK_INT(btfr_first(base), 1);
	CHECK(!btfr_mapped(base));
	CHECK(btfr_type(base, 0) == NULL);
	CHECK(btfr_type(base, 12) == NULL);
	CHECK_STR(btfr_type_name(base, 1), "int");
	CHECK_STR(btfr_type_name(base, 2), "");
	CHECK_STR(btfr_type_name(base, 500), "");
	CHECK_STR(btfr_name(base, 0), "");
	CHECK_STR(btfr_name(base, 100000), "");
	t = btfr_type(base, 6);
	CHECK(t && btf_is_struct(t) && btf_vlen(t) == 2);
	if (t) {
		CHECK_STR(btfr_name(base, btf_members(t)[1].name_off), "b");
		CHECK_INT(btf_member_bit_offset(t, 1), 32);
		CHECK_INT(btf_member_bitfield_size(t, 1), 3);
	}
	t = btfr_type(base, 11);
	CHECK(t && btf_is_enum(t) && btf_enum(t)[1].val == 7);
	CHECK_INT(btfr_find(base, "int", BTF_KIND_INT), 1);
	CHECK_INT(btfr_find(base, "pair", BTF_KIND_STRUCT), 6);	/* the lowest id */
	CHECK_INT(btfr_find(base, "pair", BTF_KIND_TYPEDEF), 9);
	CHECK_INT(btfr_find(base, "f", BTF_KIND_FUNC), 8);
	CHECK_INT(btfr_find(base, "f", BTF_KIND_STRUCT), -ENOENT);
	CHECK_INT(btfr_find(base, "nonesuch", BTF_KIND_INT), -ENOENT);
	CHECK_INT(btfr_find(base, "", BTF_KIND_PTR), -ENOENT);
	CHECK_INT(btfr_find(base, NULL, BTF_KIND_PTR), -ENOENT);
	CHECK_INT(btfr_find(base, "int", 0), -ENOENT);
	CHECK_INT(btfr_find(base, "int", 99), -ENOENT);
	CHECK_INT(btfr_skip_mods(base, 4), 1);
	CHECK_INT(btfr_skip_mods(base, 2), 2);
	CHECK_INT(btfr_resolve_size(base, 4), 4);
	CHECK_INT(btfr_resolve_size(base, 2), 8);
	CHECK_INT(btfr_resolve_size(base, 5), 40);
	CHECK_INT(btfr_resolve_size(base, 9), 8);
	CHECK_INT(btfr_resolve_size(base, 8), -EINVAL);	/* a function has no size */
	CHECK_INT(btfr_resolve_size(base, 0), -EINVAL);
	CHECK(btfr_mem(base) > 0 && btfr_mem(base) < 4096);
}

/* A module on top of the base: 12 struct mod_s { pair *p; }, 13 func f. */
static size_t build_split(uint64_t *buf)
{
	struct blob b;

	blob_init(&b, true, base_blob.strs_len);
	type(&b, str(&b, "mod_s"), BTF_KIND_STRUCT, 1, false, 8);
	word(&b, str(&b, "p")), word(&b, 14), word(&b, 0);
	type(&b, str(&b, "f"), BTF_KIND_FUNC, 0, false, 7);
	type(&b, 0, BTF_KIND_PTR, 0, false, 6);
	return blob_bytes(&b, buf);
}

static void test_split(void)
{
	uint64_t buf[64];
	size_t size = build_split(buf);
	struct btfr *mod = NULL;
	const struct btf_type *t;

	if (!base)
		return;
	CHECK_INT(btfr_parse(buf, size, base, &mod, NULL), 0);
	if (!mod)
		return;
	CHECK_INT(btfr_first(mod), 12);
	CHECK_INT(btfr_count(mod), 15);
	CHECK_STR(btfr_type_name(mod, 1), "int");	/* the base's, through the module */
	CHECK_STR(btfr_type_name(mod, 12), "mod_s");
	t = btfr_type(mod, 12);
	CHECK(t && btf_is_struct(t));
	if (t)
		CHECK_STR(btfr_name(mod, btf_members(t)[0].name_off), "p");
	CHECK_INT(btfr_find(mod, "mod_s", BTF_KIND_STRUCT), 12);
	CHECK_INT(btfr_find(mod, "pair", BTF_KIND_STRUCT), 6);
	CHECK_INT(btfr_find(mod, "f", BTF_KIND_FUNC), 8);	/* the base's comes first */
	CHECK_INT(btfr_find(base, "mod_s", BTF_KIND_STRUCT), -ENOENT);
	CHECK_INT(btfr_resolve_size(mod, 12), 8);
	CHECK_INT(btfr_resolve_size(mod, 14), 8);
	CHECK_INT(btfr_skip_mods(mod, 14), 14);
	CHECK(btfr_type(mod, 15) == NULL);
	btfr_free(mod);
}

/* ---- bad data ---- */

struct header_case {
	const char *what;
	size_t field;		/* byte offset in the header */
	int width;		/* 1, 2 or 4 */
	uint32_t value;
	const char *why;	/* expected in the reason */
};

static const struct header_case header_cases[] = {
	{ "magic", 0, 2, 0x1234, "magic" },
	{ "swapped magic", 0, 2, 0x9FEB, "byte order" },
	{ "version", 2, 1, 2, "version" },
	{ "short hdr_len", 4, 4, 8, "header length" },
	{ "huge hdr_len", 4, 4, 1 << 30, "header length" },
	{ "type_off", 8, 4, 1 << 20, "types section" },
	{ "type_len", 12, 4, 0xfffffff0, "types section" },
	{ "str_off", 16, 4, 0xffffff00, "strings section" },
	{ "str_len", 20, 4, 1 << 20, "strings section" },
	{ "misaligned types", 8, 4, 2, "aligned" },
};

static void set_field(uint64_t *buf, size_t at, int width, uint32_t value)
{
	uint8_t *p = (uint8_t *)buf + at;

	if (width == 1)
		*p = value;
	else if (width == 2)
		memcpy(p, &(uint16_t){ value }, 2);
	else
		memcpy(p, &value, 4);
}

static void test_bad_headers(void)
{
	uint64_t buf[256];
	char why[BTFR_WHY_LEN];
	struct btfr *b = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(header_cases); i++) {
		const struct header_case *c = &header_cases[i];

		memcpy(buf, base_buf, base_size);
		set_field(buf, c->field, c->width, c->value);
		why[0] = 0;
		CHECK_INT(btfr_parse(buf, base_size, NULL, &b, why), -EINVAL);
		if (!strstr(why, c->why))
			fprintf(stderr, "  %s: reason [%s]\n", c->what, why);
		CHECK(strstr(why, c->why) != NULL);
	}
	/* Strings must start with "" (in a base) and end with NUL. */
	memcpy(buf, base_buf, base_size);
	((char *)buf)[base_size - 1] = 'x';
	CHECK_INT(btfr_parse(buf, base_size, NULL, &b, why), -EINVAL);
	CHECK(strstr(why, "end with NUL") != NULL);
	memcpy(buf, base_buf, base_size);
	((char *)buf)[sizeof(struct btf_header) + base_blob.ntypes_words * 4] = 'x';
	CHECK_INT(btfr_parse(buf, base_size, NULL, &b, why), -EINVAL);
	/* A kind the reader does not know, and a tail past the section. */
	memcpy(buf, base_buf, base_size);
	((uint32_t *)buf)[6 + 1] = info_enc(31, 0, 0);
	CHECK_INT(btfr_parse(buf, base_size, NULL, &b, why), -EINVAL);
	CHECK(strstr(why, "bad BTF type 1") != NULL);
	memcpy(buf, base_buf, base_size);
	((uint32_t *)buf)[6 + 1] = info_enc(BTF_KIND_STRUCT, 0, 60000);
	CHECK_INT(btfr_parse(buf, base_size, NULL, &b, why), -EINVAL);
	/* Unaligned data and no data at all. */
	CHECK_INT(btfr_parse((char *)base_buf + 1, base_size - 1, NULL, &b, why), -EINVAL);
	CHECK_INT(btfr_parse(base_buf, 0, NULL, &b, NULL), -EINVAL);
}

/* Every query over every id of a BTF that parsed: must not crash. */
static unsigned long exercise(const struct btfr *b)
{
	unsigned long sum = 0;

	for (uint32_t id = 0; id <= btfr_count(b) + 1; id++) {
		const struct btf_type *t = btfr_type(b, id);
		const char *name = btfr_type_name(b, id);

		sum += strlen(name) + btfr_skip_mods(b, id) + btfr_resolve_size(b, id);
		if (*name)
			sum += btfr_find(b, name, t ? (int)btf_kind(t) : BTF_KIND_INT);
		if (t && (btf_is_composite(t) || btf_is_func_proto(t) || btf_is_enum(t)))
			for (int i = 0; i < btf_vlen(t); i++)
				sum += strlen(btfr_name(b, ((const uint32_t *)(t + 1))[i *
						   (btf_is_enum(t) ? 2 : btf_is_func_proto(t) ? 2 : 3)]));
	}
	return sum;
}

static void test_truncated(void)
{
	uint64_t buf[256];
	int ok = 0;

	for (size_t len = 0; len < base_size; len++) {
		struct btfr *b = NULL;

		memcpy(buf, base_buf, len);
		if (btfr_parse(buf, len, NULL, &b, NULL) == 0) {
			exercise(b);
			btfr_free(b);
			ok++;
		}
	}
	/* The header still claims the full sections: every cut is refused. */
	CHECK_INT(ok, 0);
}

/* Random corruption with a fixed seed: an error, or queries that stay inside. */
static void test_corrupted(void)
{
	uint64_t buf[256], split_buf[64];
	size_t split_size = build_split(split_buf);
	unsigned int seed = 12345;
	int parsed = 0, refused = 0;

	for (int round = 0; round < 20000; round++) {
		struct btfr *b = NULL, *mod = NULL;
		int flips = 1 + rand_r(&seed) % 4;

		memcpy(buf, base_buf, base_size);
		for (int i = 0; i < flips; i++)
			((uint8_t *)buf)[rand_r(&seed) % base_size] ^= 1 << (rand_r(&seed) % 8);
		if (btfr_parse(buf, base_size, NULL, &b, NULL)) {
			refused++;
			continue;
		}
		parsed++;
		exercise(b);
		if (btfr_parse(split_buf, split_size, b, &mod, NULL) == 0) {
			exercise(mod);
			btfr_free(mod);
		}
		btfr_free(b);
	}
	CHECK(parsed > 0 && refused > 0);
}

/* ---- files ---- */

static void test_files(void)
{
	char path[] = "/tmp/sonde-btfread-XXXXXX", proc[64];
	struct btfr *b = NULL;
	char why[BTFR_WHY_LEN];
	int fd = mkstemp(path), pipefd[2];
	pid_t child;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(write(fd, base_buf, base_size), (long long)base_size);
	close(fd);
	CHECK_INT(btfr_open(path, NULL, &b, why), 0);
	CHECK(btfr_mapped(b));
	CHECK_INT(btfr_find(b, "pair", BTF_KIND_TYPEDEF), 9);
	btfr_free(b);
	unlink(path);
	CHECK_INT(btfr_open(path, NULL, &b, why), -ENOENT);
	CHECK(strstr(why, path) != NULL);

	/* A pipe cannot be mapped: read once into a buffer. */
	CHECK_INT(pipe(pipefd), 0);
	child = fork();
	if (child == 0) {
		close(pipefd[0]);
		_exit(write(pipefd[1], base_buf, base_size) == (ssize_t)base_size ? 0 : 1);
	}
	close(pipefd[1]);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pipefd[0]);
	b = NULL;
	CHECK_INT(btfr_open(proc, NULL, &b, why), 0);
	CHECK(b && !btfr_mapped(b));
	CHECK_INT(btfr_find(b, "color", BTF_KIND_ENUM), 11);
	btfr_free(b);
	close(pipefd[0]);
	waitpid(child, NULL, 0);
}

/* ---- the running kernel ---- */

static long vm_hwm_kib(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");
	long kib = -1;

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kib = atol(line + 6);
	if (f)
		fclose(f);
	return kib;
}

/* Name, kind and size of every type as libbpf sees them. */
static void compare_with_libbpf(const struct btfr *k)
{
	struct btf *ref = btf__load_vmlinux_btf();
	int bad = 0;

	CHECK(ref != NULL);
	if (!ref)
		return;
	CHECK_INT(btfr_count(k), btf__type_cnt(ref));
	for (uint32_t id = 1; id < btf__type_cnt(ref) && bad < 5; id++) {
		const struct btf_type *a = btfr_type(k, id), *b = btf__type_by_id(ref, id);
		const char *an = btfr_type_name(k, id), *bn = btf__name_by_offset(ref, b->name_off);

		if (!a || memcmp(a, b, sizeof(*a)) || strcmp(an, bn ? bn : "") ||
		    (btf_is_composite(b) && btfr_resolve_size(k, id) != btf__resolve_size(ref, id))) {
			fprintf(stderr, "  type %u differs from libbpf's\n", id);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(btfr_find(k, "task_struct", BTF_KIND_STRUCT),
		  btf__find_by_name_kind(ref, "task_struct", BTF_KIND_STRUCT));
	CHECK_INT(btfr_find(k, "vfs_read", BTF_KIND_FUNC),
		  btf__find_by_name_kind(ref, "vfs_read", BTF_KIND_FUNC));
	CHECK_INT(btfr_find(k, "pid_t", BTF_KIND_TYPEDEF),
		  btf__find_by_name_kind(ref, "pid_t", BTF_KIND_TYPEDEF));
	btf__free(ref);
}

static void test_kernel(void)
{
	const struct btfr *k;
	long before = vm_hwm_kib(), after;
	unsigned long sum = 0;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		TEST_SKIP("test_btfread", "kernel part: no /sys/kernel/btf/vmlinux");
		return;
	}
	k = btfr_kernel(NULL);
	CHECK(k != NULL);
	if (!k)
		return;
	CHECK(btfr_kernel("vmlinux") == k);
	CHECK(btfr_kernel(NULL) == k);
	CHECK(btfr_kernel("../vmlinux") == NULL);	/* names stay in /sys/kernel/btf */
	CHECK(btfr_kernel("sonde_no_such_module") == NULL);
	CHECK(btfr_count(k) > 1000);
	CHECK(btfr_find(k, "task_struct", BTF_KIND_STRUCT) > 0);
	CHECK(btfr_find(k, "vfs_read", BTF_KIND_FUNC) > 0);
	/* Touch every type and name: the data costs no heap. */
	for (uint32_t id = 1; id < btfr_count(k); id++)
		sum += strlen(btfr_type_name(k, id)) + btfr_type(k, id)->info;
	CHECK(sum > 0);
	after = vm_hwm_kib();
	printf("test_btfread: vmlinux %u types, %s, reader heap %zu KiB, peak RSS +%ld KiB\n",
	       btfr_count(k), btfr_mapped(k) ? "mapped" : "read", btfr_mem(k) / 1024,
	       after - before);
	/* An offset per type and two name tables: well under 2 MiB for vmlinux. */
	CHECK(btfr_mem(k) < 2u << 20);
	if (btfr_mapped(k))
		CHECK(after - before < 4096);
	compare_with_libbpf(k);
	btfr_kernel_free();
}

int main(void)
{
	test_base();
	test_split();
	test_bad_headers();
	test_truncated();
	test_corrupted();
	test_files();
	test_kernel();
	btfr_free(base);
	return test_done("test_btfread");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Reading, clearing and zeroing user maps through the map fds.  Key-less
 * aggregations are per-CPU arrays (index 0, or one index per bucket);
 * keyed ones per-CPU hashes, hist/lhist keyed by { key; u64 bucket }.
 */
#include "runtime/maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "runtime/tseries.h"
#include "runtime/umaps.h"
#include "util.h"

struct map_entry *map_entries_add(struct map_entries *es, const struct mapinfo *m,
				  const void *key, const void *value)
{
	struct map_entry e = { 0 };

	if (key && m->key) {
		e.key = xmalloc(m->key->size);
		memcpy(e.key, key, m->key->size);
	}
	if (value && m->value && m->agg == AGG_NONE) {
		e.value = xmalloc(m->value->size);
		memcpy(e.value, value, m->value->size);
	}
	if (m->agg == AGG_HIST || m->agg == AGG_LHIST)
		e.buckets = xcalloc(m->nbuckets > 0 ? m->nbuckets : 1, sizeof(uint64_t));
	else if (m->agg == AGG_TSERIES) {	/* epoch, value per slot */
		e.buckets = xcalloc(m->nbuckets > 0 ? 2 * m->nbuckets : 1, sizeof(uint64_t));
		for (int i = 0; i < m->nbuckets; i++)
			e.buckets[2 * i] = TSERIES_ABSENT;
	}
	vec_push(es, e);
	return &es->v[es->n - 1];
}

void map_entries_free(struct map_entries *es)
{
	for (int i = 0; i < es->n; i++) {
		free(es->v[i].key);
		free(es->v[i].value);
		free(es->v[i].buckets);
	}
	vec_free(es);
}

static bool is_percpu(enum bpf_map_type t)
{
	return t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_array(enum bpf_map_type t)
{
	return t == BPF_MAP_TYPE_ARRAY || t == BPF_MAP_TYPE_PERCPU_ARRAY;
}

/* How one map is laid out in the kernel. */
struct layout {
	int fd;
	uint32_t key_size, value_size;
	int ncpus;		/* values per lookup (1 unless per-CPU) */
	size_t stride;		/* bytes between the values of two CPUs */
	bool array;
};

/* The layout of prog->maps.v[spec], one of m's kernel maps. */
static int layout_of_spec(const struct program *prog, const struct mapinfo *m, int spec,
			  int ncpus, struct layout *l)
{
	const struct map_spec *s;

	if (spec < 0 || spec >= prog->maps.n)
		return -EINVAL;
	s = &prog->maps.v[spec];
	if (s->fd < 0)
		return -EBADF;
	l->fd = s->fd;
	l->key_size = s->key_size;
	l->value_size = s->value_size;
	l->array = is_array(s->type);
	l->ncpus = is_percpu(s->type) ? (ncpus > 0 ? ncpus : 1) : 1;
	l->stride = is_percpu(s->type) ? ALIGN_UP(s->value_size, 8) : s->value_size;
	if (m->key && !l->array && m->key->size > l->key_size && spec == m->spec)
		return -EINVAL;
	return 0;
}

static int layout_of(const struct program *prog, const struct mapinfo *m, int ncpus,
		     struct layout *l)
{
	return layout_of_spec(prog, m, m->spec, ncpus, l);
}

/* The kernel map of tier t (-1: the full map). */
static int tier_spec(const struct mapinfo *m, int t)
{
	return t < 0 ? m->spec : m->tier_spec[t];
}

static int64_t cpu_s64(const uint8_t *v, int word)
{
	int64_t x;

	memcpy(&x, v + word * 8, 8);
	return x;
}

/* Fold the per-CPU values of one aggregation entry into e. */
static void combine(const struct mapinfo *m, struct map_entry *e, const uint8_t *buf,
		    const struct layout *l)
{
	for (int cpu = 0; cpu < l->ncpus; cpu++) {
		const uint8_t *v = buf + cpu * l->stride;

		switch (m->agg) {
		case AGG_COUNT:
			e->count += (uint64_t)cpu_s64(v, 0);
			break;
		case AGG_SUM:
		case AGG_AVG:
		case AGG_STATS:
			e->num += cpu_s64(v, 0);
			e->count += (uint64_t)cpu_s64(v, 1);
			break;
		case AGG_MIN:
		case AGG_MAX:
			if (!cpu_s64(v, 1))
				break;
			if (!e->count || (m->agg == AGG_MIN ? cpu_s64(v, 0) < e->num :
					  cpu_s64(v, 0) > e->num))
				e->num = cpu_s64(v, 0);
			e->count = 1;
			break;
		default:
			break;
		}
	}
}

static uint64_t sum_cpus_word(const uint8_t *buf, const struct layout *l, int word)
{
	uint64_t total = 0;

	for (int cpu = 0; cpu < l->ncpus; cpu++)
		total += (uint64_t)cpu_s64(buf + cpu * l->stride, word);
	return total;
}

static uint64_t sum_cpus(const uint8_t *buf, const struct layout *l)
{
	return sum_cpus_word(buf, l, 0);
}

/* cfg.hist_sums: a bucket's value is { count; sum }: the sums go to e->num. */
static void add_hist_sum(struct map_entry *e, const uint8_t *buf, const struct layout *l)
{
	if (l->value_size >= 16)
		e->num += (int64_t)sum_cpus_word(buf, l, 1);
}

/* One tseries slot, its CPUs combined, into e's slot'th (epoch, value). */
static void tseries_slot(const struct mapinfo *m, struct map_entry *e, uint64_t slot,
			 const uint8_t *buf, const struct layout *l)
{
	uint64_t epoch;
	int64_t value;

	if (slot >= (uint64_t)m->nbuckets)
		return;
	tseries_reduce(m, buf, l->ncpus, l->stride, &epoch, &value);
	/* an array slot always exists: unwritten (epoch 0) is absent; a hash
	 * slot was written, perhaps in interval 0, as bpftrace counts it */
	if (l->array && !epoch)
		return;
	e->buckets[2 * slot] = epoch;
	e->buckets[2 * slot + 1] = (uint64_t)value;
}

static bool entry_is_set(const struct mapinfo *m, const struct map_entry *e)
{
	if (m->agg == AGG_TSERIES) {
		for (int i = 0; i < m->nbuckets; i++)
			if (e->buckets[2 * i] != TSERIES_ABSENT)
				return true;
		return false;
	}
	if (m->agg == AGG_HIST || m->agg == AGG_LHIST) {
		for (int i = 0; i < m->nbuckets; i++)
			if (e->buckets[i])
				return true;
		return false;
	}
	return e->count != 0;
}

static int read_keyless(const struct mapinfo *m, const struct layout *l, uint8_t *buf,
			struct map_entries *out)
{
	bool hist = m->agg == AGG_HIST || m->agg == AGG_LHIST;
	struct map_entry *e = map_entries_add(out, m, NULL, NULL);
	int n = hist || m->agg == AGG_TSERIES ? m->nbuckets : 1;

	for (uint32_t idx = 0; idx < (uint32_t)n; idx++) {
		if (bpf_map_lookup_elem(l->fd, &idx, buf))
			return -errno;
		if (m->agg == AGG_TSERIES) {
			tseries_slot(m, e, idx, buf, l);
		} else if (hist) {
			e->buckets[idx] = sum_cpus(buf, l);
			add_hist_sum(e, buf, l);
		} else
			combine(m, e, buf, l);
	}
	if (!entry_is_set(m, e) && !m->zeroed) {
		/* Never written (or cleared): nothing to print. */
		free(e->buckets);
		out->n--;
	}
	return 0;
}

/* Every key of a hash map, key_size bytes each. */
static int collect_keys(const struct layout *l, uint8_t **keys, size_t *nkeys)
{
	size_t cap = 64, n = 0;
	uint8_t *k = xmalloc(cap * l->key_size);
	void *prev = NULL;

	while (!bpf_map_get_next_key(l->fd, prev, k + n * l->key_size)) {
		prev = k + n * l->key_size;
		if (++n == cap) {
			cap *= 2;
			k = xrealloc(k, cap * l->key_size);
			prev = k + (n - 1) * l->key_size;
		}
	}
	*keys = k;
	*nkeys = n;
	return 0;
}

/*
 * The entries of one kernel map of m; a key tier's shorter keys are
 * widened to full_size (the rest of the string is NULs).
 */
static int read_keyed(const struct mapinfo *m, const struct layout *l, uint32_t full_size,
		      uint8_t *buf, struct map_entries *out)
{
	uint8_t *keys, *wide = xcalloc(1, MAX(full_size, l->key_size));
	size_t nkeys;

	collect_keys(l, &keys, &nkeys);
	for (size_t i = 0; i < nkeys; i++) {
		const uint8_t *k = keys + i * l->key_size;
		struct map_entry *e;

		if (bpf_map_lookup_elem(l->fd, k, buf))
			continue;	/* deleted meanwhile */
		memcpy(wide, k, l->key_size);
		e = map_entries_add(out, m, wide, m->agg == AGG_NONE ? buf : NULL);
		combine(m, e, buf, l);
	}
	free(keys);
	free(wide);
	return 0;
}

static int read_tiers(const struct program *prog, const struct mapinfo *m, int ncpus,
		      const struct layout *full, uint8_t *buf, struct map_entries *out)
{
	struct layout l;
	int err = read_keyed(m, full, full->key_size, buf, out);

	for (int t = 0; t < m->ntiers && !err; t++) {
		err = layout_of_spec(prog, m, tier_spec(m, t), ncpus, &l);
		if (!err)
			err = read_keyed(m, &l, full->key_size, buf, out);
	}
	return err;
}

static int cmp_hist_keys(const void *a, const void *b, void *key_size)
{
	return memcmp(a, b, *(uint32_t *)key_size);
}

/* hist/lhist/tseries keyed by { key; u64 bucket }: group the buckets of each key. */
static int read_keyed_hist(const struct mapinfo *m, const struct layout *l, uint8_t *buf,
			   struct map_entries *out)
{
	size_t ksize = m->key->size, nkeys;
	uint8_t *keys;
	struct map_entry *e = NULL;

	if (l->key_size < ksize + 8)
		return -EINVAL;
	collect_keys(l, &keys, &nkeys);
	/* Sorted by key bytes, the buckets of one key come together. */
	qsort_r(keys, nkeys, l->key_size, cmp_hist_keys, (void *)&l->key_size);
	for (size_t i = 0; i < nkeys; i++) {
		const uint8_t *k = keys + i * l->key_size;
		uint64_t bucket;

		if (bpf_map_lookup_elem(l->fd, k, buf))
			continue;
		if (!e || memcmp(e->key, k, ksize))
			e = map_entries_add(out, m, k, NULL);
		memcpy(&bucket, k + l->key_size - 8, 8);
		if (m->agg == AGG_TSERIES) {
			tseries_slot(m, e, bucket, buf, l);
		} else if (bucket < (uint64_t)m->nbuckets) {
			e->buckets[bucket] += sum_cpus(buf, l);
			add_hist_sum(e, buf, l);
		}
	}
	free(keys);
	return 0;
}

int maps_read(const struct program *prog, const struct mapinfo *m, int ncpus,
	      struct map_entries *out)
{
	struct layout l;
	uint8_t *buf;
	int err;

	if (m->uagg)
		return umap_read(m, out);
	err = layout_of(prog, m, ncpus, &l);
	if (err)
		return err;
	buf = xcalloc(l.ncpus, l.stride ? l.stride : 8);
	if (l.array)
		err = read_keyless(m, &l, buf, out);
	else if (m->agg == AGG_HIST || m->agg == AGG_LHIST || m->agg == AGG_TSERIES)
		err = read_keyed_hist(m, &l, buf, out);
	else
		err = read_tiers(prog, m, ncpus, &l, buf, out);
	free(buf);
	return err;
}

static int possible_cpus(void)
{
	int n = libbpf_num_possible_cpus();

	return n > 0 ? n : 1;
}

/* Arrays cannot lose entries: both clear and zero write zeros. */
static int zero_array(const struct program *prog, const struct layout *l)
{
	const struct map_spec *s;
	uint8_t *zero = xcalloc(l->ncpus, l->stride ? l->stride : 8);
	int err = 0;

	for (int i = 0; i < prog->maps.n; i++) {
		s = &prog->maps.v[i];
		if (s->fd != l->fd)
			continue;
		for (uint32_t idx = 0; idx < s->max_entries && !err; idx++)
			if (bpf_map_update_elem(l->fd, &idx, zero, BPF_ANY))
				err = -errno;
		break;
	}
	free(zero);
	return err;
}

static int each_key(const struct layout *l, bool delete)
{
	uint8_t *keys, *zero = xcalloc(l->ncpus, l->stride ? l->stride : 8);
	size_t nkeys;
	int err = 0;

	collect_keys(l, &keys, &nkeys);
	for (size_t i = 0; i < nkeys; i++) {
		const uint8_t *k = keys + i * l->key_size;
		int r = delete ? bpf_map_delete_elem(l->fd, k) :
				 bpf_map_update_elem(l->fd, k, zero, BPF_EXIST);

		if (r && errno != ENOENT && !err)
			err = -errno;
	}
	free(keys);
	free(zero);
	return err;
}

/* Delete (clear) or zero every key of m's kernel maps, its key tiers too. */
static int each_key_tiers(const struct program *prog, const struct mapinfo *m, bool delete)
{
	struct layout l;
	int err = 0;

	for (int t = -1; t < m->ntiers; t++) {
		int e = layout_of_spec(prog, m, tier_spec(m, t), possible_cpus(), &l);

		if (!e)
			e = each_key(&l, delete);
		if (e && !err)
			err = e;
	}
	return err;
}

/*
 * Delete one key of m (key: m->key->size bytes, as maps_read gives it):
 * from each key tier, where the key is its first key_size bytes (a string
 * too long for a tier was never stored there), and every bucket of a
 * histogram.
 */
int maps_delete_key(const struct program *prog, const struct mapinfo *m, const uint8_t *key)
{
	bool hist = m->agg == AGG_HIST || m->agg == AGG_LHIST;
	struct layout l;
	int err = 0;

	if (m->uagg || !m->key)
		return -EOPNOTSUPP;
	for (int t = -1; t < m->ntiers; t++) {
		uint8_t *k;
		int e = layout_of_spec(prog, m, tier_spec(m, t), possible_cpus(), &l);

		if (e || l.array || (hist && l.key_size < m->key->size + 8)) {
			err = e ? e : -EINVAL;
			continue;
		}
		k = xcalloc(1, l.key_size);
		memcpy(k, key, l.key_size < m->key->size ? l.key_size : m->key->size);
		for (uint64_t b = 0; b < (hist ? (uint64_t)m->nbuckets : 1); b++) {
			if (hist)
				memcpy(k + l.key_size - 8, &b, 8);
			if (bpf_map_delete_elem(l.fd, k) && errno != ENOENT && !err)
				err = -errno;
		}
		free(k);
	}
	return err;
}

static maps_reset_hook reset_hook;
static void *reset_hook_arg;

void maps_set_reset_hook(maps_reset_hook fn, void *arg)
{
	reset_hook = fn;
	reset_hook_arg = arg;
}

int maps_clear(const struct program *prog, const struct mapinfo *m)
{
	struct layout l;
	int err;

	if (reset_hook)
		reset_hook(prog, m, reset_hook_arg);
	if (m->uagg) {
		umap_clear((struct mapinfo *)m);
		return 0;
	}
	err = layout_of(prog, m, possible_cpus(), &l);
	if (err)
		return err;
	((struct mapinfo *)m)->zeroed = false;
	return l.array ? zero_array(prog, &l) : each_key_tiers(prog, m, true);
}

int maps_zero(const struct program *prog, const struct mapinfo *m)
{
	struct layout l;
	int err;

	if (reset_hook)
		reset_hook(prog, m, reset_hook_arg);
	if (m->uagg) {
		umap_zero((struct mapinfo *)m);
		return 0;
	}
	err = layout_of(prog, m, possible_cpus(), &l);
	if (err)
		return err;
	/*
	 * A zeroed key-less aggregation still exists: it prints as 0, a
	 * histogram as its name alone (JSON: an empty list), as in bpftrace.
	 */
	if (l.array)
		((struct mapinfo *)m)->zeroed = true;
	return l.array ? zero_array(prog, &l) : each_key_tiers(prog, m, false);
}

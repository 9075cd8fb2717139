/* SPDX-License-Identifier: MIT */
/*
 * symtab.c - the native symbol table: Breakpad's storage rules on
 * compact sorted arrays, and its lookups (BasicSourceLineResolver).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/model/symtab_int.h"

/* ---- growable arrays ---- */

static int grow(void **v, size_t *cap, size_t need, size_t elem)
{
	size_t nc;
	void *nv;

	if (need <= *cap)
		return SYM_OK;
	nc = *cap ? *cap * 2 : 16;
	if (nc < need)
		nc = need;
	nv = sym_reallocarray(*v, nc, elem);
	if (!nv)
		return SYM_ENOMEM;
	*v = nv;
	*cap = nc;
	return SYM_OK;
}

int sym_recs_push(struct sym_recs *r, uint64_t addr, uint64_t size,
		  uint64_t off)
{
	if (grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
		return SYM_ENOMEM;
	r->v[r->n].addr = addr;
	r->v[r->n].size = size;
	r->v[r->n].off = off;
	r->n++;
	return SYM_OK;
}

int sym_names_push(struct sym_names *r, int32_t id, uint64_t off,
		   size_t len)
{
	if (grow((void **)&r->v, &r->cap, r->n + 1, sizeof(*r->v)))
		return SYM_ENOMEM;
	r->v[r->n].id = id;
	r->v[r->n].off = off;
	r->v[r->n].len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	r->n++;
	return SYM_OK;
}

/* ---- Breakpad's RangeMap::StoreRange in file order ---- */

/* Highest address of a range, or 0 with *bad set (size 0, overflow). */
static uint64_t range_high(const struct sym_rec *r, int *bad)
{
	*bad = r->size == 0 || r->addr + (r->size - 1) < r->addr;
	return r->addr + (r->size - 1);
}

struct rank {
	uint64_t addr;
	size_t idx;
};

static int rank_cmp(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Fenwick tree over ranks: which ranges have been stored. */
static void fw_add(uint32_t *fw, size_t n, size_t i)
{
	for (i++; i <= n; i += i & -i)
		fw[i]++;
}

static size_t fw_sum(const uint32_t *fw, size_t i)	/* ranks < i */
{
	size_t s = 0;

	for (; i > 0; i -= i & -i)
		s += fw[i];
	return s;
}

static size_t fw_find(const uint32_t *fw, size_t n, size_t k) /* k-th */
{
	size_t pos = 0, step = 1;

	while (step * 2 <= n)
		step *= 2;
	for (; step; step /= 2)
		if (pos + step <= n && fw[pos + step] < k) {
			pos += step;
			k -= fw[pos];
		}
	return pos;	/* 0-based rank */
}

/* Keep only valid ranges; 1 when they are sorted and disjoint. */
static int excl_prefilter(struct sym_recs *r)
{
	size_t i, j = 0;
	int bad, sorted = 1;
	uint64_t prev_high = 0;

	for (i = 0; i < r->n; i++) {
		uint64_t h = range_high(&r->v[i], &bad);

		if (bad)
			continue;
		if (j && r->v[i].addr <= prev_high)
			sorted = 0;
		prev_high = h;
		r->v[j++] = r->v[i];
	}
	r->n = j;
	return sorted;
}

/*
 * A range is stored when it overlaps no range stored before it.  Stored
 * ranges are disjoint, so the one with the highest start at or below
 * our high address is the only candidate for an overlap.
 */
static int excl_store(struct sym_recs *r)
{
	size_t n = r->n, i, j, lo, hi, c;
	struct rank *rk;
	size_t *pos;
	uint32_t *fw;
	unsigned char *keep;
	int bad, err = SYM_ENOMEM;

	if (excl_prefilter(r))
		return SYM_OK;
	n = r->n;
	rk = sym_malloc(n * sizeof(*rk));
	pos = sym_malloc(n * sizeof(*pos));
	fw = sym_calloc(n + 1, sizeof(*fw));
	keep = sym_calloc(n, 1);
	if (!rk || !pos || !fw || !keep)
		goto out;
	for (i = 0; i < n; i++) {
		rk[i].addr = r->v[i].addr;
		rk[i].idx = i;
	}
	qsort(rk, n, sizeof(*rk), rank_cmp);
	for (i = 0; i < n; i++)
		pos[rk[i].idx] = i;
	for (i = 0; i < n; i++) {
		uint64_t h = range_high(&r->v[i], &bad);

		lo = 0;
		hi = n;		/* first rank with addr > h */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (rk[mid].addr <= h)
				lo = mid + 1;
			else
				hi = mid;
		}
		c = fw_sum(fw, lo);
		if (c) {
			size_t p = rk[fw_find(fw, n, c)].idx;

			if (range_high(&r->v[p], &bad) >= r->v[i].addr)
				continue;
		}
		keep[i] = 1;
		fw_add(fw, n, pos[i]);
	}
	for (i = 0, j = 0; i < n; i++) {
		size_t k = rk[i].idx;

		if (keep[k])
			rk[j++].idx = k;
	}
	/* rebuild in address order through a scratch copy */
	{
		struct sym_rec *nv = sym_malloc((j ? j : 1) * sizeof(*nv));

		if (!nv)
			goto out;
		for (i = 0; i < j; i++)
			nv[i] = r->v[rk[i].idx];
		sym_free(r->v);
		r->v = nv;
		r->n = r->cap = j;
	}
	err = SYM_OK;
out:
	sym_free(rk);
	sym_free(pos);
	sym_free(fw);
	sym_free(keep);
	return err;
}

/* ---- AddressMap and id maps: stable sort, first one wins ---- */

static int rec_addr_cmp(const void *a, const void *b)
{
	const struct sym_rec *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int name_cmp(const void *a, const void *b)
{
	const struct sym_name *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int pubs_finish(struct sym_table *t, struct sym_diag *d,
		       unsigned long *nerr)
{
	struct sym_recs *r = &t->pubs;
	size_t i, j;
	int sorted = 1;

	for (i = 1; i < r->n && sorted; i++)
		sorted = r->v[i - 1].addr < r->v[i].addr;
	if (sorted)
		return SYM_OK;
	qsort(r->v, r->n, sizeof(*r->v), rec_addr_cmp);
	for (i = 0, j = 0; i < r->n; i++) {
		if (j && r->v[j - 1].addr == r->v[i].addr) {
			(*nerr)++;
			sym_diag_warn(d, SYM_DIAG_OFFSET, r->v[i].off,
				      "PUBLIC at 0x%llx already present",
				      (unsigned long long)r->v[i].addr);
			continue;
		}
		r->v[j++] = r->v[i];
	}
	r->n = j;
	return SYM_OK;
}

static void names_finish(struct sym_names *r)
{
	size_t i, j;
	int sorted = 1;

	for (i = 1; i < r->n && sorted; i++)
		sorted = r->v[i - 1].id < r->v[i].id;
	if (sorted)
		return;
	qsort(r->v, r->n, sizeof(*r->v), name_cmp);
	for (i = 0, j = 0; i < r->n; i++)
		if (!j || r->v[j - 1].id != r->v[i].id)
			r->v[j++] = r->v[i];
	r->n = j;
}

/* Highest address of a non-empty range, UINT64_MAX when it overflows. */
static uint64_t high_sat(const struct sym_rec *r)
{
	uint64_t h = r->addr + (r->size - 1);

	return h < r->addr ? UINT64_MAX : h;
}

static int u64_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* The INIT records in all (file order) that t->cfis did not keep. */
static int cfi_refused_build(struct sym_table *t, const struct sym_recs *all)
{
	struct sym_recs *r = &t->cfi_refused;
	size_t i, nk = t->cfis.n;
	uint64_t *offs, high = 0;
	int err = SYM_ENOMEM;

	if (!(offs = sym_malloc((nk ? nk : 1) * sizeof(*offs))))
		return SYM_ENOMEM;
	for (i = 0; i < nk; i++)
		offs[i] = t->cfis.v[i].off;
	qsort(offs, nk, sizeof(*offs), u64_cmp);
	for (i = 0; i < all->n; i++) {
		const struct sym_rec *a = &all->v[i];

		if (a->size && !bsearch(&a->off, offs, nk, sizeof(*offs),
					u64_cmp) &&
		    sym_recs_push(r, a->addr, a->size, a->off))
			goto out;
	}
	if (r->n) {
		qsort(r->v, r->n, sizeof(*r->v), rec_addr_cmp);
		t->cfi_refused_high = sym_malloc(r->n * sizeof(uint64_t));
		if (!t->cfi_refused_high)
			goto out;
		for (i = 0; i < r->n; i++) {
			uint64_t h = high_sat(&r->v[i]);

			high = i && high > h ? high : h;
			t->cfi_refused_high[i] = high;
		}
	}
	err = SYM_OK;
out:
	sym_free(offs);
	return err;
}

/* Breakpad's RangeMap for STACK CFI INIT, remembering what it refused. */
static int cfis_finish(struct sym_table *t)
{
	struct sym_recs all = { NULL, 0, 0 };
	int err;

	if (t->cfis.n) {
		all.v = sym_malloc(t->cfis.n * sizeof(*all.v));
		if (!all.v)
			return SYM_ENOMEM;
		memcpy(all.v, t->cfis.v, t->cfis.n * sizeof(*all.v));
		all.n = all.cap = t->cfis.n;
	}
	err = excl_store(&t->cfis);
	if (!err && t->cfis.n < all.n)
		err = cfi_refused_build(t, &all);
	sym_free(all.v);
	return err;
}

int sym_table_finish(struct sym_table *t, struct sym_diag *d,
		     unsigned long *nerrors)
{
	*nerrors = 0;
	if (excl_store(&t->funcs) || cfis_finish(t))
		return SYM_ENOMEM;
	pubs_finish(t, d, nerrors);
	names_finish(&t->files);
	names_finish(&t->origins);
	return SYM_OK;
}

/* ---- ContainedRangeMap ---- */

struct crm_node {
	uint64_t base, high;
	size_t entry;
	size_t *kids;		/* node indices, sorted by high */
	size_t nkids;
};

struct sym_crm {
	struct crm_node *nodes;	/* nodes[0] is the root */
	size_t n, cap;
	int allow_equal;
};

static struct sym_crm *crm_new(int allow_equal)
{
	struct sym_crm *c = sym_calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->allow_equal = allow_equal;
	c->nodes = sym_calloc(1, sizeof(*c->nodes));
	if (!c->nodes) {
		sym_free(c);
		return NULL;
	}
	c->n = c->cap = 1;
	return c;
}

static void crm_free(struct sym_crm *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		sym_free(c->nodes[i].kids);
	sym_free(c->nodes);
	sym_free(c);
}

/* First kid whose high address is >= a. */
static size_t crm_lb(const struct sym_crm *c, const struct crm_node *nd,
		     uint64_t a)
{
	size_t lo = 0, hi = nd->nkids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->nodes[nd->kids[mid]].high < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Make a node under cur taking over kids [ib, ih). */
static int crm_insert(struct sym_crm *c, size_t cur, size_t ib, size_t ih,
		      uint64_t base, uint64_t high, size_t entry)
{
	struct crm_node *nd;
	size_t *moved = NULL, *nk, nmove = ih - ib, idx;

	if (grow((void **)&c->nodes, &c->cap, c->n + 1, sizeof(*c->nodes)))
		return SYM_ENOMEM;
	nd = &c->nodes[cur];
	if (nmove) {
		moved = sym_malloc(nmove * sizeof(*moved));
		if (!moved)
			return SYM_ENOMEM;
		memcpy(moved, nd->kids + ib, nmove * sizeof(*moved));
	} else {
		nk = sym_reallocarray(nd->kids, nd->nkids + 1, sizeof(*nk));
		if (!nk)
			return SYM_ENOMEM;
		nd->kids = nk;
	}
	idx = c->n++;
	c->nodes[idx].base = base;
	c->nodes[idx].high = high;
	c->nodes[idx].entry = entry;
	c->nodes[idx].kids = moved;
	c->nodes[idx].nkids = nmove;
	/* replace kids [ib, ih) by the new node */
	memmove(nd->kids + ib + 1, nd->kids + ih,
		(nd->nkids - ih) * sizeof(*nd->kids));
	nd->kids[ib] = idx;
	nd->nkids = nd->nkids - nmove + 1;
	return SYM_OK;
}

/* Returns 1 stored, 0 refused, -SYM_ENOMEM. */
static int crm_store(struct sym_crm *c, uint64_t base, uint64_t size,
		     size_t entry)
{
	uint64_t high = base + (size - 1);
	size_t cur = 0, ib, ih;

	if (size == 0 || high < base)
		return 0;
	for (;;) {
		const struct crm_node *nd = &c->nodes[cur];
		const struct crm_node *kb, *kh;
		int contains_high;

		ib = crm_lb(c, nd, base);
		ih = crm_lb(c, nd, high);
		kb = ib < nd->nkids ? &c->nodes[nd->kids[ib]] : NULL;
		kh = ih < nd->nkids ? &c->nodes[nd->kids[ih]] : NULL;
		if (ib == ih && kb && base >= kb->base) {
			if (!c->allow_equal && kb->base == base &&
			    kb->high == high)
				return 0;
			cur = nd->kids[ib];
			continue;
		}
		contains_high = kh && high >= kh->base;
		if ((kb && base > kb->base) ||
		    (contains_high && high < kh->high))
			return 0;
		if (contains_high)
			ih++;
		if (crm_insert(c, cur, ib, ih, base, high, entry))
			return -SYM_ENOMEM;
		return 1;
	}
}

/* Entries containing a, outermost first, into out (cap entries). */
static size_t crm_path(const struct sym_crm *c, uint64_t a, size_t *out,
		       size_t cap)
{
	size_t cur = 0, n = 0;

	for (;;) {
		const struct crm_node *nd = &c->nodes[cur];
		size_t i = crm_lb(c, nd, a);

		if (i == nd->nkids || a < c->nodes[nd->kids[i]].base)
			return n;
		cur = nd->kids[i];
		if (n < cap)
			out[n] = c->nodes[cur].entry;
		n++;
	}
}

/* ---- string cache: NUL-terminated copies of buffer spans ---- */

struct sym_strcache {
	uint64_t *keys;		/* offset + 1, 0 = empty */
	char **vals;
	size_t n, cap;
};

static size_t hash64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k;
}

static int strcache_grow(struct sym_strcache *s)
{
	size_t nc = s->cap ? s->cap * 2 : 64, i, j;
	uint64_t *nk = sym_calloc(nc, sizeof(*nk));
	char **nv = sym_calloc(nc, sizeof(*nv));

	if (!nk || !nv) {
		sym_free(nk);
		sym_free(nv);
		return SYM_ENOMEM;
	}
	for (i = 0; i < s->cap; i++) {
		if (!s->keys[i])
			continue;
		for (j = hash64(s->keys[i]) & (nc - 1); nk[j];
		     j = (j + 1) & (nc - 1))
			;
		nk[j] = s->keys[i];
		nv[j] = s->vals[i];
	}
	sym_free(s->keys);
	sym_free(s->vals);
	s->keys = nk;
	s->vals = nv;
	s->cap = nc;
	return SYM_OK;
}

static void strcache_free(struct sym_strcache *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->cap; i++)
		sym_free(s->vals[i]);
	sym_free(s->keys);
	sym_free(s->vals);
	sym_free(s);
}

/* The span [p, p+n) as a string (NUL bytes read as '_', as Breakpad). */
static const char *table_str(struct sym_table *t, const char *p, size_t n)
{
	struct sym_strcache *s;
	uint64_t key = (uint64_t)(p - t->buf) + 1;
	size_t j, i;
	char *v;

	if (!t->strs && !(t->strs = sym_calloc(1, sizeof(*t->strs))))
		return NULL;
	s = t->strs;
	if ((s->n + 1) * 2 > s->cap && strcache_grow(s))
		return NULL;
	for (j = hash64(key) & (s->cap - 1); s->keys[j];
	     j = (j + 1) & (s->cap - 1))
		if (s->keys[j] == key)
			return s->vals[j];
	v = sym_strndup(p, n);
	if (!v)
		return NULL;
	for (i = 0; i < n; i++)
		if (!v[i])
			v[i] = '_';
	s->keys[j] = key;
	s->vals[j] = v;
	s->n++;
	return v;
}

static const struct sym_name *name_find(const struct sym_names *r, long id)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n && r->v[lo].id == id ? &r->v[lo] : NULL;
}

/* Name of a FILE or INLINE_ORIGIN id: 1 found, 0 not, -SYM_ENOMEM. */
static int id_str(struct sym_table *t, const struct sym_names *r, long id,
		  const char **out)
{
	const struct sym_name *nm = name_find(r, id);

	if (!nm)
		return 0;
	*out = table_str(t, t->buf + nm->off, nm->len);
	return *out ? 1 : -SYM_ENOMEM;
}

/* ---- FUNC bodies, decoded on first use ---- */

struct sym_bodycache {
	size_t *keys;		/* function index + 1, 0 = empty */
	struct sym_body **vals;
	size_t n, cap;
};

static void body_free(struct sym_body *b)
{
	if (!b)
		return;
	sym_free(b->lines.v);
	sym_free(b->inl);
	sym_free(b->ranges);
	crm_free(b->crm);
	sym_free(b);
}

static void bodycache_free(struct sym_bodycache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->cap; i++)
		body_free(c->vals[i]);
	sym_free(c->keys);
	sym_free(c->vals);
	sym_free(c);
}

static int bodycache_grow(struct sym_bodycache *c)
{
	size_t nc = c->cap ? c->cap * 2 : 64, i, j;
	size_t *nk = sym_calloc(nc, sizeof(*nk));
	struct sym_body **nv = sym_calloc(nc, sizeof(*nv));

	if (!nk || !nv) {
		sym_free(nk);
		sym_free(nv);
		return SYM_ENOMEM;
	}
	for (i = 0; i < c->cap; i++) {
		if (!c->keys[i])
			continue;
		for (j = hash64(c->keys[i]) & (nc - 1); nk[j];
		     j = (j + 1) & (nc - 1))
			;
		nk[j] = c->keys[i];
		nv[j] = c->vals[i];
	}
	sym_free(c->keys);
	sym_free(c->vals);
	c->keys = nk;
	c->vals = nv;
	c->cap = nc;
	return SYM_OK;
}

int sym_body_inline(struct sym_body *b, const struct sym_inline *in,
		    const struct sym_rec *ranges, size_t nranges)
{
	struct sym_inline *d;

	/* Breakpad drops an inline whose parent was not added. */
	if (in->depth > b->last_depth + 1)
		return SYM_OK;
	if (grow((void **)&b->inl, &b->capinl, b->ninl + 1, sizeof(*b->inl)) ||
	    grow((void **)&b->ranges, &b->capranges, b->nranges + nranges,
		 sizeof(*b->ranges)))
		return SYM_ENOMEM;
	b->last_depth = in->depth;
	d = &b->inl[b->ninl++];
	*d = *in;
	d->first_range = b->nranges;
	d->nranges = nranges;
	memcpy(b->ranges + b->nranges, ranges, nranges * sizeof(*ranges));
	b->nranges += nranges;
	return SYM_OK;
}

static int body_build(struct sym_body *b)
{
	size_t i, j;
	int r;

	if (excl_store(&b->lines))
		return SYM_ENOMEM;
	if (!(b->crm = crm_new(1)))
		return SYM_ENOMEM;
	for (i = 0; i < b->ninl; i++)
		for (j = 0; j < b->inl[i].nranges; j++) {
			const struct sym_rec *rg =
				&b->ranges[b->inl[i].first_range + j];

			r = crm_store(b->crm, rg->addr, rg->size, i);
			if (r < 0)
				return -r;
		}
	return SYM_OK;
}

static int body_get(struct sym_table *t, size_t fi, struct sym_body **out)
{
	struct sym_bodycache *c;
	struct sym_body *b;
	size_t key = fi + 1, j;
	int err;

	if (!t->bodies && !(t->bodies = sym_calloc(1, sizeof(*t->bodies))))
		return SYM_ENOMEM;
	c = t->bodies;
	if ((c->n + 1) * 2 > c->cap && bodycache_grow(c))
		return SYM_ENOMEM;
	for (j = hash64(key) & (c->cap - 1); c->keys[j];
	     j = (j + 1) & (c->cap - 1))
		if (c->keys[j] == key) {
			*out = c->vals[j];
			return SYM_OK;
		}
	if (!(b = sym_calloc(1, sizeof(*b))))
		return SYM_ENOMEM;
	err = t->ops->body(t, t->funcs.v[fi].off, b);
	if (!err)
		err = body_build(b);
	if (err) {
		body_free(b);
		return err;
	}
	c->keys[j] = key;
	c->vals[j] = b;
	c->n++;
	*out = b;
	return SYM_OK;
}

/* ---- the table ---- */

struct sym_table *sym_table_new(void)
{
	return sym_calloc(1, sizeof(struct sym_table));
}

/* What a parse filled (owned unless the table is borrowed). */
static void records_free(struct sym_table *t)
{
	int i;

	sym_free(t->os);
	sym_free(t->arch);
	sym_free(t->id);
	sym_free(t->name);
	sym_free(t->code_id);
	sym_free(t->funcs.v);
	sym_free(t->pubs.v);
	sym_free(t->cfis.v);
	sym_free(t->cfi_refused.v);
	sym_free(t->cfi_refused_high);
	for (i = 0; i < SYM_WIN_TYPES; i++)
		sym_free(t->wins[i].v);
	sym_free(t->files.v);
	sym_free(t->origins.v);
}

struct sym_table *sym_table_view(const struct sym_table *src)
{
	struct sym_table *t = sym_table_new();

	if (!t)
		return NULL;
	t->buf = src->buf;
	t->len = src->len;
	t->ops = src->ops;
	t->os = src->os;
	t->arch = src->arch;
	t->id = src->id;
	t->name = src->name;
	t->code_id = src->code_id;
	t->nwarnings = src->nwarnings;
	t->corrupt = src->corrupt;
	t->funcs = src->funcs;
	t->pubs = src->pubs;
	t->cfis = src->cfis;
	t->cfi_refused = src->cfi_refused;
	t->cfi_refused_high = src->cfi_refused_high;
	memcpy(t->wins, src->wins, sizeof(t->wins));
	t->files = src->files;
	t->origins = src->origins;
	t->borrowed = 1;
	return t;
}

void sym_table_free(struct sym_table *t)
{
	int i;

	if (!t)
		return;
	if (!t->borrowed)
		records_free(t);
	for (i = 0; i < SYM_WIN_TYPES; i++)
		crm_free(t->win_crm[i]);
	sym_unmap(&t->aux);
	strcache_free(t->strs);
	bodycache_free(t->bodies);
	sym_free(t->inl);
	sym_free(t->rules);
	sym_free(t->deltas);
	sym_unmap(&t->map);
	sym_free(t);
}

void sym_table_adopt(struct sym_table *t, struct sym_map *m)
{
	sym_unmap(&t->map);
	t->map = *m;
	memset(m, 0, sizeof(*m));
}

void sym_table_info(const struct sym_table *t, struct sym_table_info *out)
{
	memset(out, 0, sizeof(*out));
	out->os = t->os ? t->os : "";
	out->arch = t->arch ? t->arch : "";
	out->id = t->id ? t->id : "";
	out->name = t->name ? t->name : "";
	out->code_id = t->code_id ? t->code_id : "";
	out->nfiles = t->files.n;
	out->nfuncs = t->funcs.n;
	out->npublics = t->pubs.n;
	out->ncfi = t->cfis.n;
	out->nwin = t->wins[0].n + t->wins[1].n + t->wins[2].n +
		    t->wins[3].n + t->wins[4].n;
	out->nwarnings = t->nwarnings;
	out->corrupt = t->corrupt;
}

/* Index of the last record with addr <= a, or -1. */
static long last_at_or_below(const struct sym_recs *r, uint64_t a)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/* The FUNC containing rel (1), else the PUBLIC Breakpad would use (2). */
static int find_symbol(const struct sym_table *t, uint64_t rel, long *idx)
{
	long f = t->ops ? last_at_or_below(&t->funcs, rel) : -1;
	long p;

	if (f >= 0 && rel - t->funcs.v[f].addr < t->funcs.v[f].size) {
		*idx = f;
		return 1;
	}
	p = t->ops ? last_at_or_below(&t->pubs, rel) : -1;
	if (p >= 0 && (f < 0 || t->pubs.v[p].addr > t->funcs.v[f].addr)) {
		*idx = p;
		return 2;
	}
	return 0;
}

int sym_table_has_function(struct sym_table *t, uint64_t rel)
{
	long i;

	return find_symbol(t, rel, &i) != 0;
}

static int set_head(struct sym_table *t, const struct sym_rec *r,
		    uint64_t base, struct sym_frame *f)
{
	struct sym_span name;
	uint32_t param;
	int multiple;

	t->ops->head(t, r->off, &name, &param, &multiple);
	f->function = table_str(t, name.p, name.n);
	if (!f->function)
		return SYM_ENOMEM;
	f->function_base = base + r->addr;
	f->param_size = param;
	f->is_multiple = multiple;
	return SYM_OK;
}

static int set_line(struct sym_table *t, const struct sym_body *b,
		    uint64_t rel, uint64_t base, struct sym_frame *f)
{
	long i = last_at_or_below(&b->lines, rel);
	const struct sym_rec *l;
	int r;

	if (i < 0 || rel - b->lines.v[i].addr >= b->lines.v[i].size)
		return SYM_OK;
	l = &b->lines.v[i];
	r = id_str(t, &t->files, (int32_t)(uint32_t)l->off, &f->file);
	if (r < 0)
		return -r;
	f->line = (uint32_t)(l->off >> 32);
	f->line_base = base + l->addr;
	return SYM_OK;
}

/* Breakpad's ConstructInlineFrames. */
static int make_inlines(struct sym_table *t, const struct sym_body *b,
			uint64_t rel, uint64_t base, struct sym_frame *f,
			size_t *n_out)
{
	size_t n = crm_path(b->crm, rel, NULL, 0), i, k, *path;
	const char *pfile;
	uint32_t pline;
	int r;

	*n_out = 0;
	if (!n)
		return SYM_OK;
	path = sym_malloc(n * sizeof(*path));
	if (!path)
		return SYM_ENOMEM;
	crm_path(b->crm, rel, path, n);
	if (grow((void **)&t->inl, &t->capinl, n, sizeof(*t->inl))) {
		sym_free(path);
		return SYM_ENOMEM;
	}
	for (i = 0; i < n; i++) {	/* innermost first */
		const struct sym_inline *in = &b->inl[path[n - 1 - i]];
		struct sym_frame *nf = &t->inl[i];

		*nf = *f;
		nf->trust = SYM_TRUST_INLINE;
		r = id_str(t, &t->origins, in->origin, &nf->function);
		if (r == 0)
			nf->function = "<name omitted>";
		nf->line = (uint32_t)in->call_line;
		if (r >= 0 && in->has_call_file)
			r = id_str(t, &t->files, in->call_file, &nf->file);
		if (r < 0) {
			sym_free(path);
			return -r;
		}
		nf->function_base = base;
		for (k = 0; k < in->nranges; k++) {
			const struct sym_rec *rg = &b->ranges[in->first_range + k];

			if (rel >= rg->addr && rel - rg->addr < rg->size) {
				nf->function_base += rg->addr;
				break;
			}
		}
	}
	sym_free(path);
	/* each frame takes the call site of the one inside it */
	pfile = f->file;
	pline = f->line;
	f->file = t->inl[n - 1].file;
	f->line = t->inl[n - 1].line;
	for (i = 0; i < n; i++) {
		const char *tf = t->inl[i].file;
		uint32_t tl = t->inl[i].line;

		t->inl[i].file = pfile;
		t->inl[i].line = pline;
		pfile = tf;
		pline = tl;
	}
	*n_out = n;
	return SYM_OK;
}

int sym_table_lookup(struct sym_table *t, uint64_t base, struct sym_frame *f,
		     struct sym_frame **inlines, size_t *n_inlines)
{
	uint64_t rel = f->instruction - base;
	struct sym_body *b;
	long i;
	int kind, err;

	sym_frame_clear_symbols(f);
	if (n_inlines)
		*n_inlines = 0;
	if (inlines)
		*inlines = NULL;
	kind = find_symbol(t, rel, &i);
	if (!kind)
		return 0;
	if (kind == 2)
		return set_head(t, &t->pubs.v[i], base, f) ? -SYM_ENOMEM : 1;
	if ((err = set_head(t, &t->funcs.v[i], base, f)) ||
	    (err = body_get(t, (size_t)i, &b)) ||
	    (err = set_line(t, b, rel, base, f)))
		return -err;
	if (inlines && n_inlines) {
		if ((err = make_inlines(t, b, rel, base, f, n_inlines)))
			return -err;
		*inlines = *n_inlines ? t->inl : NULL;
	}
	return 1;
}

static int delta_cmp(const void *a, const void *b)
{
	const struct sym_cfi_delta *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->rules.p < y->rules.p ? -1 : x->rules.p > y->rules.p;
}

/*
 * Deltas of refused INIT records over [lo, hi]: Breakpad keeps every
 * STACK CFI delta of the file in one map, so the deltas of a duplicate
 * INIT apply too (and win over earlier ones at the same address).
 */
static int cfi_refused_deltas(struct sym_table *t, uint64_t lo,
			      uint64_t hi, size_t *n)
{
	const struct sym_recs *r = &t->cfi_refused;
	long j = last_at_or_below(r, hi);
	struct sym_span init;

	for (; j >= 0 && t->cfi_refused_high[j] >= lo; j--) {
		const struct sym_rec *x = &r->v[j];

		if (high_sat(x) >= lo &&
		    t->ops->cfi(t, x->off, &init, &t->deltas, n,
				&t->capdeltas))
			return SYM_ENOMEM;
	}
	return SYM_OK;
}

int sym_table_find_cfi(struct sym_table *t, uint64_t rel,
		       struct sym_cfi_text *out)
{
	long i = t->ops ? last_at_or_below(&t->cfis, rel) : -1;
	const struct sym_rec *r;
	struct sym_span init;
	size_t n = 0, k, m;

	out->rules = NULL;
	out->n = 0;
	if (i < 0 || rel - t->cfis.v[i].addr >= t->cfis.v[i].size)
		return 0;
	r = &t->cfis.v[i];
	if (t->ops->cfi(t, r->off, &init, &t->deltas, &n, &t->capdeltas) ||
	    cfi_refused_deltas(t, r->addr, rel, &n))
		return -SYM_ENOMEM;
	/* one map by address for the file: the last delta at one wins */
	if (n > 1)
		qsort(t->deltas, n, sizeof(*t->deltas), delta_cmp);
	if (grow((void **)&t->rules, &t->caprules, n + 1, sizeof(*t->rules)))
		return -SYM_ENOMEM;
	t->rules[0] = init;
	for (k = 0, m = 1; k < n; k++) {
		const struct sym_cfi_delta *dl = &t->deltas[k];

		if (dl->addr < r->addr || dl->addr > rel)
			continue;
		if (k + 1 < n && t->deltas[k + 1].addr == dl->addr)
			continue;
		t->rules[m++] = dl->rules;
	}
	out->rules = t->rules;
	out->n = m;
	return 1;
}

static int win_build(struct sym_table *t)
{
	int ty, r;
	size_t i;

	for (ty = 0; ty < SYM_WIN_TYPES; ty++) {
		if (!t->wins[ty].n || t->win_crm[ty])
			continue;
		if (!(t->win_crm[ty] = crm_new(0)))
			return SYM_ENOMEM;
		for (i = 0; i < t->wins[ty].n; i++) {
			const struct sym_rec *w = &t->wins[ty].v[i];

			r = crm_store(t->win_crm[ty], w->addr, w->size, i);
			if (r < 0)
				return -r;
		}
	}
	t->win_built = 1;
	return SYM_OK;
}

static int win_find_type(struct sym_table *t, uint64_t rel, unsigned ty,
			 struct sym_win *out)
{
	size_t n, *path, inner;

	if (ty >= SYM_WIN_TYPES || !t->win_crm[ty])
		return 0;
	n = crm_path(t->win_crm[ty], rel, NULL, 0);
	if (!n)
		return 0;
	path = sym_malloc(n * sizeof(*path));
	if (!path)
		return -SYM_ENOMEM;
	crm_path(t->win_crm[ty], rel, path, n);
	inner = path[n - 1];
	sym_free(path);
	t->ops->win(t, t->wins[ty].v[inner].off, out);
	return 1;
}

int sym_table_find_win(struct sym_table *t, uint64_t rel, unsigned type,
		       struct sym_win *out)
{
	long i;
	int r;

	memset(out, 0, sizeof(*out));
	if (!t->ops)
		return 0;
	if (!t->win_built && (r = win_build(t)))
		return -r;
	if (type != SYM_WIN_ANY)
		return win_find_type(t, rel, type, out);
	r = win_find_type(t, rel, 4, out);
	if (!r)
		r = win_find_type(t, rel, 0, out);
	if (r)
		return r;
	if (find_symbol(t, rel, &i) == 1) {
		struct sym_span name;
		int m;

		t->ops->head(t, t->funcs.v[i].off, &name, &out->params_size,
			     &m);
		return 2;
	}
	return 0;
}

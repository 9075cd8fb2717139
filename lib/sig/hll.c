/* SPDX-License-Identifier: MIT */
/*
 * hll.c - HyperLogLog with an exact list for small counts (see hll.h).
 */
#include <math.h>
#include <string.h>

#include <xxhash.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/sig/hll.h"

static void reg_add(uint8_t *reg, uint64_t hash)
{
	uint32_t idx = (uint32_t)(hash >> (64 - SIG_HLL_P));
	uint64_t rest = hash << SIG_HLL_P;
	uint8_t rank;

	/* rank: position of the first 1 bit in the remaining 52 bits */
	rank = rest ? (uint8_t)(__builtin_clzll(rest) + 1) :
	       (uint8_t)(64 - SIG_HLL_P + 1);
	if (rank > reg[idx])
		reg[idx] = rank;
}

static int densify(struct sig_hll *h)
{
	unsigned i;

	if (!(h->reg = sym_calloc(SIG_HLL_M, 1)))
		return SYM_ENOMEM;
	for (i = 0; i < h->n_exact; i++)
		reg_add(h->reg, h->exact[i]);
	sym_free(h->exact);
	h->exact = NULL;
	h->n_exact = 0;
	return SYM_OK;
}

int sig_hll_add(struct sig_hll *h, uint64_t hash)
{
	unsigned i;

	if (h->reg) {
		reg_add(h->reg, hash);
		return SYM_OK;
	}
	for (i = 0; i < h->n_exact; i++)
		if (h->exact[i] == hash)
			return SYM_OK;
	if (h->n_exact == SIG_HLL_EXACT) {
		if (densify(h))
			return SYM_ENOMEM;
		reg_add(h->reg, hash);
		return SYM_OK;
	}
	if (!h->exact && !(h->exact = sym_malloc(SIG_HLL_EXACT *
						 sizeof(*h->exact))))
		return SYM_ENOMEM;
	h->exact[h->n_exact++] = hash;
	return SYM_OK;
}

int sig_hll_add_value(struct sig_hll *h, const char *s, size_t n)
{
	return sig_hll_add(h, (uint64_t)XXH3_64bits(s, n));
}

int sig_hll_merge(struct sig_hll *h, const struct sig_hll *o)
{
	unsigned i;

	if (o->reg) {
		if (!h->reg && densify(h))
			return SYM_ENOMEM;
		for (i = 0; i < SIG_HLL_M; i++)
			if (o->reg[i] > h->reg[i])
				h->reg[i] = o->reg[i];
		return SYM_OK;
	}
	for (i = 0; i < o->n_exact; i++)
		if (sig_hll_add(h, o->exact[i]))
			return SYM_ENOMEM;
	return SYM_OK;
}

uint64_t sig_hll_count(const struct sig_hll *h)
{
	double m = SIG_HLL_M, sum = 0, e, alpha = 0.7213 / (1 + 1.079 / m);
	unsigned i, zeros = 0;

	if (!h->reg)
		return h->n_exact;
	for (i = 0; i < SIG_HLL_M; i++) {
		sum += ldexp(1.0, -(int)h->reg[i]);
		zeros += !h->reg[i];
	}
	e = alpha * m * m / sum;
	/* small range: linear counting over the empty registers */
	if (e <= 2.5 * m && zeros)
		e = m * log(m / zeros);
	return (uint64_t)(e + 0.5);
}

void sig_hll_release(struct sig_hll *h)
{
	sym_free(h->exact);
	sym_free(h->reg);
	memset(h, 0, sizeof(*h));
}

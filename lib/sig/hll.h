/* SPDX-License-Identifier: MIT */
/*
 * hll.h - a HyperLogLog distinct counter (Flajolet et al. 2007) over
 * 64-bit hashes (XXH3_64bits of the value, from libxxhash).
 *
 * Up to SIG_HLL_EXACT distinct hashes are kept as they are and counted
 * exactly; past that the sketch turns into 2^12 = 4096 one-byte
 * registers, whose estimate has a relative standard error of
 * 1.04 / sqrt(4096) = 1.6% (within 4.9% in 99.7% of cases).  Two
 * sketches merge into the sketch of the union of their inputs.
 */
#ifndef SYMKIT_HLL_H
#define SYMKIT_HLL_H

#include <stddef.h>
#include <stdint.h>

#define SIG_HLL_P 12
#define SIG_HLL_M (1u << SIG_HLL_P)
#define SIG_HLL_EXACT 128

struct sig_hll {
	uint64_t *exact;	/* NULL once dense */
	unsigned n_exact;
	uint8_t *reg;		/* SIG_HLL_M registers once dense */
};

/* Add a hash; SYM_OK or SYM_ENOMEM (the sketch is unchanged then). */
int sig_hll_add(struct sig_hll *h, uint64_t hash);
/* Add a value's bytes (hashed with XXH3_64bits). */
int sig_hll_add_value(struct sig_hll *h, const char *s, size_t n);
/* h |= o; SYM_OK or SYM_ENOMEM. */
int sig_hll_merge(struct sig_hll *h, const struct sig_hll *o);
uint64_t sig_hll_count(const struct sig_hll *h);
void sig_hll_release(struct sig_hll *h);

#endif

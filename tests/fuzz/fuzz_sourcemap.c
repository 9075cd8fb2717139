/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sourcemap.c - libFuzzer target: parse a source map with the
 * targeted scanner and with json-c, decode it, and look up positions
 * taken from the input with both biases, full and one-shot; the two
 * parsers must agree on validity.  Also scans the input as a bundle
 * for its sourceMappingURL, debug id and data: URL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "symfmt/sourcemap.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void lookups(struct sym_smap *m, const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n && i < 64; i += 3) {
		struct sym_smap_pos p;
		uint32_t line = d[i] % 8, col = (uint32_t)d[i + 1] * 3;

		symfmt_sourcemap_lookup(m, line, col, d[i + 2] & 1 ?
					SYM_SMAP_LUB : SYM_SMAP_GLB, &p, NULL);
		if (p.found && (p.src != SYM_SMAP_NONE && p.src >= m->nsources))
			abort();
		if (p.found && p.name != SYM_SMAP_NONE && p.name >= m->nnames)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *buf = (const char *)d;
	struct sym_smap *a = NULL, *b = NULL, *c = NULL;
	struct sym_smap_pos p;
	int ea, eb;
	const char *url;
	size_t un;
	char id[37];

	ea = symfmt_sourcemap_parse(&a, buf, n, SYM_SMAP_EAGER, NULL);
	eb = symfmt_sourcemap_parse(&b, buf, n, SYM_SMAP_EAGER | SYM_SMAP_JSONC,
				    NULL);
	/* the scanner and json-c accept the same maps (memory aside) */
	if (ea != SYM_ENOMEM && eb != SYM_ENOMEM && !ea != !eb)
		abort();
	if (!ea)
		lookups(a, d, n);
	if (!symfmt_sourcemap_parse(&c, buf, n, SYM_SMAP_CONTENT, NULL)) {
		symfmt_sourcemap_lookup_once(c, n > 0 ? d[0] % 4 : 0,
					     n > 1 ? d[1] : 0, SYM_SMAP_GLB,
					     &p, NULL);
		symfmt_sourcemap_count(c);
	}
	symfmt_sourcemap_free(a);
	symfmt_sourcemap_free(b);
	symfmt_sourcemap_free(c);
	if (symfmt_sourcemap_find_url(buf, n, &url, &un)) {
		char *out;
		size_t on;

		if (!symfmt_sourcemap_data_url(url, un, &out, &on))
			sym_free(out);
	}
	symfmt_sourcemap_find_debug_id(buf, n, id);
	return 0;
}

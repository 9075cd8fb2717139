/* SPDX-License-Identifier: MIT */
/*
 * fuzz_symindex.c - libFuzzer target: the precompiled symbol index
 * reader.  Input: a little-endian u32 L, L bytes of index, then the
 * .sym text it indexes.  With the top bit of L set, the index's
 * checksums are recomputed first, so mutations reach the structural
 * checks; such tables (whose record offsets were never produced by a
 * parse) are only searched by address, not decoded.  Otherwise a table
 * that loads is looked up like a parsed one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/model/symtab.h"
#include "lib/process/symindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sym_table_info info;
	struct sym_table *t = NULL;
	struct sym_frame f, *in;
	struct sym_cfi_text cfi;
	struct sym_win w;
	uint32_t l;
	size_t ni, len;
	uint64_t a;
	void *buf;
	int fix;

	if (n < 4)
		return 0;
	memcpy(&l, d, 4);
	fix = (int)(l >> 31);
	len = l & 0x7fffffffu;
	if (len > n - 4)
		len = n - 4;
	/* 8-aligned, as a mapping is */
	if (!(buf = malloc(len ? len : 1)))
		return 0;
	memcpy(buf, d + 4, len);
	if (fix)
		sym_index_fix_hashes(buf, len);
	if (!sym_index_load_mem(buf, len, NULL, (const char *)d + 4 + len,
				n - 4 - len, &t, NULL)) {
		sym_table_info(t, &info);
		for (a = 0; a < 0x3000; a += 0x61) {
			sym_table_has_function(t, a);
			if (fix)
				continue;
			memset(&f, 0, sizeof(f));
			f.instruction = a + 0x1000;
			sym_table_lookup(t, 0x1000, &f, &in, &ni);
			sym_table_find_cfi(t, a, &cfi);
			sym_table_find_win(t, a, SYM_WIN_ANY, &w);
		}
	}
	sym_table_free(t);
	free(buf);
	return 0;
}

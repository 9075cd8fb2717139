/* SPDX-License-Identifier: MIT */
/*
 * fuzz_breakpad_sym.c - libFuzzer target: parse a Breakpad .sym, then
 * look up, find CFI and STACK WIN at addresses taken from the input.
 */
#include <stdint.h>
#include <string.h>

#include "lib/model/symtab.h"
#include "symfmt/breakpad.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* Up to max hex numbers that follow a space in the input. */
static size_t addrs(const uint8_t *d, size_t n, uint64_t *out, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i + 1 < n && k < max; i++) {
		uint64_t v = 0;
		size_t j;

		if (d[i] != ' ')
			continue;
		for (j = i + 1; j < n && j < i + 17; j++) {
			uint8_t c = d[j];

			if (c >= '0' && c <= '9')
				v = v << 4 | (uint64_t)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v = v << 4 | (uint64_t)(c - 'a' + 10);
			else
				break;
		}
		if (j > i + 1)
			out[k++] = v;
	}
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sym_table *t = sym_table_new();
	struct sym_frame f, *in;
	struct sym_cfi_text cfi;
	struct sym_win w;
	uint64_t a[16];
	size_t k, i, ni;

	if (!t)
		return 0;
	if (symfmt_breakpad_parse(t, (const char *)d, n, NULL)) {
		sym_table_free(t);
		return 0;
	}
	k = addrs(d, n, a, 16);
	for (i = 0; i < k; i++) {
		memset(&f, 0, sizeof(f));
		f.instruction = a[i] + 0x1000;
		sym_table_lookup(t, 0x1000, &f, &in, &ni);
		sym_table_find_cfi(t, a[i] + 1, &cfi);
		sym_table_find_win(t, a[i], SYM_WIN_ANY, &w);
		sym_table_has_function(t, a[i]);
	}
	sym_table_free(t);
	return 0;
}

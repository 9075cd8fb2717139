/* SPDX-License-Identifier: MIT */
/*
 * fuzz_elfsym.c - libFuzzer target: an ELF image through
 * symfmt_elf_to_sym(), with and without inline records.
 */
#include <stdint.h>
#include <stdlib.h>

#include "symfmt/elfsym.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct symfmt_elf_opts o = { 0, NULL, NULL, 0 };
	char *out = NULL;
	size_t len = 0;

	if (!symfmt_elf_to_sym(d, n, &o, &out, &len, NULL))
		free(out);
	o.flags = SYMFMT_ELF_INLINES;
	out = NULL;
	if (!symfmt_elf_to_sym(d, n, &o, &out, &len, NULL))
		free(out);
	return 0;
}

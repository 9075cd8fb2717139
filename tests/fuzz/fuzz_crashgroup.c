/* SPDX-License-Identifier: MIT */
/*
 * fuzz_crashgroup.c - libFuzzer target for crash-group's inputs: the
 * bytes as JSON lines (fed in uneven chunks, with --distinct and deeper
 * frames on), then as a saved state file; the groups are sorted, saved
 * and split-checked.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/core/alloc.h"
#include "lib/sig/group.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sig_group_opts o = { 0 };
	struct sig_groups *g;
	const struct sig_group **v;
	const char *s = (const char *)data;
	size_t off = 0, step = 1, n, i;
	FILE *null;

	o.distinct = "user";
	if (sig_groups_new(&o, &g))
		return 0;
	while (off < size) {
		n = size - off < step ? size - off : step;
		sig_groups_feed(g, "fuzz", s + off, n, NULL);
		off += n;
		step = step * 3 % 97 + 1;
	}
	sig_groups_end(g, NULL);
	sig_groups_load(g, s, size, NULL);
	n = sig_groups_sorted(g, &v);
	for (i = 0; n != (size_t)-1 && i < n; i++)
		sig_group_split(v[i]);
	sym_free(v);
	if ((null = fopen("/dev/null", "w"))) {
		sig_groups_save(g, null);
		fclose(null);
	}
	sig_groups_free(g);
	return 0;
}

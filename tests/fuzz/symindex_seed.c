/* SPDX-License-Identifier: MIT */
/*
 * symindex_seed.c - writes a fuzz_symindex seed for a .sym file:
 * u32 index length (top bit: recompute checksums), the index, the
 * text.  Optional damage: "flip OFF" xors a byte of the index (with
 * the checksum bit set), "cut N" keeps N index bytes.  Built and run
 * by tests/fuzz/gen_symindex.sh.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/io.h"
#include "lib/model/symtab.h"
#include "lib/process/symindex.h"
#include "symfmt/breakpad.h"

int main(int argc, char **argv)
{
	struct sym_index_src src = { 0 };
	struct sym_map m, im;
	struct sym_table *t;
	struct sym_diag d;
	uint32_t l;
	uint8_t *ix;
	FILE *out;

	if (argc < 4) {
		fprintf(stderr, "usage: symindex_seed SYM TMPIDX OUT "
			"[flip OFF|cut N]\n");
		return 2;
	}
	sym_diag_init(&d, argv[1]);
	if (sym_map_file(argv[1], &m, &d) || !(t = sym_table_new()) ||
	    symfmt_breakpad_parse(t, (const char *)m.data, m.len, &d) ||
	    sym_index_write(argv[2], t, &src, NULL, 0, &d) ||
	    sym_map_file(argv[2], &im, &d)) {
		fprintf(stderr, "symindex_seed: %s: failed\n", argv[1]);
		return 1;
	}
	ix = malloc(im.len);
	memcpy(ix, im.data, im.len);
	l = (uint32_t)im.len;
	if (argc == 6 && !strcmp(argv[4], "flip")) {
		ix[strtoul(argv[5], NULL, 0) % im.len] ^= 0x5a;
		l |= 0x80000000u;
	} else if (argc == 6 && !strcmp(argv[4], "cut")) {
		l = (uint32_t)strtoul(argv[5], NULL, 0);
	}
	out = fopen(argv[3], "wb");
	fwrite(&l, 4, 1, out);
	fwrite(ix, 1, l & 0x7fffffffu, out);
	fwrite(m.data, 1, m.len, out);
	fclose(out);
	free(ix);
	sym_table_free(t);
	sym_unmap(&m);
	sym_unmap(&im);
	return 0;
}

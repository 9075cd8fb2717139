/* SPDX-License-Identifier: MIT */
/*
 * breakpad.h - Breakpad .sym text format.
 */
#ifndef SYMKIT_SYMFMT_BREAKPAD_H
#define SYMKIT_SYMFMT_BREAKPAD_H

#include <stddef.h>

#include "../lib/err.h"
#include "../lib/symtab.h"

/*
 * Index a Breakpad symbol file held in buf[0, len) into t.  The buffer
 * must stay valid until sym_table_free(t) (see sym_table_adopt()).
 * Tolerated problems (bad lines, CRLF, trailing junk) are counted in the
 * table info and reported through d as warnings with their line number.
 * Returns SYM_OK, or SYM_EFORMAT when the buffer is not a .sym file at
 * all, or SYM_ENOMEM.
 */
int symfmt_breakpad_parse(struct sym_table *t, const char *buf, size_t len,
			  struct sym_diag *d);

#endif

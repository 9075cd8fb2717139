/* SPDX-License-Identifier: MIT */
/*
 * breakpad.h - Breakpad .sym text format.
 */
#ifndef SYMKIT_SYMFMT_BREAKPAD_H
#define SYMKIT_SYMFMT_BREAKPAD_H

#include <stddef.h>

#include "lib/core/err.h"
#include "lib/model/symtab.h"

/*
 * Index a Breakpad symbol file held in buf[0, len) into t.  The buffer
 * must stay valid until sym_table_free(t) (see sym_table_adopt()).
 * Tolerated problems (bad lines, CRLF, trailing junk) are counted in the
 * table info and reported through d as warnings with their line number.
 * As Breakpad, anything loads: records it cannot parse make the table
 * "corrupt" (sym_table_info().corrupt), and after more than 100 of them
 * the rest is ignored.  When t holds (sym_table_adopt) the mapping of
 * buf, the pages already indexed are dropped as the pass goes.
 * Returns SYM_OK or SYM_ENOMEM.
 */
int symfmt_breakpad_parse(struct sym_table *t, const char *buf, size_t len,
			  struct sym_diag *d);

/*
 * Make t decode on demand from buf[0, len) as a parsed Breakpad table
 * does, for records that come from elsewhere (a precompiled index of
 * the same text, lib/process/symindex.c).  buf must stay valid until
 * sym_table_free(t).
 */
void symfmt_breakpad_attach(struct sym_table *t, const char *buf, size_t len);

#endif

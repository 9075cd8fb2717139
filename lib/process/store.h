/* SPDX-License-Identifier: MIT */
/*
 * store.h - symbol store: finds and loads the symbol file of a module.
 *
 * Layout (Breakpad's SimpleSymbolSupplier): for each path in order,
 * <path>/<debug_file>/<debug_id>/<debug_file minus .pdb>.sym, where
 * debug_file is the base name.  Loaded tables are cached per
 * (debug_file, debug_id) and owned by the store.
 */
#ifndef SYMKIT_STORE_H
#define SYMKIT_STORE_H

#include <stddef.h>

#include "lib/core/err.h"
#include "lib/model/symtab.h"

struct sym_store;

/* paths are copied.  Returns NULL when out of memory. */
struct sym_store *sym_store_new(const char *const *paths, size_t npaths);
void sym_store_free(struct sym_store *s);

enum sym_store_status {
	SYM_STORE_FOUND,	/* *out is the table */
	SYM_STORE_MISSING,	/* no file for this module */
	SYM_STORE_CORRUPT,	/* loaded, but with errors; *out usable */
	SYM_STORE_ERROR,	/* could not read; see diag */
};

/*
 * Symbols for a module.  *out is owned by the store (valid until
 * sym_store_free()) and set for FOUND and CORRUPT.  Repeated calls for
 * the same module return the cached result.  Problems (bad lines, a file
 * that cannot be read) reach d's warn callback, with d's file replaced
 * by the .sym path for the call; d->err is left alone.
 */
enum sym_store_status sym_store_get(struct sym_store *s,
				    const char *debug_file,
				    const char *debug_id,
				    struct sym_table **out,
				    struct sym_diag *d);

#endif

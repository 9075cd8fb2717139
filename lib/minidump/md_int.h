/* SPDX-License-Identifier: MIT */
/*
 * md_int.h - what minidump.c lends the other dump readers of
 * lib/minidump (microdump.c), so that every reader fills the same
 * struct md_dump, freed by md_close().  Internal to lib/minidump/.
 */
#ifndef SYMKIT_MD_INT_H
#define SYMKIT_MD_INT_H

#include <stddef.h>

#include "lib/core/err.h"
#include "lib/minidump/minidump.h"

/* An empty dump (no streams) that md_close() frees; NULL: no memory. */
struct md_dump *md_int_new(struct sym_diag *d);

/* A zeroed array owned by the dump (freed by md_close()), or NULL. */
void *md_int_alloc(struct md_dump *dump, size_t n, size_t size);

/*
 * Make mods (copied) the dump's module list as a microdump reader and
 * Breakpad's processor see it: stored in file order in the reader's
 * range map (refused overlaps are dropped), then copied in address order
 * into the processor's map, which md_module_at() searches.  Modules
 * from index upper_from on are stored with Breakpad's kTruncateUpper
 * merge strategy (the reader turns it on when it sees Android), and so
 * is the copy unless upper_from is (size_t)-1; else overlaps are
 * refused.  SYM_OK or SYM_ENOMEM.
 */
int md_int_set_modules(struct md_dump *dump, const struct md_module *mods,
		       size_t n, size_t upper_from);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * store.h - symbol store: finds and loads the symbol file of a module.
 *
 * Layout (Breakpad's SimpleSymbolSupplier): for each path in order,
 * <path>/<debug_file>/<debug_id>/<debug_file minus .pdb>.sym, where
 * debug_file is the base name.  Then, with options: the cache
 * directory (same layout), symbol servers (the same layout under each
 * URL, then Tecken's <code_file>/<code_id>/<code_file .dll->.sym>),
 * and debuginfod servers (by ELF build id).  Loaded tables are cached
 * per module key and owned by the store.
 *
 * A store may be shared by threads: sym_store_get() locks.  Tables are
 * not thread-safe themselves, so each thread asks through a child
 * (sym_store_child()), which hands out per-thread views of the shared
 * tables; a symbol file is still read once for all threads.
 */
#ifndef SYMKIT_STORE_H
#define SYMKIT_STORE_H

#include <stddef.h>

#include "lib/core/err.h"
#include "lib/model/symtab.h"

struct sym_store;

/*
 * Make a .sym text from an ELF file (debuginfod downloads; path is the
 * module's path in the dump): returns SYM_OK with a malloc()ed *out of
 * *out_len bytes, or a SYM_E* code.  dump-syms' symfmt_elf_to_sym()
 * fits; NULL in the options disables debuginfod.
 */
typedef int (*sym_store_elf_fn)(const void *buf, size_t len,
				const char *path, char **out,
				size_t *out_len, struct sym_diag *d);

struct sym_store_opts {
	const char *cache_dir;		/* NULL: no cache, no index */
	const char *const *urls;	/* symbol servers, in order */
	size_t nurls;
	const char *const *debuginfod;	/* debuginfod servers */
	size_t ndebuginfod;
	sym_store_elf_fn elf_to_sym;
	long timeout_ms;		/* per download; 0: 30 s */
	long miss_ttl;			/* s a cached miss holds; 0: 1 h,
					 * < 0: misses are not kept */
	/* -v: every URL tried and what came of it */
	void (*log)(void *ctx, const char *msg);
	void *log_ctx;
};

/* paths and options are copied.  NULL when out of memory. */
struct sym_store *sym_store_new(const char *const *paths, size_t npaths);
struct sym_store *sym_store_new_opts(const char *const *paths,
				     size_t npaths,
				     const struct sym_store_opts *opts);
/*
 * A store for one thread that asks parent (locked) for symbols and
 * keeps views of its tables.  parent must outlive it.
 */
struct sym_store *sym_store_child(struct sym_store *parent);
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

/* A module as the store looks it up; any field may be NULL or "". */
struct sym_store_key {
	const char *debug_file, *debug_id;
	const char *code_file, *code_id;	/* code_id: ELF build id */
};

/*
 * sym_store_get() with the code file and id too (symbol server and
 * debuginfod fallbacks).  *url, when not NULL, gets the URL the symbols
 * came from, or for a module without symbols the first URL tried; NULL
 * when no server was involved.  Valid until sym_store_free().
 */
enum sym_store_status sym_store_lookup(struct sym_store *s,
				       const struct sym_store_key *k,
				       struct sym_table **out,
				       const char **url,
				       struct sym_diag *d);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * symindex.h - a precompiled binary index of a Breakpad .sym file: the
 * sorted record tables of a parsed sym_table (FUNC, PUBLIC, STACK CFI
 * INIT and refused INIT ranges, STACK WIN, FILE and INLINE_ORIGIN
 * names as offsets into the text), the MODULE strings, the parse
 * warnings, and the identity of the text it was built from.
 *
 * A later run maps the index and the .sym text and gets a sym_table
 * whose arrays point into the mapping: the same lookups as after a
 * parse, with record bodies (line, INLINE, CFI rules) still decoded on
 * demand from the text.  Only the pages a lookup touches are read.
 *
 * Nothing in an index is trusted: the magic, version, byte order, file
 * size, an xxh3 hash of the header and of the body, every section's
 * bounds, every record offset against the text and the order binary
 * searches need are checked before use.  The source text must have the
 * recorded size, mtime, inode and a hash of sampled pages.  Any
 * mismatch gives SYM_EFORMAT, and the caller rebuilds.
 */
#ifndef SYMKIT_SYMINDEX_H
#define SYMKIT_SYMINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/model/symtab.h"

#define SYM_INDEX_VERSION 1

/* The source .sym an index describes. */
struct sym_index_src {
	uint64_t size;
	uint64_t mtime_ns;
	uint64_t ino;
	uint64_t sample;	/* xxh3 of sampled 4 KiB blocks */
	uint64_t hash;		/* xxh3 of the whole text, at build time */
};

/*
 * size, mtime, inode and the sampled hash of an open .sym (hash left
 * 0).  Reads a few blocks with pread(), maps nothing.
 */
int sym_index_src_of(int fd, struct sym_index_src *src);

/* A parse warning, kept so a run from the index reports it too. */
struct sym_index_warn {
	uint64_t offset;	/* as passed to sym_diag.warn */
	unsigned long line;
	char msg[256];
};

/*
 * Write the index of t (parsed from the text src describes) to path:
 * a temporary file in the same directory, then rename(), so readers
 * see the old index or the new one, never a part.  Returns SYM_OK or a
 * SYM_E* code with d filled.
 */
int sym_index_write(const char *path, const struct sym_table *t,
		    const struct sym_index_src *src,
		    const struct sym_index_warn *w, size_t nw,
		    struct sym_diag *d);

/*
 * Open the index at path for the text src describes and text[0, len)
 * (mapped; it must outlive the table, e.g. adopted into it).  On
 * success *out is a new table backed by the index, and the recorded
 * warnings are replayed through d (its warn callback and nwarnings).
 * SYM_ENOENT: no index; SYM_EFORMAT: stale or invalid (rebuild).
 */
int sym_index_open(const char *path, const struct sym_index_src *src,
		   const char *text, size_t len, struct sym_table **out,
		   struct sym_diag *d);

/*
 * The same checks on an index held in memory (the fuzz target's entry):
 * with src NULL the source identity is not compared.  buf must outlive
 * *out, which does not own it.
 */
int sym_index_load_mem(const void *buf, size_t blen,
		       const struct sym_index_src *src, const char *text,
		       size_t len, struct sym_table **out,
		       struct sym_diag *d);

/* Fuzzing: recompute the checksums of an index in memory, so mutated
 * inputs reach the structural checks behind them. */
void sym_index_fix_hashes(void *buf, size_t len);

#endif

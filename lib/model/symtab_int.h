/* SPDX-License-Identifier: MIT */
/*
 * symtab_int.h - the inside of a sym_table, for symbol format parsers
 * (symfmt/) and lib/model/symtab.c only.  Tools use lib/model/symtab.h.
 *
 * A parser indexes records by address into compact arrays of sym_rec
 * (address, size, offset of the record in the buffer), in file order,
 * then calls sym_table_finish(), which applies Breakpad's storage rules
 * (RangeMap: the first of overlapping ranges wins; AddressMap: the first
 * of equal addresses wins) and sorts.  Record bodies (line records,
 * inline records, CFI deltas, STACK WIN fields) are decoded on demand
 * through the parser's sym_fmt_ops, from the record's offset.
 */
#ifndef SYMKIT_SYMTAB_INT_H
#define SYMKIT_SYMTAB_INT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/core/io.h"
#include "lib/model/symtab.h"

struct sym_rec {
	uint64_t addr;
	uint64_t size;
	uint64_t off;		/* record offset; payload for line records */
};

struct sym_recs {
	struct sym_rec *v;
	size_t n, cap;
};

/* FILE and INLINE_ORIGIN: id -> name (a span of the buffer). */
struct sym_name {
	int32_t id;
	uint32_t len;
	uint64_t off;
};

struct sym_names {
	struct sym_name *v;
	size_t n, cap;
};

/* One INLINE record, decoded. */
struct sym_inline {
	int depth;
	int call_line;
	int has_call_file;
	int call_file;
	int origin;
	size_t first_range, nranges;	/* into sym_body.ranges */
};

/* A decoded FUNC body, filled by sym_fmt_ops.body. */
struct sym_body {
	struct sym_recs lines;	/* off = line << 32 | file, file order */
	struct sym_inline *inl;
	size_t ninl, capinl;
	struct sym_rec *ranges;	/* addr, size of inline ranges */
	size_t nranges, capranges;
	int last_depth;		/* Breakpad's last_added_inline_nest_level */
	struct sym_crm *crm;	/* inline ranges, built after decoding */
};

/* A STACK CFI delta found after its INIT record. */
struct sym_cfi_delta {
	uint64_t addr;
	struct sym_span rules;
};

struct sym_fmt_ops {
	/* FUNC or PUBLIC head at off: name span, parameter size, 'm'. */
	void (*head)(const struct sym_table *t, uint64_t off,
		     struct sym_span *name, uint32_t *param, int *multiple);
	/* FUNC body: push line records and inline records into b. */
	int (*body)(const struct sym_table *t, uint64_t off,
		    struct sym_body *b);
	/* STACK CFI INIT at off: its rules; the deltas after it are
	 * appended to (*deltas)[*n...]. */
	int (*cfi)(const struct sym_table *t, uint64_t off,
		   struct sym_span *init, struct sym_cfi_delta **deltas,
		   size_t *n, size_t *cap);
	/* STACK WIN at off. */
	void (*win)(const struct sym_table *t, uint64_t off,
		    struct sym_win *out);
};

#define SYM_WIN_TYPES 5

struct sym_table {
	const char *buf;
	size_t len;
	const struct sym_fmt_ops *ops;
	struct sym_map map;		/* adopted mapping, if any */

	char *os, *arch, *id, *name, *code_id;	/* NULL when absent */
	unsigned long nwarnings;
	int corrupt;

	struct sym_recs funcs, pubs, cfis;
	/* STACK CFI INIT records refused for overlapping a kept one, by
	 * address, and the running maximum of their high addresses:
	 * Breakpad keeps their deltas (one map for the whole file). */
	struct sym_recs cfi_refused;
	uint64_t *cfi_refused_high;
	struct sym_recs wins[SYM_WIN_TYPES];	/* file order */
	struct sym_names files, origins;

	/* lazily built, private to symtab.c */
	struct sym_crm *win_crm[SYM_WIN_TYPES];
	int win_built;
	struct sym_strcache *strs;
	struct sym_bodycache *bodies;
	struct sym_frame *inl;
	size_t capinl;
	struct sym_span *rules;
	size_t caprules;
	struct sym_cfi_delta *deltas;
	size_t capdeltas;

	/* Other backings (lib/process/symindex.c, sym_table_view()):
	 * with borrowed set, the record arrays, names and MODULE strings
	 * belong to someone else and sym_table_free() leaves them; aux is
	 * a mapping the arrays point into, unmapped by sym_table_free(). */
	int borrowed;
	struct sym_map aux;
};

int sym_recs_push(struct sym_recs *r, uint64_t addr, uint64_t size,
		  uint64_t off);
int sym_names_push(struct sym_names *r, int32_t id, uint64_t off,
		   size_t len);
/* Push an inline record and its ranges, as Breakpad's AppendInline. */
int sym_body_inline(struct sym_body *b, const struct sym_inline *in,
		    const struct sym_rec *ranges, size_t nranges);

/*
 * After the pass: apply Breakpad's storage rules and sort.  Duplicate
 * PUBLIC addresses are parse errors in Breakpad: each one is reported
 * through d (by offset) and returned in *nerrors.
 */
int sym_table_finish(struct sym_table *t, struct sym_diag *d,
		     unsigned long *nerrors);

/*
 * A table sharing src's records and buffer, with lookup caches of its
 * own: one thread may use it while others use src or other views.  src
 * must outlive the view and not change.  NULL when out of memory.
 */
struct sym_table *sym_table_view(const struct sym_table *src);

#endif

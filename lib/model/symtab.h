/* SPDX-License-Identifier: MIT */
/*
 * symtab.h - the native symbol table of one module, and its lookups.
 *
 * A symbol format parser (symfmt/) fills a sym_table from a buffer.  The
 * table indexes functions, public symbols and unwind records by
 * module-relative address once; details (line records, inline records,
 * CFI rule text) may be parsed on demand from the buffer, so the buffer
 * must stay valid until sym_table_free() (or be handed over with
 * sym_table_adopt()).
 *
 * Lookups are module-relative inside; the API takes absolute addresses
 * plus the module's load base, to fill sym_frame fields as Breakpad's
 * SourceLineResolver does.
 */
#ifndef SYMKIT_SYMTAB_H
#define SYMKIT_SYMTAB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/model/frame.h"
#include "lib/core/io.h"

struct sym_table;

struct sym_table_info {
	const char *os;		/* MODULE fields, "" when absent */
	const char *arch;
	const char *id;
	const char *name;
	const char *code_id;	/* INFO CODE_ID, "" when absent */
	unsigned long nfiles, nfuncs, npublics, ncfi, nwin;
	unsigned long nwarnings;	/* tolerated bad lines, CRLF ends... */
	int corrupt;		/* Breakpad would flag "Corrupt symbols" */
};

/* A new empty table, or NULL (out of memory). */
struct sym_table *sym_table_new(void);
/* Free a table and what it adopted.  NULL is a no-op. */
void sym_table_free(struct sym_table *t);
/* Hand a mapping over: unmapped by sym_table_free(). */
void sym_table_adopt(struct sym_table *t, struct sym_map *m);
/* Summary; pointers valid until sym_table_free(). */
void sym_table_info(const struct sym_table *t, struct sym_table_info *out);

/*
 * Symbolize f->instruction (absolute) for a module loaded at base:
 * fills f->function, function_base, param_size, is_multiple, file, line,
 * line_base from FUNC and line records, else from the nearest PUBLIC
 * (function only), exactly as Breakpad's BasicSourceLineResolver.
 *
 * When inlines is not NULL and the address is inside INLINE records,
 * *inlines gets the inlined frames innermost first (trust
 * SYM_TRUST_INLINE, instruction/module copied from f) and *n_inlines
 * their count; f then carries the outermost call site.  The array is
 * owned by the table and valid until the next lookup on it.
 * Returns 1 when something was found, 0 when not, or a negative
 * -SYM_ENOMEM.
 */
int sym_table_lookup(struct sym_table *t, uint64_t base, struct sym_frame *f,
		     struct sym_frame **inlines, size_t *n_inlines);

/* Unwind rules text in effect at an address: the STACK CFI INIT rules,
 * then each STACK CFI delta at or below the address, in order.  Spans
 * point into the table's buffer; the array is valid until the next call.
 */
struct sym_span {
	const char *p;
	size_t n;
};

struct sym_cfi_text {
	struct sym_span *rules;	/* rules[0] is the INIT rule set */
	size_t n;
};

/* Returns 1 found, 0 none, -SYM_ENOMEM. rel is module-relative. */
int sym_table_find_cfi(struct sym_table *t, uint64_t rel,
		       struct sym_cfi_text *out);

/* STACK WIN record (Windows x86 frame data). */
struct sym_win {
	unsigned type;		/* 0 FPO, 4 FRAME_DATA, ... */
	uint64_t rva;
	uint64_t code_size;
	uint32_t prolog_size, epilog_size, params_size, saved_regs_size;
	uint32_t locals_size, max_stack_size;
	int has_program;	/* program string vs allocates_base_pointer */
	int allocates_base_pointer;
	struct sym_span program;
};

#define SYM_WIN_ANY 0xffffffffu

/*
 * Find the STACK WIN record of a type (0 FPO ... 4 FRAME_DATA) covering
 * rel: the innermost one, as Breakpad's ContainedRangeMap.  With
 * SYM_WIN_ANY, do what Breakpad's FindWindowsFrameInfo does: FRAME_DATA,
 * else FPO, else (returning 2) only out->params_size from the FUNC
 * covering rel.  Returns 1 found, 2 parameter size only, 0 none,
 * -SYM_ENOMEM.  out->program points into the table's buffer.
 */
int sym_table_find_win(struct sym_table *t, uint64_t rel, unsigned type,
		       struct sym_win *out);

/* True when the table has a FUNC or PUBLIC covering rel (Breakpad's
 * notion of "symbols know this address"). */
int sym_table_has_function(struct sym_table *t, uint64_t rel);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * elfsym.h - Linux ELF + DWARF to a Breakpad .sym file.
 *
 * symfmt_elf_to_sym() reads an ELF image held in memory (a mapping, a
 * download, a fuzz input) and writes the Breakpad symbol file text that
 * Breakpad's dump_syms writes for it (MODULE, INFO CODE_ID, FILE, FUNC,
 * line, PUBLIC, STACK CFI and, with SYMFMT_ELF_INLINES, INLINE_ORIGIN and
 * INLINE records), plus the records dump_syms loses: ranges in
 * .debug_rnglists, compressed and legacy .zdebug sections, inlines in
 * lexical blocks, split DWARF, separate debug files, MiniDebugInfo.
 * It never prints; problems it tolerates go to diag->warn.
 */
#ifndef SYMKIT_ELFSYM_H
#define SYMKIT_ELFSYM_H

#include <stddef.h>

#include "lib/core/err.h"

enum symfmt_elf_flags {
	SYMFMT_ELF_INLINES = 1 << 0,	 /* -d: INLINE_ORIGIN/INLINE records */
	SYMFMT_ELF_NO_CFI = 1 << 1,	 /* -c: no STACK CFI records */
	SYMFMT_ELF_HEADER_ONLY = 1 << 2, /* -i: MODULE and INFO only */
	/*
	 * buf is a read-only MAP_PRIVATE mapping of a file: the pages of
	 * .debug_info already read are given back (madvise MADV_DONTNEED),
	 * so the resident size stays far below the file's.  Never set it
	 * for other memory (it would be zeroed).
	 */
	SYMFMT_ELF_DROP_PAGES = 1 << 3,
};

struct symfmt_elf_opts {
	unsigned flags;		/* enum symfmt_elf_flags */
	/*
	 * The binary's path or NULL: the module name when there is no
	 * DT_SONAME, and the base for .gnu_debuglink and .dwo lookups.
	 */
	const char *path;
	/* Directories searched for debug files (.gnu_debuglink,
	 * .build-id/xx/yyyy.debug) and .dwo files; borrowed. */
	const char *const *debug_dirs;
	size_t n_debug_dirs;
};

/*
 * Convert the ELF image buf[0, len) to Breakpad .sym text.  On SYM_OK,
 * *out is a malloc'd buffer of *out_len bytes (NUL-terminated as well),
 * which the caller frees with free().  The output is deterministic.
 * Errors: SYM_EFORMAT / SYM_ETRUNC (not a usable ELF file), SYM_EUNSUP
 * (unknown machine), SYM_ENOMEM; diag (may be NULL) says what is wrong.
 * Damaged DWARF or CFI is not an error: what can be read is written and
 * each problem is reported through diag->warn.
 */
int symfmt_elf_to_sym(const void *buf, size_t len,
		      const struct symfmt_elf_opts *opts, char **out,
		      size_t *out_len, struct sym_diag *diag);

struct sym_table;

/*
 * The same, straight into a symbol table (lib/model/symtab.h), e.g. for
 * stackwalk with a binary instead of a .sym file: the text is parsed by
 * symfmt_breakpad_parse() and adopted by t (freed by sym_table_free()).
 * Returns what symfmt_elf_to_sym() or symfmt_breakpad_parse() returns.
 */
int symfmt_elf_to_table(const void *buf, size_t len,
			const struct symfmt_elf_opts *opts,
			struct sym_table *t, struct sym_diag *diag);

/*
 * The module identity alone: Breakpad debug id (33 hex digits with the
 * age), code id (build-id hex, or the text hash without one) and module
 * name, as the MODULE and INFO CODE_ID lines give them.  The strings are
 * written into caller buffers of the sizes shown.
 */
int symfmt_elf_identity(const void *buf, size_t len, const char *path,
			char debug_id[41], char code_id[129], char name[256],
			struct sym_diag *diag);

#endif

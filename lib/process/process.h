/* SPDX-License-Identifier: MIT */
/*
 * process.h - a minidump processed into a crash report: system info,
 * crash reason, and every thread unwound and symbolized (Breakpad's
 * MinidumpProcessor and ProcessState).
 */
#ifndef SYMKIT_PROCESS_H
#define SYMKIT_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/model/frame.h"
#include "lib/minidump/minidump.h"
#include "lib/process/store.h"

enum sym_module_syms {
	SYM_SYMS_NOT_TRIED,	/* no frame needed this module */
	SYM_SYMS_LOADED,
	SYM_SYMS_MISSING,	/* "WARNING: No symbols" */
	SYM_SYMS_CORRUPT,	/* "WARNING: Corrupt symbols" */
};

struct sym_thread {
	uint32_t id;
	const char *name;		/* NULL when unnamed */
	struct sym_stack stack;
	/* the stack memory the walk read (Breakpad's thread memory
	 * region), NULL when none or not walked; borrowed from the dump */
	const struct md_memory *memory;
	int walked;			/* a stack was produced */
	int unsupported_cpu;		/* only frame 0: cpu not unwound yet */
};

struct sym_process {
	const struct md_dump *dump;	/* borrowed */

	/* system info, as Breakpad prints it; "" when unknown */
	const char *os;			/* "Linux", "Windows NT", ... */
	const char *os_short;		/* "linux", "windows", ... */
	const char *os_version;
	const char *cpu;		/* "amd64", "x86", ... */
	const char *cpu_info;		/* "family 6 model 85 stepping 4" */
	unsigned cpu_count;

	int crashed;
	const char *crash_reason;	/* "SIGSEGV /SEGV_MAPERR" */
	uint64_t crash_address;
	const char *assertion;		/* "" when none */
	int requesting_thread;		/* index in threads, -1 none */
	int has_uptime;
	uint64_t uptime;		/* seconds */

	struct sym_thread *threads;
	size_t n_threads;
	/*
	 * Per dump module, as Breakpad's modules_without_symbols and
	 * modules_with_corrupt_symbols: MISSING or CORRUPT only when a
	 * walked frame landed in the module (stack scanning probes do not
	 * count), LOADED when its symbols were loaded, else NOT_TRIED.
	 */
	enum sym_module_syms *module_syms;
	int cpu_unsupported;		/* no unwinder for this cpu yet */
	/* GPU words (microdumps only), NULL or "" when unknown */
	const char *gl_version, *gl_vendor, *gl_renderer;

	void *priv_;

	/* Symbol servers: per dump module, the URL its symbols came from
	 * (or the first one tried when none had them), NULL when no
	 * server was asked; owned by the store. */
	const char **module_url;
};

struct sym_process_opts {
	unsigned max_frames;		/* 0: Breakpad's default */
	int no_scan;			/* -> sym_walk_env.allow_scan = 0 */
	int only_crashed;		/* walk just the requesting thread
					 * (faster; Breakpad walks all, which
					 * can add symbol warnings) */
};

/*
 * Process a dump.  store may be NULL (no symbols).  Problems reading a
 * symbol file go to d as warnings.  *out is freed with
 * sym_process_free(); it borrows dump and store, which must outlive it.
 */
int sym_process_dump(const struct md_dump *dump, struct sym_store *store,
		     const struct sym_process_opts *opts,
		     struct sym_process **out, struct sym_diag *d);
void sym_process_free(struct sym_process *p);

/*
 * The symbols processing loaded for module i, or NULL; never loads more.
 * A module without its own table gets that of a loaded module with the
 * same code file and the same debug id (Breakpad's resolver keys by code
 * file alone, which would lend one build's names to another).  Valid
 * until sym_process_free().
 */
struct sym_table *sym_process_symbols(const struct sym_process *p, int i);

#endif

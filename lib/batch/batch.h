/* SPDX-License-Identifier: MIT */
/*
 * batch.h - many dumps against one symbol store: each dump processed
 * and written as one JSON document per line, in input order, walked on
 * several threads that share the store (each symbol file is read once
 * for the whole batch).
 */
#ifndef SYMKIT_BATCH_H
#define SYMKIT_BATCH_H

#include <stdio.h>

#include "lib/core/err.h"
#include "lib/process/process.h"
#include "lib/process/store.h"

struct sig_rules;

#define SYM_BATCH_MAX_JOBS 256

struct sym_batch_opts {
	unsigned jobs;			/* threads; 0 or 1: this one */
	unsigned report_flags;		/* enum sym_report_flags */
	struct sym_process_opts popts;
	/* signature rules and frame count for the documents' "signature"
	 * (NULL, 0: the built-in lists and the default); shared read-only
	 * by the worker threads */
	const struct sig_rules *sig_rules;
	unsigned sig_frames;
	/* warnings (bad symbol lines...) of every dump; called from the
	 * worker threads, one call at a time */
	void (*warn)(void *ctx, const struct sym_diag *d, uint64_t offset,
		     unsigned long line, const char *msg);
	void *warn_ctx;
};

/*
 * Process paths[0, n) and write one line per dump to out:
 * {"path":"<path>", ...the --json document...} or, when the dump
 * cannot be read or processed, {"path":"<path>","error":"<message>"}.
 * *nfailed gets the number of error lines.  Returns SYM_OK, or a
 * SYM_E* code when out cannot be written or memory runs out (then d).
 */
int sym_batch_run(FILE *out, const char *const *paths, size_t n,
		  struct sym_store *store, const struct sym_batch_opts *o,
		  size_t *nfailed, struct sym_diag *d);

/* The dump paths of a list (one per line, blank lines skipped) read
 * from buf[0, len): a sym_malloc()ed array of strings into a copy. */
int sym_batch_split(const char *buf, size_t len, char ***paths, size_t *n);
void sym_batch_paths_free(char **paths, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * err.h - error codes and diagnostics for symkit.
 *
 * Library functions return SYM_OK (0) or one of the SYM_E* codes below.
 * Callers that want detail pass a struct sym_diag (or NULL): it receives
 * the byte offset or line and a lowercase message.  Only cmd/ prints.
 */
#ifndef SYMKIT_ERR_H
#define SYMKIT_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Append-only: never renumber. */
#define SYM_ERRORS(X) \
	X(SYM_OK, "success") \
	X(SYM_ENOMEM, "out of memory") \
	X(SYM_EIO, "read error") \
	X(SYM_EFORMAT, "malformed input") \
	X(SYM_ETRUNC, "truncated input") \
	X(SYM_EUNSUP, "unsupported format") \
	X(SYM_ENOENT, "not found") \
	X(SYM_ETOOBIG, "input too large")

enum sym_err {
#define X(code, msg) code,
	SYM_ERRORS(X)
#undef X
};

/* Static English text for an error code; never NULL. */
const char *sym_strerror(int err);

enum sym_diag_flags {
	SYM_DIAG_OFFSET = 1 << 0,	/* offset is meaningful */
	SYM_DIAG_LINE = 1 << 1,		/* line is meaningful */
};

/*
 * Diagnostic sink.  The caller owns it and sets `file` (borrowed) and,
 * optionally, `warn` to see every tolerated problem as it happens.
 * sym_diag_error() records the first hard error; sym_diag_warn() counts
 * a tolerated problem and calls `warn` if set.
 */
struct sym_diag {
	const char *file;
	int err;			/* first error recorded, SYM_OK if none */
	unsigned flags;			/* enum sym_diag_flags for err */
	uint64_t offset;
	unsigned long line;
	char msg[256];
	unsigned long nwarnings;
	void (*warn)(void *ctx, const struct sym_diag *d, uint64_t offset,
		     unsigned long line, const char *msg);
	void *warn_ctx;
};

/* Zero a diag and set its file name (borrowed). */
void sym_diag_init(struct sym_diag *d, const char *file);

/*
 * Record a hard error at a byte offset (flags SYM_DIAG_OFFSET) or at a
 * line (SYM_DIAG_LINE), keeping the first one.  Returns err so callers
 * can write `return sym_diag_error(d, SYM_ETRUNC, ...)`.  d may be NULL.
 */
int sym_diag_error(struct sym_diag *d, int err, unsigned flags,
		   uint64_t where, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The offset passed to a warn callback when the problem has no place. */
#define SYM_DIAG_NOWHERE UINT64_MAX

/*
 * Count and report a tolerated problem.  The warn callback gets the line
 * (flags SYM_DIAG_LINE), else the offset (SYM_DIAG_OFFSET), else
 * SYM_DIAG_NOWHERE.  d may be NULL.
 */
void sym_diag_warn(struct sym_diag *d, unsigned flags, uint64_t where,
		   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif

/* SPDX-License-Identifier: MIT */
/*
 * group.h - crash groups: JSON objects from stackwalk, retrace and
 * smap-resolve (one per line, or pretty-printed) counted by
 * fingerprint, with first and last seen times, a representative input,
 * an optional HyperLogLog of a field's distinct values, and the deeper
 * frames --split-check compares.  Memory grows with the number of
 * groups, never with the number of inputs.  Groups saved by
 * sig_groups_save() merge back (sig_groups_load()) into the union.
 *
 * What is read from an object:
 * - "signature" and "fingerprint" (16 hex digits) when present (a
 *   missing fingerprint is computed from the signature);
 * - objects with a "kind" or "frame" key and no signature (retrace's
 *   per-line and smap-resolve's per-frame objects) are passed over;
 * - else "crashing_thread"."frames" (rust-minidump's schema, with
 *   "function", "module", "module_offset", "offset", "inlines"): the
 *   native signature is computed; these frames also give the deeper
 *   frames when present;
 * - "timestamp": seconds since 1970 (a number or a numeric string) or
 *   an ISO 8601 UTC string "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm)";
 * - "deeper": the frames below the signature, when the object has no
 *   frames (retrace's and smap-resolve's "signature" objects);
 * - "path" (stackwalk --batch lines): the representative, instead of
 *   FILE:LINE;
 * - the --distinct field: a dotted path ("system_info.os_ver",
 *   "threads.0.thread_name": numbers index arrays), its string value or
 *   its JSON text.
 */
#ifndef SYMKIT_GROUP_H
#define SYMKIT_GROUP_H

#include <stdint.h>
#include <stdio.h>

#include "lib/core/err.h"
#include "lib/sig/hll.h"
#include "lib/sig/sig.h"

#define SIG_TIME_NONE INT64_MIN
#define SIG_DEEPER_MAX 8	/* distinct deeper stacks kept per group */

struct sig_deeper {
	uint64_t hash;		/* XXH3_64bits of text */
	uint64_t count;
	char *text;
};

struct sig_group {
	uint64_t fingerprint;
	uint64_t count;
	int64_t first, last;	/* SIG_TIME_NONE when no input had one */
	char *signature;
	/* the input with the earliest time (then the smallest name) */
	char *representative;
	int64_t rep_time;
	struct sig_hll distinct;
	struct sig_deeper deeper[SIG_DEEPER_MAX];
	unsigned n_deeper;
	uint64_t deeper_other;	/* inputs past SIG_DEEPER_MAX stacks */
	uint64_t deeper_none;	/* inputs without frames to compare */
};

struct sig_group_opts {
	const struct sig_rules *rules;	/* NULL: built-in lists */
	unsigned max_frames;		/* 0: SIG_DEFAULT_FRAMES */
	const char *distinct;		/* field to count, or NULL */
	int recompute;			/* native: signature from frames
					 * even when the input has one */
};

struct sig_groups;

/* opts is copied (its strings borrowed).  SYM_OK or SYM_ENOMEM. */
int sig_groups_new(const struct sig_group_opts *opts,
		   struct sig_groups **out);
void sig_groups_free(struct sig_groups *g);

/* Inputs counted, and inputs skipped for having neither a signature
 * nor frames. */
uint64_t sig_groups_inputs(const struct sig_groups *g);
uint64_t sig_groups_skipped(const struct sig_groups *g);

/*
 * Feed the text of one input stream, in chunks of any size (a line at a
 * time is the usual).  source names the stream in representatives
 * ("FILE:LINE").  A malformed object is reported through d's warn
 * callback with its line and skipped (reading resumes on the next
 * line).  Returns SYM_OK or SYM_ENOMEM.  sig_groups_end() closes the
 * stream (a truncated last object is reported).
 */
int sig_groups_feed(struct sig_groups *g, const char *source,
		    const char *buf, size_t len, struct sym_diag *d);
int sig_groups_end(struct sig_groups *g, struct sym_diag *d);

/*
 * Write the groups as a state file (JSON lines: a header, then one
 * object per group with its sketch and deeper stacks).  SYM_OK or
 * SYM_EIO.
 */
int sig_groups_save(const struct sig_groups *g, FILE *out);

/*
 * Merge a state file written by sig_groups_save() (buf, len): counts
 * add, times widen, sketches and deeper stacks unite.  A state made with
 * another --distinct field is refused (SYM_EFORMAT), as is a malformed
 * one (with its line in d).
 */
int sig_groups_load(struct sig_groups *g, const char *buf, size_t len,
		    struct sym_diag *d);

/*
 * The groups, biggest first (ties: smaller fingerprint first).  *out is
 * an array of borrowed pointers, valid until the next change; free it
 * with sym_free().  Returns the count, or (size_t)-1 when out of memory.
 */
size_t sig_groups_sorted(const struct sig_groups *g,
			 const struct sig_group ***out);

/*
 * Whether a group looks like two bugs under one signature: at least two
 * different deeper stacks, the second one seen in at least
 * max(2, count / 10) inputs.
 */
int sig_group_split(const struct sig_group *grp);

/* Seconds since 1970 as "YYYY-MM-DDTHH:MM:SSZ" ("-" for SIG_TIME_NONE). */
void sig_time_text(int64_t t, char out[32]);

/* Parse an ISO 8601 time as described above; 0 ok, -1 not one. */
int sig_time_parse(const char *s, int64_t *t);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * retrace.h - R8-compatible retracing of Java/Kotlin stack trace lines.
 *
 * A jvm_retrace holds the mapping (symfmt/proguard.h), the compiled line
 * pattern (R8's regex language: %c %C %m %s %l %S %t %f %a) and the
 * context R8 carries from line to line (the thrown exception for
 * rewriteFrame rules, the outline position).  jvm_retrace_line() turns
 * one input line into the output text R8 prints for it, plus the data:
 * the exception header (class and message) or the frame alternatives,
 * each a list of sym_frame, innermost first.
 */
#ifndef SYMKIT_RETRACE_H
#define SYMKIT_RETRACE_H

#include <stddef.h>

#include "lib/model/frame.h"
#include "symfmt/proguard.h"

enum jvm_flags {
	JVM_VERBOSE = 1 << 0,	/* R8 --verbose: full method signatures */
	JVM_MESSAGES = 1 << 1,	/* retrace names inside exception messages */
};

enum jvm_line_kind {
	JVM_LINE_OTHER,		/* nothing recognised: passed through */
	JVM_LINE_HEADER,	/* a class alone: exception header */
	JVM_LINE_FRAME,		/* class and method: a stack frame */
	JVM_LINE_FIELD,		/* class and field (custom patterns) */
};

/* R8's default line pattern. */
extern const char jvm_default_regex[];

/* One candidate for a frame line: frames[first..first+n), innermost first. */
struct jvm_alt {
	size_t first, n;
};

struct jvm_pool;

/*
 * The result for one input line.  All strings are owned by the result and
 * valid until jvm_line_release().
 */
struct jvm_line {
	enum jvm_line_kind kind;
	const char *text;	/* output lines, each ending in '\n' */
	size_t text_len;
	int mapped;		/* the class was found in the mapping */
	/* JVM_LINE_HEADER */
	const char *exception;	/* retraced exception class */
	const char *message;	/* text after "class: " or NULL */
	/* JVM_LINE_FRAME: alternatives (more than one: ambiguous) */
	struct jvm_alt *alts;
	size_t nalts;
	struct sym_frame *frames;
	size_t nframes;
	/* private */
	struct jvm_pool *pool_;
	char *textbuf_;
	size_t textcap_;
	size_t capframes_, capalts_;
};

struct jvm_retrace;

/*
 * New retracer over map (borrowed, must outlive it).  regex NULL means
 * R8's default.  Returns SYM_OK, SYM_ENOMEM or SYM_EFORMAT for a bad
 * pattern (message in err).
 */
int jvm_retrace_new(struct jvm_retrace **out, struct pg_map *map,
		    const char *regex, unsigned flags, char *err,
		    size_t errlen);
void jvm_retrace_free(struct jvm_retrace *r);

/*
 * Retrace line[0..len) (no line terminator).  *out is reset first; keep
 * reusing one struct jvm_line and release it at the end.  Returns SYM_OK
 * or SYM_ENOMEM.
 */
int jvm_retrace_line(struct jvm_retrace *r, const char *line, size_t len,
		     struct jvm_line *out);
void jvm_line_release(struct jvm_line *l);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * trace.h - JavaScript stack traces: parse V8/Node, Firefox and Safari
 * text into an error header and frames, resolve every frame that points
 * into a bundle with a source map, and give the rewritten lines.
 *
 * sym_js_trace_parse() keeps every input line; frame lines carry the
 * frame as printed (struct sym_frame: function, file, 1-based line and
 * column) and, after sym_js_trace_resolve(), the original one.  Lines
 * that are not frames, and frames without a map, stay as they were.
 */
#ifndef SYMKIT_TRACE_H
#define SYMKIT_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/js/jsmap.h"
#include "lib/model/frame.h"

enum sym_js_line_kind {
	SYM_JS_TEXT,		/* anything else, passed through */
	SYM_JS_HEADER,		/* "TypeError: message" */
	SYM_JS_FRAME,		/* one stack frame */
	SYM_JS_EXCERPT,		/* Node's "file:line" over code and caret */
};

enum sym_js_style {
	SYM_JS_V8,		/* "    at f (url:1:2)", "    at url:1:2" */
	SYM_JS_GECKO,		/* Firefox and Safari: "f@url:1:2" */
};

enum sym_js_name_from {
	SYM_JS_NAME_KEPT,	/* as printed */
	SYM_JS_NAME_SCOPE,	/* enclosing scope in the bundle */
	SYM_JS_NAME_CALLSITE,	/* mapping name at the caller */
	SYM_JS_NAME_SOURCE,	/* enclosing function in the original
				 * source (sourcesContent), when the
				 * bundle is not at hand */
};

struct sym_js_line {
	enum sym_js_line_kind kind;
	char *text;			/* the line, without its newline */
	/* SYM_JS_FRAME and SYM_JS_EXCERPT */
	enum sym_js_style style;
	size_t prefix_len;		/* text before the frame ("    at ") */
	char *qualifier;		/* "async ", "new " or "" */
	struct sym_frame raw;		/* as printed; function or NULL */
	int resolved;
	struct sym_frame orig;		/* function, file, line, column */
	enum sym_js_name_from name_from;
	const char *mapping_name;	/* the mapping's own name or NULL */
	uint32_t source_index;
	int ignored;			/* the source is ignore-listed */
	/* SYM_JS_EXCERPT: the two lines after the header */
	char *code, *caret;
	/* private: storage behind raw and orig; the map that answered */
	char *raw_fn_, *raw_file_, *orig_fn_, *orig_file_;
	struct sym_js_map *orig_map_;
	/*
	 * The input bytes of the line (for an excerpt, of its three
	 * lines), line endings included, and the ending of its last
	 * line: "\n", "\r\n" or "" at the end of the input.
	 */
	char *raw_line_;
	size_t raw_len_;
	const char *eol;
};

struct sym_js_trace {
	char *error_type;	/* "RangeError", NULL when there is none */
	char *message;		/* the text after "Type: " */
	struct sym_js_line *lines;
	size_t n, cap;
	size_t nframes, nresolved;
};

/* Parse a whole trace.  Returns SYM_OK or SYM_ENOMEM. */
int sym_js_trace_parse(const char *text, size_t len,
		       struct sym_js_trace **out);
void sym_js_trace_free(struct sym_js_trace *t);

/*
 * Where maps come from: next to a bundle (its sourceMappingURL, or
 * bundle + ".map"), in each directory of dirs (<bundle basename>.map,
 * or the bundle itself there), or by debug id among the maps in dirs.
 * Opened maps are cached until sym_js_resolver_free().
 */
struct sym_js_resolver;

int sym_js_resolver_new(const char *const *dirs, size_t ndirs,
			struct sym_js_resolver **out);
void sym_js_resolver_free(struct sym_js_resolver *r);

/* The map for a bundle URL or path, or NULL; borrowed. */
struct sym_js_map *sym_js_resolver_find(struct sym_js_resolver *r,
					const char *url);

/*
 * Resolve every frame of t.  Returns SYM_OK or SYM_ENOMEM; frames
 * that cannot be resolved are left as they are.
 */
int sym_js_trace_resolve(struct sym_js_trace *t, struct sym_js_resolver *r);

/*
 * The rewritten text of line i (a new string, sym_free), or NULL on
 * allocation failure.  Unresolved lines come back unchanged.
 */
char *sym_js_line_format(const struct sym_js_line *l);

/*
 * Line i as printed, with its line ending: the input bytes, unchanged,
 * for a line that is not rewritten (NUL bytes, CR and invalid UTF-8
 * included); the rewritten text and the original line ending for a
 * resolved frame.  A new buffer of *len bytes (sym_free), or NULL on
 * allocation failure.
 */
char *sym_js_line_render(const struct sym_js_line *l, size_t *len);

#endif

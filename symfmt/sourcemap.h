/* SPDX-License-Identifier: MIT */
/*
 * sourcemap.h - ECMA-426 source maps (regular and index maps).
 *
 * symfmt_sourcemap_parse() takes a buffer (the map's JSON, optionally
 * behind the XSSI prefix `)]}'`) and builds a struct sym_smap: sources
 * (raw, and resolved against sourceRoot the way mozilla `source-map`
 * 0.7 does), names, ignore list, debug id, and per section the decoded
 * mappings.  Everything in this API is 0-based (lines and UTF-16
 * columns), as in the `mappings` field; conversion to the 1-based
 * positions of stack traces happens in lib/js only.
 *
 * By default the top-level object is walked by a targeted scanner that
 * hands every member except `sourcesContent` to json-c and keeps
 * `mappings` as a borrowed span: a 14 MB map never becomes a 14 MB
 * tree.  SYM_SMAP_JSONC parses the whole input with json-c instead (the
 * parser of record; tests check both agree).  The parser never prints.
 */
#ifndef SYMKIT_SOURCEMAP_H
#define SYMKIT_SOURCEMAP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"

#define SYM_SMAP_NONE UINT32_MAX	/* no source / no name */

enum sym_smap_flags {
	SYM_SMAP_JSONC = 1 << 0,	/* whole-document json-c parse */
	SYM_SMAP_CONTENT = 1 << 1,	/* keep sourcesContent strings */
	SYM_SMAP_EAGER = 1 << 2,	/* decode and check all mappings now */
};

enum sym_smap_bias {
	SYM_SMAP_GLB,	/* greatest lower bound (mozilla's default) */
	SYM_SMAP_LUB,	/* least upper bound */
};

/* One decoded mapping segment; gen_line is implicit (line index). */
struct sym_smap_seg {
	uint32_t col;		/* generated column */
	uint32_t src;		/* global source index, SYM_SMAP_NONE: 1-field */
	uint32_t oline, ocol;	/* original position */
	uint32_t name;		/* global name index or SYM_SMAP_NONE */
};

struct sym_smap_source {
	const char *raw;	/* sources[i] verbatim, NULL for null */
	const char *url;	/* sourceRoot joined and normalised, or NULL */
	const char *content;	/* with SYM_SMAP_CONTENT, else NULL */
	size_t content_len;
	int has_content;	/* sourcesContent[i] is a string */
	int ignored;		/* in ignoreList / x_google_ignoreList */
};

struct sym_smap_section {
	uint32_t line, col;	/* offset of the section */
	uint32_t src_base, nsrc;	/* its sources in the global table */
	uint32_t name_base, nname;
	/* mappings text (borrowed from the input or owned) */
	const char *mappings;
	size_t mappings_len;
	uint64_t mappings_off;	/* offset of the text in the input */
	/* decoded lazily: line_start[nlines] == nsegs */
	int decoded;
	struct sym_smap_seg *segs;
	size_t nsegs;
	uint32_t *line_start;
	size_t nlines;
	char *owned_mappings;
};

struct sym_smap {
	int version;
	const char *file;		/* NULL when absent */
	const char *source_root;	/* NULL when absent */
	const char *debug_id;		/* canonical lowercase UUID or NULL */
	int is_index;			/* had `sections` */
	struct sym_smap_source *sources;
	size_t nsources;
	const char **names;
	size_t nnames;
	struct sym_smap_section *sections;
	size_t nsections;
	/* private */
	struct sym_smap_arena *arena_;
	int lenient_;
	const char *buf_;
	size_t len_;
};

/* The answer to one lookup (0-based); found == 0 when unmapped. */
struct sym_smap_pos {
	int found;
	uint32_t src;		/* SYM_SMAP_NONE for a null source */
	uint32_t line, col;
	uint32_t name;		/* SYM_SMAP_NONE when none */
	uint32_t gen_line, gen_col;	/* the segment that answered */
};

/*
 * Parse a source map from buf[0, len).  The buffer must stay valid and
 * unchanged until symfmt_sourcemap_free() (mappings are borrowed).
 * flags: enum sym_smap_flags.  Returns SYM_OK, SYM_EFORMAT (with a
 * positioned message in d: what and where), SYM_ENOMEM.  A valid map
 * under the ECMA-426 rules parses; an invalid one does not, except
 * that mappings are only checked when decoded (SYM_SMAP_EAGER checks
 * them all up front, as --validate does).  Lazily decoded mappings skip
 * empty segments (",,"), as mozilla does, instead of failing the map.
 */
int symfmt_sourcemap_parse(struct sym_smap **out, const char *buf,
			   size_t len, unsigned flags, struct sym_diag *d);

void symfmt_sourcemap_free(struct sym_smap *m);

/*
 * Decode every section's mappings (if not yet done).  Returns SYM_OK or
 * SYM_EFORMAT with the line and column of the bad segment in d.
 */
int symfmt_sourcemap_decode(struct sym_smap *m, struct sym_diag *d);

/*
 * originalPositionFor as mozilla source-map 0.7: the section holding
 * (line, col) is searched with the given bias, never leaving the
 * generated line; duplicates at one generated position resolve the way
 * mozilla's binary search does.  1-field segments give found == 0.
 * Decodes lazily (errors as symfmt_sourcemap_decode, p->found == 0).
 */
int symfmt_sourcemap_lookup(struct sym_smap *m, uint32_t line, uint32_t col,
			    enum sym_smap_bias bias, struct sym_smap_pos *p,
			    struct sym_diag *d);

/*
 * The same answer for a map that is looked up once: decodes only up
 * to the line asked and counts the segments after it, never storing
 * the whole table.  The rest of the mappings is still checked for
 * base64 and separator errors.
 */
int symfmt_sourcemap_lookup_once(struct sym_smap *m, uint32_t line,
				 uint32_t col, enum sym_smap_bias bias,
				 struct sym_smap_pos *p, struct sym_diag *d);

/* Total mappings over all sections (decodes them). */
size_t symfmt_sourcemap_count(struct sym_smap *m);

/*
 * Join a sourceRoot (may be NULL) and a source the way mozilla
 * source-map 0.7's computeSourceURL does without a map URL (WHATWG URL
 * rules: dot segments removed, backslashes in relative paths turned to
 * slashes, spaces and other unsafe bytes percent-encoded).  Returns a
 * new string (sym_free) or NULL on allocation failure.
 */
char *symfmt_sourcemap_join_url(const char *root, const char *path);

/*
 * Resolve `ref` against the URL or path of a base file (the directory
 * of base is used: "dist/app.js" + "../src/a.js" -> "src/a.js").
 * Returns a new string (sym_free) or NULL.
 */
char *symfmt_sourcemap_resolve(const char *base, const char *ref);

/*
 * Find the `//# sourceMappingURL=` (or `//@`) comment of a bundle: the
 * last one at the start of a line.  Returns a borrowed
 * span in *url and *n, or 0 when there is none.  Same for `//# debugId=`.
 */
int symfmt_sourcemap_find_url(const char *js, size_t len, const char **url,
			      size_t *n);
int symfmt_sourcemap_find_debug_id(const char *js, size_t len, char out[37]);

/*
 * Decode a `data:` URL (base64 or percent-encoded) into a new buffer
 * (sym_free).  Returns SYM_OK, SYM_EFORMAT or SYM_ENOMEM.
 */
int symfmt_sourcemap_data_url(const char *url, size_t n, char **out,
			      size_t *outlen);

#endif

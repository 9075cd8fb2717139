/* SPDX-License-Identifier: MIT */
/*
 * jsmap.h - source maps as JavaScript tools meet them: a map file, a
 * bundle pointing at its map with `//# sourceMappingURL=` (a path or
 * an inline data: URL), and lookups in the 1-based positions of stack
 * traces.  This is the one place where trace positions (line and column
 * 1-based) become source-map positions (0-based) and back.
 */
#ifndef SYMKIT_JSMAP_H
#define SYMKIT_JSMAP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/core/io.h"
#include "symfmt/sourcemap.h"

struct sym_js_scopes;

struct sym_js_map {
	struct sym_smap *smap;
	char *map_path;		/* where the map was read (sources resolve
				 * against it); the bundle for inline maps */
	char *bundle_path;	/* the bundle, when known */
	char *url;		/* where the map logically is (the bundle's
				 * URL + its sourceMappingURL), or NULL */
	char debug_id[37];	/* from the map or the bundle; "" if none */
	/* private */
	struct sym_map map_file_;
	char *inline_;		/* decoded data: URL */
	struct sym_map bundle_;
	int bundle_loaded_;
	struct sym_js_scopes *scopes_;
	int scopes_done_;
};

/* A resolved position, 1-based as traces print them. */
struct sym_js_pos {
	int found;
	uint32_t source_index;	/* SYM_SMAP_NONE for a null source */
	const char *source;	/* sourceRoot applied; NULL for null */
	const char *raw_source;
	uint32_t line, column;	/* 1-based */
	const char *name;	/* mapping name or NULL */
	int ignored;
	const struct sym_js_map *map;	/* the map that answered */
};

/*
 * Open `path`: a source map, or a bundle whose sourceMappingURL names
 * one (relative to the bundle, or inline).  flags: enum sym_smap_flags.
 * Returns SYM_OK, SYM_ENOENT (no map found), SYM_EIO, SYM_EFORMAT,
 * SYM_ENOMEM.  Close with sym_js_map_close().
 */
int sym_js_map_open(const char *path, unsigned flags, struct sym_js_map **out,
		    struct sym_diag *d);

/* Open a map whose bundle is `bundle` (kept for scope names). */
int sym_js_map_open_for(const char *map_path, const char *bundle,
			unsigned flags, struct sym_js_map **out,
			struct sym_diag *d);

void sym_js_map_close(struct sym_js_map *m);

/* 1 when buf looks like a source map (JSON or the XSSI prefix). */
int sym_js_is_map(const uint8_t *buf, size_t len);

/*
 * Look up a 1-based (line, column) in chain[0], then the answer in
 * chain[1] and so on (bundle -> transpiled -> original); a later map
 * that has no answer leaves the previous one.  once: the map is asked
 * once only (no full decode).  Returns SYM_OK (out->found tells),
 * or the decoding error of a map.
 */
int sym_js_lookup(struct sym_js_map *const *chain, size_t n, uint32_t line,
		  uint32_t column, enum sym_smap_bias bias, int once,
		  struct sym_js_pos *out, struct sym_diag *d);

/*
 * The source of a resolved position as a trace should print it: the
 * source resolved against the map's location ("/app/dist/x.js.map" +
 * "../src/a.js" -> "/app/src/a.js"), absolute URLs kept.  Returns a new
 * string (sym_free) or NULL.
 */
char *sym_js_source_path(const struct sym_js_pos *p);

/*
 * The same source resolved against where the map file really is (a -d
 * directory, say): where an intermediate file of a chain can be found.
 */
char *sym_js_source_local(const struct sym_js_pos *p);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * scopes.h - function scopes of a (minified) JavaScript bundle and
 * their original names, the way Sentry's js-source-scopes finds them:
 * a tokenizer finds every function, arrow, method and class body with
 * the tokens that name it (`function p`, `var d = (...) =>`,
 * `o = class { checkLine() {} }`), and each identifier among those is
 * renamed through the source map when a mapping starts exactly on it
 * and carries a name ("p" -> "assertPositive", "o.checkLine" ->
 * "OrderProcessor.checkLine").  Positions are 0-based, columns in
 * UTF-16 code units like the map's.
 */
#ifndef SYMKIT_SCOPES_H
#define SYMKIT_SCOPES_H

#include <stddef.h>
#include <stdint.h>

#include "symfmt/sourcemap.h"

struct sym_js_scopes;

/*
 * Scan a bundle.  Never fails on bad JavaScript (scopes it cannot
 * follow are just missing); returns SYM_OK or SYM_ENOMEM.  The source
 * map (may be NULL) renames identifiers.  Free with sym_js_scopes_free.
 */
int sym_js_scopes_scan(const char *js, size_t len, struct sym_smap *map,
		       struct sym_js_scopes **out);

void sym_js_scopes_free(struct sym_js_scopes *s);

enum sym_js_scope_kind {
	SYM_JS_SCOPE_NONE,	/* top level: no function holds the place */
	SYM_JS_SCOPE_NAMED,
	SYM_JS_SCOPE_ANONYMOUS,
};

/*
 * The innermost function scope holding (line, col).  *name gets its
 * original name (borrowed until sym_js_scopes_free) for NAMED.
 */
enum sym_js_scope_kind sym_js_scopes_find(const struct sym_js_scopes *s,
					  uint32_t line, uint32_t col,
					  const char **name);

/* Number of scopes found (tests). */
size_t sym_js_scopes_count(const struct sym_js_scopes *s);

#endif

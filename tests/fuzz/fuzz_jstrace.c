/* SPDX-License-Identifier: MIT */
/*
 * fuzz_jstrace.c - libFuzzer target: the input as a stack trace
 * (parsed, resolved without maps, every line formatted) and as a
 * JavaScript bundle (function scopes scanned and asked).
 */
#include <stdint.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/js/scopes.h"
#include "lib/js/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sym_js_trace *t;
	struct sym_js_scopes *s;
	struct sym_js_resolver *r;
	size_t i;

	if (!sym_js_trace_parse((const char *)d, n, &t)) {
		if (!sym_js_resolver_new(NULL, 0, &r)) {
			/* no directories: nothing resolves, nothing is read
			 * unless a frame names an existing file */
			for (i = 0; i < t->n; i++) {
				char *f = sym_js_line_format(&t->lines[i]);

				sym_free(f);
			}
			sym_js_resolver_free(r);
		}
		sym_js_trace_free(t);
	}
	if (!sym_js_scopes_scan((const char *)d, n, NULL, &s)) {
		const char *name;

		for (i = 0; i + 1 < n && i < 32; i += 2)
			sym_js_scopes_find(s, d[i] % 4, d[i + 1], &name);
		sym_js_scopes_free(s);
	}
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * fuzz_siglist.c - libFuzzer target for lib/sig's text inputs: the bytes
 * as a signature list file, then each line as a function name, a
 * message, a JS header and a frame list for the native, JVM and JS
 * rules.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/sig/sig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NF 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sig_rules *r;
	struct sig_frame f[NF];
	struct sig_exception e;
	struct sig_result res;
	char *text, out[256];
	const char *msg;
	size_t i, n = 0, tl;
	char *s, *nl;

	if (sig_rules_new(&r))
		return 0;
	sig_rules_add(r, "fuzz-native-skip.txt", (const char *)data, size,
		      NULL);
	if (!(text = sym_strndup((const char *)data, size))) {
		sig_rules_free(r);
		return 0;
	}
	memset(f, 0, sizeof(f));
	for (s = text; s && *s && n < NF; s = nl) {
		nl = strchr(s, '\n');
		if (nl)
			*nl++ = '\0';
		sig_normalize_function(s, out, sizeof(out));
		sig_normalize_message(s, out, sizeof(out));
		sig_js_type(s, out, sizeof(out));
		sig_js_header_like(s);
		sig_split_header(s, &tl, &msg);
		f[n].function = n % 3 ? s : NULL;
		f[n].module = n % 2 ? "m" : NULL;
		f[n].file = s;
		f[n].offset = n;
		f[n].ignored = n % 5 == 4;
		n++;
	}
	for (i = 1; i <= 3; i++) {
		if (!sig_native(r, f, n, (unsigned)i, &res))
			sig_result_release(&res);
	}
	e.type = n ? f[0].file : "T";
	e.message = n > 1 ? f[1].file : NULL;
	e.frames = f;
	e.n_frames = n;
	if (!sig_jvm(r, &e, 1, 0, &res))
		sig_result_release(&res);
	if (!sig_js(r, &e, 0, &res))
		sig_result_release(&res);
	sym_free(text);
	sig_rules_free(r);
	return 0;
}

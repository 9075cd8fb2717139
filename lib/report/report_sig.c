/* SPDX-License-Identifier: MIT */
/*
 * report_sig.c - the crash signature of a processed dump: the crashing
 * (or dump-requesting) thread's frames, inline frames included, handed
 * to lib/sig's native rules.
 */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/report/report.h"
#include "lib/report/report_int.h"

/* Enough for the signature and the deeper frames --split-check uses. */
#define SIG_FRAMES_MAX 128

int sym_report_signature(const struct sym_process *p,
			 const struct sig_rules *rules, unsigned max_frames,
			 struct sig_result *out)
{
	const struct sym_thread *t;
	struct sig_rules *own = NULL;
	struct sig_frame *sf;
	size_t i, n;
	int err;

	memset(out, 0, sizeof(*out));
	if (!rules) {
		if ((err = sig_rules_new(&own)))
			return err;
		rules = own;
	}
	if (p->requesting_thread < 0 ||
	    (size_t)p->requesting_thread >= p->n_threads) {
		static const char empty[] = "EMPTY: no crashing thread "
					    "identified";

		out->signature = sym_strndup(empty, sizeof(empty) - 1);
		out->deeper = sym_strndup("", 0);
		sig_rules_free(own);
		if (!out->signature || !out->deeper) {
			sig_result_release(out);
			return SYM_ENOMEM;
		}
		out->fingerprint = sig_fingerprint(empty, sizeof(empty) - 1);
		return SYM_OK;
	}
	t = &p->threads[p->requesting_thread];
	n = t->stack.n < SIG_FRAMES_MAX ? t->stack.n : SIG_FRAMES_MAX;
	sf = sym_calloc(n ? n : 1, sizeof(*sf));
	if (!sf) {
		sig_rules_free(own);
		return SYM_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const struct sym_frame *f = &t->stack.frames[i];
		const struct md_module *m = sym_report_frame_module(p, f);

		sf[i].function = f->function;
		sf[i].file = f->file;
		if (m) {
			sf[i].module = sym_report_basename(m->code_file);
			sf[i].offset = f->instruction - m->base;
		} else {
			sf[i].offset = f->instruction;
		}
	}
	err = sig_native(rules, sf, n, max_frames, out);
	sym_free(sf);
	sig_rules_free(own);
	return err;
}

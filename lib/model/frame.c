/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/model/frame.h"

void sym_frame_clear_symbols(struct sym_frame *f)
{
	f->function = NULL;
	f->function_base = 0;
	f->param_size = 0;
	f->is_multiple = 0;
	f->file = NULL;
	f->line = 0;
	f->column = 0;
	f->line_base = 0;
}

int sym_stack_push(struct sym_stack *s, const struct sym_frame *f)
{
	struct sym_frame *nf;
	size_t ncap;

	if (s->n == s->cap) {
		ncap = s->cap ? s->cap * 2 : 16;
		nf = sym_reallocarray(s->frames, ncap, sizeof(*nf));
		if (!nf)
			return SYM_ENOMEM;
		s->frames = nf;
		s->cap = ncap;
	}
	s->frames[s->n++] = *f;
	return SYM_OK;
}

void sym_stack_release(struct sym_stack *s)
{
	sym_free(s->frames);
	memset(s, 0, sizeof(*s));
}

const char *sym_trust_text(enum sym_trust t)
{
	switch (t) {
	case SYM_TRUST_CONTEXT:
		return "given as instruction pointer in context";
	case SYM_TRUST_PREWALKED:
		return "recovered by external stack walker";
	case SYM_TRUST_CFI:
		return "call frame info";
	case SYM_TRUST_CFI_SCAN:
		return "call frame info with scanning";
	case SYM_TRUST_FP:
		return "previous frame's frame pointer";
	case SYM_TRUST_SCAN:
		return "stack scanning";
	case SYM_TRUST_INLINE:
		return "inline record";
	case SYM_TRUST_LR:
		return "link register";
	case SYM_TRUST_LEAF:
		return "simulating a return from leaf function";
	case SYM_TRUST_NONE:
		break;
	}
	return "unknown";
}

const char *sym_trust_json(enum sym_trust t)
{
	switch (t) {
	case SYM_TRUST_CONTEXT:
		return "context";
	case SYM_TRUST_PREWALKED:
		return "prewalked";
	case SYM_TRUST_CFI:
		return "cfi";
	case SYM_TRUST_CFI_SCAN:
		return "cfi_scan";
	case SYM_TRUST_FP:
		return "frame_pointer";
	case SYM_TRUST_SCAN:
		return "scan";
	case SYM_TRUST_INLINE:
		return "inline";
	case SYM_TRUST_LR:
		return "link_register";
	case SYM_TRUST_LEAF:
		return "leaf";
	case SYM_TRUST_NONE:
		break;
	}
	return "none";
}

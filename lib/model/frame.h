/* SPDX-License-Identifier: MIT */
/*
 * frame.h - the frame model shared by every symkit tool.
 *
 * A sym_frame is one line of a stack trace: where it is (instruction,
 * module), what it resolves to (function, file, line) and, for native
 * stacks, how it was found (trust) and the registers recovered for it.
 * Lines and columns are 1-based; 0 means unknown.  Addresses are
 * absolute (module base already added).
 */
#ifndef SYMKIT_FRAME_H
#define SYMKIT_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "lib/model/regs.h"

/* How a native frame was found; Breakpad's StackFrame::FrameTrust. */
enum sym_trust {
	SYM_TRUST_NONE,		/* unknown */
	SYM_TRUST_SCAN,		/* stack scanning */
	SYM_TRUST_CFI_SCAN,	/* stack scanning, then CFI */
	SYM_TRUST_FP,		/* previous frame's frame pointer */
	SYM_TRUST_CFI,		/* call frame info */
	SYM_TRUST_PREWALKED,	/* taken from a prewalked stack */
	SYM_TRUST_CONTEXT,	/* given as instruction pointer in context */
	SYM_TRUST_INLINE,	/* inline record */
	SYM_TRUST_LR,		/* link register (arm, arm64) */
	SYM_TRUST_LEAF,		/* simulated return from a leaf (win64) */
};

struct sym_frame {
	uint64_t instruction;	/* pc; for callers the return address */
	int module;		/* index in the module list, -1 if none */
	uint64_t module_base;

	/* symbolication; function NULL when unresolved */
	const char *function;	/* borrowed from the symbol table */
	uint64_t function_base;
	uint32_t param_size;
	int is_multiple;	/* FUNC/PUBLIC 'm': folded identical code */
	const char *file;	/* NULL when there is no line */
	uint32_t line;
	uint32_t column;
	uint64_t line_base;

	enum sym_trust trust;
	struct sym_context ctx;	/* registers recovered for this frame */

	/* JVM frames (retrace): function is the method, file and line the
	 * original source position. */
	const char *class_name;	/* original class; NULL for native frames */
	int inlined;		/* inlined into the next (outer) frame */
};

/* A growable array of frames, innermost first. */
struct sym_stack {
	struct sym_frame *frames;
	size_t n, cap;
};

/* Forget a frame's symbolication (function, file, line...), keeping its
 * address, module, trust and registers. */
void sym_frame_clear_symbols(struct sym_frame *f);

/* Append a frame (copied); returns SYM_OK or SYM_ENOMEM. */
int sym_stack_push(struct sym_stack *s, const struct sym_frame *f);
void sym_stack_release(struct sym_stack *s);

/* Breakpad's words for a trust, e.g. "call frame info". */
const char *sym_trust_text(enum sym_trust t);
/* rust-minidump's JSON names, e.g. "cfi", "frame_pointer", "scan". */
const char *sym_trust_json(enum sym_trust t);

#endif

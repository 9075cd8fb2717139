/* SPDX-License-Identifier: MIT */
/*
 * walk.h - the stack walker.
 *
 * Frame 0 comes from the context; each caller is then found by CFI, by
 * the frame pointer, or by stack scanning, in Breakpad's order and with
 * Breakpad's acceptance rules.  Every frame is symbolized as it is found
 * (inline frames from INLINE records are inserted before their physical
 * frame).  Memory comes through a callback; modules and symbols through
 * sym_walk_env, so minidumps and test fixtures plug in alike.
 */
#ifndef SYMKIT_WALK_H
#define SYMKIT_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/unwind/cfi.h"
#include "lib/model/frame.h"
#include "lib/model/regs.h"
#include "lib/model/symtab.h"

struct sym_walk_env {
	/* stack memory of the thread */
	sym_read_fn read;
	void *read_ctx;
	/*
	 * Module containing addr: returns its index and sets *base and
	 * *size, or returns -1.
	 */
	int (*module_at)(void *ctx, uint64_t addr, uint64_t *base,
			 uint64_t *size);
	/*
	 * Symbols of module i, loaded on first use; NULL when the module
	 * has none (the callee records it as missing).
	 */
	struct sym_table *(*symbols)(void *ctx, int module);
	void *ctx;
	/* 0: Breakpad's default limit */
	unsigned max_frames;
	/* stack scanning allowed (Breakpad's default: yes) */
	int allow_scan;
	/* Breakpad's os_short ("linux", "windows"...) or NULL: Windows
	 * x64 stacks skip frame pointers and simulate leaf returns */
	const char *os_short;
	/* end (base + size) of the module with the highest base, 0 when
	 * none: arm64 strips pointer-authentication bits above it */
	uint64_t modules_end;
	/* the thread's memory region (start, size), which Breakpad's mips
	 * walker refuses when it reaches past the top of the space */
	uint64_t stack_start, stack_size;
};

/*
 * Walk the stack from ctx into out (appended, innermost first).
 * Returns SYM_OK, SYM_EUNSUP for a cpu with no walker yet (out then
 * holds frame 0 only, symbolized), or SYM_ENOMEM.
 */
int sym_walk(const struct sym_context *ctx, const struct sym_walk_env *env,
	     struct sym_stack *out);

/*
 * Fill a frame's module and symbol fields as the walker does, and return
 * its inline frames as sym_table_lookup() would (owned by the table,
 * valid until its next lookup).  Caller frames are looked up at their
 * return address minus one (Breakpad's StackFrame::instruction), context
 * frames at the pc; inline frames carry that lookup address.  Returns 1
 * when symbols resolved something, 0 when not, -SYM_ENOMEM.
 */
int sym_walk_symbolize(const struct sym_walk_env *env, struct sym_frame *f,
		       struct sym_frame **inlines, size_t *n_inlines);

#endif

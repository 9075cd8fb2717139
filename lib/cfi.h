/* SPDX-License-Identifier: MIT */
/*
 * cfi.h - Breakpad STACK CFI rules and their postfix expressions.
 *
 * A rule set is text like ".cfa: $rsp 16 + .ra: .cfa -8 + ^ $rbx: .cfa
 * -24 + ^", the INIT record followed by deltas (later rules win).
 * sym_cfi_unwind() evaluates it against the callee's registers and
 * memory and gives the caller's registers, as Breakpad's CFIFrameInfo.
 */
#ifndef SYMKIT_CFI_H
#define SYMKIT_CFI_H

#include <stddef.h>
#include <stdint.h>

#include "regs.h"
#include "symtab.h"

/* Memory reader: copy len bytes at addr into buf; 0 ok, -1 not there. */
typedef int (*sym_read_fn)(void *ctx, uint64_t addr, void *buf, size_t len);

/*
 * Recover the caller's registers.  callee: registers of the frame being
 * unwound (valid mask honoured).  caller receives .cfa as the stack
 * pointer, .ra as the pc, and every register with a rule (others are
 * left invalid: the arch walker decides which callee-saved ones carry
 * over).  Returns 0 on success, -1 when .cfa or .ra cannot be computed or
 * the rules do not parse.
 */
int sym_cfi_unwind(enum sym_cpu cpu, const struct sym_cfi_text *rules,
		   const struct sym_context *callee, sym_read_fn read,
		   void *read_ctx, struct sym_context *caller);

/*
 * Evaluate one postfix expression (for tests and STACK WIN programs).
 * Variables are looked up in ctx by name ($rsp, .cfa...).  Returns 0 and
 * *out, or -1.
 */
int sym_postfix_eval(enum sym_cpu cpu, const char *expr, size_t len,
		     const struct sym_context *regs, int have_cfa,
		     uint64_t cfa, sym_read_fn read, void *read_ctx,
		     uint64_t *out);

#endif

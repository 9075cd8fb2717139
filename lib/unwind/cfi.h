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

#include "lib/model/regs.h"
#include "lib/model/symtab.h"

/* Memory reader: copy len bytes at addr into buf; 0 ok, -1 not there. */
typedef int (*sym_read_fn)(void *ctx, uint64_t addr, void *buf, size_t len);

/*
 * Recover the caller's registers.  callee: registers of the frame being
 * unwound (valid mask honoured).  caller receives .cfa as the stack
 * pointer, .ra as the pc, and every register with a rule (others are
 * left invalid: the arch walker decides which callee-saved ones carry
 * over); registers without a value hold Breakpad's 0xdada... filler.
 * Rules: the INIT set must parse or there is no CFI; a delta that fails
 * to parse keeps the rules it reported before the error.  A rule for a
 * register ("$rsp") wins over .cfa/.ra.  Returns 1 on success, 0 when
 * .cfa or .ra is missing or cannot be computed or the INIT set does not
 * parse, -SYM_ENOMEM.
 */
int sym_cfi_unwind(enum sym_cpu cpu, const struct sym_cfi_text *rules,
		   const struct sym_context *callee, sym_read_fn read,
		   void *read_ctx, struct sym_context *caller);

/*
 * sym_cfi_unwind(), also giving the values of .cfa and .ra themselves
 * (when it returns 1; either pointer may be NULL), for walkers that
 * use them over the registers' own rules (Breakpad's mips).
 */
int sym_cfi_unwind_ex(enum sym_cpu cpu, const struct sym_cfi_text *rules,
		      const struct sym_context *callee, sym_read_fn read,
		      void *read_ctx, struct sym_context *caller,
		      uint64_t *cfa_out, uint64_t *ra_out);

/*
 * Evaluate one postfix expression as Breakpad's PostfixEvaluator::
 * EvaluateForValue (for tests and STACK WIN programs).  Values wrap at
 * the cpu's pointer size; ^ reads a pointer through read.  Variables
 * are the valid registers of regs ("$rsp" on x86/amd64, "sp" on other
 * cpus; arm64's fp and lr are "x29" and "x30", as in Breakpad's
 * StackwalkerARM64), .cfa when have_cfa, and '$' names assigned with '='.  Returns 1
 * and *out, 0 when the expression fails, -SYM_ENOMEM.
 */
int sym_postfix_eval(enum sym_cpu cpu, const char *expr, size_t len,
		     const struct sym_context *regs, int have_cfa,
		     uint64_t cfa, sym_read_fn read, void *read_ctx,
		     uint64_t *out);

/* A named value of a postfix program's dictionary. */
struct sym_pf_var {
	const char *name;	/* "$ebp", ".raSearchStart"... */
	uint64_t v;
	int present;		/* has a value (else reading it fails) */
	int assigned;		/* the program assigned it */
};

/*
 * Run a postfix program as Breakpad's PostfixEvaluator::Evaluate (STACK
 * WIN program strings): assignments "$name value =", and the stack must
 * end empty.  dict holds the names the caller provides (present) or
 * wants back; assignments to other '$' names ($T0...) last for the run
 * only.  As in Breakpad, assignments made before a failure stay in dict.
 * Returns 1 on success, 0 on failure, -SYM_ENOMEM.
 */
int sym_postfix_program(enum sym_cpu cpu, const char *prog, size_t len,
			struct sym_pf_var *dict, size_t ndict, sym_read_fn read,
			void *read_ctx);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * walk_mips.c - the mips and mips64 unwinder, as Breakpad's
 * StackwalkerMIPS: CFI, then a stack scan that also wants a plausible
 * saved fp below the return address; no frame pointer chain.  The word
 * width follows the context (its MD_CONTEXT_MIPS flag: 32 bits, else
 * 64), and pc is the return address minus two instructions.
 *
 * Breakpad's quirks kept: every general register, valid or not, is in
 * the CFI dictionary; only s0..s7, gp, sp, fp, ra and pc have validity;
 * .cfa and .ra override any rule for $sp and $ra.
 */
#include <string.h>

#include "lib/core/err.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk_int.h"

#define MD_CONTEXT_MIPS 0x00040000u
#define MIPS_MAX_FRAME 1024	/* kMaxFrameStackSize */
#define MIPS_MIN_ARGS 4		/* kMinArgsOnStack (mips32) */

/* Registers Breakpad's StackFrameMIPS can call valid. */
#define MIPS_VALIDITY ((BIT(SYM_MIPS_S7 + 1) - BIT(SYM_MIPS_S0)) | \
		       (BIT(SYM_MIPS_RA + 1) - BIT(SYM_MIPS_GP)) | \
		       BIT(SYM_MIPS_PC))

/* The general registers (the CFI dictionary: $zero..$ra). */
#define MIPS_GENERAL (BIT(32) - 1)

static int is32(const struct walker *w)
{
	return (w->last.ctx.raw_flags & MD_CONTEXT_MIPS) != 0;
}

static uint64_t wmask(const struct walker *w)
{
	return is32(w) ? 0xffffffffULL : ~0ULL;
}

/* Breakpad's constructor drops a memory region reaching past the top of
 * the space (its size is a 32-bit count). */
static int memory_usable(const struct walker *w)
{
	uint32_t last = (uint32_t)w->env->stack_size - 1;

	if (!w->env->read)
		return 0;
	return !(wmask(w) - w->env->stack_start < last);
}

static int mips_by_cfi(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	struct sym_context callee = last->ctx, got;
	struct sym_cfi_text text;
	struct sym_table *t;
	uint64_t cfa, ra, m = wmask(w), carry;
	unsigned i;
	int r;

	if (last->module < 0 || !(t = walk_symbols_of(w->env, last->module)))
		return 0;
	r = sym_table_find_cfi(t, last->instruction - last->module_base,
			       &text);
	if (r <= 0)
		return r;
	/* 32-bit mode: the dictionary's values are 32 bits */
	callee.cpu = is32(w) ? SYM_CPU_MIPS : SYM_CPU_MIPS64;
	callee.valid = MIPS_GENERAL;
	r = sym_cfi_unwind_ex(callee.cpu, &text, &callee, w->env->read,
			      w->env->read_ctx, &got, &cfa, &ra);
	if (r <= 0)
		return r;
	/* callee-saved: s0..s7, and sp, fp (mips32) or gp, sp, fp */
	carry = (BIT(SYM_MIPS_S7 + 1) - BIT(SYM_MIPS_S0)) |
		BIT(SYM_MIPS_SP) | BIT(SYM_MIPS_FP) |
		(is32(w) ? 0 : BIT(SYM_MIPS_GP));
	walk_init_caller(w, c);
	memset(c->ctx.regs, 0, sizeof(c->ctx.regs));
	c->ctx.valid = 0;
	got.regs[SYM_MIPS_SP] = cfa;
	got.regs[SYM_MIPS_RA] = ra;
	got.valid |= BIT(SYM_MIPS_SP) | BIT(SYM_MIPS_RA);
	for (i = 0; i < 32; i++) {
		if (got.valid & BIT(i)) {
			c->ctx.regs[i] = got.regs[i] & m;
			c->ctx.valid |= BIT(i) & MIPS_VALIDITY;
		} else if ((carry & BIT(i)) && (last->ctx.valid & BIT(i))) {
			c->ctx.regs[i] = last->ctx.regs[i];
			c->ctx.valid |= BIT(i);
		}
	}
	c->ctx.regs[SYM_MIPS_PC] = (ra - 2 * (is32(w) ? 4 : 8)) & m;
	c->ctx.valid |= BIT(SYM_MIPS_PC) | BIT(SYM_MIPS_RA);
	c->ctx.cpu = last->ctx.cpu;
	c->trust = SYM_TRUST_CFI;
	return 1;
}

static int mips_by_scan(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	unsigned psize = is32(w) ? 4 : 8;
	uint64_t m = wmask(w), sp = last->ctx.regs[SYM_MIPS_SP] & m;
	uint64_t csp, cpc, cfp;
	long count = MIPS_MAX_FRAME / psize;

	if (is32(w) && w->n_frames > 1) {
		/* a non-leaf mips32 frame keeps room for 4 arguments */
		sp = (sp + MIPS_MIN_ARGS * psize) & m;
		count -= MIPS_MIN_ARGS;
	}
	do {
		if (!walk_scan_for_return(w, sp, (unsigned)count, &csp, &cpc))
			return 0;
		if (!walk_read_word(w->env, psize, (csp - psize) & m, &cfp))
			return 0;
		count -= (long)(((csp - sp) & m) / psize);
		sp = (csp + psize) & m;
	} while (((cfp - csp) & m) >= MIPS_MAX_FRAME && count > 0);
	if (!count)
		return 0;
	csp = (csp + psize) & m;
	cpc = (cpc - 2 * psize) & m;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_MIPS_PC] = cpc;
	c->ctx.regs[SYM_MIPS_SP] = csp;
	c->ctx.regs[SYM_MIPS_FP] = cfp;
	c->ctx.regs[SYM_MIPS_RA] = (cpc + 2 * psize) & m;
	c->ctx.valid = BIT(SYM_MIPS_PC) | BIT(SYM_MIPS_SP) |
		       BIT(SYM_MIPS_FP) | BIT(SYM_MIPS_RA);
	c->trust = SYM_TRUST_SCAN;
	return 1;
}

static int mips_caller(struct walker *w, int scan_allowed,
		       struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	int r;

	if (!memory_usable(w))
		return 0;
	r = mips_by_cfi(w, c);
	if (!r && scan_allowed)
		r = mips_by_scan(w, c);
	if (r <= 0)
		return r;
	if (walk_terminate(c->ctx.regs[SYM_MIPS_PC], c->ctx.regs[SYM_MIPS_SP],
			   last->ctx.regs[SYM_MIPS_SP],
			   last->trust == SYM_TRUST_CONTEXT))
		return 0;
	/* Breakpad symbolizes and prints a caller at its pc */
	c->instruction = c->ctx.regs[SYM_MIPS_PC];
	return 1;
}

const struct walk_ops walk_mips_ops = {
	.caller = mips_caller,
	.context_valid = BIT(SYM_MIPS_NREGS) - 1,
};

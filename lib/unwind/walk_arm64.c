/* SPDX-License-Identifier: MIT */
/*
 * walk_arm64.c - the arm64 unwinder, as Breakpad's StackwalkerARM64:
 * CFI, then the frame pointer chain (x29, with the link register of the
 * context frame), then stack scanning.  Return addresses may carry
 * pointer-authentication bits; they are stripped with Breakpad's guess of
 * the address range (every bit up to the end of the highest module),
 * and only when the stripped address lands in a module.
 */
#include <string.h>

#include "lib/core/err.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk_int.h"

#define ARM64_ESSENTIALS (BIT(SYM_ARM64_PC) | BIT(SYM_ARM64_SP))
/* x19..x29 (the AAPCS64 callee-saved registers) */
#define ARM64_CALLEE_SAVED (BIT(30) - BIT(19))

/* Breakpad's address_range_mask_: all ones below the top of the highest
 * module, all ones when there are no modules. */
static uint64_t range_mask(const struct walker *w)
{
	uint64_t m = w->env->modules_end;

	if (!m)
		return ~0ULL;
	m |= m >> 1;
	m |= m >> 2;
	m |= m >> 4;
	m |= m >> 8;
	m |= m >> 16;
	m |= m >> 32;
	return m;
}

/* StackwalkerARM64::PtrauthStrip */
static uint64_t arm64_strip(const struct walker *w, uint64_t ptr)
{
	uint64_t stripped = ptr & range_mask(w), base;

	return walk_module_at(w->env, stripped, &base) >= 0 ? stripped : ptr;
}

static int arm64_by_cfi(struct walker *w, struct sym_frame *c)
{
	unsigned reg;
	int r;

	r = walk_cfi_registers(w, BIT(SYM_ARM64_NREGS) - 1,
			       ARM64_CALLEE_SAVED, c);

	if (r <= 0)
		return r;
	if ((c->ctx.valid & ARM64_ESSENTIALS) != ARM64_ESSENTIALS)
		return 0;
	c->trust = SYM_TRUST_CFI;
	/* a Breakpad CFI frame starts zeroed: what no rule gave is 0 */
	for (reg = 0; reg < SYM_ARM64_NREGS; reg++)
		if (!(c->ctx.valid & BIT(reg)))
			c->ctx.regs[reg] = 0;
	c->ctx.regs[SYM_ARM64_PC] = arm64_strip(w, c->ctx.regs[SYM_ARM64_PC]);
	return 1;
}

/*
 * StackwalkerARM64::CorrectRegLRByFramePointer: a frame found by CFI
 * whose lr is unknown takes it from its callee's frame record, when
 * that record agrees with its frame pointer.
 */
static void arm64_correct_lr(struct walker *w)
{
	struct sym_frame *last = &w->last;
	uint64_t cfp, fp = 0, lr = 0;

	if (!w->has_callee || last->ctx.regs[SYM_ARM64_FP] <=
	    last->ctx.regs[SYM_ARM64_SP])
		return;
	cfp = w->callee.ctx.regs[SYM_ARM64_FP];
	if (cfp && !walk_read_word(w->env, 8, cfp, &fp))
		return;
	if (last->ctx.regs[SYM_ARM64_FP] != fp)
		return;
	if (cfp && !walk_read_word(w->env, 8, cfp + 8, &lr))
		return;
	last->ctx.regs[SYM_ARM64_LR] = arm64_strip(w, lr);
}

static int arm64_by_fp(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	uint64_t fp, cfp = 0, clr = 0;

	if (!(last->ctx.valid & BIT(SYM_ARM64_LR)))
		arm64_correct_lr(w);
	fp = last->ctx.regs[SYM_ARM64_FP];
	if (fp && !walk_read_word(w->env, 8, fp, &cfp))
		return 0;
	if (fp && !walk_read_word(w->env, 8, fp + 8, &clr))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_ARM64_FP] = cfp;
	c->ctx.regs[SYM_ARM64_SP] = fp ? fp + 16 : last->ctx.regs[SYM_ARM64_SP];
	c->ctx.regs[SYM_ARM64_PC] = last->ctx.regs[SYM_ARM64_LR];
	c->ctx.regs[SYM_ARM64_LR] = arm64_strip(w, clr);
	c->ctx.valid = BIT(SYM_ARM64_PC) | BIT(SYM_ARM64_LR) |
		       BIT(SYM_ARM64_FP) | BIT(SYM_ARM64_SP);
	c->trust = SYM_TRUST_FP;
	return 1;
}

static int arm64_by_scan(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	unsigned words = WALK_SEARCH_WORDS;
	uint64_t loc, ip;

	if (last->trust == SYM_TRUST_CONTEXT)
		words *= 4;
	if (!walk_scan_for_return(w, last->ctx.regs[SYM_ARM64_SP], words, &loc,
				  &ip))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_ARM64_PC] = ip;
	c->ctx.regs[SYM_ARM64_SP] = loc + 8;
	c->ctx.valid = ARM64_ESSENTIALS;
	c->trust = SYM_TRUST_SCAN;
	return 1;
}

static int arm64_caller(struct walker *w, int scan_allowed,
			struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	int r;

	if (!w->env->read)
		return 0;
	r = arm64_by_cfi(w, c);
	if (!r)
		r = arm64_by_fp(w, c);
	if (!r && scan_allowed)
		r = arm64_by_scan(w, c);
	if (r <= 0)
		return r;
	if (walk_terminate(c->ctx.regs[SYM_ARM64_PC],
			   c->ctx.regs[SYM_ARM64_SP],
			   last->ctx.regs[SYM_ARM64_SP],
			   last->trust == SYM_TRUST_CONTEXT))
		return 0;
	/* Breakpad symbolizes and prints a caller at its return address
	 * minus one instruction (4 bytes), inside the call */
	c->instruction = c->ctx.regs[SYM_ARM64_PC] - 4;
	return 1;
}

/* The context frame's lr loses its pointer-authentication bits. */
static void arm64_context(struct walker *w, struct sym_frame *f)
{
	f->ctx.regs[SYM_ARM64_LR] = arm64_strip(w,
						     f->ctx.regs[SYM_ARM64_LR]);
}

const struct walk_ops walk_arm64_ops = {
	.caller = arm64_caller,
	.context = arm64_context,
	.context_valid = BIT(SYM_ARM64_NREGS) - 1,
};

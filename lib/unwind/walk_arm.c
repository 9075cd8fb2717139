/* SPDX-License-Identifier: MIT */
/*
 * walk_arm.c - the 32-bit arm unwinder, as Breakpad's StackwalkerARM:
 * CFI (not on iOS, whose CFI Breakpad ignores), then the frame pointer
 * (iOS only: r7; Breakpad uses none elsewhere), then stack scanning.
 * Thumb return addresses keep their low bit, as in Breakpad: symbols are
 * looked up two bytes before the return address, inside the call.
 */
#include <string.h>

#include "lib/core/err.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk_int.h"

#define ARM_ESSENTIALS (BIT(SYM_ARM_PC) | BIT(SYM_ARM_SP))
#define ARM_IOS_FP 7
/* r4..r11 (the AAPCS callee-saved registers) */
#define ARM_CALLEE_SAVED (BIT(12) - BIT(4))

static int is_ios(const struct walker *w)
{
	return w->env->os_short && !strcmp(w->env->os_short, "ios");
}

/* The frame pointer register Breakpad uses for the dump's OS, or -1. */
static int fp_register(const struct walker *w)
{
	return is_ios(w) ? ARM_IOS_FP : -1;
}

/*
 * On iOS Breakpad would take pc from the callee's lr and lr from .ra;
 * it never gets there, as it ignores iOS CFI, so pc is always .ra.
 */
static int arm_by_cfi(struct walker *w, struct sym_frame *c)
{
	unsigned reg;
	int r;

	r = walk_cfi_registers(w, BIT(SYM_ARM_NREGS) - 1, ARM_CALLEE_SAVED, c);

	if (r <= 0)
		return r;
	if ((c->ctx.valid & ARM_ESSENTIALS) != ARM_ESSENTIALS)
		return 0;
	c->trust = SYM_TRUST_CFI;
	/* a Breakpad CFI frame starts zeroed: what no rule gave is 0 */
	for (reg = 0; reg < SYM_ARM_NREGS; reg++)
		if (!(c->ctx.valid & BIT(reg)))
			c->ctx.regs[reg] = 0;
	return 1;
}

static int arm_by_fp(struct walker *w, int fpr, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	uint64_t fp, cfp = 0, clr = 0;

	if (!(last->ctx.valid & BIT(fpr)))
		return 0;
	fp = last->ctx.regs[fpr] & 0xffffffffULL;
	if (fp && !walk_read_word(w->env, 4, fp, &cfp))
		return 0;
	if (fp && !walk_read_word(w->env, 4, (fp + 4) & 0xffffffffULL, &clr))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[fpr] = cfp;
	c->ctx.regs[SYM_ARM_SP] = fp ? (fp + 8) & 0xffffffffULL :
				  last->ctx.regs[SYM_ARM_SP];
	c->ctx.regs[SYM_ARM_PC] = last->ctx.regs[SYM_ARM_LR];
	c->ctx.regs[SYM_ARM_LR] = clr;
	c->ctx.valid = BIT(SYM_ARM_PC) | BIT(SYM_ARM_LR) | BIT(fpr) |
		       BIT(SYM_ARM_SP);
	c->trust = SYM_TRUST_FP;
	return 1;
}

static int arm_by_scan(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	unsigned words = WALK_SEARCH_WORDS;
	uint64_t loc, ip;

	if (last->trust == SYM_TRUST_CONTEXT)
		words *= 4;
	if (!walk_scan_for_return(w, last->ctx.regs[SYM_ARM_SP], words, &loc,
				  &ip))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_ARM_PC] = ip;
	c->ctx.regs[SYM_ARM_SP] = (loc + 4) & 0xffffffffULL;
	c->ctx.valid = ARM_ESSENTIALS;
	c->trust = SYM_TRUST_SCAN;
	return 1;
}

static int arm_caller(struct walker *w, int scan_allowed,
		      struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	int fpr = fp_register(w), r = 0;

	if (!w->env->read)
		return 0;
	if (!is_ios(w))
		r = arm_by_cfi(w, c);
	if (!r && fpr >= 0)
		r = arm_by_fp(w, fpr, c);
	if (!r && scan_allowed)
		r = arm_by_scan(w, c);
	if (r <= 0)
		return r;
	if (walk_terminate(c->ctx.regs[SYM_ARM_PC], c->ctx.regs[SYM_ARM_SP],
			   last->ctx.regs[SYM_ARM_SP],
			   last->trust == SYM_TRUST_CONTEXT))
		return 0;
	/* Breakpad symbolizes and prints a caller at its return address
	 * minus one instruction (2 bytes), inside the call */
	c->instruction = c->ctx.regs[SYM_ARM_PC] - 2;
	return 1;
}

const struct walk_ops walk_arm_ops = {
	.caller = arm_caller,
	.context_valid = BIT(SYM_ARM_NREGS) - 1,
};

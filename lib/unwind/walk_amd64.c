/* SPDX-License-Identifier: MIT */
/*
 * walk_amd64.c - the amd64 unwinder, as Breakpad's StackwalkerAMD64:
 * CFI, then (Windows, frame 0) a simulated leaf return, then the frame
 * pointer (not on Windows), then stack scanning.
 */
#include <string.h>

#include "lib/core/err.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk_int.h"

#define AMD64_CALLEE_SAVED (BIT(SYM_AMD64_RBX) | BIT(SYM_AMD64_RBP) | \
			    BIT(SYM_AMD64_R12) | BIT(SYM_AMD64_R13) | \
			    BIT(SYM_AMD64_R14) | BIT(SYM_AMD64_R15))

static int amd64_by_cfi(struct walker *w, struct sym_frame *c)
{
	uint64_t ess = BIT(SYM_AMD64_RIP) | BIT(SYM_AMD64_RSP);
	int r;

	r = walk_cfi_registers(w, BIT(SYM_AMD64_NREGS) - 1,
			       AMD64_CALLEE_SAVED, c);
	if (r <= 0)
		return r;
	if ((c->ctx.valid & ess) != ess)
		return 0;
	if (!c->ctx.regs[SYM_AMD64_RIP] || !c->ctx.regs[SYM_AMD64_RSP])
		return 0;
	c->trust = SYM_TRUST_CFI;
	return 1;
}

static int non_canonical(uint64_t p)
{
	return p > 0x7FFFFFFFFFFFULL && p < 0xFFFF800000000000ULL;
}

static int amd64_by_fp(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	uint64_t rbp = last->ctx.regs[SYM_AMD64_RBP], rip, crbp, rsp, unused;

	if (rbp % 8)
		return 0;
	if (!walk_read_word(w->env, 8, rbp + 8, &rip) ||
	    !walk_read_word(w->env, 8, rbp, &crbp))
		return 0;
	rsp = rbp + 16;
	if (non_canonical(rip))
		return 0;
	if (rsp <= rbp || crbp < rsp)
		return 0;
	if (!walk_read_word(w->env, 8, crbp, &unused))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_AMD64_RIP] = rip;
	c->ctx.regs[SYM_AMD64_RSP] = rsp;
	c->ctx.regs[SYM_AMD64_RBP] = crbp;
	c->ctx.valid = BIT(SYM_AMD64_RIP) | BIT(SYM_AMD64_RSP) |
		       BIT(SYM_AMD64_RBP);
	c->trust = SYM_TRUST_FP;
	return 1;
}

static int amd64_by_leaf(struct walker *w, struct sym_frame *c)
{
	uint64_t loc, ip;

	if (!walk_scan_for_return(w, w->last.ctx.regs[SYM_AMD64_RSP], 1, &loc,
			     &ip))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_AMD64_RIP] = ip;
	c->ctx.regs[SYM_AMD64_RSP] = loc + 8;
	c->trust = SYM_TRUST_LEAF;
	return 1;
}

static int amd64_by_scan(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	uint64_t loc, ip, lrbp = last->ctx.regs[SYM_AMD64_RBP], crbp = 0;
	unsigned words = WALK_SEARCH_WORDS;

	if (last->trust == SYM_TRUST_CONTEXT)
		words *= 4;
	if (!walk_scan_for_return(w, last->ctx.regs[SYM_AMD64_RSP], words, &loc,
			     &ip))
		return 0;
	walk_init_caller(w, c);
	c->ctx.regs[SYM_AMD64_RIP] = ip;
	c->ctx.regs[SYM_AMD64_RSP] = loc + 8;
	c->ctx.valid = BIT(SYM_AMD64_RIP) | BIT(SYM_AMD64_RSP);
	c->trust = SYM_TRUST_SCAN;
	if (!(last->ctx.valid & BIT(SYM_AMD64_RBP)))
		return 1;
	/* pass a plausible rbp on, as Breakpad does: either the word
	 * below the return address is the saved rbp, or rbp is unchanged */
	if (loc - 8 == lrbp) {
		if (walk_read_word(w->env, 8, lrbp, &crbp) && crbp > loc) {
			c->ctx.regs[SYM_AMD64_RBP] = crbp;
			c->ctx.valid |= BIT(SYM_AMD64_RBP);
		}
	} else if (lrbp >= loc + 8) {
		c->ctx.valid |= BIT(SYM_AMD64_RBP);
	}
	return 1;
}

static int amd64_caller(struct walker *w, int scan_allowed,
			struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	int r;

	if (!w->env->read)
		return 0;
	r = amd64_by_cfi(w, c);
	if (!r && last->trust == SYM_TRUST_CONTEXT && walk_is_windows(w))
		r = amd64_by_leaf(w, c);
	if (!r && !walk_is_windows(w))
		r = amd64_by_fp(w, c);
	if (!r && scan_allowed)
		r = amd64_by_scan(w, c);
	if (r <= 0)
		return r;
	if (w->env->os_short && !strcmp(w->env->os_short, "nacl")) {
		c->ctx.regs[SYM_AMD64_RIP] &= 0xffffffffULL;
		c->ctx.regs[SYM_AMD64_RSP] &= 0xffffffffULL;
		c->ctx.regs[SYM_AMD64_RBP] &= 0xffffffffULL;
	}
	if (walk_terminate(c->ctx.regs[SYM_AMD64_RIP],
			   c->ctx.regs[SYM_AMD64_RSP],
			   last->ctx.regs[SYM_AMD64_RSP],
			   last->trust == SYM_TRUST_CONTEXT))
		return 0;
	c->instruction = c->ctx.regs[SYM_AMD64_RIP];
	return 1;
}

const struct walk_ops walk_amd64_ops = {
	.caller = amd64_caller,
	.context_valid = BIT(SYM_AMD64_NREGS) - 1,
};


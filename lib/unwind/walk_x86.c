/* SPDX-License-Identifier: MIT */
/*
 * walk_x86.c - the 32-bit x86 unwinder, as Breakpad's StackwalkerX86:
 * Windows frame data (STACK WIN: a program string, or the FPO layout),
 * then STACK CFI, then the %ebp chain, each falling back on stack
 * scanning with Breakpad's fix-ups and trust rules.
 */
#include <string.h>

#include "lib/core/err.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk_int.h"

#define M32 0xffffffffULL

/* Breakpad's kMaxReasonableGapBetweenFrames: 128 KiB. */
#define X86_MAX_FRAME_GAP (128 * 1024)

/* cpu_state[] of the walker: the parameter size of the innermost frame
 * whose Windows frame info knew one (Breakpad's loop over the frames
 * already walked keeps the last one it meets, going down to frame 0). */
#define ST_HAVE_PARAM 0
#define ST_PARAM 1

#define X86_CALLEE_SAVED (BIT(SYM_X86_EBP) | BIT(SYM_X86_EBX) | \
			  BIT(SYM_X86_ESI) | BIT(SYM_X86_EDI))

static int rd32(const struct walker *w, uint64_t addr, uint64_t *v)
{
	return walk_read_word(w->env, 4, addr & M32, v);
}

/* ScanForReturnAddress with 32-bit arithmetic: a search end that wraps
 * makes Breakpad's loop run zero times. */
static int scan32(const struct walker *w, uint64_t start, unsigned words,
		  uint64_t *loc, uint64_t *ip)
{
	start &= M32;
	if (start + (uint64_t)words * 4 > M32)
		return 0;
	return walk_scan_for_return(w, start, words, loc, ip);
}

static unsigned scan_words(const struct walker *w)
{
	return w->last.trust == SYM_TRUST_CONTEXT ? WALK_SEARCH_WORDS * 4 :
						    WALK_SEARCH_WORDS;
}

enum {
	D_EIP, D_ESP, D_EBP, D_EBX, D_ESI, D_EDI, D_CALLEE_PARAMS,
	D_SAVED_REGS, D_LOCALS, D_PARAMS, D_RA_SEARCH_START, D_RA_SEARCH,
	D_N
};

static const char *const dict_names[D_N] = {
	"$eip", "$esp", "$ebp", "$ebx", "$esi", "$edi", ".cbCalleeParams",
	".cbSavedRegs", ".cbLocals", ".cbParams", ".raSearchStart",
	".raSearch",
};

static void dict_set(struct sym_pf_var *d, unsigned i, uint64_t v)
{
	d[i].v = v & M32;
	d[i].present = 1;
}

/* What a missing name reads as in Breakpad's std::map operator[]: 0. */
static uint64_t dict_get(const struct sym_pf_var *d, unsigned i)
{
	return d[i].present ? d[i].v : 0;
}

/* The program for frame data without one of its own. */
static const char fpo_ebp_program[] =
	"$eip .raSearchStart ^ = "
	"$ebp $esp .cbCalleeParams + .cbSavedRegs + 8 - ^ = "
	"$esp .raSearchStart 4 + =";
static const char fpo_program[] = "$eip .raSearchStart ^ = "
				  "$esp .raSearchStart 4 + =";
static const char fpo_ebx_program[] = "$eip .raSearchStart ^ = "
				      "$esp .raSearchStart 4 + = $ebx $ebx =";

/*
 * Breakpad's search for the caller's %ebp after a frame-data unwind:
 * from the top of the saved-register area (grown by the scanned offset)
 * down to the callee's parameters, the first word pointing into stack
 * memory.
 */
static void recover_ebp(const struct walker *w, struct sym_pf_var *d,
			uint64_t search_bytes, uint64_t end)
{
	uint64_t loc = (end + search_bytes) & M32, ebp, unused;

	while (loc >= end) {
		if (!rd32(w, loc, &ebp))
			break;
		if (rd32(w, ebp, &unused)) {
			dict_set(d, D_EBP, ebp);
			break;
		}
		if (loc < 4)
			break;
		loc -= 4;
	}
}

/* StackwalkerX86::GetCallerByWindowsFrameInfo once the frame data is
 * known to be complete. */
static int x86_by_frame_data(struct walker *w, const struct sym_win *win,
			     uint32_t callee_params, int scan_allowed,
			     struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	const uint64_t *regs = last->ctx.regs;
	struct sym_pf_var d[D_N];
	uint64_t ras, ras_old, found = 0, loc, ip, base, unused, ebp;
	const char *prog;
	size_t plen;
	enum sym_trust trust = SYM_TRUST_CFI;
	int want_ebp = 1, skipped, r;
	unsigned i;

	memset(d, 0, sizeof(d));
	for (i = 0; i < D_N; i++)
		d[i].name = dict_names[i];
	dict_set(d, D_EBP, regs[SYM_X86_EBP]);
	dict_set(d, D_ESP, regs[SYM_X86_ESP]);
	if (last->ctx.valid & BIT(SYM_X86_EBX))
		dict_set(d, D_EBX, regs[SYM_X86_EBX]);
	dict_set(d, D_CALLEE_PARAMS, callee_params);
	dict_set(d, D_SAVED_REGS, win->saved_regs_size);
	dict_set(d, D_LOCALS, win->locals_size);
	ras = (regs[SYM_X86_ESP] + callee_params + win->locals_size +
	       win->saved_regs_size) & M32;
	ras_old = ras;
	/* up to three words higher, in case the stack was aligned */
	if (scan32(w, ras, 3, &loc, &found)) {
		ras = loc;
		/* an FPO system call that has returned: its return
		 * address is still on top of the stack, skip it */
		if (last->trust == SYM_TRUST_CONTEXT && win->type == 0 &&
		    ras == ras_old && found == (regs[SYM_X86_EIP] & M32)) {
			ras = (ras + 4) & M32;
			if (scan32(w, ras, 3, &loc, &found))
				ras = loc;
		}
	}
	dict_set(d, D_PARAMS, win->params_size);

	if (win->has_program && win->program.n) {
		prog = win->program.p;
		plen = win->program.n;
	} else if (win->allocates_base_pointer) {
		prog = fpo_ebp_program;
		plen = sizeof(fpo_ebp_program) - 1;
	} else {
		if (last->ctx.valid & BIT(SYM_X86_EBX)) {
			prog = fpo_ebx_program;
			plen = sizeof(fpo_ebx_program) - 1;
		} else {
			prog = fpo_program;
			plen = sizeof(fpo_program) - 1;
		}
		want_ebp = 0;
	}
	/* an aligned %esp makes .raSearchStart useless: use %ebp */
	if ((last->ctx.valid & BIT(SYM_X86_EBP)) && memchr(prog, '@', plen))
		ras = (regs[SYM_X86_EBP] + 4) & M32;
	dict_set(d, D_RA_SEARCH_START, ras);
	dict_set(d, D_RA_SEARCH, ras);

	r = sym_postfix_program(SYM_CPU_X86, prog, plen, d, D_N, w->env->read,
				w->env->read_ctx);
	if (r < 0)
		return r;
	if (!r || !d[D_EIP].assigned || !d[D_ESP].assigned) {
		if (!scan_allowed ||
		    !scan32(w, regs[SYM_X86_ESP], scan_words(w), &loc, &ip))
			return 0;
		dict_set(d, D_EIP, ip);
		dict_set(d, D_ESP, loc + 4);
		trust = SYM_TRUST_SCAN;
	}

	/* a program giving %eip and %ebp of 0 is the end of the stack */
	if (dict_get(d, D_EIP) || dict_get(d, D_EBP)) {
		uint64_t offset = 0, start;

		if (walk_module_at(w->env, dict_get(d, D_EIP), &base) < 0) {
			/* not a return address: look one word higher */
			start = (dict_get(d, D_RA_SEARCH_START) + 4) & M32;
			if (scan_allowed &&
			    scan32(w, start, scan_words(w), &loc, &ip)) {
				dict_set(d, D_EIP, ip);
				dict_set(d, D_ESP, loc + 4);
				offset = (loc - start) & M32;
				trust = SYM_TRUST_CFI_SCAN;
			}
		}
		ebp = dict_get(d, D_EBP);
		/* a scan may have skipped frames: %ebp then lies below
		 * the return address */
		skipped = trust != SYM_TRUST_CFI &&
			  ebp <= ((ras + offset) & M32);
		if (want_ebp && (skipped || !rd32(w, ebp, &unused)))
			recover_ebp(w, d, (win->saved_regs_size + offset) & M32,
				    (regs[SYM_X86_ESP] + callee_params) & M32);
	}

	walk_init_caller(w, c);
	c->trust = trust;
	c->ctx.regs[SYM_X86_EIP] = dict_get(d, D_EIP);
	c->ctx.regs[SYM_X86_ESP] = dict_get(d, D_ESP);
	c->ctx.regs[SYM_X86_EBP] = dict_get(d, D_EBP);
	c->ctx.valid = BIT(SYM_X86_EIP) | BIT(SYM_X86_ESP) | BIT(SYM_X86_EBP);
	/* callee-saved registers the program filled in */
	if (d[D_EBX].assigned) {
		c->ctx.regs[SYM_X86_EBX] = d[D_EBX].v;
		c->ctx.valid |= BIT(SYM_X86_EBX);
	}
	if (d[D_ESI].assigned) {
		c->ctx.regs[SYM_X86_ESI] = d[D_ESI].v;
		c->ctx.valid |= BIT(SYM_X86_ESI);
	}
	if (d[D_EDI].assigned) {
		c->ctx.regs[SYM_X86_EDI] = d[D_EDI].v;
		c->ctx.valid |= BIT(SYM_X86_EDI);
	}
	return 1;
}

/* StackwalkerX86::GetCallerByWindowsFrameInfo, with the frame data
 * lookup (FindWindowsFrameInfo) before it. */
static int x86_by_win(struct walker *w, int scan_allowed,
		      struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	struct sym_table *t;
	struct sym_win win;
	uint32_t callee_params;
	int r;

	if (last->module < 0 || !(t = walk_symbols_of(w->env, last->module)))
		return 0;
	r = sym_table_find_win(t, walk_lookup_address(w->cpu, last) -
			       last->module_base, SYM_WIN_ANY, &win);
	if (r <= 0)
		return r;
	callee_params = w->cpu_state[ST_HAVE_PARAM] ?
			(uint32_t)w->cpu_state[ST_PARAM] : 0;
	/* remembered for the frames above this one */
	if (!w->cpu_state[ST_HAVE_PARAM]) {
		w->cpu_state[ST_HAVE_PARAM] = 1;
		w->cpu_state[ST_PARAM] = win.params_size;
	}
	if (r != 1)
		return 0;	/* a parameter size only */
	return x86_by_frame_data(w, &win, callee_params, scan_allowed, c);
}

static int x86_by_cfi(struct walker *w, struct sym_frame *c)
{
	uint64_t ess = BIT(SYM_X86_EIP) | BIT(SYM_X86_ESP) | BIT(SYM_X86_EBP);
	int r;

	/* Breakpad's register map has no $efl */
	r = walk_cfi_registers(w, (BIT(SYM_X86_NREGS) - 1) & ~BIT(SYM_X86_EFL),
			       X86_CALLEE_SAVED, c);
	if (r <= 0)
		return r;
	if ((c->ctx.valid & ess) != ess)
		return 0;
	c->trust = SYM_TRUST_CFI;
	return 1;
}

/* StackwalkerX86::GetCallerByEBPAtBase */
static int x86_by_ebp(struct walker *w, int scan_allowed,
		      struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	uint64_t ebp = last->ctx.regs[SYM_X86_EBP] & M32;
	uint64_t eip, esp, cebp, chain;
	enum sym_trust trust = SYM_TRUST_FP;

	if (rd32(w, ebp + 4, &eip) && rd32(w, ebp, &cebp)) {
		esp = (ebp + 8) & M32;
	} else {
		if (!scan_allowed ||
		    !scan32(w, last->ctx.regs[SYM_X86_ESP], scan_words(w),
			    &esp, &eip))
			return 0;
		esp = (esp + 4) & M32;
		/* the caller's %ebp is likely just below the return
		 * address, if it points a sane distance up the stack */
		chain = (esp - 8) & M32;
		if (!rd32(w, chain, &cebp) || cebp <= chain ||
		    cebp - chain > X86_MAX_FRAME_GAP)
			cebp = ebp;
		trust = SYM_TRUST_SCAN;
	}
	walk_init_caller(w, c);
	c->trust = trust;
	c->ctx.regs[SYM_X86_EIP] = eip;
	c->ctx.regs[SYM_X86_ESP] = esp;
	c->ctx.regs[SYM_X86_EBP] = cebp;
	c->ctx.valid = BIT(SYM_X86_EIP) | BIT(SYM_X86_ESP) | BIT(SYM_X86_EBP);
	return 1;
}

static int x86_caller(struct walker *w, int scan_allowed,
		      struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	int r;

	if (!w->env->read)
		return 0;
	r = x86_by_win(w, scan_allowed, c);
	if (!r)
		r = x86_by_cfi(w, c);
	if (!r)
		r = x86_by_ebp(w, scan_allowed, c);
	if (r <= 0)
		return r;
	if (walk_terminate(c->ctx.regs[SYM_X86_EIP], c->ctx.regs[SYM_X86_ESP],
			   last->ctx.regs[SYM_X86_ESP] & M32,
			   last->trust == SYM_TRUST_CONTEXT))
		return 0;
	c->instruction = c->ctx.regs[SYM_X86_EIP];
	return 1;
}

const struct walk_ops walk_x86_ops = {
	.caller = x86_caller,
	.context_valid = BIT(SYM_X86_NREGS) - 1,
};

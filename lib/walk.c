/* SPDX-License-Identifier: MIT */
/*
 * walk.c - the stack walker: a generic driver (Breakpad's
 * Stackwalker::Walk) and one unwinder per cpu (only amd64 so far, as
 * StackwalkerAMD64).
 */
#include <string.h>

#include "alloc.h"
#include "cfi.h"
#include "err.h"
#include "walk.h"

/* Breakpad's limits (Stackwalker::max_frames_, max_frames_scanned_,
 * kRASearchWords). */
#define WALK_MAX_FRAMES (1UL << 20)
#define WALK_MAX_SCANNED (1UL << 14)
#define WALK_SEARCH_WORDS 40

struct walker;

/* What each cpu provides. */
struct walk_ops {
	/*
	 * Find the caller of w->last.  Returns 1 and fills *caller
	 * (context, trust), 0 when there is none, -SYM_ENOMEM.
	 */
	int (*caller)(struct walker *w, int scan_allowed,
		      struct sym_frame *caller);
};

struct walker {
	const struct sym_walk_env *env;
	enum sym_cpu cpu;
	const struct walk_ops *ops;
	struct sym_frame last;		/* the callee being unwound */
};

static int read_word(const struct sym_walk_env *env, unsigned psize,
		     uint64_t addr, uint64_t *v)
{
	uint8_t buf[8];
	unsigned i;

	if (!env->read || env->read(env->read_ctx, addr, buf, psize))
		return 0;
	*v = 0;
	for (i = psize; i-- > 0;)
		*v = *v << 8 | buf[i];
	return 1;
}

static int module_at(const struct sym_walk_env *env, uint64_t addr,
		     uint64_t *base)
{
	uint64_t size;

	if (!env->module_at)
		return -1;
	return env->module_at(env->ctx, addr, base, &size);
}

static struct sym_table *symbols_of(const struct sym_walk_env *env,
				    int module)
{
	return env->symbols ? env->symbols(env->ctx, module) : NULL;
}

static unsigned ret_adjust(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_ARM:
		return 2;
	case SYM_CPU_ARM64:
		return 4;
	default:
		return 1;
	}
}

/* The address Breakpad symbolizes a frame at (StackFrame::instruction). */
static uint64_t lookup_address(enum sym_cpu cpu, const struct sym_frame *f)
{
	if (f->trust == SYM_TRUST_CONTEXT || f->trust == SYM_TRUST_INLINE)
		return f->instruction;
	return f->instruction - ret_adjust(cpu);
}

static void clear_symbols(struct sym_frame *f)
{
	f->module = -1;
	f->module_base = 0;
	sym_frame_clear_symbols(f);
}

static int symbolize_at(const struct sym_walk_env *env, struct sym_frame *f,
			uint64_t addr, struct sym_frame **inlines,
			size_t *n_inlines)
{
	struct sym_table *t;
	struct sym_frame tmp;
	uint64_t base;
	int m, r;

	if (inlines)
		*inlines = NULL;
	if (n_inlines)
		*n_inlines = 0;
	clear_symbols(f);
	if ((m = module_at(env, addr, &base)) < 0)
		return 0;
	f->module = m;
	f->module_base = base;
	if (!(t = symbols_of(env, m)))
		return 0;
	tmp = *f;
	tmp.instruction = addr;
	r = sym_table_lookup(t, base, &tmp, inlines, n_inlines);
	if (r < 0)
		return r;
	tmp.instruction = f->instruction;
	*f = tmp;
	return r;
}

int sym_walk_symbolize(const struct sym_walk_env *env, struct sym_frame *f,
		       struct sym_frame **inlines, size_t *n_inlines)
{
	return symbolize_at(env, f, lookup_address(f->ctx.cpu, f), inlines,
			    n_inlines);
}

/*
 * Breakpad's InstructionAddressSeemsValid: inside a module, and either
 * the module has no symbols or they cover the address with a function.
 */
static int address_seems_valid(const struct sym_walk_env *env,
			       uint64_t addr)
{
	struct sym_table *t;
	uint64_t base;
	int m;

	if ((m = module_at(env, addr, &base)) < 0)
		return 0;
	if (!(t = symbols_of(env, m)))
		return 1;
	return sym_table_has_function(t, addr - base);
}

/*
 * Stackwalker::ScanForReturnAddress: the first word in
 * [start, start + words * psize] that looks like a return address.
 */
static int scan_for_return(const struct walker *w, uint64_t start,
			   unsigned words, uint64_t *loc_found,
			   uint64_t *ip_found)
{
	unsigned psize = sym_cpu_ptr_size(w->cpu);
	uint64_t mask = psize == 4 ? 0xffffffffULL : ~0ULL;
	uint64_t loc, ip, end = start + (uint64_t)words * psize, base;

	for (loc = start; loc <= end; loc += psize) {
		if (!read_word(w->env, psize, loc, &ip))
			break;
		if (module_at(w->env, (ip - 1) & mask, &base) >= 0 &&
		    address_seems_valid(w->env, (ip - 1) & mask)) {
			*loc_found = loc;
			*ip_found = ip;
			return 1;
		}
		if (loc + psize < loc)
			break;
	}
	return 0;
}

/* Stackwalker::TerminateWalk */
static int terminate_walk(uint64_t caller_ip, uint64_t caller_sp,
			  uint64_t callee_sp, int first_unwind)
{
	if (caller_ip < (1 << 12))
		return 1;
	return first_unwind ? caller_sp < callee_sp : caller_sp <= callee_sp;
}

static int is_windows(const struct walker *w)
{
	return w->env->os_short && !strcmp(w->env->os_short, "windows");
}

/* amd64 ------------------------------------------------------------ */

#define BIT(r) (1ULL << (r))

static const unsigned amd64_callee_saved[] = {
	SYM_AMD64_RBX, SYM_AMD64_RBP, SYM_AMD64_R12, SYM_AMD64_R13,
	SYM_AMD64_R14, SYM_AMD64_R15,
};

static void init_caller(const struct walker *w, struct sym_frame *c)
{
	memset(c, 0, sizeof(*c));
	c->module = -1;
	c->ctx = w->last.ctx;
}

static int amd64_by_cfi(struct walker *w, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	struct sym_cfi_text text;
	struct sym_table *t;
	uint64_t ess = BIT(SYM_AMD64_RIP) | BIT(SYM_AMD64_RSP);
	size_t i;
	int r;

	if (last->module < 0 || !(t = symbols_of(w->env, last->module)))
		return 0;
	r = sym_table_find_cfi(t, lookup_address(w->cpu, last) -
			       last->module_base, &text);
	if (r <= 0)
		return r;
	init_caller(w, c);
	r = sym_cfi_unwind(w->cpu, &text, &last->ctx, w->env->read,
			   w->env->read_ctx, &c->ctx);
	if (r <= 0)
		return r;
	/* callee-saved registers the rules leave alone still hold the
	 * caller's values, when the callee knew them */
	for (i = 0; i < sizeof(amd64_callee_saved) /
	     sizeof(amd64_callee_saved[0]); i++) {
		unsigned reg = amd64_callee_saved[i];

		if ((c->ctx.valid & BIT(reg)) || !(last->ctx.valid & BIT(reg)))
			continue;
		c->ctx.regs[reg] = last->ctx.regs[reg];
		c->ctx.valid |= BIT(reg);
	}
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
	if (!read_word(w->env, 8, rbp + 8, &rip) ||
	    !read_word(w->env, 8, rbp, &crbp))
		return 0;
	rsp = rbp + 16;
	if (non_canonical(rip))
		return 0;
	if (rsp <= rbp || crbp < rsp)
		return 0;
	if (!read_word(w->env, 8, crbp, &unused))
		return 0;
	init_caller(w, c);
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

	if (!scan_for_return(w, w->last.ctx.regs[SYM_AMD64_RSP], 1, &loc,
			     &ip))
		return 0;
	init_caller(w, c);
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
	if (!scan_for_return(w, last->ctx.regs[SYM_AMD64_RSP], words, &loc,
			     &ip))
		return 0;
	init_caller(w, c);
	c->ctx.regs[SYM_AMD64_RIP] = ip;
	c->ctx.regs[SYM_AMD64_RSP] = loc + 8;
	c->ctx.valid = BIT(SYM_AMD64_RIP) | BIT(SYM_AMD64_RSP);
	c->trust = SYM_TRUST_SCAN;
	if (!(last->ctx.valid & BIT(SYM_AMD64_RBP)))
		return 1;
	/* pass a plausible rbp on, as Breakpad does: either the word
	 * below the return address is the saved rbp, or rbp is unchanged */
	if (loc - 8 == lrbp) {
		if (read_word(w->env, 8, lrbp, &crbp) && crbp > loc) {
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
	if (!r && last->trust == SYM_TRUST_CONTEXT && is_windows(w))
		r = amd64_by_leaf(w, c);
	if (!r && !is_windows(w))
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
	if (terminate_walk(c->ctx.regs[SYM_AMD64_RIP],
			   c->ctx.regs[SYM_AMD64_RSP],
			   last->ctx.regs[SYM_AMD64_RSP],
			   last->trust == SYM_TRUST_CONTEXT))
		return 0;
	c->instruction = c->ctx.regs[SYM_AMD64_RIP];
	return 1;
}

static const struct walk_ops amd64_ops = { amd64_caller };

static const struct walk_ops *ops_for(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_AMD64:
		return &amd64_ops;
	default:
		return NULL;
	}
}

/* The driver ------------------------------------------------------- */

static int is_dubious(enum sym_trust t)
{
	return t == SYM_TRUST_NONE || t == SYM_TRUST_SCAN ||
	       t == SYM_TRUST_CFI_SCAN;
}

/* Symbolize f, then append its inline frames and itself. */
static int push_frame(struct walker *w, struct sym_frame *f,
		      struct sym_stack *out)
{
	struct sym_frame *inl;
	size_t n, i;
	int r;

	r = sym_walk_symbolize(w->env, f, &inl, &n);
	if (r < 0)
		return -r;
	for (i = 0; i < n; i++) {
		struct sym_frame x = inl[i];

		x.ctx.cpu = f->ctx.cpu;
		x.ctx.valid = 0;
		x.trust = SYM_TRUST_INLINE;
		if ((r = sym_stack_push(out, &x)))
			return r;
	}
	return sym_stack_push(out, f);
}

static int context_frame(const struct sym_context *ctx,
			 struct sym_frame *f)
{
	int pc = sym_cpu_pc(ctx->cpu);

	memset(f, 0, sizeof(*f));
	f->module = -1;
	f->ctx = *ctx;
	f->trust = SYM_TRUST_CONTEXT;
	/* Breakpad trusts every register of the context (VALID_ALL) */
	if (ctx->cpu == SYM_CPU_AMD64)
		f->ctx.valid = BIT(SYM_AMD64_NREGS) - 1;
	if (pc < 0)
		return 0;
	f->instruction = ctx->regs[pc];
	return 1;
}

int sym_walk(const struct sym_context *ctx, const struct sym_walk_env *env,
	     struct sym_stack *out)
{
	struct walker w;
	struct sym_frame f;
	unsigned long scanned = 0;
	size_t max = env->max_frames ? env->max_frames : WALK_MAX_FRAMES;
	size_t start = out->n;
	int r;

	memset(&w, 0, sizeof(w));
	w.env = env;
	w.cpu = ctx->cpu;
	w.ops = ops_for(ctx->cpu);
	if (!context_frame(ctx, &f))
		return SYM_EUNSUP;
	for (;;) {
		if ((r = push_frame(&w, &f, out)))
			return r;
		if (is_dubious(f.trust))
			scanned++;
		if (!w.ops)
			return SYM_EUNSUP;
		if (out->n - start > max)
			break;
		w.last = f;
		r = w.ops->caller(&w, env->allow_scan &&
				  scanned < WALK_MAX_SCANNED, &f);
		if (r < 0)
			return -r;
		if (!r)
			break;
	}
	return SYM_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * walk.c - the stack walker: a generic driver (Breakpad's
 * Stackwalker::Walk) and the helpers every cpu's unwinder shares
 * (walk_int.h).  The unwinders are walk_<cpu>.c.
 */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk.h"
#include "lib/unwind/walk_int.h"

int walk_read_word(const struct sym_walk_env *env, unsigned psize,
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

int walk_module_at(const struct sym_walk_env *env, uint64_t addr,
		   uint64_t *base)
{
	uint64_t size;

	if (!env->module_at)
		return -1;
	return env->module_at(env->ctx, addr, base, &size);
}

struct sym_table *walk_symbols_of(const struct sym_walk_env *env, int module)
{
	return env->symbols ? env->symbols(env->ctx, module) : NULL;
}

unsigned walk_ret_adjust(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_ARM:
	case SYM_CPU_ARM64:
	case SYM_CPU_MIPS:
	case SYM_CPU_MIPS64:
		/* their walkers store the address inside the call (return
		 * address - 2 or - 4; mips: two instructions back), which
		 * Breakpad also prints */
		return 0;
	default:
		return 1;
	}
}

/* The address Breakpad symbolizes a frame at (StackFrame::instruction). */
uint64_t walk_lookup_address(enum sym_cpu cpu, const struct sym_frame *f)
{
	if (f->trust == SYM_TRUST_CONTEXT || f->trust == SYM_TRUST_INLINE)
		return f->instruction;
	return f->instruction - walk_ret_adjust(cpu);
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
	if ((m = walk_module_at(env, addr, &base)) < 0)
		return 0;
	f->module = m;
	f->module_base = base;
	if (!(t = walk_symbols_of(env, m)))
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
	return symbolize_at(env, f, walk_lookup_address(f->ctx.cpu, f), inlines,
			    n_inlines);
}

/*
 * Breakpad's InstructionAddressSeemsValid: inside a module, and either
 * the module has no symbols or they cover the address with a function.
 */
int walk_address_seems_valid(const struct sym_walk_env *env, uint64_t addr)
{
	struct sym_table *t;
	uint64_t base;
	int m;

	if ((m = walk_module_at(env, addr, &base)) < 0)
		return 0;
	if (!(t = walk_symbols_of(env, m)))
		return 1;
	return sym_table_has_function(t, addr - base);
}

/*
 * Stackwalker::ScanForReturnAddress: the first word in
 * [start, start + words * psize] that looks like a return address.
 */
int walk_scan_for_return(const struct walker *w, uint64_t start,
			 unsigned words, uint64_t *loc_found,
			 uint64_t *ip_found)
{
	unsigned psize = sym_cpu_ptr_size(w->cpu);
	uint64_t mask = psize == 4 ? 0xffffffffULL : ~0ULL;
	uint64_t loc, ip, end = start + (uint64_t)words * psize, base;
	unsigned long i;

	/*
	 * As Breakpad: the end is computed in 64 bits (a 64-bit end that
	 * wraps scans nothing, a 32-bit one never wraps) while the location
	 * steps in the pointer type, so a 32-bit scan near the top of the
	 * space goes on at 0 and stops when a read fails.
	 */
	for (loc = start, i = 0; loc <= end && i <= words; i++) {
		if (!walk_read_word(w->env, psize, loc, &ip))
			break;
		if (walk_module_at(w->env, (ip - 1) & mask, &base) >= 0 &&
		    walk_address_seems_valid(w->env, (ip - 1) & mask)) {
			*loc_found = loc;
			*ip_found = ip;
			return 1;
		}
		loc = (loc + psize) & mask;
	}
	return 0;
}

/* Stackwalker::TerminateWalk */
int walk_terminate(uint64_t caller_ip, uint64_t caller_sp,
		   uint64_t callee_sp, int first_unwind)
{
	if (caller_ip < (1 << 12))
		return 1;
	return first_unwind ? caller_sp < callee_sp : caller_sp <= callee_sp;
}

int walk_is_windows(const struct walker *w)
{
	return w->env->os_short && !strcmp(w->env->os_short, "windows");
}

void walk_init_caller(const struct walker *w, struct sym_frame *c)
{
	memset(c, 0, sizeof(*c));
	c->module = -1;
	c->ctx = w->last.ctx;
}

int walk_cfi_registers(struct walker *w, uint64_t known,
		       uint64_t callee_saved, struct sym_frame *c)
{
	const struct sym_frame *last = &w->last;
	struct sym_cfi_text text;
	struct sym_table *t;
	unsigned reg;
	int r;

	if (last->module < 0 || !(t = walk_symbols_of(w->env, last->module)))
		return 0;
	r = sym_table_find_cfi(t, walk_lookup_address(w->cpu, last) -
			       last->module_base, &text);
	if (r <= 0)
		return r;
	walk_init_caller(w, c);
	r = sym_cfi_unwind(w->cpu, &text, &last->ctx, w->env->read,
			   w->env->read_ctx, &c->ctx);
	if (r <= 0)
		return r;
	c->ctx.valid &= known;
	/* callee-saved registers the rules leave alone still hold the
	 * caller's values, when the callee knew them */
	for (reg = 0; reg < SYM_MAX_REGS; reg++) {
		if (!(callee_saved & BIT(reg)) || (c->ctx.valid & BIT(reg)) ||
		    !(last->ctx.valid & BIT(reg)))
			continue;
		c->ctx.regs[reg] = last->ctx.regs[reg];
		c->ctx.valid |= BIT(reg);
	}
	return 1;
}

static const struct walk_ops *ops_for(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_AMD64:
		return &walk_amd64_ops;
	case SYM_CPU_X86:
		return &walk_x86_ops;
	case SYM_CPU_ARM64:
		return &walk_arm64_ops;
	case SYM_CPU_ARM:
		return &walk_arm_ops;
	case SYM_CPU_MIPS:
	case SYM_CPU_MIPS64:
		return &walk_mips_ops;
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
			 const struct walk_ops *ops, struct sym_frame *f)
{
	int pc = sym_cpu_pc(ctx->cpu);

	memset(f, 0, sizeof(*f));
	f->module = -1;
	f->ctx = *ctx;
	f->trust = SYM_TRUST_CONTEXT;
	/* Breakpad trusts every register of the context (VALID_ALL) */
	if (ops)
		f->ctx.valid = ops->context_valid;
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
	if (!context_frame(ctx, w.ops, &f))
		return SYM_EUNSUP;
	if (w.ops && w.ops->context)
		w.ops->context(&w, &f);
	for (;;) {
		if ((r = push_frame(&w, &f, out)))
			return r;
		if (is_dubious(f.trust))
			scanned++;
		if (!w.ops)
			return SYM_EUNSUP;
		if (out->n - start > max)
			break;
		if (f.trust != SYM_TRUST_CONTEXT) {
			w.callee = w.last;
			w.has_callee = 1;
		}
		w.last = f;
		w.n_frames = out->n - start;
		r = w.ops->caller(&w, env->allow_scan &&
				  scanned < WALK_MAX_SCANNED, &f);
		if (r < 0)
			return -r;
		if (!r)
			break;
	}
	return SYM_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * cfi.c - Breakpad STACK CFI rule sets and the postfix evaluator.
 *
 * Semantics follow Breakpad's CFIRuleParser, CFIFrameInfo and
 * PostfixEvaluator: a rule set is "name: expr" pairs split on blanks;
 * expressions are whitespace-separated postfix tokens whose values wrap
 * at the pointer size of the cpu.
 */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/unwind/cfi.h"
#include "lib/core/err.h"

#define CFI_JUNK 0xdadadadadadadadaULL	/* Breakpad's memset(0xda) */

/* One evaluation stack slot: a value, or a token not yet resolved. */
struct pf_slot {
	const char *p;
	size_t n;
	uint64_t v;
	int is_val;
};

/* An assigned variable ("$T0 ... =" in STACK WIN programs). */
struct pf_var {
	const char *p;
	size_t n;
	uint64_t v;
};

struct pf_env {
	enum sym_cpu cpu;
	int program;			/* Evaluate: the stack ends empty */
	struct sym_pf_var *dict;	/* caller's named values */
	size_t ndict;
	uint64_t mask;			/* value width */
	unsigned psize;
	const struct sym_context *regs;
	int have_cfa;
	uint64_t cfa;
	sym_read_fn read;
	void *read_ctx;
	struct pf_slot *stack;
	size_t sp;
	struct pf_var *vars;
	size_t nvars;
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/* Next blank-separated token of s[*pos, len); 0 at the end. */
static int next_token(const char *s, size_t len, size_t *pos,
		      const char **tok, size_t *tlen)
{
	size_t i = *pos, b;

	while (i < len && is_blank(s[i]))
		i++;
	if (i >= len) {
		*pos = i;
		return 0;
	}
	b = i;
	while (i < len && !is_blank(s[i]))
		i++;
	*tok = s + b;
	*tlen = i - b;
	*pos = i;
	return 1;
}

/*
 * A literal as C++ `istream >> unsigned` reads it after Breakpad strips
 * one leading '-': optional sign, decimal digits, nothing after, no
 * overflow of the value type.  Returns 1 and *v, or 0 (an identifier).
 */
static int parse_literal(const char *p, size_t n, uint64_t mask,
			 uint64_t *v)
{
	int neg = 0, neg2 = 0;
	uint64_t x = 0;
	size_t i = 0;

	if (i < n && p[i] == '-') {
		neg = 1;
		i++;
	}
	if (i < n && (p[i] == '+' || p[i] == '-'))
		neg2 = p[i++] == '-';
	if (i >= n)
		return 0;
	for (; i < n; i++) {
		unsigned d = (unsigned char)p[i] - '0';

		if (d > 9)
			return 0;
		if (x > (mask - d) / 10)
			return 0;
		x = x * 10 + d;
	}
	if (neg2)
		x = -x;
	if (neg)
		x = -x;
	*v = x & mask;
	return 1;
}

/*
 * The name Breakpad's walkers give register i in the CFI dictionary:
 * the printed name, except that arm64 spells fp and lr x29 and x30.
 */
static const char *cfi_reg_name(enum sym_cpu cpu, unsigned i)
{
	if (cpu == SYM_CPU_ARM64 && i == SYM_ARM64_FP)
		return "x29";
	if (cpu == SYM_CPU_ARM64 && i == SYM_ARM64_LR)
		return "x30";
	return sym_cpu_reg_name(cpu, i);
}

/* Dictionary name of register i: "$rax" on x86, amd64 and mips, "r4"
 * else. */
static int reg_matches(enum sym_cpu cpu, unsigned i, const char *p,
		       size_t n)
{
	const char *name = cfi_reg_name(cpu, i);
	size_t len;

	if (!name)
		return 0;
	if (cpu == SYM_CPU_X86 || cpu == SYM_CPU_AMD64 ||
	    cpu == SYM_CPU_MIPS || cpu == SYM_CPU_MIPS64) {
		if (n < 1 || p[0] != '$')
			return 0;
		p++;
		n--;
	}
	len = strlen(name);
	return len == n && !memcmp(name, p, n);
}

/* The caller's dictionary entry named p[0, n), or NULL. */
static struct sym_pf_var *dict_find(const struct pf_env *e, const char *p,
				    size_t n)
{
	size_t k;

	for (k = 0; k < e->ndict; k++)
		if (strlen(e->dict[k].name) == n &&
		    !memcmp(e->dict[k].name, p, n))
			return &e->dict[k];
	return NULL;
}

static int lookup_var(const struct pf_env *e, const char *p, size_t n,
		      uint64_t *v)
{
	unsigned i, nregs = sym_cpu_nregs(e->cpu);
	const struct sym_pf_var *d;
	size_t k;

	/* assignments shadow registers, the last one wins */
	for (k = e->nvars; k-- > 0;) {
		if (e->vars[k].n == n && !memcmp(e->vars[k].p, p, n)) {
			*v = e->vars[k].v;
			return 1;
		}
	}
	if ((d = dict_find(e, p, n))) {
		*v = d->v;
		return d->present;
	}
	if (e->have_cfa && n == 4 && !memcmp(p, ".cfa", 4)) {
		*v = e->cfa;
		return 1;
	}
	for (i = 0; e->regs && i < nregs && i < SYM_MAX_REGS; i++) {
		if (!(e->regs->valid & (1ULL << i)))
			continue;
		if (reg_matches(e->cpu, i, p, n)) {
			*v = e->regs->regs[i] & e->mask;
			return 1;
		}
	}
	return 0;
}

static int pop_value(struct pf_env *e, uint64_t *v)
{
	struct pf_slot *s;

	if (!e->sp)
		return 0;
	s = &e->stack[--e->sp];
	if (s->is_val) {
		*v = s->v;
		return 1;
	}
	if (parse_literal(s->p, s->n, e->mask, v))
		return 1;
	return lookup_var(e, s->p, s->n, v);
}

static void push_value(struct pf_env *e, uint64_t v)
{
	struct pf_slot *s = &e->stack[e->sp++];

	s->is_val = 1;
	s->v = v & e->mask;
}

static int binary_op(struct pf_env *e, char op)
{
	uint64_t a, b, r;

	if (!pop_value(e, &b) || !pop_value(e, &a))
		return 0;
	switch (op) {
	case '+':
		r = a + b;
		break;
	case '-':
		r = a - b;
		break;
	case '*':
		r = a * b;
		break;
	case '/':
		if (!b)
			return 0;
		r = a / b;
		break;
	case '%':
		if (!b)
			return 0;
		r = a % b;
		break;
	default:	/* '@': align down */
		r = a & (e->mask ^ ((b - 1) & e->mask));
		break;
	}
	push_value(e, r);
	return 1;
}

static int deref(struct pf_env *e)
{
	uint8_t buf[8];
	uint64_t addr, v = 0;
	unsigned i;

	if (!e->read || !pop_value(e, &addr))
		return 0;
	if (e->read(e->read_ctx, addr, buf, e->psize))
		return 0;
	for (i = e->psize; i-- > 0;)
		v = v << 8 | buf[i];
	push_value(e, v);
	return 1;
}

static int assign(struct pf_env *e)
{
	struct pf_slot *s;
	struct sym_pf_var *d;
	uint64_t v, dummy;

	if (!pop_value(e, &v) || !e->sp)
		return 0;
	s = &e->stack[--e->sp];
	/* only a '$' variable that does not read as a literal */
	if (s->is_val || parse_literal(s->p, s->n, e->mask, &dummy))
		return 0;
	if (!s->n || s->p[0] != '$')
		return 0;
	if ((d = dict_find(e, s->p, s->n))) {
		d->v = v;
		d->present = 1;
		d->assigned = 1;
		return 1;
	}
	e->vars[e->nvars].p = s->p;
	e->vars[e->nvars].n = s->n;
	e->vars[e->nvars].v = v;
	e->nvars++;
	return 1;
}

static int eval_token(struct pf_env *e, const char *p, size_t n)
{
	struct pf_slot *s;

	if (n == 1 && strchr("+-*/%@", p[0]))
		return binary_op(e, p[0]);
	if (n == 1 && p[0] == '^')
		return deref(e);
	if (n == 1 && p[0] == '=')
		return assign(e);
	s = &e->stack[e->sp++];
	s->is_val = 0;
	s->p = p;
	s->n = n;
	return 1;
}

static size_t count_tokens(const char *s, size_t len)
{
	size_t pos = 0, n = 0, tl;
	const char *t;

	while (next_token(s, len, &pos, &t, &tl))
		n++;
	return n;
}

/* Run an expression; 1 and the single result in *out, 0 on failure. */
static int eval_run(struct pf_env *e, const char *s, size_t len,
		    uint64_t *out)
{
	size_t pos = 0, tl;
	const char *t;

	while (next_token(s, len, &pos, &t, &tl)) {
		/* MSVC sometimes glues '=' to the next token: "=$eip" */
		if (tl > 1 && t[0] == '=') {
			if (!eval_token(e, t, 1))
				return 0;
			t++;
			tl--;
		}
		if (!eval_token(e, t, tl))
			return 0;
	}
	if (e->program)
		return e->sp == 0;
	if (e->sp != 1)
		return 0;
	return pop_value(e, out);
}

static uint64_t width_mask(enum sym_cpu cpu)
{
	return sym_cpu_ptr_size(cpu) == 4 ? 0xffffffffULL : ~0ULL;
}

/* Evaluate with an environment prepared by the caller (cpu, regs...). */
static int eval_expr(struct pf_env *e, const char *s, size_t len,
		     uint64_t *out)
{
	struct pf_slot small_stack[32];
	struct pf_var small_vars[32];
	struct pf_slot *stack = small_stack;
	struct pf_var *vars = small_vars;
	size_t ntok = count_tokens(s, len) * 2;	/* "=x" splits in two */
	int r;

	if (ntok > 32) {
		stack = sym_calloc(ntok, sizeof(*stack));
		vars = sym_calloc(ntok, sizeof(*vars));
		if (!stack || !vars) {
			sym_free(stack);
			sym_free(vars);
			return -SYM_ENOMEM;
		}
	}
	e->mask = width_mask(e->cpu);
	e->psize = sym_cpu_ptr_size(e->cpu);
	e->stack = stack;
	e->sp = 0;
	e->vars = vars;
	e->nvars = 0;
	r = eval_run(e, s, len, out);
	if (stack != small_stack) {
		sym_free(stack);
		sym_free(vars);
	}
	return r;
}

int sym_postfix_eval(enum sym_cpu cpu, const char *expr, size_t len,
		     const struct sym_context *regs, int have_cfa,
		     uint64_t cfa, sym_read_fn read, void *read_ctx,
		     uint64_t *out)
{
	struct pf_env e;

	memset(&e, 0, sizeof(e));
	e.cpu = cpu;
	e.regs = regs;
	e.have_cfa = have_cfa;
	e.cfa = cfa;
	e.read = read;
	e.read_ctx = read_ctx;
	return eval_expr(&e, expr, len, out);
}

int sym_postfix_program(enum sym_cpu cpu, const char *prog, size_t len,
			struct sym_pf_var *dict, size_t ndict, sym_read_fn read,
			void *read_ctx)
{
	struct pf_env e;
	uint64_t unused;

	memset(&e, 0, sizeof(e));
	e.cpu = cpu;
	e.program = 1;
	e.dict = dict;
	e.ndict = ndict;
	e.read = read;
	e.read_ctx = read_ctx;
	return eval_expr(&e, prog, len, &unused);
}

/* The rules in effect: the last expression given for each name. */
struct cfi_rules {
	enum sym_cpu cpu;
	struct sym_span cfa, ra;
	struct sym_span reg[SYM_MAX_REGS];
};

static void set_rule(struct cfi_rules *r, const char *name, size_t n,
		     struct sym_span expr)
{
	unsigned i, nregs = sym_cpu_nregs(r->cpu);

	if (n == 4 && !memcmp(name, ".cfa", 4)) {
		r->cfa = expr;
		return;
	}
	if (n == 3 && !memcmp(name, ".ra", 3)) {
		r->ra = expr;
		return;
	}
	/* rules for names that are no register of this cpu are dropped:
	 * Breakpad evaluates them but never uses the result */
	for (i = 0; i < nregs && i < SYM_MAX_REGS; i++)
		if (reg_matches(r->cpu, i, name, n))
			r->reg[i] = expr;
}

/* Report the pending rule; 0 when its name or expression is empty. */
static int report_rule(struct cfi_rules *r, const char *name, size_t n,
		       struct sym_span expr)
{
	if (!n || !expr.n)
		return 0;
	set_rule(r, name, n, expr);
	return 1;
}

/*
 * Parse one rule set as CFIRuleParser does, applying each rule as it is
 * reported (so a bad delta keeps the rules before its error).  Returns 1
 * when the whole set parsed.
 */
static int parse_rule_set(struct cfi_rules *r, struct sym_span set)
{
	const char *name = NULL, *t;
	size_t nlen = 0, pos = 0, tl;
	struct sym_span expr = { NULL, 0 };

	while (next_token(set.p, set.n, &pos, &t, &tl)) {
		if (t[tl - 1] != ':') {
			/* the expression runs from its first to last token */
			if (!expr.n)
				expr.p = t;
			expr.n = (size_t)(t + tl - expr.p);
			continue;
		}
		if (tl < 2)
			return 0;
		if ((nlen || expr.n) && !report_rule(r, name, nlen, expr))
			return 0;
		name = t;
		nlen = tl - 1;
		expr.p = NULL;
		expr.n = 0;
	}
	return report_rule(r, name, nlen, expr);
}

static int eval_rule(struct pf_env *e, struct sym_span s, uint64_t *out)
{
	return eval_expr(e, s.p, s.n, out);
}

int sym_cfi_unwind(enum sym_cpu cpu, const struct sym_cfi_text *rules,
		   const struct sym_context *callee, sym_read_fn read,
		   void *read_ctx, struct sym_context *caller)
{
	return sym_cfi_unwind_ex(cpu, rules, callee, read, read_ctx, caller,
				 NULL, NULL);
}

int sym_cfi_unwind_ex(enum sym_cpu cpu, const struct sym_cfi_text *rules,
		      const struct sym_context *callee, sym_read_fn read,
		      void *read_ctx, struct sym_context *caller,
		      uint64_t *cfa_out, uint64_t *ra_out)
{
	struct cfi_rules r;
	struct pf_env e;
	uint64_t cfa, ra, v;
	unsigned i, nregs = sym_cpu_nregs(cpu);
	int pc = sym_cpu_pc(cpu), sp = sym_cpu_sp(cpu), ok;
	size_t k;

	memset(&r, 0, sizeof(r));
	r.cpu = cpu;
	if (!rules || !rules->n || !parse_rule_set(&r, rules->rules[0]))
		return 0;
	for (k = 1; k < rules->n; k++)
		parse_rule_set(&r, rules->rules[k]);
	if (!r.cfa.n || !r.ra.n)
		return 0;

	memset(&e, 0, sizeof(e));
	e.cpu = cpu;
	e.regs = callee;
	e.read = read;
	e.read_ctx = read_ctx;
	if ((ok = eval_rule(&e, r.cfa, &cfa)) != 1)
		return ok;
	e.have_cfa = 1;
	e.cfa = cfa;
	if ((ok = eval_rule(&e, r.ra, &ra)) != 1)
		return ok;
	if (cfa_out)
		*cfa_out = cfa;
	if (ra_out)
		*ra_out = ra;

	caller->cpu = cpu;
	caller->valid = 0;
	caller->raw_flags = callee->raw_flags;
	for (i = 0; i < SYM_MAX_REGS; i++)
		caller->regs[i] = CFI_JUNK & width_mask(cpu);
	for (i = 0; i < nregs && i < SYM_MAX_REGS; i++) {
		if (!r.reg[i].n)
			continue;
		ok = eval_rule(&e, r.reg[i], &v);
		if (ok < 0)
			return ok;
		if (ok) {
			caller->regs[i] = v;
			caller->valid |= 1ULL << i;
		}
	}
	/* .cfa and .ra stand in for sp and pc when no rule names them */
	if (sp >= 0 && !(caller->valid & (1ULL << sp))) {
		caller->regs[sp] = cfa;
		caller->valid |= 1ULL << sp;
	}
	if (pc >= 0 && !(caller->valid & (1ULL << pc))) {
		caller->regs[pc] = ra;
		caller->valid |= 1ULL << pc;
	}
	return 1;
}

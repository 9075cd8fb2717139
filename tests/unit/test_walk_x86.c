/* SPDX-License-Identifier: MIT */
/*
 * test_walk_x86.c - the x86 unwinder on hand-built stacks through the
 * memory callback: the %ebp chain, STACK WIN frame data (a program
 * string, the FPO layout), STACK CFI, a corrupted frame that falls back
 * on scanning, and the postfix programs STACK WIN records carry.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "lib/unwind/cfi.h"
#include "lib/unwind/walk.h"
#include "symfmt/breakpad.h"

/* Module A at 0x400000 has symbols, module B at 0x500000 none; the
 * stack is 64 words at SBASE. */
#define SBASE 0x10000u
static uint32_t words[64];
static struct sym_table *syms;

#define W(addr) words[((addr) - SBASE) / 4]
#define BIT(r) (1ULL << (r))
#define EIP SYM_X86_EIP
#define ESP SYM_X86_ESP
#define EBP SYM_X86_EBP

static const char sym_text[] =
	"MODULE windows x86 0123456789ABCDEF0123456789ABCDEF1 a.pdb\n"
	"FUNC 1000 100 8 with_program\n"
	"FUNC 2000 100 0 fpo_no_ebp\n"
	"FUNC 3000 100 0 bad_program\n"
	"FUNC 4000 100 0 with_cfi\n"
	"FUNC 5000 100 0 aligned\n"
	"FUNC 6000 100 0 fpo_saves_ebp\n"
	"STACK WIN 4 1000 100 0 0 8 0 4 0 1 "
	"$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = $esp $T0 8 + =\n"
	"STACK WIN 0 2000 100 0 0 4 8 10 0 0 0\n"
	"STACK WIN 4 3000 100 0 0 0 0 0 0 1 $eip $T1 ^ =\n"
	"STACK WIN 4 5000 100 0 0 0 4 0 0 1 $T1 .raSearch = "
	"$T0 $T1 4 - 8 @ = $ebp $T0 ^ = $eip $T1 ^ = $esp $T1 4 + =\n"
	"STACK WIN 0 6000 100 0 0 0 8 4 0 0 1\n"
	"STACK CFI INIT 4000 100 .cfa: $esp 4 + .ra: .cfa -4 + ^\n";

static int fx_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < SBASE || addr - SBASE > sizeof(words) ||
	    len > sizeof(words) - (addr - SBASE))
		return -1;
	memcpy(buf, (uint8_t *)words + (addr - SBASE), len);
	return 0;
}

static int fx_module(void *ctx, uint64_t addr, uint64_t *base,
		     uint64_t *size)
{
	(void)ctx;
	if (addr < 0x400000 || addr >= 0x510000 ||
	    (addr >= 0x410000 && addr < 0x500000))
		return -1;
	*base = addr < 0x500000 ? 0x400000 : 0x500000;
	*size = 0x10000;
	return addr < 0x500000 ? 0 : 1;
}

static struct sym_table *fx_symbols(void *ctx, int m)
{
	(void)ctx;
	return m == 0 ? syms : NULL;
}

static const struct sym_walk_env env = {
	fx_read, NULL, fx_module, fx_symbols, NULL, 0, 1, "windows"
};

static void context(struct sym_context *c, uint32_t eip, uint32_t esp,
		    uint32_t ebp)
{
	memset(c, 0, sizeof(*c));
	c->cpu = SYM_CPU_X86;
	c->valid = BIT(SYM_X86_NREGS) - 1;
	c->regs[EIP] = eip;
	c->regs[ESP] = esp;
	c->regs[EBP] = ebp;
}

static int frame_is(const struct sym_stack *s, size_t i, enum sym_trust t,
		    uint32_t eip, uint32_t esp, uint32_t ebp)
{
	const struct sym_frame *f;

	if (i >= s->n)
		return 0;
	f = &s->frames[i];
	return f->trust == t && f->instruction == eip &&
	       f->ctx.regs[EIP] == eip && f->ctx.regs[ESP] == esp &&
	       f->ctx.regs[EBP] == ebp && (f->ctx.valid & BIT(EIP)) &&
	       (f->ctx.valid & BIT(ESP)) && (f->ctx.valid & BIT(EBP));
}

/* No symbols: the %ebp chain, down to a zero return address. */
static void test_ebp_chain(void)
{
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(words, 0, sizeof(words));
	context(&c, 0x501000, SBASE + 0x10, SBASE + 0x20);
	W(SBASE + 0x20) = SBASE + 0x40;
	W(SBASE + 0x24) = 0x502005;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_FP, 0x502005, SBASE + 0x28,
		       SBASE + 0x40));
	CHECK(s.n > 1 && s.frames[1].ctx.valid ==
	      (BIT(EIP) | BIT(ESP) | BIT(EBP)));
	sym_stack_release(&s);
}

/* A STACK WIN program, then FPO data without %ebp (the callee's
 * parameter size shifts .raSearchStart), then the %ebp chain. */
static void test_stack_win(void)
{
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(words, 0, sizeof(words));
	context(&c, 0x401010, SBASE + 0x10, SBASE + 0x20);
	W(SBASE + 0x20) = SBASE + 0x60;
	W(SBASE + 0x24) = 0x402010;
	/* fpo_no_ebp: esp 0x28 + callee params 8 + saved 8 + locals 0x10 */
	W(SBASE + 0x48) = 0x501234;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 3);
	CHECK(s.n > 0 && s.frames[0].function &&
	      !strcmp(s.frames[0].function, "with_program"));
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x402010, SBASE + 0x28,
		       SBASE + 0x60));
	CHECK(s.n > 1 && s.frames[1].function &&
	      !strcmp(s.frames[1].function, "fpo_no_ebp"));
	CHECK(frame_is(&s, 2, SYM_TRUST_CFI, 0x501234, SBASE + 0x4c,
		       SBASE + 0x60));
	sym_stack_release(&s);

	/* with %ebx known, the FPO program carries it over */
	context(&c, 0x402010, SBASE + 0x28, SBASE + 0x60);
	c.regs[SYM_X86_EBX] = 0x1234;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	/* frame 0 is the context: no callee parameters this time, so the
	 * return address is looked for 8 bytes lower and found by the
	 * three-word scan */
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x501234, SBASE + 0x4c,
		       SBASE + 0x60));
	CHECK(s.n > 1 && (s.frames[1].ctx.valid & BIT(SYM_X86_EBX)) &&
	      s.frames[1].ctx.regs[SYM_X86_EBX] == 0x1234);
	sym_stack_release(&s);
}

/* A program that aligns the stack ('@'): .raSearchStart comes from %ebp,
 * not from %esp and the frame sizes (nor the three-word scan). */
static void test_aligned(void)
{
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(words, 0, sizeof(words));
	context(&c, 0x405010, SBASE + 0x10, SBASE + 0x30);
	W(SBASE + 0x14) = 0x502222;	/* what an %esp-based search takes */
	W(SBASE + 0x30) = SBASE + 0x60;
	W(SBASE + 0x34) = 0x501234;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x501234, SBASE + 0x38,
		       SBASE + 0x60));
	sym_stack_release(&s);
}

/* FPO data of a function that saves %ebp among its registers; then the
 * same frame with a return address outside every module, replaced by
 * scanning ("call frame info with scanning"). */
static void test_fpo_ebp(void)
{
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(words, 0, sizeof(words));
	context(&c, 0x406010, SBASE + 0x10, 0x77777777);
	W(SBASE + 0x10) = SBASE + 0x50;	/* saved %ebp */
	W(SBASE + 0x1c) = 0x501000;	/* esp + saved 8 + locals 4 */
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x501000, SBASE + 0x20,
		       SBASE + 0x50));
	sym_stack_release(&s);

	W(SBASE + 0x1c) = 0x12345;
	W(SBASE + 0x30) = 0x503000;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI_SCAN, 0x503000, SBASE + 0x34,
		       SBASE + 0x50));
	CHECK(!strcmp(sym_trust_text(SYM_TRUST_CFI_SCAN),
		      "call frame info with scanning"));
	sym_stack_release(&s);
}

/* A program that fails, and a frame pointer into nowhere: scanning. */
static void test_corrupt(void)
{
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(words, 0, sizeof(words));
	context(&c, 0x403010, SBASE + 0x10, SBASE + 0x20);
	W(SBASE + 0x18) = 0x501111;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_SCAN, 0x501111, SBASE + 0x1c,
		       SBASE + 0x20));
	sym_stack_release(&s);

	/* no symbols, %ebp unreadable: scan, and rebuild the chain from
	 * the word below the return address */
	memset(words, 0, sizeof(words));
	context(&c, 0x501000, SBASE + 0x10, 0x12345678);
	W(SBASE + 0x2c) = SBASE + 0x80;
	W(SBASE + 0x30) = 0x503333;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_SCAN, 0x503333, SBASE + 0x34,
		       SBASE + 0x80));
	sym_stack_release(&s);

	/* the saved %ebp is implausible: %ebp stays as it was */
	W(SBASE + 0x2c) = SBASE;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_SCAN, 0x503333, SBASE + 0x34,
		       0x12345678));
	sym_stack_release(&s);

	/* no scanning allowed: the walk ends at frame 0 */
	{
		struct sym_walk_env e = env;

		e.allow_scan = 0;
		CHECK(sym_walk(&c, &e, &s) == SYM_OK && s.n == 1);
		sym_stack_release(&s);
	}
}

/* STACK CFI; %ebp is callee-saved and carries over. */
static void test_cfi(void)
{
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(words, 0, sizeof(words));
	context(&c, 0x404010, SBASE + 0x10, SBASE + 0x40);
	W(SBASE + 0x10) = 0x501000;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x501000, SBASE + 0x14,
		       SBASE + 0x40));
	CHECK(s.n > 1 && !(s.frames[1].ctx.valid & BIT(SYM_X86_EFL)));
	sym_stack_release(&s);
}

/* PostfixEvaluator::Evaluate semantics. */
static void test_program(void)
{
	struct sym_pf_var d[3];
	static const char prog[] = "$T0 $ebp = $eip $T0 4 + ^ =$esp $T0 8 + =";

	memset(words, 0, sizeof(words));
	W(SBASE + 0x24) = 0x401000;
	memset(d, 0, sizeof(d));
	d[0].name = "$ebp";
	d[0].v = SBASE + 0x20;
	d[0].present = 1;
	d[1].name = "$eip";
	d[2].name = "$esp";
	CHECK(sym_postfix_program(SYM_CPU_X86, prog, strlen(prog), d, 3,
				  fx_read, NULL) == 1);
	CHECK(d[1].assigned && d[1].v == 0x401000);
	CHECK(d[2].assigned && d[2].v == SBASE + 0x28);
	CHECK(!d[0].assigned);

	/* a failure keeps what was assigned before it */
	memset(&d[1], 0, 2 * sizeof(d[0]));
	d[1].name = "$eip";
	d[2].name = "$esp";
	CHECK(sym_postfix_program(SYM_CPU_X86, "$eip 7 = $esp $nope =", 21,
				  d, 3, fx_read, NULL) == 0);
	CHECK(d[1].assigned && d[1].v == 7 && !d[2].assigned);
	/* values left on the stack, literals assigned to, alignment */
	CHECK(sym_postfix_program(SYM_CPU_X86, "1 2", 3, d, 3, NULL,
				  NULL) == 0);
	CHECK(sym_postfix_program(SYM_CPU_X86, "1 2 =", 5, d, 3, NULL,
				  NULL) == 0);
	CHECK(sym_postfix_program(SYM_CPU_X86, "$eip 0x1237 =", 13, d, 3,
				  NULL, NULL) == 0);
	CHECK(sym_postfix_program(SYM_CPU_X86, "$eip 4663 16 @ =", 16, d, 3,
				  NULL, NULL) == 1 && d[1].v == 4656);
	CHECK(sym_postfix_program(SYM_CPU_X86, "$eip 0 1 - =", 12, d, 3,
				  NULL, NULL) == 1 && d[1].v == 0xffffffffu);
}

int main(void)
{
	syms = sym_table_new();
	CHECK(syms && !symfmt_breakpad_parse(syms, sym_text,
					     sizeof(sym_text) - 1, NULL));
	test_ebp_chain();
	test_stack_win();
	test_aligned();
	test_fpo_ebp();
	test_corrupt();
	test_cfi();
	test_program();
	sym_table_free(syms);
	return unit_done("walk_x86");
}

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
	fx_read, NULL, fx_module, fx_symbols, NULL, 0, 1, "windows", 0, 0, 0
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

/* --- Breakpad's own StackwalkerX86 scenarios -------------------------
 * The stacks, modules and symbol records of scenarios in Breakpad's
 * stackwalker_x86 unit tests (BSD-3-Clause, Google LLC), with the frames
 * Breakpad expects there. */

struct sc_module {
	uint32_t base, size;
	const char *syms;
	struct sym_table *t;
};

static struct {
	struct sc_module *mods;
	size_t n;
	uint32_t base;
	const uint32_t *words;
	size_t nwords;
} sc;

static int sc_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	size_t bytes = sc.nwords * 4;

	(void)ctx;
	if (addr < sc.base || addr - sc.base > bytes ||
	    len > bytes - (addr - sc.base))
		return -1;
	memcpy(buf, (const uint8_t *)sc.words + (addr - sc.base), len);
	return 0;
}

static int sc_module(void *ctx, uint64_t addr, uint64_t *base,
		     uint64_t *size)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sc.n; i++) {
		if (addr >= sc.mods[i].base &&
		    addr - sc.mods[i].base < sc.mods[i].size) {
			*base = sc.mods[i].base;
			*size = sc.mods[i].size;
			return (int)i;
		}
	}
	return -1;
}

static struct sym_table *sc_symbols(void *ctx, int m)
{
	struct sc_module *mod = &sc.mods[m];

	(void)ctx;
	if (!mod->syms)
		return NULL;
	if (!mod->t && (mod->t = sym_table_new()) &&
	    symfmt_breakpad_parse(mod->t, mod->syms, strlen(mod->syms),
				  NULL)) {
		sym_table_free(mod->t);
		mod->t = NULL;
	}
	return mod->t;
}

static void sc_run(struct sc_module *mods, size_t n, uint32_t base,
		   const uint32_t *w, size_t nw, struct sym_context *c,
		   struct sym_stack *s)
{
	struct sym_walk_env e = { sc_read, NULL, sc_module, sc_symbols, NULL,
				  0, 1, "linux", 0, 0, 0 };

	sc.mods = mods;
	sc.n = n;
	sc.base = base;
	sc.words = w;
	sc.nwords = nw;
	CHECK(sym_walk(c, &e, s) == SYM_OK);
}

/* The frames' names point into the tables: free them after the checks. */
static void sc_done(struct sc_module *mods, size_t n, struct sym_stack *s)
{
	size_t i;

	sym_stack_release(s);
	for (i = 0; i < n; i++) {
		sym_table_free(mods[i].t);
		mods[i].t = NULL;
	}
}

#define NW(a) (sizeof(a) / sizeof((a)[0]))
#define FRAME_PROGRAM(p) "$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = " \
	"$esp $T0 8 + = $L $T0 .cbSavedRegs - = $P $T0 8 + " p " + =\n"

/* An FPO system call stub in the context frame: its own address is
 * still on top of the stack and is skipped. */
static void test_bp_fpo_system_call(void)
{
	struct sc_module mods[] = {
		{ 0x40000000, 0x10000, NULL, NULL },
		{ 0x50000000, 0x10000, NULL, NULL },
		{ 0x771d0000, 0x180000, "PUBLIC 1f8ac c ZwWaitForSingleObject\n"
		  "STACK WIN 0 1f8ac 1b 0 0 c 0 0 0 0 0\n", NULL },
		{ 0x75f90000, 0x46000, "PUBLIC 109f9 c WaitForSingleObjectEx\n"
		  "PUBLIC 36590 0 _except_handler4\n"
		  "STACK WIN 4 109f9 df c 0 c c 48 0 1 "
		  FRAME_PROGRAM(".cbParams")
		  "STACK WIN 4 36590 154 17 0 10 0 14 0 1 "
		  FRAME_PROGRAM(".cbParams"), NULL },
		{ 0x75730000, 0x110000, "PUBLIC 11136 8 WaitForSingleObject\n"
		  "PUBLIC 11151 c WaitForSingleObjectExImplementation\n"
		  "STACK WIN 4 11136 16 5 0 8 0 0 0 1 "
		  FRAME_PROGRAM(".cbParams")
		  "STACK WIN 4 11151 7a 5 0 c 0 0 0 1 "
		  FRAME_PROGRAM(".cbParams"), NULL },
		{ 0x647f0000, 0x1ba8000, "FUNC 217fda 17 4 function_217fda\n"
		  "FUNC 217ff1 a 4 function_217ff1\n"
		  "STACK WIN 0 217ff1 a 0 0 4 0 0 0 0 0\n", NULL },
	};
	const uint32_t b = 0x002ff290;
	const uint32_t w[] = {
		0x771ef8c1, 0x75fa0a91, 0x000017b0, 0, 0x002ff2d8,
		0x88014a2e, 0x002ff364, 0x000017b0, 0, 0x24, 1, 0, 0, 0, 0,
		0, 0, 0, 0x9e3b9800, 0xfffffff7, 0, 0x002ff2a4, 0x64a07ff1,
		0x002ff8dc, 0x75fc6590, 0xfdd2c6ea, 0,
		b + 33 * 4, 0x75741194, 0x000017b0, 0x0036ee80, 0, 0x65bc7d14,
		b + 38 * 4, 0x75741148, 0x000017b0, 0x0036ee80, 0,
		0, 0,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	context(&c, 0x771ef8c1, b, b + 27 * 4);
	c.regs[SYM_X86_EBX] = 0x5a5a5a5a;
	sc_run(mods, NW(mods), b, w, NW(w), &c, &s);
	CHECK(s.n == 4);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x75fa0a91, b + 8, b + 27 * 4));
	CHECK(s.n > 1 && s.frames[1].ctx.valid == (BIT(EIP) | BIT(ESP) |
			BIT(EBP) | BIT(SYM_X86_EBX)));
	CHECK(s.n > 1 && s.frames[1].function &&
	      !strcmp(s.frames[1].function, "WaitForSingleObjectEx"));
	sc_done(mods, NW(mods), &s);
}

/* FPO code reading the callee's %ebx, through five frames. */
static void test_bp_fpo_references_ebx(void)
{
#define NTDLL_PROGRAM "$T0 $ebx = $eip $T0 4 + ^ = $ebx $T0 ^ = " \
	"$esp $T0 8 + = $ebp $ebp ^ = $L $ebp = $P $T0 8 + .cbParams + =\n"
	struct sc_module mods[] = {
		{ 0x776e0000, 0x142000, "PUBLIC 46bf4 0 KiFastSystemCallRet\n"
		  "STACK WIN 0 46bf4 1 0 0 0 0 0 0 0 0\n"
		  "PUBLIC 46550 10 NtWaitForKeyedEvent\n"
		  "STACK WIN 0 46550 f 0 0 10 0 0 0 0 0\n"
		  "PUBLIC 4965 10 RtlSleepConditionVariableSRW\n"
		  "STACK WIN 4 4965 23 23 0 10 8 38 0 1 " NTDLL_PROGRAM
		  "STACK WIN 4 4988 e3 0 0 10 8 38 0 1 " NTDLL_PROGRAM
		  "STACK WIN 4 4b2e b 0 0 10 8 38 0 1 " NTDLL_PROGRAM, NULL },
		{ 0x77250000, 0xd5000,
		  "PUBLIC 3217a 10 SleepConditionVariableSRW\n"
		  "STACK WIN 4 3217a 40 8 0 10 0 8 0 1 "
		  FRAME_PROGRAM(".cbParams"), NULL },
		{ 0x5a710000, 0x2b7c000,
		  "FUNC 4f4851 20 0 base::ConditionVariable::TimedWait\n",
		  NULL },
	};
#undef NTDLL_PROGRAM
	const uint32_t w[] = {
		0x7772655c, 0x776e4a3f, 0, 0x0026c070, 0, 0, 1, 0x0026c168,
		0, 0, 0, 0x0026c070, 0, 0, 0, 0x0026c164, 0x00be0000,
		0x0026fc60, 0x0026c164, 0, 0xfffffffe, 0, 0x0026c0d0,
		0x7728219e, 0x000003e8, 0, 0x7728219e, 0x0026c168, 0x0026c164,
		0, 0, 0x0026c168, 0x000003e8, 0x000003e8, 0x0026c0ec,
		0x5ac0486c, 0x0026c168, 0x0026c108, 0x5ac0484c, 0x0026c100,
		0x0026c160,
	};
	static const uint32_t eips[] = {
		0x77726bf4, 0x7772655c, 0x776e4a3f, 0x7728219e, 0x5ac0486c,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };
	size_t i;

	context(&c, 0x77726bf4, 0x0026c048, 0x26c0a0);
	c.regs[SYM_X86_EBX] = 0x26c0ac;
	sc_run(mods, NW(mods), 0x0026c048, w, NW(w), &c, &s);
	CHECK(s.n == 5);
	for (i = 0; i < s.n && i < 5; i++) {
		CHECK(s.frames[i].instruction == eips[i]);
		CHECK(s.frames[i].trust == (i ? SYM_TRUST_CFI :
					    SYM_TRUST_CONTEXT));
	}
	CHECK(s.n == 5 && s.frames[4].function &&
	      !strcmp(s.frames[4].function,
		      "base::ConditionVariable::TimedWait"));
	sc_done(mods, NW(mods), &s);
}

/* Frame data whose program gives an %eip outside every module: scan for
 * the return address, then for the caller's %ebp. */
static void test_bp_bad_eip_scan(void)
{
	struct sc_module mods[] = {
		{ 0x40000000, 0x10000, "STACK WIN 4 6e6 e7 0 0 0 8 4 0 1 "
		  "$eip $ebp 4 + ^ = $esp $ebp 8 + = $ebp $ebp ^ =\n", NULL },
		{ 0x50000000, 0x10000, "FUNC cfdb 8406 0 module2::function\n"
		  "STACK WIN 4 cfdb 8406 0 0 0 0 0 0 1 $eip 0 = $ebp 0 =\n",
		  NULL },
	};
	const uint32_t b = 0x80000000u;
	const uint32_t w[] = {
		0x2a2a2a2a, 0x2a2a2a2a, 0x3d937b2b, 0x17847f5b, b + 0x20,
		0x2b2b2b2b, 0x2c2c2c2c, 0x5000d000, 0x2d2d2d2d,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	context(&c, 0x40000700, b, b + 8);
	sc_run(mods, NW(mods), b, w, NW(w), &c, &s);
	CHECK(s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI_SCAN, 0x5000d000, b + 0x20,
		       b + 0x20));
	sc_done(mods, NW(mods), &s);
}

/* FPO data, %ebp unchanged (and %ebx carried over), then FPO data that
 * saves %ebp in the saved-register area. */
static void test_bp_fpo(void)
{
	struct sc_module mods[] = {
		{ 0x40000000, 0x10000,
		  "FUNC e8a8 100 feeb module1::discombobulated\n"
		  "STACK WIN 0 e8a8 100 0 0 8 4 10 0 0 0\n", NULL },
	};
	struct sc_module mods2[] = {
		{ 0x40000000, 0x10000,
		  "FUNC 9aa8 e6 abbe module1::RaisedByTheAliens\n"
		  "STACK WIN 0 9aa8 e6 a 0 10 8 4 0 0 1\n", NULL },
	};
	const uint32_t b = 0x80000000u;
	const uint32_t w[] = {
		0x7c521352, 0x42424242, 0x42424242, 0x42424242, 0x42424242,
		0x40009b5b, 0xf60ea7fc, 0, 0,
	};
	const uint32_t w2[] = {
		b + 0x14, 0xb68bd5f9, 0xd25d05fc, 0x4000debe, 0xf0c9a974, 0, 0,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	context(&c, 0x4000e8b8, b, b + 0x1c);
	c.regs[SYM_X86_EBX] = 0x1234;
	sc_run(mods, NW(mods), b, w, NW(w), &c, &s);
	CHECK(s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x40009b5b, b + 0x18, b + 0x1c));
	CHECK(s.n > 1 && s.frames[1].ctx.valid == (BIT(EIP) | BIT(ESP) |
			BIT(EBP) | BIT(SYM_X86_EBX)));
	sc_done(mods, NW(mods), &s);

	context(&c, 0x40009ab8, b, 0xecbdd1a5);
	sc_run(mods2, NW(mods2), b, w2, NW(w2), &c, &s);
	CHECK(s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x4000debe, b + 0x10, b + 0x14));
	CHECK(s.n > 1 && s.frames[1].ctx.valid == (BIT(EIP) | BIT(ESP) |
						   BIT(EBP)));
	sc_done(mods2, NW(mods2), &s);
}

/* A return address outside every module: scanning skips a frame, and
 * the '@' program of the next frame still finds its caller. */
static void test_bp_ra_not_in_module(void)
{
	struct sc_module mods[] = {
		{ 0x77be0000, 0x58000, "PUBLIC 38180 0 wcsstr\n"
		  "STACK WIN 4 38180 61 10 0 8 0 0 0 1 "
		  FRAME_PROGRAM("4 - .cbParams"), NULL },
		{ 0x7c800000, 0x103000, "PUBLIC efda 8 FindNextFileW\n"
		  "STACK WIN 4 efda 1bb c 0 8 8 3c 0 1 "
		  FRAME_PROGRAM("4 - .cbParams"), NULL },
		{ 0x1c30000, 0x28c8000,
		  "FUNC e3cff 4af 0 file_util::FileEnumerator::Next()\n"
		  "e3cff 1a 711 2505\n"
		  "STACK WIN 4 e3cff 4af 20 0 4 c 94 0 1 $T1 .raSearch = "
		  "$T0  $T1 4 - 8 @ = $ebp $T1 4 - ^ = $eip $T1 ^ = $esp "
		  "$T1 4 + = $20 $T0 152 - ^ =  $23 $T0 156 - ^ =  $24 "
		  "$T0 160 - ^ =\n", NULL },
	};
	const uint32_t b = 0x0932f2d0;
	const uint32_t w[] = {
		0x0764e000, 0x0764e068, b + 15 * 4, 0x001767a0, 0x0764e0c6,
		0x001bb1b8, 0x0764e068, 3, 0x0764e068, 3, 0x07578828,
		0x0764e000, 0, 0x001c0010, 0x0764e0c6,
		b + 46 * 4, 0x7c80f10f, 0x8f8, 0, 0, 0, 0x0932f34c,
		0x0764e000, 0x1000, 0, 1, 0, 0, 0x0932f6a8, 0, 0x0932f6d8, 0,
		0xd6, 0x0764e000, 0x7ff9a000, 0x0932f3fc, 1, 1, 0x07578828,
		0x2e, 0x0932f340, 0x0932eef4, 0x0932ffdc, 0x7c839ad8,
		0x7c80f0d8, 0,
		b + 90 * 4, 0x01d13f91, 0x07578828, 0x0932f6ac, 0x0932f9c4,
		0x0932f9b4, 0, 3, 0x0932f978, 0x01094330, 0, 1, 0x01094330,
		0, 0, 0x07f30000, 0x01c3ba17, 0x08bab840, 0x07f31580, 0, 7,
		0x0932f940, 0x2e, 0x0932f40c, 0x01d13b53, 0x0932f958, 1, 7,
		0x0932f940, 0x2e, 0, 0x0932f6ac, 0x01e13ef0, 1, 7, 0x0932f958,
		0x08bab840, 0x0932f9b4, 0, 0x0932f9b4, 0xa7, 0xa7, 0x0932f998,
		0x579627a2,
		0, 0,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	context(&c, 0x77c181cd, b, b + 8);
	sc_run(mods, NW(mods), b, w, NW(w), &c, &s);
	CHECK(s.n == 3);
	CHECK(s.n > 1 && s.frames[1].trust == SYM_TRUST_CFI_SCAN &&
	      s.frames[1].instruction == 0x7c80f10f &&
	      s.frames[1].ctx.regs[EBP] == b + 46 * 4);
	CHECK(s.n > 2 && s.frames[2].trust == SYM_TRUST_CFI &&
	      s.frames[2].instruction == 0x01d13f91 &&
	      s.frames[2].ctx.regs[EBP] == b + 90 * 4);
	CHECK(s.n > 2 && s.frames[2].function &&
	      !strcmp(s.frames[2].function,
		      "file_util::FileEnumerator::Next()"));
	sc_done(mods, NW(mods), &s);
}

/* Programs aligning the stack ('@'): .raSearchStart from %ebp. */
static void test_bp_alignment(void)
{
#define ALIGNED(n, rest) "$T1 .raSearch = $T0 $T1 4 - " n " @ = " \
	"$ebp $T1 4 - ^ = $eip $T1 ^ = $esp $T1 4 + = " rest "\n"
	struct sc_module mods[] = {
		{ 0x59630000, 0x19e3000,
		  "FUNC 56422 50c 8 base::MessageLoop::RunTask"
		  "(base::PendingTask const&)\n"
		  "56422 e 458 4589\n"
		  "STACK WIN 4 56422 50c 11 0 8 c ac 0 1 " ALIGNED("8",
		  "$20 $T0 176 - ^ =  $23 $T0 180 - ^ =  $24 $T0 184 - ^ =")
		  "FUNC 55d34 34a 0 base::MessageLoop::DoWork()\n"
		  "55d34 11 596 4589\n"
		  "STACK WIN 4 55d34 34a 19 0 0 c 134 0 1 " ALIGNED("8",
		  "$20 $T0 312 - ^ =  $23 $T0 316 - ^ =  $24 $T0 320 - ^ =")
		  "FUNC 55c39 fb 0 base::MessagePumpForIO::DoRunLoop()\n"
		  "55c39 d 518 19962\n"
		  "STACK WIN 4 55c39 fb d 0 0 c 34 0 1 " ALIGNED("64",
		  "$20 $T0 56 - ^ =  $23 $T0 60 - ^ =  $24 $T0 64 - ^ =")
		  "FUNC 55bf0 49 4 base::MessagePumpWin::Run(base::"
		  "MessagePump::Delegate*)\n"
		  "55bf0 49 48 4724\n"
		  "STACK WIN 4 55bf0 49 c 0 4 0 10 0 1 $T0 $ebp = $eip $T0 4 "
		  "+ ^ = $ebp $T0 ^ = $esp $T0 8 + =\n"
		  "FUNC 165d de 4 malloc\n"
		  "165d 6 119 54\n"
		  "STACK WIN 4 165d de d 0 4 8 0 0 1 " ALIGNED("8",
		  "$23 $T0 4 - ^ =  $24 $T0 8 - ^ =")
		  "FUNC 55ac9 79 0 base::MessageLoop::RunInternal()\n"
		  "55ac9 d 427 4589\n"
		  "STACK WIN 4 55ac9 79 d 0 0 8 10 0 1 " ALIGNED("8",
		  "$23 $T0 20 - ^ =  $24 $T0 24 - ^ ="), NULL },
	};
#undef ALIGNED
	const uint32_t b = 0x046bfc80;
	const uint32_t w[] = {
		0,
		0x01e235a0, 0, 0x01e9f580, 0x01e9f580, 0x20, 0, 0x00463674,
		0x20, 0, 0x046bfcd8, 0x046bfcd8, 0x0001204b, 0, 0xfdddb523,
		0, 7, 0x40, 0, 0x59631693, 0x01e9f580, 0x01e9f580, 0x046bfcf8,
		0x77da6704, 0x046bfd4c, 0x59685bec, 0x01e235a0,
		b + 35 * 4, 0x59685c2e,
		0x01e75a90, 0x046bfd4c, 0x01e75a90, 0, 0x300, 1,
		b + 44 * 4, 0x59685b3c,
		0x01e75a90, 0, 0x046bfd4c, 0x59658123, 0x046bfda0, 0x01e79d70,
		0x046bfda0,
		0, 0,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	context(&c, 0x59685c46, b + 4, b + 27 * 4);
	sc_run(mods, NW(mods), b, w, NW(w), &c, &s);
	CHECK(s.n == 3);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x59685c2e, b + 29 * 4,
		       b + 35 * 4));
	CHECK(frame_is(&s, 2, SYM_TRUST_CFI, 0x59685b3c, b + 37 * 4,
		       b + 44 * 4));
	CHECK(s.n > 2 && s.frames[2].function &&
	      !strcmp(s.frames[2].function,
		      "base::MessageLoop::RunInternal()"));
	sc_done(mods, NW(mods), &s);
}

/* %eip outside every module and a bogus %ebp: scanning finds frame 1,
 * then frame data walks on; the same with junk lines (and a NUL) in
 * the middle of the symbol file, which is then corrupt but still used. */
static void test_bp_ip_not_in_module(int corrupt)
{
#define REMOTING_PROGRAM "$T0 $ebp = $eip $T0 4 + ^ = $ebp $T0 ^ = " \
	"$esp $T0 8 + =\n"
	static const char funcs[] =
		"FUNC 137214 17d 10 PK11_Verify\n"
		"FUNC 15c834 37 14 nsc_ECDSAVerifyStub\n"
		"FUNC 1611d3 91 14 NSC_Verify\n"
		"FUNC 162ff7 60 4 sftk_SessionFromHandle\n";
	static const char junk[] =
		"\0\nFUNC 1234\nFUNNC 1234\nSTACK WIN 4 1234 234 23 "
		"23423423 234 23 234 234 234 23 234 23 234 234 234 234 234\n";
	static const char wins[] =
		"STACK WIN 4 137214 17d 9 0 10 0 10 0 1 " REMOTING_PROGRAM
		"STACK WIN 4 15c834 37 6 0 14 0 18 0 1 " REMOTING_PROGRAM
		"STACK WIN 4 1611d3 91 7 0 14 0 8 0 1 " REMOTING_PROGRAM
		"STACK WIN 4 162ff7 60 5 0 4 0 0 0 1 " REMOTING_PROGRAM;
#undef REMOTING_PROGRAM
	char text[sizeof(funcs) + sizeof(junk) + sizeof(wins)];
	size_t n = 0;
	struct sc_module mods[] = { { 0x54080000, 0x501000, NULL, NULL } };
	const uint32_t b = 0x01a3ea28;
	const uint32_t w[] = {
		b + 31 * 4, b + 15 * 4, 0x042478e4, b + 31 * 4, 0, 0x041f0420,
		0, 0, 0x40, 1, 0x00b7e0d0, 0, 0x40, 1, 0x00b7f570,
		0, 0x40, 8, 0x04289530, 0, 0x40, 8, 0x00b7e910, 0, 0x40, 8,
		0x00b7d998, 0, 0x40, 8, 0x00b7dec0,
		0, 0x40, 8, 0x04289428, 0, 0x40, 8, 0x00b7f258,
		0, 0x041f3560, 0x41, 0x20, 0xffffffff,
		b + 55 * 4, 0x541dc866,
		0x04247860, 0x01a3eaec, 0x01a3eaf8, 0x541e304f, 0x0404c620,
		0x40, 0x01a3eb2c, 0x01a3ec08, 0x14,
		b + 66 * 4, 0x541e1234,
		0x04247858, 0x0404c620, 0x40, 0x01a3ec08, 0x14, 0x01000005,
		0x00b2f7a0, 0x041f0420, 0x041f3650,
		b + 80 * 4, 0x541b734d,
		0x01000005, 0x01a3ec08, 0x14, 0x0404c620, 0x40, 0x04073e00,
		0x04073e00, 0x04247050, 0x1041, 0, 0, 0,
		0, 0,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };
	struct sym_table_info info;

	memcpy(text, funcs, sizeof(funcs) - 1);
	n = sizeof(funcs) - 1;
	if (corrupt) {
		memcpy(text + n, junk, sizeof(junk) - 1);
		n += sizeof(junk) - 1;
	}
	memcpy(text + n, wins, sizeof(wins));
	mods[0].syms = text;
	/* the table is built from the whole buffer, NUL included */
	mods[0].t = sym_table_new();
	CHECK(mods[0].t && !symfmt_breakpad_parse(mods[0].t, text,
						  n + sizeof(wins) - 1, NULL));
	sym_table_info(mods[0].t, &info);
	CHECK(!info.corrupt == !corrupt);
	context(&c, 0x4247860, b, 0x5420362d);
	sc_run(mods, NW(mods), b, w, NW(w), &c, &s);
	CHECK(s.n == 4);
	CHECK(frame_is(&s, 1, SYM_TRUST_SCAN, 0x541dc866, b + 46 * 4,
		       b + 55 * 4));
	CHECK(frame_is(&s, 2, SYM_TRUST_CFI, 0x541e1234, b + 57 * 4,
		       b + 66 * 4));
	CHECK(frame_is(&s, 3, SYM_TRUST_CFI, 0x541b734d, b + 68 * 4,
		       b + 80 * 4));
	CHECK(s.n > 3 && s.frames[3].function &&
	      !strcmp(s.frames[3].function, "PK11_Verify"));
	sc_done(mods, NW(mods), &s);
}

/* STACK CFI at each step of a prologue (Breakpad's CFI fixture): the
 * caller's callee-saved registers come back the same every time. */
static void test_bp_cfi(void)
{
	static const struct {
		uint32_t eip, ebx, esi, edi;
		int ebp_at;		/* word %ebp points at, or -1 */
		uint32_t w[5];
		size_t nw;
	} cases[] = {
		{ 0x40004000, 0, 0, 0, -1, { 0x40005510 }, 1 },
		{ 0x40004001, 0x91aa9a8b, 0, 0, -1,
		  { 0x60f20ce6, 0x40005510 }, 2 },
		{ 0x40004002, 0x53d1379d, 0xa5c790ed, 0, -1,
		  { 0x60f20ce6, 0x40005510 }, 2 },
		{ 0x40004003, 0x53d1379d, 0xa97f229d, 0xb05cc997, -1,
		  { 0x56ec3db7, 0xafbae234, 0x53d67131, 0x60f20ce6,
		    0x40005510 }, 5 },
		{ 0x40004005, 0x53d1379d, 0x0fb7dc4e, 0x40005510, -1,
		  { 0xe29782c2, 0xafbae234, 0x5ba29ce9, 0x60f20ce6,
		    0x8036cc02 }, 5 },
		{ 0x40004006, 0x53d1379d, 0x743833c9, 0x40005510, 3,
		  { 0xdcdd25cd, 0xafbae234, 0xc0d4aab9, 0x60f20ce6,
		    0x8036cc02 }, 5 },
	};
	struct sc_module mods[] = {
		{ 0x40000000, 0x10000, "FUNC 4000 1000 10 enchiridion\n"
		  "STACK CFI INIT 4000 100 .cfa: $esp 4 + .ra: .cfa 4 - ^\n"
		  "STACK CFI 4001 .cfa: $esp 8 + $ebx: .cfa 8 - ^\n"
		  "STACK CFI 4002 $esi: $ebx\n"
		  "STACK CFI 4003 .cfa: $esp 20 + $edi: .cfa 16 - ^\n"
		  "STACK CFI 4005 .ra: $edi\n"
		  "STACK CFI 4006 .cfa: $ebp 8 + $ebp: .cfa 12 - ^\n"
		  "FUNC 5000 1000 10 epictetus\n"
		  "STACK CFI INIT 5000 1000 .cfa: $esp .ra 0\n", NULL },
		{ 0x50000000, 0x10000, NULL, NULL },
	};
	const uint64_t want = BIT(EIP) | BIT(ESP) | BIT(EBP) |
			      BIT(SYM_X86_EBX) | BIT(SYM_X86_ESI) |
			      BIT(SYM_X86_EDI);
	size_t i;

	for (i = 0; i < NW(cases); i++) {
		uint32_t b = 0x80000000u - (uint32_t)cases[i].nw * 4;
		struct sym_context c;
		struct sym_stack s = { NULL, 0, 0 };
		const struct sym_frame *f;

		context(&c, cases[i].eip, b, cases[i].ebp_at < 0 ?
			0xc0d4aab9 : b + (uint32_t)cases[i].ebp_at * 4);
		c.regs[SYM_X86_EBX] = cases[i].ebx ? cases[i].ebx : 0x60f20ce6;
		c.regs[SYM_X86_ESI] = cases[i].esi ? cases[i].esi : 0x53d1379d;
		c.regs[SYM_X86_EDI] = cases[i].edi ? cases[i].edi : 0xafbae234;
		sc_run(mods, NW(mods), b, cases[i].w, cases[i].nw, &c, &s);
		CHECK(s.n == 2);
		if (s.n != 2) {
			sc_done(mods, NW(mods), &s);
			continue;
		}
		f = &s.frames[1];
		CHECK(f->trust == SYM_TRUST_CFI && f->ctx.valid == want);
		CHECK(f->ctx.regs[EIP] == 0x40005510 &&
		      f->ctx.regs[ESP] == 0x80000000u &&
		      f->ctx.regs[EBP] == 0xc0d4aab9 &&
		      f->ctx.regs[SYM_X86_EBX] == 0x60f20ce6 &&
		      f->ctx.regs[SYM_X86_ESI] == 0x53d1379d &&
		      f->ctx.regs[SYM_X86_EDI] == 0xafbae234);
		CHECK(f->function && !strcmp(f->function, "epictetus"));
		sc_done(mods, NW(mods), &s);
	}
}

/* Frame data programs of Breakpad's GetCallerFrame tests: callee-saved
 * registers from the program, an aligned frame, the callee's parameter
 * size in .raSearchStart, and a program that does not parse. */
static void test_bp_frame_data(void)
{
	struct sc_module m1[] = {
		{ 0x40000000, 0x10000, "STACK WIN 4 aa85 176 0 0 4 10 4 0 1"
		  " $T2 $esp .cbSavedRegs + = $T0 .raSearchStart ="
		  " $eip $T0 ^ = $esp $T0 4 + = $ebx $T2 4  - ^ ="
		  " $edi $T2 8  - ^ = $esi $T2 12 - ^ = $ebp $T2 16 - ^ =\n",
		  NULL },
		{ 0x50000000, 0x10000, NULL, NULL },
	};
	struct sc_module m2[] = {
		{ 0x40000000, 0x10000, "STACK WIN 4 aa85 176 0 0 4 4 8 0 1"
		  " $T1 .raSearch = $T0 $T1 4 - 8 @ = $ebp $T1 4 - ^ ="
		  " $eip $T1 ^ = $esp $T1 4 + =", NULL },
		{ 0x50000000, 0x10000, NULL, NULL },
	};
	struct sc_module m3[] = {
		{ 0x40000000, 0x10000, "FUNC 1000 100 c module1::wheedle\n",
		  NULL },
		{ 0x50000000, 0x10000, "FUNC aa85 176 beef module2::whine\n"
		  "STACK WIN 4 aa85 176 0 0 4 10 4 0 1"
		  " $T2 $esp .cbLocals + .cbSavedRegs + = $T0 .raSearchStart ="
		  " $eip $T0 ^ = $esp $T0 4 + = $ebp $T0 20 - ^ ="
		  " $ebx $T0 8 - ^ =\n", NULL },
	};
	struct sc_module m4[] = {
		{ 0x40000000, 0x10000,
		  "STACK WIN 4 c8c 111 0 0 4 10 4 0 1 bad program string\n",
		  NULL },
		{ 0x50000000, 0x10000, "FUNC 7c38 accf 0 module2::function\n"
		  "STACK WIN 4 7c38 accf 0 0 4 10 4 0 1 $eip 0 = $ebp 0 =\n",
		  NULL },
	};
	const uint32_t b = 0x80000000u;
	const uint32_t w1[] = {
		b + 36, 0xa7120d1a, 0x630891be, 0x9068a878, 0xa08ea45f,
		0x40001350, 0, 0, 0, 0, 0,
	};
	const uint32_t w2[] = {
		0x0ffa0ffa, 0xdeaddead, 0xbeefbeef, 0, b + 28, 0x5000129d, 1,
		0, 0,
	};
	const uint32_t w3[] = {
		0, 0, 0, 0, 0x6fa902e0, 0x5000aa95,
		0xbaa0cb7a, 0xbdc92f9f, 0x0b1d8442, b + 72, 0xb1b90a15,
		0xf18e072d, 0x2558c7f3, 0x0365e25e, 0x2a179e38,
		0, 0, 0, 0, 0,
	};
	const uint32_t w4[] = {
		0x2a2a2a2a, 0x2a2a2a2a, 0x2a2a2a2a, 0x2a2a2a2a, 0x50007ce9,
		0, 0,
	};
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	context(&c, 0x4000aa85, b, 0xf052c1de);
	sc_run(m1, NW(m1), b, w1, NW(w1), &c, &s);
	CHECK(s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x40001350, b + 24, b + 36));
	CHECK(s.n == 2 && s.frames[1].ctx.valid == (BIT(EIP) | BIT(ESP) |
			BIT(EBP) | BIT(SYM_X86_EBX) | BIT(SYM_X86_ESI) |
			BIT(SYM_X86_EDI)) &&
	      s.frames[1].ctx.regs[SYM_X86_EBX] == 0x9068a878 &&
	      s.frames[1].ctx.regs[SYM_X86_ESI] == 0xa7120d1a &&
	      s.frames[1].ctx.regs[SYM_X86_EDI] == 0x630891be);
	sc_done(m1, NW(m1), &s);

	context(&c, 0x4000aa85, b, b + 16);
	sc_run(m2, NW(m2), b, w2, NW(w2), &c, &s);
	CHECK(s.n == 2);
	CHECK(frame_is(&s, 1, SYM_TRUST_CFI, 0x5000129d, b + 24, b + 28));
	sc_done(m2, NW(m2), &s);

	context(&c, 0x40001004, b, b + 16);
	sc_run(m3, NW(m3), b, w3, NW(w3), &c, &s);
	CHECK(s.n == 3);
	CHECK(frame_is(&s, 1, SYM_TRUST_FP, 0x5000aa95, b + 24, 0x6fa902e0));
	CHECK(frame_is(&s, 2, SYM_TRUST_CFI, 0x2a179e38, b + 60, b + 72));
	CHECK(s.n == 3 && s.frames[2].ctx.regs[SYM_X86_EBX] == 0x2558c7f3 &&
	      s.frames[2].ctx.valid == (BIT(EIP) | BIT(ESP) | BIT(EBP) |
					BIT(SYM_X86_EBX)));
	sc_done(m3, NW(m3), &s);

	context(&c, 0x40000c9c, b, 0x2ae314cd);
	sc_run(m4, NW(m4), b, w4, NW(w4), &c, &s);
	CHECK(s.n == 2);
	CHECK(s.n == 2 && s.frames[1].trust == SYM_TRUST_SCAN &&
	      s.frames[1].instruction == 0x50007ce9 &&
	      s.frames[1].ctx.regs[ESP] == b + 20);
	sc_done(m4, NW(m4), &s);
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
	test_bp_fpo_system_call();
	test_bp_fpo_references_ebx();
	test_bp_bad_eip_scan();
	test_bp_fpo();
	test_bp_ra_not_in_module();
	test_bp_alignment();
	test_bp_ip_not_in_module(0);
	test_bp_ip_not_in_module(1);
	test_bp_cfi();
	test_bp_frame_data();
	sym_table_free(syms);
	return unit_done("walk_x86");
}

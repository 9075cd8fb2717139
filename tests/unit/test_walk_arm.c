/* SPDX-License-Identifier: MIT */
/*
 * test_walk_arm.c - the arm64 and arm unwinders on hand-built memory
 * images read through the walker's memory callback: frame pointer
 * chains, STACK CFI rules (with the lr correction of a CFI frame),
 * pointer-authentication bits stripped from return addresses, Thumb
 * return addresses, the iOS r7 chain, and a corrupted frame pointer
 * that falls back to stack scanning; and, on the same fixture, the mips
 * unwinder (CFI with .cfa/.ra over the $sp/$ra rules, the scan that wants
 * a plausible saved fp).  Expected values follow Breakpad's
 * StackwalkerARM64, StackwalkerARM and StackwalkerMIPS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "lib/model/symtab.h"
#include "lib/unwind/walk.h"
#include "symfmt/breakpad.h"

/* One module at 0x400000..0x500000; a stack image at sbase. */
#define MBASE 0x400000ULL
#define MEND 0x500000ULL
static uint64_t sbase = 0x10000;
static uint8_t mem[512];
static struct sym_table *syms;

static int fx_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < sbase || addr - sbase > sizeof(mem) ||
	    len > sizeof(mem) - (addr - sbase))
		return -1;
	memcpy(buf, mem + (addr - sbase), len);
	return 0;
}

static int fx_module(void *ctx, uint64_t addr, uint64_t *base,
		     uint64_t *size)
{
	(void)ctx;
	if (addr < MBASE || addr >= MEND)
		return -1;
	*base = MBASE;
	*size = MEND - MBASE;
	return 0;
}

static struct sym_table *fx_symbols(void *ctx, int m)
{
	(void)ctx;
	(void)m;
	return syms;
}

static void put64(uint64_t addr, uint64_t v)
{
	memcpy(mem + (addr - sbase), &v, 8);	/* the test host is LE */
}

static void put32(uint64_t addr, uint32_t v)
{
	memcpy(mem + (addr - sbase), &v, 4);
}

#define BIT(r) (1ULL << (r))

static void env_init(struct sym_walk_env *env, const char *os)
{
	memset(env, 0, sizeof(*env));
	env->read = fx_read;
	env->module_at = fx_module;
	env->symbols = fx_symbols;
	env->allow_scan = 1;
	env->os_short = os;
	env->modules_end = MEND;
}

static void ctx_init(struct sym_context *c, enum sym_cpu cpu)
{
	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	c->valid = BIT(sym_cpu_nregs(cpu)) - 1;
	memset(mem, 0, sizeof(mem));
}

static struct sym_table *load(const char *text)
{
	struct sym_table *t = sym_table_new();

	if (t && symfmt_breakpad_parse(t, text, strlen(text), NULL)) {
		sym_table_free(t);
		t = NULL;
	}
	return t;
}

#define F(i) (s.frames[i])

/* x29 chain from the context frame; PAC bits on lr and a saved lr */
static void test_arm64_fp(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_ARM64);
	c.regs[SYM_ARM64_PC] = 0x401000;
	c.regs[SYM_ARM64_SP] = sbase + 0x10;
	c.regs[SYM_ARM64_FP] = sbase + 0x20;
	/* a signed return address: the bits above the module range go */
	c.regs[SYM_ARM64_LR] = 0x0023000000402004ULL;
	put64(sbase + 0x20, sbase + 0x40);	/* frame record: fp, lr */
	put64(sbase + 0x28, 0x8051000000403008ULL);
	put64(sbase + 0x40, 0);
	/* stripped, 0x7000000 is in no module: kept as it is */
	put64(sbase + 0x48, 0x0000000007000000ULL);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 3);
	if (s.n != 3)
		goto out;
	CHECK(F(0).trust == SYM_TRUST_CONTEXT);
	CHECK(F(0).ctx.regs[SYM_ARM64_LR] == 0x402004);
	CHECK(F(1).trust == SYM_TRUST_FP);
	CHECK(F(1).ctx.regs[SYM_ARM64_PC] == 0x402004);
	CHECK(F(1).instruction == 0x402000);	/* inside the call */
	CHECK(F(1).ctx.regs[SYM_ARM64_SP] == sbase + 0x30);
	CHECK(F(1).ctx.regs[SYM_ARM64_FP] == sbase + 0x40);
	CHECK(F(1).ctx.regs[SYM_ARM64_LR] == 0x403008);
	CHECK(F(1).ctx.valid == (BIT(SYM_ARM64_PC) | BIT(SYM_ARM64_SP) |
				 BIT(SYM_ARM64_FP) | BIT(SYM_ARM64_LR)));
	CHECK(F(2).trust == SYM_TRUST_FP);
	CHECK(F(2).ctx.regs[SYM_ARM64_PC] == 0x403008);
	CHECK(F(2).ctx.regs[SYM_ARM64_LR] == 0x7000000);
	/* frame 3 would have fp 0: same sp, pc 0x7000000: the walk ends */
out:
	sym_stack_release(&s);
}

static const char arm64_sym[] =
	"MODULE Linux arm64 0123 m\n"
	"FUNC 1000 100 0 f0\n"
	"FUNC 2000 100 0 f1\n"
	"FUNC 3000 100 0 f2\n"
	"STACK CFI INIT 1000 100 .cfa: sp 0 + .ra: x30\n"
	"STACK CFI 1010 .cfa: sp 32 + .ra: .cfa -8 + ^ x29: .cfa -16 + ^\n"
	"STACK CFI INIT 2000 100 .cfa: sp 0 + .ra: x30\n";

/* CFI, then a CFI frame without lr: lr comes from the callee's frame
 * record, and the x29 chain goes on */
static void test_arm64_cfi(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	syms = load(arm64_sym);
	CHECK(syms != NULL);
	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_ARM64);
	c.regs[SYM_ARM64_PC] = 0x401020;
	c.regs[SYM_ARM64_SP] = sbase;
	c.regs[SYM_ARM64_FP] = sbase + 0x60;
	c.regs[SYM_ARM64_LR] = 0x401f00;
	c.regs[0] = 0x1234;
	c.regs[19] = 0x19;
	put64(sbase + 16, sbase + 0x80);	/* x29 saved by f0 */
	put64(sbase + 24, 0x402010);		/* ra saved by f0 */
	put64(sbase + 0x60, sbase + 0x80);	/* f0's frame record */
	put64(sbase + 0x68, 0x403010);
	put64(sbase + 0x80, 0);			/* f1's */
	put64(sbase + 0x88, 0x404010);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 3);
	if (s.n != 3)
		goto out;
	CHECK(F(0).function && !strcmp(F(0).function, "f0"));
	CHECK(F(1).trust == SYM_TRUST_CFI);
	CHECK(F(1).function && !strcmp(F(1).function, "f1"));
	CHECK(F(1).ctx.regs[SYM_ARM64_PC] == 0x402010);
	CHECK(F(1).ctx.regs[SYM_ARM64_SP] == sbase + 32);
	CHECK(F(1).ctx.regs[SYM_ARM64_FP] == sbase + 0x80);
	CHECK(F(1).ctx.regs[19] == 0x19);	/* callee-saved, kept */
	CHECK(F(1).ctx.valid == (BIT(SYM_ARM64_PC) | BIT(SYM_ARM64_SP) |
				 (BIT(30) - BIT(19))));
	CHECK(F(1).ctx.regs[0] == 0);		/* not recovered: zero */
	/* f1's CFI needs x30, unknown: the frame pointer takes over, with
	 * lr read from f0's frame record (it agrees with f1's x29) */
	CHECK(F(2).trust == SYM_TRUST_FP);
	CHECK(F(2).ctx.regs[SYM_ARM64_PC] == 0x403010);
	CHECK(F(2).function && !strcmp(F(2).function, "f2"));
	CHECK(F(2).ctx.regs[SYM_ARM64_SP] == sbase + 0x90);
	CHECK(F(2).ctx.regs[SYM_ARM64_LR] == 0x404010);
out:
	sym_stack_release(&s);
	sym_table_free(syms);
	syms = NULL;
}

/* arm64 CFI names fp and lr x29 and x30: a rule for "fp" is no
 * register's (Breakpad evaluates it and never uses it) */
static void test_arm64_names(void)
{
	static const char sym[] =
		"MODULE Linux arm64 0123 m\n"
		"FUNC 1000 100 0 f0\n"
		"STACK CFI INIT 1000 100 .cfa: sp 16 + .ra: x30 "
		"fp: .cfa -16 + ^ x29: .cfa -8 + ^ x19: x29\n";
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	syms = load(sym);
	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_ARM64);
	c.regs[SYM_ARM64_PC] = 0x401000;
	c.regs[SYM_ARM64_SP] = sbase;
	c.regs[SYM_ARM64_FP] = 0x2929;
	c.regs[SYM_ARM64_LR] = 0x402000;
	put64(sbase, 0x1111);
	put64(sbase + 8, sbase + 0x100);
	env.allow_scan = 0;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n >= 2);
	if (s.n >= 2) {
		CHECK(F(1).trust == SYM_TRUST_CFI);
		CHECK(F(1).ctx.regs[SYM_ARM64_PC] == 0x402000);
		CHECK(F(1).ctx.regs[SYM_ARM64_FP] == sbase + 0x100);
		/* x19 from the callee's x29 */
		CHECK(F(1).ctx.regs[19] == 0x2929);
	}
	sym_stack_release(&s);
	sym_table_free(syms);
	syms = NULL;
}

/* a frame pointer into nowhere: stack scanning finds the caller */
static void test_arm64_scan(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_ARM64);
	c.regs[SYM_ARM64_PC] = 0x401000;
	c.regs[SYM_ARM64_SP] = sbase + 0x10;
	c.regs[SYM_ARM64_FP] = 0xdead0000;
	c.regs[SYM_ARM64_LR] = 0x402004;
	put64(sbase + 0x18, 0x7000);		/* in no module */
	put64(sbase + 0x20, 0x403008);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 2);
	if (s.n != 2)
		goto out;
	CHECK(F(1).trust == SYM_TRUST_SCAN);
	CHECK(F(1).ctx.regs[SYM_ARM64_PC] == 0x403008);
	CHECK(F(1).ctx.regs[SYM_ARM64_SP] == sbase + 0x28);
	CHECK(F(1).ctx.valid == (BIT(SYM_ARM64_PC) | BIT(SYM_ARM64_SP)));
	sym_stack_release(&s);
	/* without scanning the walk ends at frame 0 */
	env.allow_scan = 0;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 1);
out:
	sym_stack_release(&s);
}

static const char arm_sym[] =
	"MODULE Linux arm 0123 m\n"
	"FUNC 1000 100 0 f0\n"
	"FUNC 2000 100 0 f1\n"
	"FUNC 3000 100 0 f2\n"
	"STACK CFI INIT 1000 100 .cfa: sp 0 + .ra: lr\n"
	"STACK CFI 1002 .cfa: sp 8 + .ra: .cfa -4 + ^ r4: .cfa -8 + ^\n";

/* CFI to a Thumb return address, then scanning (no frame pointer off
 * iOS) */
static void test_arm_cfi(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	syms = load(arm_sym);
	CHECK(syms != NULL);
	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_ARM);
	c.regs[SYM_ARM_PC] = 0x401010;
	c.regs[SYM_ARM_SP] = sbase;
	c.regs[SYM_ARM_LR] = 0x401f01;
	c.regs[4] = 4;
	c.regs[7] = sbase + 0x40;
	c.regs[12] = 12;
	put32(sbase, 0x44);			/* r4 */
	put32(sbase + 4, 0x402011);		/* Thumb return address */
	put32(sbase + 0x10, 0x403005);		/* found by scanning */
	put32(sbase + 0x40, 0);			/* an r7 chain, unused */
	put32(sbase + 0x44, 0x402101);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 3);
	if (s.n != 3)
		goto out;
	CHECK(F(1).trust == SYM_TRUST_CFI);
	CHECK(F(1).ctx.regs[SYM_ARM_PC] == 0x402011);
	CHECK(F(1).instruction == 0x40200f);
	CHECK(F(1).function && !strcmp(F(1).function, "f1"));
	CHECK(F(1).ctx.regs[SYM_ARM_SP] == sbase + 8);
	CHECK(F(1).ctx.regs[4] == 0x44);
	CHECK(F(1).ctx.regs[7] == sbase + 0x40);
	CHECK(F(1).ctx.valid == (BIT(SYM_ARM_PC) | BIT(SYM_ARM_SP) |
				 (BIT(12) - BIT(4))));
	CHECK(F(1).ctx.regs[12] == 0);
	CHECK(F(2).trust == SYM_TRUST_SCAN);
	CHECK(F(2).ctx.regs[SYM_ARM_PC] == 0x403005);
	CHECK(F(2).ctx.regs[SYM_ARM_SP] == sbase + 0x14);
	CHECK(F(2).function && !strcmp(F(2).function, "f2"));
out:
	sym_stack_release(&s);
	sym_table_free(syms);
	syms = NULL;
}

/* iOS: Breakpad ignores CFI and follows r7 */
static void test_arm_ios(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	syms = load(arm_sym);
	env_init(&env, "ios");
	ctx_init(&c, SYM_CPU_ARM);
	c.regs[SYM_ARM_PC] = 0x401010;
	c.regs[SYM_ARM_SP] = sbase;
	c.regs[SYM_ARM_LR] = 0x402001;
	c.regs[7] = sbase + 0x20;
	put32(sbase + 4, 0x402011);		/* what CFI would give */
	put32(sbase + 0x20, sbase + 0x30);
	put32(sbase + 0x24, 0x403001);
	put32(sbase + 0x30, 0);
	put32(sbase + 0x34, 0);
	env.allow_scan = 0;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 3);
	if (s.n != 3)
		goto out;
	CHECK(F(1).trust == SYM_TRUST_FP);
	CHECK(F(1).ctx.regs[SYM_ARM_PC] == 0x402001);
	CHECK(F(1).ctx.regs[SYM_ARM_SP] == sbase + 0x28);
	CHECK(F(1).ctx.regs[7] == sbase + 0x30);
	CHECK(F(1).ctx.regs[SYM_ARM_LR] == 0x403001);
	CHECK(F(2).trust == SYM_TRUST_FP);
	CHECK(F(2).ctx.regs[SYM_ARM_PC] == 0x403001);
	CHECK(F(2).ctx.regs[SYM_ARM_SP] == sbase + 0x38);
out:
	sym_stack_release(&s);
	sym_table_free(syms);
	syms = NULL;
}

/* a 32-bit stack at the top of the address space: Breakpad's scan end
 * is computed in 64 bits and does not wrap, so the words up to the top
 * are scanned */
static void test_arm_wrap(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	sbase = 0xfffffe00ULL;
	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_ARM);
	c.regs[SYM_ARM_PC] = 0x401010;
	c.regs[SYM_ARM_SP] = sbase + 0x1f0;
	put32(sbase + 0x1f4, 0x403001);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 2);
	if (s.n == 2)
		CHECK(F(1).trust == SYM_TRUST_SCAN &&
		      F(1).ctx.regs[SYM_ARM_SP] == 0xfffffff8);
	sym_stack_release(&s);
	/* found in the last word, the caller's sp wraps to 0: the walk ends
	 * (its sp went down) */
	put32(sbase + 0x1f4, 0);
	put32(sbase + 0x1fc, 0x403001);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 1);
	sym_stack_release(&s);
	/* nothing up to the top: the scan stops at the first failed read
	 * after wrapping to 0 */
	put32(sbase + 0x1fc, 0);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 1);
	sym_stack_release(&s);
	sbase = 0x10000;
}

static const char mips_sym[] =
	"MODULE Linux mips 0123 m\n"
	"FUNC 1000 100 0 f0\n"
	"FUNC 2000 100 0 f1\n"
	"STACK CFI INIT 1000 100 .cfa: $sp 16 + .ra: .cfa -4 + ^ "
	"$s0: .cfa -8 + ^ $ra: $zero $sp: $zero\n"
	"STACK CFI INIT 3000 100 .cfa: $sp 32 + .ra: $ra\n";

static void test_mips32(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	syms = load(mips_sym);
	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_MIPS);
	env.stack_start = sbase;
	env.stack_size = sizeof(mem);
	c.raw_flags = 0x0004000e;		/* MD_CONTEXT_MIPS */
	c.regs[SYM_MIPS_PC] = 0x401010;
	c.regs[SYM_MIPS_SP] = sbase;
	c.regs[SYM_MIPS_FP] = 7;
	c.regs[SYM_MIPS_GP] = 9;
	c.regs[SYM_MIPS_S0 + 1] = 0x51;
	put32(sbase + 8, 0x55);			/* s0 */
	put32(sbase + 12, 0x402018);		/* ra */
	/* f1 has no CFI: the scan skips 4 argument words, then a return
	 * address whose saved fp is too far off, then takes the next */
	put32(sbase + 32, 0xdead0000);
	put32(sbase + 36, 0x4020f8);
	put32(sbase + 40, sbase + 0x100);
	put32(sbase + 44, 0x4020f8);
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 3);
	if (s.n != 3)
		goto out;
	CHECK(F(1).trust == SYM_TRUST_CFI);
	CHECK(F(1).ctx.regs[SYM_MIPS_SP] == sbase + 16);
	CHECK(F(1).ctx.regs[SYM_MIPS_RA] == 0x402018);
	CHECK(F(1).ctx.regs[SYM_MIPS_PC] == 0x402010);
	CHECK(F(1).instruction == 0x402010);
	CHECK(F(1).ctx.regs[SYM_MIPS_S0] == 0x55);
	CHECK(F(1).ctx.regs[SYM_MIPS_S0 + 1] == 0x51);
	CHECK(F(1).ctx.regs[SYM_MIPS_FP] == 7);
	/* mips32 carries sp and fp over, not gp */
	CHECK(!(F(1).ctx.valid & BIT(SYM_MIPS_GP)));
	CHECK(F(2).trust == SYM_TRUST_SCAN);
	CHECK(F(2).ctx.regs[SYM_MIPS_SP] == sbase + 48);
	CHECK(F(2).ctx.regs[SYM_MIPS_FP] == sbase + 0x100);
	CHECK(F(2).ctx.regs[SYM_MIPS_PC] == 0x4020f0);
	CHECK(F(2).ctx.regs[SYM_MIPS_RA] == 0x4020f8);
	CHECK(F(2).ctx.valid == (BIT(SYM_MIPS_PC) | BIT(SYM_MIPS_SP) |
				 BIT(SYM_MIPS_FP) | BIT(SYM_MIPS_RA)));
	sym_stack_release(&s);
	/* a region reaching past 4 GB: Breakpad drops the memory */
	env.stack_start = 0xffffff00;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 1);
out:
	sym_stack_release(&s);
	sym_table_free(syms);
	syms = NULL;
}

static void test_mips64(void)
{
	struct sym_walk_env env;
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	syms = load(mips_sym);
	env_init(&env, "linux");
	ctx_init(&c, SYM_CPU_MIPS64);
	env.stack_start = sbase;
	env.stack_size = sizeof(mem);
	c.raw_flags = 0x0008000e;		/* MD_CONTEXT_MIPS64 */
	c.regs[SYM_MIPS_PC] = 0x403010;
	c.regs[SYM_MIPS_SP] = sbase;
	c.regs[SYM_MIPS_GP] = 9;
	c.regs[SYM_MIPS_RA] = 0x402020;
	env.allow_scan = 0;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 2);
	if (s.n == 2) {
		/* two 8-byte instructions back; gp carried over */
		CHECK(F(1).ctx.regs[SYM_MIPS_PC] == 0x402010);
		CHECK(F(1).ctx.regs[SYM_MIPS_SP] == sbase + 32);
		CHECK(F(1).ctx.regs[SYM_MIPS_GP] == 9 &&
		      (F(1).ctx.valid & BIT(SYM_MIPS_GP)));
	}
	sym_stack_release(&s);
	sym_table_free(syms);
	syms = NULL;
}

int main(void)
{
	test_arm64_fp();
	test_arm64_cfi();
	test_arm64_scan();
	test_arm64_names();
	test_arm_cfi();
	test_arm_ios();
	test_arm_wrap();
	test_mips32();
	test_mips64();
	return unit_done("walk_arm");
}

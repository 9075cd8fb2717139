/* SPDX-License-Identifier: MIT */
/*
 * test_cfi.c - STACK CFI rules and the postfix evaluator, with rules
 * taken from the testdata symbol files and Breakpad's semantics.
 */
#include <string.h>

#include "unit.h"
#include "lib/core/alloc.h"
#include "lib/unwind/cfi.h"

/* A little stack: 64 words starting at STACK_BASE. */
#define STACK_BASE 0x7ffe73e7ff00ULL
static uint8_t stack_mem[512];

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < STACK_BASE || addr - STACK_BASE > sizeof(stack_mem) ||
	    len > sizeof(stack_mem) - (addr - STACK_BASE))
		return -1;
	memcpy(buf, stack_mem + (addr - STACK_BASE), len);
	return 0;
}

static void put64(uint64_t addr, uint64_t v)
{
	memcpy(stack_mem + (addr - STACK_BASE), &v, 8);
}

static int eval(enum sym_cpu cpu, const char *e, const struct sym_context *r,
		int have_cfa, uint64_t cfa, uint64_t *out)
{
	return sym_postfix_eval(cpu, e, strlen(e), r, have_cfa, cfa,
				read_mem, NULL, out);
}

static void amd64_regs(struct sym_context *c)
{
	memset(c, 0, sizeof(*c));
	c->cpu = SYM_CPU_AMD64;
	c->regs[SYM_AMD64_RSP] = STACK_BASE + 0x38;
	c->regs[SYM_AMD64_RBP] = STACK_BASE + 0x100;
	c->regs[SYM_AMD64_RBX] = 4;
	c->regs[SYM_AMD64_RIP] = 0x55a5e8eed1c3ULL;
	c->valid = 1ULL << SYM_AMD64_RSP | 1ULL << SYM_AMD64_RBP |
		   1ULL << SYM_AMD64_RBX | 1ULL << SYM_AMD64_RIP;
}

static void test_postfix(void)
{
	struct sym_context r, x86;
	uint64_t v = 0;

	amd64_regs(&r);
	CHECK(eval(SYM_CPU_AMD64, "$rsp 16 +", &r, 0, 0, &v) == 1 &&
	      v == STACK_BASE + 0x48);
	CHECK(eval(SYM_CPU_AMD64, ".cfa -8 +", &r, 1, 0x1000, &v) == 1 &&
	      v == 0xff8);
	/* .cfa is only known once computed */
	CHECK(eval(SYM_CPU_AMD64, ".cfa -8 +", &r, 0, 0, &v) == 0);
	/* registers without '$' are not names on amd64 */
	CHECK(eval(SYM_CPU_AMD64, "rsp 8 +", &r, 0, 0, &v) == 0);
	/* invalid registers are unknown */
	CHECK(eval(SYM_CPU_AMD64, "$rax", &r, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_AMD64, "7 3 - 2 * 5 / 3 %", &r, 0, 0, &v) == 1 &&
	      v == 1);
	CHECK(eval(SYM_CPU_AMD64, "$rsp 16 @", &r, 0, 0, &v) == 1 &&
	      v == STACK_BASE + 0x30);
	CHECK(eval(SYM_CPU_AMD64, "0 1 -", &r, 0, 0, &v) == 1 &&
	      v == ~0ULL);
	CHECK(eval(SYM_CPU_AMD64, "-8", &r, 0, 0, &v) == 1 &&
	      v == (uint64_t)-8);
	/* literals are decimal: 0x10 is an (unknown) identifier */
	CHECK(eval(SYM_CPU_AMD64, "0x10", &r, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_AMD64, "18446744073709551615", &r, 0, 0, &v) == 1
	      && v == ~0ULL);
	CHECK(eval(SYM_CPU_AMD64, "18446744073709551616", &r, 0, 0, &v) == 0);
	put64(STACK_BASE + 0x40, 0x55a5e8eed252ULL);
	CHECK(eval(SYM_CPU_AMD64, "$rsp 8 + ^", &r, 0, 0, &v) == 1 &&
	      v == 0x55a5e8eed252ULL);
	CHECK(eval(SYM_CPU_AMD64, "8 ^", &r, 0, 0, &v) == 0);
	/* exactly one value must remain */
	CHECK(eval(SYM_CPU_AMD64, "1 2", &r, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_AMD64, "", &r, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_AMD64, "+", &r, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_AMD64, "1 0 /", &r, 0, 0, &v) == 0);
	/* assignment to '$' variables, also glued to the next token */
	CHECK(eval(SYM_CPU_AMD64, "$T0 $rsp 8 + = $T0 ^", &r, 0, 0, &v) == 1
	      && v == 0x55a5e8eed252ULL);
	CHECK(eval(SYM_CPU_AMD64, "$T0 5 =$T0 1 +", &r, 0, 0, &v) == 1 &&
	      v == 6);
	CHECK(eval(SYM_CPU_AMD64, "T0 5 = 1", &r, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_AMD64, "1 5 = 1", &r, 0, 0, &v) == 0);

	/* 32-bit cpus wrap at 32 bits and read 4-byte words */
	memset(&x86, 0, sizeof(x86));
	x86.cpu = SYM_CPU_X86;
	x86.regs[SYM_X86_ESP] = (uint32_t)STACK_BASE;
	x86.valid = 1ULL << SYM_X86_ESP;
	CHECK(eval(SYM_CPU_X86, "0 1 -", &x86, 0, 0, &v) == 1 &&
	      v == 0xffffffffULL);
	CHECK(eval(SYM_CPU_X86, "4294967296", &x86, 0, 0, &v) == 0);
	CHECK(eval(SYM_CPU_X86, "$esp 4 +", &x86, 0, 0, &v) == 1 &&
	      v == (uint32_t)(STACK_BASE + 4));
}

static int unwind(const char *const *sets, size_t n,
		  const struct sym_context *callee, struct sym_context *caller)
{
	struct sym_span spans[8];
	struct sym_cfi_text t;
	size_t i;

	for (i = 0; i < n; i++) {
		spans[i].p = sets[i];
		spans[i].n = strlen(sets[i]);
	}
	t.rules = spans;
	t.n = n;
	return sym_cfi_unwind(SYM_CPU_AMD64, &t, callee, read_mem, NULL,
			      caller);
}

#define VALID(c, r) (((c).valid >> (r)) & 1)

static void test_rules(void)
{
	/* e1_cfi_omitfp_gxx_O2 e_cfi.sym, function at 0x1290 */
	static const char *const f1290[] = {
		".cfa: $rsp 8 + .ra: .cfa -8 + ^",
		"$rbx: .cfa -16 + ^ .cfa: $rsp 16 +",
		".cfa: $rsp 112 +",
	};
	static const char *const bad_init[] = { ".cfa: .ra: .cfa -8 + ^" };
	static const char *const no_ra[] = { ".cfa: $rsp 8 +" };
	static const char *const bad_delta[] = {
		".cfa: $rsp 8 + .ra: .cfa -8 + ^",
		".cfa: $rsp 16 + $rbx: .ra: 5",
	};
	static const char *const rsp_rule[] = {
		".cfa: $rsp 8 + .ra: .cfa -8 + ^ $rsp: .cfa 8 +",
	};
	/* libc.so.6: frame pointer based CFA */
	static const char *const fp_based[] = {
		".cfa: $rsp 8 + .ra: .cfa -8 + ^",
		".cfa: $rbp 16 +",
	};
	struct sym_context callee, caller;
	uint64_t sp;

	amd64_regs(&callee);
	sp = callee.regs[SYM_AMD64_RSP];
	memset(stack_mem, 0, sizeof(stack_mem));
	put64(sp + 112 - 8, 0x55a5e8eed2d9ULL);	/* return address */
	put64(sp + 112 - 16, 3);		/* saved rbx */

	CHECK(unwind(f1290, 1, &callee, &caller) == 1);
	CHECK(caller.regs[SYM_AMD64_RSP] == sp + 8);
	CHECK(VALID(caller, SYM_AMD64_RSP) && VALID(caller, SYM_AMD64_RIP));
	/* only named registers come back: the walker adds callee-saved */
	CHECK(!VALID(caller, SYM_AMD64_RBX) && !VALID(caller, SYM_AMD64_RBP));
	CHECK(caller.regs[SYM_AMD64_RAX] == 0xdadadadadadadadaULL);

	CHECK(unwind(f1290, 3, &callee, &caller) == 1);
	CHECK(caller.regs[SYM_AMD64_RSP] == sp + 112);
	CHECK(caller.regs[SYM_AMD64_RIP] == 0x55a5e8eed2d9ULL);
	CHECK(VALID(caller, SYM_AMD64_RBX) && caller.regs[SYM_AMD64_RBX] == 3);
	CHECK(caller.valid == (1ULL << SYM_AMD64_RSP | 1ULL << SYM_AMD64_RIP |
			       1ULL << SYM_AMD64_RBX));

	CHECK(unwind(bad_init, 1, &callee, &caller) == 0);
	CHECK(unwind(no_ra, 1, &callee, &caller) == 0);
	/* a bad delta keeps what it reported before the error */
	CHECK(unwind(bad_delta, 2, &callee, &caller) == 1);
	CHECK(caller.regs[SYM_AMD64_RSP] == sp + 16);
	CHECK(!VALID(caller, SYM_AMD64_RBX));
	/* a rule for $rsp wins over .cfa */
	put64(sp, 0x1234);
	CHECK(unwind(rsp_rule, 1, &callee, &caller) == 1);
	CHECK(caller.regs[SYM_AMD64_RSP] == sp + 16);
	CHECK(caller.regs[SYM_AMD64_RIP] == 0x1234);

	put64(callee.regs[SYM_AMD64_RBP] + 8, 0x7feb2a2ff24aULL);
	CHECK(unwind(fp_based, 2, &callee, &caller) == 1);
	CHECK(caller.regs[SYM_AMD64_RSP] == callee.regs[SYM_AMD64_RBP] + 16);
	CHECK(caller.regs[SYM_AMD64_RIP] == 0x7feb2a2ff24aULL);
	/* unreadable return address */
	callee.regs[SYM_AMD64_RBP] = 0x1000;
	CHECK(unwind(fp_based, 2, &callee, &caller) == 0);
}

/* Long expressions use the heap: failing allocations give -SYM_ENOMEM. */
static void test_alloc(void)
{
	char expr[400];
	struct sym_context r;
	uint64_t v = 0;
	size_t n = 0;
	int i;

	amd64_regs(&r);
	n += (size_t)snprintf(expr + n, sizeof(expr) - n, "0");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(expr + n, sizeof(expr) - n, " 1 +");
	CHECK(eval(SYM_CPU_AMD64, expr, &r, 0, 0, &v) == 1 && v == 40);
	sym_alloc_fail_at(1);
	CHECK(eval(SYM_CPU_AMD64, expr, &r, 0, 0, &v) == -SYM_ENOMEM);
	sym_alloc_fail_at(2);
	CHECK(eval(SYM_CPU_AMD64, expr, &r, 0, 0, &v) == -SYM_ENOMEM);
	sym_alloc_fail_at(0);
}

int main(void)
{
	test_postfix();
	test_rules();
	test_alloc();
	return unit_done("cfi");
}

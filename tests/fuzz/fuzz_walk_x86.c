/* SPDX-License-Identifier: MIT */
/*
 * fuzz_walk_x86.c - libFuzzer target for the x86 unwinder: the input is
 * a register set (eip, esp, ebp, ebx: 16 bytes) then the stack memory,
 * mapped at 0x10000, walked with a fixed symbol file whose STACK WIN
 * and STACK CFI records cover every path (program strings with $T
 * variables and '@' alignment, FPO with and without %ebp, CFI).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/unwind/walk.h"
#include "symfmt/breakpad.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SBASE 0x10000u

static const char sym_text[] =
	"MODULE windows x86 0123456789ABCDEF0123456789ABCDEF1 f.pdb\n"
	"FUNC 1000 100 8 program\n"
	"FUNC 2000 100 4 fpo\n"
	"FUNC 3000 100 0 fpo_ebp\n"
	"FUNC 4000 100 0 aligned\n"
	"FUNC 5000 100 c cfi\n"
	"PUBLIC 6000 10 public\n"
	"STACK WIN 4 1000 100 4 0 8 4 8 0 1 $T0 $ebp = $eip $T0 4 + ^ = "
	"$ebp $T0 ^ = $esp $T0 8 + = $ebx $T0 8 - ^ =\n"
	"STACK WIN 0 2000 100 0 0 4 8 10 0 0 0\n"
	"STACK WIN 0 3000 100 0 0 0 8 4 0 0 1\n"
	"STACK WIN 4 4000 100 0 0 0 4 0 0 1 $T1 .raSearch = $T0 $ebp 8 @ = "
	"$eip $T1 ^ = $esp $T1 4 + = $ebp $T0 ^ = $esi $T0 4 - ^ =\n"
	"STACK CFI INIT 5000 100 .cfa: $esp 8 + .ra: .cfa -4 + ^ "
	"$ebp: .cfa -8 + ^\n"
	"STACK CFI 5010 .cfa: $ebp 8 + $edi: .cfa -12 + ^\n";

static struct sym_table *syms;
static const uint8_t *stack;
static size_t stack_len;

static int rd(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < SBASE || addr - SBASE > stack_len ||
	    len > stack_len - (addr - SBASE))
		return -1;
	memcpy(buf, stack + (addr - SBASE), len);
	return 0;
}

static int module_at(void *ctx, uint64_t addr, uint64_t *base,
		     uint64_t *size)
{
	(void)ctx;
	*size = 0x10000;
	if (addr >= 0x400000 && addr < 0x410000) {
		*base = 0x400000;
		return 0;
	}
	if (addr >= 0x500000 && addr < 0x510000) {
		*base = 0x500000;
		return 1;
	}
	return -1;
}

static struct sym_table *symbols(void *ctx, int m)
{
	(void)ctx;
	return m == 0 ? syms : NULL;
}

static uint32_t word(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sym_walk_env env = { rd, NULL, module_at, symbols, NULL,
				    512, 1, "windows", 0, 0, 0 };
	struct sym_stack s = { NULL, 0, 0 };
	struct sym_context c;

	if (!syms) {
		syms = sym_table_new();
		if (!syms || symfmt_breakpad_parse(syms, sym_text,
						   sizeof(sym_text) - 1, NULL))
			return 0;
	}
	if (size < 16)
		return 0;
	memset(&c, 0, sizeof(c));
	c.cpu = SYM_CPU_X86;
	c.valid = (1ULL << SYM_X86_NREGS) - 1;
	c.regs[SYM_X86_EIP] = word(data);
	c.regs[SYM_X86_ESP] = word(data + 4);
	c.regs[SYM_X86_EBP] = word(data + 8);
	c.regs[SYM_X86_EBX] = word(data + 12);
	stack = data + 16;
	stack_len = size - 16;
	sym_walk(&c, &env, &s);
	sym_stack_release(&s);
	return 0;
}

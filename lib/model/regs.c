/* SPDX-License-Identifier: MIT */
#include <string.h>

#include "lib/model/regs.h"

static const char *const amd64_names[SYM_AMD64_NREGS] = {
	"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip",
};

static const char *const x86_names[SYM_X86_NREGS] = {
	"eip", "esp", "ebp", "ebx", "esi", "edi", "eax", "ecx", "edx",
	"efl",
};

static const char *const arm_names[SYM_ARM_NREGS] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
	"r10", "r11", "r12", "sp", "lr", "pc",
};

static const char *const arm64_names[SYM_ARM64_NREGS] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18",
	"x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27",
	"x28", "fp", "lr", "sp", "pc",
};

/* Breakpad's MIPS CFI names (less the '$'), "to" for t0 included; the
 * report prints gp, sp, fp, ra, pc and s0..s7 only. */
static const char *const mips_names[SYM_MIPS_NREGS] = {
	"zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "to", "t1",
	"t2", "t3", "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3",
	"s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp",
	"fp", "ra", "pc",
};

static const char *const *names_of(enum sym_cpu cpu, unsigned *n)
{
	switch (cpu) {
	case SYM_CPU_MIPS:
	case SYM_CPU_MIPS64:
		*n = SYM_MIPS_NREGS;
		return mips_names;
	case SYM_CPU_AMD64:
		*n = SYM_AMD64_NREGS;
		return amd64_names;
	case SYM_CPU_X86:
		*n = SYM_X86_NREGS;
		return x86_names;
	case SYM_CPU_ARM:
		*n = SYM_ARM_NREGS;
		return arm_names;
	case SYM_CPU_ARM64:
		*n = SYM_ARM64_NREGS;
		return arm64_names;
	default:
		*n = 0;
		return NULL;
	}
}

unsigned sym_cpu_nregs(enum sym_cpu cpu)
{
	unsigned n;

	names_of(cpu, &n);
	return n;
}

const char *sym_cpu_reg_name(enum sym_cpu cpu, unsigned reg)
{
	unsigned n;
	const char *const *names = names_of(cpu, &n);

	return names && reg < n ? names[reg] : NULL;
}

int sym_cpu_reg_index(enum sym_cpu cpu, const char *name, size_t len)
{
	unsigned i, n;
	const char *const *names = names_of(cpu, &n);

	for (i = 0; names && i < n; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return (int)i;
	/* arm64 CFI also spells fp and lr as x29 and x30 */
	if (cpu == SYM_CPU_ARM64 && len == 3 && !memcmp(name, "x29", 3))
		return SYM_ARM64_FP;
	if (cpu == SYM_CPU_ARM64 && len == 3 && !memcmp(name, "x30", 3))
		return SYM_ARM64_LR;
	return -1;
}

int sym_cpu_pc(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_AMD64:
		return SYM_AMD64_RIP;
	case SYM_CPU_X86:
		return SYM_X86_EIP;
	case SYM_CPU_ARM:
		return SYM_ARM_PC;
	case SYM_CPU_ARM64:
		return SYM_ARM64_PC;
	case SYM_CPU_MIPS:
	case SYM_CPU_MIPS64:
		return SYM_MIPS_PC;
	default:
		return -1;
	}
}

int sym_cpu_sp(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_AMD64:
		return SYM_AMD64_RSP;
	case SYM_CPU_X86:
		return SYM_X86_ESP;
	case SYM_CPU_ARM:
		return SYM_ARM_SP;
	case SYM_CPU_ARM64:
		return SYM_ARM64_SP;
	case SYM_CPU_MIPS:
	case SYM_CPU_MIPS64:
		return SYM_MIPS_SP;
	default:
		return -1;
	}
}

unsigned sym_cpu_ptr_size(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_X86:
	case SYM_CPU_ARM:
	case SYM_CPU_PPC:
	case SYM_CPU_SPARC:
	case SYM_CPU_MIPS:
	case SYM_CPU_RISCV:
		return 4;
	default:
		return 8;
	}
}

const char *sym_cpu_name(enum sym_cpu cpu)
{
	switch (cpu) {
	case SYM_CPU_X86:
		return "x86";
	case SYM_CPU_AMD64:
		return "amd64";
	case SYM_CPU_ARM:
		return "arm";
	case SYM_CPU_ARM64:
		return "arm64";
	case SYM_CPU_PPC:
		return "ppc";
	case SYM_CPU_PPC64:
		return "ppc64";
	case SYM_CPU_SPARC:
		return "sparc";
	case SYM_CPU_MIPS:
		return "mips";
	case SYM_CPU_MIPS64:
		return "mips64";
	case SYM_CPU_RISCV:
		return "riscv";
	case SYM_CPU_RISCV64:
		return "riscv64";
	default:
		return "unknown";
	}
}

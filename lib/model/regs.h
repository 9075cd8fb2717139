/* SPDX-License-Identifier: MIT */
/*
 * regs.h - CPU register sets shared by the minidump reader, the unwinder
 * and the report writers.
 *
 * A context is a flat array of 64-bit registers with a validity mask.
 * Each architecture numbers its registers below; the names are the ones
 * Breakpad prints and STACK CFI rules use (without the '$').
 */
#ifndef SYMKIT_REGS_H
#define SYMKIT_REGS_H

#include <stddef.h>
#include <stdint.h>

enum sym_cpu {
	SYM_CPU_UNKNOWN,
	SYM_CPU_X86,
	SYM_CPU_AMD64,
	SYM_CPU_ARM,
	SYM_CPU_ARM64,
	SYM_CPU_PPC,
	SYM_CPU_PPC64,
	SYM_CPU_SPARC,
	SYM_CPU_MIPS,
	SYM_CPU_MIPS64,
	SYM_CPU_RISCV,
	SYM_CPU_RISCV64,
};

/* amd64, in Breakpad's printing order (this is also DWARF's numbering). */
enum {
	SYM_AMD64_RAX, SYM_AMD64_RDX, SYM_AMD64_RCX, SYM_AMD64_RBX,
	SYM_AMD64_RSI, SYM_AMD64_RDI, SYM_AMD64_RBP, SYM_AMD64_RSP,
	SYM_AMD64_R8, SYM_AMD64_R9, SYM_AMD64_R10, SYM_AMD64_R11,
	SYM_AMD64_R12, SYM_AMD64_R13, SYM_AMD64_R14, SYM_AMD64_R15,
	SYM_AMD64_RIP,
	SYM_AMD64_NREGS
};

/* x86, in Breakpad's printing order. */
enum {
	SYM_X86_EIP, SYM_X86_ESP, SYM_X86_EBP, SYM_X86_EBX, SYM_X86_ESI,
	SYM_X86_EDI, SYM_X86_EAX, SYM_X86_ECX, SYM_X86_EDX, SYM_X86_EFL,
	SYM_X86_NREGS
};

/* arm: r0..r15 (r13 sp, r14 lr, r15 pc). */
enum {
	SYM_ARM_R0 = 0, SYM_ARM_FP = 11, SYM_ARM_SP = 13, SYM_ARM_LR = 14,
	SYM_ARM_PC = 15, SYM_ARM_NREGS = 16
};

/* arm64: x0..x30 (x29 fp, x30 lr), sp, pc. */
enum {
	SYM_ARM64_X0 = 0, SYM_ARM64_FP = 29, SYM_ARM64_LR = 30,
	SYM_ARM64_SP = 31, SYM_ARM64_PC = 32, SYM_ARM64_NREGS = 33
};

/* mips and mips64: the 32 general registers in hardware order (s0..s7
 * are 16..23, gp 28, sp 29, fp 30, ra 31), then pc (epc). */
enum {
	SYM_MIPS_S0 = 16, SYM_MIPS_S7 = 23, SYM_MIPS_GP = 28,
	SYM_MIPS_SP = 29, SYM_MIPS_FP = 30, SYM_MIPS_RA = 31,
	SYM_MIPS_PC = 32, SYM_MIPS_NREGS = 33
};

#define SYM_MAX_REGS 64

struct sym_context {
	enum sym_cpu cpu;
	uint64_t valid;			/* bit i: regs[i] is valid */
	uint64_t regs[SYM_MAX_REGS];
	uint32_t raw_flags;		/* the dump's context_flags */
};

/* Number of registers and their names for a cpu (0/NULL if unknown). */
unsigned sym_cpu_nregs(enum sym_cpu cpu);
const char *sym_cpu_reg_name(enum sym_cpu cpu, unsigned reg);
/* Register index for a name such as "rsp" (no '$'); -1 if none. */
int sym_cpu_reg_index(enum sym_cpu cpu, const char *name, size_t len);
/* Index of the instruction pointer and stack pointer registers. */
int sym_cpu_pc(enum sym_cpu cpu);
int sym_cpu_sp(enum sym_cpu cpu);
/* Pointer size in bytes: 4 or 8 (8 for unknown). */
unsigned sym_cpu_ptr_size(enum sym_cpu cpu);
/* Breakpad's name: "x86", "amd64", "arm", "arm64", "ppc", ... */
const char *sym_cpu_name(enum sym_cpu cpu);

#endif

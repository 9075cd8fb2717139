/* SPDX-License-Identifier: MIT */
/*
 * sysinfo.c - OS, CPU, crash reason and assertion strings, spelled the
 * way Breakpad's minidump processor spells them.  The tables hold the
 * operating systems' own names for their signal, exception and status
 * codes.
 */
#include <stdio.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/minidump/sysinfo.h"

struct name {
	uint32_t v;
	const char *s;
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *find(const struct name *t, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].s;
	return NULL;
}

#define FIND(t, v) find(t, NELEM(t), v)

/* ---- OS and CPU ---- */

static const struct name os_names[] = {
	{ SYM_OS_WIN32_NT, "Windows NT" }, { SYM_OS_WIN32_WINDOWS, "Windows" },
	{ SYM_OS_MAC_OS_X, "Mac OS X" }, { SYM_OS_IOS, "iOS" },
	{ SYM_OS_LINUX, "Linux" }, { SYM_OS_SOLARIS, "Solaris" },
	{ SYM_OS_ANDROID, "Android" }, { SYM_OS_PS3, "PS3" },
	{ SYM_OS_NACL, "NaCl" }, { SYM_OS_FUCHSIA, "Fuchsia" },
};

static const struct name os_short_names[] = {
	{ SYM_OS_WIN32_NT, "windows" }, { SYM_OS_WIN32_WINDOWS, "windows" },
	{ SYM_OS_MAC_OS_X, "mac" }, { SYM_OS_IOS, "ios" },
	{ SYM_OS_LINUX, "linux" }, { SYM_OS_SOLARIS, "solaris" },
	{ SYM_OS_ANDROID, "android" }, { SYM_OS_PS3, "ps3" },
	{ SYM_OS_NACL, "nacl" }, { SYM_OS_FUCHSIA, "fuchsia" },
};

static const struct name cpu_names[] = {
	{ SYM_ARCH_X86, "x86" }, { SYM_ARCH_AMD64, "amd64" },
	{ SYM_ARCH_PPC, "ppc" }, { SYM_ARCH_PPC64, "ppc64" },
	{ SYM_ARCH_SPARC, "sparc" }, { SYM_ARCH_ARM, "arm" },
	{ SYM_ARCH_ARM64, "arm64" }, { SYM_ARCH_ARM64_OLD, "arm64" },
	{ SYM_ARCH_MIPS, "mips" }, { SYM_ARCH_MIPS64, "mips64" },
	{ SYM_ARCH_RISCV, "riscv" }, { SYM_ARCH_RISCV64, "riscv64" },
};

static const struct name arm_vendors[] = {
	{ 0x41, "ARM" }, { 0x51, "Qualcomm" }, { 0x56, "Marvell" },
	{ 0x69, "Intel/Marvell" },
};

static const struct name arm_parts[] = {
	{ 0x4100c050, "Cortex-A5" }, { 0x4100c080, "Cortex-A8" },
	{ 0x4100c090, "Cortex-A9" }, { 0x4100c0f0, "Cortex-A15" },
	{ 0x4100c140, "Cortex-R4" }, { 0x4100c150, "Cortex-R5" },
	{ 0x4100b360, "ARM1136" }, { 0x4100b560, "ARM1156" },
	{ 0x4100b760, "ARM1176" }, { 0x4100b020, "ARM11-MPCore" },
	{ 0x41009260, "ARM926" }, { 0x41009460, "ARM946" },
	{ 0x41009660, "ARM966" }, { 0x510006f0, "Krait" },
	{ 0x510000f0, "Scorpion" },
};

/* Linux ELF HWCAP bits for 32-bit ARM, in bit order. */
static const char *const arm_hwcaps[] = {
	"swp", "half", "thumb", "26bit", "fastmult", "fpa", "vfpv2", "edsp",
	"java", "iwmmxt", "crunch", "thumbee", "neon", "vfpv3", "vfpv3d16",
	"tls", "vfpv4", "idiva", "idivt",
};

/* Append to a small fixed buffer; truncation is impossible by sizing. */
static void cat(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, "%s", s);
}

/* "ARMv7 ARM Cortex-A9 features: swp,half,..." (at most ~220 bytes) */
static void arm_cpu_info(const struct md_system_info *s, char *buf,
			 size_t n)
{
	uint32_t cpuid = (uint32_t)s->processor_features[0];
	uint32_t hwcaps = (uint32_t)(s->processor_features[0] >> 32);
	const char *name, *comma = "";
	char tmp[32];
	size_t i;

	snprintf(buf, n, "ARMv%d", s->processor_level);
	if (cpuid) {
		cat(buf, n, " ");
		if ((name = FIND(arm_vendors, (cpuid >> 24) & 0xff))) {
			cat(buf, n, name);
		} else {
			snprintf(tmp, sizeof(tmp), "vendor(0x%x)",
				 (cpuid >> 24) & 0xff);
			cat(buf, n, tmp);
		}
		cat(buf, n, " ");
		if ((name = FIND(arm_parts, cpuid & 0xff00fff0))) {
			cat(buf, n, name);
		} else {
			snprintf(tmp, sizeof(tmp), "part(0x%x)",
				 cpuid & 0xff00fff0);
			cat(buf, n, tmp);
		}
	}
	if (hwcaps) {
		cat(buf, n, " features: ");
		for (i = 0; i < NELEM(arm_hwcaps); i++) {
			if (!(hwcaps & (1u << i)))
				continue;
			cat(buf, n, comma);
			cat(buf, n, arm_hwcaps[i]);
			comma = ",";
		}
	}
}

static void cpu_words(const struct md_system_info *s, struct sym_sysinfo *si,
		      char *info, size_t n)
{
	const char *name = FIND(cpu_names, s->processor_arch);
	char vendor[13];

	if (name)
		snprintf(si->cpu, sizeof(si->cpu), "%s", name);
	else
		snprintf(si->cpu, sizeof(si->cpu), "0x%04x",
			 s->processor_arch);
	info[0] = '\0';
	switch (s->processor_arch) {
	case SYM_ARCH_X86:
	case SYM_ARCH_AMD64:
		/* Breakpad reads the vendor only for 32-bit x86 dumps. */
		if (s->processor_arch == SYM_ARCH_X86) {
			memcpy(vendor, s->vendor_id, 12);
			vendor[12] = '\0';
			snprintf(info, n, "%s ", vendor);
		}
		snprintf(info + strlen(info), n - strlen(info),
			 "family %u model %u stepping %u",
			 (unsigned)s->processor_level,
			 (unsigned)(s->processor_revision >> 8),
			 (unsigned)(s->processor_revision & 0xff));
		break;
	case SYM_ARCH_ARM:
		arm_cpu_info(s, info, n);
		break;
	}
}

static char *os_version(const struct md_system_info *s)
{
	const char *csd = s->csd_version;
	size_t n = 3 * 11 + 2 + (csd ? strlen(csd) + 1 : 0);
	char *v = sym_malloc(n);

	if (!v)
		return NULL;
	snprintf(v, n, "%u.%u.%u%s%s", s->major_version, s->minor_version,
		 s->build_number, csd ? " " : "", csd ? csd : "");
	return v;
}

void sym_sysinfo_release(struct sym_sysinfo *si)
{
	sym_free(si->os_version);
	sym_free(si->cpu_info);
	memset(si, 0, sizeof(*si));
	si->os_short = "";
}

int sym_sysinfo_get(const struct md_dump *dump, struct sym_sysinfo *si)
{
	const struct md_system_info *s = &dump->system_info;
	const char *name;
	char info[256];

	memset(si, 0, sizeof(*si));
	si->os_short = "";
	if (dump->microdump) {
		const struct md_microdump *u = dump->microdump;

		snprintf(si->os, sizeof(si->os), "%s", u->os);
		si->os_short = u->os_short;
		snprintf(si->cpu, sizeof(si->cpu), "%s", u->cpu);
		si->cpu_count = u->cpu_count;
		si->os_version = sym_strndup(u->os_version,
					     strlen(u->os_version));
		si->cpu_info = sym_strndup("", 0);
		goto check;
	}
	if (!dump->has_system_info) {
		si->os_version = sym_strndup("", 0);
		si->cpu_info = sym_strndup("", 0);
		goto check;
	}
	if ((name = FIND(os_names, s->platform_id)))
		snprintf(si->os, sizeof(si->os), "%s", name);
	else
		snprintf(si->os, sizeof(si->os), "0x%08x", s->platform_id);
	if ((name = FIND(os_short_names, s->platform_id)))
		si->os_short = name;
	cpu_words(s, si, info, sizeof(info));
	si->cpu_count = s->number_of_processors;
	si->os_version = os_version(s);
	si->cpu_info = sym_strndup(info, strlen(info));
check:
	if (!si->os_version || !si->cpu_info) {
		sym_sysinfo_release(si);
		return SYM_ENOMEM;
	}
	return SYM_OK;
}

/* ---- crash reasons ---- */

static const struct name linux_signals[] = {
	{ 1, "SIGHUP" }, { 2, "SIGINT" }, { 3, "SIGQUIT" }, { 5, "SIGTRAP" },
	{ 6, "SIGABRT" }, { 9, "SIGKILL" }, { 10, "SIGUSR1" },
	{ 12, "SIGUSR2" }, { 13, "SIGPIPE" }, { 14, "SIGALRM" },
	{ 15, "SIGTERM" }, { 16, "SIGSTKFLT" }, { 17, "SIGCHLD" },
	{ 18, "SIGCONT" }, { 19, "SIGSTOP" }, { 20, "SIGTSTP" },
	{ 21, "SIGTTIN" }, { 22, "SIGTTOU" }, { 23, "SIGURG" },
	{ 24, "SIGXCPU" }, { 25, "SIGXFSZ" }, { 26, "SIGVTALRM" },
	{ 27, "SIGPROF" }, { 28, "SIGWINCH" }, { 29, "SIGIO" },
	{ 30, "SIGPWR" }, { 31, "SIGSYS" }, { 0xffffffff, "DUMP_REQUESTED" },
};

static const struct name linux_ill[] = {
	{ 1, "ILL_ILLOPC" }, { 2, "ILL_ILLOPN" }, { 3, "ILL_ILLADR" },
	{ 4, "ILL_ILLTRP" }, { 5, "ILL_PRVOPC" }, { 6, "ILL_PRVREG" },
	{ 7, "ILL_COPROC" }, { 8, "ILL_BADSTK" },
};

static const struct name linux_bus[] = {
	{ 1, "BUS_ADRALN" }, { 2, "BUS_ADRERR" }, { 3, "BUS_OBJERR" },
	{ 4, "BUS_MCEERR_AR" }, { 5, "BUS_MCEERR_AO" },
};

static const struct name linux_fpe[] = {
	{ 1, "FPE_INTDIV" }, { 2, "FPE_INTOVF" }, { 3, "FPE_FLTDIV" },
	{ 4, "FPE_FLTOVF" }, { 5, "FPE_FLTUND" }, { 6, "FPE_FLTRES" },
	{ 7, "FPE_FLTINV" }, { 8, "FPE_FLTSUB" },
};

static const struct name linux_segv[] = {
	{ 1, "SEGV_MAPERR" }, { 2, "SEGV_ACCERR" }, { 3, "SEGV_BNDERR" },
	{ 4, "SEGV_PKUERR" }, { 5, "SEGV_ACCADI" }, { 6, "SEGV_ADIDERR" },
	{ 7, "SEGV_ADIPERR" }, { 8, "SEGV_MTEAERR" }, { 9, "SEGV_MTESERR" },
};

static const struct name solaris_signals[] = {
	{ 1, "SIGHUP" }, { 2, "SIGINT" }, { 3, "SIGQUIT" }, { 4, "SIGILL" },
	{ 5, "SIGTRAP" }, { 6, "SIGIOT | SIGABRT" }, { 7, "SIGEMT" },
	{ 8, "SIGFPE" }, { 9, "SIGKILL" }, { 10, "SIGBUS" },
	{ 11, "SIGSEGV" }, { 12, "SIGSYS" }, { 13, "SIGPIPE" },
	{ 14, "SIGALRM" }, { 15, "SIGTERM" }, { 16, "SIGUSR1" },
	{ 17, "SIGUSR2" }, { 18, "SIGCLD | SIGCHLD" }, { 19, "SIGPWR" },
	{ 20, "SIGWINCH" }, { 21, "SIGURG" }, { 22, "SIGPOLL | SIGIO" },
	{ 23, "SIGSTOP" }, { 24, "SIGTSTP" }, { 25, "SIGCONT" },
	{ 26, "SIGTTIN" }, { 27, "SIGTTOU" }, { 28, "SIGVTALRM" },
	{ 29, "SIGPROF" }, { 30, "SIGXCPU" }, { 31, "SIGXFSZ" },
	{ 32, "SIGWAITING" }, { 33, "SIGLWP" }, { 34, "SIGFREEZE" },
	{ 35, "SIGTHAW" }, { 36, "SIGCANCEL" }, { 37, "SIGLOST" },
	{ 38, "SIGXRES" }, { 39, "SIGJVM1" }, { 40, "SIGJVM2" },
};

static const struct name ps3_codes[] = {
	{ 0, "UNKNOWN" }, { 1, "TRAP_EXCEP" }, { 2, "PRIV_INSTR" },
	{ 3, "ILLEGAL_INSTR" }, { 4, "INSTR_STORAGE" },
	{ 5, "INSTR_SEGMENT" }, { 6, "DATA_STORAGE" }, { 7, "DATA_SEGMENT" },
	{ 8, "FLOAT_POINT" }, { 9, "DABR_MATCH" }, { 10, "ALIGN_EXCEP" },
	{ 11, "MEMORY_ACCESS" }, { 12, "COPRO_ALIGN" },
	{ 13, "COPRO_INVALID_COM" }, { 14, "COPRO_ERR" }, { 15, "COPRO_FIR" },
	{ 16, "COPRO_DATA_SEGMENT" }, { 17, "COPRO_DATA_STORAGE" },
	{ 18, "COPRO_STOP_INSTR" }, { 19, "COPRO_HALT_INSTR" },
	{ 20, "COPRO_HALTINSTR_UNKNOWN" }, { 21, "COPRO_MEMORY_ACCESS" },
	{ 22, "GRAPHIC" },
};

static const struct name fuchsia_codes[] = {
	{ 0x8, "GENERAL" }, { 0x108, "FATAL_PAGE_FAULT" },
	{ 0x208, "UNDEFINED_INSTRUCTION" }, { 0x308, "SW_BREAKPOINT" },
	{ 0x408, "HW_BREAKPOINT" }, { 0x508, "UNALIGNED_ACCESS" },
	{ 0x8008, "THREAD_STARTING" }, { 0x8108, "THREAD_EXITING" },
	{ 0x8208, "POLICY_ERROR" }, { 0x8308, "PROCESS_STARTING" },
};

/* Windows exception codes with a fixed name. */
static const struct name win_codes[] = {
	{ 0x40010005, "DBG_CONTROL_C" },
	{ 0x80000001, "EXCEPTION_GUARD_PAGE" },
	{ 0x80000002, "EXCEPTION_DATATYPE_MISALIGNMENT" },
	{ 0x80000003, "EXCEPTION_BREAKPOINT" },
	{ 0x80000004, "EXCEPTION_SINGLE_STEP" },
	{ 0xc0000008, "EXCEPTION_INVALID_HANDLE" },
	{ 0xc000001d, "EXCEPTION_ILLEGAL_INSTRUCTION" },
	{ 0xc0000025, "EXCEPTION_NONCONTINUABLE_EXCEPTION" },
	{ 0xc0000026, "EXCEPTION_INVALID_DISPOSITION" },
	{ 0xc000008c, "EXCEPTION_BOUNDS_EXCEEDED" },
	{ 0xc000008d, "EXCEPTION_FLT_DENORMAL_OPERAND" },
	{ 0xc000008e, "EXCEPTION_FLT_DIVIDE_BY_ZERO" },
	{ 0xc000008f, "EXCEPTION_FLT_INEXACT_RESULT" },
	{ 0xc0000090, "EXCEPTION_FLT_INVALID_OPERATION" },
	{ 0xc0000091, "EXCEPTION_FLT_OVERFLOW" },
	{ 0xc0000092, "EXCEPTION_FLT_STACK_CHECK" },
	{ 0xc0000093, "EXCEPTION_FLT_UNDERFLOW" },
	{ 0xc0000094, "EXCEPTION_INT_DIVIDE_BY_ZERO" },
	{ 0xc0000095, "EXCEPTION_INT_OVERFLOW" },
	{ 0xc0000096, "EXCEPTION_PRIV_INSTRUCTION" },
	{ 0xc00000fd, "EXCEPTION_STACK_OVERFLOW" },
	{ 0xc00000ff, "EXCEPTION_BAD_FUNCTION_TABLE" },
	{ 0xc0000194, "EXCEPTION_POSSIBLE_DEADLOCK" },
	{ 0xc0000374, "EXCEPTION_HEAP_CORRUPTION" },
	{ 0xe0000008, "Out of Memory" },
	{ 0xe06d7363, "Unhandled C++ Exception" },
	{ 0x0517a7ed, "Simulated Exception" },
};

#define WIN_ACCESS_VIOLATION 0xc0000005u
#define WIN_IN_PAGE_ERROR 0xc0000006u
#define WIN_STACK_BUFFER_OVERRUN 0xc0000409u

/* __fastfail() codes (winnt.h FAST_FAIL_*), from 1 on; 0 is legacy GS. */
static const char *const fast_fail[] = {
	NULL, "VTGUARD_CHECK_FAILURE", "STACK_COOKIE_CHECK_FAILURE",
	"CORRUPT_LIST_ENTRY", "INCORRECT_STACK", "INVALID_ARG",
	"GS_COOKIE_INIT", "FATAL_APP_EXIT", "RANGE_CHECK_FAILURE",
	"UNSAFE_REGISTRY_ACCESS", "GUARD_ICALL_CHECK_FAILURE",
	"GUARD_WRITE_CHECK_FAILURE", "INVALID_FIBER_SWITCH",
	"INVALID_SET_OF_CONTEXT", "INVALID_REFERENCE_COUNT", NULL, NULL,
	NULL, "INVALID_JUMP_BUFFER", "MRDATA_MODIFIED",
	"CERTIFICATION_FAILURE", "INVALID_EXCEPTION_CHAIN", "CRYPTO_LIBRARY",
	"INVALID_CALL_IN_DLL_CALLOUT", "INVALID_IMAGE_BASE",
	"DLOAD_PROTECTION_FAILURE", "UNSAFE_EXTENSION_CALL",
	"DEPRECATED_SERVICE_INVOKED", "INVALID_BUFFER_ACCESS",
	"INVALID_BALANCED_TREE", "INVALID_NEXT_THREAD",
	"GUARD_ICALL_CHECK_SUPPRESSED", "APCS_DISABLED", "INVALID_IDLE_STATE",
	"MRDATA_PROTECTION_FAILURE", "UNEXPECTED_HEAP_EXCEPTION",
	"INVALID_LOCK_STATE", "GUARD_JUMPTABLE", "INVALID_LONGJUMP_TARGET",
	"INVALID_DISPATCH_CONTEXT", "INVALID_THREAD",
	"INVALID_SYSCALL_NUMBER", "INVALID_FILE_OPERATION",
	"LPAC_ACCESS_DENIED", "GUARD_SS_FAILURE",
	"LOADER_CONTINUITY_FAILURE", "GUARD_EXPORT_SUPPRESSION_FAILURE",
	"INVALID_CONTROL_STACK", "SET_CONTEXT_DENIED", "INVALID_IAT",
	"HEAP_METADATA_CORRUPTION", "PAYLOAD_RESTRICTION_VIOLATION",
	"LOW_LABEL_ACCESS_DENIED", "ENCLAVE_CALL_FAILURE",
	"UNHANDLED_LSS_EXCEPTON", "ADMINLESS_ACCESS_DENIED",
	"UNEXPECTED_CALL", "CONTROL_INVALID_RETURN_ADDRESS",
	"UNEXPECTED_HOST_BEHAVIOR", "FLAGS_CORRUPTION", "VEH_CORRUPTION",
	"ETW_CORRUPTION", "RIO_ABORT", "INVALID_PFN",
	"GUARD_ICALL_CHECK_FAILURE_XFG", "CAST_GUARD",
	"HOST_VISIBILITY_CHANGE", "KERNEL_CET_SHADOW_STACK_ASSIST",
	"PATCH_CALLBACK_FAILED", "NTDLL_PATCH_FAILED", "INVALID_FLS_DATA",
};

/* Mach exception types, with the code spelled per CPU below. */
enum {
	MAC_BAD_ACCESS = 1, MAC_BAD_INSTRUCTION, MAC_ARITHMETIC,
	MAC_EMULATION, MAC_SOFTWARE, MAC_BREAKPOINT, MAC_SYSCALL,
	MAC_MACH_SYSCALL, MAC_RPC_ALERT, MAC_RESOURCE = 11, MAC_GUARD = 12,
	MAC_SIMULATED = 0x43507378, MAC_NS_EXCEPTION = 0x43506e78,
};

static const struct name mac_types[] = {
	{ MAC_BAD_ACCESS, "EXC_BAD_ACCESS" },
	{ MAC_BAD_INSTRUCTION, "EXC_BAD_INSTRUCTION" },
	{ MAC_ARITHMETIC, "EXC_ARITHMETIC" },
	{ MAC_EMULATION, "EXC_EMULATION" },
	{ MAC_SOFTWARE, "EXC_SOFTWARE" },
	{ MAC_BREAKPOINT, "EXC_BREAKPOINT" },
	{ MAC_SYSCALL, "EXC_SYSCALL" },
	{ MAC_MACH_SYSCALL, "EXC_MACH_SYSCALL" },
	{ MAC_RPC_ALERT, "EXC_RPC_ALERT" },
	{ MAC_RESOURCE, "EXC_RESOURCE" },
	{ MAC_GUARD, "EXC_GUARD" },
};

static const struct name mac_kern[] = {
	{ 1, "KERN_INVALID_ADDRESS" }, { 2, "KERN_PROTECTION_FAILURE" },
	{ 8, "KERN_NO_ACCESS" }, { 9, "KERN_MEMORY_FAILURE" },
	{ 10, "KERN_MEMORY_ERROR" }, { 50, "KERN_CODESIGN_ERROR" },
};

static const struct name mac_arm_access[] = {
	{ 0x101, "EXC_ARM_DA_ALIGN" }, { 0x102, "EXC_ARM_DA_DEBUG" },
};

static const struct name mac_ppc_access[] = {
	{ 0x101, "EXC_PPC_VM_PROT_READ" }, { 0x102, "EXC_PPC_BADSPACE" },
	{ 0x103, "EXC_PPC_UNALIGNED" },
};

static const struct name mac_x86_access[] = {
	{ 13, "EXC_I386_GPFLT" },
};

static const struct name mac_arm_instruction[] = {
	{ 1, "EXC_ARM_UNDEFINED" },
};

static const struct name mac_ppc_instruction[] = {
	{ 1, "EXC_PPC_INVALID_SYSCALL" }, { 2, "EXC_PPC_UNIPL_INST" },
	{ 3, "EXC_PPC_PRIVINST" }, { 4, "EXC_PPC_PRIVREG" },
	{ 5, "EXC_PPC_TRACE" }, { 6, "EXC_PPC_PERFMON" },
};

static const struct name mac_x86_instruction[] = {
	{ 1, "EXC_I386_INVOP" }, { 10, "EXC_I386_INVTSSFLT" },
	{ 11, "EXC_I386_SEGNPFLT" }, { 12, "EXC_I386_STKFLT" },
	{ 13, "EXC_I386_GPFLT" }, { 17, "EXC_I386_ALIGNFLT" },
};

static const struct name mac_ppc_arithmetic[] = {
	{ 1, "EXC_PPC_OVERFLOW" }, { 2, "EXC_PPC_ZERO_DIVIDE" },
	{ 3, "EXC_FLT_INEXACT" }, { 4, "EXC_PPC_FLT_ZERO_DIVIDE" },
	{ 5, "EXC_PPC_FLT_UNDERFLOW" }, { 6, "EXC_PPC_FLT_OVERFLOW" },
	{ 7, "EXC_PPC_FLT_NOT_A_NUMBER" }, { 8, "EXC_PPC_NOEMULATION" },
	{ 9, "EXC_PPC_ALTIVECASSIST" },
};

static const struct name mac_x86_arithmetic[] = {
	{ 1, "EXC_I386_DIV" }, { 2, "EXC_I386_INTO" },
	{ 3, "EXC_I386_NOEXT" }, { 4, "EXC_I386_EXTOVR" },
	{ 5, "EXC_I386_EXTERR" }, { 6, "EXC_I386_EMERR" },
	{ 7, "EXC_I386_BOUND" }, { 8, "EXC_I386_SSEEXTERR" },
};

static const struct name mac_software[] = {
	{ 0x00010002, "SIGABRT" }, { 0xdeadc0de, "UNCAUGHT_NS_EXCEPTION" },
	{ 0x00000001, "EXC_PPC_TRAP" }, { 0x00010100, "EXC_PPC_MIGRATE" },
};

static const struct name mac_arm_breakpoint[] = {
	{ 0x101, "EXC_ARM_DA_ALIGN" }, { 0x102, "EXC_ARM_DA_DEBUG" },
	{ 1, "EXC_ARM_BREAKPOINT" },
};

static const struct name mac_ppc_breakpoint[] = {
	{ 1, "EXC_PPC_BREAKPOINT" },
};

static const struct name mac_x86_breakpoint[] = {
	{ 1, "EXC_I386_SGL" }, { 2, "EXC_I386_BPT" },
};

enum arch_kind { KIND_OTHER, KIND_ARM, KIND_PPC, KIND_X86 };

/* Breakpad only knows the old arm64 id for Mach codes. */
static enum arch_kind arch_kind(uint16_t arch)
{
	switch (arch) {
	case SYM_ARCH_ARM:
	case SYM_ARCH_ARM64_OLD:
		return KIND_ARM;
	case SYM_ARCH_PPC:
		return KIND_PPC;
	case SYM_ARCH_X86:
	case SYM_ARCH_AMD64:
		return KIND_X86;
	}
	return KIND_OTHER;
}

#define PICK(k, arm, ppc, x86) \
	((k) == KIND_ARM ? find(arm, NELEM(arm), flags) : \
	 (k) == KIND_PPC ? find(ppc, NELEM(ppc), flags) : \
	 (k) == KIND_X86 ? find(x86, NELEM(x86), flags) : NULL)

/* The Mach code's name for a Mach exception type, or NULL. */
static const char *mac_code(uint32_t type, uint32_t flags, uint16_t arch)
{
	enum arch_kind k = arch_kind(arch);
	const char *s;

	switch (type) {
	case MAC_BAD_ACCESS:
		if ((s = FIND(mac_kern, flags)))
			return s;
		return PICK(k, mac_arm_access, mac_ppc_access,
			    mac_x86_access);
	case MAC_BAD_INSTRUCTION:
		return PICK(k, mac_arm_instruction, mac_ppc_instruction,
			    mac_x86_instruction);
	case MAC_ARITHMETIC:
		if (k == KIND_PPC)
			return FIND(mac_ppc_arithmetic, flags);
		if (k == KIND_X86)
			return FIND(mac_x86_arithmetic, flags);
		return NULL;
	case MAC_SOFTWARE:
		return FIND(mac_software, flags);
	case MAC_BREAKPOINT:
		return PICK(k, mac_arm_breakpoint, mac_ppc_breakpoint,
			    mac_x86_breakpoint);
	}
	return NULL;
}

static void mac_reason(const struct md_exception *e, uint16_t arch,
		       char *buf, size_t n)
{
	const char *type, *code;

	if (e->code == MAC_SIMULATED) {
		snprintf(buf, n, "Simulated Exception");
		return;
	}
	if (e->code == MAC_NS_EXCEPTION) {
		snprintf(buf, n, "Uncaught NSException");
		return;
	}
	if (!(type = FIND(mac_types, e->code)))
		return;
	if ((code = mac_code(e->code, e->flags, arch)))
		snprintf(buf, n, "%s / %s", type, code);
	else
		snprintf(buf, n, "%s / 0x%08x", type, e->flags);
}

/* A Windows access violation or in-page error: read, write or exec. */
static void win_access(const struct md_exception *e, const char *base,
		       char *buf, size_t n)
{
	const char *kind = "";

	if (e->nparams >= 1) {
		switch (e->params[0]) {
		case 0:
			kind = "_READ";
			break;
		case 1:
			kind = "_WRITE";
			break;
		case 8:
			kind = "_EXEC";
			break;
		}
	}
	snprintf(buf, n, "%s%s", base, kind);
}

static void win_reason(const struct md_exception *e, char *buf, size_t n,
		       uint64_t *address)
{
	const char *s;
	uint32_t status;

	if ((s = FIND(win_codes, e->code))) {
		snprintf(buf, n, "%s", s);
		return;
	}
	switch (e->code) {
	case WIN_ACCESS_VIOLATION:
	case WIN_IN_PAGE_ERROR:
		win_access(e, e->code == WIN_ACCESS_VIOLATION ?
			   "EXCEPTION_ACCESS_VIOLATION" :
			   "EXCEPTION_IN_PAGE_ERROR", buf, n);
		if (e->nparams >= 2)
			*address = e->params[1];
		if (e->code == WIN_IN_PAGE_ERROR && e->nparams >= 3) {
			status = (uint32_t)e->params[2];
			s = sym_ntstatus_name(status);
			if (s)
				snprintf(buf + strlen(buf), n - strlen(buf),
					 " / %s", s);
			else
				snprintf(buf + strlen(buf), n - strlen(buf),
					 " / 0x%08x", status);
		}
		break;
	case WIN_STACK_BUFFER_OVERRUN:
		s = NULL;
		if (e->nparams >= 1 && e->params[0] < NELEM(fast_fail))
			s = fast_fail[e->params[0]];
		if (s)
			snprintf(buf, n, "FAST_FAIL_%s", s);
		else
			snprintf(buf, n, "EXCEPTION_STACK_BUFFER_OVERRUN");
		break;
	}
}

/* "SIGSEGV /SEGV_MAPERR": Breakpad writes no space after SIGSEGV's '/'. */
static void linux_reason(const struct md_exception *e, char *buf, size_t n)
{
	const struct name *t = NULL;
	size_t nt = 0;
	const char *prefix = NULL, *s;

	switch (e->code) {
	case 4:
		prefix = "SIGILL / ", t = linux_ill, nt = NELEM(linux_ill);
		break;
	case 7:
		prefix = "SIGBUS / ", t = linux_bus, nt = NELEM(linux_bus);
		break;
	case 8:
		prefix = "SIGFPE / ", t = linux_fpe, nt = NELEM(linux_fpe);
		break;
	case 11:
		prefix = "SIGSEGV /", t = linux_segv, nt = NELEM(linux_segv);
		break;
	}
	if (prefix) {
		if ((s = find(t, nt, e->flags)))
			snprintf(buf, n, "%s%s", prefix, s);
		else
			snprintf(buf, n, "%s0x%08x", prefix, e->flags);
	} else if ((s = FIND(linux_signals, e->code))) {
		snprintf(buf, n, "%s", s);
	}
}

static uint64_t mask_address(uint16_t arch, uint64_t a)
{
	switch (arch) {
	case SYM_ARCH_X86:
	case SYM_ARCH_MIPS:
	case SYM_ARCH_PPC:
	case SYM_ARCH_SHX:
	case SYM_ARCH_ARM:
	case SYM_ARCH_X86_WIN64:
		return a & 0xffffffffu;
	}
	return a;
}

int sym_crash_reason(const struct md_dump *dump, char *buf, size_t n,
		     uint64_t *address)
{
	const struct md_exception *e = &dump->exception;
	const struct md_system_info *s = &dump->system_info;
	uint64_t addr;
	const char *name;

	if (n)
		buf[0] = '\0';
	if (address)
		*address = 0;
	if (dump->microdump) {
		/* a microdump says its reason and address in words */
		snprintf(buf, n, "%s", dump->microdump->crash_reason);
		if (address)
			*address = dump->microdump->crash_address;
		return 1;
	}
	if (!dump->has_exception)
		return 0;
	addr = e->address;
	/* Breakpad's fallback when nothing better is known. */
	snprintf(buf, n, "0x%08x / 0x%08x", e->code, e->flags);
	if (!dump->has_system_info)
		goto out;
	switch (s->platform_id) {
	case SYM_OS_FUCHSIA:
		if ((name = FIND(fuchsia_codes, e->code)))
			snprintf(buf, n, "%s / 0x%08x", name, e->flags);
		break;
	case SYM_OS_MAC_OS_X:
	case SYM_OS_IOS:
		mac_reason(e, s->processor_arch, buf, n);
		break;
	case SYM_OS_WIN32_NT:
	case SYM_OS_WIN32_WINDOWS:
		win_reason(e, buf, n, &addr);
		break;
	case SYM_OS_ANDROID:
	case SYM_OS_LINUX:
		linux_reason(e, buf, n);
		break;
	case SYM_OS_SOLARIS:
		if ((name = FIND(solaris_signals, e->code)))
			snprintf(buf, n, "%s", name);
		break;
	case SYM_OS_PS3:
		if ((name = FIND(ps3_codes, e->code)))
			snprintf(buf, n, "%s", name);
		break;
	}
	addr = mask_address(s->processor_arch, addr);
out:
	if (address)
		*address = addr;
	return 1;
}

/* ---- assertion, uptime ---- */

int sym_assertion(const struct md_dump *dump, char **out)
{
	const struct md_assertion *a = &dump->assertion;
	const char *expr = a->expression ? a->expression : "";
	const char *func = a->function ? a->function : "";
	const char *file = a->file ? a->file : "";
	char head[48];
	size_t n;

	*out = NULL;
	if (!dump->has_assertion)
		return (*out = sym_strndup("", 0)) ? SYM_OK : SYM_ENOMEM;
	if (a->type == 1)
		snprintf(head, sizeof(head),
			 "Invalid parameter passed to library function");
	else if (a->type == 2)
		snprintf(head, sizeof(head), "Pure virtual function called");
	else
		snprintf(head, sizeof(head), "Unknown assertion type 0x%08x",
			 a->type);
	n = strlen(head) + strlen(expr) + strlen(func) + strlen(file) + 64;
	if (!(*out = sym_malloc(n)))
		return SYM_ENOMEM;
	snprintf(*out, n, "%s%s%s%s%s%s%s", head, *expr ? " " : "", expr,
		 *func ? " in function " : "", func,
		 *file ? ", in file " : "", file);
	if (a->line)
		snprintf(*out + strlen(*out), n - strlen(*out),
			 " at line %u", a->line);
	return SYM_OK;
}

#define MISC_PROCESS_TIMES 0x2u

int sym_uptime(const struct md_dump *dump, uint32_t *secs)
{
	uint32_t create;

	if (!dump->has_misc_info ||
	    !(dump->misc_info.flags1 & MISC_PROCESS_TIMES))
		return 0;
	create = dump->misc_info.process_create_time;
	if (!dump->time_date_stamp || !create ||
	    dump->time_date_stamp < create)
		return 0;
	*secs = dump->time_date_stamp - create;
	return 1;
}

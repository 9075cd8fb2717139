/* SPDX-License-Identifier: MIT */
/*
 * sysinfo.h - the words Breakpad's MinidumpProcessor derives from a dump:
 * OS and CPU descriptions, the crash reason and address, the assertion
 * and the process uptime.
 */
#ifndef SYMKIT_SYSINFO_H
#define SYMKIT_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

#include "lib/minidump/minidump.h"

/* Raw MINIDUMP_SYSTEM_INFO platform ids and processor architectures. */
enum {
	SYM_OS_WIN32S = 0,
	SYM_OS_WIN32_WINDOWS = 1,
	SYM_OS_WIN32_NT = 2,
	SYM_OS_WIN32_CE = 3,
	SYM_OS_UNIX = 0x8000,
	SYM_OS_MAC_OS_X = 0x8101,
	SYM_OS_IOS = 0x8102,
	SYM_OS_LINUX = 0x8201,
	SYM_OS_SOLARIS = 0x8202,
	SYM_OS_ANDROID = 0x8203,
	SYM_OS_PS3 = 0x8204,
	SYM_OS_NACL = 0x8205,
	SYM_OS_FUCHSIA = 0x8206,
};

enum {
	SYM_ARCH_X86 = 0,
	SYM_ARCH_MIPS = 1,
	SYM_ARCH_ALPHA = 2,
	SYM_ARCH_PPC = 3,
	SYM_ARCH_SHX = 4,
	SYM_ARCH_ARM = 5,
	SYM_ARCH_IA64 = 6,
	SYM_ARCH_ALPHA64 = 7,
	SYM_ARCH_MSIL = 8,
	SYM_ARCH_AMD64 = 9,
	SYM_ARCH_X86_WIN64 = 10,
	SYM_ARCH_ARM64 = 12,
	SYM_ARCH_SPARC = 0x8001,
	SYM_ARCH_PPC64 = 0x8002,
	SYM_ARCH_ARM64_OLD = 0x8003,
	SYM_ARCH_MIPS64 = 0x8004,
	SYM_ARCH_RISCV = 0x8005,
	SYM_ARCH_RISCV64 = 0x8006,
	SYM_ARCH_UNKNOWN = 0xffff,
};

/*
 * System info as Breakpad prints it.  os and cpu are short words
 * ("Linux", "amd64", or a hex number for unknown ids); os_version and
 * cpu_info are allocated (release with sym_sysinfo_release()).  All are
 * "" when the dump has no system info stream.
 */
struct sym_sysinfo {
	char os[16];		/* "Linux", "Windows NT", "Mac OS X", "iOS" */
	const char *os_short;	/* "linux", "windows", "mac", "ios"; static */
	char *os_version;	/* "0.0.0 Linux 6.1 #1 SMP ... x86_64" */
	char cpu[16];		/* "amd64", "x86", "0x0123" */
	char *cpu_info;		/* "GenuineIntel family 6 model 85 ..." */
	unsigned cpu_count;
};

/*
 * Fill si from the dump's system info stream (dump->has_system_info
 * tells whether there is one).  Returns SYM_OK or SYM_ENOMEM (si is
 * then left released).
 */
int sym_sysinfo_get(const struct md_dump *dump, struct sym_sysinfo *si);
void sym_sysinfo_release(struct sym_sysinfo *si);

/* Longest crash reason sym_crash_reason() writes, NUL included. */
#define SYM_CRASH_REASON_MAX 128

/*
 * Breakpad's crash reason for the dump's exception ("SIGSEGV
 * /SEGV_MAPERR", "EXCEPTION_ACCESS_VIOLATION_READ") into buf (n bytes,
 * SYM_CRASH_REASON_MAX is always enough), and the crash address as
 * Breakpad reports it (the access address for Windows access
 * violations, masked to 32 bits for 32-bit CPUs).  Returns 1 when the
 * dump has an exception stream, 0 when not (buf is then "", *address 0).
 * address may be NULL.
 */
int sym_crash_reason(const struct md_dump *dump, char *buf, size_t n,
		     uint64_t *address);

/* The NTSTATUS name ("STATUS_DEVICE_DATA_ERROR"), or NULL if unknown. */
const char *sym_ntstatus_name(uint32_t status);

/*
 * Breakpad's assertion text, allocated into *out ("" when none; free
 * with sym_free()).  Returns SYM_OK or SYM_ENOMEM.
 */
int sym_assertion(const struct md_dump *dump, char **out);

/*
 * Process uptime in seconds as Breakpad prints it: the header's time
 * stamp minus the process create time of the misc info stream.
 * Returns 1 and sets *secs when both are known and ordered, else 0.
 */
int sym_uptime(const struct md_dump *dump, uint32_t *secs);

#endif

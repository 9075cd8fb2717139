/* SPDX-License-Identifier: MIT */
/*
 * sysinfo.h - the words Breakpad's MinidumpProcessor derives from a dump:
 * OS and CPU descriptions, the crash reason and the assertion.
 */
#ifndef SYMKIT_SYSINFO_H
#define SYMKIT_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

#include "minidump.h"

struct sym_sysinfo {
	char os[64];		/* "Linux", "Windows NT", "Mac OS X", "iOS" */
	char os_short[32];	/* "linux", "windows", "mac", "ios" */
	char os_version[512];	/* "0.0.0 Linux 6.1 #1 SMP ... x86_64" */
	char cpu[32];		/* "amd64" */
	char cpu_info[512];	/* "family 6 model 85 stepping 4" */
	unsigned cpu_count;
};

/* Fill si from the dump's system info stream (empty strings if none). */
void sym_sysinfo_get(const struct md_dump *dump, struct sym_sysinfo *si);

/*
 * Breakpad's crash reason for the dump's exception ("SIGSEGV
 * /SEGV_MAPERR", "EXCEPTION_ACCESS_VIOLATION_READ") into buf, and the
 * crash address as Breakpad reports it.  Returns 1 when the dump has an
 * exception stream, 0 when not (buf is then "").
 */
int sym_crash_reason(const struct md_dump *dump, char *buf, size_t n,
		     uint64_t *address);

/* Breakpad's assertion text into buf ("" when none); returns 1 if any. */
int sym_assertion(const struct md_dump *dump, char *buf, size_t n);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * ntstatus.c - names of Windows NTSTATUS error codes, for
 * EXCEPTION_IN_PAGE_ERROR crash reasons: the table Breakpad knows
 * (ntstatus_names.h), searched by value.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/minidump/sysinfo.h"

static const struct {
	uint32_t v;
	const char *s;
} names[] = {
#define NT(v, s) { v, #s },
#include "lib/minidump/ntstatus_names.h"
#undef NT
};

const char *sym_ntstatus_name(uint32_t status)
{
	size_t lo = 0, hi = sizeof(names) / sizeof(names[0]), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (names[mid].v == status)
			return names[mid].s;
		if (names[mid].v < status)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

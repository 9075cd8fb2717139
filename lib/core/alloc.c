/* SPDX-License-Identifier: MIT */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"

/* Test hook state.  Process-wide on purpose: only tests set it.  The
 * count is atomic: stackwalk --batch allocates on several threads. */
static unsigned long fail_at;
static atomic_ulong count;

static int should_fail(void)
{
	unsigned long c = atomic_fetch_add_explicit(&count, 1,
						    memory_order_relaxed) + 1;

	return fail_at && c == fail_at;
}

void sym_alloc_fail_at(unsigned long n)
{
	fail_at = n;
	atomic_store(&count, 0);
}

unsigned long sym_alloc_count(void)
{
	return atomic_load(&count);
}

void *sym_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *sym_calloc(size_t nmemb, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(nmemb ? nmemb : 1, size ? size : 1);
}

void *sym_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		return NULL;
	if (should_fail())
		return NULL;
	return realloc(p, nmemb * size != 0 ? nmemb * size : 1);
}

void sym_free(void *p)
{
	free(p);
}

char *sym_strndup(const char *s, size_t n)
{
	char *r = sym_malloc(n + 1);

	if (!r)
		return NULL;
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the one allocation wrapper of symkit.
 *
 * Every heap allocation in lib/ and symfmt/ goes through these so that a
 * test can make allocation number n fail (sym_alloc_fail_at) and check
 * that every caller returns SYM_ENOMEM without crashing or leaking.
 */
#ifndef SYMKIT_ALLOC_H
#define SYMKIT_ALLOC_H

#include <stddef.h>

void *sym_malloc(size_t n);
void *sym_calloc(size_t nmemb, size_t size);
/* realloc of nmemb * size with overflow check; NULL on overflow. */
void *sym_reallocarray(void *p, size_t nmemb, size_t size);
void sym_free(void *p);
/* Copy n bytes and a NUL; NULL on failure. */
char *sym_strndup(const char *s, size_t n);

/*
 * Testing: make the n-th allocation from now fail (1 = the next one);
 * 0 disables.  sym_alloc_count() tells how many allocations were made
 * since the last call to sym_alloc_fail_at().
 */
void sym_alloc_fail_at(unsigned long n);
unsigned long sym_alloc_count(void);

#endif

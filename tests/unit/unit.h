/* SPDX-License-Identifier: MIT */
/*
 * unit.h - the whole unit test "framework": one macro and a summary.
 * A test program ends with `return unit_done("name");`, which prints
 * "name: N passed, N failed" for tests/run.sh to add up.
 */
#ifndef SYMKIT_UNIT_H
#define SYMKIT_UNIT_H

#include <stdio.h>

static unsigned long passed, failed;

#define CHECK(c) do { if (c) passed++; else { failed++; \
	fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)

static inline int unit_done(const char *name)
{
	printf("%s: %lu passed, %lu failed\n", name, passed, failed);
	return failed ? 1 : 0;
}

/* Tests run from the top of the tree; data paths are relative to it. */
#define TESTDATA "testdata/"

#endif

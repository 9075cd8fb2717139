/* SPDX-License-Identifier: MIT */
/*
 * bench_lookup.c - load the a_null_write symbols through the store and
 * symbolize the a1_null_write_gcc_O0 stack (as stackwalk would); print
 * wall time and peak RSS.  Usage: bench_lookup <symbol dir>
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lib/process/store.h"
#include "lib/model/symtab.h"

static const struct {
	unsigned long long pc;
	const char *function;
} stack[] = {
	{ 0x55a0a6c4b15f, "store_value" },
	{ 0x55a0a6c4b18c - 1, "process_record" },
	{ 0x55a0a6c4b1ca - 1, "process_batch" },
	{ 0x55a0a6c4b238 - 1, "run" },
	{ 0x55a0a6c4b277 - 1, "main" },
	{ 0x55a0a6c4b240 - 1, "run" },
	{ 0x55a0a6c4b060 - 1, "_init" },
	{ 0x55a0a6c4b081 - 1, "_start" },
};

int main(int argc, char **argv)
{
	const unsigned long long base = 0x55a0a6c4a000;
	struct timespec t0, t1;
	struct sym_cfi_text cfi;
	struct sym_store *s;
	struct sym_table *t;
	struct sym_table_info info;
	struct sym_frame f;
	struct rusage ru;
	const char *paths[1];
	size_t i;
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_lookup <symbol dir>\n");
		return 2;
	}
	paths[0] = argv[1];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	s = sym_store_new(paths, 1);
	if (!s || sym_store_get(s, "a_null_write",
				"1F79C9DC66641C1730F1F9D2D1A86FF30", &t,
				NULL) != SYM_STORE_FOUND) {
		fprintf(stderr, "bench_lookup: cannot load symbols\n");
		return 1;
	}
	for (i = 0; i < sizeof(stack) / sizeof(stack[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.instruction = stack[i].pc;
		if (sym_table_lookup(t, base, &f, NULL, NULL) != 1 ||
		    strcmp(f.function, stack[i].function))
			bad++;
		sym_table_find_cfi(t, stack[i].pc - base, &cfi);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	sym_table_info(t, &info);
	printf("bench_lookup: %lu FUNC, %.3f s wall, %ld MB max RSS, %s\n",
	       info.nfuncs, (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       ru.ru_maxrss / 1024, bad ? "WRONG symbols" : "symbols ok");
	sym_store_free(s);
	return bad ? 1 : 0;
}

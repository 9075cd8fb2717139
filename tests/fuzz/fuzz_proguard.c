/* SPDX-License-Identifier: MIT */
/*
 * fuzz_proguard.c - libFuzzer target: index a ProGuard/R8 mapping, parse
 * every class's members, then retrace the input's own lines against it
 * (so class and member names of the map reach the retrace engine), with
 * the default pattern and verbose, and with the message rewriter.
 */
#include <stdint.h>
#include <string.h>

#include "lib/jvm/retrace.h"
#include "symfmt/proguard.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void trace_lines(struct jvm_retrace *rt, const char *s, size_t n)
{
	struct jvm_line l = { 0 };
	size_t off = 0, lines = 0;

	while (off < n && lines++ < 64) {
		const char *nl = memchr(s + off, '\n', n - off);
		size_t len = nl ? (size_t)(nl - (s + off)) : n - off;

		if (jvm_retrace_line(rt, s + off, len, &l))
			break;
		off += len + 1;
	}
	jvm_line_release(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct pg_map *map;
	struct jvm_retrace *rt;
	char err[128];

	if (symfmt_proguard_index(&map, (const char *)d, n, NULL, NULL, NULL))
		return 0;
	for (size_t i = 0; i < pg_class_count(map); i++) {
		struct pg_class *c = pg_class_at(map, i);

		if (c)
			pg_class_members(map, c);
	}
	if (!jvm_retrace_new(&rt, map, NULL, JVM_VERBOSE | JVM_MESSAGES, err,
			     sizeof(err))) {
		trace_lines(rt, (const char *)d, n);
		jvm_retrace_free(rt);
	}
	if (!jvm_retrace_new(&rt, map, "%c\\s%m\\(%a\\)%t %f:%l %S %C", 0, err,
			     sizeof(err))) {
		trace_lines(rt, (const char *)d, n);
		jvm_retrace_free(rt);
	}
	symfmt_proguard_free(map);
	return 0;
}

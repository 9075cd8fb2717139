/* SPDX-License-Identifier: MIT */
/*
 * fuzz_stackwalk.c - libFuzzer target for the whole stackwalk path on a
 * hostile dump: read it, walk every thread (frame pointers and stack
 * scanning over fuzzed stack memory), then write all three reports and
 * the stack contents.  No symbols: the store is empty.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/minidump/minidump.h"
#include "lib/process/process.h"
#include "lib/report/report.h"
#include "lib/process/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_out;
	struct sym_process_opts opts = { 0 };
	struct sym_process *p;
	struct sym_store *s;
	struct md_dump *d;

	if (!null_out && !(null_out = fopen("/dev/null", "w")))
		return 0;
	if (md_open(data, size, &d, NULL))
		return 0;
	s = sym_store_new(NULL, 0);
	/* bounded work per input: hostile stacks can be long */
	opts.max_frames = 256;
	if (s && !sym_process_dump(d, s, &opts, &p, NULL)) {
		sym_report_human(null_out, p, SYM_REPORT_STACK_CONTENTS);
		sym_report_machine(null_out, p, 0);
		sym_report_json(null_out, p, 0);
		sym_process_free(p);
	}
	sym_store_free(s);
	md_close(d);
	return 0;
}

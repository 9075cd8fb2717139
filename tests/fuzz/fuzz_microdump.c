/* SPDX-License-Identifier: MIT */
/*
 * fuzz_microdump.c - libFuzzer target for the microdump reader and the
 * whole path after it: read the text, walk the thread over its fuzzed
 * stack bytes, write all three reports and the stack contents.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/minidump/microdump.h"
#include "lib/process/process.h"
#include "lib/report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_out;
	struct sym_process_opts opts = { 0 };
	struct sym_process *p;
	struct md_dump *d;

	if (!null_out && !(null_out = fopen("/dev/null", "w")))
		return 0;
	md_is_microdump(data, size);
	if (md_microdump_open(data, size, &d, NULL))
		return 0;
	md_module_at(d, 0);
	/* bounded work per input: hostile stacks can be long */
	opts.max_frames = 256;
	if (!sym_process_dump(d, NULL, &opts, &p, NULL)) {
		sym_report_human(null_out, p, SYM_REPORT_STACK_CONTENTS);
		sym_report_machine(null_out, p, 0);
		sym_report_json(null_out, p, 0);
		sym_process_free(p);
	}
	md_close(d);
	return 0;
}

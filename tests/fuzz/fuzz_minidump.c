/* SPDX-License-Identifier: MIT */
/*
 * fuzz_minidump.c - libFuzzer target for the minidump reader: open, read
 * some memory and look up modules, close.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/minidump/minidump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_dump *d;
	uint8_t buf[32];
	size_t i;

	if (md_open(data, size, &d, NULL))
		return 0;
	for (i = 0; i < d->n_threads; i++) {
		const struct md_thread *t = &d->threads[i];
		int sp = sym_cpu_sp(t->ctx.cpu), pc = sym_cpu_pc(t->ctx.cpu);

		md_memory_read(&t->stack, t->stack.start, buf, 8);
		if (!t->has_context || sp < 0 || pc < 0)
			continue;
		md_read(d, t->ctx.regs[sp], buf, sizeof(buf));
		md_module_at(d, t->ctx.regs[pc]);
	}
	for (i = 0; i < d->n_memory; i++)
		md_read(d, d->memory[i].start, buf, 4);
	for (i = 0; i < d->n_modules; i++)
		md_module_at(d, d->modules[i].base + d->modules[i].size / 2);
	md_main_module(d);
	md_close(d);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * report_stack.c - the "-s" part of Breakpad's text report: the stack
 * bytes between a frame and its caller, then every word in them that
 * symbolizes (Breakpad's PrintStackContents).
 */
#include <inttypes.h>
#include <string.h>

#include "lib/core/err.h"
#include "lib/model/regs.h"
#include "lib/report/report_int.h"
#include "lib/model/symtab.h"

#define INDENT "    "
#define ROW 16

static enum sym_cpu cpu_of(const char *name)
{
	static const struct {
		const char *name;
		enum sym_cpu cpu;
	} cpus[] = {
		{ "x86", SYM_CPU_X86 },
		{ "amd64", SYM_CPU_AMD64 },
		{ "arm", SYM_CPU_ARM },
		{ "arm64", SYM_CPU_ARM64 },
	};
	size_t i;

	for (i = 0; name && i < sizeof(cpus) / sizeof(cpus[0]); i++)
		if (!strcmp(name, cpus[i].name))
			return cpus[i].cpu;
	return SYM_CPU_UNKNOWN;
}

/* The frame's stack pointer, 0 when not known (inline frames have no
 * registers). */
static uint64_t frame_sp(enum sym_cpu cpu, const struct sym_frame *f)
{
	int sp = sym_cpu_sp(cpu);

	if (sp < 0 || sp >= SYM_MAX_REGS || !(f->ctx.valid >> sp & 1))
		return 0;
	return f->ctx.regs[sp];
}

static int read_byte(const struct md_memory *m, uint64_t a, uint8_t *v)
{
	return m && !md_memory_read(m, a, v, 1);
}

/* A little-endian word; 0 when not all of it is captured (Breakpad
 * leaves the value at 0 when its read fails). */
static uint64_t read_word(const struct md_memory *m, uint64_t a,
			  unsigned len)
{
	uint8_t b[8];
	uint64_t v = 0;
	unsigned i;

	if (!m || md_memory_read(m, a, b, len))
		return 0;
	for (i = len; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

static void hex_rows(FILE *out, const struct md_memory *m, uint64_t begin,
		     uint64_t end, unsigned wlen)
{
	char text[ROW + 1];
	uint64_t a = begin, row;
	uint8_t v;
	int i;

	while (a < end) {
		row = a;
		if (wlen == 4)
			fprintf(out, "\n" INDENT " %08" PRIx32, (uint32_t)a);
		else
			fprintf(out, "\n" INDENT " %016" PRIx64, a);
		for (i = 0; i < ROW; i++, a++) {
			if (a < end && read_byte(m, a, &v)) {
				fprintf(out, " %02x", v);
				text[i] = v >= 0x20 && v < 0x7f ? (char)v : '.';
			} else {
				fputs("   ", out);
				text[i] = ' ';
			}
		}
		text[ROW] = '\0';
		fprintf(out, "  %s", text);
		if (a < row)	/* wrapped past the top of the space */
			break;
	}
}

/* One symbolized word: Breakpad prints only frames with a function. */
static void pointee(FILE *out, uint64_t at, const struct sym_frame *f,
		    unsigned wlen)
{
	if (!f->function || !*f->function)
		return;
	if (wlen == 4)
		fprintf(out, INDENT " *(0x%08" PRIx32 ") = 0x%08" PRIx32,
			(uint32_t)at, (uint32_t)f->instruction);
	else
		fprintf(out, INDENT " *(0x%016" PRIx64 ") = 0x%016" PRIx64,
			at, f->instruction);
	fprintf(out, " <%s> [%s : %d + 0x%" PRIx64 "]\n", f->function,
		sym_path_basename(f->file), (int)f->line,
		f->instruction - f->line_base);
}

static int pointees(FILE *out, const struct sym_process *p,
		    const struct md_memory *m, uint64_t begin, uint64_t end,
		    unsigned wlen)
{
	const struct md_module *mod;
	struct sym_table *t;
	struct sym_frame f, *inl;
	uint64_t a;
	size_t n, i;
	int r;

	for (a = begin; a < end; a += wlen) {
		memset(&f, 0, sizeof(f));
		f.instruction = read_word(m, a, wlen);
		mod = md_module_at(p->dump, f.instruction);
		t = mod ? sym_process_symbols(p,
				(int)(mod - p->dump->modules)) : NULL;
		if (!t)
			goto next;
		f.module = (int)(mod - p->dump->modules);
		f.module_base = mod->base;
		if ((r = sym_table_lookup(t, mod->base, &f, &inl, &n)) < 0)
			return -r;
		pointee(out, a, &f, wlen);
		for (i = 0; i < n; i++)
			pointee(out, a, &inl[i], wlen);
next:
		if (a + wlen < a)
			break;
	}
	return SYM_OK;
}

int sym_report_stack_contents(FILE *out, const struct sym_process *p,
			      const struct sym_thread *t, size_t i)
{
	enum sym_cpu cpu = cpu_of(p->cpu);
	unsigned wlen = cpu == SYM_CPU_UNKNOWN ? 0 : sym_cpu_ptr_size(cpu);
	uint64_t begin, end, mstart, mend;
	int err;

	if (i + 1 >= t->stack.n || !wlen)
		return SYM_OK;
	begin = frame_sp(cpu, &t->stack.frames[i]);
	end = frame_sp(cpu, &t->stack.frames[i + 1]);
	if (!begin || !end)
		return SYM_OK;
	/*
	 * Breakpad prints blanks for every address between the two stack
	 * pointers; a damaged stack could make that gigabytes of blanks, so
	 * keep to the captured stack memory at both ends.
	 */
	if (!t->memory || !t->memory->data) {
		end = begin;
	} else {
		mstart = t->memory->start;
		mend = mstart + t->memory->size;
		if (begin < mstart)
			begin = end < mstart ? end : mstart;
		if (end > mend)
			end = begin < mend ? mend : begin;
	}
	fputs("\n" INDENT "Stack contents:", out);
	hex_rows(out, t->memory, begin, end, wlen);
	fputs("\n" INDENT "Possible instruction pointers:\n", out);
	if ((err = pointees(out, p, t->memory, begin, end, wlen)))
		return err;
	fputc('\n', out);
	return SYM_OK;
}

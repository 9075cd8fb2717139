/* SPDX-License-Identifier: MIT */
/*
 * report.c - Breakpad's minidump_stackwalk text and machine ("-m")
 * formats, written byte for byte from a struct sym_process.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/report/report.h"
#include "lib/report/report_int.h"

#define SEP '|'

/* A string with the machine format's separator and newlines removed. */
static void put_stripped(FILE *out, const char *s)
{
	for (; s && *s; s++)
		if (*s != SEP && *s != '\n')
			fputc(*s, out);
}

static int is_set(const char *s)
{
	return s && *s;
}

const struct md_module *sym_report_frame_module(const struct sym_process *p,
						const struct sym_frame *f)
{
	if (f->module < 0 || (size_t)f->module >= p->dump->n_modules)
		return NULL;
	return &p->dump->modules[f->module];
}

/* ---- module list ---- */

static int cmp_base(const void *a, const void *b)
{
	const struct md_module *x = *(const struct md_module *const *)a;
	const struct md_module *y = *(const struct md_module *const *)b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The dump's modules in address order (Breakpad's module sequence). */
int sym_report_sorted_modules(const struct md_dump *d,
			      const struct md_module ***out, size_t *n)
{
	const struct md_module **v;
	size_t i;

	*out = NULL;
	*n = d->microdump ? d->n_modules_by_addr : d->n_modules;
	if (!*n)
		return SYM_OK;
	v = sym_reallocarray(NULL, *n, sizeof(*v));
	if (!v)
		return SYM_ENOMEM;
	/* a microdump's Android modules may have shrunk ranges: Breakpad
	 * lists them in the order of its range map */
	if (d->microdump) {
		memcpy(v, d->modules_by_addr, *n * sizeof(*v));
		*out = v;
		return SYM_OK;
	}
	for (i = 0; i < d->n_modules; i++)
		v[i] = &d->modules[i];
	qsort(v, d->n_modules, sizeof(*v), cmp_base);
	*out = v;
	return SYM_OK;
}

static int same_id(const struct md_module *a, const struct md_module *b)
{
	return !strcmp(a->debug_file ? a->debug_file : "",
		       b->debug_file ? b->debug_file : "") &&
	       !strcmp(a->debug_id ? a->debug_id : "",
		       b->debug_id ? b->debug_id : "");
}

/*
 * Breakpad lists missing and corrupt symbols per (debug file, debug id),
 * so every module sharing those with a flagged one is flagged too.
 */
enum sym_module_syms sym_report_module_syms(const struct sym_process *p,
					    const struct md_module *m)
{
	const struct md_dump *d = p->dump;
	int corrupt = 0;
	size_t i;

	if (!p->module_syms)
		return SYM_SYMS_NOT_TRIED;
	for (i = 0; i < d->n_modules; i++) {
		if (!same_id(m, &d->modules[i]))
			continue;
		if (p->module_syms[i] == SYM_SYMS_MISSING)
			return SYM_SYMS_MISSING;
		if (p->module_syms[i] == SYM_SYMS_CORRUPT)
			corrupt = 1;
	}
	return corrupt ? SYM_SYMS_CORRUPT : SYM_SYMS_LOADED;
}

static uint64_t main_base(const struct md_dump *d)
{
	const struct md_module *m = d->n_modules ? &d->modules[0] : NULL;

	if (d->microdump)	/* the module at 0, if any */
		m = md_main_module(d);
	return m ? m->base : 0;
}

static void human_module(FILE *out, const struct sym_process *p,
			 const struct md_module *m, uint64_t main_addr)
{
	enum sym_module_syms st = sym_report_module_syms(p, m);

	fprintf(out, "0x%08" PRIx64 " - 0x%08" PRIx64 "  %s  %s%s",
		m->base, m->base + m->size - 1,
		sym_path_basename(m->code_file),
		is_set(m->version) ? m->version : "???",
		main_addr && m->base == main_addr ? "  (main)" : "");
	if (st == SYM_SYMS_MISSING || st == SYM_SYMS_CORRUPT)
		fprintf(out, "  (WARNING: %s symbols, %s, %s)",
			st == SYM_SYMS_MISSING ? "No" : "Corrupt",
			sym_path_basename(m->debug_file),
			m->debug_id ? m->debug_id : "");
	fputc('\n', out);
}

static int human_modules(FILE *out, const struct sym_process *p)
{
	const struct md_module **v;
	uint64_t main_addr = main_base(p->dump);
	size_t i, n;
	int err;

	if (!p->dump->has_module_list)
		return SYM_OK;
	if ((err = sym_report_sorted_modules(p->dump, &v, &n)))
		return err;
	fputs("\nLoaded modules:\n", out);
	for (i = 0; i < n; i++)
		human_module(out, p, v[i], main_addr);
	sym_free(v);
	return SYM_OK;
}

static int machine_modules(FILE *out, const struct sym_process *p)
{
	const struct md_module **v;
	const struct md_module *m;
	uint64_t main_addr = main_base(p->dump);
	size_t i, n;
	int err;

	if (!p->dump->has_module_list)
		return SYM_OK;
	if ((err = sym_report_sorted_modules(p->dump, &v, &n)))
		return err;
	for (i = 0; i < n; i++) {
		m = v[i];
		fputs("Module|", out);
		put_stripped(out, sym_path_basename(m->code_file));
		fputc(SEP, out);
		put_stripped(out, m->version);
		fputc(SEP, out);
		put_stripped(out, sym_path_basename(m->debug_file));
		fputc(SEP, out);
		put_stripped(out, m->debug_id);
		fprintf(out, "|0x%08" PRIx64 "|0x%08" PRIx64 "|%d\n", m->base,
			m->base + m->size - 1, m->base == main_addr);
	}
	sym_free(v);
	return SYM_OK;
}

/* ---- registers ---- */

struct reg_col {
	FILE *out;
	int col;
};

/* Breakpad's PrintRegister(64): wrap before passing 80 columns. */
static void put_reg(struct reg_col *rc, const char *name, uint64_t v,
		    int wide)
{
	char buf[64];
	int len;

	if (wide)
		len = snprintf(buf, sizeof(buf), " %5s = 0x%016" PRIx64, name,
			       v);
	else
		len = snprintf(buf, sizeof(buf), " %5s = 0x%08" PRIx32, name,
			       (uint32_t)v);
	if (rc->col + len > 80) {
		rc->col = 0;
		fputs("\n ", rc->out);
	}
	fputs(buf, rc->out);
	rc->col += len;
}

static void put_reg_if(struct reg_col *rc, const struct sym_context *c,
		       unsigned i, const char *name, int wide)
{
	if (i < SYM_MAX_REGS && (c->valid >> i & 1))
		put_reg(rc, name, c->regs[i], wide);
}

static void regs_x86(struct reg_col *rc, const struct sym_context *c)
{
	uint64_t all = ((uint64_t)1 << SYM_X86_NREGS) - 1;
	unsigned i;

	for (i = SYM_X86_EIP; i <= SYM_X86_EDI; i++)
		put_reg_if(rc, c, i, sym_cpu_reg_name(SYM_CPU_X86, i), 0);
	/* The scratch registers only when the whole context is known. */
	if ((c->valid & all) == all)
		for (i = SYM_X86_EAX; i <= SYM_X86_EFL; i++)
			put_reg(rc, sym_cpu_reg_name(SYM_CPU_X86, i),
				c->regs[i], 0);
}

static void regs_arm(struct reg_col *rc, const struct sym_context *c)
{
	static const unsigned order[] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 11, 13, 14, 15,
	};
	static const char *const names[] = {
		"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
		"r10", "r12", "fp", "sp", "lr", "pc",
	};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		put_reg_if(rc, c, order[i], names[i], 0);
}

/* Breakpad prints mips registers 64 bits wide, these and in this order */
static void regs_mips(struct reg_col *rc, const struct sym_context *c)
{
	static const unsigned order[] = {
		SYM_MIPS_GP, SYM_MIPS_SP, SYM_MIPS_FP, SYM_MIPS_RA, SYM_MIPS_PC,
		16, 17, 18, 19, 20, 21, 22, 23,
	};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		put_reg_if(rc, c, order[i],
			   sym_cpu_reg_name(SYM_CPU_MIPS, order[i]), 1);
}

static void put_regs(FILE *out, const char *cpu, const struct sym_frame *f)
{
	struct reg_col rc = { out, 0 };
	enum sym_cpu k = SYM_CPU_UNKNOWN;
	unsigned i;

	if (!strcmp(cpu, "mips") || !strcmp(cpu, "mips64")) {
		regs_mips(&rc, &f->ctx);
		return;
	}

	if (!strcmp(cpu, "x86")) {
		regs_x86(&rc, &f->ctx);
		return;
	}
	if (!strcmp(cpu, "arm")) {
		regs_arm(&rc, &f->ctx);
		return;
	}
	if (!strcmp(cpu, "amd64"))
		k = SYM_CPU_AMD64;
	else if (!strcmp(cpu, "arm64"))
		k = SYM_CPU_ARM64;
	for (i = 0; i < sym_cpu_nregs(k); i++)
		put_reg_if(&rc, &f->ctx, i, sym_cpu_reg_name(k, i), 1);
}

/* ---- frames ---- */

static void frame_header(FILE *out, const struct sym_process *p,
			 const struct sym_frame *f, size_t index)
{
	const struct md_module *m = sym_report_frame_module(p, f);
	uint64_t a = f->instruction;

	fprintf(out, "%2zu  ", index);
	if (!m) {
		fprintf(out, "0x%" PRIx64, a);
		return;
	}
	fputs(sym_path_basename(m->code_file), out);
	if (!is_set(f->function)) {
		fprintf(out, " + 0x%" PRIx64, a - m->base);
		return;
	}
	fprintf(out, "!%s", f->function);
	if (is_set(f->file))
		fprintf(out, " [%s : %d + 0x%" PRIx64 "]",
			sym_path_basename(f->file), (int)f->line,
			a - f->line_base);
	else
		fprintf(out, " + 0x%" PRIx64, a - f->function_base);
}

static int human_stack(FILE *out, const struct sym_process *p,
		       const struct sym_thread *t, unsigned flags)
{
	const struct sym_frame *f;
	size_t i;
	int err;

	if (!t->stack.n)
		fputs(" <no frames>\n", out);
	for (i = 0; i < t->stack.n; i++) {
		f = &t->stack.frames[i];
		frame_header(out, p, f, i);
		fputs("\n ", out);
		if (f->trust != SYM_TRUST_INLINE)
			put_regs(out, p->cpu ? p->cpu : "", f);
		fprintf(out, "\n    Found by: %s\n", sym_trust_text(f->trust));
		if ((flags & SYM_REPORT_STACK_CONTENTS) &&
		    (err = sym_report_stack_contents(out, p, t, i)))
			return err;
	}
	return SYM_OK;
}

static void machine_stack(FILE *out, const struct sym_process *p,
			  size_t thread, const struct sym_thread *t)
{
	const struct sym_frame *f;
	const struct md_module *m;
	uint64_t a;
	size_t i;

	for (i = 0; i < t->stack.n; i++) {
		f = &t->stack.frames[i];
		m = sym_report_frame_module(p, f);
		a = f->instruction;
		fprintf(out, "%zu|%zu|", thread, i);
		if (!m) {
			fprintf(out, "||||0x%" PRIx64 "\n", a);
			continue;
		}
		put_stripped(out, sym_path_basename(m->code_file));
		fputc(SEP, out);
		if (!is_set(f->function)) {
			fprintf(out, "|||0x%" PRIx64 "\n", a - m->base);
			continue;
		}
		put_stripped(out, f->function);
		fputc(SEP, out);
		if (is_set(f->file)) {
			put_stripped(out, f->file);
			fprintf(out, "|%d|0x%" PRIx64 "\n", (int)f->line,
				a - f->line_base);
		} else {
			fprintf(out, "||0x%" PRIx64 "\n",
				a - f->function_base);
		}
	}
}

/* ---- whole reports ---- */

static const char *str(const char *s)
{
	return s ? s : "";
}

static void human_header(FILE *out, const struct sym_process *p)
{
	const struct md_exception *e = &p->dump->exception;
	uint32_t i, n;

	fprintf(out, "Operating system: %s\n", str(p->os));
	fprintf(out, "                  %s\n", str(p->os_version));
	fprintf(out, "CPU: %s\n", str(p->cpu));
	if (is_set(p->cpu_info))
		fprintf(out, "     %s\n", p->cpu_info);
	fprintf(out, "     %u CPU%s\n\n", p->cpu_count,
		p->cpu_count != 1 ? "s" : "");
	if (is_set(p->gl_version) || is_set(p->gl_vendor) ||
	    is_set(p->gl_renderer))
		fprintf(out, "GPU: %s\n     %s\n     %s\n\n",
			str(p->gl_version), str(p->gl_vendor),
			str(p->gl_renderer));
	else
		fputs("GPU: UNKNOWN\n\n", out);
	if (p->crashed) {
		fprintf(out, "Crash reason:  %s\n", str(p->crash_reason));
		fprintf(out, "Crash address: 0x%" PRIx64 "\n",
			p->crash_address);
		n = e->nparams < 15 ? e->nparams : 15;
		if (p->dump->has_exception && n)
			fputs("Crash parameters:\n", out);
		for (i = 0; p->dump->has_exception && i < n; i++)
			fprintf(out, "    value: 0x%016" PRIx64
				"  description: \n", e->params[i]);
	} else {
		fputs("No crash\n", out);
	}
	if (is_set(p->assertion))
		fprintf(out, "Assertion: %s\n", p->assertion);
	if (p->has_uptime)
		fprintf(out, "Process uptime: %d seconds\n",
			(int)(uint32_t)p->uptime);
	else
		fputs("Process uptime: not available\n", out);
}

static int finish(FILE *out, int err)
{
	if (err)
		return err;
	return ferror(out) ? SYM_EIO : SYM_OK;
}

static void brief(FILE *out, const struct sym_process *p)
{
	const struct sym_thread *t;
	size_t i;

	if (p->requesting_thread < 0 ||
	    (size_t)p->requesting_thread >= p->n_threads) {
		fputs(" <no crashing or requesting dump thread identified>\n",
		      out);
		return;
	}
	t = &p->threads[p->requesting_thread];
	fprintf(out, "Thread %d (%s)\n", p->requesting_thread,
		p->crashed ? "crashed" : "requested dump, did not crash");
	for (i = 0; i < t->stack.n; i++) {
		frame_header(out, p, &t->stack.frames[i], i);
		fputc('\n', out);
	}
}

int sym_report_human(FILE *out, const struct sym_process *p, unsigned flags)
{
	int req = p->requesting_thread, err;
	size_t i;

	if (flags & SYM_REPORT_BRIEF) {
		brief(out, p);
		return finish(out, SYM_OK);
	}
	human_header(out, p);
	if (req >= 0 && (size_t)req < p->n_threads) {
		fprintf(out, "\nThread %d (%s)\n", req,
			p->crashed ? "crashed" :
			"requested dump, did not crash");
		if ((err = human_stack(out, p, &p->threads[req], flags)))
			return err;
	}
	for (i = 0; !(flags & SYM_REPORT_ONLY_CRASHED) && i < p->n_threads;
	     i++) {
		if ((int)i == req)
			continue;
		fprintf(out, "\nThread %zu\n", i);
		if ((err = human_stack(out, p, &p->threads[i], flags)))
			return err;
	}
	if ((err = human_modules(out, p)))
		return err;
	if (flags & SYM_REPORT_CRASHPAD)
		return finish(out, sym_report_crashpad(out, p));
	return finish(out, SYM_OK);
}

int sym_report_machine(FILE *out, const struct sym_process *p,
		       unsigned flags)
{
	int req = p->requesting_thread, err;
	size_t i;

	fputs("OS|", out);
	put_stripped(out, p->os);
	fputc(SEP, out);
	put_stripped(out, p->os_version);
	fputs("\nCPU|", out);
	put_stripped(out, p->cpu);
	fputc(SEP, out);
	put_stripped(out, p->cpu_info);
	fprintf(out, "|%u\nGPU|", p->cpu_count);
	put_stripped(out, p->gl_version);
	fputc(SEP, out);
	put_stripped(out, p->gl_vendor);
	fputc(SEP, out);
	put_stripped(out, p->gl_renderer);
	fputs("\nCrash|", out);
	if (p->crashed) {
		put_stripped(out, p->crash_reason);
		fprintf(out, "|0x%" PRIx64 "|", p->crash_address);
	} else {
		put_stripped(out, is_set(p->assertion) ? p->assertion :
			     "No crash");
		fputs("||", out);
	}
	if (req >= 0 && (size_t)req < p->n_threads)
		fprintf(out, "%d", req);
	fputc('\n', out);
	if ((err = machine_modules(out, p)))
		return err;
	fputc('\n', out);
	if (req >= 0 && (size_t)req < p->n_threads)
		machine_stack(out, p, (size_t)req, &p->threads[req]);
	/* Breakpad's -m output ignores -c: every thread is listed. */
	(void)flags;
	for (i = 0; i < p->n_threads; i++)
		if ((int)i != req)
			machine_stack(out, p, i, &p->threads[i]);
	return finish(out, SYM_OK);
}

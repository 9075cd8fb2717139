/* SPDX-License-Identifier: MIT */
/*
 * test_minidump.c - the minidump reader against Breakpad's own outputs:
 * module lines and thread counts of minidump_stackwalk, frame 0
 * registers, minidump_dump's field listing, crashpad annotations; then
 * truncation, byte flips and allocation failures.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/minidump/minidump.h"

#define PT TESTDATA "breakpad/processor-testdata/"
#define LC TESTDATA "breakpad/linux-cases/"
#define A1 LC "a1_null_write_gcc_O0/"

static char *slurp(const char *path)
{
	struct sym_map m;
	char *s;

	if (sym_map_file(path, &m, NULL))
		return NULL;
	s = malloc(m.len + 1);
	if (s) {
		memcpy(s, m.data, m.len);
		s[m.len] = '\0';
	}
	sym_unmap(&m);
	return s;
}

/* An exact-size heap copy, so ASan sees any read past the end. */
static uint8_t *load(const char *path, size_t *len)
{
	struct sym_map m;
	uint8_t *p;

	if (sym_map_file(path, &m, NULL))
		return NULL;
	p = malloc(m.len ? m.len : 1);
	if (p)
		memcpy(p, m.data, m.len);
	*len = m.len;
	sym_unmap(&m);
	return p;
}

static const char *base_name(const char *s)
{
	const char *p = s;

	for (; *s; s++)
		if (*s == '/' || *s == '\\')
			p = s + 1;
	return p;
}

/* Breakpad's -m Module lines, built from the dump. */
static void module_lines(const struct md_dump *d, char *out, size_t n)
{
	const struct md_module *main_mod = md_main_module(d);
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < d->n_modules_by_addr && used < n; i++) {
		const struct md_module *m = d->modules_by_addr[i];

		used += (size_t)snprintf(out + used, n - used,
			"Module|%s|%s|%s|%s|0x%08" PRIx64 "|0x%08" PRIx64
			"|%d\n",
			base_name(m->code_file), m->version,
			base_name(m->debug_file), m->debug_id, m->base,
			m->base + m->size - 1, m == main_mod);
	}
}

static void expected_modules(const char *text, char *out, size_t n)
{
	const char *p = text, *e;
	size_t used = 0;

	out[0] = '\0';
	while (p && *p) {
		e = strchr(p, '\n');
		e = e ? e + 1 : p + strlen(p);
		if (!strncmp(p, "Module|", 7) && used + (size_t)(e - p) < n) {
			memcpy(out + used, p, (size_t)(e - p));
			used += (size_t)(e - p);
			out[used] = '\0';
		}
		p = e;
	}
}

static size_t count_threads(const char *text)
{
	const char *p = text;
	size_t n = 0;

	while ((p = strstr(p, "\nThread "))) {
		n++;
		p++;
	}
	return n;
}

/* The value after "name = " in frame 0 of the crashed thread. */
static int frame0_reg(const char *text, const char *name, uint64_t *v)
{
	const char *p = strstr(text, "(crashed)");
	char key[16];

	if (!p)
		return -1;
	snprintf(key, sizeof(key), " %s = 0x", name);
	if (!(p = strstr(p, key)))
		return -1;
	*v = strtoull(p + strlen(key), NULL, 16);
	return 0;
}

static const struct sym_context *crash_context(const struct md_dump *d)
{
	size_t i;

	if (!d->has_exception)
		return NULL;
	if (d->exception.has_context)
		return &d->exception.ctx;
	for (i = 0; i < d->n_threads; i++)
		if (d->threads[i].id == d->exception.thread_id &&
		    d->threads[i].has_context)
			return &d->threads[i].ctx;
	return NULL;
}

static size_t walked_threads(const struct md_dump *d)
{
	size_t i, n = d->n_threads;
	const struct md_breakpad_info *b = &d->breakpad_info;

	if (d->has_breakpad_info && (b->validity & 1))
		for (i = 0; i < d->n_threads; i++)
			if (d->threads[i].id == b->dump_thread_id)
				n--;
	return n;
}

static void check_registers(const struct md_dump *d, const char *human,
			    const char *path)
{
	const struct sym_context *c = crash_context(d);
	const char *pc = c && c->cpu == SYM_CPU_X86 ? "eip" : "rip";
	const char *sp = c && c->cpu == SYM_CPU_X86 ? "esp" : "rsp";
	uint64_t v;

	if (!c)
		return;
	if (!frame0_reg(human, pc, &v)) {
		CHECK(c->regs[sym_cpu_pc(c->cpu)] == v);
		if (c->regs[sym_cpu_pc(c->cpu)] != v)
			fprintf(stderr, "  %s: pc\n", path);
	}
	if (!frame0_reg(human, sp, &v))
		CHECK(c->regs[sym_cpu_sp(c->cpu)] == v);
}

/* One dump against its expected machine and human outputs. */
static void check_dump(const char *dmp, const char *machine,
		       const char *human)
{
	static char got[1 << 17], want[1 << 17];
	struct md_dump *d = NULL;
	struct sym_diag diag;
	char *m_text = slurp(machine), *h_text = slurp(human);
	size_t len;
	uint8_t *buf = load(dmp, &len);
	int err;

	CHECK(buf != NULL);
	if (!buf)
		goto out;
	sym_diag_init(&diag, dmp);
	err = md_open(buf, len, &d, &diag);
	if (len < 4 || memcmp(buf, "MDMP", 4)) {
		/* microdumps are text, named as such */
		CHECK(err == SYM_EUNSUP);
		CHECK(strstr(diag.msg, "microdump") != NULL);
		goto out;
	}
	CHECK(m_text && h_text);
	if (!m_text || !h_text)
		goto out;
	CHECK(err == SYM_OK);
	if (err) {
		fprintf(stderr, "  %s: %s\n", dmp, diag.msg);
		goto out;
	}
	module_lines(d, got, sizeof(got));
	expected_modules(m_text, want, sizeof(want));
	CHECK(!strcmp(got, want));
	if (strcmp(got, want))
		fprintf(stderr, "  %s: modules differ\n--- got\n%s--- want\n%s",
			dmp, got, want);
	CHECK(walked_threads(d) == count_threads(h_text));
	check_registers(d, h_text, dmp);
out:
	md_close(d);
	free(buf);
	free(m_text);
	free(h_text);
}

static void check_processor_testdata(void)
{
	struct dirent **ents;
	char dmp[512], mach[512], human[512], stem[256];
	int i, n = scandir(PT, &ents, NULL, alphasort), ran = 0;
	size_t l;

	CHECK(n > 0);
	for (i = 0; i < n; i++) {
		l = strlen(ents[i]->d_name);
		if (l > 4 && l < sizeof(stem) &&
		    !strcmp(ents[i]->d_name + l - 4, ".dmp")) {
			memcpy(stem, ents[i]->d_name, l - 4);
			stem[l - 4] = '\0';
			snprintf(dmp, sizeof(dmp), PT "%s", ents[i]->d_name);
			snprintf(mach, sizeof(mach), PT "generated/%s"
				 ".stackwalk.machine.txt", stem);
			snprintf(human, sizeof(human), PT "generated/%s"
				 ".stackwalk.txt", stem);
			if (!strcmp(stem, "minidump2")) {
				snprintf(mach, sizeof(mach), PT "minidump2"
					 ".stackwalk.machine_readable.out");
				snprintf(human, sizeof(human), PT "minidump2"
					 ".stackwalk.out");
			}
			check_dump(dmp, mach, human);
			ran++;
		}
		free(ents[i]);
	}
	free(ents);
	CHECK(ran >= 50);
}

static void check_linux_cases(void)
{
	static const char *const cases[] = {
		"a1_null_write_gcc_O0", "c_shlib_crash_gcc_O0",
		"e1_cfi_omitfp_gxx_O2",
	};
	char dmp[512], mach[512], human[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(dmp, sizeof(dmp), LC "%s/%s.dmp", cases[i], cases[i]);
		snprintf(mach, sizeof(mach), LC "%s/expected.machine.txt",
			 cases[i]);
		snprintf(human, sizeof(human), LC "%s/expected.txt", cases[i]);
		check_dump(dmp, mach, human);
	}
}

/* ---------------------------------------------------------------------
 * minidump_dump.txt of a1, field by field
 */

/* Value of "  key = " at or after the n-th (0-based) block "marker". */
static const char *field(const char *text, const char *marker, int n,
			 const char *key)
{
	const char *p = text;
	char k[96];

	while (p && n-- >= 0)
		if ((p = strstr(p, marker)))
			p += strlen(marker);
	if (!p)
		return NULL;
	snprintf(k, sizeof(k), "\n  %s", key);
	if (!(p = strstr(p, k)))
		return NULL;
	p = strchr(p + strlen(k), '=');
	return p ? p + 2 : NULL;
}

static uint64_t hexfield(const char *text, const char *marker, int n,
			 const char *key)
{
	const char *v = field(text, marker, n, key);

	return v ? strtoull(v, NULL, 0) : UINT64_MAX;
}

static int strfield(const char *text, const char *marker, int n,
		    const char *key, const char *want)
{
	const char *v = field(text, marker, n, key);
	size_t l = strlen(want);

	return v && v[0] == '"' && !strncmp(v + 1, want, l) &&
	       v[l + 1] == '"';
}

static void check_a1_modules(const struct md_dump *d, const char *t)
{
	size_t i;

	CHECK(d->n_modules == hexfield(t, "MinidumpModuleList", 0,
				       "module_count"));
	for (i = 0; i < d->n_modules; i++) {
		const struct md_module *m = &d->modules[i];
		int k = (int)i;

		CHECK(m->base == hexfield(t, "\nMDRawModule", k,
					  "base_of_image"));
		CHECK(m->size == hexfield(t, "\nMDRawModule", k,
					  "size_of_image"));
		CHECK(m->cv_len == hexfield(t, "\nMDRawModule", k,
					    "cv_record.data_size"));
		CHECK(strfield(t, "\nMDRawModule", k, "(code_file)",
			       m->code_file));
		CHECK(strfield(t, "\nMDRawModule", k, "(code_identifier)",
			       m->code_id));
		CHECK(strfield(t, "\nMDRawModule", k, "(debug_file)",
			       m->debug_file));
		CHECK(strfield(t, "\nMDRawModule", k, "(debug_identifier)",
			       m->debug_id));
		CHECK(strfield(t, "\nMDRawModule", k, "(version)",
			       m->version));
		CHECK(m->cv_kind == MD_CV_ELF);
	}
}

static void check_a1_context(const struct sym_context *c, const char *t,
			     int block)
{
	static const char *const names[SYM_AMD64_NREGS] = {
		"rax ", "rdx ", "rcx ", "rbx ", "rsi ", "rdi ", "rbp ",
		"rsp ", "r8 ", "r9 ", "r10 ", "r11 ", "r12 ", "r13 ", "r14 ",
		"r15 ", "rip ",
	};
	int i;

	CHECK(c->cpu == SYM_CPU_AMD64);
	CHECK(c->valid == (1u << SYM_AMD64_NREGS) - 1);
	CHECK(c->raw_flags == hexfield(t, "MDRawContextAMD64", block,
				       "context_flags"));
	for (i = 0; i < SYM_AMD64_NREGS; i++)
		CHECK(c->regs[i] == hexfield(t, "MDRawContextAMD64", block,
					     names[i]));
}

static void check_a1_streams(const struct md_dump *d, const char *t)
{
	const struct md_thread *th = &d->threads[0];
	const struct md_system_info *si = &d->system_info;
	size_t i;

	CHECK(d->version == hexfield(t, "MDRawHeader", 0, "version"));
	CHECK(d->n_streams == hexfield(t, "MDRawHeader", 0, "stream_count"));
	CHECK(d->time_date_stamp == hexfield(t, "MDRawHeader", 0,
					     "time_date_stamp"));
	for (i = 0; i < d->n_streams; i++) {
		CHECK(d->streams[i].type == hexfield(t, "MDRawDirectory",
						     (int)i, "stream_type"));
		CHECK(d->streams[i].rva == hexfield(t, "MDRawDirectory",
						    (int)i, "location.rva"));
	}
	CHECK(d->n_threads == 1 && d->has_thread_list);
	CHECK(th->id == hexfield(t, "MDRawThread", 0, "thread_id"));
	CHECK(th->has_stack && th->stack.start ==
	      hexfield(t, "MDRawThread", 0, "stack.start_of_memory_range"));
	CHECK(th->stack.size == hexfield(t, "MDRawThread", 0,
					 "stack.memory.data_size"));
	CHECK(th->stack.file_off == hexfield(t, "MDRawThread", 0,
					     "stack.memory.rva"));
	CHECK(th->has_context);
	check_a1_context(&th->ctx, t, 0);
	CHECK(d->has_exception && d->exception.has_context);
	CHECK(d->exception.thread_id == hexfield(t, "MDException", 0,
						 "thread_id"));
	CHECK(d->exception.code == hexfield(t, "MDException", 0,
		"exception_record.exception_code"));
	CHECK(d->exception.flags == hexfield(t, "MDException", 0,
		"exception_record.exception_flags"));
	check_a1_context(&d->exception.ctx, t, 1);
	CHECK(d->n_memory == hexfield(t, "MinidumpMemoryList", 0,
				      "region_count"));
	CHECK(d->memory[0].start == hexfield(t, "MDMemoryDescriptor", 1,
					     "start_of_memory_range"));
	CHECK(si->processor_arch == 9 && si->cpu == SYM_CPU_AMD64);
	CHECK(si->processor_revision == hexfield(t, "MDRawSystemInfo", 0,
						 "processor_revision"));
	CHECK(si->platform_id == 0x8201 && si->number_of_processors == 1);
	CHECK(strfield(t, "MDRawSystemInfo", 0, "(csd_version)",
		       si->csd_version));
	CHECK(si->vendor_id[0] == '\0');	/* (cpu_vendor) = (null) */
	CHECK(si->processor_features[1] == hexfield(t, "MDRawSystemInfo", 0,
		"cpu.other_cpu_info.processor_features[1]"));
}

static void check_a1_linux(const struct md_dump *d)
{
	const struct md_linux_map *m = &d->maps[1];

	CHECK(d->linux_cmd_line.len == 15 &&
	      !memcmp(d->linux_cmd_line.data, "./a_null_write", 15));
	CHECK(d->linux_environ.len == 154);
	CHECK(d->linux_cpu_info.len == 2882 && d->linux_auxv.len == 368);
	CHECK(d->linux_lsb_release.len == 0);
	CHECK(d->n_maps == 30);
	CHECK(m->start == 0x55a0a6c4b000 && m->end == 0x55a0a6c4c000);
	CHECK(!strcmp(m->perms, "r-xp") && m->offset == 0x1000);
	CHECK(!strcmp(m->path,
		      "/tmp/crashcorpus/a1_null_write_gcc_O0/a_null_write"));
	CHECK(!strcmp(d->maps[6].path, ""));
	CHECK(d->n_maps == 30 && !strcmp(d->maps[29].path, "[vsyscall]"));
}

static void check_a1_lookup(const struct md_dump *d)
{
	const struct md_module *m = md_module_at(d, 0x55a0a6c4b15f);
	const struct md_thread *th = &d->threads[0];
	uint8_t a[8], b[8];
	uint64_t sp = th->ctx.regs[SYM_AMD64_RSP];

	CHECK(m && m == md_main_module(d));
	CHECK(m && !strcmp(base_name(m->code_file), "a_null_write"));
	CHECK(!md_module_at(d, 0));
	CHECK(!md_module_at(d, 0x55a0a6c4a000 - 1));
	CHECK(md_module_at(d, 0x55a0a6c4bfff) == m);
	CHECK(!md_read(d, sp, a, 8) && !md_memory_read(&th->stack, sp, b, 8));
	CHECK(!memcmp(a, b, 8));
	CHECK(md_read(d, th->stack.start + th->stack.size - 4, a, 8) == -1);
	CHECK(md_memory_read(&th->stack, th->stack.start - 1, a, 1) == -1);
	/* the code bytes at rip (the memory list's second region) */
	CHECK(!md_read(d, 0x55a0a6c4b0df, a, 2) && a[0] == 0x48 &&
	      a[1] == 0xd1);
}

static void check_a1(void)
{
	char *t = slurp(A1 "minidump_dump.txt");
	size_t len;
	uint8_t *buf = load(A1 "a1_null_write_gcc_O0.dmp", &len);
	struct md_dump *d = NULL;

	CHECK(t && buf);
	if (t && buf && !md_open(buf, len, &d, NULL)) {
		check_a1_streams(d, t);
		check_a1_modules(d, t);
		check_a1_linux(d);
		check_a1_lookup(d);
	} else {
		CHECK(!"a1 opens");
	}
	md_close(d);
	free(buf);
	free(t);
}

/* ---------------------------------------------------------------------
 * Crashpad, thread names, contexts of other cpus
 */

static void check_crashpad(void)
{
	size_t len;
	uint8_t *buf = load(PT "minidump_crashpad_annotation.dmp", &len);
	struct md_dump *d = NULL;
	const struct md_crashpad_info *c;
	const struct md_crashpad_module *m;

	if (!buf || md_open(buf, len, &d, NULL)) {
		CHECK(!"crashpad dump opens");
		free(buf);
		return;
	}
	c = &d->crashpad_info;
	CHECK(d->has_crashpad_info && c->n_simple == 4);
	CHECK(!strcmp(c->simple[0].key, "crashpad") &&
	      !strcmp(c->simple[0].value, "yes"));
	CHECK(!strcmp(c->simple[1].key, "plat") &&
	      !strcmp(c->simple[1].value, "iOS"));
	CHECK(c->n_modules == 2);
	m = &c->modules[0];
	CHECK(m->module_index == 1 && m->n_objects == 5);
	CHECK(!strcmp(m->objects[1].name, "exceptionName") &&
	      m->objects[1].type == 1 && m->objects[1].len == 16 &&
	      !memcmp(m->objects[1].value, "NSRangeException", 16));
	CHECK(m->objects[4].type == 0x802a && m->objects[4].len == 4);
	CHECK(c->modules[1].module_index == 100 &&
	      c->modules[1].n_list == 1 &&
	      !strncmp(c->modules[1].list_annotations[0], "CoreSimulator",
		       13));
	CHECK(d->threads[2].name && !strcmp(d->threads[2].name,
		"com.apple.uikit.eventfetch-thread"));
	CHECK(d->has_misc_info && d->misc_info.size_of_info == 832);
	md_close(d);
	free(buf);
}

static void check_thread_names(void)
{
	size_t len;
	uint8_t *buf = load(PT "thread_name_list.dmp", &len);
	struct md_dump *d = NULL;

	if (!buf || md_open(buf, len, &d, NULL)) {
		CHECK(!"thread_name_list opens");
		free(buf);
		return;
	}
	CHECK(d->n_threads == 6);
	CHECK(d->threads[0].name && !strcmp(d->threads[0].name,
					    "main thread"));
	CHECK(!d->threads[1].name);
	CHECK(d->threads[5].name && !strcmp(d->threads[5].name,
					    "overflow thread"));
	CHECK(d->threads[0].ctx.cpu == SYM_CPU_X86);
	CHECK(d->has_misc_info && d->misc_info.size_of_info == 1364);
	md_close(d);
	free(buf);
}

static void check_xsave(void)
{
	size_t len;
	uint8_t *buf = load(PT "tiny-exe-with-cet-xsave.dmp", &len);
	struct md_dump *d = NULL;

	if (!buf || md_open(buf, len, &d, NULL)) {
		CHECK(!"xsave dump opens");
		free(buf);
		return;
	}
	/* its context is longer than 1232 bytes: xsave/CET data */
	CHECK(d->n_threads == 1 && d->threads[0].has_context);
	CHECK(d->threads[0].ctx.cpu == SYM_CPU_AMD64);
	CHECK(d->threads[0].ctx.regs[SYM_AMD64_RIP] == 0x7ff9111e39e4);
	CHECK(d->n_unloaded == 1 && d->n_memory_info == 557);
	md_close(d);
	free(buf);
}

/* ---------------------------------------------------------------------
 * Robustness
 */

static void poke(const uint8_t *buf, size_t len)
{
	struct md_dump *d = NULL;
	uint8_t tmp[16];
	size_t i;

	if (md_open(buf, len, &d, NULL))
		return;
	for (i = 0; i < d->n_threads; i++) {
		const struct md_thread *t = &d->threads[i];

		md_memory_read(&t->stack, t->stack.start, tmp, 8);
		if (!t->has_context)
			continue;
		md_read(d, t->ctx.regs[sym_cpu_sp(t->ctx.cpu)], tmp, 16);
		md_module_at(d, t->ctx.regs[sym_cpu_pc(t->ctx.cpu)]);
	}
	md_main_module(d);
	md_close(d);
}

static const char *const robust_dumps[] = {
	A1 "a1_null_write_gcc_O0.dmp", PT "minidump2.dmp",
	PT "minidump_crashpad_annotation.dmp", PT "thread_name_list.dmp",
	PT "tiny-exe-with-cet-xsave.dmp", PT "linux_inline.dmp",
	PT "tiny-exe-with-cet-xsave-x86.dmp", PT "write_av_non_canonical.dmp",
};

static void check_truncation(void)
{
	size_t i, cut, len;
	uint8_t *buf, *part;
	unsigned long runs = 0;

	for (i = 0; i < sizeof(robust_dumps) / sizeof(robust_dumps[0]); i++) {
		if (!(buf = load(robust_dumps[i], &len)))
			continue;
		for (cut = 0; cut < len; cut += 512) {
			part = malloc(cut ? cut : 1);
			memcpy(part, buf, cut);
			poke(part, cut);
			free(part);
			runs++;
		}
		free(buf);
	}
	CHECK(runs > 1000);
}

static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static void check_flips(void)
{
	size_t i, len, k;
	int round, flips;
	uint8_t *buf, *copy;

	for (i = 0; i < sizeof(robust_dumps) / sizeof(robust_dumps[0]); i++) {
		if (!(buf = load(robust_dumps[i], &len)))
			continue;
		copy = malloc(len);
		for (round = 0; round < 300; round++) {
			memcpy(copy, buf, len);
			for (flips = 1 + next_rand() % 8; flips; flips--) {
				/* mostly the structures at the front */
				k = next_rand() % (round % 2 ? len :
						   (len < 8192 ? len : 8192));
				copy[k] ^= (uint8_t)(1 + next_rand() % 255);
			}
			poke(copy, len);
		}
		free(copy);
		free(buf);
	}
	CHECK(rng != 12345);
}

static void check_alloc_failures(void)
{
	size_t len;
	uint8_t *buf = load(PT "minidump_crashpad_annotation.dmp", &len);
	struct md_dump *d;
	unsigned long n;
	int err = SYM_ENOMEM, all_enomem = 1;

	for (n = 1; buf && err == SYM_ENOMEM && n < 100000; n++) {
		sym_alloc_fail_at(n);
		err = md_open(buf, len, &d, NULL);
		if (err == SYM_OK)
			md_close(d);
		else if (err != SYM_ENOMEM)
			all_enomem = 0;
	}
	sym_alloc_fail_at(0);
	CHECK(err == SYM_OK && all_enomem && n > 100);
	free(buf);
}

static void check_bad_headers(void)
{
	static const uint8_t junk[40] = "MDMP\x93\xa7";
	struct md_dump *d = NULL;
	struct sym_diag diag;
	uint8_t h[32];

	sym_diag_init(&diag, "x");
	CHECK(md_open(NULL, 0, &d, &diag) == SYM_ETRUNC && !d);
	CHECK(md_open((const uint8_t *)"hello world, not a dump at all!!!",
		      33, &d, NULL) == SYM_EFORMAT);
	memcpy(h, junk, 32);
	h[8] = 1;		/* one stream, directory at offset 0x40 */
	h[12] = 0x40;
	sym_diag_init(&diag, "x");
	CHECK(md_open(h, 32, &d, &diag) == SYM_ETRUNC);
	CHECK(diag.err == SYM_ETRUNC && (diag.flags & SYM_DIAG_OFFSET));
	h[8] = 0;		/* no streams: an empty but valid dump */
	CHECK(md_open(h, 32, &d, NULL) == SYM_OK && d->n_threads == 0);
	md_close(d);
	h[4] = 0x94;
	CHECK(md_open(h, 32, &d, NULL) == SYM_EFORMAT);
}

int main(void)
{
	check_processor_testdata();
	check_linux_cases();
	check_a1();
	check_crashpad();
	check_thread_names();
	check_xsave();
	check_bad_headers();
	check_truncation();
	check_flips();
	check_alloc_failures();
	return unit_done("minidump");
}

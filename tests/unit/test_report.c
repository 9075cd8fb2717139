/* SPDX-License-Identifier: MIT */
/*
 * test_report.c - Breakpad's crash reason and OS/CPU words, and the
 * report writers, checked against minidump_stackwalk's own outputs.
 *
 * The process structs here are built by hand with the values Breakpad
 * printed for linux-cases/a1_null_write_gcc_O0 and for the Windows x86
 * processor-testdata dump thread_name_list.dmp; the printed text must
 * match those reference files line for line.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/report/report.h"
#include "lib/minidump/sysinfo.h"
#include "unit.h"

#define A1 TESTDATA "breakpad/linux-cases/a1_null_write_gcc_O0/"
#define PT TESTDATA "breakpad/processor-testdata/"
#define GEN PT "generated/"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1))) {
		if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	fclose(f);
	return buf;
}

/* The text of line `line` (1-based) of s, into out. */
static const char *line_of(const char *s, int line, char *out, size_t n)
{
	const char *e;
	size_t len;

	for (; s && line > 1; line--)
		if ((s = strchr(s, '\n')))
			s++;
	if (!s)
		return "";
	e = strchr(s, '\n');
	len = e ? (size_t)(e - s) : strlen(s);
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* Does `hay` contain the lines [from, to] of `ref` as one block? */
static int has_block(const char *hay, const char *ref, int from, int to)
{
	char want[8192], l[512];
	int i;

	want[0] = '\0';
	for (i = from; i <= to; i++) {
		strcat(want, line_of(ref, i, l, sizeof(l)));
		strcat(want, "\n");
	}
	return hay && strstr(hay, want) != NULL;
}

typedef int (*writer_fn)(FILE *, const struct sym_process *, unsigned);

static char *render(writer_fn w, const struct sym_process *p, unsigned fl)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		return NULL;
	if (w(f, p, fl)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* ---- sysinfo on hand-made dumps ---- */

static void reason_of(struct md_dump *d, const char *want, uint64_t addr)
{
	char buf[SYM_CRASH_REASON_MAX];
	uint64_t a = 1;

	CHECK(sym_crash_reason(d, buf, sizeof(buf), &a) == 1);
	CHECK(!strcmp(buf, want));
	CHECK(a == addr);
	if (strcmp(buf, want) || a != addr)
		fprintf(stderr, "  got \"%s\" 0x%llx, want \"%s\"\n", buf,
			(unsigned long long)a, want);
}

static void test_crash_reasons(void)
{
	struct md_dump d;
	char buf[SYM_CRASH_REASON_MAX];

	memset(&d, 0, sizeof(d));
	CHECK(sym_crash_reason(&d, buf, sizeof(buf), NULL) == 0);
	CHECK(buf[0] == '\0');

	/* a1_null_write_gcc_O0.dmp: SIGSEGV, si_code SEGV_MAPERR */
	d.has_exception = d.has_system_info = 1;
	d.system_info.platform_id = SYM_OS_LINUX;
	d.system_info.processor_arch = SYM_ARCH_AMD64;
	d.exception.code = 11;
	d.exception.flags = 1;
	reason_of(&d, "SIGSEGV /SEGV_MAPERR", 0);
	/* linux_null_read_av.dmp: old dumps keep si_code 0 */
	d.exception.flags = 0;
	reason_of(&d, "SIGSEGV /0x00000000", 0);
	/* linux_divide_by_zero.dmp */
	d.exception.code = 8;
	d.exception.address = 0x401f27;
	reason_of(&d, "SIGFPE / 0x00000000", 0x401f27);
	/* linux_inline.dmp */
	d.exception.code = 4;
	d.exception.flags = 2;
	d.exception.address = 0x2161b6;
	reason_of(&d, "SIGILL / ILL_ILLOPN", 0x2161b6);
	d.exception.code = 6;
	d.exception.address = 0x4d14400005be6;
	reason_of(&d, "SIGABRT", 0x4d14400005be6);
	d.exception.code = 0xffffffff;
	reason_of(&d, "DUMP_REQUESTED", 0x4d14400005be6);
	d.exception.code = 77;
	reason_of(&d, "0x0000004d / 0x00000002", 0x4d14400005be6);

	/* minidump_32bit_crash_addr.dmp: x86 Windows write AV */
	memset(&d.exception, 0, sizeof(d.exception));
	d.system_info.platform_id = SYM_OS_WIN32_NT;
	d.system_info.processor_arch = SYM_ARCH_X86;
	d.exception.code = 0xc0000005;
	d.exception.nparams = 2;
	d.exception.params[0] = 1;
	d.exception.params[1] = 0xffffffff00000045ull;
	reason_of(&d, "EXCEPTION_ACCESS_VIOLATION_WRITE", 0x45);
	d.exception.params[0] = 8;
	reason_of(&d, "EXCEPTION_ACCESS_VIOLATION_EXEC", 0x45);
	d.exception.nparams = 0;
	d.exception.address = 0x1234;
	reason_of(&d, "EXCEPTION_ACCESS_VIOLATION", 0x1234);
	d.exception.code = 0xc0000006;
	d.exception.nparams = 3;
	d.exception.params[0] = 0;
	d.exception.params[1] = 0x7000;
	d.exception.params[2] = 0xc000009c;
	reason_of(&d, "EXCEPTION_IN_PAGE_ERROR_READ / "
		  "STATUS_DEVICE_DATA_ERROR", 0x7000);
	/* tiny-exe-fastfail.dmp: __fastfail(FAST_FAIL_FATAL_APP_EXIT) */
	d.system_info.processor_arch = SYM_ARCH_AMD64;
	d.exception.code = 0xc0000409;
	d.exception.nparams = 1;
	d.exception.params[0] = 7;
	d.exception.address = 0x7ff75355af42;
	reason_of(&d, "FAST_FAIL_FATAL_APP_EXIT", 0x7ff75355af42);
	d.exception.params[0] = 0;
	reason_of(&d, "EXCEPTION_STACK_BUFFER_OVERRUN", 0x7ff75355af42);
	d.exception.code = 0xc00000fd;
	reason_of(&d, "EXCEPTION_STACK_OVERFLOW", 0x7ff75355af42);

	/* minidump_crashpad_annotation.dmp: iOS uncaught NSException */
	d.system_info.platform_id = SYM_OS_IOS;
	d.system_info.processor_arch = SYM_ARCH_ARM64_OLD;
	d.exception.code = 0x43506e78;
	d.exception.address = 0x1030e9c34;
	reason_of(&d, "Uncaught NSException", 0x1030e9c34);
	d.exception.code = 1;
	d.exception.flags = 0x101;
	reason_of(&d, "EXC_BAD_ACCESS / EXC_ARM_DA_ALIGN", 0x1030e9c34);
	d.exception.flags = 1;
	reason_of(&d, "EXC_BAD_ACCESS / KERN_INVALID_ADDRESS", 0x1030e9c34);
	d.system_info.processor_arch = SYM_ARCH_ARM64;
	d.exception.flags = 0x101;
	reason_of(&d, "EXC_BAD_ACCESS / 0x00000101", 0x1030e9c34);

	/* no system info: the numeric fallback, unmasked address */
	d.has_system_info = 0;
	reason_of(&d, "0x00000001 / 0x00000101", 0x1030e9c34);
	CHECK(sym_ntstatus_name(0xc0000185) &&
	      !strcmp(sym_ntstatus_name(0xc0000185), "STATUS_IO_DEVICE_ERROR"));
	CHECK(!sym_ntstatus_name(0xc0000036));
	/* the whole table Breakpad knows, RPC and late ranges included */
	CHECK(sym_ntstatus_name(0xc002001a) &&
	      !strcmp(sym_ntstatus_name(0xc002001a), "RPC_NT_NO_CALL_ACTIVE"));
	CHECK(sym_ntstatus_name(0xc0e7000b) &&
	      !strcmp(sym_ntstatus_name(0xc0e7000b),
		      "STATUS_SPACES_NOT_ENOUGH_DRIVES"));
	CHECK(sym_ntstatus_name(0xc0000001) &&
	      !strcmp(sym_ntstatus_name(0xc0000001), "STATUS_UNSUCCESSFUL"));
	CHECK(!sym_ntstatus_name(0xc0e7000c) && !sym_ntstatus_name(0) &&
	      !sym_ntstatus_name(0xffffffff));
}

static void test_sysinfo(void)
{
	struct md_dump d;
	struct sym_sysinfo si;
	char *as;
	uint32_t up;

	memset(&d, 0, sizeof(d));
	CHECK(sym_sysinfo_get(&d, &si) == SYM_OK);
	CHECK(!si.os[0] && !si.cpu[0] && !*si.os_version && !*si.cpu_info);
	sym_sysinfo_release(&si);

	/* thread_name_list.dmp: Windows 10 x86 */
	d.has_system_info = 1;
	d.system_info.platform_id = SYM_OS_WIN32_NT;
	d.system_info.processor_arch = SYM_ARCH_X86;
	d.system_info.major_version = 10;
	d.system_info.build_number = 17763;
	d.system_info.csd_version = "";
	d.system_info.processor_level = 6;
	d.system_info.processor_revision = 158 << 8 | 9;
	d.system_info.number_of_processors = 8;
	memcpy(d.system_info.vendor_id, "GenuineIntel", 13);
	CHECK(sym_sysinfo_get(&d, &si) == SYM_OK);
	CHECK(!strcmp(si.os, "Windows NT"));
	CHECK(!strcmp(si.os_short, "windows"));
	CHECK(!strcmp(si.os_version, "10.0.17763 "));
	CHECK(!strcmp(si.cpu, "x86"));
	CHECK(!strcmp(si.cpu_info, "GenuineIntel family 6 model 158 "
		      "stepping 9"));
	CHECK(si.cpu_count == 8);
	sym_sysinfo_release(&si);

	/* a1: amd64 shows no vendor; Linux uname as CSD version */
	d.system_info.platform_id = SYM_OS_LINUX;
	d.system_info.processor_arch = SYM_ARCH_AMD64;
	d.system_info.major_version = 0;
	d.system_info.build_number = 0;
	d.system_info.csd_version = "Linux 6.18.44-fc-v669 #1 SMP "
		"PREEMPT_DYNAMIC @0 x86_64";
	d.system_info.processor_revision = 167 << 8 | 8;
	CHECK(sym_sysinfo_get(&d, &si) == SYM_OK);
	CHECK(!strcmp(si.os, "Linux"));
	CHECK(!strcmp(si.os_version, "0.0.0 Linux 6.18.44-fc-v669 #1 SMP "
		      "PREEMPT_DYNAMIC @0 x86_64"));
	CHECK(!strcmp(si.cpu_info, "family 6 model 167 stepping 8"));
	sym_sysinfo_release(&si);

	/* ARM: version, vendor, part and ELF hwcaps */
	d.system_info.processor_arch = SYM_ARCH_ARM;
	d.system_info.processor_level = 7;
	d.system_info.processor_features[0] = (uint64_t)0x1007 << 32 |
		0x410fc090;
	d.system_info.platform_id = 0x1234;
	CHECK(sym_sysinfo_get(&d, &si) == SYM_OK);
	CHECK(!strcmp(si.cpu_info, "ARMv7 ARM Cortex-A9 features: "
		      "swp,half,thumb,neon"));
	CHECK(!strcmp(si.os, "0x00001234"));
	CHECK(!strcmp(si.os_short, ""));
	sym_sysinfo_release(&si);
	d.system_info.processor_arch = 0x4321;
	CHECK(sym_sysinfo_get(&d, &si) == SYM_OK);
	CHECK(!strcmp(si.cpu, "0x4321") && !*si.cpu_info);
	sym_sysinfo_release(&si);

	/* assertion text */
	CHECK(sym_assertion(&d, &as) == SYM_OK && as && !*as);
	sym_free(as);
	d.has_assertion = 1;
	d.assertion.type = 2;
	d.assertion.expression = "x != 0";
	d.assertion.function = "f";
	d.assertion.file = "a.c";
	d.assertion.line = 12;
	CHECK(sym_assertion(&d, &as) == SYM_OK);
	CHECK(as && !strcmp(as, "Pure virtual function called x != 0 in "
			    "function f, in file a.c at line 12"));
	sym_free(as);
	d.assertion.type = 9;
	d.assertion.expression = NULL;
	d.assertion.line = 0;
	CHECK(sym_assertion(&d, &as) == SYM_OK);
	CHECK(as && !strcmp(as, "Unknown assertion type 0x00000009 in "
			    "function f, in file a.c"));
	sym_free(as);

	/* uptime from the misc info stream */
	CHECK(!sym_uptime(&d, &up));
	d.has_misc_info = 1;
	d.misc_info.flags1 = 2;
	d.misc_info.process_create_time = 1000;
	d.time_date_stamp = 1054;
	CHECK(sym_uptime(&d, &up) && up == 54);
	d.time_date_stamp = 999;
	CHECK(!sym_uptime(&d, &up));
}

/* ---- a1_null_write_gcc_O0 rebuilt by hand ---- */

static struct md_module a1_modules[] = {
	{ .base = 0x55a0a6c4a000, .size = 0x2000,
	  .code_file = "/tmp/crashcorpus/a1_null_write_gcc_O0/a_null_write",
	  .code_id = "dcc9791f6466171c30f1f9d2d1a86ff3",
	  .debug_file = "/tmp/crashcorpus/a1_null_write_gcc_O0/a_null_write",
	  .debug_id = "1F79C9DC66641C1730F1F9D2D1A86FF30", .version = "" },
	{ .base = 0x7fc9cecdc000, .size = 0x27000,
	  .code_file = "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
	  .debug_file = "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
	  .debug_id = "E565BC7E2B2FA4BE98B4040FA92F72380", .version = "" },
	{ .base = 0x7fc9ceaa2000, .size = 0x17c000,
	  .code_file = "/lib/x86_64-linux-gnu/libc.so.6",
	  .debug_file = "/lib/x86_64-linux-gnu/libc.so.6",
	  .debug_id = "EC61AC938E5A39B16F9FBD350E3169A50", .version = "" },
	{ .base = 0x7fc9cecda000, .size = 0x2000,
	  .code_file = "linux-gate.so", .debug_file = "linux-gate.so",
	  .debug_id = "EAAA5BE985ECED34C5DF3654182DDF120", .version = "" },
	{ .base = 0x7fc9cec8f000, .size = 0x30000,
	  .code_file = "/x/libbkpreload.so", .debug_file = "libbkpreload.so",
	  .debug_id = "D971D6FDFECA6FA12560D75CAE8037750", .version = "" },
};

static enum sym_module_syms a1_syms[] = {
	SYM_SYMS_LOADED, SYM_SYMS_NOT_TRIED, SYM_SYMS_MISSING,
	SYM_SYMS_MISSING, SYM_SYMS_NOT_TRIED,
};

struct reg {
	unsigned i;
	uint64_t v;
};

static void set_frame(struct sym_frame *f, uint64_t pc, int module,
		      const char *func, const char *file, unsigned line,
		      uint64_t off, enum sym_trust trust,
		      const struct reg *r, size_t nr)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->instruction = pc;
	f->module = module;
	f->module_base = module >= 0 ? a1_modules[module].base : 0;
	f->function = func;
	f->file = file;
	f->line = line;
	f->function_base = f->line_base = pc - off;
	f->trust = trust;
	f->ctx.cpu = SYM_CPU_AMD64;
	for (i = 0; i < nr; i++) {
		f->ctx.valid |= (uint64_t)1 << r[i].i;
		f->ctx.regs[r[i].i] = r[i].v;
	}
}

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define SRC "/tmp/crashcorpus/a1_null_write_gcc_O0/a_null_write.c"

static const struct reg a1_r0[] = {
	{ 0, 0 }, { 1, 0x4 }, { 2, 0x10 }, { 3, 0x7fff7fa34748 },
	{ 4, 0x4 }, { 5, 0x7fff7fa345f0 }, { 6, 0x7fff7fa34560 },
	{ 7, 0x7fff7fa34560 }, { 8, 0 }, { 9, 0x7fc9cece06d0 },
	{ 10, 0x7fc9ceaaffe8 }, { 11, 0x202 }, { 12, 0 },
	{ 13, 0x7fff7fa34758 }, { 14, 0x55a0a6c4ddd8 },
	{ 15, 0x7fc9ced0f020 }, { 16, 0x55a0a6c4b15f },
};
static const struct reg a1_r1[] = {
	{ 3, 0x7fff7fa34748 }, { 6, 0x7fff7fa34590 }, { 7, 0x7fff7fa34570 },
	{ 12, 0 }, { 13, 0x7fff7fa34758 }, { 14, 0x55a0a6c4ddd8 },
	{ 15, 0x7fc9ced0f020 }, { 16, 0x55a0a6c4b18c },
};
static const struct reg a1_r5[] = {
	{ 3, 0x7fff7fa34748 }, { 6, 0x1 }, { 7, 0x7fff7fa34640 },
	{ 12, 0 }, { 13, 0x7fff7fa34758 }, { 14, 0x55a0a6c4ddd8 },
	{ 15, 0x7fc9ced0f020 }, { 16, 0x7fc9ceac924a },
};
static const struct reg a1_r7[] = {
	{ 6, 0x55a0a6c4b240 }, { 7, 0x7fff7fa34658 }, { 16, 0x100000000 },
};
static const struct reg a1_r11[] = {
	{ 7, 0x7fff7fa34710 }, { 16, 0x55a0a6c4b060 },
};
static const struct reg a1_r14[] = {
	{ 7, 0x7fff7fa34820 }, { 16, 0x7fc9cecdc000 },
};

/* Six of the sixteen frames; orig[] is their index in expected.txt. */
static const int orig[] = { 0, 1, 5, 7, 11, 14 };

static void a1_process(struct md_dump *d, struct sym_process *p,
		       struct sym_thread *t, struct sym_frame *f)
{
	memset(d, 0, sizeof(*d));
	memset(p, 0, sizeof(*p));
	memset(t, 0, sizeof(*t));
	d->modules = a1_modules;
	d->n_modules = N(a1_modules);
	d->has_module_list = 1;
	d->has_exception = 1;
	set_frame(&f[0], 0x55a0a6c4b15f, 0, "store_value", SRC, 13, 0x3,
		  SYM_TRUST_CONTEXT, a1_r0, N(a1_r0));
	set_frame(&f[1], 0x55a0a6c4b18c, 0, "process_record", SRC, 18, 0x11,
		  SYM_TRUST_CFI, a1_r1, N(a1_r1));
	set_frame(&f[2], 0x7fc9ceac924a, 2, NULL, NULL, 0, 0, SYM_TRUST_CFI,
		  a1_r5, N(a1_r5));
	set_frame(&f[3], 0x100000000, -1, NULL, NULL, 0, 0, SYM_TRUST_CFI,
		  a1_r7, N(a1_r7));
	set_frame(&f[4], 0x55a0a6c4b060, 0, "_init", NULL, 0, 0x60,
		  SYM_TRUST_SCAN, a1_r11, N(a1_r11));
	/* Breakpad finds this one's module at pc - 1 */
	set_frame(&f[5], 0x7fc9cecdc000, 3, NULL, NULL, 0, 0, SYM_TRUST_SCAN,
		  a1_r14, N(a1_r14));
	t->stack.frames = f;
	t->stack.n = t->stack.cap = 6;
	t->walked = 1;
	p->dump = d;
	p->os = "Linux";
	p->os_short = "linux";
	p->os_version = "0.0.0 Linux 6.18.44-fc-v669 #1 SMP PREEMPT_DYNAMIC "
		"@0 x86_64";
	p->cpu = "amd64";
	p->cpu_info = "family 6 model 167 stepping 8";
	p->cpu_count = 1;
	p->crashed = 1;
	p->crash_reason = "SIGSEGV /SEGV_MAPERR";
	p->assertion = "";
	p->requesting_thread = 0;
	p->threads = t;
	p->n_threads = 1;
	p->module_syms = a1_syms;
}

/* Line ranges of frame k's block in expected.txt. */
static const int a1_from[] = { 14, 25, 49, 58, 72, 81 };
static const int a1_to[] = { 24, 30, 54, 61, 74, 83 };

static void test_a1_human(void)
{
	struct md_dump d;
	struct sym_process p;
	struct sym_thread t;
	struct sym_frame f[6];
	char *ref = slurp(A1 "expected.txt"), *out, *cut, *blk;
	char l[512];
	size_t k;

	CHECK(ref != NULL);
	a1_process(&d, &p, &t, f);
	out = render(sym_report_human, &p, 0);
	CHECK(out != NULL);
	if (!ref || !out)
		goto done;
	/* header, through "Thread 0 (crashed)" */
	cut = strstr(ref, " 0  a_null_write");
	CHECK(cut && !strncmp(out, ref, (size_t)(cut - ref)));
	/* frames, renumbered: compare everything after the index */
	for (k = 0; k < N(orig); k++) {
		snprintf(l, sizeof(l), "%2d  ", orig[k]);
		blk = strstr(out, line_of(ref, a1_from[k], l, sizeof(l)) + 4);
		CHECK(blk != NULL);
		CHECK(has_block(out, ref, a1_from[k] + 1, a1_to[k]));
	}
	/* the module list, sorted, with Breakpad's warnings */
	CHECK(has_block(out, ref, 87, 93));
	CHECK(strlen(out) > 0 && out[strlen(out) - 1] == '\n');
	free(out);
	/* -c prints the same for a one-thread dump */
	out = render(sym_report_human, &p, SYM_REPORT_ONLY_CRASHED);
	CHECK(out && has_block(out, ref, 87, 93));
	free(out);
	/* -b: frame headers of the crashing thread only */
	out = render(sym_report_human, &p, SYM_REPORT_BRIEF);
	CHECK(out && !strncmp(out, "Thread 0 (crashed)\n 0  a_null_write!"
			      "store_value [a_null_write.c : 13 + 0x3]\n"
			      " 1  a_null_write!process_record", 90));
	free(out);
done:
	free(ref);
}

static void test_a1_machine(void)
{
	struct md_dump d;
	struct sym_process p;
	struct sym_thread t;
	struct sym_frame f[6];
	char *ref = slurp(A1 "expected.machine.txt"), *out;
	char l[512], want[600];
	size_t k;

	CHECK(ref != NULL);
	a1_process(&d, &p, &t, f);
	out = render(sym_report_machine, &p, 0);
	CHECK(out != NULL);
	if (!ref || !out)
		goto done;
	/* OS, CPU, GPU, Crash, five modules and the blank line */
	CHECK(!strncmp(out, ref, strlen(ref) - strlen(strstr(ref, "\n0|0|")
						      + 1)));
	for (k = 0; k < N(orig); k++) {
		line_of(ref, 11 + orig[k], l, sizeof(l));
		snprintf(want, sizeof(want), "0|%zu|%s\n", k,
			 strchr(strchr(l, '|') + 1, '|') + 1);
		CHECK(strstr(out, want) != NULL);
	}
	free(out);
done:
	free(ref);
}

static void test_json(void)
{
	struct md_dump d;
	struct sym_process p;
	struct sym_thread t;
	struct sym_frame f[7];
	struct json_object *doc, *v, *fr;
	char *out;

	a1_process(&d, &p, &t, f);
	/* an inline frame before frame 0 folds into its inlines */
	memmove(&f[1], &f[0], 6 * sizeof(f[0]));
	f[0] = f[1];
	f[0].function = "inlined_fn";
	f[0].line = 7;
	f[0].trust = SYM_TRUST_INLINE;
	t.stack.n = 7;
	out = render(sym_report_json, &p, 0);
	CHECK(out != NULL);
	doc = out ? json_tokener_parse(out) : NULL;
	CHECK(doc != NULL);
	if (!doc)
		goto done;
	CHECK(json_object_object_get_ex(doc, "status", &v) &&
	      !strcmp(json_object_get_string(v), "OK"));
	CHECK(json_object_object_get_ex(doc, "crash_info", &v) &&
	      json_object_object_get_ex(v, "type", &v) &&
	      !strcmp(json_object_get_string(v), "SIGSEGV /SEGV_MAPERR"));
	CHECK(json_object_object_get_ex(doc, "modules", &v) &&
	      json_object_array_length(v) == 5);
	fr = json_object_array_get_idx(v, 2);
	CHECK(json_object_object_get_ex(fr, "missing_symbols", &v) &&
	      json_object_get_boolean(v));
	CHECK(json_object_object_get_ex(fr, "end_addr", &v) &&
	      !strcmp(json_object_get_string(v), "0x00007fc9cec1e000"));
	CHECK(json_object_object_get_ex(doc, "threads", &v) &&
	      (v = json_object_array_get_idx(v, 0)) &&
	      json_object_object_get_ex(v, "frame_count", &v) &&
	      json_object_get_int(v) == 6);
	CHECK(json_object_object_get_ex(doc, "crashing_thread", &v) &&
	      json_object_object_get_ex(v, "frames", &v));
	fr = json_object_array_get_idx(v, 0);
	CHECK(json_object_object_get_ex(fr, "registers", &v) &&
	      json_object_object_get_ex(v, "rip", &v) &&
	      !strcmp(json_object_get_string(v), "0x000055a0a6c4b15f"));
	CHECK(json_object_object_get_ex(fr, "inlines", &v) &&
	      json_object_array_length(v) == 1);
	CHECK(json_object_object_get_ex(fr, "module_offset", &v) &&
	      !strcmp(json_object_get_string(v), "0x000000000000115f"));
	CHECK(json_object_object_get_ex(fr, "trust", &v) &&
	      !strcmp(json_object_get_string(v), "context"));
	/* keys come out in serde_json's (sorted) order */
	CHECK(strstr(out, "{\"crash_info\":{\"address\":\"0x0000000000000000\""
		     ",\"adjusted_address\":null,") == out);
	json_object_put(doc);
done:
	free(out);
}

/*
 * rust-minidump adds the top-level "crashing_thread" only when the
 * requesting thread has a frame: with no requesting thread, or one
 * without frames, the key is absent (not null).
 */
static void test_json_no_crashing_thread(void)
{
	struct md_dump d;
	struct sym_process p;
	struct sym_thread t;
	struct sym_frame f[6];
	struct json_object *doc, *v;
	char *out;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		a1_process(&d, &p, &t, f);
		if (pass == 0)
			p.requesting_thread = -1;
		else
			t.stack.n = 0;
		out = render(sym_report_json, &p, 0);
		doc = out ? json_tokener_parse(out) : NULL;
		CHECK(doc != NULL);
		CHECK(doc && !json_object_object_get_ex(doc, "crashing_thread",
							 &v));
		CHECK(out && !strstr(out, "\"crashing_thread\":null,\"lsb"));
		CHECK(doc && json_object_object_get_ex(doc, "crash_info", &v) &&
		      json_object_object_get_ex(v, "crashing_thread", &v) &&
		      (pass == 0 ? v == NULL : json_object_get_int(v) == 0));
		json_object_put(doc);
		free(out);
	}
}

/* Windows x86: four registers a line, the crash parameters. */
static void test_x86(void)
{
	static struct md_module m = {
		.base = 0x400000, .size = 0x17000,
		.code_file = "C:\\test\\allocer32.exe", .version = "",
	};
	static enum sym_module_syms syms[] = { SYM_SYMS_MISSING };
	static const uint32_t r[] = {
		0x004015fd, 0x01ccff58, 0x01ccff70, 0x000f0ff0, 0x004015b0,
		0x004015b0, 0x000f0ff0, 0x6590004c, 0x00002ae0, 0x00010212,
	};
	char *ref = slurp(GEN "thread_name_list.stackwalk.txt"), *out;
	struct md_dump d;
	struct sym_process p;
	struct sym_thread t[6];
	struct sym_frame f;
	size_t i;

	memset(&d, 0, sizeof(d));
	memset(&p, 0, sizeof(p));
	memset(t, 0, sizeof(t));
	memset(&f, 0, sizeof(f));
	d.modules = &m;
	d.n_modules = d.has_module_list = d.has_exception = 1;
	d.exception.nparams = 2;
	d.exception.params[1] = 0xf1004;
	f.instruction = r[0];
	f.trust = SYM_TRUST_CONTEXT;
	f.ctx.cpu = SYM_CPU_X86;
	f.ctx.valid = (1u << SYM_X86_NREGS) - 1;
	for (i = 0; i < SYM_X86_NREGS; i++)
		f.ctx.regs[i] = r[i];
	t[5].stack.frames = &f;
	t[5].stack.n = 1;
	p.dump = &d;
	p.os = "Windows NT";
	p.os_version = "10.0.17763 ";
	p.cpu = "x86";
	p.cpu_info = "GenuineIntel family 6 model 158 stepping 9";
	p.cpu_count = 8;
	p.crashed = 1;
	p.crash_reason = "EXCEPTION_ACCESS_VIOLATION_READ";
	p.crash_address = 0xf1004;
	p.has_uptime = 1;
	p.requesting_thread = 5;
	p.threads = t;
	p.n_threads = 6;
	p.module_syms = syms;
	out = render(sym_report_human, &p, SYM_REPORT_ONLY_CRASHED);
	CHECK(ref && out && !strncmp(out, ref, strlen(ref) -
				     strlen(strstr(ref, " 1  kernel32"))));
	CHECK(out && strstr(out, "\nLoaded modules:\n0x00400000 - 0x00416fff"
			    "  allocer32.exe  ???  (main)  (WARNING: No "
			    "symbols, , )\n"));
	free(out);
	/* other threads have no frames */
	out = render(sym_report_human, &p, 0);
	CHECK(out && strstr(out, "\nThread 0\n <no frames>\n\nThread 1\n"));
	free(out);
	free(ref);
}

/* Every allocation failure gives SYM_ENOMEM and leaks nothing. */
static void test_allocfail(void)
{
	struct md_dump d;
	struct sym_process p;
	struct sym_thread t;
	struct sym_frame f[6];
	struct sym_sysinfo si;
	unsigned long n;
	char *as, *out;
	int err, seen = 0;

	a1_process(&d, &p, &t, f);
	d.has_system_info = d.has_assertion = 1;
	d.system_info.csd_version = "Linux";
	for (n = 1; n < 10; n++) {
		sym_alloc_fail_at(n);
		err = sym_sysinfo_get(&d, &si);
		sym_alloc_fail_at(0);
		CHECK(err == SYM_OK || err == SYM_ENOMEM);
		if (err == SYM_ENOMEM)
			seen++;
		if (!err) {
			sym_sysinfo_release(&si);
			break;
		}
	}
	CHECK(seen == 2);
	sym_alloc_fail_at(1);
	CHECK(sym_assertion(&d, &as) == SYM_ENOMEM && !as);
	sym_alloc_fail_at(1);
	out = render(sym_report_human, &p, 0);
	sym_alloc_fail_at(0);
	CHECK(out == NULL);
	free(out);
}

/*
 * Header lines of one real dump: Breakpad's "Operating system", "CPU",
 * "Crash reason" and "Crash address" lines from generated/<name>.txt.
 */
static void check_dump_header(const char *name)
{
	char path[512], want[2048], reason[SYM_CRASH_REASON_MAX], *ref;
	struct sym_sysinfo si;
	struct sym_map m;
	struct md_dump *d;
	uint64_t addr;
	size_t n;

	snprintf(path, sizeof(path), PT "%s.dmp", name);
	CHECK(sym_map_file(path, &m, NULL) == SYM_OK);
	CHECK(md_open(m.data, m.len, &d, NULL) == SYM_OK);
	snprintf(path, sizeof(path), GEN "%s.stackwalk.txt", name);
	ref = slurp(path);
	CHECK(ref != NULL);
	CHECK(sym_sysinfo_get(d, &si) == SYM_OK);
	n = (size_t)snprintf(want, sizeof(want),
			     "Operating system: %s\n%18s%s\nCPU: %s\n", si.os,
			     "", si.os_version, si.cpu);
	if (*si.cpu_info)
		n += (size_t)snprintf(want + n, sizeof(want) - n,
				      "     %s\n", si.cpu_info);
	snprintf(want + n, sizeof(want) - n, "     %u CPU%s\n\nGPU:",
		 si.cpu_count, si.cpu_count != 1 ? "s" : "");
	CHECK(ref && !strncmp(ref, want, strlen(want)));
	if (sym_crash_reason(d, reason, sizeof(reason), &addr)) {
		n = (size_t)snprintf(want, sizeof(want), "\nCrash reason:  "
				     "%s\nCrash address: 0x%llx\n", reason,
				     (unsigned long long)addr);
		CHECK(ref && strstr(ref, want));
	} else {
		CHECK(ref && strstr(ref, "\nNo crash\n"));
	}
	sym_sysinfo_release(&si);
	free(ref);
	md_close(d);
	sym_unmap(&m);
}

/* Every minidump of processor-testdata (microdumps are text, skipped). */
static void test_all_dumps(void)
{
	DIR *dir = opendir(PT);
	struct dirent *e;
	char name[256];
	size_t len, count = 0;

	CHECK(dir != NULL);
	while (dir && (e = readdir(dir))) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".dmp") ||
		    !strncmp(e->d_name, "microdump", 9) ||
		    len - 4 >= sizeof(name))
			continue;
		memcpy(name, e->d_name, len - 4);
		name[len - 4] = '\0';
		check_dump_header(name);
		count++;
	}
	if (dir)
		closedir(dir);
	CHECK(count >= 40);
}

int main(void)
{
	test_crash_reasons();
	test_sysinfo();
	test_a1_human();
	test_a1_machine();
	test_json();
	test_json_no_crashing_thread();
	test_x86();
	test_allocfail();
	test_all_dumps();
	return unit_done("report");
}

/* SPDX-License-Identifier: MIT */
/*
 * test_symtab.c - Breakpad .sym parsing, lookups, CFI and STACK WIN finds,
 * and the symbol store, checked against Breakpad's own outputs in
 * testdata/breakpad (minidump_stackwalk expected.txt files).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "lib/core/alloc.h"
#include "lib/process/store.h"
#include "lib/model/symtab.h"
#include "symfmt/breakpad.h"

#define LC TESTDATA "breakpad/linux-cases/"
#define PT TESTDATA "breakpad/processor-testdata/"
#define A1_SYM LC "a1_null_write_gcc_O0/symbols/a_null_write/" \
	"1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym"
#define E1_SYM LC "e1_cfi_omitfp_gxx_O2/symbols/e_cfi/" \
	"742AD600A5A9E97CE2318D230D36CA700/e_cfi.sym"
#define INL_SYM(v) PT "symbols-linux_inline-" v "/linux_inline/" \
	"BBA6FA10B8AAB33D00000000000000000/linux_inline.sym"
#define APP_SYM PT "symbols/test_app.pdb/5A9832E5287241C1838ED98914E9B7FF1/" \
	"test_app.sym"

static struct sym_table *load(const char *path, struct sym_diag *d)
{
	struct sym_table *t = sym_table_new();
	struct sym_map m;

	if (!t || sym_map_file(path, &m, d)) {
		sym_table_free(t);
		return NULL;
	}
	if (symfmt_breakpad_parse(t, (const char *)m.data, m.len, d)) {
		sym_unmap(&m);
		sym_table_free(t);
		return NULL;
	}
	sym_table_adopt(t, &m);
	return t;
}

static unsigned nsyms, nsyms_ok;

static int each_sym(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	struct sym_table_info info;
	struct sym_diag d;
	struct sym_table *t;
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (flag != FTW_F || n < 4 || strcmp(path + n - 4, ".sym"))
		return 0;
	nsyms++;
	sym_diag_init(&d, path);
	t = load(path, &d);
	if (t) {
		sym_table_info(t, &info);
		if (!info.corrupt && !info.nwarnings && !d.nwarnings &&
		    (info.nfuncs || info.npublics))
			nsyms_ok++;
		else
			fprintf(stderr, "%s: %lu warnings\n", path,
				info.nwarnings);
	}
	sym_table_free(t);
	return 0;
}

static void test_all_files(void)
{
	CHECK(nftw(TESTDATA "breakpad", each_sym, 16, FTW_PHYS) == 0);
	CHECK(nsyms >= 27);
	CHECK(nsyms_ok == nsyms);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = s ? strlen(s) : 0, b = strlen(suffix);

	return s && a >= b && !strcmp(s + a - b, suffix);
}

static struct sym_frame at(struct sym_table *t, uint64_t base, uint64_t pc)
{
	struct sym_frame f;

	memset(&f, 0, sizeof(f));
	f.instruction = pc;
	sym_table_lookup(t, base, &f, NULL, NULL);
	return f;
}

static void test_a1(void)
{
	const uint64_t base = 0x55a0a6c4a000;
	struct sym_table_info info;
	struct sym_table *t = load(A1_SYM, NULL);
	struct sym_frame f;

	CHECK(t != NULL);
	if (!t)
		return;
	sym_table_info(t, &info);
	CHECK(!strcmp(info.os, "Linux") && !strcmp(info.arch, "x86_64"));
	CHECK(!strcmp(info.id, "1F79C9DC66641C1730F1F9D2D1A86FF30"));
	CHECK(!strcmp(info.name, "a_null_write"));
	/* frame 0: a_null_write!store_value [a_null_write.c : 13 + 0x3] */
	f = at(t, base, 0x55a0a6c4b15f);
	CHECK(f.function && !strcmp(f.function, "store_value"));
	CHECK(ends_with(f.file, "a_null_write.c") && f.line == 13);
	CHECK(0x55a0a6c4b15f - f.line_base == 0x3);
	/* frame 1 (callers look up rip - 1): process_record, 18 + 0x11 */
	f = at(t, base, 0x55a0a6c4b18c - 1);
	CHECK(f.function && !strcmp(f.function, "process_record"));
	CHECK(f.line == 18 && 0x55a0a6c4b18c - f.line_base == 0x11);
	/* frame 4: main [a_null_write.c : 41 + 0xa] */
	f = at(t, base, 0x55a0a6c4b277 - 1);
	CHECK(f.function && !strcmp(f.function, "main") && f.line == 41);
	CHECK(0x55a0a6c4b277 - f.line_base == 0xa);
	/* PUBLIC only: _init + 0x60 and _start + 0x21 */
	f = at(t, base, 0x55a0a6c4b060 - 1);
	CHECK(f.function && !strcmp(f.function, "_init") && !f.file);
	CHECK(0x55a0a6c4b060 - f.function_base == 0x60);
	f = at(t, base, 0x55a0a6c4b081 - 1);
	CHECK(f.function && !strcmp(f.function, "_start"));
	CHECK(0x55a0a6c4b081 - f.function_base == 0x21);
	CHECK(sym_table_has_function(t, 0x1080));
	CHECK(!sym_table_has_function(t, 0x10));
	sym_table_free(t);
}

static void test_e1(void)
{
	const uint64_t base = 0x55a5e8eec000;
	struct sym_table *t = load(E1_SYM, NULL);
	struct sym_cfi_text cfi;
	struct sym_frame f;

	CHECK(t != NULL);
	if (!t)
		return;
	f = at(t, base, 0x55a5e8eed1c3);
	CHECK(f.function &&
	      !strcmp(f.function, "calc::leaf_store(int*, int, int)"));
	CHECK(f.line == 16 && f.line_base == 0x55a5e8eed1c3);
	f = at(t, base, 0x55a5e8eed252 - 1);
	CHECK(f.function &&
	      !strcmp(f.function, "long calc::accumulate<long>(int*, int)"));
	CHECK(f.line == 26 && 0x55a5e8eed252 - f.line_base == 0x5);
	f = at(t, base, 0x55a5e8eed2d9 - 1);
	CHECK(f.function &&
	      !strcmp(f.function, "calc::Pipeline::stage_two(int)"));
	f = at(t, base, 0x55a5e8eed080 - 1);
	CHECK(f.function && !strcmp(f.function, "_init"));
	CHECK(0x55a5e8eed080 - f.function_base == 0x80);

	/* CFI: the INIT rules, then deltas at or below the address */
	CHECK(sym_table_find_cfi(t, 0x1298, &cfi) == 1 && cfi.n == 3);
	if (cfi.n == 3) {
		CHECK(cfi.rules[0].n == 31 && !memcmp(cfi.rules[0].p,
		      ".cfa: $rsp 8 + .ra: .cfa -8 + ^", 31));
		CHECK(cfi.rules[1].n == 34 && !memcmp(cfi.rules[1].p,
		      "$rbx: .cfa -16 + ^ .cfa: $rsp 16 +", 34));
		CHECK(cfi.rules[2].n == 16 && !memcmp(cfi.rules[2].p,
		      ".cfa: $rsp 112 +", 16));
	}
	CHECK(sym_table_find_cfi(t, 0x1290, &cfi) == 1 && cfi.n == 1);
	CHECK(sym_table_find_cfi(t, 0x10b5, &cfi) == 1 && cfi.n == 1);
	CHECK(sym_table_find_cfi(t, 0x1304, &cfi) == 1 && cfi.n == 5);
	CHECK(sym_table_find_cfi(t, 0x1305, &cfi) == 0);
	CHECK(sym_table_find_cfi(t, 0x1000, &cfi) == 0);
	sym_table_free(t);
}

static void test_inline(const char *path, int new_syntax)
{
	const uint64_t base = 0x200000;
	struct sym_table *t = load(path, NULL);
	struct sym_frame f, *in = NULL;
	size_t n = 0;
	int r;

	CHECK(t != NULL);
	if (!t)
		return;
	memset(&f, 0, sizeof(f));
	f.instruction = 0x2161b6;
	r = sym_table_lookup(t, base, &f, &in, &n);
	CHECK(r == 1 && n == 3);
	if (n != 3 || !in) {
		sym_table_free(t);
		return;
	}
	/* linux_inline!func() [linux_inline.cpp : 27] ... main [a.cpp : 42] */
	CHECK(!strcmp(in[0].function, "func()") && in[0].line == 27);
	CHECK(ends_with(in[0].file, "linux_inline.cpp"));
	CHECK(in[0].trust == SYM_TRUST_INLINE);
	CHECK(in[0].function_base == 0x215b83);
	CHECK(!strcmp(in[1].function, "bar()") && in[1].line == 32);
	CHECK(in[1].function_base == 0x215b72);
	CHECK(!strcmp(in[2].function, "foo()") && in[2].line == 39);
	CHECK(in[2].function_base == 0x215b45);
	CHECK(!strcmp(f.function, "main") && f.line == 42);
	CHECK(f.function_base == 0x215b30 && f.line_base == 0x2161b6);
	if (new_syntax) {
		CHECK(ends_with(in[1].file, "c.cpp"));
		CHECK(ends_with(in[2].file, "b.cpp"));
		CHECK(ends_with(f.file, "a.cpp"));
	} else {
		CHECK(ends_with(in[1].file, "linux_inline.cpp"));
		CHECK(ends_with(in[2].file, "linux_inline.cpp"));
		CHECK(ends_with(f.file, "linux_inline.cpp"));
	}
	/* outside every INLINE range: no inline frames */
	f.instruction = 0x215b30;
	CHECK(sym_table_lookup(t, base, &f, &in, &n) == 1 && n == 0);
	CHECK(f.line == 41);
	sym_table_free(t);
}

static struct sym_table *parse_str(const char *s, struct sym_diag *d)
{
	struct sym_table *t = sym_table_new();

	if (t && symfmt_breakpad_parse(t, s, strlen(s), d)) {
		sym_table_free(t);
		return NULL;
	}
	return t;
}

static void test_win(void)
{
	struct sym_table *t = load(APP_SYM, NULL);
	struct sym_table_info info;
	struct sym_win w;

	CHECK(t != NULL);
	if (!t)
		return;
	/* STACK WIN 0 1060 19 8 0 4 0 0 0 0 0 */
	CHECK(sym_table_find_win(t, 0x1065, SYM_WIN_ANY, &w) == 1);
	CHECK(w.type == 0 && w.rva == 0x1060 && w.code_size == 0x19);
	CHECK(w.prolog_size == 8 && w.params_size == 4 && !w.has_program);
	/* nested FRAME_DATA: 43c8+af holds 4464+12; the inner one wins */
	CHECK(sym_table_find_win(t, 0x4470, SYM_WIN_ANY, &w) == 1);
	CHECK(w.type == 4 && w.rva == 0x4464 && w.saved_regs_size == 0xc);
	CHECK(w.locals_size == 0x1c && w.has_program);
	CHECK(w.program.n > 8 && !memcmp(w.program.p, "$T0 $ebp = ", 11));
	CHECK(sym_table_find_win(t, 0x4400, SYM_WIN_ANY, &w) == 1);
	CHECK(w.rva == 0x43c8 && w.prolog_size == 0xc);
	CHECK(sym_table_find_win(t, 0x4400, 0, &w) == 0);
	CHECK(sym_table_find_win(t, 0x4550, 4, &w) == 1 && w.rva == 0x454a);
	sym_table_free(t);

	/* the type is strtol() kept in an int: 0x100000004 is 4 */
	t = parse_str("STACK WIN 100000004 1000 10 1 0 8 0 0 0 1 $T0 .raSearch"
		      " = $eip $T0 ^ =\n", NULL);
	CHECK(t != NULL);
	if (!t)
		return;
	sym_table_info(t, &info);
	CHECK(!info.corrupt && info.nwin == 1);
	CHECK(sym_table_find_win(t, 0x1004, SYM_WIN_ANY, &w) == 1);
	CHECK(w.type == 4 && w.params_size == 8 && w.has_program);
	CHECK(w.program.n == 28 && !memcmp(w.program.p, "$T0 .raSearch =", 15));
	sym_table_free(t);
}

static int span_is(struct sym_span sp, const char *s)
{
	return sp.n == strlen(s) && !memcmp(sp.p, s, sp.n);
}

/* Breakpad keeps all STACK CFI deltas of a file in one map by address:
 * those after a refused (duplicate) INIT apply, the last one winning. */
static void test_cfi_dup_init(void)
{
	struct sym_table *t = parse_str(
		"STACK CFI INIT 1000 20 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n"
		"STACK CFI 1004 .cfa: $rsp 16 +\n"
		"STACK CFI INIT 2000 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n"
		"STACK CFI 2004 .cfa: $rsp 32 +\n"
		"STACK CFI INIT 1000 20 .cfa: $rsp 8 + .ra: .cfa -8 + ^\n"
		"STACK CFI 1004 .cfa: $rsp 24 +\n"
		"STACK CFI 1008 $rbx: .cfa -16 + ^\n", NULL);
	struct sym_cfi_text c;

	CHECK(t != NULL);
	if (!t)
		return;
	CHECK(sym_table_find_cfi(t, 0x1002, &c) == 1 && c.n == 1);
	CHECK(span_is(c.rules[0], ".cfa: $rsp 8 + .ra: .cfa -8 + ^"));
	CHECK(sym_table_find_cfi(t, 0x1004, &c) == 1 && c.n == 2);
	CHECK(c.n == 2 && span_is(c.rules[1], ".cfa: $rsp 24 +"));
	CHECK(sym_table_find_cfi(t, 0x101f, &c) == 1 && c.n == 3);
	CHECK(c.n == 3 && span_is(c.rules[1], ".cfa: $rsp 24 +") &&
	      span_is(c.rules[2], "$rbx: .cfa -16 + ^"));
	CHECK(sym_table_find_cfi(t, 0x2008, &c) == 1 && c.n == 2);
	CHECK(c.n == 2 && span_is(c.rules[1], ".cfa: $rsp 32 +"));
	CHECK(sym_table_find_cfi(t, 0x1020, &c) == 0);
	sym_table_free(t);
}

static void test_tolerance(void)
{
	static const char crlf[] =
		"MODULE Linux x86_64 0123 m\r\n"
		"FILE 0 a.c\r\n"
		"FUNC 1000 20 0 f\r\n"
		"1000 10 7 0\r\n"
		"1010 10 8 0 trailing junk\r\n"
		"\r\n"
		"PUBLIC 2000 0 p\r\n";
	static const char bad[] =
		"MODULE Linux x86_64 0123 m\n"
		"1000 10 7 0\n"		/* line without a function */
		"FUNC zz 10 0 f\n"	/* bad FUNC */
		"FUNC 1000 10 0 g\n"
		"1000 x 7 0\n"		/* bad line */
		"STACK FOO 1\n"		/* unknown STACK */
		"INLINE_ORIGIN x\n"	/* inline error: not corrupt */
		"FUNC 1008 10 0 overlap\n" /* overlap: dropped silently */
		"1008 4 9 0\n";
	struct sym_table_info info;
	struct sym_frame f;
	struct sym_diag d;
	struct sym_table *t;

	sym_diag_init(&d, "crlf");
	t = parse_str(crlf, &d);
	CHECK(t != NULL);
	if (t) {
		sym_table_info(t, &info);
		CHECK(!info.corrupt && info.nwarnings == 2);
		CHECK(d.nwarnings == 2 && !strcmp(info.name, "m"));
		f = at(t, 0, 0x1012);
		CHECK(f.function && !strcmp(f.function, "f") && f.line == 8);
		CHECK(f.file && !strcmp(f.file, "a.c"));
		f = at(t, 0, 0x2004);
		CHECK(f.function && !strcmp(f.function, "p"));
		sym_table_free(t);
	}
	sym_diag_init(&d, "bad");
	t = parse_str(bad, &d);
	CHECK(t != NULL);
	if (t) {
		sym_table_info(t, &info);
		CHECK(info.corrupt && info.nwarnings == 5 && info.nfuncs == 1);
		f = at(t, 0, 0x100c);
		CHECK(f.function && !strcmp(f.function, "g") && !f.line);
		sym_table_free(t);
	}
	/* junk: still loads, flagged corrupt as Breakpad would */
	t = parse_str("\x01\x02garbage\nmore garbage\n", NULL);
	CHECK(t != NULL);
	if (t) {
		sym_table_info(t, &info);
		CHECK(info.corrupt && info.nwarnings == 2);
		sym_table_free(t);
	}
}

static int lookups(struct sym_table *t)
{
	struct sym_frame f, *in;
	struct sym_cfi_text cfi;
	struct sym_win w;
	size_t n;
	int r;

	memset(&f, 0, sizeof(f));
	f.instruction = 0x2161b6;
	if ((r = sym_table_lookup(t, 0x200000, &f, &in, &n)) < 0)
		return r;
	if ((r = sym_table_find_cfi(t, 0x161b6, &cfi)) < 0)
		return r;
	return sym_table_find_win(t, 0x161b6, SYM_WIN_ANY, &w);
}

static void test_allocfail(void)
{
	struct sym_map m;
	unsigned long n;
	int ok = 0, bad = 0, r = 0;

	if (sym_map_file(INL_SYM("new"), &m, NULL)) {
		CHECK(0);
		return;
	}
	for (n = 1; n < 10000 && !ok; n++) {
		struct sym_table *t;

		sym_alloc_fail_at(n);
		t = sym_table_new();
		if (!t)
			continue;
		r = symfmt_breakpad_parse(t, (const char *)m.data, m.len,
					  NULL);
		if (r == SYM_OK)
			r = lookups(t);
		if (r == 2 || r == 0 || r == 1)
			ok = sym_alloc_count() < n;
		else if (r != SYM_ENOMEM && r != -SYM_ENOMEM)
			bad++;
		sym_table_free(t);
	}
	sym_alloc_fail_at(0);
	CHECK(ok && !bad && n > 5);
	sym_unmap(&m);
}

static void test_store(void)
{
	const char *paths[] = {
		"no/such/dir", LC "a1_null_write_gcc_O0/symbols",
		PT "symbols",
	};
	char tmp[] = "build/symkit-storeXXXXXX", p[256];
	struct sym_table *t, *t2;
	struct sym_store *s;
	struct sym_diag d;
	FILE *fp;

	s = sym_store_new(paths, 3);
	CHECK(s != NULL);
	if (!s)
		return;
	sym_diag_init(&d, NULL);
	CHECK(sym_store_get(s, "/home/x/a_null_write",
			    "1F79C9DC66641C1730F1F9D2D1A86FF30", &t, &d) ==
	      SYM_STORE_FOUND && t);
	CHECK(sym_store_get(s, "a_null_write",
			    "1F79C9DC66641C1730F1F9D2D1A86FF30", &t2, &d) ==
	      SYM_STORE_FOUND && t2 == t);
	CHECK(sym_store_get(s, "c:\\build\\test_app.pdb",
			    "5A9832E5287241C1838ED98914E9B7FF1", &t, &d) ==
	      SYM_STORE_FOUND && t);
	CHECK(sym_store_get(s, "a_null_write", "", &t, &d) ==
	      SYM_STORE_MISSING && !t);
	CHECK(sym_store_get(s, "", "1F79", &t, &d) == SYM_STORE_MISSING);
	CHECK(sym_store_get(s, "libc.so.6", "EC61AC938E5A39B16F9FBD350E3169A50",
			    &t, &d) == SYM_STORE_MISSING);
	sym_store_free(s);

	/* unreadable (a directory) and corrupt files */
	if (!mkdtemp(tmp)) {
		CHECK(0);
		return;
	}
	paths[0] = tmp;
	snprintf(p, sizeof(p), "%s/x", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/x/1", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/x/1/x.sym", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/y", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/y/2", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/y/2/y.sym", tmp);
	fp = fopen(p, "w");
	if (fp) {
		fputs("MODULE Linux x86_64 2 y\nFUNC 10 10 0 f\nbad line\n", fp);
		fclose(fp);
	}
	/* Breakpad's supplier reads up to the first 0xff byte only */
	snprintf(p, sizeof(p), "%s/z", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/z/3", tmp);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/z/3/z.sym", tmp);
	fp = fopen(p, "w");
	if (fp) {
		fputs("MODULE Linux x86_64 3 z\nFUNC 40 10 0 g\xffh\n"
		      "FUNC 60 10 0 k\n", fp);
		fclose(fp);
	}
	s = sym_store_new(paths, 1);
	CHECK(s != NULL);
	if (s) {
		sym_diag_init(&d, NULL);
		CHECK(sym_store_get(s, "z", "3", &t, &d) == SYM_STORE_FOUND);
		CHECK(t && at(t, 0, 0x44).function &&
		      !strcmp(at(t, 0, 0x44).function, "g"));
		CHECK(t && !at(t, 0, 0x64).function);
		sym_diag_init(&d, NULL);
		CHECK(sym_store_get(s, "x", "1", &t, &d) == SYM_STORE_ERROR);
		CHECK(d.nwarnings == 1 && !d.err && !t);
		sym_diag_init(&d, NULL);
		CHECK(sym_store_get(s, "y", "2", &t, &d) ==
		      SYM_STORE_CORRUPT && t);
		CHECK(t && at(t, 0, 0x14).function);
		sym_store_free(s);
	}
	unlink(p);
	snprintf(p, sizeof(p), "%s/y/2/y.sym", tmp);
	unlink(p);
	snprintf(p, sizeof(p), "%s/z/3", tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/z", tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/y/2", tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/y", tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/x/1/x.sym", tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/x/1", tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/x", tmp);
	rmdir(p);
	rmdir(tmp);
}

int main(void)
{
	test_all_files();
	test_a1();
	test_e1();
	test_inline(INL_SYM("old"), 0);
	test_inline(INL_SYM("new"), 1);
	test_win();
	test_tolerance();
	test_cfi_dup_init();
	test_allocfail();
	test_store();
	return unit_done("symtab");
}

/* SPDX-License-Identifier: MIT */
/*
 * test_symindex.c - the precompiled symbol index: a table loaded from
 * the index answers every lookup (names, lines, inlines, CFI rules,
 * STACK WIN) exactly as the parsed table, on real .sym files; damaged,
 * stale and truncated indexes are refused; allocation failures give
 * error codes; views answer as their source.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/model/symtab_int.h"
#include "lib/process/symindex.h"
#include "symfmt/breakpad.h"
#include "tests/unit/unit.h"

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int frame_eq(const struct sym_frame *a, const struct sym_frame *b)
{
	return str_eq(a->function, b->function) && str_eq(a->file, b->file) &&
	       a->line == b->line && a->function_base == b->function_base &&
	       a->line_base == b->line_base && a->param_size == b->param_size &&
	       a->is_multiple == b->is_multiple;
}

static int span_eq(struct sym_span a, struct sym_span b)
{
	return a.n == b.n && (!a.n || !memcmp(a.p, b.p, a.n));
}

/* Every lookup in [0, hi) in steps, on both tables; 1 when all equal. */
static int same_answers(struct sym_table *x, struct sym_table *y,
			uint64_t hi, uint64_t step)
{
	struct sym_frame fx, fy, *ix, *iy;
	struct sym_cfi_text cx, cy;
	struct sym_win wx, wy;
	size_t nx, ny, i;
	uint64_t a;
	int rx, ry;

	for (a = 0; a < hi; a += step) {
		memset(&fx, 0, sizeof(fx));
		memset(&fy, 0, sizeof(fy));
		fx.instruction = fy.instruction = 0x10000 + a;
		rx = sym_table_lookup(x, 0x10000, &fx, &ix, &nx);
		ry = sym_table_lookup(y, 0x10000, &fy, &iy, &ny);
		if (rx != ry || !frame_eq(&fx, &fy) || nx != ny)
			return 0;
		for (i = 0; i < nx; i++)
			if (!frame_eq(&ix[i], &iy[i]))
				return 0;
		rx = sym_table_find_cfi(x, a, &cx);
		ry = sym_table_find_cfi(y, a, &cy);
		if (rx != ry || cx.n != cy.n)
			return 0;
		for (i = 0; i < cx.n; i++)
			if (!span_eq(cx.rules[i], cy.rules[i]))
				return 0;
		rx = sym_table_find_win(x, a, SYM_WIN_ANY, &wx);
		ry = sym_table_find_win(y, a, SYM_WIN_ANY, &wy);
		if (rx != ry || wx.type != wy.type || wx.rva != wy.rva ||
		    wx.params_size != wy.params_size ||
		    !span_eq(wx.program, wy.program))
			return 0;
		if (sym_table_has_function(x, a) !=
		    sym_table_has_function(y, a))
			return 0;
	}
	return 1;
}

struct fixture {
	struct sym_map text;
	struct sym_table *parsed;
	struct sym_index_src src;
	char idx[64];
};

static int fixture_open(struct fixture *fx, const char *sym, char *dir)
{
	struct sym_diag d;
	int fd;

	memset(fx, 0, sizeof(*fx));
	snprintf(fx->idx, sizeof(fx->idx), "%s/t.symidx", dir);
	sym_diag_init(&d, sym);
	if (sym_map_file(sym, &fx->text, &d) ||
	    !(fx->parsed = sym_table_new()) ||
	    symfmt_breakpad_parse(fx->parsed, (const char *)fx->text.data,
				  fx->text.len, &d))
		return -1;
	if ((fd = open(sym, O_RDONLY)) < 0)
		return -1;
	sym_index_src_of(fd, &fx->src);
	close(fd);
	return sym_index_write(fx->idx, fx->parsed, &fx->src, NULL, 0, &d);
}

static void fixture_close(struct fixture *fx)
{
	char ok[80];

	sym_table_free(fx->parsed);
	sym_unmap(&fx->text);
	unlink(fx->idx);
	snprintf(ok, sizeof(ok), "%s.ok", fx->idx);
	unlink(ok);
}

static struct sym_table *open_idx(struct fixture *fx,
				  const struct sym_index_src *src, int *err)
{
	struct sym_table *t = NULL;
	struct sym_diag d;

	sym_diag_init(&d, fx->idx);
	*err = sym_index_open(fx->idx, src, (const char *)fx->text.data,
			      fx->text.len, &t, &d);
	return t;
}

static void test_same(const char *sym, uint64_t hi, uint64_t step,
		      char *dir)
{
	struct sym_table_info a, b;
	struct sym_table *t, *v;
	struct fixture fx;
	int err;

	CHECK(fixture_open(&fx, sym, dir) == SYM_OK);
	t = open_idx(&fx, &fx.src, &err);
	CHECK(err == SYM_OK && t);
	if (t) {
		sym_table_info(fx.parsed, &a);
		sym_table_info(t, &b);
		CHECK(a.nfuncs == b.nfuncs && a.npublics == b.npublics &&
		      a.ncfi == b.ncfi && a.nwin == b.nwin &&
		      a.nfiles == b.nfiles && a.corrupt == b.corrupt &&
		      !strcmp(a.id, b.id) && !strcmp(a.name, b.name) &&
		      !strcmp(a.code_id, b.code_id));
		CHECK(same_answers(fx.parsed, t, hi, step));
		v = sym_table_view(t);
		CHECK(v && same_answers(fx.parsed, v, hi, step));
		sym_table_free(v);
		sym_table_free(t);
	}
	fixture_close(&fx);
}

/* Damage: stale source, flipped bytes, truncation. */
static void test_refused(char *dir)
{
	const char *sym = TESTDATA "breakpad/linux-cases/e1_cfi_omitfp_gxx_O2/"
		"symbols/e_cfi/742AD600A5A9E97CE2318D230D36CA700/e_cfi.sym";
	struct sym_index_src st;
	struct sym_table *t;
	struct fixture fx;
	off_t off, size;
	int err, fd;
	char c;

	CHECK(fixture_open(&fx, sym, dir) == SYM_OK);
	st = fx.src;
	st.mtime_ns++;
	t = open_idx(&fx, &st, &err);
	CHECK(err == SYM_EFORMAT && !t);
	st = fx.src;
	st.sample ^= 1;
	t = open_idx(&fx, &st, &err);
	CHECK(err == SYM_EFORMAT && !t);
	/* a byte of each part flipped in place: header, table, body */
	fd = open(fx.idx, O_RDONLY);
	size = fd >= 0 ? lseek(fd, 0, SEEK_END) : 0;
	close(fd);
	CHECK(size > 400);
	for (off = 8; off < size; off += 97) {
		fd = open(fx.idx, O_RDWR);
		CHECK(fd >= 0 && pread(fd, &c, 1, off) == 1);
		c ^= 0x20;
		CHECK(pwrite(fd, &c, 1, off) == 1);
		close(fd);
		t = open_idx(&fx, &fx.src, &err);
		CHECK(err == SYM_EFORMAT && !t);
		fd = open(fx.idx, O_RDWR);
		c ^= 0x20;
		CHECK(fd >= 0 && pwrite(fd, &c, 1, off) == 1);
		close(fd);
	}
	/* restored bytes but a changed file: checked in full, and fine */
	t = open_idx(&fx, &fx.src, &err);
	CHECK(err == SYM_OK && t);
	sym_table_free(t);
	CHECK(truncate(fx.idx, 300) == 0);
	t = open_idx(&fx, &fx.src, &err);
	CHECK(err == SYM_EFORMAT && !t);
	unlink(fx.idx);
	t = open_idx(&fx, &fx.src, &err);
	CHECK(err == SYM_ENOENT && !t);
	fixture_close(&fx);
}

/* Every allocation of a write and an open failing in turn. */
static void test_allocfail(char *dir)
{
	const char *sym = TESTDATA "breakpad/processor-testdata/"
		"symbols-linux_inline-new/linux_inline/"
		"BBA6FA10B8AAB33D00000000000000000/linux_inline.sym";
	struct sym_table *t;
	struct sym_diag d;
	struct fixture fx;
	unsigned long n;
	int err, bad = 0;

	CHECK(fixture_open(&fx, sym, dir) == SYM_OK);
	for (n = 1; n < 200; n++) {
		sym_alloc_fail_at(n);
		sym_diag_init(&d, fx.idx);
		err = sym_index_write(fx.idx, fx.parsed, &fx.src, NULL, 0, &d);
		sym_alloc_fail_at(0);
		if (err && err != SYM_ENOMEM)
			bad++;
		sym_alloc_fail_at(n);
		t = open_idx(&fx, &fx.src, &err);
		sym_alloc_fail_at(0);
		if (err ? (err != SYM_ENOMEM || t) : !t)
			bad++;
		sym_table_free(t);
	}
	CHECK(bad == 0);
	fixture_close(&fx);
}

int main(void)
{
	char dir[] = "build/symindex.XXXXXX";

	if (!mkdtemp(dir)) {
		CHECK(0);
		return unit_done("symindex");
	}
	test_same(TESTDATA "breakpad/linux-cases/e1_cfi_omitfp_gxx_O2/"
		  "symbols/e_cfi/742AD600A5A9E97CE2318D230D36CA700/e_cfi.sym",
		  0x2000, 1, dir);
	test_same(TESTDATA "breakpad/processor-testdata/"
		  "symbols-linux_inline-new/linux_inline/"
		  "BBA6FA10B8AAB33D00000000000000000/linux_inline.sym",
		  0x8000, 1, dir);
	test_same(TESTDATA "fuzz/breakpad_sym/stack_win.sym", 0x20000, 3,
		  dir);
	test_same(TESTDATA "breakpad/linux-cases/_system_symbols/"
		  "ld-linux-x86-64.so.2/E565BC7E2B2FA4BE98B4040FA92F72380/"
		  "ld-linux-x86-64.so.2.sym", 0x30000, 7, dir);
	test_refused(dir);
	test_allocfail(dir);
	rmdir(dir);
	return unit_done("symindex");
}

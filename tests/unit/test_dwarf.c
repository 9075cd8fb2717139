/* SPDX-License-Identifier: MIT */
/*
 * test_dwarf.c - our DWARF decoder (symfmt/dwarf.c, through
 * symfmt_elf_to_sym) against Debian's libdwarf 20210528 on every test
 * binary with DWARF: the same function start addresses (subprograms with
 * code in executable sections), and every line record we write has the
 * line number of libdwarf's row for that address.  Where libdwarf is
 * known to be wrong (README: file numbers of early DWARF 5 rows,
 * DW_FORM_implicit_const, split units) the test does not ask it.
 * Inlined subroutines: the same first-range addresses and call lines.
 */
#include <dwarf.h>
#include <fcntl.h>
#include <stdint.h>
#include <gelf.h>
#include <libdwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/io.h"
#include "lib/model/frame.h"
#include "lib/model/symtab.h"
#include "symfmt/elfsym.h"
#include "symfmt/elfsym_int.h"
#include "tests/unit/unit.h"

struct u64v {
	uint64_t *v;
	size_t n, cap;
};

static void push(struct u64v *a, uint64_t x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			exit(2);
	}
	a->v[a->n++] = x;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void uniq(struct u64v *a)
{
	size_t i, k = 0;

	if (a->n < 2)
		return;
	qsort(a->v, a->n, sizeof(*a->v), u64_cmp);
	for (i = 0; i < a->n; i++)
		if (!k || a->v[i] != a->v[k - 1])
			a->v[k++] = a->v[i];
	a->n = k;
}

/* Executable section ranges of the file, from libelf. */
static struct u64v exec_ranges(const char *path)
{
	struct u64v r = { 0 };
	int fd = open(path, O_RDONLY);
	Elf *e;
	Elf_Scn *s = NULL;

	elf_version(EV_CURRENT);
	e = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
	while (e && (s = elf_nextscn(e, s))) {
		GElf_Shdr sh;

		if (gelf_getshdr(s, &sh) && (sh.sh_flags & SHF_EXECINSTR) &&
		    (sh.sh_flags & SHF_ALLOC)) {
			push(&r, sh.sh_addr);
			push(&r, sh.sh_addr + sh.sh_size);
		}
	}
	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	return r;
}

static int in_exec(const struct u64v *x, uint64_t a)
{
	size_t i;

	for (i = 0; i + 1 < x->n; i += 2)
		if (a >= x->v[i] && a < x->v[i + 1])
			return 1;
	return 0;
}

struct walk {
	Dwarf_Debug dbg;
	struct u64v funcs;
	struct u64v inl;	/* first range start << 20 | call line */
	int in_inline;
	struct u64v ex;
	uint64_t cu_low;
	Dwarf_Half version;
};

static uint64_t first_lo;

static void add_func(struct walk *w, uint64_t lo, uint64_t hi)
{
	if (!(hi > lo && lo && in_exec(&w->ex, lo)))
		return;
	if (w->in_inline) {
		if (!first_lo)
			first_lo = lo;
		return;
	}
	push(&w->funcs, lo);
}

/* DW_AT_call_line: dwarf_formudata() refuses DW_FORM_implicit_const
 * (libdwarf 20210528), dwarf_formsdata() reads it. */
static uint64_t call_line(Dwarf_Die d)
{
	Dwarf_Error err = NULL;
	Dwarf_Attribute at;
	Dwarf_Unsigned u = 0;
	Dwarf_Signed sv = 0;

	if (dwarf_attr(d, DW_AT_call_line, &at, &err) != DW_DLV_OK)
		return 0;
	if (dwarf_formudata(at, &u, &err) != DW_DLV_OK &&
	    dwarf_formsdata(at, &sv, &err) == DW_DLV_OK)
		u = (Dwarf_Unsigned)sv;
	dwarf_dealloc_attribute(at);
	return u;
}

static void die_func(struct walk *w, Dwarf_Die d);

/* An inlined subroutine: its first non-empty range and call line. */
static void die_inline(struct walk *w, Dwarf_Die d)
{
	w->in_inline = 1;
	first_lo = 0;
	die_func(w, d);
	w->in_inline = 0;
	if (first_lo)
		push(&w->inl, first_lo << 20 | (call_line(d) & 0xfffff));
}

/* Every range of a subprogram: each is a FUNC record. */
static void die_func(struct walk *w, Dwarf_Die d)
{
	Dwarf_Error err = NULL;
	Dwarf_Addr lo, hi;
	Dwarf_Half form;
	enum Dwarf_Form_Class cls;
	Dwarf_Attribute at;
	Dwarf_Bool has;

	if (dwarf_hasattr(d, DW_AT_ranges, &has, &err) == DW_DLV_OK && has &&
	    dwarf_attr(d, DW_AT_ranges, &at, &err) == DW_DLV_OK) {
		Dwarf_Unsigned off = 0;

		dwarf_whatform(at, &form, &err);
		if (form == DW_FORM_rnglistx)
			dwarf_formudata(at, &off, &err);
		else
			dwarf_global_formref(at, &off, &err);
		if (w->version >= 5) {
			Dwarf_Rnglists_Head head;
			Dwarf_Unsigned n, glob, i;

			if (dwarf_rnglists_get_rle_head(at, form, off, &head, &n,
							&glob, &err) ==
			    DW_DLV_OK) {
				for (i = 0; i < n; i++) {
					unsigned len, code;
					Dwarf_Unsigned r1, r2, c1, c2;
					Dwarf_Bool un;

					if (dwarf_get_rnglists_entry_fields_a(
						    head, i, &len, &code, &r1,
						    &r2, &un, &c1, &c2, &err) !=
					    DW_DLV_OK)
						break;
					if (code == DW_RLE_end_of_list)
						break;
					if (code == DW_RLE_base_address ||
					    code == DW_RLE_base_addressx)
						continue;
					add_func(w, c1, c2);
				}
				dwarf_dealloc_rnglists_head(head);
			}
		} else {
			Dwarf_Ranges *rb;
			Dwarf_Signed n, i;
			Dwarf_Off real;
			uint64_t base = w->cu_low;

			if (dwarf_get_ranges_b(w->dbg, off, d, &real, &rb, &n,
					       NULL, &err) == DW_DLV_OK) {
				for (i = 0; i < n; i++) {
					if (rb[i].dwr_type == DW_RANGES_END)
						break;
					if (rb[i].dwr_type ==
					    DW_RANGES_ADDRESS_SELECTION) {
						base = rb[i].dwr_addr2;
						continue;
					}
					add_func(w, base + rb[i].dwr_addr1,
						 base + rb[i].dwr_addr2);
				}
				dwarf_ranges_dealloc(w->dbg, rb, n);
			}
		}
		dwarf_dealloc_attribute(at);
		return;
	}
	if (dwarf_lowpc(d, &lo, &err) != DW_DLV_OK)
		return;
	if (dwarf_highpc_b(d, &hi, &form, &cls, &err) != DW_DLV_OK)
		return;
	if (cls == DW_FORM_CLASS_CONSTANT)
		hi += lo;
	add_func(w, lo, hi);
}

/* Inlined subroutines under a function, also inside lexical blocks. */
static void walk_inlines(struct walk *w, Dwarf_Die d, int depth)
{
	Dwarf_Error err = NULL;
	Dwarf_Die c, n;
	Dwarf_Half tag;
	int rc;

	if (depth > 64 || dwarf_child(d, &c, &err) != DW_DLV_OK)
		return;
	for (;;) {
		if (dwarf_tag(c, &tag, &err) == DW_DLV_OK) {
			if (tag == DW_TAG_inlined_subroutine)
				die_inline(w, c);
			if (tag == DW_TAG_inlined_subroutine ||
			    tag == DW_TAG_lexical_block)
				walk_inlines(w, c, depth + 1);
		}
		rc = dwarf_siblingof_b(w->dbg, c, 1, &n, &err);
		dwarf_dealloc_die(c);
		if (rc != DW_DLV_OK)
			break;
		c = n;
	}
}

/* Subprograms under the CU, namespaces and classes (where Breakpad
 * looks), including classes inside functions. */
static void walk_die(struct walk *w, Dwarf_Die d, int depth)
{
	Dwarf_Error err = NULL;
	Dwarf_Die c, n;
	Dwarf_Half tag;
	int rc;

	if (depth > 64)
		return;
	if (dwarf_child(d, &c, &err) != DW_DLV_OK)
		return;
	for (;;) {
		if (dwarf_tag(c, &tag, &err) == DW_DLV_OK) {
			if (tag == DW_TAG_subprogram) {
				size_t before = w->funcs.n;

				die_func(w, c);
				/* inlines count only in functions with code */
				if (w->funcs.n > before)
					walk_inlines(w, c, 0);
				walk_die(w, c, depth + 1);
			} else if (tag == DW_TAG_namespace ||
				   tag == DW_TAG_class_type ||
				   tag == DW_TAG_structure_type ||
				   tag == DW_TAG_union_type) {
				walk_die(w, c, depth + 1);
			}
		}
		rc = dwarf_siblingof_b(w->dbg, c, 1, &n, &err);
		dwarf_dealloc_die(c);
		if (rc != DW_DLV_OK)
			break;
		c = n;
	}
}

struct row {
	uint64_t addr;
	unsigned line;
	int end;
};

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return y->end - x->end;	/* an end before a start at one address */
}

struct rows {
	struct row *v;
	size_t n, cap;
};

static void cu_lines(Dwarf_Die cu, struct rows *rs)
{
	Dwarf_Error err = NULL;
	Dwarf_Unsigned ver;
	Dwarf_Small tc;
	Dwarf_Line_Context ctx;
	Dwarf_Line *lb;
	Dwarf_Signed n, i;

	if (dwarf_srclines_b(cu, &ver, &tc, &ctx, &err) != DW_DLV_OK)
		return;
	if (dwarf_srclines_from_linecontext(ctx, &lb, &n, &err) ==
	    DW_DLV_OK) {
		for (i = 0; i < n; i++) {
			Dwarf_Addr a;
			Dwarf_Unsigned ln;
			Dwarf_Bool es;

			if (dwarf_lineaddr(lb[i], &a, &err) != DW_DLV_OK ||
			    dwarf_lineno(lb[i], &ln, &err) != DW_DLV_OK ||
			    dwarf_lineendsequence(lb[i], &es, &err) !=
				    DW_DLV_OK)
				continue;
			if (rs->n == rs->cap) {
				rs->cap = rs->cap ? rs->cap * 2 : 1024;
				rs->v = realloc(rs->v, rs->cap * sizeof(*rs->v));
				if (!rs->v)
					exit(2);
			}
			rs->v[rs->n].addr = a;
			rs->v[rs->n].line = (unsigned)ln;
			rs->v[rs->n++].end = es;
		}
	}
	dwarf_srclines_dealloc_b(ctx);
}

/* The line of the last row at or below addr (the row in force). */
static int line_at(const struct rows *rs, uint64_t addr, unsigned *line)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (rs->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	/* Several rows at one address: Breakpad keeps the last one. */
	*line = rs->v[lo - 1].line;
	return rs->v[lo - 1].end ? -1 : 0;
}

static void check_file(const char *path)
{
	struct walk w;
	struct rows rs = { 0 };
	Dwarf_Error err = NULL;
	struct u64v ours = { 0 };
	struct sym_map m;
	struct symfmt_elf_opts o = { SYMFMT_ELF_INLINES, NULL, NULL, 0 };
	struct u64v oinl = { 0 };
	char *out = NULL, *p, *line;
	size_t len, nl = 0, nbad = 0, i;

	memset(&w, 0, sizeof(w));
	w.ex = exec_ranges(path);
	o.path = path;
	if (sym_map_file(path, &m, NULL) ||
	    symfmt_elf_to_sym(m.data, m.len, &o, &out, &len, NULL)) {
		CHECK(!"dump failed");
		fprintf(stderr, "  %s\n", path);
		return;
	}
	sym_unmap(&m);
	if (dwarf_init_path(path, NULL, 0, DW_DLC_READ, DW_GROUPNUMBER_ANY,
			    NULL, NULL, &w.dbg, NULL, 0, NULL, &err) !=
	    DW_DLV_OK) {
		CHECK(!"libdwarf cannot open");
		fprintf(stderr, "  %s\n", path);
		free(out);
		return;
	}
	for (;;) {
		Dwarf_Unsigned hl, tyoff, next;
		Dwarf_Half ver, asz, lsz, esz, ut;
		Dwarf_Off aoff;
		Dwarf_Sig8 sig;
		Dwarf_Die cu;
		Dwarf_Addr low;

		if (dwarf_next_cu_header_d(w.dbg, 1, &hl, &ver, &aoff, &asz,
					   &lsz, &esz, &sig, &tyoff, &next,
					   &ut, &err) != DW_DLV_OK)
			break;
		if (dwarf_siblingof_b(w.dbg, NULL, 1, &cu, &err) != DW_DLV_OK)
			continue;
		w.version = ver;
		w.cu_low = dwarf_lowpc(cu, &low, &err) == DW_DLV_OK ? low : 0;
		walk_die(&w, cu, 0);
		cu_lines(cu, &rs);
		dwarf_dealloc_die(cu);
	}
	dwarf_finish(w.dbg, &err);
	if (rs.n > 1)
		qsort(rs.v, rs.n, sizeof(*rs.v), row_cmp);
	uniq(&w.funcs);
	/* Ours: FUNC range starts; line records. */
	for (p = out; p && *p; p = line ? line + 1 : NULL) {
		unsigned long long a, s;
		unsigned ln, fid, want = 0;

		line = strchr(p, '\n');
		if (strncmp(p, "FUNC ", 5) == 0 &&
		    sscanf(p + 5, "%llx", &a) == 1) {
			push(&ours, a);
		} else if (strncmp(p, "INLINE ", 7) == 0) {
			unsigned lv, cl;
			int cf, org;

			if (sscanf(p + 7, "%u %u %d %d %llx", &lv, &cl, &cf,
				   &org, &a) == 5)
				push(&oinl, (uint64_t)a << 20 | (cl & 0xfffff));
		} else if (p[0] != 'F' && p[0] != 'I' && p[0] != 'P' &&
			   p[0] != 'S' && p[0] != 'M' &&
			   sscanf(p, "%llx %llx %u %u", &a, &s, &ln, &fid) == 4) {
			nl++;
			if (line_at(&rs, a, &want) || want != ln) {
				if (nbad++ < 3)
					fprintf(stderr, "  %s: line at %llx: "
						"ours %u, libdwarf %u\n", path,
						a, ln, want);
			}
		}
	}
	uniq(&ours);
	/* Inlines: the same (first range, call line) pairs.  Ours repeat
	 * under each FUNC range of a function: compare them as sets. */
	uniq(&oinl);
	uniq(&w.inl);
	CHECK(oinl.n == w.inl.n);
	for (i = 0; i < oinl.n && i < w.inl.n; i++)
		if (oinl.v[i] != w.inl.v[i])
			break;
	CHECK(i == oinl.n && i == w.inl.n);
	if (i != oinl.n || i != w.inl.n)
		fprintf(stderr, "  %s: %zu inlines, libdwarf %zu, first "
			"difference at %zu (%llx / %llx)\n", path, oinl.n,
			w.inl.n, i,
			(unsigned long long)(i < oinl.n ? oinl.v[i] : 0),
			(unsigned long long)(i < w.inl.n ? w.inl.v[i] : 0));
	free(oinl.v);
	free(w.inl.v);
	CHECK(ours.n == w.funcs.n);
	for (i = 0; i < ours.n && i < w.funcs.n; i++)
		if (ours.v[i] != w.funcs.v[i])
			break;
	CHECK(i == ours.n && i == w.funcs.n);
	if (i != ours.n || i != w.funcs.n)
		fprintf(stderr, "  %s: %zu functions, libdwarf %zu, first "
			"difference at %zu (%llx / %llx)\n", path, ours.n,
			w.funcs.n, i,
			(unsigned long long)(i < ours.n ? ours.v[i] : 0),
			(unsigned long long)(i < w.funcs.n ? w.funcs.v[i] : 0));
	CHECK(nl > 0);
	CHECK(nbad == 0);
	free(ours.v);
	free(w.funcs.v);
	free(w.ex.v);
	free(rs.v);
	free(out);
}

/* Two reader threads (forced on small files) give the same output. */
static void same_threaded(const char *path)
{
	struct sym_map m;
	struct symfmt_elf_opts o = { SYMFMT_ELF_INLINES, NULL, NULL, 0 };
	char *one = NULL, *two = NULL;
	size_t n1 = 0, n2 = 0, saved = symfmt_dwarf_thread_min;

	o.path = path;
	if (sym_map_file(path, &m, NULL)) {
		CHECK(!"map");
		return;
	}
	symfmt_dwarf_thread_min = SIZE_MAX;
	CHECK(!symfmt_elf_to_sym(m.data, m.len, &o, &one, &n1, NULL));
	symfmt_dwarf_thread_min = 0;
	CHECK(!symfmt_elf_to_sym(m.data, m.len, &o, &two, &n2, NULL));
	symfmt_dwarf_thread_min = saved;
	CHECK(n1 == n2 && one && two && memcmp(one, two, n1) == 0);
	free(one);
	free(two);
	sym_unmap(&m);
}

/* symfmt_elf_to_table: a lookup straight from the binary. */
static void table_lookup(void)
{
	struct sym_map m;
	struct symfmt_elf_opts o = { 0, NULL, NULL, 0 };
	struct sym_table *t = sym_table_new();
	struct sym_frame f, *in = NULL;
	size_t ni = 0;

	CHECK(t != NULL);
	if (!t || sym_map_file(TESTDATA "breakpad/linux-cases/"
			       "e1_cfi_omitfp_gxx_O2/e_cfi", &m, NULL)) {
		CHECK(!"map");
		sym_table_free(t);
		return;
	}
	CHECK(symfmt_elf_to_table(m.data, m.len, &o, t, NULL) == SYM_OK);
	sym_unmap(&m);
	memset(&f, 0, sizeof(f));
	f.instruction = 0x10000 + 0x11c6;	/* leaf_store's store */
	CHECK(sym_table_lookup(t, 0x10000, &f, &in, &ni) == 1);
	CHECK(f.function && strcmp(f.function,
				   "calc::leaf_store(int*, int, int)") == 0);
	CHECK(f.line == 17);
	sym_table_free(t);
}

int main(void)
{
	table_lookup();
	static const char *const files[] = {
		"breakpad/linux-cases/a1_null_write_gcc_O0/a_null_write",
		"breakpad/linux-cases/c_shlib_crash_gcc_O0/c_shlib_main",
		"breakpad/linux-cases/c_shlib_crash_gcc_O0/libcrashlib.so",
		"breakpad/linux-cases/e1_cfi_omitfp_gxx_O2/e_cfi",
		"dwarf/gcc-O0/corpus", "dwarf/clang-O2/corpus",
		"dwarf/cxx-gcc-O2/corpus-cxx",
		"dumpsyms/own/gcc-O2", "dumpsyms/own/clang-O2",
		"dumpsyms/own/gcc-O0-dw4", "dumpsyms/own/clang-O0-dw4",
		"dumpsyms/own/nosplit5", "dumpsyms/own/nosplit4",
		"dumpsyms/own/nobuildid", "dumpsyms/own/nosplitc",
		"dumpsyms/own/gcc-O0-dw2", "dumpsyms/own/gcc-O2-dw3",
	};
	size_t i;
	char path[256];

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), TESTDATA "%s", files[i]);
		check_file(path);
		same_threaded(path);
	}
	return unit_done("test_dwarf");
}

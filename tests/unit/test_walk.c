/* SPDX-License-Identifier: MIT */
/*
 * test_walk.c - the stack walker: a synthetic stack (frame pointers and
 * scanning without symbols), then real Linux amd64 dumps walked with
 * and without CFI, compared frame by frame (trust and every register
 * Breakpad prints) with minidump_stackwalk's output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/minidump/minidump.h"
#include "lib/process/process.h"
#include "lib/process/store.h"
#include "lib/unwind/walk.h"

/* --- synthetic: one module at 0x400000, stack at 0x10000 ----------- */

#define SBASE 0x10000ULL
static uint64_t words[64];

static int fx_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < SBASE || addr - SBASE > sizeof(words) ||
	    len > sizeof(words) - (addr - SBASE))
		return -1;
	memcpy(buf, (uint8_t *)words + (addr - SBASE), len);
	return 0;
}

static int fx_module(void *ctx, uint64_t addr, uint64_t *base,
		     uint64_t *size)
{
	(void)ctx;
	if (addr < 0x400000 || addr >= 0x500000)
		return -1;
	*base = 0x400000;
	*size = 0x100000;
	return 0;
}

static struct sym_table *fx_symbols(void *ctx, int m)
{
	(void)ctx;
	(void)m;
	return NULL;
}

#define W(addr) words[((addr) - SBASE) / 8]
#define BIT(r) (1ULL << (r))

static void test_synthetic(void)
{
	struct sym_walk_env env = { fx_read, NULL, fx_module, fx_symbols,
				    NULL, 0, 1, "linux", 0, 0, 0 };
	struct sym_context c;
	struct sym_stack s = { NULL, 0, 0 };

	memset(&c, 0, sizeof(c));
	c.cpu = SYM_CPU_AMD64;
	c.valid = (1ULL << SYM_AMD64_NREGS) - 1;
	c.regs[SYM_AMD64_RIP] = 0x401000;
	c.regs[SYM_AMD64_RSP] = SBASE + 0x10;
	c.regs[SYM_AMD64_RBP] = SBASE + 0x20;
	/* frame 0's rbp chain: saved rbp, return address */
	W(SBASE + 0x20) = SBASE + 0x40;
	W(SBASE + 0x28) = 0x402005;
	/* frame 1's: rbp 0x40 points at a bad chain (rbp below rsp) */
	W(SBASE + 0x40) = SBASE + 0x8;
	W(SBASE + 0x48) = 0x403000;
	/* something to scan for above frame 1's rsp (0x30) */
	W(SBASE + 0x58) = 0x404321;

	CHECK(sym_walk(&c, &env, &s) == SYM_OK);
	CHECK(s.n == 4);
	if (s.n != 4)
		goto out;
	CHECK(s.frames[0].trust == SYM_TRUST_CONTEXT);
	CHECK(s.frames[0].instruction == 0x401000 && s.frames[0].module == 0);
	CHECK(s.frames[1].trust == SYM_TRUST_FP);
	CHECK(s.frames[1].instruction == 0x402005);
	CHECK(s.frames[1].ctx.regs[SYM_AMD64_RSP] == SBASE + 0x30);
	CHECK(s.frames[1].ctx.regs[SYM_AMD64_RBP] == SBASE + 0x40);
	CHECK(s.frames[1].ctx.valid == (BIT(SYM_AMD64_RIP) |
			BIT(SYM_AMD64_RSP) | BIT(SYM_AMD64_RBP)));
	/* the frame pointer chain breaks; scanning finds 0x403000 at 0x48,
	 * the word right above the saved rbp: rbp is recovered from it */
	CHECK(s.frames[2].trust == SYM_TRUST_SCAN);
	CHECK(s.frames[2].instruction == 0x403000);
	CHECK(s.frames[2].ctx.regs[SYM_AMD64_RSP] == SBASE + 0x50);
	CHECK(!(s.frames[2].ctx.valid & BIT(SYM_AMD64_RBP)));
	CHECK(s.frames[3].trust == SYM_TRUST_SCAN);
	CHECK(s.frames[3].instruction == 0x404321);
	CHECK(s.frames[3].ctx.valid == (BIT(SYM_AMD64_RIP) |
					BIT(SYM_AMD64_RSP)));
out:
	sym_stack_release(&s);

	/* no scanning: the walk stops where the frame pointers do */
	env.allow_scan = 0;
	CHECK(sym_walk(&c, &env, &s) == SYM_OK && s.n == 2);
	sym_stack_release(&s);
	/* a cpu without registers or an unwinder: nothing */
	c.cpu = SYM_CPU_PPC;
	CHECK(sym_walk(&c, &env, &s) == SYM_EUNSUP && s.n == 0);
	sym_stack_release(&s);
}

/* --- real dumps against Breakpad's output ---------------------------- */

struct exp_frame {
	char trust[64];
	uint64_t regs[SYM_AMD64_NREGS];
	uint64_t valid;
};

/* Frames of the crashed thread in a minidump_stackwalk text output. */
static size_t parse_expected(const char *path, struct exp_frame *fr,
			     size_t max)
{
	char line[512], name[16];
	FILE *f = fopen(path, "r");
	size_t n = 0;
	int in = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		const char *p = line;
		unsigned long long v;
		int k, used;

		if (strstr(line, "(crashed)")) {
			in = 1;
			continue;
		}
		if (!in)
			continue;
		if (line[0] == '\n')
			break;
		if (sscanf(line, "%d  ", &k) == 1 && n < max) {
			memset(&fr[n++], 0, sizeof(*fr));
			continue;
		}
		if (!n)
			continue;
		if (!strncmp(line, "    Found by: ", 14)) {
			snprintf(fr[n - 1].trust, sizeof(fr[n - 1].trust),
				 "%.*s", (int)strcspn(line + 14, "\n"),
				 line + 14);
			continue;
		}
		while (sscanf(p, " %15s = 0x%llx%n", name, &v, &used) == 2) {
			int r = sym_cpu_reg_index(SYM_CPU_AMD64, name,
						  strlen(name));

			if (r >= 0) {
				fr[n - 1].regs[r] = v;
				fr[n - 1].valid |= BIT(r);
			}
			p += used;
		}
	}
	fclose(f);
	return n;
}

static int frames_match(const struct sym_frame *f,
			const struct exp_frame *e)
{
	unsigned r;

	if (strcmp(sym_trust_text(f->trust), e->trust))
		return 0;
	if (f->trust == SYM_TRUST_INLINE)
		return 1;
	if ((f->ctx.valid & (BIT(SYM_AMD64_NREGS) - 1)) != e->valid)
		return 0;
	for (r = 0; r < SYM_AMD64_NREGS; r++)
		if ((e->valid & BIT(r)) && f->ctx.regs[r] != e->regs[r])
			return 0;
	return 1;
}

static void check_case(const char *name, const char *syms,
		       const char *syms2, const char *expected)
{
	char dmp[256], sdir[256], sdir2[256], exp[256];
	const char *paths[2] = { sdir, sdir2 };
	struct exp_frame ef[64];
	struct sym_map m;
	struct md_dump *dump = NULL;
	struct sym_store *store;
	struct sym_process *p = NULL;
	const struct sym_thread *t;
	size_t n, i, good = 0;

	snprintf(dmp, sizeof(dmp), TESTDATA "breakpad/linux-cases/%s/%s.dmp",
		 name, name);
	snprintf(sdir, sizeof(sdir), TESTDATA "breakpad/linux-cases/%s/%s",
		 name, syms);
	snprintf(sdir2, sizeof(sdir2), TESTDATA "breakpad/linux-cases/%s",
		 syms2 ? syms2 : "");
	snprintf(exp, sizeof(exp), TESTDATA "breakpad/linux-cases/%s/%s",
		 name, expected);
	n = parse_expected(exp, ef, 64);
	CHECK(n > 0);
	CHECK(sym_map_file(dmp, &m, NULL) == SYM_OK);
	CHECK(md_open(m.data, m.len, &dump, NULL) == SYM_OK);
	store = sym_store_new(paths, syms2 ? 2 : 1);
	CHECK(store && sym_process_dump(dump, store, NULL, &p, NULL) ==
	      SYM_OK);
	if (!p || p->requesting_thread < 0)
		goto out;
	t = &p->threads[p->requesting_thread];
	CHECK(t->stack.n == n);
	for (i = 0; i < n && i < t->stack.n; i++) {
		if (frames_match(&t->stack.frames[i], &ef[i])) {
			good++;
			continue;
		}
		fprintf(stderr, "%s %s: frame %zu differs (%s)\n", name,
			expected, i, sym_trust_text(t->stack.frames[i].trust));
	}
	CHECK(good == n);
out:
	sym_process_free(p);
	sym_store_free(store);
	md_close(dump);
	sym_unmap(&m);
}

static void test_dumps(void)
{
	static const char *const cases[] = {
		"a1_null_write_gcc_O0", "c_shlib_crash_gcc_O0",
		"e1_cfi_omitfp_gxx_O2",
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		check_case(cases[i], "symbols", NULL, "expected.txt");
		check_case(cases[i], "symbols", "_system_symbols",
			   "expected.sys.txt");
		check_case(cases[i], "symbols-inline", NULL,
			   "expected.inline.txt");
	}
	check_case("e1_cfi_omitfp_gxx_O2", "symbols-nocfi", NULL,
		   "expected.nocfi.txt");
}

static unsigned long count_allocs(const struct md_dump *dump,
				  const char *const *paths)
{
	struct sym_store *store;
	struct sym_process *p = NULL;
	unsigned long n;

	sym_alloc_fail_at(0);
	store = sym_store_new(paths, 1);
	CHECK(sym_process_dump(dump, store, NULL, &p, NULL) == SYM_OK);
	n = sym_alloc_count();
	sym_process_free(p);
	sym_store_free(store);
	return n;
}

/* Allocation n failing anywhere gives SYM_OK or SYM_ENOMEM, no leak. */
static void test_alloc_failures(void)
{
	const char *dir = TESTDATA "breakpad/linux-cases/e1_cfi_omitfp_gxx_O2";
	char dmp[256], sdir[256];
	const char *paths[1] = { sdir };
	struct sym_map m;
	struct md_dump *dump = NULL;
	unsigned long n, total, bad = 0;

	snprintf(dmp, sizeof(dmp), "%s/e1_cfi_omitfp_gxx_O2.dmp", dir);
	snprintf(sdir, sizeof(sdir), "%s/symbols", dir);
	if (sym_map_file(dmp, &m, NULL) ||
	    md_open(m.data, m.len, &dump, NULL)) {
		CHECK(0);
		return;
	}
	total = count_allocs(dump, paths);
	for (n = 1; n <= total; n++) {
		struct sym_store *store = sym_store_new(paths, 1);
		struct sym_process *p = NULL;
		int err;

		sym_alloc_fail_at(n);
		err = sym_process_dump(dump, store, NULL, &p, NULL);
		if (err != SYM_OK && err != SYM_ENOMEM)
			bad++;
		if (err == SYM_OK && !p)
			bad++;
		sym_process_free(p);
		sym_store_free(store);
		sym_alloc_fail_at(0);
	}
	CHECK(total > 5);
	CHECK(bad == 0);
	md_close(dump);
	sym_unmap(&m);
}

/* --- processing: which stack memory a thread is walked with ---------- */

/*
 * A hand-made dump: one thread whose frame pointer chain gives a caller
 * at 0x402005 when its stack memory can be read.
 */
static void make_dump(struct md_dump *d, struct md_thread *t,
		      struct md_stream_entry *se, struct md_memory *list)
{
	memset(d, 0, sizeof(*d));
	memset(t, 0, sizeof(*t));
	memset(words, 0, sizeof(words));
	se->type = MD_STREAM_THREAD_LIST;
	d->streams = se;
	d->n_streams = 1;
	d->has_thread_list = 1;
	d->threads = t;
	d->n_threads = 1;
	t->id = 7;
	t->has_context = 1;
	t->ctx.cpu = SYM_CPU_AMD64;
	t->ctx.valid = (1ULL << SYM_AMD64_NREGS) - 1;
	t->ctx.regs[SYM_AMD64_RIP] = 0x401000;
	t->ctx.regs[SYM_AMD64_RSP] = SBASE + 0x10;
	t->ctx.regs[SYM_AMD64_RBP] = SBASE + 0x20;
	W(SBASE + 0x20) = SBASE + 0x40;
	W(SBASE + 0x28) = 0x402005;
	/* the same bytes, also in the dump's memory list */
	list->start = SBASE;
	list->size = list->declared_size = sizeof(words);
	list->data = (const uint8_t *)words;
	d->memory = list;
	d->n_memory = 1;
}

static size_t frames_of(const struct md_dump *d)
{
	struct sym_process *p = NULL;
	size_t n = 0;

	CHECK(sym_process_dump(d, NULL, NULL, &p, NULL) == SYM_OK);
	if (p && p->n_threads == 1)
		n = p->threads[0].stack.n;
	sym_process_free(p);
	return n;
}

/*
 * MinidumpProcessor::Process walks with the thread's own memory region
 * whenever MinidumpThread has one, even one whose bytes cannot be read
 * (every read fails: frame 0 only); it looks in the memory list only
 * when the thread has no region (md_thread.has_stack says which).
 */
static void test_thread_memory(void)
{
	struct md_dump d;
	struct md_thread t;
	struct md_stream_entry se;
	struct md_memory list;

	/* the thread's region, all there */
	make_dump(&d, &t, &se, &list);
	t.has_stack = 1;
	t.stack = list;
	CHECK(frames_of(&d) == 2);
	/* its region's bytes are not in the file: no caller, although the
	 * memory list holds the stack */
	t.stack.size = 0;
	t.stack.data = NULL;
	CHECK(frames_of(&d) == 1);
	/* no region at all (md_open found none in a valid memory list) */
	t.has_stack = 0;
	memset(&t.stack, 0, sizeof(t.stack));
	t.stack.start = SBASE;
	CHECK(frames_of(&d) == 1);
}

int main(void)
{
	test_synthetic();
	test_dumps();
	test_alloc_failures();
	test_thread_memory();
	return unit_done("walk");
}

/* SPDX-License-Identifier: MIT */
/*
 * test_symparse.c - the 64-byte line record runs of symfmt/breakpad.c
 * against the line by line path: many random and mutated line records
 * (fixed seed) must be accepted, rejected and decoded alike, and whole
 * .sym texts must give the same warnings, verdict and lookups either way.
 * The parser's statics are reached by including its source.
 */
#include <stdlib.h>

#include "unit.h"
#include "symfmt/breakpad.c"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* A number of len digits, hex letters upper case when upper. */
static size_t gen_num(char *p, int hex, unsigned len, int upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned i;

	for (i = 0; i < len; i++)
		p[i] = dig[rn(hex ? 16 : 10)];
	return len;
}

static unsigned gen_len(unsigned usual, unsigned rare)
{
	return 1 + (rn(8) ? rn(usual) : rn(rare));
}

/* A line record of the usual shape, sometimes with long fields. */
static size_t gen_valid(char *p)
{
	int upper = !rn(16);
	size_t n = 0;

	n += gen_num(p + n, 1, gen_len(8, 18), upper);
	p[n++] = ' ';
	n += gen_num(p + n, 1, gen_len(4, 18), upper);
	p[n++] = ' ';
	n += gen_num(p + n, 0, gen_len(5, 13), 0);
	p[n++] = ' ';
	n += gen_num(p + n, 0, gen_len(2, 13), 0);
	return n;
}

static size_t insert(char *p, size_t n, size_t at, const char *s, size_t k)
{
	memmove(p + at + k, p + at, n - at);
	memcpy(p + at, s, k);
	return n + k;
}

/* One mutation of a line of n bytes (p has room for 256 more). */
static size_t mutate(char *p, size_t n)
{
	static const char odd[] = " \r\t\v-+xXgG0aF9:/`@\x7f\x80\xff";
	size_t at = rn((unsigned)n + 1);
	char zeros[200];

	switch (rn(9)) {
	case 0:
		if (at < n)
			p[at] = odd[rn(sizeof(odd))];	/* may be NUL */
		return n;
	case 1:
		return insert(p, n, at, " ", 1);
	case 2:
		if (at < n)
			memmove(p + at, p + at + 1, n - at - 1);
		return at < n ? n - 1 : n;
	case 3:
		return at;			/* missing fields */
	case 4:
		return rn(2) ? insert(p, n, n, " 7", 2) :
		       insert(p, n, n, " junk", 5);
	case 5:
		return insert(p, n, 0, "0x", 2);
	case 6:
		return insert(p, n, rn(2) ? 0 : n, " ", 1);
	default:
		/* long lines: leading zeros in some field */
		memset(zeros, '0', sizeof(zeros));
		while (at > 0 && p[at - 1] != ' ')
			at--;
		return insert(p, n, at, zeros, 1 + rn(rn(4) ? 40 : 200));
	}
}

static size_t gen_line(char *p)
{
	size_t n = gen_valid(p);
	unsigned k;

	for (k = rn(3) ? 0 : 1 + rn(2); k; k--)
		n = mutate(p, n);
	return n;
}

static int same_masks(const struct lmask *a, const struct lmask *b)
{
	return a->nl == b->nl && a->sp == b->sp && a->hex == b->hex &&
	       a->ok == b->ok;
}

static int same_rec(const struct sym_rec *a, const struct sym_rec *b)
{
	return a->addr == b->addr && a->size == b->size && a->off == b->off;
}

static unsigned long n_acc, n_rej, n_long_acc, n_bad;

/* One line alone: the masks against fast_line_end() and parse_line_rec. */
static void check_line(const char *l, size_t n)
{
	static const char tail[] = "0a \n\r";
	char buf[512];
	struct lmask m, ms;
	struct sym_rec r1, r2;
	int acc, want, junk = 0, bad = 0;
	size_t i;

	memcpy(buf, l, n);
	buf[n] = '\n';
	for (i = n + 1; i < sizeof(buf); i++)
		buf[i] = tail[rn(sizeof(tail) - 1)];
	acc = fast_line_end(buf, buf + sizeof(buf)) == buf + n;
	bad |= acc != (fast_line_end(buf, buf + n) == buf + n);
	want = acc && n < 64 ? (int)n : -1;
	lmask_64(buf, &m);
	lmask_scalar(buf, 64, &ms);
	bad |= !same_masks(&m, &ms) || lmask_line(&m) != want;
	lmask_scalar(buf, n + 1, &ms);
	bad |= lmask_line(&ms) != want;
	memset(&r1, 0, sizeof(r1));
	memset(&r2, 0, sizeof(r2));
	if (acc)
		bad |= !parse_line_rec(buf, buf + n, &r1, &junk) || junk ||
		       !fast_line(buf, buf + n, &r2) || !same_rec(&r1, &r2);
	else
		bad |= fast_line(buf, buf + n, &r2);
	n_acc += acc;
	n_rej += !acc;
	n_long_acc += acc && n > 21 && n < 64;
	n_bad += bad;
	if (bad && n_bad < 5)
		fprintf(stderr, "mismatch on line \"%.*s\"\n", (int)n, l);
}

static void test_lines(void)
{
	char l[1024];
	unsigned long i;

	for (i = 0; i < 300000; i++)
		check_line(l, gen_line(l));
	CHECK(n_bad == 0);
	CHECK(n_acc > 100000 && n_rej > 50000 && n_long_acc > 1000);
}

/* tok_u64() and tok_long() as strtoull() and strtol() would have them. */
static void test_tokens(void)
{
	static const char chars[] = "0123456789abcdefABCDEFxX+- \t";
	unsigned long i, nbad = 0, nfast = 0;
	char b[32];

	for (i = 0; i < 200000; i++) {
		struct tok t = { b, b + rn(20) };
		int base = rn(2) ? 16 : 10, ok, want;
		long min = -(long)rn(2), lv, lw;
		const char *end;
		uint64_t v, w;
		char *p;

		for (p = b; p < t.e; p++)
			*p = chars[rn(4) ? rn(base) : rn(sizeof(chars) - 1)];
		*p = ' ';
		nfast += tok_digits(t, base) >= 0;
		ok = tok_u64(t, base, &v);
		w = e_strtoull(t.p, t.e, base, &end);
		want = valid_after(end, t) && w != UINT64_MAX;
		nbad += ok != want || (ok && v != w);
		ok = tok_long(t, base, min, &lv);
		lw = e_strtol(t.p, t.e, base, &end);
		want = valid_after(end, t) && lw != LONG_MAX && lw >= min;
		nbad += ok != want || (ok && lv != lw);
	}
	CHECK(nbad == 0);
	CHECK(nfast > 50000 && nfast < 150000);
}

/* Lines of gen_line(), or a FUNC, CRLF or empty line now and then. */
static size_t gen_body(char *buf, size_t len)
{
	size_t n = 0;

	while (n + 600 < len) {
		switch (rn(40)) {
		case 0:
			n += (size_t)sprintf(buf + n, "FUNC %x 40 0 f%u\n",
					     rn(1 << 20) * 16, rn(100));
			break;
		case 1:
			buf[n++] = '\n';
			break;
		case 2:
			n += gen_line(buf + n);
			buf[n++] = '\r';
			buf[n++] = '\n';
			break;
		default:
			n += gen_line(buf + n);
			buf[n++] = '\n';
		}
	}
	return n;
}

static unsigned long n_runs, n_run_lines, n_run_bad;

/* line_run() skips exactly the lines fast_line_end() takes, up to one
 * it rejects, one of 64 bytes or more, or one starting at lim. */
static void check_run(const char *p, const char *lim, const char *end)
{
	const char *q, *x, *le;
	unsigned long n = 0, i;
	int bad = 0;

	q = line_run(p, lim, end, &n);
	for (x = p, i = 0; i < n && !bad; i++, x = le + 1) {
		le = fast_line_end(x, end);
		bad = !le || le == end || le - x >= 64 || x >= lim;
	}
	bad |= x != q;
	if (!bad && q < lim && q < end) {
		le = fast_line_end(q, end);
		bad = le && le < end && le - q < 64;
	}
	n_runs++;
	n_run_lines += n;
	n_run_bad += bad;
}

static void test_runs(void)
{
	size_t len = 1 << 20, n;
	char *buf = malloc(len);
	const char *p, *end, *nl;

	if (!buf) {
		CHECK(!"out of memory");
		return;
	}
	n = gen_body(buf, len);
	end = buf + n;
	for (p = buf; p < end; p = nl ? nl + 1 : end) {
		check_run(p, end, end);
		check_run(p, p + rn(200), end);
		check_run(p, end, p + rn(200) < end ? p + rn(200) : end);
		nl = memchr(p, '\n', (size_t)(end - p));
	}
	CHECK(n_run_bad == 0);
	CHECK(n_runs > 100000 && n_run_lines > 100000);
	free(buf);
}

struct result {
	struct sym_table_info info;
	unsigned long nwarn;
	uint64_t hash;		/* of every warning's line and text */
};

static void on_warn(void *ctx, const struct sym_diag *d, uint64_t offset,
		    unsigned long line, const char *msg)
{
	struct result *r = ctx;

	(void)d;
	(void)offset;
	r->nwarn++;
	r->hash = r->hash * 1000003 + line;
	while (*msg)
		r->hash = r->hash * 31 + (unsigned char)*msg++;
}

static int same_frame(const struct sym_frame *a, const struct sym_frame *b)
{
	if (!a->function || !b->function)
		return a->function == b->function;
	if (strcmp(a->function, b->function) || a->line != b->line ||
	    a->line_base != b->line_base ||
	    a->function_base != b->function_base)
		return 0;
	if (!a->file || !b->file)
		return a->file == b->file;
	return !strcmp(a->file, b->file);
}

/* Parse buf with and without runs; compare everything seen. */
static void check_table(const char *buf, size_t len, const char *what)
{
	struct sym_table *t[2];
	struct result r[2];
	struct sym_diag d;
	struct sym_frame f[2];
	unsigned i, k, nbad = 0, nfound = 0;

	for (k = 0; k < 2; k++) {
		memset(&r[k], 0, sizeof(r[k]));
		sym_diag_init(&d, what);
		d.warn = on_warn;
		d.warn_ctx = &r[k];
		line_runs = !k;
		t[k] = sym_table_new();
		CHECK(t[k] && !symfmt_breakpad_parse(t[k], buf, len, &d));
		sym_table_info(t[k], &r[k].info);
	}
	line_runs = 1;
	CHECK(r[0].nwarn == r[1].nwarn && r[0].hash == r[1].hash);
	CHECK(r[0].info.nwarnings == r[1].info.nwarnings);
	CHECK(r[0].info.corrupt == r[1].info.corrupt);
	CHECK(r[0].info.nfuncs == r[1].info.nfuncs);
	CHECK(r[0].info.nwarnings > 0 && r[0].info.nfuncs > 0);
	for (i = 0; i < 20000; i++) {
		uint64_t pc = rn(2) ? rn(1 << 21) : rn(1 << 24);

		for (k = 0; k < 2; k++) {
			memset(&f[k], 0, sizeof(f[k]));
			f[k].instruction = pc;
			sym_table_lookup(t[k], 0, &f[k], NULL, NULL);
		}
		nbad += !same_frame(&f[0], &f[1]);
		nfound += f[0].function && f[0].file;
	}
	CHECK(nbad == 0);
	CHECK(nfound > 50);
	sym_table_free(t[0]);
	sym_table_free(t[1]);
}

/* FUNCs with line records at their own addresses, then gen_body(). */
static size_t gen_sym(char *buf, size_t len, int valid_pct)
{
	size_t n = (size_t)sprintf(buf, "MODULE Linux x86_64 ABC t\n"
				   "FILE 0 a.c\nFILE 1 b.c\n");
	unsigned a = 0x1000, k;

	while (n + 4096 < len / 2) {
		n += (size_t)sprintf(buf + n, "FUNC %x 100 0 g%x\n", a, a);
		for (k = 0; k < 16; k++) {
			if ((int)rn(100) < valid_pct)
				n += (size_t)sprintf(buf + n, "%x 10 %u %u\n",
						     a + k * 16, rn(9999),
						     rn(2));
			else
				n += gen_line(buf + n), buf[n++] = '\n';
		}
		a += 0x100;
	}
	return n + gen_body(buf + n, len - n);
}

static void test_tables(void)
{
	size_t len = 3 << 20, n;
	char *buf = malloc(len);

	if (!buf) {
		CHECK(!"out of memory");
		return;
	}
	n = gen_sym(buf, 256 << 10, 95);
	check_table(buf, n, "small");
	n = gen_sym(buf, len, 99);
	buf[(3 << 19) + rn(4096)] = '\0';	/* a NUL past the first MB */
	check_table(buf, n, "nul");
	n = gen_sym(buf, len, 60);		/* more than 100 errors */
	check_table(buf, n, "corrupt");
	free(buf);
}

int main(void)
{
	test_tokens();
	test_lines();
	test_runs();
	test_tables();
	return unit_done("symparse");
}

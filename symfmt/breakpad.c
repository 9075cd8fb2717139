/* SPDX-License-Identifier: MIT */
/*
 * breakpad.c - Breakpad .sym text format.
 *
 * One pass over the buffer finds every record and checks it with
 * Breakpad's parse rules (BasicSourceLineResolver::LoadMapFromMemory and
 * SymbolParseHelper), so the "corrupt" verdict matches.  Only FUNC,
 * PUBLIC, STACK CFI INIT, STACK WIN, FILE and INLINE_ORIGIN records are
 * indexed; FUNC bodies and CFI deltas are decoded again when looked up.
 *
 * Breakpad splits lines on '\r' and '\n' alike and skips empty ones;
 * fields are separated by ' ' only; numbers are read with strtoull()
 * and strtol() and must be followed by ' ', or the end of the line.
 * The buffer is never written: a NUL byte reads as '_', as Breakpad
 * replaces it.
 */
#include <limits.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "lib/core/alloc.h"
#include "lib/model/symtab_int.h"
#include "symfmt/breakpad.h"

#define MAX_ERRORS 100		/* Breakpad stops after this many */
#define DROP_CHUNK ((size_t)16 << 20)
#define NUL_CHUNK ((size_t)1 << 20)
#define INLINE_TOKENS 512	/* Breakpad's Tokenize limit for INLINE */

/* Cleared by tests/unit/test_symparse.c to compare with line by line. */
static int line_runs = 1;

struct tok {
	const char *p, *e;
};

/* 1: hex letter, 2: decimal digit, 4: space */
static const unsigned char char_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* 1: hex digit, 2: decimal digit */
static const unsigned char digit_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* ---- tokens and numbers, as Breakpad's Tokenize and strto* ---- */

/*
 * Up to max-1 fields separated by runs of ' ', then the rest of the line
 * after the single separator that ended the last one.  Returns the
 * number of tokens (Breakpad's Tokenize succeeds when it is max).
 */
static int tokenize(const char *s, const char *e, int max, struct tok *t)
{
	int n = 0;

	while (n < max - 1) {
		while (s < e && *s == ' ')
			s++;
		if (s >= e)	/* s past e: a short line from bp_head */
			return n;
		t[n].p = s;
		while (s < e && *s != ' ')
			s++;
		t[n++].e = s;
		if (s < e)
			s++;
	}
	if (s < e) {
		t[n].p = s;
		t[n++].e = e;
	}
	return n;
}

/* TokenizeWithOptionalField(..., "m", max): *multiple when present. */
static int tokenize_m(const char *s, const char *e, int max, struct tok *t,
		      int *multiple)
{
	struct tok two[2];
	int n = tokenize(s, e, max - 1, t);

	*multiple = 0;
	if (n != max - 1)
		return 0;
	if (t[0].e - t[0].p != 1 || t[0].p[0] != 'm')
		return 1;
	if (tokenize(t[n - 1].p, t[n - 1].e, 2, two) != 2)
		return 0;
	t[n - 1] = two[0];
	t[n] = two[1];
	*multiple = 1;
	return 1;
}

static int tok_is(struct tok t, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(t.e - t.p) == n && !memcmp(t.p, s, n);
}

static int c_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

static int digit(char c, int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		v = (c | 0x20) - 'a' + 10;
	else
		return -1;
	return v < base ? v : -1;
}

/*
 * strtoull()/strtol() on [p, e): magnitude in *mag, sign in *neg,
 * overflow of 64 bits in *ovf.  Returns the end (p when no digits).
 */
static const char *scan_num(const char *p, const char *e, int base,
			    uint64_t *mag, int *neg, int *ovf)
{
	const char *s = p, *d;
	uint64_t v = 0;
	int dv;

	*neg = *ovf = 0;
	while (p < e && c_space(*p))
		p++;
	if (p < e && (*p == '+' || *p == '-'))
		*neg = *p++ == '-';
	if (base == 16 && e - p >= 3 && p[0] == '0' && (p[1] | 0x20) == 'x' &&
	    digit(p[2], 16) >= 0)
		p += 2;
	for (d = p; p < e && (dv = digit(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)dv) / (uint64_t)base)
			*ovf = 1;
		else
			v = v * (uint64_t)base + (uint64_t)dv;
	}
	*mag = v;
	return p == d ? s : p;
}

static uint64_t e_strtoull(const char *p, const char *e, int base,
			   const char **end)
{
	uint64_t m;
	int neg, ovf;

	*end = scan_num(p, e, base, &m, &neg, &ovf);
	if (ovf)
		return UINT64_MAX;
	return neg ? (uint64_t)0 - m : m;
}

static long e_strtol(const char *p, const char *e, int base,
		     const char **end)
{
	uint64_t m;
	int neg, ovf;

	*end = scan_num(p, e, base, &m, &neg, &ovf);
	if (neg)
		return ovf || m > (uint64_t)LONG_MAX + 1 ? LONG_MIN :
		       (long)(0 - m);
	return ovf || m > (uint64_t)LONG_MAX ? LONG_MAX : (long)m;
}

/* IsValidAfterNumber: the number ends the token or is followed by ' '. */
static int valid_after(const char *end, struct tok t)
{
	return end == t.e || *end == ' ';
}

/*
 * The usual token, 1 to 15 digits of base and nothing else: its value,
 * which strtoull() and strtol() read alike and cannot overflow; or -1.
 */
static int64_t tok_digits(struct tok t, int base)
{
	const char *p;
	uint64_t v = 0;
	int dv;

	if (t.e - t.p < 1 || t.e - t.p > 15)
		return -1;
	for (p = t.p; p < t.e; p++) {
		if ((dv = digit(*p, base)) < 0)
			return -1;
		v = v * (uint64_t)base + (uint64_t)dv;
	}
	return (int64_t)v;
}

/* strtoull and IsValidAfterNumber and != ULLONG_MAX. */
static int tok_u64(struct tok t, int base, uint64_t *v)
{
	int64_t fast = tok_digits(t, base);
	const char *end;

	if (fast >= 0) {
		*v = (uint64_t)fast;
		return 1;
	}
	*v = e_strtoull(t.p, t.e, base, &end);
	return valid_after(end, t) && *v != UINT64_MAX;
}

/* strtol and IsValidAfterNumber and != LONG_MAX and >= min. */
static int tok_long(struct tok t, int base, long min, long *v)
{
	int64_t fast = tok_digits(t, base);
	const char *end;

	if (fast >= 0 && fast >= min) {
		*v = (long)fast;
		return 1;
	}
	*v = e_strtol(t.p, t.e, base, &end);
	return valid_after(end, t) && *v != LONG_MAX && *v >= min;
}

static int has_prefix(const char *s, const char *e, const char *pfx)
{
	size_t n = strlen(pfx);

	return (size_t)(e - s) >= n && !memcmp(s, pfx, n);
}

/* ---- records ---- */

/* <address> <size> <line> <file>; payload line << 32 | file. */
static int parse_line_rec(const char *s, const char *e, struct sym_rec *r,
			  int *junk)
{
	struct tok t[4];
	long line, file;

	if (tokenize(s, e, 4, t) != 4 || !tok_u64(t[0], 16, &r->addr) ||
	    !tok_u64(t[1], 16, &r->size) || !tok_long(t[2], 10, 0, &line) ||
	    !tok_long(t[3], 10, 0, &file))
		return 0;
	r->off = (uint64_t)(uint32_t)(int)line << 32 | (uint32_t)(int)file;
	*junk = memchr(t[3].p, ' ', (size_t)(t[3].e - t[3].p)) != NULL;
	return 1;
}

/*
 * The usual shape of a line record: hex hex dec dec, single spaces,
 * nothing else, fields short enough not to overflow.  Returns the end of
 * the record at or before e (a '\n' or e itself), or NULL.
 */
static const char *fast_line_exact(const char *p, const char *e)
{
	const char *s;
	int f;

	for (f = 0; f < 4; f++) {
		unsigned m = f < 2 ? 1 : 2;

		for (s = p; p < e && (digit_class[(unsigned char)*p] & m); p++)
			;
		if (p == s || p - s > (f < 2 ? 15 : 9))
			return NULL;
		if (f < 3) {
			if (p == e || *p != ' ')
				return NULL;
			p++;
		}
	}
	return p == e || *p == '\n' ? p : NULL;
}

/* Lines of at most 21 bytes (no field can overflow: at most 15 digits)
 * are checked without branches. */
static const char *fast_line_end(const char *p, const char *e)
{
	const char *nl = memchr(p, '\n', (size_t)(e - p));
	const char *le = nl ? nl : e, *q;
	unsigned bad = 0, nsp = 0, prev = 4, c;

	if (le - p > 21 || le == p)
		return fast_line_exact(p, e);
	for (q = p; q < le; q++) {
		c = char_class[(unsigned char)*q];
		bad |= (c == 0) | ((c >> 2) & (prev >> 2)) |
		       ((c & 1) & (nsp >= 2));
		nsp += c >> 2;
		prev = c;
	}
	return !bad && !(prev >> 2) && nsp == 3 ? le : NULL;
}

/* Decode a line record of the usual shape spanning exactly [p, e). */
static int fast_line(const char *p, const char *e, struct sym_rec *r)
{
	uint64_t v[4];
	int f, dv;

	if (fast_line_end(p, e) != e)
		return 0;
	for (f = 0; f < 4; f++, p++) {
		int base = f < 2 ? 16 : 10;

		for (v[f] = 0; p < e && (dv = digit(*p, base)) >= 0; p++)
			v[f] = v[f] * (uint64_t)base + (uint64_t)dv;
	}
	r->addr = v[0];
	r->size = v[1];
	/* as parse_line_rec: a short line may hold a 15-digit file number */
	r->off = v[2] << 32 | (uint32_t)v[3];
	return 1;
}

/* ---- runs of line records, 64 bytes at a time ---- */

/* Bit i stands for byte i of a window. */
struct lmask {
	uint64_t nl;	/* '\n' */
	uint64_t sp;	/* ' ' */
	uint64_t hex;	/* a-f, A-F */
	uint64_t ok;	/* a digit, a hex letter or ' ' */
};

/* Masks of p[0, n), n <= 64; bytes past n are in no mask. */
static void lmask_scalar(const char *p, size_t n, struct lmask *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n && i < 64; i++) {
		unsigned c = (unsigned char)p[i], k = char_class[c];
		uint64_t b = (uint64_t)1 << i;

		m->nl |= c == '\n' ? b : 0;
		m->sp |= k & 4 ? b : 0;
		m->hex |= k & 1 ? b : 0;
		m->ok |= k ? b : 0;
	}
}

#ifdef __SSE2__
static uint64_t mm_bits(__m128i v, int i)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * i);
}

/* x in [lo, lo + n] as unsigned bytes */
static __m128i mm_range(__m128i x, char lo, char n)
{
	__m128i d = _mm_sub_epi8(x, _mm_set1_epi8(lo));

	return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(n)), d);
}

/* Masks of p[16 * i, 16 * i + 16) into bits 16 * i on. */
static inline void lmask_16(const char *p, int i, struct lmask *m)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)
				    (p + 16 * i));
	__m128i h = mm_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 5);
	__m128i s = _mm_cmpeq_epi8(x, _mm_set1_epi8(' '));
	__m128i d = mm_range(x, '0', 9);

	m->nl |= mm_bits(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), i);
	m->sp |= mm_bits(s, i);
	m->hex |= mm_bits(h, i);
	m->ok |= mm_bits(_mm_or_si128(_mm_or_si128(h, s), d), i);
}

/* Masks of p[0, 64). */
static void lmask_64(const char *p, struct lmask *m)
{
	memset(m, 0, sizeof(*m));
	lmask_16(p, 0, m);
	lmask_16(p, 1, m);
	lmask_16(p, 2, m);
	lmask_16(p, 3, m);
}
#else
static void lmask_64(const char *p, struct lmask *m)
{
	lmask_scalar(p, 64, m);
}
#endif

/* Drop the first k bytes of the window, 0 < k <= 64. */
static void lmask_shift(struct lmask *m, int k)
{
	if (k >= 64) {
		memset(m, 0, sizeof(*m));
		return;
	}
	m->nl >>= k;
	m->sp >>= k;
	m->hex >>= k;
	m->ok >>= k;
}

/*
 * The line at the start of the window, judged as fast_line_end() does:
 * its length up to its '\n', or -1 when it is not a line record of the
 * usual shape or its '\n' is not in the window.
 */
static int lmask_line(const struct lmask *m)
{
	uint64_t mk, s;
	int n, s1, s2, s3;

	if (!m->nl)
		return -1;
	n = __builtin_ctzll(m->nl);
	mk = ((uint64_t)1 << n) - 1;
	s = m->sp & mk;
	if ((m->ok & mk) != mk || !s)
		return -1;
	s1 = __builtin_ctzll(s);
	if (!(s &= s - 1))
		return -1;
	s2 = __builtin_ctzll(s);
	if (!(s &= s - 1))
		return -1;
	s3 = __builtin_ctzll(s);
	/* three single spaces, non-empty fields, decimal last two */
	if (s & (s - 1) || s1 < 1 || s2 - s1 < 2 || s3 - s2 < 2 ||
	    n - s3 < 2 || (m->hex & mk) >> s2)
		return -1;
	/* fast_line_exact()'s limits for lines longer than 21 bytes */
	if (n > 21 && (s1 > 15 || s2 - s1 > 16 || s3 - s2 > 10 ||
		       n - s3 > 10))
		return -1;
	return n;
}

/*
 * Skip the line records of the usual shape that start at p and before
 * lim, each ended by '\n'; add their count to *n.  Returns the first
 * line not skipped.
 */
static const char *line_run(const char *p, const char *lim,
			    const char *end, unsigned long *n)
{
	struct lmask m;
	int len, o;

	while (p < lim) {
		if (end - p >= 64)
			lmask_64(p, &m);
		else
			lmask_scalar(p, (size_t)(end - p), &m);
		for (o = 0; p + o < lim && (len = lmask_line(&m)) >= 0;
		     o += len + 1, (*n)++)
			lmask_shift(&m, len + 1);
		if (!o)
			break;
		p += o;
	}
	return p;
}

static int parse_inline(const char *s, const char *e, struct sym_inline *in,
			struct sym_rec *ranges, size_t *nr)
{
	struct tok t[INLINE_TOKENS];
	int n = tokenize(s + 7, e, INLINE_TOKENS, t), i = 0;
	long v;

	in->has_call_file = n % 2 == 0;
	if (n < 5 || !tok_long(t[i++], 10, 0, &v))
		return 0;
	in->depth = (int)v;
	if (!tok_long(t[i++], 10, 0, &v))
		return 0;
	in->call_line = (int)v;
	in->call_file = -1;
	if (in->has_call_file) {
		if (!tok_long(t[i++], 10, -1, &v))
			return 0;
		in->call_file = (int)v;
	}
	if (!tok_long(t[i++], 10, 0, &v))
		return 0;
	in->origin = (int)v;
	for (*nr = 0; i < n; i += 2, (*nr)++)
		if (!tok_u64(t[i], 16, &ranges[*nr].addr) ||
		    !tok_u64(t[i + 1], 16, &ranges[*nr].size))
			return 0;
	return 1;
}

/* INLINE_ORIGIN <id> [<file_id>] <name> */
static int parse_origin(const char *s, const char *e, long *id,
			struct tok *name)
{
	struct tok t[2];
	const char *p;
	int has_file = 1;
	long file;

	if (tokenize(s + 14, e, 2, t) != 2 || !tok_long(t[0], 10, 0, id))
		return 0;
	/* old syntax when the next field is a number (-1 allowed) */
	for (p = t[1].p; p < t[1].e && *p != ' ' && has_file; p++)
		if (!(*p == '-' && p == t[1].p))
			has_file = *p >= '0' && *p <= '9';
	if (has_file) {
		if (tokenize(t[1].p, t[1].e, 2, t) != 2 ||
		    !tok_long(t[0], 10, -1, &file))
			return 0;
	}
	*name = t[1];
	return 1;
}

enum stack_kind { STACK_BAD, STACK_WIN, STACK_INIT, STACK_DELTA };

/* STACK WIN type: strtol() stored in an int (the low 32 bits). */
static uint32_t win_type(struct tok t)
{
	const char *end;

	return (uint32_t)(unsigned long)e_strtol(t.p, t.e, 16, &end);
}

/* A STACK line: its kind, and tokens (WIN: 11; INIT: 4; delta: 2). */
static enum stack_kind parse_stack(const char *s, const char *e,
				   struct tok *t)
{
	const char *p = s + 6, *plat;
	size_t pn;

	while (p < e && *p == ' ')
		p++;
	for (plat = p; p < e && *p != ' '; p++)
		;
	pn = (size_t)(p - plat);
	if (p == e)	/* Breakpad reads past the line end here */
		return STACK_BAD;
	p++;
	if (pn == 3 && !memcmp(plat, "WIN", 3)) {
		if (tokenize(p, e, 11, t) != 11)
			return STACK_BAD;
		return win_type(t[0]) < SYM_WIN_TYPES ? STACK_WIN : STACK_BAD;
	}
	if (pn != 3 || memcmp(plat, "CFI", 3))
		return STACK_BAD;
	if (tokenize(p, e, 2, t) >= 1 && tok_is(t[0], "INIT"))
		return tokenize(p, e, 4, t) == 4 ? STACK_INIT : STACK_BAD;
	return tokenize(p, e, 2, t) == 2 ? STACK_DELTA : STACK_BAD;
}

static uint64_t tok_strtoul(struct tok t)
{
	const char *end;

	return e_strtoull(t.p, t.e, 16, &end);
}

/* ---- the pass ---- */

struct pass {
	struct sym_table *t;
	struct sym_diag *d;
	unsigned long lineno;
	int nerrors;		/* Breakpad's num_errors: "corrupt" */
	int have_func;		/* Breakpad's cur_func is set */
};

static void warn(struct pass *ps, const char *msg)
{
	ps->t->nwarnings++;
	sym_diag_warn(ps->d, SYM_DIAG_LINE, ps->lineno, "%s", msg);
}

static void error(struct pass *ps, const char *msg)
{
	ps->nerrors++;
	warn(ps, msg);
}

static char *tok_dup(struct tok t)
{
	return sym_strndup(t.p, (size_t)(t.e - t.p));
}

static int do_module(struct pass *ps, const char *s, const char *e)
{
	struct sym_table *t = ps->t;
	struct tok k[4];

	if (t->os || tokenize(s + 7, e, 4, k) != 4)
		return SYM_OK;
	if (!(t->os = tok_dup(k[0])) || !(t->arch = tok_dup(k[1])) ||
	    !(t->id = tok_dup(k[2])) || !(t->name = tok_dup(k[3])))
		return SYM_ENOMEM;
	return SYM_OK;
}

static int do_info(struct pass *ps, const char *s, const char *e)
{
	struct tok k[3];

	/* INFO CODE_ID <id> [<file>]; INFO GENERATOR ... is not needed */
	if (tokenize(s + 5, e, 3, k) >= 2 && tok_is(k[0], "CODE_ID") &&
	    !ps->t->code_id && !(ps->t->code_id = tok_dup(k[1])))
		return SYM_ENOMEM;
	return SYM_OK;
}

static int do_file(struct pass *ps, const char *s, const char *e)
{
	struct tok k[2];
	long id;

	if (tokenize(s + 5, e, 2, k) != 2 || !tok_long(k[0], 10, 0, &id)) {
		error(ps, "bad FILE record");
		return SYM_OK;
	}
	return sym_names_push(&ps->t->files, (int32_t)id,
			      (uint64_t)(k[1].p - ps->t->buf),
			      (size_t)(k[1].e - k[1].p));
}

static int do_stack(struct pass *ps, const char *s, const char *e)
{
	struct sym_table *t = ps->t;
	struct tok k[11];
	uint64_t off = (uint64_t)(s - t->buf);

	switch (parse_stack(s, e, k)) {
	case STACK_WIN:
		return sym_recs_push(&t->wins[win_type(k[0])],
				     tok_strtoul(k[1]), tok_strtoul(k[2]), off);
	case STACK_INIT:
		return sym_recs_push(&t->cfis, tok_strtoul(k[1]),
				     tok_strtoul(k[2]), off);
	case STACK_DELTA:
		return SYM_OK;
	default:
		error(ps, "bad STACK record");
		return SYM_OK;
	}
}

static int do_func(struct pass *ps, const char *s, const char *e)
{
	struct tok k[5];
	uint64_t addr, size;
	long param;
	int m;

	ps->have_func = 0;
	if (!tokenize_m(s + 5, e, 5, k, &m) || !tok_u64(k[m], 16, &addr) ||
	    !tok_u64(k[m + 1], 16, &size) ||
	    !tok_long(k[m + 2], 16, 0, &param)) {
		error(ps, "bad FUNC record");
		return SYM_OK;
	}
	ps->have_func = 1;
	return sym_recs_push(&ps->t->funcs, addr, size,
			     (uint64_t)(s - ps->t->buf));
}

static int do_public(struct pass *ps, const char *s, const char *e)
{
	struct tok k[4];
	uint64_t addr;
	long param;
	int m;

	ps->have_func = 0;
	if (!tokenize_m(s + 7, e, 4, k, &m) || !tok_u64(k[m], 16, &addr) ||
	    !tok_long(k[m + 1], 16, 0, &param)) {
		error(ps, "bad PUBLIC record");
		return SYM_OK;
	}
	if (!addr)	/* Breakpad accepts and drops these */
		return SYM_OK;
	return sym_recs_push(&ps->t->pubs, addr, 0,
			     (uint64_t)(s - ps->t->buf));
}

static int do_inline(struct pass *ps, const char *s, const char *e)
{
	struct sym_rec ranges[INLINE_TOKENS / 2];
	struct sym_inline in;
	size_t nr;

	if (!parse_inline(s, e, &in, ranges, &nr))
		warn(ps, "bad INLINE record");
	else if (!ps->have_func)
		warn(ps, "INLINE record without a function");
	return SYM_OK;
}

static int do_origin(struct pass *ps, const char *s, const char *e)
{
	struct tok name;
	long id;

	if (!parse_origin(s, e, &id, &name)) {
		warn(ps, "bad INLINE_ORIGIN record");
		return SYM_OK;
	}
	return sym_names_push(&ps->t->origins, (int32_t)id,
			      (uint64_t)(name.p - ps->t->buf),
			      (size_t)(name.e - name.p));
}

static int do_line(struct pass *ps, const char *s, const char *e)
{
	struct sym_rec r;
	int junk = 0;

	if (!ps->have_func)
		error(ps, "line record without a function");
	else if (!fast_line(s, e, &r) && !parse_line_rec(s, e, &r, &junk))
		error(ps, "bad line record");
	else if (junk)
		warn(ps, "trailing junk after line record");
	return SYM_OK;
}

/* One line as Breakpad sees it: no '\r' or '\n', not empty. */
static int do_segment(struct pass *ps, const char *s, const char *e)
{
	if (has_prefix(s, e, "FILE "))
		return do_file(ps, s, e);
	if (has_prefix(s, e, "STACK "))
		return do_stack(ps, s, e);
	if (has_prefix(s, e, "FUNC "))
		return do_func(ps, s, e);
	if (has_prefix(s, e, "PUBLIC "))
		return do_public(ps, s, e);
	if (has_prefix(s, e, "MODULE "))
		return do_module(ps, s, e);
	if (has_prefix(s, e, "INFO "))
		return do_info(ps, s, e);
	if (has_prefix(s, e, "INLINE "))
		return do_inline(ps, s, e);
	if (has_prefix(s, e, "INLINE_ORIGIN "))
		return do_origin(ps, s, e);
	return do_line(ps, s, e);
}

/* A physical line may hold several Breakpad lines split by '\r'. */
static int do_physical(struct pass *ps, const char *s, const char *e)
{
	const char *cr;
	int err;

	while (s < e) {
		cr = memchr(s, '\r', (size_t)(e - s));
		if (!cr)
			cr = e;
		if (cr > s && (err = do_segment(ps, s, cr)))
			return err;
		s = cr + 1;
	}
	return SYM_OK;
}

/* Once per NUL_CHUNK: Breakpad flags a NUL byte inside the data. */
static void check_nul(struct pass *ps, const char *buf, size_t len,
		      size_t upto, size_t *nul_to, int *nul)
{
	while (!*nul && *nul_to <= upto && *nul_to < len) {
		size_t n = len - *nul_to < NUL_CHUNK ? len - *nul_to :
			   NUL_CHUNK;

		if (memchr(buf + *nul_to, '\0', n)) {
			*nul = 1;
			error(ps, "NUL byte inside the symbol data");
		}
		*nul_to += n;
	}
}

/* Lines starting before this need no NUL check; a run stops there. */
static const char *run_limit(const char *buf, size_t len, const char *p,
			     size_t nul_to, int nul)
{
	size_t lim = nul || nul_to > len ? len : nul_to;

	if (lim - (size_t)(p - buf) > NUL_CHUNK)
		lim = (size_t)(p - buf) + NUL_CHUNK;
	return buf + lim;
}

static int do_lines(struct pass *ps, const char *buf, size_t len,
		    size_t *stop)
{
	const char *p = buf, *end = buf + len, *nl, *le, *q;
	size_t dropped = 0, nul_to = 0;
	int crlf = 0, err, nul = 0;
	int mapped = ps->t->map.data == (const uint8_t *)buf;
	unsigned long n;

	while (p < end) {
		ps->lineno++;
		check_nul(ps, buf, len, (size_t)(p - buf), &nul_to, &nul);
		n = 0;
		/* the common case, valid line records, 64 bytes at a time */
		if (ps->have_func && line_runs &&
		    (q = line_run(p, run_limit(buf, len, p, nul_to, nul), end,
				  &n)) > p) {
			ps->lineno += n - 1;
			p = q;
		} else if (ps->have_func && (le = fast_line_end(p, end))) {
			p = le < end ? le + 1 : end;
		} else {
			nl = memchr(p, '\n', (size_t)(end - p));
			le = nl ? nl : end;
			if (le > p && le[-1] == '\r' && !crlf++)
				warn(ps, "CRLF line ends");
			if ((err = do_physical(ps, p, le)))
				return err;
			p = nl ? nl + 1 : end;
			if (ps->nerrors > MAX_ERRORS)
				break;
		}
		if (mapped && (size_t)(p - buf) - dropped >= DROP_CHUNK) {
			sym_map_drop(&ps->t->map, dropped,
				     (size_t)(p - buf) - dropped);
			dropped = (size_t)(p - buf);
		}
	}
	*stop = p < end ? (size_t)(p - buf) : len;
	if (mapped && dropped < *stop)
		sym_map_drop(&ps->t->map, dropped, *stop - dropped);
	return SYM_OK;
}

/* ---- decoding on demand ---- */

/* End of the Breakpad line starting at s. */
static const char *seg_end(const char *s, const char *e)
{
	while (s < e && *s != '\n' && *s != '\r')
		s++;
	return s;
}

/* Next non-empty Breakpad line at or after *s; 0 at the end. */
static int next_seg(const char **s, const char *e, const char **se)
{
	while (*s < e && (**s == '\n' || **s == '\r'))
		(*s)++;
	if (*s == e)
		return 0;
	*se = seg_end(*s, e);
	return 1;
}

static void bp_head(const struct sym_table *t, uint64_t off,
		    struct sym_span *name, uint32_t *param, int *multiple)
{
	const char *s = t->buf + off, *e = seg_end(s, t->buf + t->len);
	int pub = has_prefix(s, e, "PUBLIC ");
	struct tok k[5];
	const char *end;
	int np = pub ? 1 : 2;

	/* off may come from a precompiled index: not a record, no name */
	if (!tokenize_m(s + (pub ? 7 : 5), e, pub ? 4 : 5, k, multiple)) {
		name->p = s;
		name->n = 0;
		*param = 0;
		return;
	}
	*param = (uint32_t)e_strtol(k[*multiple + np].p, k[*multiple + np].e,
				    16, &end);
	name->p = k[*multiple + np + 1].p;
	name->n = (size_t)(k[*multiple + np + 1].e - name->p);
}

static int body_line(const char *s, const char *e, struct sym_body *b)
{
	struct sym_rec ranges[INLINE_TOKENS / 2];
	struct sym_inline in;
	struct sym_rec r;
	size_t nr;
	int junk;

	if (has_prefix(s, e, "INLINE ")) {
		if (!parse_inline(s, e, &in, ranges, &nr))
			return SYM_OK;
		return sym_body_inline(b, &in, ranges, nr);
	}
	if (has_prefix(s, e, "FILE ") || has_prefix(s, e, "STACK ") ||
	    has_prefix(s, e, "MODULE ") || has_prefix(s, e, "INFO ") ||
	    has_prefix(s, e, "INLINE_ORIGIN "))
		return SYM_OK;
	if (!fast_line(s, e, &r) && !parse_line_rec(s, e, &r, &junk))
		return SYM_OK;
	return sym_recs_push(&b->lines, r.addr, r.size, r.off);
}

static int bp_body(const struct sym_table *t, uint64_t off,
		   struct sym_body *b)
{
	const char *e = t->buf + t->len, *s = seg_end(t->buf + off, e), *se;
	int err;

	while (next_seg(&s, e, &se)) {
		if (has_prefix(s, se, "FUNC ") || has_prefix(s, se, "PUBLIC "))
			break;
		if ((err = body_line(s, se, b)))
			return err;
		s = se;
	}
	return SYM_OK;
}

static int bp_cfi(const struct sym_table *t, uint64_t off,
		  struct sym_span *init, struct sym_cfi_delta **deltas,
		  size_t *n, size_t *cap)
{
	const char *e = t->buf + t->len, *s = t->buf + off, *se;
	struct sym_cfi_delta *dl;
	struct tok k[11];

	se = seg_end(s, e);
	if (parse_stack(s, se, k) != STACK_INIT) {	/* see bp_head */
		init->p = s;
		init->n = 0;
		return SYM_OK;
	}
	init->p = k[3].p;
	init->n = (size_t)(k[3].e - k[3].p);
	for (s = se; next_seg(&s, e, &se); s = se) {
		if (!has_prefix(s, se, "STACK ") ||
		    parse_stack(s, se, k) != STACK_DELTA)
			break;
		if (*n == *cap) {
			size_t nc = *cap ? *cap * 2 : 16;

			dl = sym_reallocarray(*deltas, nc, sizeof(*dl));
			if (!dl)
				return SYM_ENOMEM;
			*deltas = dl;
			*cap = nc;
		}
		dl = &(*deltas)[(*n)++];
		dl->addr = tok_strtoul(k[0]);
		dl->rules.p = k[1].p;
		dl->rules.n = (size_t)(k[1].e - k[1].p);
	}
	return SYM_OK;
}

static void bp_win(const struct sym_table *t, uint64_t off,
		   struct sym_win *w)
{
	const char *s = t->buf + off, *e = seg_end(s, t->buf + t->len);
	struct tok k[11];

	memset(w, 0, sizeof(*w));
	if (parse_stack(s, e, k) != STACK_WIN)	/* see bp_head */
		return;
	w->type = win_type(k[0]);
	w->rva = tok_strtoul(k[1]);
	w->code_size = tok_strtoul(k[2]);
	w->prolog_size = (uint32_t)tok_strtoul(k[3]);
	w->epilog_size = (uint32_t)tok_strtoul(k[4]);
	w->params_size = (uint32_t)tok_strtoul(k[5]);
	w->saved_regs_size = (uint32_t)tok_strtoul(k[6]);
	w->locals_size = (uint32_t)tok_strtoul(k[7]);
	w->max_stack_size = (uint32_t)tok_strtoul(k[8]);
	w->has_program = (int)tok_strtoul(k[9]) != 0;
	if (w->has_program) {
		w->program.p = k[10].p;
		w->program.n = (size_t)(k[10].e - k[10].p);
	} else {
		w->allocates_base_pointer = (int)tok_strtoul(k[10]) != 0;
	}
}

static const struct sym_fmt_ops bp_ops = {
	.head = bp_head,
	.body = bp_body,
	.cfi = bp_cfi,
	.win = bp_win,
};

void symfmt_breakpad_attach(struct sym_table *t, const char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->ops = &bp_ops;
}

int symfmt_breakpad_parse(struct sym_table *t, const char *buf, size_t len,
			  struct sym_diag *d)
{
	struct pass ps;
	unsigned long ndup;
	size_t stop, elen = len;
	int err;

	memset(&ps, 0, sizeof(ps));
	ps.t = t;
	ps.d = d;
	/* Breakpad ignores NUL bytes at the very end */
	while (elen && !buf[elen - 1])
		elen--;
	t->buf = buf;
	t->len = elen;
	t->ops = &bp_ops;
	if (elen < len)
		warn(&ps, "NUL bytes at the end");
	if ((err = do_lines(&ps, buf, elen, &stop)))
		return err;
	t->len = stop;
	if ((err = sym_table_finish(t, d, &ndup)))
		return err;
	t->nwarnings += ndup;
	t->corrupt = ps.nerrors > 0 || ndup > 0;
	return SYM_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * retrace.c - R8 retrace semantics over a ProGuard/R8 mapping.
 *
 * The flow follows R8's StringRetrace:
 *  1. StackTraceRegularExpressionParser: the %x variables of the pattern
 *     become named groups; a full match registers where the class,
 *     method, source file, line... are in the line (first class wins,
 *     "Suppressed" is never a class).
 *  2. StackTraceElementProxyRetracer: class lookup, then method frames
 *     narrowed by the line number (ranges containing it, else members
 *     without a range), grouped into inline chains (same minified range),
 *     each chain one alternative; outline, rewriteFrame and synthesized
 *     rules apply here.
 *  3. StackTraceElementStringProxy.toRetracedItem: only the registered
 *     parts of the line are replaced.
 *  4. StringRetrace.joinAmbiguousLines: alternatives sorted, interleaved
 *     by inline depth, duplicates dropped, later ones marked "<OR> ".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/jvm/jregex.h"
#include "lib/jvm/retrace.h"

const char jvm_default_regex[] =
	"(?:.*?\\bat\\s+%c\\.%m\\s*\\(%S\\)\\p{Z}*(?:~\\[.*\\])?)"
	"|(?:(?:(?:%c|.*)?[:\"]\\s+)?%c(?:(:|]).*)?)";

#define SEG "[-\\p{javaJavaIdentifierStart}][-\\p{javaJavaIdentifierPart}]*"
#define TYPE_RE "(?:" SEG "\\.)*" SEG "[\\[\\]]*"
/* Java 9+ StackTraceElement prefixes: loader/module@ver/, loader//... */
#define MODULE_RE "(?:(?:[^\\s/()\\[\\]:\"]++/)?[^\\s/()\\[\\]:\"]*+/)?"

enum hkind {
	H_CLASS, H_BINARY, H_METHOD, H_FIELD, H_SOURCE, H_LINE, H_SRCLINE,
	H_TYPE, H_ARGS
};

struct handler {
	enum hkind kind;
	int group;
};

/* ---- retraced frames (RetraceStackTraceElementProxy) ---- */

struct rframe {
	const char *cls;		/* retraced class (type name) */
	size_t cls_len;
	const struct pg_member *mem;	/* known method or field */
	const char *name;		/* member name, unqualified */
	size_t name_len;
	const char *src;		/* NULL: keep the original text */
	size_t src_len;
	long line;			/* -1: none */
	int ambiguous;
	int mapped;
};

struct rset {
	struct rframe *f;
	size_t n, cap;
	struct jvm_alt *alt;
	size_t nalt, capalt;
	int err;
};

struct jvm_retrace {
	struct pg_map *map;
	struct jre *re;
	struct handler *h;
	int nh;
	unsigned flags;
	long *caps;
	/* context carried to the next line */
	char *thrown;		/* obfuscated exception class of a header */
	long rewrite_pos;	/* outline position, -1 if none */
	/* scratch for narrow() and the frames of a line */
	const struct pg_member **sel;
	size_t *g;
	struct rset set;
};

/* ---- string pool and buffers ---- */

struct jvm_pool {
	struct jvm_pool *next;
	size_t used, cap;
	char data[];
};

static char *pool_alloc(struct jvm_line *l, size_t n)
{
	struct jvm_pool *p = l->pool_;

	if (!p || p->cap - p->used < n) {
		size_t cap = n > 4000 ? n : 4000;

		p = sym_malloc(sizeof(*p) + cap);
		if (!p)
			return NULL;
		p->cap = cap;
		p->used = 0;
		p->next = l->pool_;
		l->pool_ = p;
	}
	p->used += n;
	return p->data + p->used - n;
}

static char *pool_str(struct jvm_line *l, const char *s, size_t n)
{
	char *d = pool_alloc(l, n + 1);

	if (d) {
		if (n)	/* s may be NULL when n is 0 (UBSan) */
			memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

struct buf {
	char *p;
	size_t n, cap;
	int err;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->err || (!n && b->p))
		return;
	if (b->cap - b->n < n + 1) {
		size_t cap = b->cap ? b->cap : 256;
		char *np;

		while (cap - b->n < n + 1)
			cap *= 2;
		np = sym_reallocarray(b->p, cap, 1);
		if (!np) {
			b->err = SYM_ENOMEM;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* ---- pattern ---- */

static int add_handler(struct jvm_retrace *r, enum hkind k, int group)
{
	struct handler *nh = sym_reallocarray(r->h, (size_t)r->nh + 1,
					      sizeof(*nh));

	if (!nh)
		return SYM_ENOMEM;
	r->h = nh;
	r->h[r->nh].kind = k;
	r->h[r->nh].group = group;
	r->nh++;
	return SYM_OK;
}

/* R8's registerGroups: %x -> (?<gN>subexpression), \% stays literal. */
static int expand(struct jvm_retrace *r, const char *re, struct buf *out,
		  char *err, size_t errlen)
{
	int seen_pct = 0, escaped = 0, n = 0;
	const char *last = re;
	char name[32];

	for (const char *p = re; *p; p++) {
		const char *sub;
		enum hkind k;

		if (!seen_pct) {
			seen_pct = !escaped && *p == '%';
			escaped = !escaped && *p == '\\';
			continue;
		}
		seen_pct = 0;
		switch (*p) {
		case 'c': k = H_CLASS; sub = "(?:" SEG "\\.)*" SEG; break;
		case 'C': k = H_BINARY; sub = "(?:" SEG "/)*" SEG; break;
		case 'm':
			k = H_METHOD;
			sub = "(?:" SEG "|\\<init\\>|\\<clinit\\>)";
			break;
		case 'f': k = H_FIELD; sub = SEG; break;
		case 's':
			k = H_SOURCE;
			sub = "(?::+[^\\d:\\s]|[^:]*)*";
			break;
		case 'l': k = H_LINE; sub = "\\d*"; break;
		case 'S': k = H_SRCLINE; sub = ".*"; break;
		case 't': k = H_TYPE; sub = TYPE_RE; break;
		case 'a':
			k = H_ARGS;
			sub = "(?:(?:" TYPE_RE "\\s*,\\s*)*" TYPE_RE ")?";
			break;
		default:
			snprintf(err, errlen, "unexpected variable %%%c", *p);
			return SYM_EFORMAT;
		}
		buf_add(out, last, (size_t)(p - 1 - last));
		if (k == H_CLASS)
			buf_str(out, MODULE_RE);
		snprintf(name, sizeof(name), "(?<g%d>", n);
		buf_str(out, name);
		buf_str(out, sub);
		buf_str(out, ")");
		if (add_handler(r, k, n++))
			return SYM_ENOMEM;
		last = p + 1;
	}
	buf_str(out, last);
	return out->err;
}

int jvm_retrace_new(struct jvm_retrace **out, struct pg_map *map,
		    const char *regex, unsigned flags, char *err,
		    size_t errlen)
{
	struct jvm_retrace *r;
	struct buf b = { 0 };
	char name[32];
	int e;

	*out = NULL;
	if (!(r = sym_calloc(1, sizeof(*r))))
		return SYM_ENOMEM;
	r->map = map;
	r->flags = flags;
	r->rewrite_pos = -1;
	if ((e = expand(r, regex ? regex : jvm_default_regex, &b, err,
			errlen)))
		goto fail;
	if (!(r->re = jre_compile(b.p ? b.p : "", err, errlen))) {
		e = SYM_EFORMAT;
		goto fail;
	}
	for (int i = 0; i < r->nh; i++) {
		snprintf(name, sizeof(name), "g%d", r->h[i].group);
		r->h[i].group = jre_group_index(r->re, name);
	}
	r->caps = sym_calloc(2 * ((size_t)jre_ngroups(r->re) + 1),
			     sizeof(long));
	if (!r->caps) {
		e = SYM_ENOMEM;
		goto fail;
	}
	sym_free(b.p);
	*out = r;
	return SYM_OK;
fail:
	sym_free(b.p);
	jvm_retrace_free(r);
	return e;
}

void jvm_retrace_free(struct jvm_retrace *r)
{
	if (!r)
		return;
	jre_free(r->re);
	sym_free(r->h);
	sym_free(r->caps);
	sym_free(r->thrown);
	sym_free((void *)r->sel);
	sym_free(r->g);
	sym_free(r->set.f);
	sym_free(r->set.alt);
	sym_free(r);
}

/* ---- parsed element (StackTraceElementStringProxy) ---- */

struct idx {
	enum hkind kind;
	long start, end;
	int sep;		/* line: insert ':' before a retraced line */
};

struct element {
	const char *line;
	size_t len;
	struct idx ord[16];
	int nord;
	int cls, method, field, src, lno, type, args;	/* ord index or -1 */
	int binary;
};

static int reg(struct element *el, enum hkind k, long s, long e, int sep)
{
	if (el->nord == (int)(sizeof(el->ord) / sizeof(el->ord[0])))
		return -1;
	el->ord[el->nord].kind = k;
	el->ord[el->nord].start = s;
	el->ord[el->nord].end = e;
	el->ord[el->nord].sep = sep;
	return el->nord++;
}

/* SourceFileLineNumberGroup.findEndOfSourceFile */
static long end_of_source(const char *g, long n)
{
	long i = n;

	while (i > 0) {
		char c = g[i - 1];

		if (c == ':' && i < n)
			return i - 1;
		if (c < '0' || c > '9')
			return n;
		i--;
	}
	return n;
}

static void parse_element(struct jvm_retrace *r, const char *line,
			  size_t len, struct element *el)
{
	int seen_class = 0;
	long *caps = r->caps;

	memset(el, 0, sizeof(*el));
	el->line = line;
	el->len = len;
	el->cls = el->method = el->field = el->src = el->lno = -1;
	el->type = el->args = -1;
	if (!jre_match(r->re, line, len, caps))
		return;
	for (int i = 0; i < r->nh; i++) {
		const struct handler *h = &r->h[i];
		long s, e, se;

		if (h->group < 0)
			continue;
		s = caps[2 * h->group];
		e = caps[2 * h->group + 1];
		if (s < 0)
			continue;
		switch (h->kind) {
		case H_CLASS:
		case H_BINARY:
			if (seen_class)
				break;
			if (e - s == 10 && !memcmp(line + s, "Suppressed", 10))
				break;
			seen_class = 1;
			el->binary = h->kind == H_BINARY;
			el->cls = reg(el, h->kind, s, e, 0);
			break;
		case H_METHOD:
			el->method = reg(el, H_METHOD, s, e, 0);
			break;
		case H_FIELD:
			el->field = reg(el, H_FIELD, s, e, 0);
			break;
		case H_SOURCE:
			el->src = reg(el, H_SOURCE, s, e, 0);
			break;
		case H_LINE:
			if (s > 0 && line[s - 1] == ':')
				el->lno = reg(el, H_LINE, s - 1, e, 1);
			else
				el->lno = reg(el, H_LINE, s, e, 0);
			break;
		case H_SRCLINE:
			se = s + end_of_source(line + s, e - s);
			el->src = reg(el, H_SOURCE, s, se, 0);
			el->lno = reg(el, H_LINE, se < e ? se : e, e, 1);
			break;
		case H_TYPE:
			el->type = reg(el, H_TYPE, s, e, 0);
			break;
		case H_ARGS:
			el->args = reg(el, H_ARGS, s, e, 0);
			break;
		}
	}
	if (el->lno < 0 && el->src >= 0) {
		long se = el->ord[el->src].end;

		el->lno = reg(el, H_LINE, se, se, 1);
	}
}

static long element_line(const struct element *el)
{
	const struct idx *x;
	long v = 0;
	long i;

	if (el->lno < 0)
		return -1;
	x = &el->ord[el->lno];
	i = x->start;
	if (i < x->end && el->line[i] == ':')
		i++;
	if (i >= x->end)
		return -1;
	for (; i < x->end; i++) {
		char c = el->line[i];

		if (c < '0' || c > '9' || v > 214748364)
			return -1;
		v = v * 10 + (c - '0');
	}
	return v;
}

static struct rframe *rf_push(struct rset *s)
{
	if (s->err)
		return NULL;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct rframe *nf = sym_reallocarray(s->f, cap,
						     sizeof(*nf));

		if (!nf) {
			s->err = SYM_ENOMEM;
			return NULL;
		}
		s->f = nf;
		s->cap = cap;
	}
	memset(&s->f[s->n], 0, sizeof(s->f[0]));
	s->f[s->n].line = -1;
	return &s->f[s->n++];
}

static void alt_begin(struct rset *s)
{
	if (s->err)
		return;
	if (s->nalt == s->capalt) {
		size_t cap = s->capalt ? s->capalt * 2 : 8;
		struct jvm_alt *na = sym_reallocarray(s->alt, cap,
						      sizeof(*na));

		if (!na) {
			s->err = SYM_ENOMEM;
			return;
		}
		s->alt = na;
		s->capalt = cap;
	}
	s->alt[s->nalt].first = s->n;
	s->alt[s->nalt].n = 0;
	s->nalt++;
}

static void alt_end(struct rset *s)
{
	if (!s->err && s->nalt)
		s->alt[s->nalt - 1].n = s->n - s->alt[s->nalt - 1].first;
}

/* Outer class simple name: after the last '.', before the next '$'. */
static void outer_simple(const char *c, size_t n, size_t *b, size_t *e)
{
	size_t dot = n, i;

	for (i = n; i > 0; i--)
		if (c[i - 1] == '.') {
			dot = i - 1;
			break;
		}
	*b = dot == n ? 0 : dot + 1;
	*e = n;
	for (i = *b; i < n; i++)
		if (c[i] == '$') {
			*e = i;
			break;
		}
}

/* RetraceUtils.inferFileName for a mapped class. */
static const char *infer_file(struct jvm_line *l, const char *cls,
			      size_t cls_len, const char *src, size_t src_len,
			      size_t *out_len)
{
	size_t b, e, base = 0, dot = SIZE_MAX, n;
	const char *ext = "";
	size_t ext_len = 0;
	char *d;
	int kt = 0;

	if (src_len == 13 && !memcmp(src, "Native Method", 13)) {
		*out_len = src_len;
		return src;
	}
	for (size_t i = 0; i < src_len; i++)
		if (src[i] == '/')
			base = i + 1;
	for (size_t i = base; i < src_len; i++)
		if (src[i] == '.')
			dot = i;
	if (dot != SIZE_MAX) {
		ext = src + dot + 1;
		ext_len = src_len - dot - 1;
	}
	outer_simple(cls, cls_len, &b, &e);
	n = e - b;
	if (n >= 2 && cls[e - 2] == 'K' && cls[e - 1] == 't' &&
	    (ext_len == 0 || (ext_len == 2 && !memcmp(ext, "kt", 2)))) {
		n -= 2;
		kt = 1;
	} else if (ext_len == 2 && !memcmp(ext, "kt", 2)) {
		kt = 1;
	}
	d = pool_alloc(l, n + 6);
	if (!d) {
		*out_len = src_len;
		return src;
	}
	memcpy(d, cls + b, n);
	memcpy(d + n, kt ? ".kt" : ".java", kt ? 4 : 6);
	*out_len = n + (kt ? 3 : 5);
	return d;
}

/* Source file for a frame whose holder is cls (RetraceUtils). */
static void frame_source(struct jvm_retrace *r, struct jvm_line *l,
			 const struct element *el, struct pg_class *ctx_cls,
			 int mapped, struct rframe *f)
{
	const struct idx *x;
	struct pg_class *hc = NULL;
	const char *meta = NULL;

	if (el->src < 0)
		return;
	x = &el->ord[el->src];
	if (!mapped) {
		f->src = el->line + x->start;
		f->src_len = (size_t)(x->end - x->start);
		return;
	}
	if (ctx_cls && ctx_cls->orig_len == f->cls_len &&
	    !memcmp(ctx_cls->orig, f->cls, f->cls_len)) {
		hc = ctx_cls;
	} else {
		/* R8 looks the holder up as an obfuscated name */
		hc = pg_find_class(r->map, f->cls, f->cls_len);
		if (hc)
			pg_class_members(r->map, hc);
	}
	if (hc)
		meta = hc->source_file;
	if (meta) {
		f->src = meta;
		f->src_len = strlen(meta);
		return;
	}
	f->src = infer_file(l, f->cls, f->cls_len, el->line + x->start,
			    (size_t)(x->end - x->start), &f->src_len);
}

static int member_is(const struct pg_member *m, const char *name, size_t n,
		     int method)
{
	return !!(m->flags & PG_METHOD) == method && m->obf_len == n &&
	       !memcmp(m->obf, name, n);
}

static int contains(const struct pg_member *m, long pos)
{
	return (m->flags & PG_HAS_MIN) && pos >= (long)m->min_start &&
	       pos <= (long)m->min_end;
}

static int same_range(const struct pg_member *a, const struct pg_member *b)
{
	return (a->flags & PG_HAS_MIN) && (b->flags & PG_HAS_MIN) &&
	       a->min_start == b->min_start && a->min_end == b->min_end;
}

/* Original line of a range for an obfuscated position; -1 unknown. */
static long orig_line(const struct pg_member *m, long pos)
{
	if (!(m->flags & PG_HAS_MIN)) {
		if ((m->flags & PG_HAS_ORIG) && m->orig_start > 0)
			return m->orig_start;
		return -1;	/* the caller keeps the given line */
	}
	if (pos < 0 || !contains(m, pos))
		return -1;
	if (!(m->flags & PG_HAS_ORIG_END) || m->orig_start == m->orig_end)
		return m->orig_start;
	return (long)m->orig_start + (pos - (long)m->min_start);
}

/* Index (in by_obf order) past the inline chain starting at i. */
static size_t chain_end(const struct pg_class *c, size_t first, size_t cnt,
			size_t i)
{
	const struct pg_member *m = &c->members[c->by_obf[first + i]];
	size_t j = i + 1;

	while (j < cnt) {
		const struct pg_member *x = &c->members[c->by_obf[first + j]];

		if (!(x->flags & PG_METHOD)) {
			j++;
			continue;
		}
		if (!same_range(x, m))
			break;
		j++;
	}
	return j;
}

/* Outermost method range of the chain [i, j). */
static const struct pg_member *chain_outer(const struct pg_class *c,
					   size_t first, size_t i, size_t j)
{
	const struct pg_member *o = NULL;

	for (; i < j; i++) {
		const struct pg_member *x = &c->members[c->by_obf[first + i]];

		if (x->flags & PG_METHOD)
			o = x;
	}
	return o;
}

static int same_text(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, k = 0;

	for (;;) {
		while (i < an && (a[i] == ' ' || a[i] == '\t'))
			i++;
		while (k < bn && (b[k] == ' ' || b[k] == '\t'))
			k++;
		if (i == an || k == bn)
			return i == an && k == bn;
		if (a[i++] != b[k++])
			return 0;
	}
}

static int same_sig(const struct pg_member *a, const struct pg_member *b)
{
	return same_text(a->name, a->name_len, b->name, b->name_len) &&
	       same_text(a->args, a->args_len, b->args, b->args_len) &&
	       same_text(a->type, a->type_len, b->type, b->type_len);
}

/* Does a chain of the same original method as o contain pos? */
static int sig_contains(const struct pg_class *c, size_t first, size_t cnt,
			const struct pg_member *o, long pos)
{
	size_t i, j;

	for (i = 0; i < cnt; i = j) {
		const struct pg_member *m = &c->members[c->by_obf[first + i]];
		const struct pg_member *x;

		j = chain_end(c, first, cnt, i);
		if (!(m->flags & PG_METHOD) || !contains(m, pos))
			continue;
		x = chain_outer(c, first, i, j);
		if (x && same_sig(x, o))
			return 1;
	}
	return 0;
}

/*
 * Inline chains of method `name` that apply at pos: the method's ranges
 * in file order, a chain being consecutive ranges with the same minified
 * range; with a position, the chains whose first range contains it, and
 * per original method (the chain's outermost signature) that has none,
 * its chains without a range (RetraceMethodResult.narrowByPosition, R8
 * 8.x: each member naming is narrowed on its own).  Fills sel (chains
 * back to back) and g (chain starts, g[ng] = end).
 */
static size_t narrow(const struct pg_class *c, const char *name,
		     size_t name_len, long pos, const struct pg_member **sel,
		     size_t *g, size_t cap, int *outer_only)
{
	size_t n = 0, ng = 0, i, j, first, cnt, k;
	const struct pg_member *m;
	int pass, haspos, any;

	cnt = pg_member_range(c, name, name_len, &first);
	haspos = pos >= 0;
	/*
	 * No line is line 0, the method preamble: 0:0 ranges hold it; when
	 * nothing does, every chain stands for it, without inline frames
	 * (the outermost frame of each).
	 */
	if (pos < 0)
		pos = 0;
	/* any range with pos at all?  (else no per-method look-up) */
	any = 0;
	for (i = 0; i < cnt && !any; i++)
		any = contains(&c->members[c->by_obf[first + i]], pos);
	*outer_only = 0;
	for (pass = 0; pass < 3 && !ng; pass++) {
		if (pass == 2 && pos != 0)
			break;
		n = 0;
		for (i = 0; i < cnt; i = j) {
			int take;

			m = &c->members[c->by_obf[first + i]];
			j = i + 1;
			if (!(m->flags & PG_METHOD))
				continue;
			/* the chain: following ranges of this name */
			j = chain_end(c, first, cnt, i);
			if (pass == 0)
				take = contains(m, pos) ||
				       (haspos && !(m->flags & PG_HAS_MIN) &&
					(!any || !sig_contains(c, first, cnt,
					    chain_outer(c, first, i, j),
					    pos)));
			else if (pass == 1)
				take = !(m->flags & PG_HAS_MIN);
			else
				take = 1;
			if (!take)
				continue;
			g[ng++] = n;
			for (k = i; k < j && n < cap; k++) {
				const struct pg_member *x =
					&c->members[c->by_obf[first + k]];

				if (x->flags & PG_METHOD)
					sel[n++] = x;
			}
			if (n >= cap || ng >= cap)
				break;
		}
		if (pass == 2)
			*outer_only = 1;
	}
	g[ng] = n;
	return ng;
}

static int thrown_matches(const struct jvm_retrace *r, const char *desc)
{
	size_t n = strlen(desc), tn;

	if (!r->thrown || n < 3 || desc[0] != 'L' || desc[n - 1] != ';')
		return 0;
	tn = strlen(r->thrown);
	if (tn != n - 2)
		return 0;
	for (size_t i = 0; i < tn; i++) {
		char c = r->thrown[i] == '.' ? '/' : r->thrown[i];

		if (c != desc[i + 1])
			return 0;
	}
	return 1;
}

static void split_holder(const struct pg_member *m, const struct pg_class *c,
			 struct rframe *f)
{
	size_t dot = 0;
	int q = 0;

	for (size_t i = m->name_len; i > 0; i--)
		if (m->name[i - 1] == '.') {
			dot = i - 1;
			q = 1;
			break;
		}
	if (q) {
		f->cls = m->name;
		f->cls_len = dot;
		f->name = m->name + dot + 1;
		f->name_len = m->name_len - dot - 1;
	} else {
		f->cls = c->orig;
		f->cls_len = c->orig_len;
		f->name = m->name;
		f->name_len = m->name_len;
	}
}

#define MAX_SEL 4096
#define MAX_EXPAND 64

/*
 * A range whose original lines cannot be told apart (more original lines
 * than minified ones, or none minified) is one alternative per original
 * line.
 */
static uint32_t expansions(const struct pg_member *m)
{
	uint32_t span;

	if (!(m->flags & PG_HAS_ORIG_END) || m->orig_end <= m->orig_start)
		return 1;
	span = m->orig_end - m->orig_start + 1;
	if ((m->flags & PG_HAS_MIN) &&
	    m->min_end - m->min_start + 1 == span)
		return 1;
	return span > MAX_EXPAND ? 1 : span;
}

static void unknown_frame(struct jvm_retrace *r, struct jvm_line *l,
			  const struct element *el, struct pg_class *c,
			  struct rset *s, const char *name, size_t name_len)
{
	struct rframe *f;

	alt_begin(s);
	if (!(f = rf_push(s)))
		return;
	if (c) {
		f->cls = c->orig;
		f->cls_len = c->orig_len;
	} else {
		f->cls = el->line + el->ord[el->cls].start;
		f->cls_len = (size_t)(el->ord[el->cls].end -
				      el->ord[el->cls].start);
	}
	f->mapped = c != NULL;
	f->name = name;
	f->name_len = name_len;
	f->line = element_line(el);
	frame_source(r, l, el, c, c != NULL, f);
	alt_end(s);
}

static int retrace_method(struct jvm_retrace *r, struct jvm_line *l,
			  const struct element *el, struct pg_class *c,
			  struct rset *s)
{
	const struct idx *mx = &el->ord[el->method];
	const char *name = el->line + mx->start;
	size_t name_len = (size_t)(mx->end - mx->start), i;
	long pos = element_line(el), given = pos;
	const struct pg_member **sel;
	size_t *g, ng, gi, nalt;
	int ambiguous, outer;

	if (!c) {
		r->rewrite_pos = -1;
		unknown_frame(r, l, el, NULL, s, name, name_len);
		return s->err;
	}
	if (pg_class_members(r->map, c))
		return SYM_ENOMEM;
	if (!r->sel) {
		r->sel = sym_malloc(MAX_SEL * sizeof(*r->sel));
		r->g = sym_malloc((MAX_SEL + 1) * sizeof(*r->g));
		if (!r->sel || !r->g)
			return SYM_ENOMEM;
	}
	sel = r->sel;
	g = r->g;
	ng = narrow(c, name, name_len, pos, sel, g, MAX_SEL, &outer);
	if (r->rewrite_pos >= 0 && ng &&
	    (sel[g[1] - 1]->flags & PG_OUTLINE_CALLSITE)) {
		const struct pg_member *m = sel[g[1] - 1];

		for (i = 0; i < m->npos; i++)
			if (r->map->pos[m->pos + i].from ==
			    (uint32_t)r->rewrite_pos) {
				pos = r->map->pos[m->pos + i].to;
				break;
			}
		ng = narrow(c, name, name_len, pos, sel, g, MAX_SEL, &outer);
	}
	r->rewrite_pos = -1;
	if (!ng) {
		unknown_frame(r, l, el, c, s, name, name_len);
		goto out;
	}
	nalt = 0;
	for (gi = 0; gi < ng; gi++)
		nalt += expansions(sel[g[gi]]);
	ambiguous = nalt > 1;
	for (gi = 0; gi < ng; gi++) {
		size_t first = g[gi], end = g[gi + 1], k, top, last;
		uint32_t remove = 0, nexp = expansions(sel[first]);

		/* rewriteFrame rules of any range of the chain apply */
		for (k = first; k < end; k++)
			for (uint32_t q = 0; q < sel[k]->nrw; q++)
				if (thrown_matches(r,
				    r->map->rw[sel[k]->rw + q].throws))
					remove += r->map->rw[sel[k]->rw + q]
							  .remove_inner;
		top = first + remove;
		if (outer && end > first)
			top = end - 1;
		if (top > end)
			top = end;
		last = end;
		if (sel[end - 1]->flags & PG_OUTLINE) {
			/* the outline's caller gets this position; frames
			 * inlined into the outline are kept */
			r->rewrite_pos = pos;
			last--;
		} else if (sel[end - 1]->flags & PG_SYNTHESIZED) {
			last--;
		}
		if (top >= last) {
			continue;
		}
		for (uint32_t e = 0; e < nexp; e++) {
			alt_begin(s);
			for (k = top; k < last; k++) {
				struct rframe *f = rf_push(s);

				if (!f)
					break;
				split_holder(sel[k], c, f);
				f->mem = sel[k];
				f->mapped = 1;
				if (k == first && nexp > 1)
					f->line = (long)sel[k]->orig_start + e;
				else
					f->line = orig_line(sel[k],
							    pos < 0 ? 0 : pos);
				if (f->line < 0 || (f->line == 0 && given < 0))
					f->line = given;
				f->ambiguous = ambiguous;
				frame_source(r, l, el, c, 1, f);
			}
			alt_end(s);
		}
	}
out:
	return s->err;
}

static void retrace_field(struct jvm_retrace *r, struct jvm_line *l,
			  const struct element *el, struct pg_class *c,
			  struct rset *s)
{
	const struct idx *fx = &el->ord[el->field];
	const char *name = el->line + fx->start;
	size_t name_len = (size_t)(fx->end - fx->start), cnt = 0;

	if (c && pg_class_members(r->map, c))
		c = NULL;
	if (c)
		for (size_t i = 0; i < c->nmembers; i++)
			cnt += member_is(&c->members[i], name, name_len, 0);
	if (!cnt) {
		unknown_frame(r, l, el, c, s, name, name_len);
		return;
	}
	for (size_t i = 0; i < c->nmembers; i++) {
		struct rframe *f;

		if (!member_is(&c->members[i], name, name_len, 0))
			continue;
		alt_begin(s);
		if (!(f = rf_push(s)))
			return;
		split_holder(&c->members[i], c, f);
		f->mem = &c->members[i];
		f->mapped = 1;
		f->ambiguous = cnt > 1;
		f->line = element_line(el);
		frame_source(r, l, el, c, 1, f);
		alt_end(s);
	}
}

/* ---- rendering ---- */

static void type_out(struct jvm_retrace *r, struct buf *b, const char *t,
		     size_t n)
{
	size_t base = n;
	struct pg_class *c;

	while (base >= 2 && t[base - 2] == '[' && t[base - 1] == ']')
		base -= 2;
	c = pg_find_class(r->map, t, base);
	if (c) {
		buf_add(b, c->orig, c->orig_len);
		buf_add(b, t + base, n - base);
	} else {
		buf_add(b, t, n);
	}
}

/* Original types as written in the map, without blanks. */
static void squeeze(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			buf_add(b, s + i, 1);
}

static void method_out(struct jvm_retrace *r, struct buf *b,
		       const struct rframe *f)
{
	const struct pg_member *m = f->mem;

	if ((r->flags & JVM_VERBOSE) && m) {
		buf_add(b, m->type, m->type_len);
		buf_add(b, " ", 1);
		buf_add(b, f->name, f->name_len);
		if (m->flags & PG_METHOD) {
			buf_add(b, "(", 1);
			squeeze(b, m->args, m->args_len);
			buf_add(b, ")", 1);
		}
		return;
	}
	buf_add(b, f->name, f->name_len);
}

static void render(struct jvm_retrace *r, const struct element *el,
		   const struct rframe *f, struct buf *b)
{
	long last = 0, orig = element_line(el);
	char num[24];

	for (int i = 0; i < el->nord; i++) {
		const struct idx *x = &el->ord[i];
		const char *t = el->line + x->start;
		size_t tn = (size_t)(x->end - x->start);

		if (x->start < last)
			continue;
		buf_add(b, el->line + last, (size_t)(x->start - last));
		last = x->end;
		switch (x->kind) {
		case H_CLASS:
		case H_BINARY:
			if (!el->binary) {
				buf_add(b, f->cls, f->cls_len);
				break;
			}
			for (size_t k = 0; k < f->cls_len; k++)
				buf_add(b, f->cls[k] == '.' ? "/" : f->cls + k,
					1);
			break;
		case H_METHOD:
			if (f->mem && (f->mem->flags & PG_METHOD))
				method_out(r, b, f);
			else
				buf_add(b, t, tn);
			break;
		case H_FIELD:
			if (f->mem && !(f->mem->flags & PG_METHOD))
				method_out(r, b, f);
			else
				buf_add(b, t, tn);
			break;
		case H_SOURCE:
			if (f->src)
				buf_add(b, f->src, f->src_len);
			else
				buf_add(b, t, tn);
			break;
		case H_LINE:
			if (f->line != -1 &&
			    (orig > -1 || !f->ambiguous ||
			     (r->flags & JVM_VERBOSE))) {
				char *q = num + sizeof(num);
				unsigned long v = (unsigned long)f->line;

				do
					*--q = (char)('0' + v % 10);
				while ((v /= 10));
				if (x->sep)
					*--q = ':';
				buf_add(b, q, (size_t)(num + sizeof(num) - q));
			} else {
				buf_add(b, t, tn);
			}
			break;
		case H_TYPE:
			if (tn == 4 && !memcmp(t, "void", 4))
				buf_add(b, t, tn);
			else
				type_out(r, b, t, tn);
			break;
		case H_ARGS: {
			size_t k, st = 0, a, e;

			/* each type retraced, separators kept as written */
			for (k = 0; k <= tn; k++) {
				if (k < tn && t[k] != ',')
					continue;
				for (a = st; a < k && (t[a] == ' ' ||
						       t[a] == '\t'); a++)
					;
				for (e = k; e > a && (t[e - 1] == ' ' ||
						      t[e - 1] == '\t'); e--)
					;
				buf_add(b, t + st, a - st);
				type_out(r, b, t + a, e - a);
				buf_add(b, t + e, k - e);
				if (k < tn)
					buf_add(b, ",", 1);
				st = k + 1;
			}
			break;
		}
		case H_SRCLINE:
			break;
		}
	}
	buf_add(b, el->line + last, el->len - (size_t)last);
}

/* RetraceStackTraceElementProxy.compareTo on the top frames. */
static int cmp_str(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = memcmp(a, b, n);

	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

static int cmp_top(struct jvm_retrace *r, const struct rframe *a,
		   const struct rframe *b)
{
	int c = cmp_str(a->cls, a->cls_len, b->cls, b->cls_len);
	struct buf x = { 0 }, y = { 0 };
	unsigned saved = r->flags;

	if (c)
		return c;
	if ((c = (a->mem != NULL) - (b->mem != NULL)))
		return c;
	if ((c = cmp_str(a->name, a->name_len, b->name, b->name_len)))
		return c;
	if (a->mem && b->mem) {
		r->flags |= JVM_VERBOSE;
		method_out(r, &x, a);
		method_out(r, &y, b);
		r->flags = saved;
		c = cmp_str(x.p ? x.p : "", x.n, y.p ? y.p : "", y.n);
		sym_free(x.p);
		sym_free(y.p);
		if (c)
			return c;
	}
	if ((c = (a->src != NULL) - (b->src != NULL)))
		return c;
	if (a->src && (c = cmp_str(a->src, a->src_len, b->src, b->src_len)))
		return c;
	if ((c = (a->line != -1) - (b->line != -1)))
		return c;
	return (a->line > b->line) - (a->line < b->line);
}

/* ---- messages (--messages) ---- */

static int ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '$' || c >= 0x80;
}

static int ident_part(int c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* Unique original name of member obf (method or field) in c, or NULL. */
static const struct pg_member *unique_member(struct pg_class *c,
					     const char *obf, size_t n,
					     int method)
{
	const struct pg_member *found = NULL;

	for (size_t i = 0; i < c->nmembers; i++) {
		const struct pg_member *m = &c->members[i];

		if (!member_is(m, obf, n, method))
			continue;
		if (found && (found->name_len != m->name_len ||
			      memcmp(found->name, m->name, m->name_len)))
			return NULL;
		found = m;
	}
	return found;
}

/*
 * Rewrite qualified names in a message: a.b.C -> class, a.b.C.m( ->
 * class and method, a.b.C.F -> class and field (enum constants).
 */
static void message_out(struct jvm_retrace *r, struct buf *b,
			const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t st = i, lastdot = 0, e;
		int dots = 0;
		struct pg_class *c;

		if (!ident_start((unsigned char)s[i]) ||
		    (i > 0 && (ident_part((unsigned char)s[i - 1]) ||
			       s[i - 1] == '.'))) {
			buf_add(b, s + i, 1);
			i++;
			continue;
		}
		e = i;
		for (;;) {
			while (e < n && ident_part((unsigned char)s[e]))
				e++;
			if (e + 1 < n && s[e] == '.' &&
			    ident_start((unsigned char)s[e + 1])) {
				lastdot = e;
				dots++;
				e++;
				continue;
			}
			break;
		}
		c = pg_find_class(r->map, s + st, e - st);
		if (c) {
			buf_add(b, c->orig, c->orig_len);
		} else if (dots && (c = pg_find_class(r->map, s + st,
						       lastdot - st))) {
			const char *mn = s + lastdot + 1;
			size_t ml = e - lastdot - 1;
			int method = e < n && s[e] == '(';
			const struct pg_member *m = NULL;

			if (!pg_class_members(r->map, c))
				m = unique_member(c, mn, ml, method);
			buf_add(b, c->orig, c->orig_len);
			buf_add(b, ".", 1);
			if (m) {
				struct rframe f = { 0 };

				split_holder(m, c, &f);
				buf_add(b, f.name, f.name_len);
			} else {
				buf_add(b, mn, ml);
			}
		} else {
			buf_add(b, s + st, e - st);
		}
		i = e;
	}
}

/* ---- the line ---- */

static void line_reset(struct jvm_line *l)
{
	struct jvm_pool *p = l->pool_;

	/* keep one block for reuse */
	if (p) {
		struct jvm_pool *q = p->next;

		p->used = 0;
		p->next = NULL;
		while (q) {
			struct jvm_pool *nx = q->next;

			sym_free(q);
			q = nx;
		}
	}
	l->kind = JVM_LINE_OTHER;
	l->text_len = 0;
	l->mapped = 0;
	l->exception = l->message = NULL;
	l->nalts = l->nframes = 0;
}

void jvm_line_release(struct jvm_line *l)
{
	struct jvm_pool *p = l->pool_;

	while (p) {
		struct jvm_pool *nx = p->next;

		sym_free(p);
		p = nx;
	}
	sym_free(l->textbuf_);
	sym_free(l->alts);
	sym_free(l->frames);
	memset(l, 0, sizeof(*l));
}

/* The output buffer becomes the line's (it may have moved). */
static int text_set(struct jvm_line *l, struct buf *b)
{
	l->textbuf_ = b->p;
	l->textcap_ = b->cap;
	if (b->err)
		return b->err;
	l->text = b->p ? b->p : "";
	l->text_len = b->n;
	return SYM_OK;
}

/* Fill the frame model from the retraced frames. */
static int fill_frames(struct jvm_line *l, const struct rset *s)
{
	size_t nf = 0;

	for (size_t a = 0; a < s->nalt; a++)
		nf += s->alt[a].n;
	if (nf > l->capframes_) {
		struct sym_frame *f = sym_reallocarray(l->frames, nf,
						       sizeof(*f));

		if (!f)
			return SYM_ENOMEM;
		l->frames = f;
		l->capframes_ = nf;
	}
	if (s->nalt > l->capalts_) {
		struct jvm_alt *na = sym_reallocarray(l->alts, s->nalt,
						      sizeof(*na));

		if (!na)
			return SYM_ENOMEM;
		l->alts = na;
		l->capalts_ = s->nalt;
	}
	nf = 0;
	l->nalts = 0;
	for (size_t a = 0; a < s->nalt; a++) {
		if (!s->alt[a].n)
			continue;
		l->alts[l->nalts].first = nf;
		l->alts[l->nalts].n = s->alt[a].n;
		l->nalts++;
		for (size_t k = 0; k < s->alt[a].n; k++) {
			const struct rframe *rf = &s->f[s->alt[a].first + k];
			struct sym_frame *f = &l->frames[nf++];

			memset(f, 0, sizeof(*f));
			f->module = -1;
			f->class_name = pool_str(l, rf->cls, rf->cls_len);
			f->function = pool_str(l, rf->name, rf->name_len);
			if (rf->src)
				f->file = pool_str(l, rf->src, rf->src_len);
			f->line = rf->line > 0 ? (uint32_t)rf->line : 0;
			f->inlined = k + 1 < s->alt[a].n;
			if (!f->class_name || !f->function)
				return SYM_ENOMEM;
		}
	}
	l->nframes = nf;
	return SYM_OK;
}

static void set_thrown(struct jvm_retrace *r, const char *s, size_t n)
{
	sym_free(r->thrown);
	r->thrown = s ? sym_strndup(s, n) : NULL;
}

/* Alternatives sorted (stable) by their top frame. */
static void sort_alts(struct jvm_retrace *r, struct rset *s)
{
	for (size_t i = 1; i < s->nalt; i++) {
		struct jvm_alt a = s->alt[i];
		size_t j = i;

		while (j > 0 && cmp_top(r, &s->f[a.first],
					&s->f[s->alt[j - 1].first]) < 0) {
			s->alt[j] = s->alt[j - 1];
			j--;
		}
		s->alt[j] = a;
	}
}

/* StringRetrace.joinAmbiguousLines */
static void join(struct jvm_retrace *r, const struct element *el,
		 const struct rset *s, struct buf *out)
{
	struct buf *lines;
	size_t depth = 0;

	if (!s->nalt)
		return;
	lines = sym_calloc(s->nalt, sizeof(*lines));
	if (!lines) {
		out->err = SYM_ENOMEM;
		return;
	}
	for (size_t a = 0; a < s->nalt; a++)
		if (s->alt[a].n > depth)
			depth = s->alt[a].n;
	for (size_t d = 0; d < depth; d++) {
		for (size_t a = 0; a < s->nalt; a++) {
			lines[a].n = 0;
			if (d >= s->alt[a].n)
				continue;
			render(r, el, &s->f[s->alt[a].first + d], &lines[a]);
			if (lines[a].err) {
				out->err = lines[a].err;
				goto out;
			}
		}
		for (size_t a = 0; a < s->nalt; a++) {
			const char *t = lines[a].p ? lines[a].p : "";
			int dup = 0;

			if (d >= s->alt[a].n)
				continue;
			for (size_t p = 0; p < a && !dup; p++)
				dup = d < s->alt[p].n &&
				      lines[p].n == lines[a].n &&
				      !memcmp(lines[p].p ? lines[p].p : "", t,
					      lines[a].n);
			if (dup)
				continue;
			if (a > 0) {
				const char *at = strstr(t, "at ");
				size_t k = 0;

				if (at) {
					k = (size_t)(at - t);
				} else {
					while (k < lines[a].n &&
					       (t[k] == ' ' || t[k] == '\t'))
						k++;
					if (k == lines[a].n)
						k = 0;
				}
				buf_add(out, t, k);
				buf_str(out, "<OR> ");
				buf_add(out, t + k, lines[a].n - k);
			} else {
				buf_add(out, t, lines[a].n);
			}
			buf_add(out, "\n", 1);
		}
	}
out:
	for (size_t a = 0; a < s->nalt; a++)
		sym_free(lines[a].p);
	sym_free(lines);
}

int jvm_retrace_line(struct jvm_retrace *r, const char *line, size_t len,
		     struct jvm_line *l)
{
	struct element el;
	struct rset s = r->set;
	struct buf out = { 0 };
	struct pg_class *c = NULL;
	int err = SYM_OK;

	/* the line's text buffer and the frame arrays are reused */
	out.p = l->textbuf_;
	out.cap = l->textcap_;
	s.n = s.nalt = 0;
	s.err = 0;
	line_reset(l);
	parse_element(r, line, len, &el);
	if (el.cls < 0) {
		set_thrown(r, NULL, 0);
		r->rewrite_pos = -1;
		buf_add(&out, line, len);
		buf_add(&out, "\n", 1);
		r->set = s;
		return text_set(l, &out);
	}
	c = pg_find_class(r->map, line + el.ord[el.cls].start,
			  (size_t)(el.ord[el.cls].end - el.ord[el.cls].start));
	if (c && el.binary)
		c = NULL;
	if (el.binary) {
		/* %C: look the class up by its dotted name */
		char tmp[1024];
		size_t n = (size_t)(el.ord[el.cls].end - el.ord[el.cls].start);

		if (n < sizeof(tmp)) {
			for (size_t i = 0; i < n; i++) {
				char ch = line[el.ord[el.cls].start + (long)i];

				tmp[i] = ch == '/' ? '.' : ch;
			}
			c = pg_find_class(r->map, tmp, n);
		}
	}
	l->mapped = c != NULL;
	if (el.method >= 0) {
		l->kind = JVM_LINE_FRAME;
		err = retrace_method(r, l, &el, c, &s);
		set_thrown(r, NULL, 0);
	} else {
		r->rewrite_pos = -1;
		if (el.field >= 0) {
			set_thrown(r, NULL, 0);
			l->kind = JVM_LINE_FIELD;
			retrace_field(r, l, &el, c, &s);
		} else {
			struct rframe *f;
			const struct idx *x = &el.ord[el.cls];

			l->kind = JVM_LINE_HEADER;
			set_thrown(r, line + x->start,
				   (size_t)(x->end - x->start));
			alt_begin(&s);
			if ((f = rf_push(&s))) {
				f->cls = c ? c->orig : line + x->start;
				f->cls_len = c ? c->orig_len :
					(size_t)(x->end - x->start);
				f->mapped = c != NULL;
				frame_source(r, l, &el, c, c != NULL, f);
			}
			alt_end(&s);
		}
	}
	if (!err)
		err = s.err;
	if (err)
		goto out;
	if (s.nalt > 1)
		sort_alts(r, &s);
	if (l->kind == JVM_LINE_HEADER && (r->flags & JVM_MESSAGES) &&
	    s.nalt == 1 && s.alt[0].n == 1) {
		/* render the header, then rewrite names in the message */
		struct buf hb = { 0 };
		long ce = el.ord[el.cls].end;

		render(r, &el, &s.f[0], &hb);
		if (hb.err) {
			err = hb.err;
			goto out;
		}
		{
			size_t keep = hb.n - (len - (size_t)ce);

			buf_add(&out, hb.p, keep);
			message_out(r, &out, line + ce, len - (size_t)ce);
			buf_add(&out, "\n", 1);
		}
		sym_free(hb.p);
	} else {
		join(r, &el, &s, &out);
	}
	if ((err = out.err))
		goto out;
	if (l->kind == JVM_LINE_HEADER) {
		const struct idx *x = &el.ord[el.cls];
		long m = x->end;

		l->exception = pool_str(l, s.f[0].cls, s.f[0].cls_len);
		if (m < (long)len && line[m] == ':') {
			m++;
			while (m < (long)len && line[m] == ' ')
				m++;
			l->message = pool_str(l, line + m, len - (size_t)m);
		}
	}
	err = fill_frames(l, &s);
out:
	r->set = s;
	if (err) {
		l->textbuf_ = out.p;
		l->textcap_ = out.cap;
		return err;
	}
	return text_set(l, &out);
}

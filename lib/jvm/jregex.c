/* SPDX-License-Identifier: MIT */
/*
 * jregex.c - backtracking matcher for Java regex patterns (see jregex.h).
 *
 * The pattern compiles to an array of nodes linked by `next`.  Every
 * fragment ends in a NOP node so fragments join without patch lists.
 * Repetition uses a REP node (counter per loop) and a REPEND node that
 * the body's tail points to; single-class loops (`.*`, `\s+`, `[^:]*`)
 * take a fast path that scans first and backtracks over positions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/hex.h"
#include "lib/jvm/jregex.h"

enum {
	N_NOP, N_SET, N_BOL, N_EOL, N_WB, N_NWB, N_ALT, N_OPEN, N_CLOSE,
	N_REP, N_REPEND, N_LOOK, N_LOOKEND, N_END
};

#define REP_INF (-1)
#define MAX_STEPS 2000000L
#define MAX_DEPTH 20000
#define MAX_NODES 100000

struct node {
	unsigned char type;
	unsigned char greedy;	/* REP */
	unsigned char neg;	/* LOOK */
	unsigned char simple;	/* REP: body is one SET node */
	unsigned char uni;	/* SET: also Unicode spaces (\p{Z}) */
	unsigned char possessive;	/* REP: no backtracking (simple only) */
	int next;
	int a;			/* ALT: first branch slot; REP: body; group */
	int b;			/* ALT: branches; REP: loop id; REPEND: rep */
	int min, max;		/* REP */
	uint32_t set[8];	/* SET */
};

struct jre {
	struct node *nodes;
	int n, cap;
	int *branches;
	int nbranches, capbranches;
	int ngroups, nreps;
	int start;
	char **names;		/* names[g] for named groups, else NULL */
	int nnames;
	long *scratch;		/* captures and loop counters for jre_match */
};

struct parser {
	struct jre *re;
	const char *p;
	char *err;
	size_t errlen;
	int failed;
	int uni;	/* last class escape was \p{Z} */
};

struct frag {
	int head, tail;
};

static void perr(struct parser *ps, const char *msg)
{
	if (!ps->failed && ps->err && ps->errlen)
		snprintf(ps->err, ps->errlen, "%s", msg);
	ps->failed = 1;
}

static int new_node(struct parser *ps, int type)
{
	struct jre *re = ps->re;
	struct node *nn;

	if (ps->failed)
		return -1;
	if (re->n == re->cap) {
		int cap = re->cap ? re->cap * 2 : 64;

		if (cap > MAX_NODES) {
			perr(ps, "pattern too large");
			return -1;
		}
		nn = sym_reallocarray(re->nodes, (size_t)cap, sizeof(*nn));
		if (!nn) {
			perr(ps, "out of memory");
			return -1;
		}
		re->nodes = nn;
		re->cap = cap;
	}
	nn = &re->nodes[re->n];
	memset(nn, 0, sizeof(*nn));
	nn->type = (unsigned char)type;
	nn->next = -1;
	return re->n++;
}

static void set_add(uint32_t *s, int c)
{
	s[(c & 0xff) >> 5] |= 1u << (c & 31);
}

static int set_has(const uint32_t *s, int c)
{
	return (s[c >> 5] >> (c & 31)) & 1;
}

static void set_range(uint32_t *s, int lo, int hi)
{
	for (int c = lo; c <= hi; c++)
		set_add(s, c);
}

static void set_high(uint32_t *s)
{
	set_range(s, 0x80, 0xff);
}

static void set_invert(uint32_t *s)
{
	for (int i = 0; i < 8; i++)
		s[i] = ~s[i];
}

/* Named property \p{name}: fills s; 0 on success. */
static int prop_set(const char *name, size_t len, uint32_t *s)
{
#define IS(x) (len == sizeof(x) - 1 && !memcmp(name, x, len))
	memset(s, 0, 32);
	if (IS("L") || IS("IsL") || IS("Alpha") || IS("javaLetter") ||
	    IS("IsAlphabetic")) {
		set_range(s, 'a', 'z');
		set_range(s, 'A', 'Z');
		set_high(s);
	} else if (IS("Lu") || IS("Upper") || IS("javaUpperCase")) {
		set_range(s, 'A', 'Z');
	} else if (IS("Ll") || IS("Lower") || IS("javaLowerCase")) {
		set_range(s, 'a', 'z');
	} else if (IS("N") || IS("Nd") || IS("Digit") || IS("IsDigit")) {
		set_range(s, '0', '9');
	} else if (IS("Alnum") || IS("javaLetterOrDigit")) {
		set_range(s, 'a', 'z');
		set_range(s, 'A', 'Z');
		set_range(s, '0', '9');
		set_high(s);
	} else if (IS("Z") || IS("Zs")) {
		set_add(s, ' ');
		return 1;	/* plus the non-ASCII separators */
	} else if (IS("Blank")) {
		set_add(s, ' ');
		set_add(s, '\t');
	} else if (IS("Space") || IS("javaWhitespace")) {
		set_add(s, ' ');
		set_range(s, '\t', '\r');
	} else if (IS("Sc")) {
		set_add(s, '$');
	} else if (IS("Punct")) {
		set_range(s, '!', '/');
		set_range(s, ':', '@');
		set_range(s, '[', '`');
		set_range(s, '{', '~');
	} else if (IS("ASCII")) {
		set_range(s, 0, 0x7f);
	} else if (IS("javaJavaIdentifierStart")) {
		set_range(s, 'a', 'z');
		set_range(s, 'A', 'Z');
		set_add(s, '_');
		set_add(s, '$');
		set_high(s);
	} else if (IS("javaJavaIdentifierPart")) {
		set_range(s, 'a', 'z');
		set_range(s, 'A', 'Z');
		set_range(s, '0', '9');
		set_add(s, '_');
		set_add(s, '$');
		set_high(s);
		/* identifier-ignorable control characters */
		set_range(s, 0, 8);
		set_range(s, 0x0e, 0x1b);
		set_add(s, 0x7f);
	} else {
		return -1;
	}
	return 0;
#undef IS
}

/*
 * Escape after a backslash at ps->p.  A class escape fills cls and
 * returns -2; a literal returns its byte; an anchor returns -3 - type.
 */
static int parse_escape(struct parser *ps, uint32_t *cls, int in_class)
{
	int c = (unsigned char)*ps->p;
	int v, d;

	if (!c) {
		perr(ps, "trailing backslash");
		return -1;
	}
	ps->p++;
	memset(cls, 0, 32);
	switch (c) {
	case 'd': case 'D':
		set_range(cls, '0', '9');
		if (c == 'D')
			set_invert(cls);
		return -2;
	case 's': case 'S':
		set_add(cls, ' ');
		set_range(cls, '\t', '\r');
		if (c == 'S')
			set_invert(cls);
		return -2;
	case 'w': case 'W':
		set_range(cls, 'a', 'z');
		set_range(cls, 'A', 'Z');
		set_range(cls, '0', '9');
		set_add(cls, '_');
		if (c == 'W')
			set_invert(cls);
		return -2;
	case 'h':
		set_add(cls, ' ');
		set_add(cls, '\t');
		return -2;
	case 'p': case 'P': {
		const char *name = ps->p, *e;
		size_t len = 1;

		if (*ps->p == '{') {
			name = ps->p + 1;
			e = strchr(name, '}');
			if (!e) {
				perr(ps, "unclosed property");
				return -1;
			}
			len = (size_t)(e - name);
			ps->p = e + 1;
		} else if (*ps->p) {
			ps->p++;
		}
		v = prop_set(name, len, cls);
		if (v < 0) {
			perr(ps, "unknown character property");
			return -1;
		}
		if (c == 'P')
			set_invert(cls);
		else if (v == 1)
			ps->uni = 1;
		return -2;
	}
	case 't': return '\t';
	case 'n': return '\n';
	case 'r': return '\r';
	case 'f': return '\f';
	case 'a': return 7;
	case 'e': return 27;
	case 'x':
		if ((v = sym_hex_digit(ps->p[0])) < 0 ||
		    (d = sym_hex_digit(ps->p[1])) < 0) {
			perr(ps, "bad \\x escape");
			return -1;
		}
		ps->p += 2;
		return v * 16 + d;
	case 'u':
		v = 0;
		for (int i = 0; i < 4; i++) {
			if ((d = sym_hex_digit(ps->p[i])) < 0) {
				perr(ps, "bad \\u escape");
				return -1;
			}
			v = v * 16 + d;
		}
		ps->p += 4;
		if (v > 0x7f) {
			perr(ps, "non-ASCII \\u escape unsupported");
			return -1;
		}
		return v;
	case '0':
		v = 0;
		for (int i = 0; i < 3 && *ps->p >= '0' && *ps->p <= '7'; i++)
			v = v * 8 + (*ps->p++ - '0');
		return v & 0xff;
	case 'b':
		if (in_class)
			break;
		return -3 - N_WB;
	case 'B':
		if (in_class)
			break;
		return -3 - N_NWB;
	case 'A':
		if (in_class)
			break;
		return -3 - N_BOL;
	case 'z': case 'Z':
		if (in_class)
			break;
		return -3 - N_EOL;
	default:
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '1' && c <= '9'))
			break;
		return c;
	}
	perr(ps, "unsupported escape");
	return -1;
}

static int parse_class(struct parser *ps, uint32_t *s)
{
	uint32_t tmp[8];
	int neg = 0, first = 1;

	memset(s, 0, 32);
	if (*ps->p == '^') {
		neg = 1;
		ps->p++;
	}
	for (;;) {
		int c = (unsigned char)*ps->p, lo, hi;

		if (!c) {
			perr(ps, "unclosed character class");
			return -1;
		}
		if (c == ']' && !first) {
			ps->p++;
			break;
		}
		first = 0;
		if (c == '[' || (c == '&' && ps->p[1] == '&')) {
			perr(ps, "nested character classes unsupported");
			return -1;
		}
		ps->p++;
		if (c == '\\') {
			lo = parse_escape(ps, tmp, 1);
			if (lo == -1)
				return -1;
			if (lo == -2) {
				for (int i = 0; i < 8; i++)
					s[i] |= tmp[i];
				continue;
			}
		} else {
			lo = c;
		}
		hi = lo;
		if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
			ps->p++;
			c = (unsigned char)*ps->p++;
			if (c == '\\') {
				hi = parse_escape(ps, tmp, 1);
				if (hi < 0) {
					perr(ps, "bad class range");
					return -1;
				}
			} else {
				hi = c;
			}
			if (hi < lo) {
				perr(ps, "bad class range");
				return -1;
			}
		}
		set_range(s, lo, hi);
	}
	if (neg)
		set_invert(s);
	return 0;
}

static struct frag parse_alt(struct parser *ps);

static struct frag single(struct parser *ps, int type)
{
	struct frag f = { -1, -1 };
	int h = new_node(ps, type), t = new_node(ps, N_NOP);

	if (h < 0 || t < 0)
		return f;
	ps->re->nodes[h].next = t;
	f.head = h;
	f.tail = t;
	return f;
}

static int add_name(struct parser *ps, int g, const char *name, size_t len)
{
	struct jre *re = ps->re;
	char **nn;

	if (g >= re->nnames) {
		int cap = g + 16;

		nn = sym_reallocarray(re->names, (size_t)cap, sizeof(*nn));
		if (!nn)
			return -1;
		memset(nn + re->nnames, 0,
		       (size_t)(cap - re->nnames) * sizeof(*nn));
		re->names = nn;
		re->nnames = cap;
	}
	re->names[g] = sym_strndup(name, len);
	return re->names[g] ? 0 : -1;
}

static struct frag parse_group(struct parser *ps)
{
	struct frag f = { -1, -1 }, in;
	int g = -1, look = 0, neg = 0, o, c, t;

	if (*ps->p == '?') {
		ps->p++;
		if (*ps->p == ':') {
			ps->p++;
		} else if (*ps->p == '=' || *ps->p == '!') {
			look = 1;
			neg = *ps->p == '!';
			ps->p++;
		} else if (*ps->p == '<' && ps->p[1] != '=' &&
			   ps->p[1] != '!') {
			const char *name = ++ps->p;
			const char *e = strchr(name, '>');

			if (!e) {
				perr(ps, "bad group name");
				return f;
			}
			ps->p = e + 1;
			g = ++ps->re->ngroups;
			if (add_name(ps, g, name, (size_t)(e - name))) {
				perr(ps, "out of memory");
				return f;
			}
		} else {
			perr(ps, "unsupported group construct");
			return f;
		}
	} else {
		g = ++ps->re->ngroups;
	}
	in = parse_alt(ps);
	if (ps->failed)
		return f;
	if (*ps->p != ')') {
		perr(ps, "unclosed group");
		return f;
	}
	ps->p++;
	if (look) {
		o = new_node(ps, N_LOOK);
		c = new_node(ps, N_LOOKEND);
		t = new_node(ps, N_NOP);
		if (t < 0)
			return f;
		ps->re->nodes[o].a = in.head;
		ps->re->nodes[o].neg = (unsigned char)neg;
		ps->re->nodes[o].next = t;
		ps->re->nodes[in.tail].next = c;
		f.head = o;
		f.tail = t;
		return f;
	}
	if (g < 0)
		return in;
	o = new_node(ps, N_OPEN);
	c = new_node(ps, N_CLOSE);
	t = new_node(ps, N_NOP);
	if (t < 0)
		return f;
	ps->re->nodes[o].a = g;
	ps->re->nodes[c].a = g;
	ps->re->nodes[o].next = in.head;
	ps->re->nodes[in.tail].next = c;
	ps->re->nodes[c].next = t;
	f.head = o;
	f.tail = t;
	return f;
}

static struct frag parse_atom(struct parser *ps)
{
	struct frag f = { -1, -1 };
	uint32_t cls[8];
	int c = (unsigned char)*ps->p, v;

	ps->uni = 0;
	ps->p++;
	switch (c) {
	case '(':
		return parse_group(ps);
	case '[':
		if (parse_class(ps, cls))
			return f;
		break;
	case '.':
		memset(cls, 0xff, sizeof(cls));
		cls['\n' >> 5] &= ~(1u << ('\n' & 31));
		cls['\r' >> 5] &= ~(1u << ('\r' & 31));
		break;
	case '^':
		return single(ps, N_BOL);
	case '$':
		return single(ps, N_EOL);
	case '\\':
		v = parse_escape(ps, cls, 0);
		if (v == -1)
			return f;
		if (v <= -3)
			return single(ps, -3 - v);
		if (v >= 0) {
			memset(cls, 0, sizeof(cls));
			set_add(cls, v);
		}
		break;
	case '*': case '+': case '?':
		perr(ps, "dangling quantifier");
		return f;
	default:
		memset(cls, 0, sizeof(cls));
		set_add(cls, c);
		break;
	}
	f = single(ps, N_SET);
	if (f.head >= 0) {
		memcpy(ps->re->nodes[f.head].set, cls, sizeof(cls));
		ps->re->nodes[f.head].uni = (unsigned char)ps->uni;
	}
	return f;
}

static int parse_int(const char **p)
{
	long v = 0;

	if (**p < '0' || **p > '9')
		return -1;
	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		if (v > 100000)
			v = 100000;
		(*p)++;
	}
	return (int)v;
}

/* Apply a quantifier at ps->p (if any) to fragment f. */
static struct frag quantify(struct parser *ps, struct frag f)
{
	int min, max, r, e, t;
	struct node *n;

	for (;;) {
		const char *p = ps->p;

		if (*p == '*') {
			min = 0, max = REP_INF, p++;
		} else if (*p == '+') {
			min = 1, max = REP_INF, p++;
		} else if (*p == '?') {
			min = 0, max = 1, p++;
		} else if (*p == '{' && p[1] >= '0' && p[1] <= '9') {
			p++;
			min = parse_int(&p);
			max = min;
			if (*p == ',') {
				p++;
				max = *p == '}' ? REP_INF : parse_int(&p);
			}
			if (*p != '}' || max == -1 ||
			    (max != REP_INF && max < min)) {
				perr(ps, "bad repetition");
				return f;
			}
			p++;
		} else {
			return f;
		}
		ps->p = p;
		r = new_node(ps, N_REP);
		e = new_node(ps, N_REPEND);
		t = new_node(ps, N_NOP);
		if (t < 0)
			return f;
		n = &ps->re->nodes[r];
		n->greedy = 1;
		if (*ps->p == '?') {
			n->greedy = 0;
			ps->p++;
		} else if (*ps->p == '+') {
			/* possessive: exact for one-class loops, else greedy */
			n->possessive = 1;
			ps->p++;
		}
		n->min = min;
		n->max = max;
		n->a = f.head;
		n->b = ps->re->nreps++;
		n->next = t;
		n->simple = ps->re->nodes[f.head].type == N_SET &&
			    !ps->re->nodes[f.head].uni &&
			    ps->re->nodes[f.head].next == f.tail;
		ps->re->nodes[f.tail].next = e;
		ps->re->nodes[e].b = r;
		f.head = r;
		f.tail = t;
	}
}

static struct frag parse_seq(struct parser *ps)
{
	struct frag f = single(ps, N_NOP), a;

	if (f.head < 0)
		return f;
	/* single() made NOP -> NOP; use the second as the running tail */
	while (!ps->failed && *ps->p && *ps->p != '|' && *ps->p != ')') {
		a = parse_atom(ps);
		if (ps->failed)
			break;
		a = quantify(ps, a);
		if (ps->failed)
			break;
		ps->re->nodes[f.tail].next = a.head;
		f.tail = a.tail;
	}
	return f;
}

static struct frag parse_alt(struct parser *ps)
{
	struct frag first = parse_seq(ps), f = { -1, -1 }, b;
	struct jre *re = ps->re;
	int alt, t, slot;

	if (ps->failed || *ps->p != '|')
		return first;
	alt = new_node(ps, N_ALT);
	t = new_node(ps, N_NOP);
	if (t < 0)
		return f;
	re->nodes[alt].next = t;
	slot = re->nbranches;
	b = first;
	for (;;) {
		if (re->nbranches == re->capbranches) {
			int cap = re->capbranches ? re->capbranches * 2 : 16;
			int *nb = sym_reallocarray(re->branches, (size_t)cap,
						   sizeof(*nb));

			if (!nb) {
				perr(ps, "out of memory");
				return f;
			}
			re->branches = nb;
			re->capbranches = cap;
		}
		re->branches[re->nbranches++] = b.head;
		re->nodes[b.tail].next = t;
		if (*ps->p != '|')
			break;
		ps->p++;
		b = parse_seq(ps);
		if (ps->failed)
			return f;
	}
	re->nodes[alt].a = slot;
	re->nodes[alt].b = re->nbranches - slot;
	f.head = alt;
	f.tail = t;
	return f;
}

/* Skip NOP nodes: every link goes straight to the next real node. */
static int skip_nops(const struct jre *re, int i)
{
	int guard = re->n;

	while (i >= 0 && re->nodes[i].type == N_NOP && guard--)
		i = re->nodes[i].next;
	return i;
}

static void link_past_nops(struct jre *re)
{
	for (int i = 0; i < re->n; i++) {
		struct node *n = &re->nodes[i];

		n->next = skip_nops(re, n->next);
		if (n->type == N_REP || n->type == N_LOOK)
			n->a = skip_nops(re, n->a);
	}
	for (int i = 0; i < re->nbranches; i++)
		re->branches[i] = skip_nops(re, re->branches[i]);
	re->start = skip_nops(re, re->start);
}

struct jre *jre_compile(const char *pattern, char *err, size_t errlen)
{
	struct parser ps = { 0 };
	struct frag f;
	int end;

	if (!(ps.re = sym_calloc(1, sizeof(*ps.re))))
		return NULL;
	ps.p = pattern;
	ps.err = err;
	ps.errlen = errlen;
	f = parse_alt(&ps);
	if (!ps.failed && *ps.p)
		perr(&ps, "unmatched closing parenthesis");
	end = new_node(&ps, N_END);
	if (ps.failed) {
		jre_free(ps.re);
		return NULL;
	}
	ps.re->nodes[f.tail].next = end;
	ps.re->start = f.head;
	link_past_nops(ps.re);
	ps.re->scratch = sym_calloc(3 * ((size_t)ps.re->ngroups + 1) +
				    2 * ((size_t)ps.re->nreps + 1),
				    sizeof(long));
	if (!ps.re->scratch) {
		jre_free(ps.re);
		return NULL;
	}
	return ps.re;
}

void jre_free(struct jre *re)
{
	if (!re)
		return;
	for (int i = 0; i < re->nnames; i++)
		sym_free(re->names[i]);
	sym_free(re->names);
	sym_free(re->scratch);
	sym_free(re->nodes);
	sym_free(re->branches);
	sym_free(re);
}

int jre_ngroups(const struct jre *re)
{
	return re->ngroups;
}

int jre_group_index(const struct jre *re, const char *name)
{
	for (int i = 0; i < re->nnames; i++)
		if (re->names[i] && !strcmp(re->names[i], name))
			return i;
	return -1;
}

/* ---- matching ---- */

struct mctx {
	const struct jre *re;
	const unsigned char *s;
	long len;
	long *cs, *ce, *os;	/* capture start, end, open start */
	long *cnt, *st;		/* per loop: iterations, iteration start */
	long *out;
	long steps;
	int depth;
	int abort;
};

static int is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

static int m(struct mctx *c, int ni, long i);

/* Length of a UTF-8 Unicode space separator (Zs, Zl, Zp) at s, or 0. */
static long uspace(const unsigned char *s, long n)
{
	unsigned cp;

	if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (n < 3 || (s[0] & 0xf0) != 0xe0 || (s[1] & 0xc0) != 0x80 ||
	    (s[2] & 0xc0) != 0x80)
		return 0;
	cp = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 |
	     (s[2] & 0x3f);
	if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000)
		return 3;
	return 0;
}

static int rep_step(struct mctx *c, const struct node *r, long i)
{
	int id = r->b, ok;
	long cnt = c->cnt[id], old = c->st[id];

	if (cnt < r->min) {
		c->st[id] = i;
		ok = m(c, r->a, i);
		c->st[id] = old;
		return ok;
	}
	if (r->greedy) {
		if (r->max == REP_INF || cnt < r->max) {
			c->st[id] = i;
			if (m(c, r->a, i))
				return 1;
			c->st[id] = old;
		}
		return m(c, r->next, i);
	}
	if (m(c, r->next, i))
		return 1;
	if (r->max == REP_INF || cnt < r->max) {
		c->st[id] = i;
		ok = m(c, r->a, i);
		c->st[id] = old;
		return ok;
	}
	return 0;
}

static int is_word(int c);

/*
 * Can the nodes after a loop match at i?  A cheap filter before m(): word
 * boundaries and one character class are checked in line.
 */
static int may_follow(const struct mctx *c, const struct node *nx, long i)
{
	while (nx->type == N_WB || nx->type == N_NWB) {
		int a = i > 0 && is_word(c->s[i - 1]);
		int b = i < c->len && is_word(c->s[i]);

		if ((a != b) != (nx->type == N_WB))
			return 0;
		if (nx->next < 0)
			return 1;
		nx = &c->re->nodes[nx->next];
	}
	if (nx->type != N_SET || nx->uni)
		return 1;
	return i < c->len && set_has(nx->set, c->s[i]);
}

static int rep_simple(struct mctx *c, const struct node *r, long i)
{
	const uint32_t *set = c->re->nodes[r->a].set;
	const struct node *nx = &c->re->nodes[r->next];
	long max = r->max == REP_INF ? c->len - i : r->max, k = 0;

	if (max > c->len - i)
		max = c->len - i;
	if (r->greedy) {
		while (k < max && set_has(set, c->s[i + k]))
			k++;
		if (r->possessive)
			return k >= r->min && may_follow(c, nx, i + k) &&
			       m(c, r->next, i + k);
		for (; k >= r->min; k--)
			if (may_follow(c, nx, i + k) && m(c, r->next, i + k))
				return 1;
		return 0;
	}
	for (k = 0; k < r->min; k++)
		if (k >= max || !set_has(set, c->s[i + k]))
			return 0;
	for (;;) {
		if (may_follow(c, nx, i + k) && m(c, r->next, i + k))
			return 1;
		if (c->abort || k >= max || !set_has(set, c->s[i + k]))
			return 0;
		k++;
	}
}

static int m(struct mctx *c, int ni, long i)
{
	const struct node *n;
	long old, old2;
	int ok;

	for (;;) {
		if (c->abort)
			return 0;
		if (++c->steps > MAX_STEPS) {
			c->abort = 1;
			return 0;
		}
		n = &c->re->nodes[ni];
		switch (n->type) {
		case N_NOP:
			ni = n->next;
			continue;
		case N_SET:
			if (i >= c->len)
				return 0;
			if (!set_has(n->set, c->s[i])) {
				long k = n->uni ?
					 uspace(c->s + i, c->len - i) : 0;

				if (!k)
					return 0;
				i += k;
				ni = n->next;
				continue;
			}
			i++;
			ni = n->next;
			continue;
		case N_BOL:
			if (i != 0)
				return 0;
			ni = n->next;
			continue;
		case N_EOL:
			if (i != c->len)
				return 0;
			ni = n->next;
			continue;
		case N_WB:
		case N_NWB: {
			int a = i > 0 && is_word(c->s[i - 1]);
			int b = i < c->len && is_word(c->s[i]);

			if ((a != b) != (n->type == N_WB))
				return 0;
			ni = n->next;
			continue;
		}
		case N_END:
			if (i != c->len)
				return 0;
			for (int g = 1; g <= c->re->ngroups; g++) {
				c->out[2 * g] = c->cs[g];
				c->out[2 * g + 1] = c->ce[g];
			}
			c->out[0] = 0;
			c->out[1] = c->len;
			return 1;
		case N_LOOKEND:
			return 1;
		default:
			break;
		}
		break;
	}
	if (c->depth >= MAX_DEPTH) {
		c->abort = 1;
		return 0;
	}
	c->depth++;
	ok = 0;
	switch (n->type) {
	case N_ALT:
		for (int k = 0; k < n->b && !ok && !c->abort; k++)
			ok = m(c, c->re->branches[n->a + k], i);
		break;
	case N_OPEN:
		old = c->os[n->a];
		c->os[n->a] = i;
		ok = m(c, n->next, i);
		if (!ok)
			c->os[n->a] = old;
		break;
	case N_CLOSE:
		old = c->cs[n->a];
		old2 = c->ce[n->a];
		c->cs[n->a] = c->os[n->a];
		c->ce[n->a] = i;
		ok = m(c, n->next, i);
		if (!ok) {
			c->cs[n->a] = old;
			c->ce[n->a] = old2;
		}
		break;
	case N_REP: {
		int id = n->b;
		long sc = c->cnt[id], ss = c->st[id];

		if (n->simple) {
			ok = rep_simple(c, n, i);
			break;
		}
		c->cnt[id] = 0;
		c->st[id] = i;
		ok = rep_step(c, n, i);
		c->cnt[id] = sc;
		c->st[id] = ss;
		break;
	}
	case N_REPEND: {
		const struct node *r = &c->re->nodes[n->b];
		int id = r->b;

		/* an empty iteration past the minimum ends the loop */
		if (i == c->st[id] && c->cnt[id] + 1 > r->min) {
			ok = 0;
			break;
		}
		c->cnt[id]++;
		ok = rep_step(c, r, i);
		c->cnt[id]--;
		break;
	}
	case N_LOOK: {
		int r = m(c, n->a, i);

		if (c->abort)
			break;
		if (r != n->neg)
			ok = m(c, n->next, i);
		break;
	}
	default:
		break;
	}
	c->depth--;
	return ok;
}

int jre_match(const struct jre *re, const char *s, size_t len, long *caps)
{
	struct mctx c = { 0 };
	size_t ng = (size_t)re->ngroups + 1, nr = (size_t)re->nreps + 1;
	long *buf;
	int ok;

	if (len > (size_t)1 << 30)
		return 0;
	buf = re->scratch;
	c.re = re;
	c.s = (const unsigned char *)s;
	c.len = (long)len;
	c.cs = buf;
	c.ce = buf + ng;
	c.os = buf + 2 * ng;
	c.cnt = buf + 3 * ng;
	c.st = buf + 3 * ng + nr;
	c.out = caps;
	for (size_t g = 0; g < ng; g++) {
		c.cs[g] = c.ce[g] = c.os[g] = -1;
		caps[2 * g] = caps[2 * g + 1] = -1;
	}
	ok = m(&c, re->start, 0);
	return ok && !c.abort;
}

/* SPDX-License-Identifier: MIT */
/*
 * scopes.c - function scopes of a JavaScript bundle.  See scopes.h.
 *
 * Not a parser: a tokenizer (strings, templates, regular expressions,
 * comments) and a bracket stack are enough to see where functions
 * start and end in minified code, and which tokens name them.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/js/scopes.h"

#define MAX_COMPS 6
#define MAX_STACK 4096

enum tok_type { T_EOF, T_IDENT, T_PUNCT, T_STRING, T_NUMBER, T_TEMPLATE,
		T_REGEX };

struct tok {
	enum tok_type type;
	const char *s;
	size_t n;
	uint32_t line, col;
};

struct comp {
	const char *s;		/* minified text */
	size_t n;
	uint32_t line, col;
	int ident;		/* rename through the map */
};

struct scope {
	uint32_t sl, sc, el, ec;	/* start and end (inclusive) */
	int named;
	char *name;
};

struct sym_js_scopes {
	struct scope *v;
	size_t n, cap;
};

struct lexer {
	const char *p, *end;
	uint32_t line, col;
	int tmpl[MAX_STACK];	/* brace depth at each open template */
	int ntmpl;
	int braces;
};

static int is_id_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c == '$' || c >= 0x80 || c == '\\';
}

static int is_id(unsigned char c)
{
	return is_id_start(c) || (c >= '0' && c <= '9');
}

/* Advance one character, counting UTF-16 code units and line ends. */
static void adv(struct lexer *l)
{
	unsigned char c = (unsigned char)*l->p;

	if (c == '\n' || (c == '\r' && (l->p + 1 >= l->end || l->p[1] != '\n'))) {
		l->line++;
		l->col = 0;
		l->p++;
		return;
	}
	if (c == 0xe2 && l->end - l->p >= 3 && (unsigned char)l->p[1] == 0x80 &&
	    ((unsigned char)l->p[2] == 0xa8 || (unsigned char)l->p[2] == 0xa9)) {
		l->line++;	/* U+2028, U+2029 end lines too */
		l->col = 0;
		l->p += 3;
		return;
	}
	if (c == '\r') {	/* \r\n: counted at the \n */
		l->p++;
		return;
	}
	l->p++;
	if (c >= 0xc0) {
		int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;

		while (extra-- && l->p < l->end &&
		       ((unsigned char)*l->p & 0xc0) == 0x80)
			l->p++;
		l->col += c >= 0xf0 ? 2 : 1;	/* astral: a surrogate pair */
		return;
	}
	l->col++;
}

static int regex_allowed(const struct tok *prev)
{
	static const char *const kw[] = { "return", "typeof", "case", "do",
		"else", "in", "instanceof", "new", "void", "delete", "throw",
		"yield", "await", "of" };
	size_t i;

	if (prev->type == T_EOF)
		return 1;
	if (prev->type == T_PUNCT)
		return !(prev->n == 1 && (*prev->s == ')' || *prev->s == ']' ||
					  *prev->s == '}'));
	if (prev->type == T_IDENT) {
		for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
			if (strlen(kw[i]) == prev->n &&
			    !memcmp(kw[i], prev->s, prev->n))
				return 1;
	}
	return 0;
}

/* Skip a template's text up to `${` (returns 1) or the closing ` (0). */
static int template_text(struct lexer *l)
{
	while (l->p < l->end) {
		if (*l->p == '\\') {
			adv(l);
			if (l->p < l->end)
				adv(l);
			continue;
		}
		if (*l->p == '`') {
			adv(l);
			return 0;
		}
		if (*l->p == '$' && l->p + 1 < l->end && l->p[1] == '{') {
			adv(l);
			adv(l);
			return 1;
		}
		adv(l);
	}
	return 0;
}

static void next(struct lexer *l, const struct tok *prev, struct tok *t)
{
	static const char *const puncts[] = { ">>>=", "...", "===", "!==",
		"**=", "<<=", ">>=", ">>>", "&&=", "||=", "?\?=", "=>", "==",
		"!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=",
		"-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**" };
	unsigned char c;

	for (;;) {
		while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' ||
					 *l->p == '\n' || *l->p == '\r' ||
					 *l->p == '\f' || *l->p == '\v'))
			adv(l);
		if (l->p >= l->end) {
			t->type = T_EOF;
			t->s = l->p;
			t->n = 0;
			return;
		}
		c = (unsigned char)*l->p;
		if (c == '/' && l->p + 1 < l->end && l->p[1] == '/') {
			while (l->p < l->end && *l->p != '\n' && *l->p != '\r')
				adv(l);
			continue;
		}
		if (c == '/' && l->p + 1 < l->end && l->p[1] == '*') {
			adv(l);
			adv(l);
			while (l->p < l->end && !(*l->p == '*' && l->p + 1 < l->end &&
						  l->p[1] == '/'))
				adv(l);
			if (l->p < l->end) {
				adv(l);
				adv(l);
			}
			continue;
		}
		if (c == 0xc2 && l->p + 1 < l->end &&
		    (unsigned char)l->p[1] == 0xa0) {	/* nbsp */
			adv(l);
			continue;
		}
		break;
	}
	t->s = l->p;
	t->line = l->line;
	t->col = l->col;
	c = (unsigned char)*l->p;
	if (is_id_start(c)) {
		t->type = T_IDENT;
		while (l->p < l->end && is_id((unsigned char)*l->p)) {
			if (*l->p == '\\')
				adv(l);
			if (l->p < l->end)
				adv(l);
		}
	} else if (c >= '0' && c <= '9') {
		t->type = T_NUMBER;
		while (l->p < l->end && (is_id((unsigned char)*l->p) ||
					 *l->p == '.'))
			adv(l);
	} else if (c == '"' || c == '\'') {
		t->type = T_STRING;
		adv(l);
		while (l->p < l->end && (unsigned char)*l->p != c &&
		       *l->p != '\n') {
			if (*l->p == '\\')
				adv(l);
			if (l->p < l->end)
				adv(l);
		}
		if (l->p < l->end)
			adv(l);
	} else if (c == '`') {
		t->type = T_TEMPLATE;
		adv(l);
		if (template_text(l) && l->ntmpl < MAX_STACK)
			l->tmpl[l->ntmpl++] = l->braces;
	} else if (c == '}' && l->ntmpl && l->tmpl[l->ntmpl - 1] == l->braces) {
		/* end of a ${} substitution: back into the template */
		t->type = T_TEMPLATE;
		l->ntmpl--;
		adv(l);
		if (template_text(l) && l->ntmpl < MAX_STACK)
			l->tmpl[l->ntmpl++] = l->braces;
	} else if (c == '/' && regex_allowed(prev)) {
		int cls = 0;

		t->type = T_REGEX;
		adv(l);
		while (l->p < l->end && *l->p != '\n') {
			if (*l->p == '\\') {
				adv(l);
				if (l->p < l->end)
					adv(l);
				continue;
			}
			if (*l->p == '[')
				cls = 1;
			else if (*l->p == ']')
				cls = 0;
			else if (*l->p == '/' && !cls)
				break;
			adv(l);
		}
		if (l->p < l->end && *l->p == '/')
			adv(l);
		while (l->p < l->end && is_id((unsigned char)*l->p))
			adv(l);
	} else {
		size_t i;

		t->type = T_PUNCT;
		for (i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
			size_t n = strlen(puncts[i]);

			if ((size_t)(l->end - l->p) >= n &&
			    !memcmp(l->p, puncts[i], n)) {
				while (n--)
					adv(l);
				break;
			}
		}
		if (i == sizeof(puncts) / sizeof(puncts[0]))
			adv(l);
		if (t->s[0] == '{' && l->p - t->s == 1)
			l->braces++;
		else if (t->s[0] == '}' && l->p - t->s == 1)
			l->braces--;
	}
	t->n = (size_t)(l->p - t->s);
}

/* ---- scopes from tokens ------------------------------------------- */

enum frame_kind { K_BLOCK, K_OBJECT, K_CLASS, K_FUNC, K_PAREN, K_BRACKET,
		  K_ARROW_EXPR };

struct frame {
	enum frame_kind kind;
	long scope;		/* K_FUNC, K_ARROW_EXPR: index in v */
	struct comp cls[MAX_COMPS];	/* K_CLASS, K_OBJECT: the name */
	int ncls;
	/* K_PAREN: where it opened, and a function header it belongs to */
	uint32_t ol, oc;
	long fn_scope;		/* scope whose params these are, or -1 */
	size_t tok_before;	/* history index before the '(' */
};

#define HIST 16

struct scanner {
	struct sym_js_scopes *out;
	struct sym_smap *map;
	struct frame *st;
	int depth;
	struct tok hist[HIST];	/* the last tokens, hist[h % HIST] */
	size_t h;
	/* a header seen, its body brace expected */
	long pending_body;	/* scope index waiting for `{` */
	int pending_class;	/* `class` seen: next `{` is its body */
	struct comp pcls[MAX_COMPS];
	int npcls;
	/* after a `)` */
	uint32_t last_ol, last_oc;
	long last_paren_fn;
	size_t last_paren_before;
	int err;
};

static const struct tok *back(const struct scanner *s, size_t k)
{
	static const struct tok none = { T_EOF, "", 0, 0, 0 };

	if (k >= HIST || k >= s->h)
		return &none;
	return &s->hist[(s->h - 1 - k) % HIST];
}

static int tok_is(const struct tok *t, const char *w)
{
	return t->n == strlen(w) && !memcmp(t->s, w, t->n);
}

static int is_keyword(const struct tok *t)
{
	static const char *const kw[] = { "function", "return", "var", "let",
		"const", "if", "else", "for", "while", "do", "new", "class",
		"typeof", "in", "of", "instanceof", "case", "default",
		"switch", "throw", "try", "catch", "finally", "void", "delete",
		"yield", "await", "async", "extends", "static", "get", "set",
		"this", "super", "import", "export", "with", "break",
		"continue" };
	size_t i;

	if (t->type != T_IDENT)
		return 0;
	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (tok_is(t, kw[i]))
			return 1;
	return 0;
}

static void comp_of(struct comp *c, const struct tok *t, int ident)
{
	c->s = t->s;
	c->n = t->n;
	c->line = t->line;
	c->col = t->col;
	c->ident = ident;
	if (t->type == T_STRING && t->n >= 2) {
		c->s++;
		c->n -= 2;
		c->ident = 0;
	}
}

/*
 * The name an anonymous function, arrow or class gets from what stands
 * before it at history distance k: `a.b = `, `var a = `, `key: `.
 */
static int infer(const struct scanner *s, size_t k, struct comp *c)
{
	const struct tok *t = back(s, k);
	int n = 0, i;
	struct comp rev[MAX_COMPS];

	if (tok_is(t, "=")) {
		size_t j = k + 1;

		while (n < MAX_COMPS) {
			const struct tok *id = back(s, j);

			if (id->type != T_IDENT || (is_keyword(id) &&
						      !tok_is(id, "this")))
				break;
			/* only the base of a.b.c is a renamed variable */
			comp_of(&rev[n++], id, !tok_is(back(s, j + 1), "."));
			if (!tok_is(back(s, j + 1), "."))
				break;
			j += 2;
		}
		for (i = 0; i < n; i++)
			c[i] = rev[n - 1 - i];
		return n;
	}
	if (tok_is(t, ":") && s->depth > 0 &&
	    s->st[s->depth - 1].kind == K_OBJECT) {
		const struct frame *o = &s->st[s->depth - 1];
		const struct tok *key = back(s, k + 1);
		const struct tok *pre = back(s, k + 2);

		if ((key->type == T_IDENT || key->type == T_STRING ||
		     key->type == T_NUMBER) &&
		    (tok_is(pre, "{") || tok_is(pre, ","))) {
			/* `holder = { key: function ... }` -> holder.key */
			for (i = 0; i < o->ncls && n < MAX_COMPS - 1; i++)
				c[n++] = o->cls[i];
			comp_of(&c[n++], key, key->type == T_IDENT);
			return n;
		}
	}
	return 0;
}

static long add_scope(struct scanner *s, const struct tok *start,
		      const struct comp *prefix, int np, const struct comp *c,
		      int n)
{
	struct sym_js_scopes *o = s->out;
	struct scope *sc;
	struct comp all[2 * MAX_COMPS];
	size_t len = 0;
	int i, m = 0;

	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		struct scope *v = sym_reallocarray(o->v, cap, sizeof(*v));

		if (!v) {
			s->err = SYM_ENOMEM;
			return -1;
		}
		o->v = v;
		o->cap = cap;
	}
	sc = &o->v[o->n];
	memset(sc, 0, sizeof(*sc));
	sc->sl = start->line;
	sc->sc = start->col;
	sc->el = sc->ec = UINT32_MAX;
	for (i = 0; i < np && m < 2 * MAX_COMPS; i++)
		all[m++] = prefix[i];
	for (i = 0; i < n && m < 2 * MAX_COMPS; i++)
		all[m++] = c[i];
	if (n > 0) {
		char *name;

		/* rename each identifier through the map */
		const char *txt[2 * MAX_COMPS];
		size_t tn[2 * MAX_COMPS];

		for (i = 0; i < m; i++) {
			struct sym_smap_pos p;

			txt[i] = all[i].s;
			tn[i] = all[i].n;
			if (all[i].ident && s->map &&
			    !symfmt_sourcemap_lookup(s->map, all[i].line,
						     all[i].col, SYM_SMAP_GLB,
						     &p, NULL) &&
			    p.found && p.name != SYM_SMAP_NONE &&
			    p.gen_line == all[i].line &&
			    p.gen_col == all[i].col) {
				txt[i] = s->map->names[p.name];
				tn[i] = strlen(txt[i]);
			}
			len += tn[i] + 1;
		}
		if (!(name = sym_malloc(len + 1))) {
			s->err = SYM_ENOMEM;
			return -1;
		}
		len = 0;
		for (i = 0; i < m; i++) {
			if (i)
				name[len++] = '.';
			memcpy(name + len, txt[i], tn[i]);
			len += tn[i];
		}
		name[len] = 0;
		sc->name = name;
		sc->named = 1;
	}
	return (long)o->n++;
}

static void end_scope(struct scanner *s, long i, const struct tok *t)
{
	if (i < 0 || (size_t)i >= s->out->n)
		return;
	s->out->v[i].el = t->line;
	s->out->v[i].ec = t->col;
}

static struct frame *push(struct scanner *s, enum frame_kind k)
{
	struct frame *f;

	if (s->depth >= MAX_STACK)
		return NULL;
	f = &s->st[s->depth++];
	memset(f, 0, sizeof(*f));
	f->kind = k;
	f->scope = -1;
	f->fn_scope = -1;
	return f;
}

/* Close arrow bodies without braces that end before token t. */
static void close_arrows(struct scanner *s, const struct tok *t)
{
	while (s->depth > 0 && s->st[s->depth - 1].kind == K_ARROW_EXPR) {
		end_scope(s, s->st[s->depth - 1].scope, t);
		s->depth--;
	}
}

static const struct comp *class_prefix(const struct scanner *s, int *n)
{
	if (s->depth > 0 && (s->st[s->depth - 1].kind == K_CLASS ||
			     s->st[s->depth - 1].kind == K_OBJECT)) {
		*n = s->st[s->depth - 1].ncls;
		return s->st[s->depth - 1].cls;
	}
	*n = 0;
	return NULL;
}

static int object_context(const struct tok *prev)
{
	static const char *const ops[] = { "=", "(", ",", ":", "[", "?",
		"||", "&&", "??", "!", "return", "=>", "+", "-", "...",
		"typeof", "in", "of", "yield", "await", "case", "throw" };
	size_t i;

	if (prev->type == T_EOF)
		return 0;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (tok_is(prev, ops[i]))
			return 1;
	return 0;
}

static void on_token(struct scanner *s, const struct tok *t)
{
	const struct tok *prev = back(s, 0);
	struct comp c[MAX_COMPS];
	int n;

	if (t->type == T_PUNCT && t->n == 1 &&
	    (*t->s == ',' || *t->s == ';' || *t->s == ')' || *t->s == ']' ||
	     *t->s == '}'))
		close_arrows(s, t);
	if (t->type == T_TEMPLATE && t->s[0] == '}')
		close_arrows(s, t);

	if (tok_is(t, "function")) {
		/* the header: `function [*] [name] (` */
		s->pending_body = -2;	/* waiting for the name or ( */
	} else if (s->pending_body == -2 && t->type == T_IDENT) {
		struct comp nm;
		const struct tok *fn = back(s, 0);

		if (tok_is(fn, "*"))
			fn = back(s, 1);
		comp_of(&nm, t, 1);
		s->pending_body = add_scope(s, fn, NULL, 0, &nm, 1);
		s->pending_body = s->pending_body >= 0 ? s->pending_body : -1;
		goto record;
	} else if (s->pending_body == -2 && tok_is(t, "(")) {
		size_t k = tok_is(prev, "*") ? 2 : 1;
		const struct tok *fn = back(s, k - 1);

		if (tok_is(back(s, k), "async"))
			k++;
		n = infer(s, k, c);
		s->pending_body = add_scope(s, fn, NULL, 0, c, n);
	}

	if (tok_is(t, "class")) {
		s->pending_class = 1;
		s->npcls = infer(s, 0, s->pcls);
	} else if (s->pending_class == 1 && t->type == T_IDENT &&
		   tok_is(prev, "class")) {
		comp_of(&s->pcls[0], t, 1);
		s->npcls = 1;
	}

	if (t->type == T_PUNCT && t->n == 1) {
		struct frame *f;

		switch (*t->s) {
		case '(':
			f = push(s, K_PAREN);
			if (!f)
				break;
			f->ol = t->line;
			f->oc = t->col;
			f->tok_before = s->h;
			if (s->pending_body >= 0 &&
			    (size_t)s->pending_body + 1 == s->out->n) {
				f->fn_scope = s->pending_body;
				s->pending_body = -1;
			} else if (s->depth >= 2 &&
				   (s->st[s->depth - 2].kind == K_CLASS ||
				    s->st[s->depth - 2].kind == K_OBJECT) &&
				   (prev->type == T_IDENT ||
				    prev->type == T_STRING ||
				    prev->type == T_NUMBER)) {
				/* a method: `name(...) {` */
				const struct tok *pre = back(s, 1);

				if (tok_is(pre, "{") || tok_is(pre, "}") ||
				    tok_is(pre, ",") || tok_is(pre, ";") ||
				    tok_is(pre, "static") || tok_is(pre, "get") ||
				    tok_is(pre, "set") || tok_is(pre, "async") ||
				    tok_is(pre, "*") || pre->type == T_EOF) {
					const struct comp *pf;
					int np;
					struct comp nm;

					s->depth--;	/* the prefix is below */
					pf = class_prefix(s, &np);
					s->depth++;
					comp_of(&nm, prev, prev->type == T_IDENT);
					/* V8 names a constructor after its class */
					if (tok_is(prev, "constructor") && np)
						f->fn_scope = add_scope(s, prev,
							NULL, 0, pf, np);
					else
						f->fn_scope = add_scope(s, prev,
							pf, np, &nm, 1);
				}
			}
			break;
		case '[':
			push(s, K_BRACKET);
			break;
		case '{':
			if (s->pending_body >= 0 && tok_is(prev, ")")) {
				f = push(s, K_FUNC);
				if (f)
					f->scope = s->pending_body;
				s->pending_body = -1;
			} else if (s->pending_class) {
				f = push(s, K_CLASS);
				if (f) {
					memcpy(f->cls, s->pcls, sizeof(s->pcls));
					f->ncls = s->npcls;
				}
				s->pending_class = 0;
			} else if (tok_is(prev, "=>")) {
				f = push(s, K_FUNC);
				if (f)
					f->scope = s->last_paren_fn;
				s->last_paren_fn = -1;
			} else if (object_context(prev)) {
				f = push(s, K_OBJECT);
				if (f)
					f->ncls = infer(s, 0, f->cls);
			} else {
				push(s, K_BLOCK);
			}
			break;
		case ')':
			if (s->depth > 0 && s->st[s->depth - 1].kind == K_PAREN) {
				f = &s->st[--s->depth];
				s->last_ol = f->ol;
				s->last_oc = f->oc;
				s->last_paren_before = f->tok_before;
				if (f->fn_scope >= 0)
					s->pending_body = f->fn_scope;
				s->last_paren_fn = -1;
			}
			goto record;
		case ']':
			if (s->depth > 0 && s->st[s->depth - 1].kind == K_BRACKET)
				s->depth--;
			break;
		case '}':
			if (s->depth > 0 && s->st[s->depth - 1].kind != K_PAREN &&
			    s->st[s->depth - 1].kind != K_BRACKET) {
				f = &s->st[--s->depth];
				if (f->kind == K_FUNC)
					end_scope(s, f->scope, t);
			}
			break;
		}
	} else if (tok_is(t, "=>")) {
		/* an arrow: params are the last ( ) or one identifier */
		struct tok start;
		size_t k;

		if (tok_is(prev, ")")) {
			start = *prev;
			start.line = s->last_ol;
			start.col = s->last_oc;
			k = s->h - s->last_paren_before;
		} else {
			start = *prev;
			k = 1;
		}
		if (tok_is(back(s, k), "async"))
			k++;
		n = infer(s, k, c);
		s->last_paren_fn = add_scope(s, &start, NULL, 0, c, n);
		goto record;
	}
	if (s->pending_body >= 0 && !tok_is(t, "(") && !tok_is(t, ")") &&
	    s->depth > 0 && s->st[s->depth - 1].kind != K_PAREN &&
	    !tok_is(t, "{"))
		s->pending_body = -1;	/* not a function header after all */
record:
	s->hist[s->h % HIST] = *t;
	s->h++;
}

static int scope_cmp(const void *a, const void *b)
{
	const struct scope *x = a, *y = b;

	if (x->sl != y->sl)
		return x->sl < y->sl ? -1 : 1;
	if (x->sc != y->sc)
		return x->sc < y->sc ? -1 : 1;
	/* the outer one (ending later) first */
	if (x->el != y->el)
		return x->el > y->el ? -1 : 1;
	return x->ec > y->ec ? -1 : x->ec < y->ec;
}

int sym_js_scopes_scan(const char *js, size_t len, struct sym_smap *map,
		       struct sym_js_scopes **out)
{
	struct scanner s;
	struct lexer l;
	struct tok t;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	if (!(s.out = sym_calloc(1, sizeof(*s.out))))
		return SYM_ENOMEM;
	if (!(s.st = sym_malloc(MAX_STACK * sizeof(*s.st)))) {
		sym_free(s.out);
		return SYM_ENOMEM;
	}
	s.map = map;
	s.pending_body = -1;
	s.last_paren_fn = -1;
	l.p = js;
	l.end = js + len;
	for (;;) {
		const struct tok *prev = back(&s, 0);

		next(&l, prev, &t);
		if (t.type == T_EOF)
			break;
		/* an arrow's expression body starts here */
		if (s.last_paren_fn >= 0 && tok_is(prev, "=>") &&
		    !tok_is(&t, "{")) {
			struct frame *f = push(&s, K_ARROW_EXPR);

			if (f)
				f->scope = s.last_paren_fn;
			s.last_paren_fn = -1;
		}
		on_token(&s, &t);
		if (s.err)
			break;
	}
	close_arrows(&s, &t);
	sym_free(s.st);
	if (s.err) {
		sym_js_scopes_free(s.out);
		return s.err;
	}
	if (s.out->n)
		qsort(s.out->v, s.out->n, sizeof(*s.out->v), scope_cmp);
	*out = s.out;
	return SYM_OK;
}

void sym_js_scopes_free(struct sym_js_scopes *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		sym_free(s->v[i].name);
	sym_free(s->v);
	sym_free(s);
}

static int before(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2)
{
	return l1 < l2 || (l1 == l2 && c1 <= c2);
}

enum sym_js_scope_kind sym_js_scopes_find(const struct sym_js_scopes *s,
					  uint32_t line, uint32_t col,
					  const char **name)
{
	size_t lo = 0, hi, i;

	*name = NULL;
	if (!s)
		return SYM_JS_SCOPE_NONE;
	hi = s->n;
	/* the scopes starting at or before the position */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (before(s->v[mid].sl, s->v[mid].sc, line, col))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* innermost: the latest start that still holds the position */
	for (i = lo; i-- > 0;) {
		const struct scope *sc = &s->v[i];

		if (before(line, col, sc->el, sc->ec)) {
			if (!sc->named)
				return SYM_JS_SCOPE_ANONYMOUS;
			*name = sc->name;
			return SYM_JS_SCOPE_NAMED;
		}
	}
	return SYM_JS_SCOPE_NONE;
}

size_t sym_js_scopes_count(const struct sym_js_scopes *s)
{
	return s ? s->n : 0;
}

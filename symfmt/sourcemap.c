/* SPDX-License-Identifier: MIT */
/*
 * sourcemap.c - ECMA-426 source map parser and mozilla-compatible
 * lookup.  See sourcemap.h.
 *
 * Two front ends fill one json-c tree of the members that matter: the
 * targeted scanner (default) walks the map objects itself, validates and
 * skips `sourcesContent` and unknown members without building anything,
 * and gives every other member's text to json-c; SYM_SMAP_JSONC parses
 * the whole document with json-c.  build() then checks the tree against
 * the ECMA-426 rules and fills struct sym_smap.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/core/alloc.h"
#include "lib/core/hex.h"
#include "symfmt/sourcemap.h"

#define MAX_DEPTH 1024		/* JSON nesting accepted */
#define MAX_SECTIONS 1000000

/* ---- string arena ------------------------------------------------ */

struct sym_smap_arena {
	struct sym_smap_arena *next;
	size_t used, cap;
	char data[];
};

struct ctx {
	struct sym_smap *m;
	struct sym_diag *d;
	unsigned flags;
	const char *base;	/* start of the input, for offsets */
	json_tokener *tok;
	json_object *tree;	/* owns every member kept */
	int json_error;		/* a syntax error (not a semantic one) */
};

static char *arena_alloc(struct sym_smap *m, size_t n)
{
	struct sym_smap_arena *a = m->arena_;

	if (!a || a->cap - a->used < n) {
		size_t cap = n > 65536 ? n : 65536;

		a = sym_malloc(sizeof(*a) + cap);
		if (!a)
			return NULL;
		a->cap = cap;
		a->used = 0;
		a->next = m->arena_;
		m->arena_ = a;
	}
	a->used += n;
	return a->data + a->used - n;
}

static const char *arena_str(struct sym_smap *m, const char *s, size_t n)
{
	char *r = arena_alloc(m, n + 1);

	if (!r)
		return NULL;
	memcpy(r, s, n);
	r[n] = 0;
	return r;
}

/* ---- a validating JSON skipper (no allocation) -------------------- */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			   *p == '\r'))
		p++;
	return p;
}

/*
 * p at '"'; returns just past the closing quote, or NULL.  Like json-c,
 * raw control characters are taken; escapes must be valid.  Runs at
 * memchr speed: large sourcesContent strings are skipped, not read.
 */
static const char *skip_string(const char *p, const char *end, int *esc)
{
	const char *q = NULL;

	p++;
	for (;;) {
		const char *bs;

		if (!q && !(q = memchr(p, '"', (size_t)(end - p))))
			return NULL;
		if (!(bs = memchr(p, '\\', (size_t)(q - p))))
			return q + 1;
		if (esc)
			*esc = 1;
		p = bs + 1;
		if (p >= end)
			return NULL;
		if (*p == 'u') {
			int k;

			for (k = 1; k <= 4; k++)
				if (p + k >= end ||
				    !isxdigit((unsigned char)p[k]))
					return NULL;
			p += 5;
		} else if (*p == '"' || *p == '\\' || *p == '/' || *p == 'b' ||
			   *p == 'f' || *p == 'n' || *p == 'r' || *p == 't') {
			p++;
		} else {
			return NULL;
		}
		if (p > q)
			q = NULL;	/* the quote was escaped: look again */
	}
}

static const char *skip_number(const char *p, const char *end)
{
	const char *s = p;

	if (p < end && *p == '-')
		p++;
	if (p >= end || !isdigit((unsigned char)*p))
		return NULL;
	if (*p == '0')
		p++;
	else
		while (p < end && isdigit((unsigned char)*p))
			p++;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return NULL;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return NULL;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	return p > s ? p : NULL;
}

static const char *skip_word(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(end - p) < n || memcmp(p, w, n))
		return NULL;
	return p + n;
}

/* `"name" :` of an object member; returns what follows, or NULL. */
static const char *skip_key(const char *p, const char *end)
{
	if (p >= end || *p != '"' || !(p = skip_string(p, end, NULL)))
		return NULL;
	p = skip_ws(p, end);
	if (p >= end || *p != ':')
		return NULL;
	return p + 1;
}

/*
 * Skip one JSON value starting at p (no leading space).  Iterative with
 * an explicit stack so deep nesting cannot overflow the C stack.
 */
static const char *skip_value(const char *p, const char *end)
{
	char stack[MAX_DEPTH];
	int depth = 0;
	int want_value = 1;

	for (;;) {
		p = skip_ws(p, end);
		if (p >= end)
			return NULL;
		if (want_value) {
			switch (*p) {
			case '{':
			case '[':
				if (depth == MAX_DEPTH)
					return NULL;
				stack[depth++] = *p;
				p = skip_ws(p + 1, end);
				if (p < end && (*p == '}' || *p == ']')) {
					if ((*p == '}') != (stack[depth - 1] ==
							    '{'))
						return NULL;
					depth--;
					p++;
					want_value = 0;
					break;
				}
				if (stack[depth - 1] == '{' &&
				    !(p = skip_key(p, end)))
					return NULL;
				continue;
			case '"':
				p = skip_string(p, end, NULL);
				break;
			case 't':
				p = skip_word(p, end, "true");
				break;
			case 'f':
				p = skip_word(p, end, "false");
				break;
			case 'n':
				p = skip_word(p, end, "null");
				break;
			default:
				p = skip_number(p, end);
			}
			if (!p)
				return NULL;
			want_value = 0;
		}
		if (!depth)
			return p;
		p = skip_ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == ',') {
			p = skip_ws(p + 1, end);
			/* json-c, the parser of record, takes trailing commas */
			if (p < end &&
			    *p == (stack[depth - 1] == '{' ? '}' : ']'))
				continue;
			if (stack[depth - 1] == '{' && !(p = skip_key(p, end)))
				return NULL;
			want_value = 1;
		} else if (*p == (stack[depth - 1] == '{' ? '}' : ']')) {
			depth--;
			p++;
			if (!depth)
				return p;
		} else {
			return NULL;
		}
	}
}

/* ---- the targeted scanner ----------------------------------------- */

static int json_err(struct ctx *c, const char *at, const char *what)
{
	c->json_error = 1;
	return sym_diag_error(c->d, SYM_EFORMAT, SYM_DIAG_OFFSET,
			      (uint64_t)(at - c->base),
			      "invalid JSON: %s at offset %llu", what,
			      (unsigned long long)(at - c->base));
}

/* Parse the text [p, end) of one value with json-c. */
static int jsonc_span(struct ctx *c, const char *p, const char *end,
		      json_object **out)
{
	enum json_tokener_error e;
	json_object *o;
	char small[64], *tmp = NULL;
	const char *txt = p;
	size_t n = (size_t)(end - p);

	/* Scalars need a terminator for json-c to finish them. */
	if (*p != '"' && *p != '[' && *p != '{') {
		if (n + 1 <= sizeof(small)) {
			tmp = small;
		} else if (!(tmp = sym_malloc(n + 1))) {
			return SYM_ENOMEM;
		}
		memcpy(tmp, p, n);
		tmp[n] = 0;
		txt = tmp;
		n++;
	}
	json_tokener_reset(c->tok);
	o = json_tokener_parse_ex(c->tok, txt, (int)n);
	e = json_tokener_get_error(c->tok);
	if (tmp && tmp != small)
		sym_free(tmp);
	if (e != json_tokener_success || !o) {
		json_object_put(o);
		return json_err(c, p, json_tokener_error_desc(e));
	}
	*out = o;
	return SYM_OK;
}

static int key_is(const char *k, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(k, w, n);
}

static int fast_object(struct ctx *c, const char *p, const char *end,
		       int depth, json_object **out, const char **after);

/*
 * Each builder below parses the value at p (bounded by end), builds the
 * json value standing for it and sets *after past it: one pass over
 * the text, so a large sourcesContent is read once.
 */
typedef int (*elem_fn)(struct ctx *c, const char *v, const char *end,
		       int depth, json_object **out, const char **after);

/* Any value, through json-c. */
static int any_value(struct ctx *c, const char *v, const char *end,
		     int depth, json_object **out, const char **after)
{
	const char *e = skip_value(v, end);

	(void)depth;
	if (!e)
		return json_err(c, v, "bad value");
	*after = e;
	return jsonc_span(c, v, e, out);
}

/* An array scanned element by element, each built by fn. */
static int fast_array(struct ctx *c, const char *p, const char *end,
		      int depth, elem_fn fn, json_object **out,
		      const char **after)
{
	json_object *a;
	int err;

	if (*p != '[')	/* a wrong type: build() says so */
		return any_value(c, p, end, depth, out, after);
	if (!(a = json_object_new_array()))
		return SYM_ENOMEM;
	p = skip_ws(p + 1, end);
	while (p < end && *p != ']') {
		json_object *o = NULL;
		const char *e;

		if ((err = fn(c, p, end, depth, &o, &e)))
			goto out_put;
		if (json_object_array_add(a, o)) {
			json_object_put(o);
			err = SYM_ENOMEM;
			goto out_put;
		}
		p = skip_ws(e, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;	/* a trailing comma is taken */
		}
		if (p >= end || *p != ']') {
			err = json_err(c, p, "expected , or ]");
			goto out_put;
		}
	}
	if (p >= end) {
		err = json_err(c, p, "unterminated array");
		goto out_put;
	}
	*after = p + 1;
	*out = a;
	return SYM_OK;
out_put:
	json_object_put(a);
	return err;
}

/* sourcesContent entries: strings and nulls kept as 1 / null flags. */
static int content_flag(struct ctx *c, const char *v, const char *end,
			int depth, json_object **out, const char **after)
{
	const char *e = skip_value(v, end);

	(void)depth;
	if (!e)
		return json_err(c, v, "bad sourcesContent entry");
	*after = e;
	*out = NULL;
	if (*v == 'n')
		return SYM_OK;
	/* a string is present; anything else is kept as a wrong type */
	*out = *v == '"' ? json_object_new_int(1) : json_object_new_boolean(0);
	return *out ? SYM_OK : SYM_ENOMEM;
}

/* sections entries: objects whose `map` members are scanned too. */
static int section_elem(struct ctx *c, const char *v, const char *end,
			int depth, json_object **out, const char **after)
{
	if (*v == '{')
		return fast_object(c, v, end, depth + 1, out, after);
	return any_value(c, v, end, depth, out, after);
}

struct span {
	const char *p;
	size_t n;
};

static void free_span(json_object *o, void *ud)
{
	(void)o;
	sym_free(ud);
}

/* mappings without escapes: borrowed from the input, not copied. */
static int raw_string(struct ctx *c, const char *p, const char *end,
		      json_object **out, const char **after)
{
	struct span *sp;
	int esc = 0;
	const char *e = skip_string(p, end, &esc);

	if (!e)
		return json_err(c, p, "bad string");
	*after = e;
	if (esc)
		return jsonc_span(c, p, e, out);
	/* an empty string standing for the text, which stays in the input */
	if (!(sp = sym_malloc(sizeof(*sp))))
		return SYM_ENOMEM;
	sp->p = p + 1;
	sp->n = (size_t)(e - p - 2);
	if (!(*out = json_object_new_string(""))) {
		sym_free(sp);
		return SYM_ENOMEM;
	}
	json_object_set_userdata(*out, sp, free_span);
	return SYM_OK;
}

static int known_key(const char *k, size_t kn)
{
	static const char *const keys[] = { "version", "file", "sourceRoot",
		"sources", "names", "ignoreList", "x_google_ignoreList",
		"debugId", "offset", "mappings", "sourcesContent",
		"sections", "map" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (key_is(k, kn, keys[i]))
			return 1;
	return 0;
}

/*
 * One map object (top level, a section, or a section's map): members
 * that matter are parsed, the rest validated and skipped.
 */
static int fast_object(struct ctx *c, const char *p, const char *end,
		       int depth, json_object **out, const char **after)
{
	json_object *obj;
	int err = SYM_OK;

	if (depth > 8)
		return any_value(c, p, end, depth, out, after);
	if (!(obj = json_object_new_object()))
		return SYM_ENOMEM;
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		goto done;
	for (;;) {
		const char *k = p, *ke, *v, *ve = NULL;
		json_object *val = NULL;
		int esc = 0;
		size_t kn;

		if (p >= end || *p != '"' || !(ke = skip_string(p, end, &esc))) {
			err = json_err(c, p, "expected a member name");
			goto out_put;
		}
		p = skip_ws(ke, end);
		if (p >= end || *p != ':') {
			err = json_err(c, p, "expected :");
			goto out_put;
		}
		v = skip_ws(p + 1, end);
		if (v >= end) {
			err = json_err(c, v, "missing value");
			goto out_put;
		}
		k++;
		kn = (size_t)(ke - k - 1);
		if (esc) {
			/* escaped member names are rare: let json-c decode */
			json_object *ko;

			if ((err = jsonc_span(c, k - 1, ke, &ko)))
				goto out_put;
			kn = (size_t)json_object_get_string_len(ko);
			k = arena_str(c->m, json_object_get_string(ko), kn);
			json_object_put(ko);
			if (!k) {
				err = SYM_ENOMEM;
				goto out_put;
			}
		}
		if (key_is(k, kn, "sourcesContent") &&
		    !(c->flags & SYM_SMAP_CONTENT))
			err = fast_array(c, v, end, depth, content_flag, &val,
					 &ve);
		else if (key_is(k, kn, "sections"))
			err = fast_array(c, v, end, depth, section_elem, &val,
					 &ve);
		else if (key_is(k, kn, "map") && *v == '{')
			err = fast_object(c, v, end, depth + 1, &val, &ve);
		else if (key_is(k, kn, "mappings") && *v == '"')
			err = raw_string(c, v, end, &val, &ve);
		else if (known_key(k, kn))
			err = any_value(c, v, end, depth, &val, &ve);
		else if (!(ve = skip_value(v, end)))
			err = json_err(c, v, "bad value");
		else
			goto next;	/* validated, unused */
		if (err)
			goto out_put;
		{
			char *key = sym_strndup(k, kn);

			if (!key) {
				json_object_put(val);
				err = SYM_ENOMEM;
				goto out_put;
			}
			/* like JSON.parse, the last duplicate wins */
			json_object_object_add(obj, key, val);
			sym_free(key);
		}
next:
		p = skip_ws(ve, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			if (p < end && *p == '}')
				break;
			continue;
		}
		if (p < end && *p == '}')
			break;
		err = json_err(c, p, "expected , or }");
		goto out_put;
	}
done:
	*after = p + 1;
	*out = obj;
	return SYM_OK;
out_put:
	json_object_put(obj);
	return err;
}

/* ---- building and checking ---------------------------------------- */

#define bad(c, fmt, what) sym_diag_error((c)->d, SYM_EFORMAT, 0, 0, fmt, what)

static json_object *member(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		return NULL;
	return v;
}

static int has_member(json_object *o, const char *k)
{
	return json_object_object_get_ex(o, k, NULL);
}

/* A JSON number holding a whole value in [lo, hi]. */
static int get_uint(json_object *v, int64_t hi, int64_t *out)
{
	if (json_object_is_type(v, json_type_int)) {
		int64_t x = json_object_get_int64(v);

		if (x < 0 || x > hi)
			return -1;
		*out = x;
		return 0;
	}
	if (json_object_is_type(v, json_type_double)) {
		double x = json_object_get_double(v);

		if (!(x >= 0 && x <= (double)hi) || x != (double)(int64_t)x)
			return -1;
		*out = (int64_t)x;
		return 0;
	}
	return -1;
}

static int opt_string(struct ctx *c, json_object *o, const char *k,
		      const char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, k, &v))
		return SYM_OK;
	if (!json_object_is_type(v, json_type_string))
		return bad(c, "%s is not a string", k);
	*out = arena_str(c->m, json_object_get_string(v),
			 (size_t)json_object_get_string_len(v));
	return *out ? SYM_OK : SYM_ENOMEM;
}

static int check_version(struct ctx *c, json_object *o)
{
	json_object *v = member(o, "version");
	int64_t x;

	if (!v || !has_member(o, "version"))
		return bad(c, "%s is missing", "version");
	if (get_uint(v, 1000, &x) || x != 3)
		return bad(c, "%s is not 3", "version");
	return SYM_OK;
}

/* "1aad9d9e-2b50-454f-a5f2-0dd5e95c154c" (or 32 hex) -> lowercase. */
static int canon_uuid(const char *s, char out[37])
{
	size_t i, k = 0;

	for (i = 0; s[i] && k < 36; i++) {
		if (k == 8 || k == 13 || k == 18 || k == 23) {
			out[k++] = '-';
			if (s[i] == '-')
				continue;
		}
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		out[k++] = (char)tolower((unsigned char)s[i]);
	}
	out[k] = 0;
	return k == 36 && !s[i] ? 0 : -1;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return SYM_OK;
	while (n < need)
		n *= 2;
	if (!(q = sym_reallocarray(*p, n, size)))
		return SYM_ENOMEM;
	*p = q;
	*cap = n;
	return SYM_OK;
}

struct tables {
	size_t scap, ncap, seccap;
};

static int ignore_list(struct ctx *c, json_object *o, uint32_t base,
		       uint32_t nsrc)
{
	json_object *il = member(o, "ignoreList");
	int strict = 1;
	size_t i, n;

	if (!has_member(o, "ignoreList")) {
		/* the older Chrome name; tolerated, never an error */
		il = member(o, "x_google_ignoreList");
		strict = 0;
		if (!il)
			return SYM_OK;
	}
	if (!json_object_is_type(il, json_type_array))
		return strict ? bad(c, "%s is not an array", "ignoreList") :
				SYM_OK;
	n = json_object_array_length(il);
	for (i = 0; i < n; i++) {
		int64_t x;

		if (get_uint(json_object_array_get_idx(il, i), UINT32_MAX,
			     &x) || x >= nsrc) {
			if (strict)
				return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
					"ignoreList[%zu] is not a source index",
					i);
			continue;
		}
		c->m->sources[base + (size_t)x].ignored = 1;
	}
	return SYM_OK;
}

static int add_regular(struct ctx *c, struct tables *t, json_object *o,
		       uint32_t line, uint32_t col)
{
	struct sym_smap *m = c->m;
	json_object *srcs, *names, *content, *maps;
	struct sym_smap_section *sec;
	const char *root;
	size_t i, n, base, nbase;
	int err;

	if ((err = check_version(c, o)))
		return err;
	if (!(maps = member(o, "mappings")) && !has_member(o, "mappings"))
		return bad(c, "%s is missing", "mappings");
	if (!json_object_is_type(maps, json_type_string))
		return bad(c, "%s is not a string", "mappings");
	if (!(srcs = member(o, "sources")) && !has_member(o, "sources"))
		return bad(c, "%s is missing", "sources");
	if (!json_object_is_type(srcs, json_type_array))
		return bad(c, "%s is not an array", "sources");
	names = member(o, "names");
	if (has_member(o, "names") &&
	    !json_object_is_type(names, json_type_array))
		return bad(c, "%s is not an array", "names");
	content = member(o, "sourcesContent");
	if (has_member(o, "sourcesContent") &&
	    !json_object_is_type(content, json_type_array))
		return bad(c, "%s is not an array", "sourcesContent");
	{
		const char *f;

		if ((err = opt_string(c, o, "file", &f)))
			return err;
		if (!m->is_index)
			m->file = f;
	}
	if ((err = opt_string(c, o, "sourceRoot", &root)))
		return err;
	if (!m->is_index)
		m->source_root = root;

	base = m->nsources;
	n = json_object_array_length(srcs);
	if (n > UINT32_MAX - base)
		return bad(c, "%s: too many", "sources");
	if ((err = grow((void **)&m->sources, &t->scap, base + n,
			sizeof(*m->sources))))
		return err;
	for (i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(srcs, i);
		struct sym_smap_source *ss = &m->sources[base + i];

		memset(ss, 0, sizeof(*ss));
		m->nsources = base + i + 1;
		if (!s)
			continue;
		if (!json_object_is_type(s, json_type_string))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sources[%zu] is not a string or null", i);
		ss->raw = arena_str(m, json_object_get_string(s),
				    (size_t)json_object_get_string_len(s));
		if (!ss->raw)
			return SYM_ENOMEM;
		{
			char *u = symfmt_sourcemap_join_url(root, ss->raw);

			if (!u)
				return SYM_ENOMEM;
			ss->url = arena_str(m, u, strlen(u));
			sym_free(u);
			if (!ss->url)
				return SYM_ENOMEM;
		}
	}
	if (content) {
		size_t nc = json_object_array_length(content);

		for (i = 0; i < nc; i++) {
			json_object *s = json_object_array_get_idx(content, i);
			struct sym_smap_source *ss;

			if (!s)
				continue;
			if (json_object_is_type(s, json_type_string)) {
				if (i >= n)
					continue;
				ss = &m->sources[base + i];
				ss->has_content = 1;
				ss->content_len =
					(size_t)json_object_get_string_len(s);
				ss->content = arena_str(m,
					json_object_get_string(s),
					ss->content_len);
				if (!ss->content)
					return SYM_ENOMEM;
			} else if (json_object_is_type(s, json_type_int) &&
				   json_object_get_int(s) == 1) {
				if (i < n) /* scanner: present, not kept */
					m->sources[base + i].has_content = 1;
			} else {
				return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
					"sourcesContent[%zu] is not a string or null",
					i);
			}
		}
	}
	if ((err = ignore_list(c, o, (uint32_t)base, (uint32_t)n)))
		return err;

	nbase = m->nnames;
	n = names ? json_object_array_length(names) : 0;
	if (n > UINT32_MAX - nbase)
		return bad(c, "%s: too many", "names");
	if ((err = grow((void **)&m->names, &t->ncap, nbase + n,
			sizeof(*m->names))))
		return err;
	for (i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(names, i);

		if (!json_object_is_type(s, json_type_string))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"names[%zu] is not a string", i);
		m->names[nbase + i] = arena_str(m, json_object_get_string(s),
				(size_t)json_object_get_string_len(s));
		if (!m->names[nbase + i])
			return SYM_ENOMEM;
		m->nnames = nbase + i + 1;
	}
	if (!m->debug_id) {
		json_object *id = member(o, "debugId");
		char u[37];

		/* an invalid id is an optional error: ignored */
		if (json_object_is_type(id, json_type_string) &&
		    !canon_uuid(json_object_get_string(id), u))
			m->debug_id = arena_str(m, u, 36);
	}

	if ((err = grow((void **)&m->sections, &t->seccap, m->nsections + 1,
			sizeof(*m->sections))))
		return err;
	sec = &m->sections[m->nsections++];
	memset(sec, 0, sizeof(*sec));
	sec->line = line;
	sec->col = col;
	sec->src_base = (uint32_t)base;
	sec->nsrc = (uint32_t)(m->nsources - base);
	sec->name_base = (uint32_t)nbase;
	sec->nname = (uint32_t)(m->nnames - nbase);
	{
		struct span *sp = json_object_get_userdata(maps);

		if (sp) {
			sec->mappings = sp->p;
			sec->mappings_len = sp->n;
			sec->mappings_off = (uint64_t)(sp->p - c->base);
		} else {
			/* owned by the tree: copied before it goes */
			sec->mappings_len =
				(size_t)json_object_get_string_len(maps);
			sec->owned_mappings =
				sym_strndup(json_object_get_string(maps),
					    sec->mappings_len);
			if (!sec->owned_mappings)
				return SYM_ENOMEM;
			sec->mappings = sec->owned_mappings;
		}
	}
	return SYM_OK;
}

static int add_index(struct ctx *c, struct tables *t, json_object *o)
{
	json_object *secs = member(o, "sections");
	uint32_t pl = 0, pc = 0;
	size_t i, n;
	int err;

	if ((err = check_version(c, o)))
		return err;
	if (has_member(o, "mappings"))
		return bad(c, "%s: an index map has no mappings", "mappings");
	if (!json_object_is_type(secs, json_type_array))
		return bad(c, "%s is not an array", "sections");
	if ((err = opt_string(c, o, "file", &c->m->file)))
		return err;
	{
		json_object *id = member(o, "debugId");
		char u[37];

		if (json_object_is_type(id, json_type_string) &&
		    !canon_uuid(json_object_get_string(id), u))
			c->m->debug_id = arena_str(c->m, u, 36);
	}
	n = json_object_array_length(secs);
	if (n > MAX_SECTIONS)
		return bad(c, "%s: too many", "sections");
	for (i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(secs, i);
		json_object *off, *map, *ln, *cl;
		int64_t l, k;

		if (!json_object_is_type(s, json_type_object))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu] is not an object", i);
		off = member(s, "offset");
		map = member(s, "map");
		if (!json_object_is_type(off, json_type_object))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu].offset is missing or not an object",
				i);
		ln = member(off, "line");
		cl = member(off, "column");
		if (!ln || get_uint(ln, UINT32_MAX, &l))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu].offset.line is not a line", i);
		if (!cl || get_uint(cl, UINT32_MAX, &k))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu].offset.column is not a column",
				i);
		if (i && (l < pl || (l == pl && k <= pc)))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu] overlaps or precedes the previous section",
				i);
		if (!json_object_is_type(map, json_type_object))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu].map is missing or not an object",
				i);
		if (has_member(map, "sections"))
			return sym_diag_error(c->d, SYM_EFORMAT, 0, 0,
				"sections[%zu].map is an index map", i);
		if ((err = add_regular(c, t, map, (uint32_t)l, (uint32_t)k))) {
			if (c->d && c->d->err == err &&
			    strncmp(c->d->msg, "sections[", 9)) {
				char msg[sizeof(c->d->msg)];

				snprintf(msg, sizeof(msg), "sections[%zu].map: %.200s",
					 i, c->d->msg);
				memcpy(c->d->msg, msg, sizeof(msg));
			}
			return err;
		}
		pl = (uint32_t)l;
		pc = (uint32_t)k;
	}
	return SYM_OK;
}

static int build(struct ctx *c, json_object *o)
{
	struct tables t = { 0, 0, 0 };

	if (!json_object_is_type(o, json_type_object))
		return bad(c, "%s", "not a JSON object");
	if (has_member(o, "sections")) {
		c->m->is_index = 1;
		c->m->version = 3;
		return add_index(c, &t, o);
	}
	c->m->version = 3;
	return add_regular(c, &t, o, 0, 0);
}

/* ---- mappings ----------------------------------------------------- */

static signed char b64[256];

static void b64_init(void)
{
	static const char a[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int i;

	if (b64['B'])
		return;
	memset(b64, -1, sizeof(b64));
	for (i = 0; i < 64; i++)
		b64[(unsigned char)a[i]] = (signed char)i;
}

struct decoder {
	const struct sym_smap_section *sec;
	struct sym_diag *d;
	/* store only lines [lo, hi] */
	uint32_t lo, hi;
	struct sym_smap_seg *segs;
	size_t nsegs, cap;
	size_t before;		/* segments on lines < lo */
	size_t total;
	uint32_t *line_start;	/* for full decodes */
	size_t nlines, lcap;
	int count_rest;		/* after line hi, only count and check */
	int lenient;		/* skip empty segments, as mozilla does */
};

static int map_err(struct decoder *k, const char *at, uint32_t line,
		   const char *what);

/*
 * The lines after the one asked, for a one-shot lookup: only the
 * number of segments matters (mozilla's search runs over all of them),
 * and the characters are checked.  No loop-carried state: a segment
 * starts where a field character follows a separator.
 */
static int count_rest(struct decoder *k, const char *p, const char *end,
		      uint32_t line)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i, n = end - p, segs = 0;
	unsigned bad = 0;

	if (!n)
		return SYM_OK;
	segs = s[0] != ',' && s[0] != ';';
	bad = s[0] != ',' && s[0] != ';' && b64[s[0]] < 0;
	for (i = 1; i < n; i++) {
		unsigned sep = (s[i] == ',') | (s[i] == ';');
		unsigned prev = (s[i - 1] == ',') | (s[i - 1] == ';');

		segs += (sep ^ 1) & prev;
		bad |= (sep ^ 1) & (b64[s[i]] < 0);
	}
	if (bad) {
		for (i = 0; i < n; i++)
			if (s[i] != ',' && s[i] != ';' && b64[s[i]] < 0)
				return map_err(k, p + i, line,
					       "bad base64 character");
	}
	k->total += segs;
	return SYM_OK;
}

static int map_err(struct decoder *k, const char *at, uint32_t line,
		   const char *what)
{
	const char *s = k->sec->mappings;
	const char *ls = at;

	while (ls > s && ls[-1] != ';')
		ls--;
	return sym_diag_error(k->d, SYM_EFORMAT, SYM_DIAG_OFFSET,
			      k->sec->mappings_off + (uint64_t)(at - s),
			      "mappings: %s at generated line %u column %u (mappings offset %llu)",
			      what, line + 1, (unsigned)(at - ls) + 1,
			      (unsigned long long)(at - s));
}

/* Full-key order of mozilla's by-generated sort within one line. */
static int seg_cmp(const void *a, const void *b)
{
	const struct sym_smap_seg *x = a, *y = b;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	/* mapped segments sort before 1-field ones */
	if ((x->src == SYM_SMAP_NONE) != (y->src == SYM_SMAP_NONE))
		return x->src == SYM_SMAP_NONE ? 1 : -1;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->oline != y->oline)
		return x->oline < y->oline ? -1 : 1;
	if (x->ocol != y->ocol)
		return x->ocol < y->ocol ? -1 : 1;
	if (x->name != y->name) {	/* no name sorts first */
		if (x->name == SYM_SMAP_NONE)
			return -1;
		if (y->name == SYM_SMAP_NONE)
			return 1;
		return x->name < y->name ? -1 : 1;
	}
	return 0;
}

static void sort_line(struct sym_smap_seg *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (seg_cmp(&s[i - 1], &s[i]) > 0)
			break;
	if (i < n)
		qsort(s, n, sizeof(*s), seg_cmp);
}

/*
 * One base64 VLQ value at *pp (ECMA-426: at most 32 bits).  Returns
 * NULL, or what is wrong with *pp left at the bad place.  Most values
 * are one digit: that path is short.
 */
static inline const char *vlq(const char **pp, const char *end, int64_t *out)
{
	const char *p = *pp, *start = p;
	uint64_t raw;
	unsigned shift = 5;
	int64_t mag;
	int c = b64[(unsigned char)*p];

	if (c < 0)
		return "bad base64 character";
	p++;
	if (!(c & 32)) {
		*out = (c & 1) ? -(int64_t)(c >> 1) : (int64_t)(c >> 1);
		*pp = p;
		return NULL;
	}
	raw = (uint64_t)(c & 31);
	for (;;) {
		if (p >= end) {
			*pp = p;
			return "VLQ value is truncated";
		}
		if ((c = b64[(unsigned char)*p]) < 0) {
			*pp = p;
			return "bad base64 character";
		}
		p++;
		if (shift < 40)
			raw |= (uint64_t)(c & 31) << shift;
		else if (c & 31)
			return "VLQ value exceeds 32 bits";
		shift += 5;
		if (!(c & 32))
			break;
	}
	mag = (int64_t)(raw >> 1);
	(void)start;
	if ((raw & 1) ? mag > 2147483648LL : mag > 2147483647LL)
		return "VLQ value exceeds 32 bits";
	*out = (raw & 1) ? -mag : mag;
	*pp = p;
	return NULL;
}

static int decode(struct decoder *k)
{
	const struct sym_smap_section *sec = k->sec;
	const char *p = sec->mappings, *end = p + sec->mappings_len;
	int64_t v[5], acc[5] = { 0, 0, 0, 0, 0 };
	uint32_t line = 0;
	size_t line_first = 0;

	b64_init();
	if (k->line_start)
		k->line_start[0] = 0;
	for (;;) {
		const char *seg = p;
		int nf = 0;

		if (p < end && *p != ';' && *p != ',') {
			int c;

			/* *end is never a base64 digit (the closing quote or a
			 * NUL), so the digit test also stops at the end */
			while ((c = b64[(unsigned char)*p]) >= 0) {
				const char *e;

				if (nf == 5)
					return map_err(k, p, line,
						       "segment with more than 5 fields");
				if (c < 32) { /* one digit: most values */
					v[nf++] = (c & 1) ? -(int64_t)(c >> 1) :
							    (int64_t)(c >> 1);
					p++;
					continue;
				}
				if ((e = vlq(&p, end, &v[nf])))
					return map_err(k, p, line, e);
				nf++;
			}
			if (p < end && *p != ',' && *p != ';')
				return map_err(k, p, line, "bad base64 character");
			if (nf != 1 && nf != 4 && nf != 5)
				return map_err(k, seg, line, nf == 2 ?
					       "segment with 2 fields" :
					       "segment with 3 fields");
			acc[0] += v[0];
			if ((uint64_t)acc[0] > INT32_MAX)
				return map_err(k, seg, line,
					       "generated column out of range");
			if (nf >= 4) {
				int i;

				for (i = 1; i < nf; i++) {
					acc[i] += v[i];
					if ((uint64_t)acc[i] > INT32_MAX)
						return map_err(k, seg, line,
							i == 1 ? "negative source index" :
							i == 2 ? "original line out of range" :
							i == 3 ? "original column out of range" :
								 "negative name index");
				}
				if (acc[1] >= sec->nsrc)
					return map_err(k, seg, line,
						       "source index out of range");
				if (nf == 5 && acc[4] >= sec->nname)
					return map_err(k, seg, line,
						       "name index out of range");
			}
			if (line >= k->lo && line <= k->hi) {
				struct sym_smap_seg *s;

				if (k->nsegs == k->cap &&
				    grow((void **)&k->segs, &k->cap,
					 k->nsegs + 1, sizeof(*k->segs)))
					return SYM_ENOMEM;
				s = &k->segs[k->nsegs++];
				s->col = (uint32_t)acc[0];
				if (nf == 1) {
					s->src = SYM_SMAP_NONE;
					s->oline = s->ocol = 0;
					s->name = SYM_SMAP_NONE;
				} else {
					s->src = sec->src_base +
						 (uint32_t)acc[1];
					s->oline = (uint32_t)acc[2];
					s->ocol = (uint32_t)acc[3];
					s->name =
						nf == 5 ? sec->name_base +
								  (uint32_t)
									  acc[4]
							: SYM_SMAP_NONE;
				}
			} else if (line < k->lo) {
				k->before++;
			}
			k->total++;
		} else if (p < end && *p == ',' && !k->lenient) {
			return map_err(k, p, line, "empty segment");
		}
		if (p >= end)
			break;
		if (*p == ',') {
			p++;
			if (!k->lenient &&
			    (p >= end || *p == ',' || *p == ';'))
				return map_err(k, p, line, "empty segment");
			continue;
		}
		/* ';': next line */
		if (k->nsegs > line_first)
			sort_line(k->segs + line_first,
				  k->nsegs - line_first);
		if (k->count_rest && line >= k->hi)
			return count_rest(k, p + 1, end, line + 1);
		line_first = k->nsegs;
		if (line == UINT32_MAX - 1)
			return map_err(k, p, line, "too many lines");
		line++;
		acc[0] = 0;
		p++;
		if (k->line_start) {
			if (grow((void **)&k->line_start, &k->lcap,
				 (size_t)line + 2, sizeof(*k->line_start)))
				return SYM_ENOMEM;
			k->line_start[line] = (uint32_t)k->nsegs;
		}
	}
	if (k->nsegs > line_first)
		sort_line(k->segs + line_first, k->nsegs - line_first);
	k->nlines = line + 1;
	return SYM_OK;
}

static int decode_section(struct sym_smap *m, struct sym_smap_section *sec,
			  struct sym_diag *d)
{
	struct decoder k;
	size_t cap = 1024;
	int err;

	if (sec->decoded)
		return SYM_OK;
	memset(&k, 0, sizeof(k));
	k.lenient = m->lenient_;
	k.sec = sec;
	k.d = d;
	k.lo = 0;
	k.hi = UINT32_MAX;
	/* a first guess from the text: about 5 bytes a segment */
	if (grow((void **)&k.segs, &k.cap, sec->mappings_len / 6 + 16,
		 sizeof(*k.segs)))
		return SYM_ENOMEM;
	if (!(k.line_start = sym_malloc(cap * sizeof(*k.line_start)))) {
		sym_free(k.segs);
		return SYM_ENOMEM;
	}
	k.lcap = cap;
	err = decode(&k);
	if (err || k.nsegs > UINT32_MAX) {
		sym_free(k.segs);
		sym_free(k.line_start);
		return err ? err : SYM_ETOOBIG;
	}
	k.line_start[k.nlines] = (uint32_t)k.nsegs;
	sec->segs = k.segs;
	sec->nsegs = k.nsegs;
	sec->line_start = k.line_start;
	sec->nlines = k.nlines;
	sec->decoded = 1;
	return SYM_OK;
}

int symfmt_sourcemap_decode(struct sym_smap *m, struct sym_diag *d)
{
	size_t i;
	int err;

	for (i = 0; i < m->nsections; i++)
		if ((err = decode_section(m, &m->sections[i], d)))
			return err;
	return SYM_OK;
}

size_t symfmt_sourcemap_count(struct sym_smap *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nsections; i++)
		if (!decode_section(m, &m->sections[i], NULL))
			n += m->sections[i].nsegs;
	return n;
}

/* ---- lookup ------------------------------------------------------- */

/* The section holding a generated position: the last one at or before. */
static struct sym_smap_section *find_section(struct sym_smap *m,
					     uint32_t line, uint32_t col)
{
	size_t lo = 0, hi = m->nsections;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sym_smap_section *s = &m->sections[mid];

		if (s->line < line || (s->line == line && s->col <= col))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &m->sections[lo - 1] : NULL;
}

/*
 * The search mozilla's mappings.wasm does (Rust's slice binary search of
 * that time) over the whole by-generated table [0, total): the segments
 * of the asked line are segs[0, n) at index `first`; everything before
 * is Less, everything after Greater.  Returns the index of the chosen
 * segment relative to `first`, or -1.
 */
static long rust_search(const struct sym_smap_seg *segs, size_t n,
			size_t first, size_t total, uint32_t col,
			enum sym_smap_bias bias)
{
	size_t base = 0, size = total;
	size_t idx;

	while (size > 0) {
		size_t half = size / 2, mid = base + half;
		int cmp;

		if (mid < first)
			cmp = -1;
		else if (mid >= first + n)
			cmp = 1;
		else
			cmp = segs[mid - first].col < col ? -1 :
			      segs[mid - first].col > col ? 1 : 0;
		if (cmp == 0)
			return (long)(mid - first);
		if (cmp < 0) {
			base = mid + 1;
			size -= half + 1;
		} else {
			size = half;
		}
	}
	idx = base;
	if (bias == SYM_SMAP_LUB) {
		if (idx >= first && idx < first + n)
			return (long)(idx - first);
		return -1;
	}
	if (idx > first && idx - 1 < first + n)
		return (long)(idx - 1 - first);
	return -1;
}

static void answer(const struct sym_smap_section *sec, uint32_t line,
		   const struct sym_smap_seg *s, struct sym_smap_pos *p)
{
	p->gen_line = line + sec->line;
	p->gen_col = s->col + (line == 0 ? sec->col : 0);
	if (s->src == SYM_SMAP_NONE)
		return;
	p->found = 1;
	p->src = s->src;
	p->line = s->oline;
	p->col = s->ocol;
	p->name = s->name;
}

static void relative(const struct sym_smap_section *sec, uint32_t *line,
		     uint32_t *col)
{
	if (*line == sec->line)
		*col -= sec->col;
	*line -= sec->line;
}

int symfmt_sourcemap_lookup(struct sym_smap *m, uint32_t line, uint32_t col,
			    enum sym_smap_bias bias, struct sym_smap_pos *p,
			    struct sym_diag *d)
{
	struct sym_smap_section *sec = find_section(m, line, col);
	size_t first, n;
	long i;
	int err;

	memset(p, 0, sizeof(*p));
	p->src = p->name = SYM_SMAP_NONE;
	if (!sec)
		return SYM_OK;
	if ((err = decode_section(m, sec, d)))
		return err;
	relative(sec, &line, &col);
	if (line >= sec->nlines) {
		first = sec->nsegs;
		n = 0;
	} else {
		first = sec->line_start[line];
		n = sec->line_start[line + 1] - first;
	}
	i = rust_search(sec->segs + first, n, first, sec->nsegs, col, bias);
	if (i >= 0)
		answer(sec, line, &sec->segs[first + (size_t)i], p);
	return SYM_OK;
}

int symfmt_sourcemap_lookup_once(struct sym_smap *m, uint32_t line,
				 uint32_t col, enum sym_smap_bias bias,
				 struct sym_smap_pos *p, struct sym_diag *d)
{
	struct sym_smap_section *sec = find_section(m, line, col);
	struct decoder k;
	long i;
	int err;

	memset(p, 0, sizeof(*p));
	p->src = p->name = SYM_SMAP_NONE;
	if (!sec)
		return SYM_OK;
	if (sec->decoded)
		return symfmt_sourcemap_lookup(m, line, col, bias, p, d);
	relative(sec, &line, &col);
	memset(&k, 0, sizeof(k));
	k.sec = sec;
	k.d = d;
	k.lo = k.hi = line;
	k.count_rest = 1;
	k.lenient = m->lenient_;
	if ((err = decode(&k))) {
		sym_free(k.segs);
		return err;
	}
	i = rust_search(k.segs, k.nsegs, k.before, k.total, col, bias);
	if (i >= 0)
		answer(sec, line, &k.segs[i], p);
	sym_free(k.segs);
	return SYM_OK;
}

/* ---- URLs (mozilla source-map 0.7 computeSourceURL) ---------------- */

struct sbuf {
	char *s;
	size_t n, cap;
	int err;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->err)
		return;
	if (grow((void **)&b->s, &b->cap, b->n + n + 1, 1)) {
		b->err = 1;
		return;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

enum url_type { URL_ABSOLUTE, URL_SCHEME_REL, URL_PATH_ABS, URL_PATH_REL };

static enum url_type url_type(const char *u)
{
	const char *p = u;

	if (u[0] == '/')
		return u[1] == '/' ? URL_SCHEME_REL : URL_PATH_ABS;
	while (*p && (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
		      *p == '.'))
		p++;
	return p > u && *p == ':' ? URL_ABSOLUTE : URL_PATH_REL;
}

static int special_scheme(const char *s, size_t n)
{
	static const char *const sp[] = { "http", "https", "ws", "wss",
					  "ftp", "file" };
	size_t i;

	for (i = 0; i < sizeof(sp) / sizeof(sp[0]); i++)
		if (strlen(sp[i]) == n && !strncasecmp(s, sp[i], n))
			return 1;
	return 0;
}

/*
 * A URL split for resolution: head ("scheme://host", "scheme:" or ""),
 * path, and tail (query and fragment, kept as is).
 */
struct url {
	char *head;
	char *path;
	char *tail;
	int special, opaque;
	size_t scheme_len;
};

static void url_free(struct url *u)
{
	sym_free(u->head);
	sym_free(u->path);
	sym_free(u->tail);
}

static int url_split(const char *s, struct url *u)
{
	const char *p = s, *q;
	size_t hn = 0;

	memset(u, 0, sizeof(*u));
	if (url_type(s) == URL_ABSOLUTE) {
		q = strchr(s, ':');
		u->scheme_len = (size_t)(q - s);
		u->special = special_scheme(s, (size_t)(q - s));
		p = q + 1;
		if ((p[0] == '/' || (u->special && p[0] == '\\')) &&
		    (p[1] == '/' || (u->special && p[1] == '\\'))) {
			p += 2;
			while (*p && *p != '/' && *p != '?' && *p != '#' &&
			       !(u->special && *p == '\\'))
				p++;
		} else if (!u->special && *p != '/') {
			u->opaque = 1;
		}
		hn = (size_t)(p - s);
	} else if (url_type(s) == URL_SCHEME_REL) {
		p = s + 2;
		while (*p && *p != '/' && *p != '?' && *p != '#' && *p != '\\')
			p++;
		hn = (size_t)(p - s);
		u->special = 1;
	} else {
		u->special = 1;	/* paths resolve like http: URLs */
	}
	q = p + strcspn(p, "?#");
	u->head = sym_strndup(s, hn);
	u->path = sym_strndup(p, (size_t)(q - p));
	u->tail = sym_strndup(q, strlen(q));
	if (!u->head || !u->path || !u->tail) {
		url_free(u);
		return SYM_ENOMEM;
	}
	{
		size_t i;

		/* schemes are case-insensitive, hosts of special URLs too */
		for (i = 0; u->head[i]; i++)
			if (u->special || i < u->scheme_len)
				u->head[i] = (char)tolower(
					(unsigned char)u->head[i]);
	}
	if (u->special) {
		char *c;

		for (c = u->path; *c; c++)
			if (*c == '\\')
				*c = '/';
	}
	return SYM_OK;
}

/*
 * Remove dot segments.  An absolute path cannot climb above its root;
 * a relative one keeps its leading "..".  encode: percent-encode the
 * bytes WHATWG's path set encodes.
 */
static void dots(struct sbuf *out, const char *path, int encode)
{
	const char *p = path;
	size_t keep = 0;	/* leading ../ of a relative path */
	int abs = path[0] == '/';
	size_t start;

	if (abs)
		p++;
	start = out->n;
	if (abs)
		sb_add(out, "/", 1);
	start = out->n;
	for (;;) {
		const char *e = p + strcspn(p, "/");
		size_t n = (size_t)(e - p);
		int last = *e == 0;

		if (n == 1 && p[0] == '.') {
			/* dropped; a final "." leaves a directory */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out->n - start > keep) {
				/* drop the last segment written */
				size_t i = out->n - 1;

				while (i > start && out->s[i - 1] != '/')
					i--;
				out->n = i;
				out->s[i] = 0;
			} else if (!abs) {
				sb_add(out, "../", 3);
				keep = out->n - start;
			}
		} else {
			size_t i;

			for (i = 0; i < n; i++) {
				unsigned char c = (unsigned char)p[i];

				if (encode && (c <= 0x20 || c >= 0x7f ||
					       strchr("\"<>`{}", c))) {
					char hex[4];

					snprintf(hex, sizeof(hex), "%%%02X", c);
					sb_add(out, hex, 3);
				} else {
					sb_add(out, (const char *)&p[i], 1);
				}
			}
			if (!last)
				sb_add(out, "/", 1);
		}
		if (last)
			break;
		p = e + 1;
	}
	if (!out->s)
		sb_add(out, "", 0);
}

static void add_tail(struct sbuf *b, const char *t, int encode)
{
	for (; *t; t++) {
		unsigned char c = (unsigned char)*t;

		if (encode && (c <= 0x20 || c >= 0x7f || strchr("\"<>", c))) {
			char hex[4];

			snprintf(hex, sizeof(hex), "%%%02X", c);
			sb_add(b, hex, 3);
		} else {
			sb_add(b, (const char *)t, 1);
		}
	}
}

/* Resolve ref against base (a directory when base_is_dir). */
static char *resolve(const char *base, const char *ref, int base_is_dir,
		     int encode)
{
	struct url b, r;
	struct sbuf out = { 0 }, path = { 0 };
	enum url_type rt = url_type(ref);
	int err;

	if ((err = url_split(ref, &r)))
		return NULL;
	if (rt == URL_ABSOLUTE || !base || !*base) {
		if (r.opaque) {
			sb_str(&out, ref);
		} else {
			sb_str(&out, r.head);
			if (rt == URL_ABSOLUTE && r.special && !*r.path &&
			    strncmp(r.head, "file:", 5))
				sb_str(&out, "/");
			dots(&out, r.path, encode);
			add_tail(&out, r.tail, encode);
		}
		url_free(&r);
		return out.err ? (sym_free(out.s), NULL) : out.s;
	}
	if ((err = url_split(base, &b))) {
		url_free(&r);
		return NULL;
	}
	if (b.opaque) {
		/* nothing to resolve against (data:, blob:...) */
		sb_str(&out, ref);
		goto done;
	}
	if (rt == URL_SCHEME_REL) {
		const char *c = strchr(b.head, ':');

		if (c && url_type(b.head) == URL_ABSOLUTE)
			sb_add(&out, b.head, (size_t)(c - b.head) + 1);
		sb_str(&out, r.head);
		dots(&out, *r.path ? r.path : "/", encode);
		add_tail(&out, r.tail, encode);
		goto done;
	}
	sb_str(&out, b.head);
	if (rt == URL_PATH_ABS) {
		sb_str(&path, r.path);
	} else {
		const char *bp = b.path;
		size_t dn = strlen(bp);

		if (!base_is_dir) {
			while (dn && bp[dn - 1] != '/')
				dn--;
		}
		if (!dn && *b.head)
			sb_str(&path, "/");
		sb_add(&path, bp, dn);
		if (path.n && path.s[path.n - 1] != '/' )
			sb_str(&path, "/");
		sb_str(&path, r.path);
	}
	if (path.err)
		out.err = 1;
	else
		dots(&out, path.s ? path.s : "", encode);
	add_tail(&out, r.tail, encode);
done:
	sym_free(path.s);
	url_free(&b);
	url_free(&r);
	if (out.err || !out.s) {
		if (!out.err && !out.s)
			return sym_strndup("", 0);
		sym_free(out.s);
		return NULL;
	}
	return out.s;
}

char *symfmt_sourcemap_join_url(const char *root, const char *path)
{
	char *norm, *r;

	if (root && *root && url_type(path) == URL_PATH_ABS)
		path++;
	norm = resolve(NULL, path, 0, 1);
	if (!norm || !root || !*root)
		return norm;
	r = resolve(root, norm, 1, 1);
	sym_free(norm);
	return r;
}

char *symfmt_sourcemap_resolve(const char *base, const char *ref)
{
	return resolve(base, ref, 0, 0);
}

/* ---- bundles and data: URLs ---------------------------------------- */

static int find_comment(const char *js, size_t len, const char *key,
			const char **val, size_t *n)
{
	size_t kn = strlen(key);
	const char *p = js, *end, *best = NULL;

	if (!js || !len)
		return 0;
	end = js + len;
	while ((p = memmem(p, (size_t)(end - p), key, kn))) {
		const char *s = p;

		/* `//# key` or `//@ key` at the start of a line */
		if (s - js >= 4 && s[-1] == ' ' &&
		    (s[-2] == '#' || s[-2] == '@') && s[-3] == '/' &&
		    s[-4] == '/') {
			const char *ls = s - 4;

			while (ls > js && (ls[-1] == ' ' || ls[-1] == '\t'))
				ls--;
			if (ls == js || ls[-1] == '\n' || ls[-1] == '\r')
				best = p + kn;
		}
		p += kn;
	}
	if (!best)
		return 0;
	*val = best;
	p = best;
	while (p < end && *p != '\n' && *p != '\r' && *p != ' ' &&
	       *p != '\t' && *p != '*')
		p++;
	*n = (size_t)(p - best);
	return *n > 0;
}

int symfmt_sourcemap_find_url(const char *js, size_t len, const char **url,
			      size_t *n)
{
	return find_comment(js, len, "sourceMappingURL=", url, n);
}

int symfmt_sourcemap_find_debug_id(const char *js, size_t len, char out[37])
{
	const char *v;
	size_t n;
	char tmp[64];

	if (!find_comment(js, len, "debugId=", &v, &n) || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, v, n);
	tmp[n] = 0;
	return !canon_uuid(tmp, out);
}

int symfmt_sourcemap_data_url(const char *url, size_t n, char **out,
			      size_t *outlen)
{
	const char *comma, *p, *end = url + n;
	char *r;
	size_t k = 0;
	int is64;

	if (n < 5 || strncasecmp(url, "data:", 5))
		return SYM_EFORMAT;
	if (!(comma = memchr(url, ',', n)))
		return SYM_EFORMAT;
	is64 = comma - url >= 12 && !strncasecmp(comma - 7, ";base64", 7);
	if (!(r = sym_malloc((size_t)(end - comma) + 1)))
		return SYM_ENOMEM;
	if (is64) {
		uint32_t acc = 0;
		int bits = 0;

		b64_init();
		for (p = comma + 1; p < end; p++) {
			int c;

			if (*p == '=' || *p == '\n' || *p == '\r')
				continue;
			if (*p == '-' || *p == '_')	/* base64url */
				c = *p == '-' ? 62 : 63;
			else if ((c = b64[(unsigned char)*p]) < 0)
				goto bad;
			acc = acc << 6 | (uint32_t)c;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				r[k++] = (char)(acc >> bits & 0xff);
			}
		}
	} else {
		for (p = comma + 1; p < end; p++) {
			if (*p == '%' && end - p >= 3 &&
			    sym_hex_digit(p[1]) >= 0 &&
			    sym_hex_digit(p[2]) >= 0) {
				r[k++] = (char)(sym_hex_digit(p[1]) << 4 |
						sym_hex_digit(p[2]));
				p += 2;
			} else {
				r[k++] = *p;
			}
		}
	}
	r[k] = 0;
	*out = r;
	*outlen = k;
	return SYM_OK;
bad:
	sym_free(r);
	return SYM_EFORMAT;
}

/* ---- entry points ------------------------------------------------- */

void symfmt_sourcemap_free(struct sym_smap *m)
{
	struct sym_smap_arena *a, *n;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nsections; i++) {
		sym_free(m->sections[i].segs);
		sym_free(m->sections[i].line_start);
		sym_free(m->sections[i].owned_mappings);
	}
	sym_free(m->sections);
	sym_free(m->sources);
	sym_free(m->names);
	for (a = m->arena_; a; a = n) {
		n = a->next;
		sym_free(a);
	}
	sym_free(m);
}

/*
 * Tree checks know the member, not its place: point the message at the
 * first occurrence of the member's name in the input.
 */
static void locate(struct ctx *c, const char *buf, size_t len)
{
	struct sym_diag *d = c->d;
	char key[72], *msg;
	const char *w, *hit;
	size_t n;

	if (!d || (d->flags & SYM_DIAG_OFFSET))
		return;
	w = d->msg;
	if ((msg = strstr(d->msg, "].map: ")))
		w = msg + 7;
	n = strcspn(w, " [.:");
	if (!n || n > 64)
		return;
	key[0] = '"';
	memcpy(key + 1, w, n);
	key[n + 1] = '"';
	if (!(hit = memmem(buf, len, key, n + 2)))
		return;
	d->flags |= SYM_DIAG_OFFSET;
	d->offset = (uint64_t)(hit - buf);
	n = strlen(d->msg);
	snprintf(d->msg + n, sizeof(d->msg) - n, " (offset %llu)",
		 (unsigned long long)d->offset);
}

int symfmt_sourcemap_parse(struct sym_smap **out, const char *buf,
			   size_t len, unsigned flags, struct sym_diag *d)
{
	struct ctx c;
	struct sym_smap *m;
	const char *p = buf, *end = buf ? buf + len : buf;
	json_object *tree = NULL;
	int err;

	*out = NULL;
	if (len > INT32_MAX)
		return sym_diag_error(d, SYM_ETOOBIG, 0, 0,
				      "source map larger than 2 GiB");
	/* the XSSI guard: a first line starting with )]} is dropped */
	if (len >= 3 && !memcmp(p, ")]}", 3)) {
		const char *nl = memchr(p, '\n', len);

		p = nl ? nl + 1 : end;
	}
	if (p >= end)
		return sym_diag_error(d, SYM_EFORMAT, SYM_DIAG_OFFSET,
				      (uint64_t)(buf ? p - buf : 0),
				      "invalid JSON: empty input");
	if (!(m = sym_calloc(1, sizeof(*m))))
		return SYM_ENOMEM;
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.d = d;
	c.flags = flags;
	c.base = buf;
	m->buf_ = buf;
	m->len_ = len;
	if (!(c.tok = json_tokener_new_ex(MAX_DEPTH))) {
		err = SYM_ENOMEM;
		goto out_free;
	}
	/* json-c stops at a NUL byte: such input is json-c's to judge */
	if (p < end && memchr(p, 0, (size_t)(end - p)))
		flags |= SYM_SMAP_JSONC;
	if (!(flags & SYM_SMAP_JSONC)) {
		const char *v = skip_ws(p, end), *e = NULL;
		struct sym_diag saved;

		if (d)
			saved = *d;
		if (v < end && *v == '{')
			err = fast_object(&c, v, end, 0, &tree, &e);
		else
			err = json_err(&c, v, "not an object");
		if (!err && skip_ws(e, end) != end)
			err = json_err(&c, skip_ws(e, end), "trailing data");
		if (err && !c.json_error)
			goto out_tree;
		if (err) {
			/* The scanner reads strict JSON.  json-c, the parser
			 * of record, takes more (single quotes, NaN, ...):
			 * what the scanner refuses, json-c decides. */
			json_object_put(tree);
			tree = NULL;
			if (d)
				*d = saved;
			c.json_error = 0;
			flags |= SYM_SMAP_JSONC;
		}
	}
	if (flags & SYM_SMAP_JSONC) {
		enum json_tokener_error e;
		const char *q;

		tree = json_tokener_parse_ex(c.tok, p, (int)(end - p));
		e = json_tokener_get_error(c.tok);
		if (e == json_tokener_continue)
			e = json_tokener_error_parse_eof;
		q = skip_ws(p + json_tokener_get_parse_end(c.tok), end);
		if (e != json_tokener_success || !tree) {
			err = json_err(&c,
				       p + json_tokener_get_parse_end(c.tok),
				       json_tokener_error_desc(e));
			goto out_tree;
		}
		if (q != end) {
			err = json_err(&c, q, "trailing data");
			goto out_tree;
		}
	}
	if ((err = build(&c, tree))) {
		locate(&c, buf, len);
		goto out_tree;
	}
	json_object_put(tree);
	json_tokener_free(c.tok);
	if ((flags & SYM_SMAP_EAGER) &&
	    (err = symfmt_sourcemap_decode(m, d)))
		goto out_free;
	/* after the checks: lookups take what mozilla takes */
	m->lenient_ = 1;
	*out = m;
	return SYM_OK;
out_tree:
	json_object_put(tree);
	json_tokener_free(c.tok);
out_free:
	symfmt_sourcemap_free(m);
	return err;
}

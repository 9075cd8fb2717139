/* SPDX-License-Identifier: MIT */
/*
 * trace.c - parsing, resolving and rewriting JavaScript stack traces.
 * See trace.h.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/core/alloc.h"
#include "lib/js/scopes.h"
#include "lib/js/trace.h"

/* ---- parsing ------------------------------------------------------ */

static char *dup(const char *s, size_t n)
{
	return sym_strndup(s, n);
}

/*
 * "url:12:34" at the end of [s, s+n): splits off line and column.
 * Returns the length of the url part, or 0.
 */
static size_t split_pos(const char *s, size_t n, uint32_t *line,
			uint32_t *col)
{
	size_t i = n, c_start, l_start;
	unsigned long v;

	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i == n || i == 0 || s[i - 1] != ':')
		return 0;
	c_start = i;
	i--;
	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i == c_start - 1 || i == 0 || s[i - 1] != ':')
		return 0;
	l_start = i;
	v = strtoul(s + l_start, NULL, 10);
	if (v == 0 || v > UINT32_MAX)
		return 0;
	*line = (uint32_t)v;
	v = strtoul(s + c_start, NULL, 10);
	if (v == 0 || v > UINT32_MAX)
		return 0;
	*col = (uint32_t)v;
	return l_start - 1;
}

static int set_raw(struct sym_js_line *l, const char *fn, size_t fnn,
		   const char *url, size_t urln, uint32_t line, uint32_t col)
{
	memset(&l->raw, 0, sizeof(l->raw));
	l->raw.module = -1;
	if (fn && fnn) {
		if (!(l->raw_fn_ = dup(fn, fnn)))
			return SYM_ENOMEM;
		l->raw.function = l->raw_fn_;
	}
	if (!(l->raw_file_ = dup(url, urln)))
		return SYM_ENOMEM;
	l->raw.file = l->raw_file_;
	l->raw.line = line;
	l->raw.column = col;
	return SYM_OK;
}

/* V8: "    at [async ][new ]fn (loc)" or "    at [async ]loc". */
static int parse_v8(struct sym_js_line *l, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *q;
	uint32_t line, col;
	size_t un;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 4 || memcmp(p, "at ", 3))
		return 0;
	p += 3;
	l->prefix_len = (size_t)(p - s);
	q = p;
	if (end - q > 6 && !memcmp(q, "async ", 6))
		q += 6;
	else if (end - q > 4 && !memcmp(q, "new ", 4))
		q += 4;
	if (end[-1] == ')') {
		/* the location is in the last balanced parentheses */
		const char *o = end - 1;
		int depth = 0;

		for (; o >= q; o--) {
			if (*o == ')')
				depth++;
			else if (*o == '(' && --depth == 0)
				break;
		}
		/* "at async (url)": Node's anonymous async frames */
		if (o < q || o == s || o[-1] != ' ')
			return 0;
		if (!memcmp(o + 1, "eval at ", 8))
			return 0;	/* eval origins pass through */
		un = split_pos(o + 1, (size_t)(end - 1 - (o + 1)), &line, &col);
		if (!un)
			return 0;
		/* Hermes: "at f (address at index.android.bundle:1:2)" */
		if (un > 11 && !memcmp(o + 1, "address at ", 11)) {
			if (!(l->qualifier = dup(p, (size_t)(q - p))))
				return -1;
			if (set_raw(l, q, o > q ? (size_t)(o - 1 - q) : 0,
				    o + 12, un - 11, line, col))
				return -1;
			l->style = SYM_JS_V8;
			return 1;
		}
		if (!(l->qualifier = dup(p, (size_t)(q - p))))
			return -1;
		if (set_raw(l, q, o > q ? (size_t)(o - 1 - q) : 0, o + 1, un,
			    line, col))
			return -1;
	} else {
		un = split_pos(q, (size_t)(end - q), &line, &col);
		if (!un || memchr(q, ' ', un))
			return 0;
		if (!(l->qualifier = dup(p, (size_t)(q - p))))
			return -1;
		if (set_raw(l, NULL, 0, q, un, line, col))
			return -1;
	}
	l->style = SYM_JS_V8;
	return 1;
}

/* Firefox and Safari: "fn@url:1:2", "@url:1:2", "global code@url:1:2". */
static int parse_gecko(struct sym_js_line *l, const char *s, size_t n)
{
	const char *at, *p = s, *end = s + n;
	uint32_t line = 0, col = 0;
	size_t un = 0;

	/* the first @ after which a location follows (URLs may hold an @) */
	while ((at = memchr(p, '@', (size_t)(end - p)))) {
		if ((un = split_pos(at + 1, (size_t)(end - at - 1), &line,
				    &col)))
			break;
		p = at + 1;
	}
	if (!at || !un || memchr(s, ' ', (size_t)(at - s)) == s)
		return 0;
	if (!(l->qualifier = dup("", 0)))
		return -1;
	if (set_raw(l, s, (size_t)(at - s), at + 1, un, line, col))
		return -1;
	l->prefix_len = 0;
	l->style = SYM_JS_GECKO;
	return 1;
}

static int is_header(const char *s, size_t n, size_t *colon)
{
	size_t i = 0;

	if (n > 9 && !memcmp(s, "Uncaught ", 9))
		i = 9;
	if (i >= n || !isalpha((unsigned char)s[i]))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
			 s[i] == '$' || s[i] == '.'))
		i++;
	if (i + 1 < n && s[i] == ':' && s[i + 1] == ' ') {
		*colon = i;
		return 1;
	}
	if (i == n && i >= 5 && !memcmp(s + i - 5, "Error", 5)) {
		*colon = i;
		return 1;
	}
	return 0;
}

static int caret_line(const char *s)
{
	int caret = 0;

	for (; *s; s++) {
		if (*s == '^')
			caret = 1;
		else if (*s != ' ' && *s != '\t')
			return 0;
	}
	return caret;
}

static int add_line(struct sym_js_trace *t, const char *s, size_t n,
		    int nl)
{
	struct sym_js_line *l;
	size_t colon;
	int r;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct sym_js_line *v = sym_reallocarray(t->lines, cap,
							 sizeof(*v));

		if (!v)
			return SYM_ENOMEM;
		t->lines = v;
		t->cap = cap;
	}
	l = &t->lines[t->n++];
	memset(l, 0, sizeof(*l));
	l->source_index = SYM_SMAP_NONE;
	if (!(l->raw_line_ = dup(s, n + (nl ? 1 : 0))))
		return SYM_ENOMEM;
	l->raw_len_ = n + (nl ? 1 : 0);
	l->eol = nl ? "\n" : "";
	if (n && s[n - 1] == '\r') {
		n--;
		l->eol = nl ? "\r\n" : "\r";
	}
	if (!(l->text = dup(s, n)))
		return SYM_ENOMEM;
	r = parse_v8(l, s, n);
	if (!r)
		r = parse_gecko(l, s, n);
	if (r < 0)
		return SYM_ENOMEM;
	if (r > 0) {
		l->kind = SYM_JS_FRAME;
		t->nframes++;
		return SYM_OK;
	}
	sym_free(l->qualifier);
	sym_free(l->raw_fn_);
	sym_free(l->raw_file_);
	l->qualifier = l->raw_fn_ = l->raw_file_ = NULL;
	if (is_header(s, n, &colon)) {
		l->kind = SYM_JS_HEADER;
		if (!t->error_type) {
			size_t b = n > 9 && !memcmp(s, "Uncaught ", 9) ? 9 : 0;

			t->error_type = dup(s + b, colon - b);
			t->message = dup(s + colon + (colon < n ? 2 : 0),
					 colon < n ? n - colon - 2 : 0);
			if (!t->error_type || !t->message)
				return SYM_ENOMEM;
		}
	}
	return SYM_OK;
}

/* Node's uncaught excerpt: "file:line", the code line, the caret. */
static int fold_excerpts(struct sym_js_trace *t)
{
	size_t i, k;

	for (i = 0; i + 2 < t->n; i++) {
		struct sym_js_line *l = &t->lines[i];
		const char *s = l->text, *c;
		size_t n = strlen(s), rn;
		unsigned long v;
		char *e, *r;

		if (l->kind != SYM_JS_TEXT || !caret_line(t->lines[i + 2].text))
			continue;
		c = strrchr(s, ':');
		if (!c || c == s || !isdigit((unsigned char)c[1]))
			continue;
		v = strtoul(c + 1, &e, 10);
		if (*e || !v || v > UINT32_MAX)
			continue;
		/* the input bytes of all three lines */
		r = sym_malloc(l->raw_len_ + t->lines[i + 1].raw_len_ +
			       t->lines[i + 2].raw_len_ + 1);
		if (!r)
			return SYM_ENOMEM;
		rn = 0;
		for (k = i; k <= i + 2; k++) {
			memcpy(r + rn, t->lines[k].raw_line_,
			       t->lines[k].raw_len_);
			rn += t->lines[k].raw_len_;
		}
		r[rn] = '\0';
		l->eol = t->lines[i + 2].eol;
		/* the code line may have looked like a frame */
		for (k = i + 1; k <= i + 2; k++) {
			struct sym_js_line *x = &t->lines[k];

			if (x->kind == SYM_JS_FRAME)
				t->nframes--;
			sym_free(x->qualifier);
			sym_free(x->raw_fn_);
			sym_free(x->raw_file_);
			sym_free(x->raw_line_);
			x->qualifier = x->raw_fn_ = x->raw_file_ = NULL;
			x->raw_line_ = NULL;
		}
		sym_free(l->raw_line_);
		l->raw_line_ = r;
		l->raw_len_ = rn;
		l->kind = SYM_JS_EXCERPT;
		l->code = t->lines[i + 1].text;
		l->caret = t->lines[i + 2].text;
		t->lines[i + 1].text = NULL;
		t->lines[i + 2].text = NULL;
		memset(&l->raw, 0, sizeof(l->raw));
		l->raw.module = -1;
		if (!(l->raw_file_ = dup(s, (size_t)(c - s))))
			return SYM_ENOMEM;
		l->raw.file = l->raw_file_;
		l->raw.line = (uint32_t)v;
		/* V8 puts the caret under the column, one space a unit */
		l->raw.column =
			(uint32_t)(strchr(l->caret, '^') - l->caret) + 1;
		memmove(&t->lines[i + 1], &t->lines[i + 3],
			(t->n - i - 3) * sizeof(*t->lines));
		t->n -= 2;
		(void)n;
	}
	return SYM_OK;
}

int sym_js_trace_parse(const char *text, size_t len,
		       struct sym_js_trace **out)
{
	struct sym_js_trace *t;
	const char *p = text, *end = text ? text + len : text;
	int err = SYM_OK;

	*out = NULL;
	if (!(t = sym_calloc(1, sizeof(*t))))
		return SYM_ENOMEM;
	while (p < end && !err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		err = add_line(t, p, (size_t)(e - p), nl != NULL);
		p = nl ? nl + 1 : end;
	}
	if (!err)
		err = fold_excerpts(t);
	if (err) {
		sym_js_trace_free(t);
		return err;
	}
	*out = t;
	return SYM_OK;
}

void sym_js_trace_free(struct sym_js_trace *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		struct sym_js_line *l = &t->lines[i];

		sym_free(l->text);
		sym_free(l->qualifier);
		sym_free(l->code);
		sym_free(l->caret);
		sym_free(l->raw_fn_);
		sym_free(l->raw_file_);
		sym_free(l->raw_line_);
		sym_free(l->orig_fn_);
		sym_free(l->orig_file_);
	}
	sym_free(t->lines);
	sym_free(t->error_type);
	sym_free(t->message);
	sym_free(t);
}

/* ---- finding maps ------------------------------------------------- */

struct cached {
	char *url;
	struct sym_js_map *map;	/* NULL: known to have none */
};

struct by_id {
	char id[37];
	char *path;
};

struct sym_js_resolver {
	unsigned flags;		/* for opening maps */
	char **dirs;
	size_t ndirs;
	struct cached *c;
	size_t nc, cc;
	struct by_id *ids;
	size_t nids;
	int ids_done;
};

int sym_js_resolver_new(const char *const *dirs, size_t ndirs,
			struct sym_js_resolver **out)
{
	struct sym_js_resolver *r;
	size_t i;

	*out = NULL;
	if (!(r = sym_calloc(1, sizeof(*r))))
		return SYM_ENOMEM;
	if (ndirs && !(r->dirs = sym_calloc(ndirs, sizeof(*r->dirs)))) {
		sym_free(r);
		return SYM_ENOMEM;
	}
	for (i = 0; i < ndirs; i++) {
		if (!(r->dirs[i] = dup(dirs[i], strlen(dirs[i])))) {
			r->ndirs = i;
			sym_js_resolver_free(r);
			return SYM_ENOMEM;
		}
	}
	r->ndirs = ndirs;
	*out = r;
	return SYM_OK;
}

void sym_js_resolver_free(struct sym_js_resolver *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ndirs; i++)
		sym_free(r->dirs[i]);
	sym_free(r->dirs);
	for (i = 0; i < r->nc; i++) {
		sym_free(r->c[i].url);
		sym_js_map_close(r->c[i].map);
	}
	sym_free(r->c);
	for (i = 0; i < r->nids; i++)
		sym_free(r->ids[i].path);
	sym_free(r->ids);
	sym_free(r);
}

static int is_file(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static char *join2(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *s = sym_malloc(n);

	if (s)
		snprintf(s, n, "%s%s%s", a, b, c);
	return s;
}

/* The file name of a URL or path, without query and fragment. */
static char *base_name(const char *url)
{
	size_t n = strcspn(url, "?#");
	const char *s = url + n;

	while (s > url && s[-1] != '/' && s[-1] != '\\')
		s--;
	return dup(s, (size_t)(url + n - s));
}

static const char *local(const char *url)
{
	if (!strncmp(url, "file://", 7))
		return url + 7;
	if (strstr(url, "://"))
		return NULL;
	return url;
}

/* The debug ids of every map in the directories, once. */
static void index_ids(struct sym_js_resolver *r)
{
	size_t i;

	if (r->ids_done)
		return;
	r->ids_done = 1;
	for (i = 0; i < r->ndirs; i++) {
		DIR *d = opendir(r->dirs[i]);
		struct dirent *e;

		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			struct sym_js_map *m;
			struct by_id *v;
			char *path;

			if (n < 5 || strcmp(e->d_name + n - 4, ".map"))
				continue;
			if (!(path = join2(r->dirs[i], "/", e->d_name)))
				continue;
			if (sym_js_map_open(path, 0, &m, NULL)) {
				sym_free(path);
				continue;
			}
			v = m->debug_id[0] ? sym_reallocarray(r->ids,
					r->nids + 1, sizeof(*r->ids)) : NULL;
			if (v) {
				r->ids = v;
				memcpy(v[r->nids].id, m->debug_id, 37);
				v[r->nids++].path = path;
			} else {
				sym_free(path);
			}
			sym_js_map_close(m);
		}
		closedir(d);
	}
}

/* The logical place of the map: the bundle URL + the map reference. */
static void set_url(struct sym_js_map *m, const char *bundle_url,
		    const char *map_file)
{
	const char *ref = NULL;
	size_t n = 0;
	char *r = NULL, *b;

	if (!m || m->url)
		return;
	if (m->bundle_loaded_ || m->bundle_path) {
		struct sym_map f;

		if (m->bundle_loaded_) {
			f = m->bundle_;
		} else if (sym_map_file(m->bundle_path, &f, NULL)) {
			f.data = NULL;
			f.len = 0;
		}
		if (f.data && symfmt_sourcemap_find_url((const char *)f.data,
							f.len, &ref, &n) &&
		    !(n >= 5 && !strncmp(ref, "data:", 5)) &&
		    (r = dup(ref, n))) {
			m->url = symfmt_sourcemap_resolve(bundle_url, r);
			sym_free(r);
		} else if (f.data && ref && n >= 5 &&
			   !strncmp(ref, "data:", 5)) {
			m->url = dup(bundle_url, strlen(bundle_url));
		}
		if (!m->bundle_loaded_ && f.data)
			sym_unmap(&f);
		if (m->url)
			return;
	}
	if (!(b = base_name(map_file ? map_file : m->map_path)))
		return;
	m->url = symfmt_sourcemap_resolve(bundle_url, b);
	sym_free(b);
}

static struct sym_js_map *find_uncached(struct sym_js_resolver *r,
					const char *url)
{
	struct sym_js_map *m = NULL;
	const char *lp = local(url);
	char *base = base_name(url), *path = NULL, *bundle = NULL;
	char id[37] = "";
	size_t i;

	if (!base)
		return NULL;
	/* 1. the bundle itself, where the trace says it is */
	if (lp && is_file(lp)) {
		if (!sym_js_map_open(lp, r->flags, &m, NULL))
			goto found;
		if ((path = join2(lp, ".map", "")) && is_file(path) &&
		    !sym_js_map_open_for(path, lp, r->flags, &m, NULL))
			goto found;
		sym_free(path);
		path = NULL;
		bundle = dup(lp, strlen(lp));
	}
	/* 2. the directories: <basename>.map, or the bundle there */
	for (i = 0; *base && i < r->ndirs; i++) {
		path = join2(r->dirs[i], "/", base);
		if (path && is_file(path)) {
			if (!sym_js_map_open(path, r->flags, &m, NULL))
				goto found;
			if (!bundle)
				bundle = dup(path, strlen(path));
		}
		sym_free(path);
		path = join2(r->dirs[i], "/", base);
		if (path) {
			char *mp = join2(path, ".map", "");

			if (mp && is_file(mp) &&
			    !sym_js_map_open_for(mp, bundle ? bundle : path,
						 r->flags, &m, NULL)) {
				if (!bundle || !is_file(m->bundle_path)) {
					sym_free(m->bundle_path);
					m->bundle_path = is_file(path) ?
						dup(path, strlen(path)) : NULL;
				}
				sym_free(path);
				path = mp;
				goto found;
			}
			sym_free(mp);
		}
		sym_free(path);
		path = NULL;
	}
	/* 3. a debug id in the bundle, matched among the maps */
	if (bundle) {
		struct sym_map f;

		if (!sym_map_file(bundle, &f, NULL)) {
			symfmt_sourcemap_find_debug_id((const char *)f.data,
						       f.len, id);
			sym_unmap(&f);
		}
	}
	if (id[0]) {
		index_ids(r);
		for (i = 0; i < r->nids; i++)
			if (!strcmp(r->ids[i].id, id) &&
			    !sym_js_map_open_for(r->ids[i].path, bundle,
						 r->flags, &m, NULL))
				goto found;
	}
	sym_free(base);
	sym_free(bundle);
	return NULL;
found:
	set_url(m, url, path);
	sym_free(path);
	sym_free(base);
	sym_free(bundle);
	return m;
}

struct sym_js_map *sym_js_resolver_find(struct sym_js_resolver *r,
					const char *url)
{
	struct cached *v;
	size_t i;

	for (i = 0; i < r->nc; i++)
		if (!strcmp(r->c[i].url, url))
			return r->c[i].map;
	if (r->nc == r->cc) {
		size_t cap = r->cc ? r->cc * 2 : 8;

		if (!(v = sym_reallocarray(r->c, cap, sizeof(*v))))
			return NULL;
		r->c = v;
		r->cc = cap;
	}
	if (!(r->c[r->nc].url = dup(url, strlen(url))))
		return NULL;
	r->c[r->nc].map = find_uncached(r, url);
	return r->c[r->nc++].map;
}

/* ---- resolving ---------------------------------------------------- */

static struct sym_js_scopes *scopes_of(struct sym_js_map *m)
{
	if (!m->scopes_done_) {
		struct sym_map f;

		m->scopes_done_ = 1;
		if (m->bundle_loaded_) {
			sym_js_scopes_scan((const char *)m->bundle_.data,
					   m->bundle_.len, m->smap,
					   &m->scopes_);
		} else if (m->bundle_path &&
			   !sym_map_file(m->bundle_path, &f, NULL)) {
			sym_js_scopes_scan((const char *)f.data, f.len,
					   m->smap, &m->scopes_);
			sym_unmap(&f);
		}
	}
	return m->scopes_;
}

/* The original code line and a caret under the original column. */
static int excerpt_lines(struct sym_js_line *l, const struct sym_js_pos *p)
{
	const struct sym_smap *sm = p->map->smap;
	const struct sym_smap_source *src;
	const char *s, *end, *e;
	uint32_t k;
	char *code, *caret;

	if (p->source_index >= sm->nsources)
		return SYM_OK;
	src = &sm->sources[p->source_index];
	if (!src->content)
		return SYM_OK;	/* nothing to show: left as printed */
	s = src->content;
	end = s + src->content_len;
	for (k = 1; k < p->line && s < end; k++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));

		s = nl ? nl + 1 : end;
	}
	e = memchr(s, '\n', (size_t)(end - s));
	if (!e)
		e = end;
	if (e > s && e[-1] == '\r')
		e--;
	if (!(code = dup(s, (size_t)(e - s))))
		return SYM_ENOMEM;
	if (!(caret = sym_malloc(p->column + 1))) {
		sym_free(code);
		return SYM_ENOMEM;
	}
	memset(caret, ' ', p->column - 1);
	caret[p->column - 1] = '^';
	caret[p->column] = 0;
	sym_free(l->code);
	sym_free(l->caret);
	l->code = code;
	l->caret = caret;
	l->resolved = 1;
	return SYM_OK;
}

/*
 * A resolved source that is itself generated (bundle -> transpiled ->
 * TypeScript): the file, found where the map really is, has its own
 * map.  Cached under a key of its own.
 */
static struct sym_js_map *chained(struct sym_js_resolver *r,
				  const struct sym_js_pos *p,
				  const char *logical)
{
	char *local = sym_js_source_local(p), *key;
	struct sym_js_map *m = NULL;
	struct cached *v;
	size_t i;

	if (!local)
		return NULL;
	if (!(key = join2("\001", local, ""))) {
		sym_free(local);
		return NULL;
	}
	for (i = 0; i < r->nc; i++)
		if (!strcmp(r->c[i].url, key)) {
			sym_free(key);
			sym_free(local);
			return r->c[i].map;
		}
	if (is_file(local) && sym_js_map_open(local, r->flags, &m, NULL))
		m = NULL;
	if (m && m->bundle_loaded_)
		set_url(m, logical, NULL);
	else if (m) {	/* a map given directly: not a chain */
		sym_js_map_close(m);
		m = NULL;
	}
	sym_free(local);
	if (r->nc == r->cc) {
		size_t cap = r->cc ? r->cc * 2 : 8;

		if (!(v = sym_reallocarray(r->c, cap, sizeof(*v)))) {
			sym_js_map_close(m);
			sym_free(key);
			return NULL;
		}
		r->c = v;
		r->cc = cap;
	}
	r->c[r->nc].url = key;
	r->c[r->nc++].map = m;
	return m;
}

/*
 * Without the bundle, the original source itself (sourcesContent, read
 * by parsing the map again with its contents, once) tells which
 * function holds a position: its names need no renaming.
 */
static enum sym_js_scope_kind source_scope(struct sym_js_map *m, uint32_t src,
					   uint32_t line, uint32_t col,
					   const char **name)
{
	const struct sym_smap_source *s;

	*name = NULL;
	if (!m || src >= m->smap->nsources ||
	    !m->smap->sources[src].has_content)
		return SYM_JS_SCOPE_NONE;
	if (!m->content_done_) {
		const char *buf = m->inline_ ? m->inline_ :
				  (const char *)m->map_file_.data;
		size_t len = m->inline_ ? strlen(m->inline_) :
			     m->map_file_.len;

		m->content_done_ = 1;
		if (symfmt_sourcemap_parse(&m->content_, buf, len,
					   SYM_SMAP_CONTENT, NULL) ||
		    m->content_->nsources != m->smap->nsources ||
		    !(m->src_scopes_ = sym_calloc(m->smap->nsources,
						  sizeof(*m->src_scopes_)))) {
			symfmt_sourcemap_free(m->content_);
			m->content_ = NULL;
		}
	}
	if (!m->content_)
		return SYM_JS_SCOPE_NONE;
	s = &m->content_->sources[src];
	if (!s->content)
		return SYM_JS_SCOPE_NONE;
	if (!m->src_scopes_[src] &&
	    sym_js_scopes_scan(s->content, s->content_len, NULL,
			       &m->src_scopes_[src]))
		return SYM_JS_SCOPE_NONE;
	return sym_js_scopes_find(m->src_scopes_[src], line, col, name);
}

static int resolve_line(struct sym_js_line *l, struct sym_js_resolver *r,
			struct sym_js_map **map_out)
{
	struct sym_js_map *m, *next, *fm;
	struct sym_js_pos p, q;
	int depth;

	*map_out = NULL;
	if (!l->raw.file || !(m = sym_js_resolver_find(r, l->raw.file)))
		return SYM_OK;
	if (sym_js_lookup(&m, 1, l->raw.line, l->raw.column, SYM_SMAP_GLB, 0,
			  &p, NULL) || !p.found)
		return SYM_OK;
	*map_out = m;
	fm = m;
	memset(&l->orig, 0, sizeof(l->orig));
	l->orig.module = -1;
	if (!(l->orig_file_ = sym_js_source_path(&p)) && p.source)
		return SYM_ENOMEM;
	/* follow maps of generated sources, a few steps at most */
	for (depth = 0; depth < 4 && l->orig_file_; depth++) {
		char *f;

		if (!(next = chained(r, &p, l->orig_file_)) ||
		    sym_js_lookup(&next, 1, p.line, p.column, SYM_SMAP_GLB, 0,
				  &q, NULL) || !q.found)
			break;
		if (!(f = sym_js_source_path(&q)))
			break;
		sym_free(l->orig_file_);
		l->orig_file_ = f;
		p = q;
		fm = next;
	}
	l->orig_map_ = fm;
	l->orig.file = l->orig_file_ ? l->orig_file_ : "null";
	l->orig.line = p.line;
	l->orig.column = p.column;
	l->mapping_name = p.name;
	l->source_index = p.source_index;
	l->ignored = p.ignored;
	if (l->kind == SYM_JS_EXCERPT)
		return excerpt_lines(l, &p);
	l->resolved = 1;
	return SYM_OK;
}

int sym_js_trace_resolve(struct sym_js_trace *t, struct sym_js_resolver *r)
{
	struct sym_js_map **maps;
	size_t i;
	int err = SYM_OK;

	if (!t->n)
		return SYM_OK;
	if (!(maps = sym_calloc(t->n, sizeof(*maps))))
		return SYM_ENOMEM;
	for (i = 0; i < t->n; i++)
		if (t->lines[i].kind == SYM_JS_EXCERPT)
			r->flags |= SYM_SMAP_CONTENT; /* to quote sources */
	for (i = 0; i < t->n && !err; i++)
		if (t->lines[i].kind == SYM_JS_FRAME ||
		    t->lines[i].kind == SYM_JS_EXCERPT)
			err = resolve_line(&t->lines[i], r, &maps[i]);
	/* names: the enclosing scope, else the caller's mapping name */
	for (i = 0; i < t->n && !err; i++) {
		struct sym_js_line *l = &t->lines[i];
		const char *name = NULL;
		enum sym_js_scope_kind k = SYM_JS_SCOPE_NONE;
		size_t j;

		if (!l->resolved || l->kind != SYM_JS_FRAME)
			continue;
		t->nresolved++;
		if (scopes_of(maps[i])) {
			k = sym_js_scopes_find(scopes_of(maps[i]),
					       l->raw.line - 1, l->raw.column - 1,
					       &name);
			if (k == SYM_JS_SCOPE_NAMED)
				l->name_from = SYM_JS_NAME_SCOPE;
		} else {
			/* no bundle: the original source's functions */
			k = source_scope(l->orig_map_, l->source_index,
					 l->orig.line - 1, l->orig.column - 1,
					 &name);
			if (k == SYM_JS_SCOPE_NAMED)
				l->name_from = SYM_JS_NAME_SOURCE;
		}
		if (k != SYM_JS_SCOPE_NAMED) {
			name = NULL;
			for (j = i + 1; j < t->n; j++) {
				if (t->lines[j].kind != SYM_JS_FRAME)
					break;
				if (t->lines[j].resolved)
					name = t->lines[j].mapping_name;
				break;
			}
			if (name)
				l->name_from = SYM_JS_NAME_CALLSITE;
		}
		if (name) {
			if (!(l->orig_fn_ = dup(name, strlen(name))))
				err = SYM_ENOMEM;
			l->orig.function = l->orig_fn_;
		} else {
			l->name_from = SYM_JS_NAME_KEPT;
			l->orig.function = l->raw.function;
		}
	}
	for (i = 0; i < t->n; i++)
		if (t->lines[i].kind == SYM_JS_EXCERPT && t->lines[i].resolved)
			t->lines[i].orig.function = NULL;
	sym_free(maps);
	return err;
}

/* ---- formatting --------------------------------------------------- */

struct out {
	char *s;
	size_t n, cap;
	int err;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->err)
		return;
	if (o->n + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 128;
		char *v;

		while (cap < o->n + n + 1)
			cap *= 2;
		if (!(v = sym_reallocarray(o->s, cap, 1))) {
			o->err = 1;
			return;
		}
		o->s = v;
		o->cap = cap;
	}
	memcpy(o->s + o->n, s, n);
	o->n += n;
	o->s[o->n] = 0;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putpos(struct out *o, const struct sym_frame *f)
{
	char num[32];

	puts_(o, f->file);
	snprintf(num, sizeof(num), ":%u:%u", f->line, f->column);
	puts_(o, num);
}

/* The original source line of an excerpt, from sourcesContent. */
static void excerpt(struct out *o, const struct sym_js_line *l)
{
	const char *nl = l->raw_line_ ?
		memchr(l->raw_line_, '\n', l->raw_len_) : NULL;
	/* the input's line ending between the three lines */
	const char *sep = nl && nl > l->raw_line_ && nl[-1] == '\r' ?
		"\r\n" : "\n";
	char num[32];

	puts_(o, l->orig.file);
	snprintf(num, sizeof(num), ":%u", l->orig.line);
	puts_(o, num);
	puts_(o, sep);
	puts_(o, l->code);
	puts_(o, sep);
	puts_(o, l->caret);
}

char *sym_js_line_format(const struct sym_js_line *l)
{
	struct out o = { 0 };

	if (!l->resolved) {
		if (l->kind == SYM_JS_EXCERPT) {
			char num[32];

			puts_(&o, l->raw.file);
			snprintf(num, sizeof(num), ":%u\n", l->raw.line);
			puts_(&o, num);
			puts_(&o, l->code);
			puts_(&o, "\n");
			puts_(&o, l->caret);
		} else {
			puts_(&o, l->text ? l->text : "");
		}
	} else if (l->kind == SYM_JS_EXCERPT) {
		excerpt(&o, l);
	} else if (l->style == SYM_JS_V8) {
		put(&o, l->text, l->prefix_len);
		puts_(&o, l->qualifier);
		if (l->orig.function) {
			puts_(&o, l->orig.function);
			puts_(&o, " (");
			putpos(&o, &l->orig);
			puts_(&o, ")");
		} else {
			putpos(&o, &l->orig);
		}
	} else {
		puts_(&o, l->orig.function ? l->orig.function : "");
		puts_(&o, "@");
		putpos(&o, &l->orig);
	}
	if (!o.s && !o.err)
		put(&o, "", 0);
	if (o.err) {
		sym_free(o.s);
		return NULL;
	}
	return o.s;
}

char *sym_js_line_render(const struct sym_js_line *l, size_t *len)
{
	const char *eol = l->eol ? l->eol : "\n";
	size_t n, e = strlen(eol);
	char *s, *r;

	*len = 0;
	if (!l->resolved && l->raw_line_) {
		if ((r = dup(l->raw_line_, l->raw_len_)))
			*len = l->raw_len_;
		return r;
	}
	if (!(s = sym_js_line_format(l)))
		return NULL;
	n = strlen(s);
	if ((r = sym_malloc(n + e + 1))) {
		memcpy(r, s, n);
		memcpy(r + n, eol, e + 1);
		*len = n + e;
	}
	sym_free(s);
	return r;
}

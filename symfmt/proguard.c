/* SPDX-License-Identifier: MIT */
/*
 * proguard.c - ProGuard / R8 mapping.txt reader (see proguard.h).
 *
 * Grammar (R8's ProguardMapReader):
 *   original.Class -> obf.Class:
 *       type field -> obf
 *       [a:b:]ret [holder.]method(args)[:c[:d]] -> obf
 *       # {"id":"...", ...}        R8 metadata for the class or member above
 * Lines are trimmed (tabs, two-space indents, CRLF); a BOM is skipped.
 * R8 metadata is lenient JSON as R8 writes and reads it (Gson): single or
 * double quotes, bare keys.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "symfmt/proguard.h"

#define PROGRESS_STEP ((size_t)64 << 20)
#define MAX_CLASSES 0xfffffff0u

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim [*s, *e) in place. */
static void trim(const char **s, const char **e)
{
	while (*s < *e && is_ws((unsigned char)**s))
		(*s)++;
	while (*e > *s && is_ws((unsigned char)(*e)[-1]))
		(*e)--;
}

static const char *find(const char *s, const char *e, const char *needle)
{
	if (s >= e)
		return NULL;
	return memmem(s, (size_t)(e - s), needle, strlen(needle));
}

/*
 * The last " -> " in [s, e): the obfuscated name after it is short, so
 * searching from the end is quick; original names never hold " -> ".
 */
static const char *arrow(const char *s, const char *e)
{
	const char *p = e;

	while (p - s >= 4) {
		const char *g = memrchr(s + 2, '>', (size_t)(p - s - 2));

		if (!g)
			return NULL;
		if (g[-1] == '-' && g[-2] == ' ' && g + 1 < e && g[1] == ' ')
			return g - 2;
		p = g;
	}
	return NULL;
}

/* ---- lenient JSON (only what R8 metadata needs) ---- */

struct js {
	const char *p, *e;
	int bad;
};

static void js_ws(struct js *j)
{
	while (j->p < j->e && (is_ws((unsigned char)*j->p) || *j->p == '\n'))
		j->p++;
}

/* A string or bare word; returns pointer/len of contents (no unescape). */
static int js_str(struct js *j, const char **s, size_t *n)
{
	js_ws(j);
	if (j->p >= j->e)
		return -1;
	if (*j->p == '"' || *j->p == '\'') {
		char q = *j->p++;
		const char *b = j->p;

		while (j->p < j->e && *j->p != q) {
			if (*j->p == '\\' && j->p + 1 < j->e)
				j->p++;
			j->p++;
		}
		if (j->p >= j->e)
			return -1;
		*s = b;
		*n = (size_t)(j->p - b);
		j->p++;
		return 0;
	}
	*s = j->p;
	while (j->p < j->e && !strchr(",:}] \t{[", *j->p))
		j->p++;
	*n = (size_t)(j->p - *s);
	return *n ? 0 : -1;
}

/* Skip any value. */
static int js_skip(struct js *j, int depth)
{
	const char *s;
	size_t n;

	js_ws(j);
	if (j->p >= j->e || depth > 32)
		return -1;
	if (*j->p == '{' || *j->p == '[') {
		char close = *j->p == '{' ? '}' : ']';

		j->p++;
		for (;;) {
			js_ws(j);
			if (j->p < j->e && *j->p == close) {
				j->p++;
				return 0;
			}
			if (close == '}') {
				if (js_str(j, &s, &n))
					return -1;
				js_ws(j);
				if (j->p >= j->e || *j->p != ':')
					return -1;
				j->p++;
			}
			if (js_skip(j, depth + 1))
				return -1;
			js_ws(j);
			if (j->p < j->e && *j->p == ',')
				j->p++;
			else if (j->p >= j->e || *j->p != close)
				return -1;
		}
	}
	return js_str(j, &s, &n);
}

struct meta {
	const char *id, *file, *version;
	size_t id_len, file_len, version_len;
	const char *positions, *conditions, *actions;	/* at '{' / '[' */
	const char *end;
};

static int parse_meta(const char *s, const char *e, struct meta *m)
{
	struct js j = { s, e, 0 };
	const char *k, *v;
	size_t kn, vn;

	memset(m, 0, sizeof(*m));
	m->end = e;
	js_ws(&j);
	if (j.p >= j.e || *j.p != '{')
		return -1;
	j.p++;
	for (;;) {
		js_ws(&j);
		if (j.p < j.e && *j.p == '}')
			return m->id ? 0 : -1;
		if (js_str(&j, &k, &kn))
			return -1;
		js_ws(&j);
		if (j.p >= j.e || *j.p != ':')
			return -1;
		j.p++;
		js_ws(&j);
		if (j.p < j.e && (*j.p == '{' || *j.p == '[')) {
			const char *at = j.p;

			if (js_skip(&j, 0))
				return -1;
			if (kn == 9 && !memcmp(k, "positions", 9))
				m->positions = at;
			else if (kn == 10 && !memcmp(k, "conditions", 10))
				m->conditions = at;
			else if (kn == 7 && !memcmp(k, "actions", 7))
				m->actions = at;
		} else {
			if (js_str(&j, &v, &vn))
				return -1;
			if (kn == 2 && !memcmp(k, "id", 2))
				m->id = v, m->id_len = vn;
			else if (kn == 8 && !memcmp(k, "fileName", 8))
				m->file = v, m->file_len = vn;
			else if (kn == 7 && !memcmp(k, "version", 7))
				m->version = v, m->version_len = vn;
		}
		js_ws(&j);
		if (j.p < j.e && *j.p == ',')
			j.p++;
		else if (j.p >= j.e || *j.p != '}')
			return -1;
	}
}

static int meta_is(const struct meta *m, const char *id)
{
	size_t n = strlen(id);

	return m->id_len == n && !memcmp(m->id, id, n);
}

/* ---- index ---- */

/* Class line at off: names; 0 ok, 1 not a class line. */
static int class_line(const char *buf, size_t len, size_t off,
		      const char **orig, uint32_t *orig_len, const char **obf,
		      uint32_t *obf_len, size_t *next)
{
	const char *s = buf + off, *e, *nl, *arr, *o, *oe, *oe2;

	nl = memchr(s, '\n', len - off);
	e = nl ? nl : buf + len;
	if (next)
		*next = nl ? (size_t)(nl - buf) + 1 : len;
	trim(&s, &e);
	if (s == e || e[-1] != ':' || !(arr = arrow(s, e - 1)))
		return 1;
	o = arr + 4;
	oe = e - 1;
	trim(&o, &oe);
	oe2 = arr;
	while (oe2 > s && is_ws((unsigned char)oe2[-1]))
		oe2--;
	if (o >= oe || oe2 == s)
		return 1;
	*orig = s;
	*orig_len = (uint32_t)(oe2 - s);
	*obf = o;
	*obf_len = (uint32_t)(oe - o);
	return 0;
}

static int table_build(struct pg_map *map)
{
	size_t size = 16;

	while (size < map->nentries * 2)
		size <<= 1;
	map->table = sym_calloc(size, sizeof(*map->table));
	if (!map->table)
		return SYM_ENOMEM;
	map->tmask = size - 1;
	for (size_t i = 0; i < map->nentries; i++) {
		const struct pg_entry *c = &map->entries[i];
		size_t h = c->hash & map->tmask;

		while (map->table[h])
			h = (h + 1) & map->tmask;
		map->table[h] = (uint32_t)(i + 1);
	}
	return SYM_OK;
}

struct pg_class *pg_class_at(struct pg_map *map, size_t i)
{
	struct pg_class *c;
	size_t next;

	if (i >= map->nentries)
		return NULL;
	if (!map->classes) {
		map->classes = sym_calloc(map->nentries, sizeof(*map->classes));
		if (!map->classes) {
			map->err = SYM_ENOMEM;
			return NULL;
		}
	}
	if (map->classes[i])
		return map->classes[i];
	if (!(c = sym_calloc(1, sizeof(*c)))) {
		map->err = SYM_ENOMEM;
		return NULL;
	}
	c->line_off = map->entries[i].line_off;
	c->lineno = map->entries[i].lineno;
	if (class_line(map->buf, map->len, c->line_off, &c->orig,
		       &c->orig_len, &c->obf, &c->obf_len, &next)) {
		sym_free(c);
		return NULL;	/* not reached: indexed lines parse */
	}
	c->body_off = next;
	c->end_off = i + 1 < map->nentries ? map->entries[i + 1].line_off :
					      map->len;
	map->classes[i] = c;
	return c;
}

size_t pg_class_count(const struct pg_map *map)
{
	return map->nentries;
}

struct pg_class *pg_find_class(struct pg_map *map, const char *name,
			       size_t len)
{
	uint32_t hv;
	size_t h;

	if (!map->table)
		return NULL;
	hv = hash_bytes(name, len);
	h = hv & map->tmask;
	/* the first class line with the name wins */
	while (map->table[h]) {
		size_t i = map->table[h] - 1;
		const char *orig, *obf;
		uint32_t ol, bl;

		if (map->entries[i].hash == hv &&
		    !class_line(map->buf, map->len, map->entries[i].line_off,
				&orig, &ol, &obf, &bl, NULL) &&
		    bl == len && !memcmp(obf, name, len))
			return pg_class_at(map, i);
		h = (h + 1) & map->tmask;
	}
	return NULL;
}

/* Appends a map version to map->map_version ("1.0\n2.0"). */
static void add_version(struct pg_map *map, const char *v, size_t n)
{
	size_t have = map->map_version ? strlen(map->map_version) : 0;
	char *p = sym_reallocarray(map->map_version, have + n + 2, 1);

	if (!p)
		return;	/* the warning is lost, not the map */
	if (have)
		p[have++] = '\n';
	memcpy(p + have, v, n);
	p[have + n] = 0;
	map->map_version = p;
}

/* Header comment: map version and pg_map_hash. */
static void header_comment(struct pg_map *map, const char *s, const char *e,
			   uint64_t lineno, int seen_class)
{
	struct meta m;
	const char *p;

	s++;	/* '#' */
	trim(&s, &e);
	if (s < e && *s == '{') {
		if (parse_meta(s, e, &m) == 0 &&
		    meta_is(&m, "com.android.tools.r8.mapping") &&
		    m.version)
			add_version(map, m.version, m.version_len);
		return;
	}
	if (!seen_class && (size_t)(e - s) > 12 &&
	    !memcmp(s, "pg_map_hash:", 12)) {
		p = s + 12;
		while (p < e && is_ws((unsigned char)*p))
			p++;
		/* "SHA-256 <hex>" */
		while (p < e && !is_ws((unsigned char)*p))
			p++;
		while (p < e && is_ws((unsigned char)*p))
			p++;
		map->hash_hex = p;
		map->hash_hex_len = (size_t)(e - p);
		map->hash_line = lineno;
	}
}

static int add_class(struct pg_map *map, size_t off, uint64_t lineno)
{
	const char *orig, *obf;
	uint32_t ol, bl;
	struct pg_entry *c;

	if (class_line(map->buf, map->len, off, &orig, &ol, &obf, &bl, NULL))
		return 1;
	if (map->nentries == map->capentries) {
		size_t cap = map->capentries ? map->capentries * 2 : 1024;
		struct pg_entry *nc;

		if (cap > MAX_CLASSES)
			return SYM_ETOOBIG;
		nc = sym_reallocarray(map->entries, cap, sizeof(*nc));
		if (!nc)
			return SYM_ENOMEM;
		map->entries = nc;
		map->capentries = cap;
	}
	c = &map->entries[map->nentries++];
	c->line_off = off;
	c->hash = hash_bytes(obf, bl);
	c->lineno = lineno > UINT32_MAX ? UINT32_MAX : (uint32_t)lineno;
	return 0;
}

int symfmt_proguard_index(struct pg_map **out, const char *buf, size_t len,
			  struct sym_diag *diag,
			  void (*progress)(void *ctx, size_t off), void *ctx)
{
	struct pg_map *map;
	size_t off = 0, next_progress = PROGRESS_STEP;
	uint64_t lineno = 0;
	int err, seen_class = 0;

	*out = NULL;
	if (!(map = sym_calloc(1, sizeof(*map))))
		return SYM_ENOMEM;
	map->buf = buf;
	map->len = len;
	map->diag = diag;
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		off = 3;
	while (off < len) {
		const char *s = buf + off, *nl, *e;
		size_t line_off = off;

		nl = memchr(s, '\n', len - off);
		e = nl ? nl : buf + len;
		off = nl ? (size_t)(nl - buf) + 1 : len;
		lineno++;
		if (progress && off >= next_progress) {
			progress(ctx, off);
			next_progress = off + PROGRESS_STEP;
		}
		/* member lines are indented; leave them for later */
		if (s < e && (*s == ' ' || *s == '\t')) {
			if (seen_class)
				continue;
			/* no class to belong to */
			trim(&s, &e);
			if (s < e && *s != '#')
				sym_diag_warn(diag, SYM_DIAG_LINE, lineno,
					      PG_BAD_LINE_MSG);
			continue;
		}
		trim(&s, &e);
		if (s == e)
			continue;
		if (*s == '#') {
			/* map versions anywhere, each part of a map
			 * concatenation has its own */
			header_comment(map, s, e, lineno, seen_class);
			continue;
		}
		err = add_class(map, line_off, lineno);
		if (err == 1) {
			/* R8 also accepts unindented member lines */
			if (seen_class && find(s, e, " -> "))
				continue;
			sym_diag_warn(diag, SYM_DIAG_LINE, lineno,
				      PG_BAD_LINE_MSG);
			continue;
		}
		if (err)
			goto fail;
		seen_class = 1;
	}
	if ((err = table_build(map)))
		goto fail;
	*out = map;
	return SYM_OK;
fail:
	symfmt_proguard_free(map);
	return err;
}

void symfmt_proguard_free(struct pg_map *map)
{
	if (!map)
		return;
	for (size_t i = 0; map->classes && i < map->nentries; i++) {
		struct pg_class *c = map->classes[i];

		if (!c)
			continue;
		sym_free(c->members);
		sym_free(c->by_obf);
		sym_free(c->source_file);
		sym_free(c);
	}
	for (size_t i = 0; i < map->nrw; i++)
		sym_free((void *)(uintptr_t)map->rw[i].throws);
	sym_free(map->classes);
	sym_free(map->entries);
	sym_free(map->table);
	sym_free(map->map_version);
	sym_free(map->pos);
	sym_free(map->rw);
	sym_free(map);
}

/* ---- members ---- */

static int parse_u32(const char **p, const char *e, uint32_t *v)
{
	uint64_t x = 0;
	const char *s = *p;

	while (*p < e && **p >= '0' && **p <= '9') {
		x = x * 10 + (uint64_t)(**p - '0');
		if (x > 0xffffffffu)
			return -1;
		(*p)++;
	}
	if (*p == s)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

/* Parse one member line [s, e) (trimmed) into *m; 0 ok, -1 bad. */
static int parse_member(const char *s, const char *e, struct pg_member *m)
{
	const char *arr = arrow(s, e), *p, *q, *te, *ne, *lp, *rp;
	uint32_t a, b;

	memset(m, 0, sizeof(*m));
	if (!arr)
		return -1;
	m->obf = arr + 4;
	q = e;
	p = m->obf;
	trim(&p, &q);
	m->obf = p;
	m->obf_len = (uint32_t)(q - p);
	if (!m->obf_len)
		return -1;
	e = arr;
	trim(&s, &e);
	p = s;
	/* a:b: minified range (R8 also writes a single "a:") */
	if (p < e && *p >= '0' && *p <= '9') {
		if (parse_u32(&p, e, &a) || p >= e || *p != ':')
			return -1;
		p++;
		b = a;
		if (p < e && *p >= '0' && *p <= '9') {
			if (parse_u32(&p, e, &b) || p >= e || *p != ':')
				return -1;
			p++;
		}
		/* R8 reads a reversed range a:b as b:a, and a:0 as a:a
		 * (InvalidMappingRangesB309080420Test) */
		if (b < a && b == 0)
			b = a;
		m->min_start = a < b ? a : b;
		m->min_end = a < b ? b : a;
		m->flags |= PG_HAS_MIN;
	}
	/* type */
	te = p;
	while (te < e && !is_ws((unsigned char)*te))
		te++;
	if (te == p || te >= e)
		return -1;
	m->type = p;
	m->type_len = (uint32_t)(te - p);
	p = te;
	while (p < e && is_ws((unsigned char)*p))
		p++;
	lp = memchr(p, '(', (size_t)(e - p));
	if (!lp) {
		ne = e;
		while (ne > p && is_ws((unsigned char)ne[-1]))
			ne--;
		if (ne == p || (m->flags & PG_HAS_MIN))
			return -1;
		m->name = p;
		m->name_len = (uint32_t)(ne - p);
		return 0;
	}
	rp = memchr(lp, ')', (size_t)(e - lp));
	if (!rp)
		return -1;
	ne = lp;
	while (ne > p && is_ws((unsigned char)ne[-1]))
		ne--;
	if (ne == p)
		return -1;
	m->name = p;
	m->name_len = (uint32_t)(ne - p);
	m->args = lp + 1;
	m->args_len = (uint32_t)(rp - lp - 1);
	m->flags |= PG_METHOD;
	p = rp + 1;
	if (p < e && *p == ':') {
		p++;
		if (parse_u32(&p, e, &a))
			return -1;
		m->orig_start = m->orig_end = a;
		m->flags |= PG_HAS_ORIG;
		if (p < e && *p == ':') {
			p++;
			if (parse_u32(&p, e, &b))
				return -1;
			if (b < a && b == 0) {
				b = a;
			} else if (b < a) {
				m->orig_start = b;
				b = a;
			}
			m->orig_end = b;
			m->flags |= PG_HAS_ORIG_END;
		}
	}
	while (p < e && is_ws((unsigned char)*p))
		p++;
	if (p != e)
		return -1;
	if ((m->flags & PG_HAS_MIN) && !(m->flags & PG_HAS_ORIG)) {
		/* no original range: the lines were not changed */
		m->orig_start = m->min_start;
		m->orig_end = m->min_end;
		m->flags |= PG_HAS_ORIG | PG_HAS_ORIG_END;
	}
	return 0;
}

static int push_pos(struct pg_map *map, uint32_t from, uint32_t to)
{
	if (map->npos == map->cappos) {
		size_t cap = map->cappos ? map->cappos * 2 : 16;
		struct pg_pos *np = sym_reallocarray(map->pos, cap,
						     sizeof(*np));

		if (!np)
			return SYM_ENOMEM;
		map->pos = np;
		map->cappos = cap;
	}
	map->pos[map->npos].from = from;
	map->pos[map->npos].to = to;
	map->npos++;
	return SYM_OK;
}

static int push_rw(struct pg_map *map, const char *throws, size_t n,
		   uint32_t remove)
{
	if (map->nrw == map->caprw) {
		size_t cap = map->caprw ? map->caprw * 2 : 8;
		struct pg_rewrite *nr = sym_reallocarray(map->rw, cap,
							 sizeof(*nr));

		if (!nr)
			return SYM_ENOMEM;
		map->rw = nr;
		map->caprw = cap;
	}
	if (!(map->rw[map->nrw].throws = sym_strndup(throws, n)))
		return SYM_ENOMEM;
	map->rw[map->nrw].remove_inner = remove;
	map->nrw++;
	return SYM_OK;
}

/* positions: { '1': 4, "2": 5 } */
static int outline_positions(struct pg_map *map, struct pg_member *mb,
			     const char *at, const char *end)
{
	struct js j = { at + 1, end, 0 };
	const char *k, *v;
	size_t kn, vn;
	uint32_t from, to;

	mb->pos = (uint32_t)map->npos;
	for (;;) {
		js_ws(&j);
		if (j.p >= j.e || *j.p == '}')
			break;
		if (js_str(&j, &k, &kn))
			break;
		js_ws(&j);
		if (j.p >= j.e || *j.p != ':')
			break;
		j.p++;
		if (js_str(&j, &v, &vn))
			break;
		if (!parse_u32(&k, k + kn, &from) &&
		    !parse_u32(&v, v + vn, &to)) {
			if (push_pos(map, from, to))
				return SYM_ENOMEM;
			mb->npos++;
		}
		js_ws(&j);
		if (j.p < j.e && *j.p == ',')
			j.p++;
	}
	if (mb->npos)
		mb->flags |= PG_OUTLINE_CALLSITE;
	return SYM_OK;
}

/* Next string of a JSON array at *p; 0 ok. */
static int array_next(struct js *j, const char **s, size_t *n)
{
	js_ws(j);
	if (j->p < j->e && (*j->p == '[' || *j->p == ','))
		j->p++;
	js_ws(j);
	if (j->p >= j->e || *j->p == ']')
		return -1;
	return js_str(j, s, n);
}

static int rewrite_frame(struct pg_map *map, struct pg_member *mb,
			 const struct meta *m)
{
	struct js cj = { m->conditions, m->end, 0 }, aj;
	const char *cs, *as;
	size_t cn, an;
	uint32_t remove = 0, first = (uint32_t)map->nrw;
	int n = 0;

	if (!m->conditions || !m->actions)
		return SYM_OK;
	aj.p = m->actions;
	aj.e = m->end;
	aj.bad = 0;
	while (!array_next(&aj, &as, &an)) {
		const char *p = as;

		if (an > 18 && !memcmp(as, "removeInnerFrames(", 18)) {
			uint32_t v;

			p = as + 18;
			if (!parse_u32(&p, as + an, &v))
				remove += v;
		}
	}
	while (!array_next(&cj, &cs, &cn)) {
		if (cn > 8 && !memcmp(cs, "throws(", 7) && cs[cn - 1] == ')') {
			if (push_rw(map, cs + 7, cn - 8, remove))
				return SYM_ENOMEM;
			n++;
		}
	}
	if (n) {
		if (!mb->nrw)
			mb->rw = first;
		mb->nrw += (uint32_t)n;
		mb->flags |= PG_REWRITE;
	}
	return SYM_OK;
}

static int member_meta(struct pg_map *map, struct pg_class *c,
		       struct pg_member *last, const char *s, const char *e,
		       uint64_t lineno)
{
	struct meta m;

	s++;
	trim(&s, &e);
	if (s >= e || *s != '{')
		return SYM_OK;	/* plain comment */
	if (parse_meta(s, e, &m)) {
		sym_diag_warn(map->diag, SYM_DIAG_LINE, lineno,
			      "could not parse mapping metadata");
		return SYM_OK;
	}
	if (meta_is(&m, "sourceFile")) {
		if (!last && m.file && !c->source_file &&
		    !(c->source_file = sym_strndup(m.file, m.file_len)))
			return SYM_ENOMEM;
	} else if (meta_is(&m, "com.android.tools.r8.synthesized")) {
		if (last)
			last->flags |= PG_SYNTHESIZED;
		else
			c->synthesized = 1;
	} else if (meta_is(&m, "com.android.tools.r8.outline")) {
		if (last)
			last->flags |= PG_OUTLINE;
	} else if (meta_is(&m, "com.android.tools.r8.outlineCallsite")) {
		if (last && m.positions)
			return outline_positions(map, last, m.positions, e);
	} else if (meta_is(&m, "com.android.tools.r8.rewriteFrame")) {
		if (last)
			return rewrite_frame(map, last, &m);
	}
	return SYM_OK;
}

static int cmp_obf(const void *a, const void *b, void *base)
{
	const struct pg_member *x = (const struct pg_member *)base +
				    *(const uint32_t *)a;
	const struct pg_member *y = (const struct pg_member *)base +
				    *(const uint32_t *)b;
	size_t n = x->obf_len < y->obf_len ? x->obf_len : y->obf_len;
	int c = memcmp(x->obf, y->obf, n);

	if (c)
		return c;
	if (x->obf_len != y->obf_len)
		return x->obf_len < y->obf_len ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* by_obf: lookups by obfuscated name without scanning the class. */
static int index_members(struct pg_class *c)
{
	if (!c->nmembers)
		return SYM_OK;
	if (!(c->by_obf = sym_reallocarray(NULL, c->nmembers,
					   sizeof(*c->by_obf))))
		return SYM_ENOMEM;
	for (size_t i = 0; i < c->nmembers; i++)
		c->by_obf[i] = (uint32_t)i;
	qsort_r(c->by_obf, c->nmembers, sizeof(*c->by_obf), cmp_obf,
		c->members);
	return SYM_OK;
}

size_t pg_member_range(const struct pg_class *c, const char *obf, size_t n,
		       size_t *first)
{
	size_t lo = 0, hi = c->nmembers, e;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pg_member *m = &c->members[c->by_obf[mid]];
		size_t k = m->obf_len < n ? m->obf_len : n;
		int r = memcmp(m->obf, obf, k);

		if (r < 0 || (!r && m->obf_len < n))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (e = lo; e < c->nmembers; e++) {
		const struct pg_member *m = &c->members[c->by_obf[e]];

		if (m->obf_len != n || memcmp(m->obf, obf, n))
			break;
	}
	*first = lo;
	return e - lo;
}

int pg_class_members(struct pg_map *map, struct pg_class *c)
{
	const char *buf = map->buf;
	size_t off = c->body_off, cap = 0, n = 0;
	uint64_t lineno = c->lineno;
	struct pg_member *v = NULL, *nv, mb;
	int err = SYM_OK;

	if (c->parsed)
		return SYM_OK;
	c->parsed = 1;
	while (off < c->end_off) {
		const char *s = buf + off, *nl, *e;
		size_t line_off = off;

		nl = memchr(s, '\n', c->end_off - off);
		e = nl ? nl : buf + c->end_off;
		off = nl ? (size_t)(nl - buf) + 1 : c->end_off;
		lineno++;
		trim(&s, &e);
		if (s == e)
			continue;
		if (*s == '#') {
			err = member_meta(map, c, n ? &v[n - 1] : NULL, s, e,
					  lineno);
			if (err)
				goto fail;
			continue;
		}
		if (parse_member(s, e, &mb)) {
			/* the index named unindented ones without " -> " */
			if (buf[line_off] == ' ' || buf[line_off] == '\t' ||
			    find(s, e, " -> "))
				sym_diag_warn(map->diag, SYM_DIAG_LINE, lineno,
					      PG_BAD_LINE_MSG);
			continue;
		}
		mb.lineno = lineno;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			nv = sym_reallocarray(v, cap, sizeof(*v));
			if (!nv) {
				err = SYM_ENOMEM;
				goto fail;
			}
			v = nv;
		}
		v[n++] = mb;
	}
	c->members = v;
	c->nmembers = n;
	return index_members(c);
fail:
	sym_free(v);
	return err;
}

size_t pg_parsed_classes(const struct pg_map *map)
{
	size_t n = 0;

	for (size_t i = 0; map->classes && i < map->nentries; i++)
		n += map->classes[i] && map->classes[i]->parsed;
	return n;
}

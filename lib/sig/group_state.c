/* SPDX-License-Identifier: MIT */
/*
 * group_state.c - crash groups saved and merged back (crash-group
 * --save / --merge).  A state file is JSON lines: a header
 *   {"crash_group_state":1,"distinct":FIELD-or-null}
 * then one object per group: fingerprint, count, first, last (seconds
 * or null), signature, representative, rep_time, distinct (the sketch:
 * {"exact":[hex hashes]} or {"registers":hex bytes}), deeper
 * ([{"hash","count","text"}]), deeper_other, deeper_none.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "lib/core/alloc.h"
#include "lib/sig/group.h"
#include "lib/sig/sig_int.h"

struct jw {
	int err;
};

static struct json_object *chk(struct jw *w, struct json_object *v)
{
	if (!v)
		w->err = SYM_ENOMEM;
	return v;
}

static void put(struct jw *w, struct json_object *o, const char *k,
		struct json_object *v)
{
	if (!o || json_object_object_add(o, k, v)) {
		json_object_put(v);
		w->err = SYM_ENOMEM;
	}
}

static void push(struct jw *w, struct json_object *a, struct json_object *v)
{
	if (!a || !v || json_object_array_add(a, v)) {
		json_object_put(v);
		w->err = SYM_ENOMEM;
	}
}

static struct json_object *jhex(struct jw *w, uint64_t v)
{
	char b[17];

	sig_fingerprint_hex(v, b);
	return chk(w, json_object_new_string(b));
}

static struct json_object *jtime(struct jw *w, int64_t t)
{
	return t == SIG_TIME_NONE ? NULL : chk(w, json_object_new_int64(t));
}

static struct json_object *sketch(struct jw *w, const struct sig_hll *h)
{
	struct json_object *o = chk(w, json_object_new_object()), *a;
	static const char hx[] = "0123456789abcdef";
	char *s;
	unsigned i;

	if (h->reg) {
		if (!(s = sym_malloc(2 * SIG_HLL_M + 1))) {
			w->err = SYM_ENOMEM;
			return o;
		}
		for (i = 0; i < SIG_HLL_M; i++) {
			s[2 * i] = hx[h->reg[i] >> 4];
			s[2 * i + 1] = hx[h->reg[i] & 15];
		}
		s[2 * SIG_HLL_M] = '\0';
		put(w, o, "registers", chk(w, json_object_new_string(s)));
		sym_free(s);
		return o;
	}
	a = chk(w, json_object_new_array());
	for (i = 0; i < h->n_exact; i++)
		push(w, a, jhex(w, h->exact[i]));
	put(w, o, "exact", a);
	return o;
}

static struct json_object *group_obj(struct jw *w, const struct sig_group *g,
				     int with_distinct)
{
	struct json_object *o = chk(w, json_object_new_object()), *a, *x;
	unsigned i;

	put(w, o, "fingerprint", jhex(w, g->fingerprint));
	put(w, o, "count", chk(w, json_object_new_int64((int64_t)g->count)));
	put(w, o, "first", jtime(w, g->first));
	put(w, o, "last", jtime(w, g->last));
	put(w, o, "signature", chk(w, json_object_new_string(g->signature)));
	put(w, o, "representative",
	    chk(w, json_object_new_string(g->representative)));
	put(w, o, "rep_time", jtime(w, g->rep_time));
	if (with_distinct)
		put(w, o, "distinct", sketch(w, &g->distinct));
	a = chk(w, json_object_new_array());
	for (i = 0; i < g->n_deeper; i++) {
		x = chk(w, json_object_new_object());
		put(w, x, "hash", jhex(w, g->deeper[i].hash));
		put(w, x, "count", chk(w, json_object_new_int64(
			(int64_t)g->deeper[i].count)));
		put(w, x, "text", chk(w, json_object_new_string(
			g->deeper[i].text)));
		push(w, a, x);
	}
	put(w, o, "deeper", a);
	put(w, o, "deeper_other",
	    chk(w, json_object_new_int64((int64_t)g->deeper_other)));
	put(w, o, "deeper_none",
	    chk(w, json_object_new_int64((int64_t)g->deeper_none)));
	return o;
}

static int write_obj(struct jw *w, struct json_object *o, FILE *out)
{
	const char *s;

	if (!w->err) {
		s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE);
		if (!s)
			w->err = SYM_ENOMEM;
		else if (fputs(s, out) == EOF || fputc('\n', out) == EOF)
			w->err = SYM_EIO;
	}
	json_object_put(o);
	return w->err;
}

int sig_groups_save(const struct sig_groups *g, FILE *out)
{
	const struct sig_group **v;
	const char *df = sig_groups_distinct_field(g);
	struct json_object *h;
	struct jw w = { SYM_OK };
	size_t i, n;

	h = chk(&w, json_object_new_object());
	put(&w, h, "crash_group_state", chk(&w, json_object_new_int(1)));
	put(&w, h, "distinct", df ? chk(&w, json_object_new_string(df)) :
	    NULL);
	if (write_obj(&w, h, out))
		return w.err;
	n = sig_groups_sorted(g, &v);
	if (n == (size_t)-1)
		return SYM_ENOMEM;
	for (i = 0; i < n && !w.err; i++)
		write_obj(&w, group_obj(&w, v[i], df != NULL), out);
	sym_free(v);
	if (!w.err && ferror(out))
		w.err = SYM_EIO;
	return w.err;
}

/* ---- loading ---- */

static struct json_object *get(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static int get_u64(struct json_object *o, const char *k, uint64_t *v)
{
	struct json_object *x = get(o, k);

	if (!x || !json_object_is_type(x, json_type_int) ||
	    json_object_get_int64(x) < 0)
		return -1;
	*v = (uint64_t)json_object_get_int64(x);
	return 0;
}

static int get_time(struct json_object *o, const char *k, int64_t *t)
{
	struct json_object *x = get(o, k);

	if (!x) {
		*t = SIG_TIME_NONE;
		return 0;
	}
	if (!json_object_is_type(x, json_type_int))
		return -1;
	*t = json_object_get_int64(x);
	return *t == SIG_TIME_NONE ? -1 : 0;
}

static const char *get_str(struct json_object *o, const char *k)
{
	struct json_object *x = get(o, k);

	return x && json_object_is_type(x, json_type_string) ?
	       json_object_get_string(x) : NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int read_sketch(struct json_object *o, struct sig_hll *h)
{
	struct json_object *a = get(o, "exact");
	const char *r = get_str(o, "registers");
	uint64_t v;
	size_t i, n;
	int hi, lo;

	if (r) {
		if (strlen(r) != 2 * SIG_HLL_M ||
		    !(h->reg = sym_calloc(SIG_HLL_M, 1)))
			return -1;
		for (i = 0; i < SIG_HLL_M; i++) {
			hi = hexval(r[2 * i]);
			lo = hexval(r[2 * i + 1]);
			if (hi < 0 || lo < 0 ||
			    hi * 16 + lo > 64 - SIG_HLL_P + 1)
				return -1;
			h->reg[i] = (uint8_t)(hi * 16 + lo);
		}
		return 0;
	}
	if (!a || !json_object_is_type(a, json_type_array))
		return -1;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(a, i);

		if (!json_object_is_type(x, json_type_string) ||
		    sig_fingerprint_parse(json_object_get_string(x), &v) ||
		    sig_hll_add(h, v))
			return -1;
	}
	return 0;
}

static int read_deeper(struct json_object *o, struct sig_group *s)
{
	struct json_object *a = get(o, "deeper");
	size_t i, n;

	if (!a || !json_object_is_type(a, json_type_array))
		return -1;
	n = json_object_array_length(a);
	if (n > SIG_DEEPER_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		struct json_object *x = json_object_array_get_idx(a, i);
		const char *t = json_object_is_type(x, json_type_object) ?
				get_str(x, "text") : NULL, *hs;

		hs = t ? get_str(x, "hash") : NULL;
		if (!hs || sig_fingerprint_parse(hs, &s->deeper[i].hash) ||
		    get_u64(x, "count", &s->deeper[i].count))
			return -1;
		s->deeper[i].text = sig_borrow(t);
	}
	s->n_deeper = (unsigned)n;
	return get_u64(o, "deeper_other", &s->deeper_other) ||
	       get_u64(o, "deeper_none", &s->deeper_none) ? -1 : 0;
}

/* One group line into g; -1 when malformed, else an error code. */
static int load_group(struct sig_groups *g, struct json_object *o,
		      int with_distinct)
{
	struct sig_group s;
	const char *fp;
	struct json_object *dv;
	int err;

	memset(&s, 0, sizeof(s));
	fp = get_str(o, "fingerprint");
	s.signature = sig_borrow(get_str(o, "signature"));
	s.representative = sig_borrow(get_str(o, "representative"));
	if (!fp || sig_fingerprint_parse(fp, &s.fingerprint) ||
	    !s.signature || !s.representative ||
	    get_u64(o, "count", &s.count) || !s.count ||
	    get_time(o, "first", &s.first) || get_time(o, "last", &s.last) ||
	    get_time(o, "rep_time", &s.rep_time) || read_deeper(o, &s))
		return -1;
	if (with_distinct) {
		dv = get(o, "distinct");
		if (!dv || !json_object_is_type(dv, json_type_object) ||
		    read_sketch(dv, &s.distinct)) {
			sig_hll_release(&s.distinct);
			return -1;
		}
	}
	err = sig_groups_merge_group(g, &s);
	sig_hll_release(&s.distinct);
	return err;
}

int sig_groups_load(struct sig_groups *g, const char *buf, size_t len,
		    struct sym_diag *d)
{
	const char *s = buf, *end = buf + len, *eol;
	const char *df = sig_groups_distinct_field(g), *sdf;
	struct json_object *o, *st;
	unsigned long line = 0;
	int err, header = 0;
	char *copy;

	for (; s < end; s = eol + 1) {
		eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		line++;
		if (eol == s)
			continue;
		if (!(copy = sym_strndup(s, (size_t)(eol - s))))
			return SYM_ENOMEM;
		o = json_tokener_parse(copy);
		sym_free(copy);
		if (!o || !json_object_is_type(o, json_type_object)) {
			json_object_put(o);
			return sym_diag_error(d, SYM_EFORMAT, SYM_DIAG_LINE,
					      line, "not a crash-group state "
					      "line");
		}
		if (!header) {
			st = get(o, "crash_group_state");
			sdf = get_str(o, "distinct");
			if (!st || !json_object_is_type(st, json_type_int) ||
			    json_object_get_int(st) != 1) {
				json_object_put(o);
				return sym_diag_error(d, SYM_EFORMAT,
						      SYM_DIAG_LINE, line,
						      "not a crash-group state "
						      "file");
			}
			if ((!df) != (!sdf) || (df && strcmp(df, sdf))) {
				err = sym_diag_error(d, SYM_EFORMAT,
						     SYM_DIAG_LINE, line,
						     "state counts distinct "
						     "%s, not %s",
						     sdf ? sdf : "nothing",
						     df ? df : "nothing");
				json_object_put(o);
				return err;
			}
			header = 1;
			json_object_put(o);
			continue;
		}
		err = load_group(g, o, df != NULL);
		json_object_put(o);
		if (err == -1)
			return sym_diag_error(d, SYM_EFORMAT, SYM_DIAG_LINE,
					      line, "bad group record");
		if (err)
			return err;
	}
	if (!header)
		return sym_diag_error(d, SYM_EFORMAT, 0, 0,
				      "empty crash-group state file");
	return SYM_OK;
}

/* SPDX-License-Identifier: MIT */
/*
 * group.c - crash groups keyed by fingerprint (see group.h): an open
 * addressing table over a growing array of groups.  Every input becomes
 * a one-input group that is merged in, so adding an input and merging a
 * saved state are the same operation.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json.h>
#include <xxhash.h>

#include "lib/core/alloc.h"
#include "lib/sig/group.h"
#include "lib/sig/sig_int.h"

/* An object may span lines (pretty JSON), up to this many bytes. */
#define OBJECT_MAX ((size_t)256 << 20)
/* Frames read from an input's crashing thread. */
#define FRAMES_MAX 128
/* Longest representative ("FILE:LINE") and signature kept. */
#define TEXT_MAX 4096

struct sig_groups {
	struct sig_group_opts opts;
	struct sig_rules *own_rules;
	struct sig_group *groups;
	size_t n, cap;
	uint32_t *table;	/* group index + 1, 0 empty */
	size_t tcap;		/* power of two */
	uint64_t inputs, skipped;

	/* the stream being fed */
	struct json_tokener *tok;
	char *source;
	unsigned long line;	/* lines seen so far */
	unsigned long obj_line;	/* line the pending object started on */
	size_t obj_bytes;
	int in_object;
	int skip_line;		/* resync: drop up to the next newline */
};

/* ---- time ---- */

void sig_time_text(int64_t t, char out[32])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == SIG_TIME_NONE || !gmtime_r(&tt, &tm) ||
	    !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		strcpy(out, "-");
}

static int digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int sig_time_parse(const char *s, int64_t *t)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, oh, om, sign;
	const char *p;
	char *end;
	long long v;

	if (!s || !*s)
		return -1;
	v = strtoll(s, &end, 10);
	if (!*end && end != s) {
		*t = v;
		return 0;
	}
	if (strlen(s) < 19 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &sec) || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*t = (int64_t)timegm(&tm);
	if (!*p || (*p == 'Z' && !p[1]))
		return 0;
	if ((*p != '+' && *p != '-') || strlen(p) != 6 ||
	    digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
		return -1;
	sign = *p == '-' ? -1 : 1;
	*t -= sign * (oh * 3600 + om * 60);
	return 0;
}

/* ---- groups ---- */

static void group_release(struct sig_group *grp)
{
	unsigned i;

	sym_free(grp->signature);
	sym_free(grp->representative);
	sig_hll_release(&grp->distinct);
	for (i = 0; i < grp->n_deeper; i++)
		sym_free(grp->deeper[i].text);
	memset(grp, 0, sizeof(*grp));
}

int sig_groups_new(const struct sig_group_opts *opts,
		   struct sig_groups **out)
{
	struct sig_groups *g = sym_calloc(1, sizeof(*g));

	*out = NULL;
	if (!g)
		return SYM_ENOMEM;
	if (opts)
		g->opts = *opts;
	if (!g->opts.rules) {
		if (sig_rules_new(&g->own_rules)) {
			sym_free(g);
			return SYM_ENOMEM;
		}
		g->opts.rules = g->own_rules;
	}
	g->tcap = 1024;
	if (!(g->table = sym_calloc(g->tcap, sizeof(*g->table)))) {
		sig_rules_free(g->own_rules);
		sym_free(g);
		return SYM_ENOMEM;
	}
	*out = g;
	return SYM_OK;
}

void sig_groups_free(struct sig_groups *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n; i++)
		group_release(&g->groups[i]);
	sym_free(g->groups);
	sym_free(g->table);
	sig_rules_free(g->own_rules);
	if (g->tok)
		json_tokener_free(g->tok);
	sym_free(g->source);
	sym_free(g);
}

uint64_t sig_groups_inputs(const struct sig_groups *g)
{
	return g->inputs;
}

uint64_t sig_groups_skipped(const struct sig_groups *g)
{
	return g->skipped;
}

static size_t slot(const struct sig_groups *g, uint64_t fp)
{
	size_t i = (size_t)(fp ^ fp >> 29) & (g->tcap - 1);

	while (g->table[i] && g->groups[g->table[i] - 1].fingerprint != fp)
		i = (i + 1) & (g->tcap - 1);
	return i;
}

static int rehash(struct sig_groups *g)
{
	uint32_t *old = g->table;
	size_t oldcap = g->tcap, i;

	if (!(g->table = sym_calloc(oldcap * 2, sizeof(*g->table)))) {
		g->table = old;
		return SYM_ENOMEM;
	}
	g->tcap = oldcap * 2;
	for (i = 0; i < oldcap; i++)
		if (old[i])
			g->table[slot(g, g->groups[old[i] - 1].fingerprint)] =
				old[i];
	sym_free(old);
	return SYM_OK;
}

static int64_t when(int64_t t)
{
	return t == SIG_TIME_NONE ? INT64_MAX : t;
}

static int set_text(char **dst, const char *s)
{
	size_t n = strlen(s);
	char *c = sym_strndup(s, n < TEXT_MAX ? n : TEXT_MAX);

	if (!c)
		return SYM_ENOMEM;
	sym_free(*dst);
	*dst = c;
	return SYM_OK;
}

static int add_deeper(struct sig_group *dst, uint64_t hash, uint64_t count,
		      const char *text)
{
	unsigned i;

	for (i = 0; i < dst->n_deeper; i++)
		if (dst->deeper[i].hash == hash) {
			dst->deeper[i].count += count;
			return SYM_OK;
		}
	if (dst->n_deeper == SIG_DEEPER_MAX) {
		dst->deeper_other += count;
		return SYM_OK;
	}
	dst->deeper[i].text = NULL;
	if (set_text(&dst->deeper[i].text, text))
		return SYM_ENOMEM;
	dst->deeper[i].hash = hash;
	dst->deeper[i].count = count;
	dst->n_deeper++;
	return SYM_OK;
}

/* Merge src (strings borrowed) into dst. */
static int absorb(struct sig_group *dst, const struct sig_group *src)
{
	unsigned i;

	if (!dst->representative ||
	    when(src->rep_time) < when(dst->rep_time) ||
	    (when(src->rep_time) == when(dst->rep_time) &&
	     strcmp(src->representative, dst->representative) < 0)) {
		if (set_text(&dst->representative, src->representative))
			return SYM_ENOMEM;
		dst->rep_time = src->rep_time;
	}
	if (!dst->signature && set_text(&dst->signature, src->signature))
		return SYM_ENOMEM;
	if (sig_hll_merge(&dst->distinct, &src->distinct))
		return SYM_ENOMEM;
	for (i = 0; i < src->n_deeper; i++)
		if (add_deeper(dst, src->deeper[i].hash, src->deeper[i].count,
			       src->deeper[i].text))
			return SYM_ENOMEM;
	dst->deeper_other += src->deeper_other;
	dst->deeper_none += src->deeper_none;
	dst->count += src->count;
	if (src->first != SIG_TIME_NONE &&
	    (dst->first == SIG_TIME_NONE || src->first < dst->first))
		dst->first = src->first;
	if (src->last != SIG_TIME_NONE &&
	    (dst->last == SIG_TIME_NONE || src->last > dst->last))
		dst->last = src->last;
	return SYM_OK;
}

static int merge_in(struct sig_groups *g, const struct sig_group *src)
{
	struct sig_group *grp, *ng;
	size_t i;

	if (2 * (g->n + 1) > g->tcap && rehash(g))
		return SYM_ENOMEM;
	i = slot(g, src->fingerprint);
	if (g->table[i])
		return absorb(&g->groups[g->table[i] - 1], src);
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;

		if (cap > UINT32_MAX - 1)
			return SYM_ETOOBIG;
		if (!(ng = sym_reallocarray(g->groups, cap, sizeof(*ng))))
			return SYM_ENOMEM;
		g->groups = ng;
		g->cap = cap;
	}
	grp = &g->groups[g->n];
	memset(grp, 0, sizeof(*grp));
	grp->fingerprint = src->fingerprint;
	grp->first = grp->last = grp->rep_time = SIG_TIME_NONE;
	if (absorb(grp, src)) {
		group_release(grp);
		return SYM_ENOMEM;
	}
	g->n++;
	g->table[i] = (uint32_t)g->n;
	return SYM_OK;
}

const char *sig_groups_distinct_field(const struct sig_groups *g)
{
	return g->opts.distinct;
}

int sig_groups_merge_group(struct sig_groups *g, const struct sig_group *s)
{
	return merge_in(g, s);
}

/* ---- one input object ---- */

static struct json_object *field(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *str_field(struct json_object *o, const char *key)
{
	struct json_object *v = field(o, key);

	return v && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

/* A dotted path: "system_info.os_ver". */
static struct json_object *path_field(struct json_object *o, const char *p)
{
	char key[256];
	const char *dot;
	size_t n;

	while (o && *p) {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		if (json_object_is_type(o, json_type_array) && n &&
		    strspn(key, "0123456789") == n)
			o = json_object_array_get_idx(o, strtoul(key, NULL,
								  10));
		else
			o = field(o, key);
		p = dot ? dot + 1 : p + n;
	}
	return o;
}

static uint64_t hex_u64(const char *s)
{
	return s ? strtoull(s, NULL, 16) : 0;
}

/* Frames of rust-minidump's crashing_thread, inline frames first. */
static size_t json_frames(struct json_object *o, struct sig_frame *sf)
{
	struct json_object *fr = field(field(o, "crashing_thread"), "frames");
	size_t i, j, n = 0, nf, ni;

	if (!fr || !json_object_is_type(fr, json_type_array))
		return 0;
	nf = json_object_array_length(fr);
	for (i = 0; i < nf && n < FRAMES_MAX; i++) {
		struct json_object *f = json_object_array_get_idx(fr, i);
		struct json_object *in = field(f, "inlines");
		const char *mod = str_field(f, "module");
		uint64_t off = mod ? hex_u64(str_field(f, "module_offset")) :
			       hex_u64(str_field(f, "offset"));

		ni = in && json_object_is_type(in, json_type_array) ?
		     json_object_array_length(in) : 0;
		for (j = 0; j < ni && n < FRAMES_MAX; j++, n++) {
			struct json_object *x = json_object_array_get_idx(in,
									  j);

			memset(&sf[n], 0, sizeof(sf[n]));
			sf[n].function = str_field(x, "function");
			sf[n].module = mod;
			sf[n].offset = off;
		}
		if (n == FRAMES_MAX)
			break;
		memset(&sf[n], 0, sizeof(sf[n]));
		sf[n].function = str_field(f, "function");
		sf[n].module = mod;
		sf[n].offset = off;
		n++;
	}
	return n;
}

static int64_t obj_time(struct json_object *o)
{
	struct json_object *v = field(o, "timestamp");
	int64_t t;

	if (!v)
		return SIG_TIME_NONE;
	if (json_object_is_type(v, json_type_int))
		return json_object_get_int64(v);
	if (json_object_is_type(v, json_type_double))
		return (int64_t)json_object_get_double(v);
	if (json_object_is_type(v, json_type_string) &&
	    !sig_time_parse(json_object_get_string(v), &t))
		return t;
	return SIG_TIME_NONE;
}

static int add_object(struct sig_groups *g, struct json_object *o,
		      const char *rep)
{
	struct sig_frame *sf = NULL;
	struct sig_result r = { 0 };
	struct sig_group one;
	struct json_object *dv;
	const char *sig = str_field(o, "signature"), *fps, *val, *deep;
	size_t n = 0;
	int err = SYM_OK, have = 0;

	memset(&one, 0, sizeof(one));
	if (field(o, "crashing_thread")) {
		if (!(sf = sym_malloc(FRAMES_MAX * sizeof(*sf))))
			return SYM_ENOMEM;
		n = json_frames(o, sf);
		if (n || !sig || g->opts.recompute) {
			if ((err = sig_native(g->opts.rules, sf, n,
					      g->opts.max_frames, &r)))
				goto out;
			have = 1;
		}
	}
	if (have && n && g->opts.recompute)
		sig = NULL;
	if (!sig && !have) {
		/* retrace's and smap-resolve's per-line and per-frame
		 * objects are not crashes: their "signature" objects are */
		if (!field(o, "kind") && !field(o, "frame"))
			g->skipped++;
		goto out;
	}
	one.signature = sig_borrow(sig ? sig : r.signature);
	fps = str_field(o, "fingerprint");
	if (sig && (!fps || sig_fingerprint_parse(fps, &one.fingerprint)))
		one.fingerprint = sig_fingerprint(sig, strlen(sig));
	else if (!sig)
		one.fingerprint = r.fingerprint;
	one.count = 1;
	one.first = one.last = one.rep_time = obj_time(o);
	/* stackwalk --batch lines name their dump */
	one.representative = sig_borrow(str_field(o, "path") ?
					str_field(o, "path") : rep);
	deep = have && n ? r.deeper : str_field(o, "deeper");
	if (deep) {
		one.deeper[0].text = sig_borrow(deep);
		one.deeper[0].hash = XXH3_64bits(deep, strlen(deep));
		one.deeper[0].count = 1;
		one.n_deeper = 1;
	} else {
		one.deeper_none = 1;
	}
	if (g->opts.distinct && (dv = path_field(o, g->opts.distinct))) {
		val = json_object_is_type(dv, json_type_string) ?
		      json_object_get_string(dv) :
		      json_object_to_json_string_ext(dv,
						     JSON_C_TO_STRING_PLAIN);
		if (val && (err = sig_hll_add_value(&one.distinct, val,
						    strlen(val))))
			goto out;
	}
	g->inputs++;
	err = merge_in(g, &one);
out:
	sig_hll_release(&one.distinct);
	sig_result_release(&r);
	sym_free(sf);
	return err;
}

/* ---- streams ---- */

static void reset_stream(struct sig_groups *g)
{
	if (g->tok)
		json_tokener_reset(g->tok);
	g->in_object = 0;
	g->obj_bytes = 0;
}

static int object_done(struct sig_groups *g, struct json_object *o,
		       struct sym_diag *d)
{
	char rep[TEXT_MAX];
	int err;

	if (!json_object_is_type(o, json_type_object)) {
		sym_diag_warn(d, SYM_DIAG_LINE, g->obj_line,
			      "not a JSON object");
		json_object_put(o);
		return SYM_OK;
	}
	snprintf(rep, sizeof(rep), "%s:%lu", g->source ? g->source : "-",
		 g->obj_line);
	err = add_object(g, o, rep);
	json_object_put(o);
	return err;
}

/* One line (with its newline, or the last piece of a chunk). */
static int feed_line(struct sig_groups *g, const char *s, size_t n,
		     int has_nl, struct sym_diag *d)
{
	struct json_object *o;
	enum json_tokener_error je;
	size_t used;
	int err;

	if (g->skip_line) {
		g->skip_line = !has_nl;
		return SYM_OK;
	}
	while (n) {
		if (!g->in_object) {
			while (n && strchr(" \t\r\n", *s))
				s++, n--;
			if (!n)
				break;
			g->obj_line = g->line + 1;
			g->in_object = 1;
			g->obj_bytes = 0;
		}
		if (n > OBJECT_MAX - g->obj_bytes) {
			sym_diag_warn(d, SYM_DIAG_LINE, g->obj_line,
				      "JSON object too large");
			reset_stream(g);
			g->skip_line = !has_nl;
			return SYM_OK;
		}
		o = json_tokener_parse_ex(g->tok, s, (int)n);
		je = json_tokener_get_error(g->tok);
		if (!o && je == json_tokener_continue) {
			g->obj_bytes += n;
			break;
		}
		if (!o) {
			sym_diag_warn(d, SYM_DIAG_LINE, g->line + 1,
				      "malformed JSON: %s",
				      json_tokener_error_desc(je));
			reset_stream(g);
			g->skip_line = !has_nl;
			return SYM_OK;
		}
		used = json_tokener_get_parse_end(g->tok);
		if (used > n)
			used = n;
		reset_stream(g);
		if ((err = object_done(g, o, d)))
			return err;
		s += used;
		n -= used;
	}
	return SYM_OK;
}

int sig_groups_feed(struct sig_groups *g, const char *source,
		    const char *buf, size_t len, struct sym_diag *d)
{
	const char *nl;
	size_t n;
	int err;

	if (!g->tok && !(g->tok = json_tokener_new()))
		return SYM_ENOMEM;
	if (!g->source || strcmp(g->source, source ? source : "-")) {
		sym_free(g->source);
		if (!(g->source = sym_strndup(source ? source : "-",
					      strlen(source ? source : "-"))))
			return SYM_ENOMEM;
	}
	while (len) {
		nl = memchr(buf, '\n', len);
		n = nl ? (size_t)(nl - buf) + 1 : len;
		if ((err = feed_line(g, buf, n, nl != NULL, d)))
			return err;
		if (nl)
			g->line++;
		buf += n;
		len -= n;
	}
	return SYM_OK;
}

int sig_groups_end(struct sig_groups *g, struct sym_diag *d)
{
	struct json_object *o = NULL;
	int err = SYM_OK;

	if (g->in_object && g->tok) {
		/* a number or literal ends only at the end of input */
		o = json_tokener_parse_ex(g->tok, "", 1);
		if (o)
			err = object_done(g, o, d);
		else
			sym_diag_warn(d, SYM_DIAG_LINE, g->obj_line,
				      "truncated JSON object");
	}
	reset_stream(g);
	g->skip_line = 0;
	g->line = 0;
	return err;
}

/* ---- results ---- */

static int by_count(const void *a, const void *b)
{
	const struct sig_group *x = *(const struct sig_group *const *)a;
	const struct sig_group *y = *(const struct sig_group *const *)b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->fingerprint < y->fingerprint ? -1 :
	       x->fingerprint > y->fingerprint;
}

size_t sig_groups_sorted(const struct sig_groups *g,
			 const struct sig_group ***out)
{
	const struct sig_group **v;
	size_t i;

	*out = NULL;
	if (!g->n)
		return 0;
	if (!(v = sym_reallocarray(NULL, g->n, sizeof(*v))))
		return (size_t)-1;
	for (i = 0; i < g->n; i++)
		v[i] = &g->groups[i];
	qsort(v, g->n, sizeof(*v), by_count);
	*out = v;
	return g->n;
}

int sig_group_split(const struct sig_group *grp)
{
	uint64_t first = 0, second = 0, need;
	unsigned i;

	for (i = 0; i < grp->n_deeper; i++) {
		uint64_t c = grp->deeper[i].count;

		if (c > first) {
			second = first;
			first = c;
		} else if (c > second) {
			second = c;
		}
	}
	need = grp->count / 10 > 2 ? grp->count / 10 : 2;
	return grp->n_deeper >= 2 && second >= need;
}

/* SPDX-License-Identifier: MIT */
/*
 * sig.c - signatures of native, JVM and JS crashes (rules in sig.h) and
 * their fingerprints (XXH3_64bits of the signature's bytes).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <xxhash.h>

#include "lib/core/alloc.h"
#include "lib/sig/sig.h"
#include "lib/sig/sig_int.h"

/* Frames looked at, as Socorro's MAXIMUM_FRAMES_TO_CONSIDER (plus room
 * for the deeper frames --split-check compares). */
#define CONSIDER 80

#define SEP " | "

uint64_t sig_fingerprint(const char *s, size_t len)
{
	return (uint64_t)XXH3_64bits(s, len);
}

void sig_fingerprint_hex(uint64_t fp, char out[17])
{
	snprintf(out, 17, "%016" PRIx64, fp);
}

int sig_fingerprint_parse(const char *s, uint64_t *fp)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];
		unsigned d;

		if (i == 16)
			return -1;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return -1;
		v = v << 4 | d;
	}
	if (!i)
		return -1;
	*fp = v;
	return 0;
}

void sig_result_release(struct sig_result *r)
{
	if (!r)
		return;
	sym_free(r->signature);
	sym_free(r->deeper);
	memset(r, 0, sizeof(*r));
}

/* Hand two buffers over to *out. */
static int finish(struct sig_buf *sig, struct sig_buf *deep, unsigned n,
		  struct sig_result *out)
{
	memset(out, 0, sizeof(*out));
	out->signature = sig_buf_take(sig);
	out->deeper = sig_buf_take(deep);
	if (!out->signature || !out->deeper) {
		sig_result_release(out);
		return SYM_ENOMEM;
	}
	out->fingerprint = sig_fingerprint(out->signature,
					   strlen(out->signature));
	out->n_frames = n;
	return SYM_OK;
}

static void join(struct sig_buf *b, const char *s)
{
	if (b->len)
		sig_buf_adds(b, SEP);
	sig_buf_adds(b, s);
}

/* ---- native ---- */

struct nframe {
	char *text;		/* normalised name or module@0xoffset */
	int named;
};

static void free_nframes(struct nframe *nf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sym_free(nf[i].text);
	sym_free(nf);
}

static int render(const struct sig_frame *f, struct nframe *out)
{
	char tmp[64];
	size_t need;

	out->named = 0;
	out->text = NULL;
	if (f->function && *f->function) {
		need = sig_normalize_function(f->function, NULL, 0);
		if (need) {
			if (!(out->text = sym_malloc(need + 1)))
				return SYM_ENOMEM;
			sig_normalize_function(f->function, out->text,
					       need + 1);
			out->named = 1;
			return SYM_OK;
		}
	}
	snprintf(tmp, sizeof(tmp), "@0x%" PRIx64, f->offset);
	need = (f->module ? strlen(f->module) : 0) + strlen(tmp);
	if (!(out->text = sym_malloc(need + 1)))
		return SYM_ENOMEM;
	snprintf(out->text, need + 1, "%s%s", f->module ? f->module : "",
		 tmp);
	return SYM_OK;
}

/*
 * Take frames from nf[*i] on into b: skip-listed frames never, nameless
 * ones before the first named one only when *named_seen says a named
 * frame is still to come; stop after max frames once a frame that is not
 * a prefix frame was taken.  Returns the frames taken.
 */
static unsigned take(const struct sig_rules *r, const struct nframe *nf,
		     size_t n, size_t *i, unsigned max, int any_named,
		     int *named_seen, struct sig_buf *b)
{
	unsigned taken = 0;
	int meaningful = 0;

	for (; *i < n; (*i)++) {
		const struct nframe *f = &nf[*i];

		if (taken >= max && meaningful)
			break;
		if (taken >= SIG_MAX_FRAMES)
			break;
		if (f->named && sig_rules_match(r, SIG_NATIVE_SKIP, f->text))
			continue;
		if (!f->named && any_named && !*named_seen)
			continue;
		if (f->named)
			*named_seen = 1;
		join(b, f->text);
		taken++;
		if (!f->named ||
		    !sig_rules_match(r, SIG_NATIVE_PREFIX, f->text))
			meaningful = 1;
	}
	return taken;
}

int sig_native(const struct sig_rules *r, const struct sig_frame *f,
	       size_t n, unsigned max_frames, struct sig_result *out)
{
	struct sig_buf sig = { 0 }, deep = { 0 };
	struct nframe *nf;
	size_t i, start = 0;
	unsigned taken;
	int err, any_named = 0, named_seen = 0;

	if (!max_frames)
		max_frames = SIG_DEFAULT_FRAMES;
	if (max_frames > SIG_MAX_FRAMES)
		max_frames = SIG_MAX_FRAMES;
	if (n > CONSIDER)
		n = CONSIDER;
	if (!n) {
		sig_buf_adds(&sig, "EMPTY: no frame data");
		return finish(&sig, &deep, 0, out);
	}
	if (!(nf = sym_calloc(n, sizeof(*nf))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((err = render(&f[i], &nf[i]))) {
			free_nframes(nf, n);
			return err;
		}
		if (i && nf[i].named &&
		    sig_rules_match(r, SIG_NATIVE_END, nf[i].text)) {
			sym_free(nf[i].text);
			n = i;	/* the rest is below the stack's end */
			break;
		}
		any_named |= nf[i].named;
	}
	for (i = 0; i < n; i++)
		if (nf[i].named &&
		    sig_rules_match(r, SIG_NATIVE_SENTINEL, nf[i].text)) {
			start = i;
			break;
		}
	i = start;
	taken = take(r, nf, n, &i, max_frames, any_named, &named_seen, &sig);
	if (!taken)	/* every frame skipped: Socorro keeps the first */
		sig_buf_adds(&sig, nf[start].text);
	else
		take(r, nf, n, &i, max_frames, any_named, &named_seen, &deep);
	free_nframes(nf, n);
	return finish(&sig, &deep, taken ? taken : 1, out);
}

/* ---- JVM and JS ---- */

/* "type: message" (or "type") into b. */
static void head(struct sig_buf *b, const char *type, size_t tlen,
		 const char *msg)
{
	char m[SIG_MESSAGE_MAX + 8];

	sig_buf_add(b, type, tlen);
	if (msg && sig_normalize_message(msg, m, sizeof(m)) && m[0]) {
		sig_buf_adds(b, ": ");
		sig_buf_adds(b, m);
	}
}

static size_t trimmed(const char *s, const char **start)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
		     s[n - 1] == '\r'))
		n--;
	*start = s;
	return n;
}

/* A JVM frame name: module prefix dropped, $<digits> -> $. */
static void jvm_name(const char *fn, struct sig_buf *b)
{
	const char *s, *slash;
	size_t n = trimmed(fn, &s), i;

	slash = NULL;
	for (i = 0; i < n; i++)
		if (s[i] == '/')
			slash = s + i;
	if (slash) {
		n -= (size_t)(slash + 1 - s);
		s = slash + 1;
	}
	/* ProGuard's optimiser renames a method whose signature it changed
	 * to name$<8 hex digits>: the original is name */
	if (n > 9 && s[n - 9] == '$' && strspn(s + n - 8, "0123456789abcdef")
	    >= 8)
		n -= 9;
	for (i = 0; i < n; i++) {
		sig_buf_addc(b, s[i]);
		if (s[i] == '$')
			while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
				i++;
	}
}

int sig_jvm(const struct sig_rules *r, const struct sig_exception *e,
	    size_t n, unsigned max_frames, struct sig_result *out)
{
	struct sig_buf sig = { 0 }, deep = { 0 }, name = { 0 };
	const struct sig_exception *x;
	const char *type;
	size_t i, k, tlen;
	unsigned taken = 0, pass;

	if (!max_frames)
		max_frames = SIG_DEFAULT_FRAMES;
	if (!n) {
		sig_buf_adds(&sig, "EMPTY: no exception");
		return finish(&sig, &deep, 0, out);
	}
	for (k = n; k > 1 && !e[k - 1].n_frames; k--)
		;
	x = &e[k - 1];
	tlen = trimmed(x->type ? x->type : "", &type);
	head(&sig, tlen ? type : "<unknown>", tlen ? tlen : 9, x->message);
	/* pass 0: in-app frames only; pass 1 when none was */
	for (pass = 0; pass < 2 && !taken; pass++) {
		for (i = 0; i < x->n_frames; i++) {
			struct sig_buf *b = taken < max_frames ? &sig : &deep;

			if (!x->frames[i].function || !*x->frames[i].function)
				continue;
			sig_buf_release(&name);
			jvm_name(x->frames[i].function, &name);
			if (!name.s || (!pass && sig_rules_match(r,
					SIG_JVM_SKIP, name.s)))
				continue;
			if (taken >= 2 * max_frames)
				break;
			if (b == &deep)
				join(b, name.s);
			else
				sig_buf_adds(b, SEP), sig_buf_adds(b, name.s);
			taken++;
		}
	}
	sig_buf_release(&name);
	return finish(&sig, &deep, taken < max_frames ? taken : max_frames,
		      out);
}

char *sig_js_type(const char *type, char *out, size_t cap)
{
	const char *s, *lb, *rb;
	size_t n, inner, i;
	int code = 1;

	if (!cap)
		return out;
	n = trimmed(type ? type : "", &s);
	if (n > 9 && !memcmp(s, "Uncaught ", 9)) {
		s += 9;
		n -= 9;
	}
	lb = memchr(s, '[', n);
	rb = n ? (s[n - 1] == ']' ? s + n - 1 : NULL) : NULL;
	if (lb && rb && rb > lb + 1) {
		inner = (size_t)(rb - lb - 1);
		for (i = 0; i < inner; i++) {
			char c = lb[1 + i];

			if (!((c >= 'A' && c <= 'Z') || c == '_' ||
			      (c >= '0' && c <= '9')))
				code = 0;
		}
		if (code) {	/* "TypeError [ERR_X]": the code */
			n = (size_t)(lb - s);
			while (n && s[n - 1] == ' ')
				n--;
		} else {	/* "a [AssertionError]": the name */
			s = lb + 1;
			n = inner;
		}
	}
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

int sig_js_header_like(const char *line)
{
	const char *s = line, *e;
	size_t n;

	if (!strncmp(s, "Uncaught ", 9))
		s += 9;
	for (e = s; *e && (isalnum((unsigned char)*e) || *e == '_' ||
			   *e == '$' || *e == '.'); e++)
		;
	n = (size_t)(e - s);
	if (!n || isdigit((unsigned char)*s))
		return 0;
	if (e[0] == ' ' && e[1] == '[') {
		const char *rb = strchr(e + 2, ']');

		return rb && rb > e + 2 && (rb[1] == ':' || !rb[1]);
	}
	if (*e && *e != ':')
		return 0;
	if (*e == ':' && e[1] != ' ' && e[1])
		return 0;
	return (n >= 5 && !memcmp(e - 5, "Error", 5)) ||
	       (n >= 9 && !memcmp(e - 9, "Exception", 9));
}

void sig_split_header(const char *line, size_t *type_len, const char **msg)
{
	const char *c = strstr(line, ": ");
	size_t n = strlen(line);

	if (c) {
		*type_len = (size_t)(c - line);
		*msg = c + 2;
	} else {
		while (n && (line[n - 1] == ':' || line[n - 1] == ' ' ||
			     line[n - 1] == '\r'))
			n--;
		*type_len = n;
		*msg = NULL;
	}
}

static const char *js_basename(const char *file, size_t *len)
{
	const char *s = file, *end, *p;

	end = s + strcspn(s, "?#");
	for (p = end; p > s && p[-1] != '/' && p[-1] != '\\'; p--)
		;
	*len = (size_t)(end - p);
	return p;
}

static void js_frame(const struct sig_frame *f, struct sig_buf *b)
{
	const char *fn = f->function, *base;
	size_t bl = 0;

	if (f->file && *f->file) {
		base = js_basename(f->file, &bl);
		sig_buf_add(b, base, bl);
	}
	if (fn) {
		while (*fn == ' ')
			fn++;
		if (!strncmp(fn, "async ", 6))
			fn += 6;
		if (!strncmp(fn, "new ", 4))
			fn += 4;
		/* CommonJS export paths name the same function */
		if (!strncmp(fn, "module.exports.", 15))
			fn += 15;
		else if (!strncmp(fn, "exports.", 8))
			fn += 8;
	}
	if (fn && *fn) {
		if (bl)
			sig_buf_adds(b, ": ");
		sig_buf_adds(b, fn);
	}
}

int sig_js(const struct sig_rules *r, const struct sig_exception *e,
	   unsigned max_frames, struct sig_result *out)
{
	struct sig_buf sig = { 0 }, deep = { 0 }, fr = { 0 };
	char type[256];
	size_t i;
	unsigned taken = 0, pass;

	if (!max_frames)
		max_frames = SIG_DEFAULT_FRAMES;
	sig_js_type(e->type, type, sizeof(type));
	if (!type[0])
		strcpy(type, "Error");
	head(&sig, type, strlen(type), e->message);
	for (pass = 0; pass < 2 && !taken; pass++) {
		for (i = 0; i < e->n_frames && taken < 2 * max_frames; i++) {
			const struct sig_frame *f = &e->frames[i];

			if (!pass && (f->ignored || (f->file &&
			    sig_rules_match(r, SIG_JS_SKIP, f->file))))
				continue;
			sig_buf_release(&fr);
			js_frame(f, &fr);
			if (!fr.len)
				continue;
			if (taken < max_frames) {
				sig_buf_adds(&sig, SEP);
				sig_buf_adds(&sig, fr.s);
			} else {
				join(&deep, fr.s);
			}
			taken++;
		}
	}
	sig_buf_release(&fr);
	return finish(&sig, &deep, taken < max_frames ? taken : max_frames,
		      out);
}

/* SPDX-License-Identifier: MIT */
/*
 * sig_rules.c - the frame lists behind signatures: the built-in ones
 * (sig_lists.c, the text of data/sig/<list>.txt) plus users' list files.
 * Entries are fnmatch(3) patterns; a first literal character is kept to
 * skip most patterns with one comparison.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/sig/sig.h"
#include "lib/sig/sig_int.h"

struct pat {
	char *text;
	char first;		/* literal first character, 0 if none */
	int except;		/* "!pattern" */
};

struct plist {
	struct pat *p;
	size_t n, cap;
};

struct sig_rules {
	struct plist lists[SIG_N_LISTS];
	char *path;		/* the file sig_rules_add_paths() is at */
};

static const char *const names[SIG_N_LISTS] = {
	"native-sentinel", "native-skip", "native-prefix", "native-end",
	"jvm-skip", "js-skip",
};

const char *sig_list_name(enum sig_list l)
{
	return (unsigned)l < SIG_N_LISTS ? names[l] : NULL;
}

const char *sig_builtin_list(enum sig_list l)
{
	switch (l) {
	case SIG_NATIVE_SENTINEL:
		return sig_list_native_sentinel;
	case SIG_NATIVE_SKIP:
		return sig_list_native_skip;
	case SIG_NATIVE_PREFIX:
		return sig_list_native_prefix;
	case SIG_NATIVE_END:
		return sig_list_native_end;
	case SIG_JVM_SKIP:
		return sig_list_jvm_skip;
	case SIG_JS_SKIP:
		return sig_list_js_skip;
	default:
		return NULL;
	}
}

static int list_of(const char *s, size_t n)
{
	int i;

	for (i = 0; i < SIG_N_LISTS; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return i;
	return -1;
}

static int add_pat(struct plist *l, const char *s, size_t n)
{
	struct pat *p;
	int except = 0;

	if (n && s[0] == '!') {
		except = 1;
		s++;
		n--;
	}
	if (!n)
		return SYM_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		p = sym_reallocarray(l->p, cap, sizeof(*p));
		if (!p)
			return SYM_ENOMEM;
		l->p = p;
		l->cap = cap;
	}
	p = &l->p[l->n];
	if (!(p->text = sym_strndup(s, n)))
		return SYM_ENOMEM;
	p->first = strchr("*?[\\", s[0]) ? 0 : s[0];
	p->except = except;
	l->n++;
	return SYM_OK;
}

/* The list a file's basename names: "dir/native-skip.txt" -> native-skip. */
static int default_list(const char *name)
{
	const char *b = name ? strrchr(name, '/') : NULL, *dot;

	b = b ? b + 1 : name;
	if (!b)
		return -1;
	dot = strchr(b, '.');
	return list_of(b, dot ? (size_t)(dot - b) : strlen(b));
}

int sig_rules_add(struct sig_rules *r, const char *name, const char *buf,
		  size_t len, struct sym_diag *d)
{
	const char *s = buf, *end = buf + len, *eol, *e;
	int cur = default_list(name), err;
	unsigned long line = 0;

	for (; s < end; s = eol + 1) {
		eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		line++;
		/* trim white space (and a CR) at both ends */
		for (e = eol; e > s && strchr(" \t\r", e[-1]); e--)
			;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e || *s == '#')
			continue;
		if (*s == '[' && e[-1] == ']') {
			cur = list_of(s + 1, (size_t)(e - s - 2));
			if (cur < 0)
				return sym_diag_error(d, SYM_EFORMAT,
						      SYM_DIAG_LINE, line,
						      "unknown signature list "
						      "%.*s", (int)(e - s), s);
			continue;
		}
		if (cur < 0)
			return sym_diag_error(d, SYM_EFORMAT, SYM_DIAG_LINE,
					      line, "entry outside any "
					      "[list] section");
		if ((err = add_pat(&r->lists[cur], s, (size_t)(e - s))))
			return err;
	}
	return SYM_OK;
}

int sig_rules_add_file(struct sig_rules *r, const char *path,
		       struct sym_diag *d)
{
	struct sym_map m;
	int err;

	if ((err = sym_map_file(path, &m, d)))
		return err;
	err = sig_rules_add(r, path, (const char *)m.data, m.len, d);
	sym_unmap(&m);
	return err;
}

int sig_rules_add_paths(struct sig_rules *r, const char *paths,
			struct sym_diag *d)
{
	const char *s = paths, *e;
	size_t n;
	int err;

	for (; s && *s; s = *e ? e + 1 : e) {
		e = strchr(s, ':');
		if (!e)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (!n)
			continue;
		sym_free(r->path);
		if (!(r->path = sym_strndup(s, n)))
			return SYM_ENOMEM;
		if (d)
			d->file = r->path;
		if ((err = sig_rules_add_file(r, r->path, d)))
			return err;
	}
	return SYM_OK;
}

int sig_rules_load(struct sig_rules **out, const char *env,
		   char *const *files, size_t n, struct sym_diag *d)
{
	struct sig_rules *r;
	size_t i;
	int err;

	*out = NULL;
	if ((err = sig_rules_new(&r)))
		return err;
	err = sig_rules_add_paths(r, env, d);
	for (i = 0; !err && i < n; i++) {
		if (d)
			sym_diag_init(d, files[i]);
		err = sig_rules_add_file(r, files[i], d);
	}
	if (err) {
		if (d && d->file == r->path) {
			/* r goes: keep the file's name in the message */
			char m[sizeof(d->msg) + 4200], ln[24] = "";

			if (d->flags & SYM_DIAG_LINE)
				snprintf(ln, sizeof(ln), ":%lu", d->line);
			snprintf(m, sizeof(m), "%s%s: %s", r->path, ln,
				 d->msg[0] ? d->msg : sym_strerror(err));
			memcpy(d->msg, m, sizeof(d->msg) - 1);
			d->msg[sizeof(d->msg) - 1] = '\0';
			d->file = "SYMKIT_SIGLISTS";
			d->err = err;
			d->flags &= ~(unsigned)SYM_DIAG_LINE;
		}
		sig_rules_free(r);
		return err;
	}
	*out = r;
	return SYM_OK;
}

void sig_rules_free(struct sig_rules *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < SIG_N_LISTS; i++) {
		for (j = 0; j < r->lists[i].n; j++)
			sym_free(r->lists[i].p[j].text);
		sym_free(r->lists[i].p);
	}
	sym_free(r->path);
	sym_free(r);
}

int sig_rules_new(struct sig_rules **out)
{
	struct sig_rules *r = sym_calloc(1, sizeof(*r));
	const char *t;
	int i, err;

	*out = NULL;
	if (!r)
		return SYM_ENOMEM;
	for (i = 0; i < SIG_N_LISTS; i++) {
		t = sig_builtin_list((enum sig_list)i);
		err = sig_rules_add(r, names[i], t, strlen(t), NULL);
		if (err) {
			sig_rules_free(r);
			return err;
		}
	}
	*out = r;
	return SYM_OK;
}

int sig_rules_match(const struct sig_rules *r, enum sig_list l,
		    const char *s)
{
	const struct plist *pl;
	size_t i;
	int hit = 0;

	if (!r || (unsigned)l >= SIG_N_LISTS || !s)
		return 0;
	pl = &r->lists[l];
	for (i = 0; i < pl->n; i++) {
		const struct pat *p = &pl->p[i];

		if (p->first && p->first != s[0])
			continue;
		if (hit && !p->except)
			continue;
		if (fnmatch(p->text, s, 0))
			continue;
		if (p->except)
			return 0;
		hit = 1;
	}
	return hit;
}

/* SPDX-License-Identifier: MIT */
/*
 * sig_chain.c - exception chains gathered line by line (see sig.h):
 * the tools' trace loops feed headers and frames, the signature rules
 * read them as struct sig_exception lists.
 */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/sig/sig.h"
#include "lib/sig/sig_int.h"

/* Bounds for a hostile trace: frames past these are not kept. */
#define CHAIN_MAX 64
#define FRAMES_MAX 256

struct cx {
	char *type, *message;
	struct sig_frame *frames;
	size_t n;
};

struct sig_chain {
	struct cx ex[CHAIN_MAX];
	size_t n;
};

int sig_chain_new(struct sig_chain **out)
{
	*out = sym_calloc(1, sizeof(**out));
	return *out ? SYM_OK : SYM_ENOMEM;
}

void sig_chain_reset(struct sig_chain *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++) {
		struct cx *x = &c->ex[i];

		for (j = 0; j < x->n; j++) {
			sym_free(sig_borrow(x->frames[j].function));
			sym_free(sig_borrow(x->frames[j].file));
		}
		sym_free(x->frames);
		sym_free(x->type);
		sym_free(x->message);
		memset(x, 0, sizeof(*x));
	}
	c->n = 0;
}

void sig_chain_free(struct sig_chain *c)
{
	if (!c)
		return;
	sig_chain_reset(c);
	sym_free(c);
}

size_t sig_chain_len(const struct sig_chain *c)
{
	return c->n;
}

static char *dup(const char *s)
{
	return s ? sym_strndup(s, strlen(s)) : NULL;
}

int sig_chain_exception(struct sig_chain *c, int cause, const char *type,
			size_t type_len, const char *message)
{
	struct cx *x;

	if (!cause)
		sig_chain_reset(c);
	if (c->n == CHAIN_MAX)
		return SYM_OK;
	x = &c->ex[c->n];
	if (!(x->type = sym_strndup(type ? type : "", type ? type_len : 0)))
		return SYM_ENOMEM;
	if (message && !(x->message = dup(message))) {
		sym_free(x->type);
		x->type = NULL;
		return SYM_ENOMEM;
	}
	c->n++;
	return SYM_OK;
}

int sig_chain_frame(struct sig_chain *c, const char *function,
		    const char *file, int ignored)
{
	struct cx *x;
	struct sig_frame *f;

	if (!c->n)
		return SYM_OK;	/* frames before any header: not a crash */
	x = &c->ex[c->n - 1];
	if (x->n == FRAMES_MAX)
		return SYM_OK;
	if (!x->frames && !(x->frames = sym_calloc(FRAMES_MAX,
						   sizeof(*x->frames))))
		return SYM_ENOMEM;
	f = &x->frames[x->n];
	memset(f, 0, sizeof(*f));
	if ((function && !(f->function = dup(function))) ||
	    (file && !(f->file = dup(file)))) {
		sym_free(sig_borrow(f->function));
		f->function = NULL;
		return SYM_ENOMEM;
	}
	f->ignored = ignored;
	x->n++;
	return SYM_OK;
}

int sig_chain_more(struct sig_chain *c, size_t n)
{
	const struct cx *up;
	size_t i;
	int err;

	if (c->n < 2)
		return SYM_OK;
	up = &c->ex[c->n - 2];
	if (n > up->n)
		n = up->n;
	for (i = up->n - n; i < up->n; i++)
		if ((err = sig_chain_frame(c, up->frames[i].function,
					   up->frames[i].file,
					   up->frames[i].ignored)))
			return err;
	return SYM_OK;
}

static void view(const struct sig_chain *c, struct sig_exception *e)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		e[i].type = c->ex[i].type;
		e[i].message = c->ex[i].message;
		e[i].frames = c->ex[i].frames;
		e[i].n_frames = c->ex[i].n;
	}
}

int sig_chain_jvm(const struct sig_chain *c, const struct sig_rules *r,
		  unsigned max_frames, struct sig_result *out)
{
	struct sig_exception e[CHAIN_MAX];

	view(c, e);
	return sig_jvm(r, e, c->n, max_frames, out);
}

int sig_chain_js(const struct sig_chain *c, const struct sig_rules *r,
		 unsigned max_frames, struct sig_result *out)
{
	struct sig_exception e[CHAIN_MAX];
	static const struct sig_exception none = { "Error", NULL, NULL, 0 };

	view(c, e);
	return sig_js(r, c->n ? &e[0] : &none, max_frames, out);
}

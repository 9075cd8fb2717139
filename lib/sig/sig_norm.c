/* SPDX-License-Identifier: MIT */
/*
 * sig_norm.c - normalising what enters a signature: C++ function names
 * (parameters, templates, clones) and exception messages (ids, numbers,
 * strings, paths), plus the small string buffer lib/sig builds with.
 */
#include <ctype.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/sig/sig.h"
#include "lib/sig/sig_int.h"

/* ---- string buffer ---- */

static int grow(struct sig_buf *b, size_t n)
{
	size_t cap;
	char *s;

	if (b->oom)
		return -1;
	if (b->len + n + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1)
		cap *= 2;
	if (!(s = sym_reallocarray(b->s, cap, 1))) {
		b->oom = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void sig_buf_add(struct sig_buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sig_buf_addc(struct sig_buf *b, char c)
{
	sig_buf_add(b, &c, 1);
}

void sig_buf_adds(struct sig_buf *b, const char *s)
{
	sig_buf_add(b, s, strlen(s));
}

char *sig_buf_take(struct sig_buf *b)
{
	char *s;

	if (!b->oom && grow(b, 0))
		return NULL;
	if (b->oom) {
		sig_buf_release(b);
		return NULL;
	}
	s = b->s;
	s[b->len] = '\0';
	memset(b, 0, sizeof(*b));
	return s;
}

void sig_buf_release(struct sig_buf *b)
{
	sym_free(b->s);
	memset(b, 0, sizeof(*b));
}

static size_t finish(struct sig_buf *b, char *out, size_t cap)
{
	size_t n = b->len;

	if (cap) {
		size_t k = n < cap - 1 ? n : cap - 1;

		if (k)
			memcpy(out, b->s, k);
		out[k] = '\0';
	}
	sig_buf_release(b);
	return n;
}

/* ---- C++ function names ---- */

static int ident(int c)
{
	return isalnum(c) || c == '_' || c == '$' || (c & 0x80);
}

/* Index just past the bracket matching s[i] (open/close), or n. */
static size_t match(const char *s, size_t i, size_t n, char open, char close)
{
	int depth = 0;

	for (; i < n; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			return i + 1;
	}
	return n;
}

/* Length of the operator symbol after "operator" at s[i], spaces kept. */
static size_t operator_len(const char *s, size_t i, size_t n)
{
	size_t j = i;

	while (j < n && s[j] == ' ')
		j++;
	if (j + 1 < n && ((s[j] == '(' && s[j + 1] == ')') ||
			  (s[j] == '[' && s[j + 1] == ']')))
		return j + 2 - i;
	if (j < n && ident((unsigned char)s[j])) {
		/* new, delete, a conversion: "operator bool" */
		while (j < n && ident((unsigned char)s[j]))
			j++;
		if (j + 1 < n && s[j] == '[' && s[j + 1] == ']')
			j += 2;
		return j - i;
	}
	while (j < n && strchr("<>=!+-*/%&|^~,", s[j]) && s[j])
		j++;
	return j - i;
}

static const char *const clone_words[] = {
	"constprop", "isra", "part", "cold", "lto_priv", "localalias",
	"llvm", "clone", "specialized", NULL,
};

/* s[i] is '.': does a GCC/LLVM clone suffix start here? */
static int clone_suffix(const char *s, size_t i, size_t n)
{
	size_t k, l;

	for (k = 0; clone_words[k]; k++) {
		l = strlen(clone_words[k]);
		if (i + 1 + l <= n && !memcmp(s + i + 1, clone_words[k], l) &&
		    (i + 1 + l == n || !isalpha((unsigned char)s[i + 1 + l])))
			return 1;
	}
	return 0;
}

/* After a parameter list: skip " const", " volatile", "&", "&&"... */
static size_t skip_qualifiers(const char *s, size_t i, size_t n)
{
	static const char *const q[] = {
		"const", "volatile", "&&", "&", "noexcept", "override",
		"final", NULL,
	};
	size_t j, k, l;

	for (;;) {
		for (j = i; j < n && s[j] == ' '; j++)
			;
		for (k = 0; q[k]; k++) {
			l = strlen(q[k]);
			if (j + l <= n && !memcmp(s + j, q[k], l) &&
			    (j + l == n || !ident((unsigned char)s[j + l])))
				break;
		}
		if (!q[k])
			return i;
		i = j + l;
	}
}

/* Drop a return type: text before the last top-level space that is not
 * part of "operator new", "(anonymous namespace)" or a ", ". */
static void drop_return_type(struct sig_buf *b)
{
	size_t i, cut = 0;
	int depth = 0;
	char *s = b->s;

	for (i = 0; i < b->len; i++) {
		char c = s[i];

		if (c == '<' || c == '(' || c == '[' || c == '{')
			depth++;
		else if ((c == '>' || c == ')' || c == ']' || c == '}') &&
			 depth > 0)
			depth--;
		else if (c == ' ' && !depth && i > 0 && s[i - 1] != ',' &&
			 !(i >= 8 && !memcmp(s + i - 8, "operator", 8)) &&
			 i + 1 < b->len && s[i + 1] != '[')
			cut = i + 1;
	}
	if (cut) {
		memmove(s, s + cut, b->len - cut + 1);
		b->len -= cut;
	}
}

static const char *const thunks[] = {
	"non-virtual thunk to ", "virtual thunk to ",
	"covariant return thunk to ", "construction vtable for ",
	"{virtual override thunk}", NULL,
};

size_t sig_normalize_function(const char *fn, char *out, size_t cap)
{
	struct sig_buf b = { 0 };
	size_t n, i = 0, j, k;

	if (!fn)
		fn = "";
	n = strlen(fn);
	while (n && isspace((unsigned char)fn[n - 1]))
		n--;
	while (i < n && isspace((unsigned char)fn[i]))
		i++;
	for (k = 0; thunks[k]; k++) {
		j = strlen(thunks[k]);
		if (n - i >= j && !memcmp(fn + i, thunks[k], j))
			i += j;
	}
	while (i < n) {
		char c = fn[i];

		if (c == 'o' && n - i >= 8 && !memcmp(fn + i, "operator", 8) &&
		    (i == 0 || !ident((unsigned char)fn[i - 1])) &&
		    (i + 8 == n || !ident((unsigned char)fn[i + 8]) ||
		     fn[i + 8] == ' ')) {
			j = 8 + operator_len(fn, i + 8, n);
			sig_buf_add(&b, fn + i, j);
			i += j;
		} else if (c == '(' && n - i >= 21 &&
			   !memcmp(fn + i, "(anonymous namespace)", 21)) {
			sig_buf_add(&b, fn + i, 21);
			i += 21;
		} else if (c == '`' && n - i >= 21 &&
			   !memcmp(fn + i, "`anonymous namespace'", 21)) {
			sig_buf_adds(&b, "(anonymous namespace)");
			i += 21;
		} else if (c == '(') {
			i = skip_qualifiers(fn, match(fn, i, n, '(', ')'), n);
		} else if (c == '<') {
			sig_buf_adds(&b, "<T>");
			i = match(fn, i, n, '<', '>');
		} else if (c == '[') {
			/* [clone .cold], [abi:cxx11] */
			i = match(fn, i, n, '[', ']');
		} else if (c == '{' && n - i >= 7 &&
			   !memcmp(fn + i, "{lambda", 7)) {
			sig_buf_adds(&b, "{lambda}");
			i = match(fn, i, n, '{', '}');
		} else if (c == '.' && clone_suffix(fn, i, n)) {
			/* foo.constprop.0, foo.cold: the rest is the clone's */
			for (i++; i < n && (ident((unsigned char)fn[i]) ||
					    fn[i] == '.'); i++)
				;
		} else if (c == '$' && i + 1 < n && fn[i + 1] == '_' &&
			   i + 2 < n && isdigit((unsigned char)fn[i + 2])) {
			/* clang's lambda classes: $_0 */
			sig_buf_adds(&b, "$");
			for (i += 2; i < n && isdigit((unsigned char)fn[i]);
			     i++)
				;
		} else {
			sig_buf_addc(&b, c);
			i++;
		}
	}
	if (b.len)
		drop_return_type(&b);
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	return finish(&b, out, cap);
}

/* ---- messages ---- */

static int hexd(int c)
{
	return isxdigit(c);
}

/* A UUID 8-4-4-4-12 at s? */
static int is_uuid(const char *s, size_t n)
{
	static const int groups[5] = { 8, 4, 4, 4, 12 };
	size_t i = 0;
	int g, k;

	for (g = 0; g < 5; g++) {
		for (k = 0; k < groups[g]; k++, i++)
			if (i >= n || !hexd((unsigned char)s[i]))
				return 0;
		if (g < 4 && (i >= n || s[i++] != '-'))
			return 0;
	}
	return i == n || !isalnum((unsigned char)s[i]);
}

/* Length of the white-space-delimited token at s, trailing punctuation
 * left out. */
static size_t token_len(const char *s, size_t n)
{
	size_t l = 0;

	while (l < n && !isspace((unsigned char)s[l]))
		l++;
	while (l && strchr(".,;:)]}>'\"!?", s[l - 1]))
		l--;
	return l;
}

static int is_email(const char *s, size_t l)
{
	const char *at = memchr(s, '@', l);

	return at && at > s && memchr(at, '.', l - (size_t)(at - s)) &&
	       at[1] != '.' && isalnum((unsigned char)s[l - 1]) &&
	       !memchr(s, '/', l);
}

static int is_path(const char *s, size_t l)
{
	size_t i, seps = 0;

	if (l < 2)
		return 0;
	if (s[0] == '/' || s[0] == '\\' || !memcmp(s, "./", 2) ||
	    !memcmp(s, "~/", 2) || (l >= 3 && !memcmp(s, "../", 3)) ||
	    (l >= 3 && isalpha((unsigned char)s[0]) && s[1] == ':' &&
	     (s[2] == '\\' || s[2] == '/')))
		return 1;
	for (i = 0; i + 2 < l; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	for (i = 0; i < l; i++)
		seps += s[i] == '/' || s[i] == '\\';
	return seps >= 2;
}

/* Can a quote at s[i] open a quoted string? */
static int opens_quote(const char *s, size_t i)
{
	return i == 0 || !isalnum((unsigned char)s[i - 1]);
}

size_t sig_normalize_message(const char *msg, char *out, size_t cap)
{
	struct sig_buf b = { 0 };
	size_t n, i = 0, l;
	int tok_start = 1;

	if (!msg)
		msg = "";
	n = strlen(msg);
	while (i < n) {
		unsigned char c = (unsigned char)msg[i];
		int prev_alnum = i > 0 && isalnum((unsigned char)msg[i - 1]);

		if (isspace(c) || c < 0x20 || c == 0x7f) {
			if (b.len && b.s[b.len - 1] != ' ')
				sig_buf_addc(&b, ' ');
			i++;
			tok_start = 1;
			continue;
		}
		if ((c == '"' || c == '\'' || c == '`') &&
		    opens_quote(msg, i)) {
			const char *q = memchr(msg + i + 1, c, n - i - 1);

			while (q && q + 1 < msg + n &&
			       isalnum((unsigned char)q[1]))
				q = memchr(q + 1, c, (size_t)(msg + n - q - 1));
			if (q) {
				sig_buf_adds(&b, "<str>");
				tok_start = 0;
				i = (size_t)(q - msg) + 1;
				continue;
			}
		}
		if (tok_start && (l = token_len(msg + i, n - i)) &&
		    (is_email(msg + i, l) || is_path(msg + i, l))) {
			sig_buf_adds(&b, is_email(msg + i, l) ? "<email>" :
				     "<path>");
			i += l;
			tok_start = 0;
			continue;
		}
		tok_start = strchr("([{<=,:;", c) != NULL;
		if (!prev_alnum && hexd(c) && is_uuid(msg + i, n - i)) {
			sig_buf_adds(&b, "<uuid>");
			i += 36;
			continue;
		}
		if (!prev_alnum && c == '0' && i + 2 < n &&
		    (msg[i + 1] == 'x' || msg[i + 1] == 'X') &&
		    hexd((unsigned char)msg[i + 2])) {
			for (i += 2; i < n && hexd((unsigned char)msg[i]); i++)
				;
			sig_buf_adds(&b, "<hex>");
			continue;
		}
		if (!prev_alnum && hexd(c)) {
			size_t j = i;
			int digit = 0, alpha = 0;

			for (; j < n && hexd((unsigned char)msg[j]); j++) {
				if (isdigit((unsigned char)msg[j]))
					digit = 1;
				else
					alpha = 1;
			}
			if (j - i >= 8 && digit && alpha &&
			    (j == n || !isalnum((unsigned char)msg[j]))) {
				sig_buf_adds(&b, "<hex>");
				i = j;
				continue;
			}
		}
		if (isalpha(c)) {
			/* a word: digits inside it (utf8, x86) stay */
			while (i < n && isalnum((unsigned char)msg[i]))
				sig_buf_addc(&b, msg[i++]);
			continue;
		}
		if (isdigit(c)) {
			while (i < n && (isdigit((unsigned char)msg[i]) ||
					 ((msg[i] == '.' || msg[i] == ',') &&
					  i + 1 < n &&
					  isdigit((unsigned char)msg[i + 1]))))
				i++;
			sig_buf_adds(&b, "<num>");
			continue;
		}
		sig_buf_addc(&b, (char)c);
		i++;
	}
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	if (b.len > SIG_MESSAGE_MAX) {
		l = SIG_MESSAGE_MAX;
		while (l && ((unsigned char)b.s[l] & 0xc0) == 0x80)
			l--;
		b.len = l;
		b.s[l] = '\0';
	}
	return finish(&b, out, cap);
}

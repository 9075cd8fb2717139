/* SPDX-License-Identifier: MIT */
/*
 * sig_int.h - internals shared by the lib/sig files: a growable string
 * with a sticky out-of-memory flag, and the built-in list texts.
 */
#ifndef SYMKIT_SIG_INT_H
#define SYMKIT_SIG_INT_H

#include <stddef.h>
#include <string.h>

#include "lib/sig/sig.h"

extern const char sig_list_native_sentinel[];
extern const char sig_list_native_skip[];
extern const char sig_list_native_prefix[];
extern const char sig_list_native_end[];
extern const char sig_list_jvm_skip[];
extern const char sig_list_js_skip[];

struct sig_buf {
	char *s;
	size_t len, cap;
	int oom;
};

void sig_buf_add(struct sig_buf *b, const char *s, size_t n);
void sig_buf_addc(struct sig_buf *b, char c);
void sig_buf_adds(struct sig_buf *b, const char *s);
/* Take the string (never NULL unless oom: "" when empty). */
char *sig_buf_take(struct sig_buf *b);
void sig_buf_release(struct sig_buf *b);

/* A borrowed string put in a struct sig_group that is only read (a
 * one-input group, a loaded record): never written nor freed. */
static inline char *sig_borrow(const char *s)
{
	char *r;

	memcpy(&r, &s, sizeof(r));
	return r;
}

/* group.c, for group_state.c: the --distinct field (NULL if none), and
 * merging a group whose strings are borrowed. */
struct sig_groups;
struct sig_group;
const char *sig_groups_distinct_field(const struct sig_groups *g);
int sig_groups_merge_group(struct sig_groups *g, const struct sig_group *s);

#endif

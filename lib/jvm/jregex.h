/* SPDX-License-Identifier: MIT */
/*
 * jregex.h - a small backtracking matcher for the subset of Java regular
 * expressions that R8 retrace patterns use: literals and escapes, `.`,
 * classes ([a-z], [^...], \d \s \w \p{L} \p{N} \p{Z} \p{Sc}
 * \p{javaJavaIdentifierStart} \p{javaJavaIdentifierPart}), groups
 * ( ), (?: ), (?<name> ), look-ahead (?= ) (?! ), alternation, greedy and
 * lazy quantifiers (* + ? {n,m}), anchors ^ $ \b \B.
 *
 * Input is bytes: a byte >= 0x80 (UTF-8 lead or continuation) counts as
 * a letter, so non-ASCII identifiers match \p{L} and Java identifier
 * classes byte by byte.  Matching is Java's Matcher.matches(): the whole
 * input.  A step budget turns pathological backtracking into "no match".
 */
#ifndef SYMKIT_JREGEX_H
#define SYMKIT_JREGEX_H

#include <stddef.h>

struct jre;

/*
 * Compile; NULL on a syntax error (message in err, if given) or ENOMEM.
 * A compiled pattern keeps its matching scratch space: use one struct jre
 * from one thread at a time.
 */
struct jre *jre_compile(const char *pattern, char *err, size_t errlen);
void jre_free(struct jre *re);

/* Number of capture groups (group 0, the whole match, not counted). */
int jre_ngroups(const struct jre *re);
/* Group number of a named group, or -1. */
int jre_group_index(const struct jre *re, const char *name);

/*
 * Full match of s[0..len).  On success returns 1 and fills caps[2*g],
 * caps[2*g+1] (start, end; -1 when the group took no part) for groups
 * 1..ngroups (caps must hold 2 * (ngroups + 1) entries).  Returns 0 on
 * no match or when the step budget ran out.
 */
int jre_match(const struct jre *re, const char *s, size_t len, long *caps);

#endif

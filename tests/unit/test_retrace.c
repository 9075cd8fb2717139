/* SPDX-License-Identifier: MIT */
/*
 * test_retrace.c - the Java regex matcher, the mapping index (laziness,
 * metadata), the retrace library call (kinds, candidates, frames) and
 * allocation failures, on the R8 suite's mappings in testdata/.
 */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/jvm/jregex.h"
#include "lib/jvm/maphash.h"
#include "lib/jvm/retrace.h"
#include "symfmt/proguard.h"
#include "unit.h"

static int full(const char *re, const char *s)
{
	struct jre *r = jre_compile(re, NULL, 0);
	long caps[2 * 16];
	int ok;

	if (!r)
		return -1;
	ok = jre_ngroups(r) < 15 && jre_match(r, s, strlen(s), caps);
	jre_free(r);
	return ok;
}

static void test_regex(void)
{
	struct jre *r;
	long caps[2 * 8];
	char err[64];

	CHECK(full("a.c", "abc") == 1);
	CHECK(full("a.c", "abcd") == 0);	/* whole input */
	CHECK(full("(?:ab|a)c", "ac") == 1);
	CHECK(full("[^:]*:\\d+", "Foo.java:12") == 1);
	CHECK(full("\\bat\\s+x", "at  x") == 1);
	CHECK(full(".*\\bat x", "cat x") == 0);
	CHECK(full("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*",
		   "$r8$lambda0") == 1);
	CHECK(full("\\p{L}+", "Bl\xc3\xa5" "b\xc3\xa6" "r") == 1);
	CHECK(full("x\\p{Z}*", "x \xc2\xa0") == 1);
	CHECK(full("a{2,3}", "aaa") == 1);
	CHECK(full("a{2,3}", "aaaa") == 0);
	CHECK(full("(?=ab)a.", "ab") == 1);
	CHECK(full("(?!ab)a.", "ab") == 0);
	CHECK(full("\\<init\\>", "<init>") == 1);
	/* exponential backtracking ends at the step budget */
	CHECK(full("(a*)*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac") == 0);
	CHECK(!jre_compile("(a", err, sizeof(err)));
	CHECK(!strcmp(err, "unclosed group"));
	CHECK(!jre_compile("(?<=a)b", NULL, 0));
	CHECK(!jre_compile("[a", NULL, 0));
	/* lazy vs greedy and named groups */
	r = jre_compile("(?<x>.*?)(?<y>b.*)", NULL, 0);
	CHECK(r && jre_match(r, "aabab", 5, caps));
	CHECK(r && caps[2 * jre_group_index(r, "x") + 1] == 2);
	jre_free(r);
	r = jre_compile("(?<x>.*)(?<y>b.*)", NULL, 0);
	CHECK(r && jre_match(r, "aabab", 5, caps));
	CHECK(r && caps[2 * jre_group_index(r, "x") + 1] == 4);
	jre_free(r);
	r = jre_compile("(?:(x)|y)z", NULL, 0);
	CHECK(r && jre_match(r, "yz", 2, caps) && caps[2] == -1);
	jre_free(r);
}

static const char MAP[] =
	"\xef\xbb\xbf"
	"# {'id':'com.android.tools.r8.mapping','version':'2.2'}\r\n"
	"com.example.Foo -> a:\r\n"
	"# {\"id\":\"sourceFile\",\"fileName\":\"Foo.kt\"}\n"
	"\tint count -> a\n"
	"    1:2:void inner(int, int):10:11 -> a\n"
	"    1:2:void outer():20 -> a\n"
	"    3:3:void other():30:30 -> a\n"
	"  void plain() -> b\n"
	"    this line is bad\n"
	"com.example.Bar -> b:\n"
	"    1:1:void x():5 -> x\n"
	"not a class line\n"
	"com.example.Baz -> c:";

static unsigned long warnings;

static void warn(void *ctx, const struct sym_diag *d, uint64_t off,
		 unsigned long line, const char *msg)
{
	(void)ctx;
	(void)d;
	(void)off;
	(void)msg;
	if (line)
		warnings++;
}

static void test_map(void)
{
	struct pg_map *m;
	struct pg_class *c;
	struct jvm_retrace *rt;
	struct jvm_line l = { 0 };
	struct sym_diag d;
	char err[64];
	const char *t;

	sym_diag_init(&d, "map");
	d.warn = warn;
	CHECK(symfmt_proguard_index(&m, MAP, sizeof(MAP) - 1, &d, NULL,
				    NULL) == SYM_OK);
	if (!m)
		return;
	CHECK(warnings == 1);	/* "not a class line" */
	CHECK(pg_class_count(m) == 3);
	CHECK(m->map_version && !strcmp(m->map_version, "2.2"));
	CHECK(pg_parsed_classes(m) == 0);
	CHECK(pg_find_class(m, "c", 1) != NULL);
	CHECK(pg_find_class(m, "d", 1) == NULL);
	c = pg_find_class(m, "a", 1);
	CHECK(c && c->orig_len == 15 &&
	      !memcmp(c->orig, "com.example.Foo", 15));
	CHECK(c && pg_class_members(m, c) == SYM_OK && c->nmembers == 5);
	CHECK(warnings == 2);	/* "this line is bad", reported when parsed */
	CHECK(c && c->source_file && !strcmp(c->source_file, "Foo.kt"));
	CHECK(pg_parsed_classes(m) == 1);

	CHECK(jvm_retrace_new(&rt, m, NULL, 0, err, sizeof(err)) == SYM_OK);
	CHECK(jvm_retrace_line(rt, "x.Y: a", 6, &l) == SYM_OK);
	CHECK(l.kind == JVM_LINE_HEADER && !l.mapped);
	CHECK(jvm_retrace_line(rt, "a: boom", 7, &l) == SYM_OK);
	CHECK(l.kind == JVM_LINE_HEADER && l.mapped);
	CHECK(!strcmp(l.exception, "com.example.Foo") &&
	      !strcmp(l.message, "boom"));
	CHECK(l.text_len == 22 &&
	      !memcmp(l.text, "com.example.Foo: boom\n", 22));
	t = "\tat a.a(SourceFile:2)";
	CHECK(jvm_retrace_line(rt, t, strlen(t), &l) == SYM_OK);
	CHECK(l.kind == JVM_LINE_FRAME && l.nalts == 1 && l.nframes == 2);
	CHECK(l.nframes == 2 && !strcmp(l.frames[0].function, "inner") &&
	      l.frames[0].line == 11 && l.frames[0].inlined &&
	      !strcmp(l.frames[0].file, "Foo.kt") &&
	      !strcmp(l.frames[1].function, "outer") &&
	      l.frames[1].line == 20 && !l.frames[1].inlined &&
	      !strcmp(l.frames[1].class_name, "com.example.Foo"));
	t = "\tat a.b(Unknown Source)";
	CHECK(jvm_retrace_line(rt, t, strlen(t), &l) == SYM_OK);
	CHECK(l.nalts == 1 && !strcmp(l.frames[0].function, "plain"));
	t = "\tat a.z(SourceFile:3)";	/* unknown method: class only */
	CHECK(jvm_retrace_line(rt, t, strlen(t), &l) == SYM_OK);
	CHECK(l.nframes == 1 && !strcmp(l.frames[0].function, "z") &&
	      l.frames[0].line == 3);
	CHECK(strstr(l.text, "com.example.Foo.z(Foo.kt:3)") != NULL);
	CHECK(jvm_retrace_line(rt, "nothing here", 12, &l) == SYM_OK);
	CHECK(l.kind == JVM_LINE_OTHER && l.text_len == 13);
	jvm_line_release(&l);
	jvm_retrace_free(rt);
	CHECK(jvm_retrace_new(&rt, m, "%c(", 0, err, sizeof(err)) ==
	      SYM_EFORMAT);
	symfmt_proguard_free(m);
}

/* Allocation n fails, for each n: an error code, no crash, no leak. */
static void test_alloc_fail(void)
{
	const char *t = "\tat a.a(SourceFile:1)";
	unsigned long n;
	int ok = 1;

	for (n = 1; n < 400; n++) {
		struct pg_map *m = NULL;
		struct jvm_retrace *rt = NULL;
		struct jvm_line l = { 0 };
		char err[64];
		int e;

		sym_alloc_fail_at(n);
		e = symfmt_proguard_index(&m, MAP, sizeof(MAP) - 1, NULL,
					  NULL, NULL);
		if (!e)
			e = jvm_retrace_new(&rt, m, NULL, JVM_VERBOSE, err,
					    sizeof(err));
		if (!e)
			e = jvm_retrace_line(rt, t, strlen(t), &l);
		if (e && e != SYM_ENOMEM && e != SYM_EFORMAT)
			ok = 0;
		jvm_line_release(&l);
		jvm_retrace_free(rt);
		symfmt_proguard_free(m);
		sym_alloc_fail_at(0);
		if (!e)
			break;
	}
	CHECK(ok);
	CHECK(n < 400);
}

static void test_hash(void)
{
	struct sym_map m;
	char msg[200];

	CHECK(sym_map_file(TESTDATA "retrace/verify-hash-ok/mapping.txt", &m,
			   NULL) == SYM_OK);
	CHECK(jvm_verify_map_hash((const char *)m.data, m.len, msg,
				  sizeof(msg)) == 0);
	sym_unmap(&m);
	CHECK(sym_map_file(TESTDATA "retrace/verify-hash-bad/mapping.txt", &m,
			   NULL) == SYM_OK);
	CHECK(jvm_verify_map_hash((const char *)m.data, m.len, msg,
				  sizeof(msg)) == -1);
	sym_unmap(&m);
	CHECK(jvm_verify_map_hash("a -> b:\n", 8, msg, sizeof(msg)) == -1);
}

int main(void)
{
	test_regex();
	test_map();
	test_alloc_fail();
	test_hash();
	return unit_done("test_retrace");
}

/* SPDX-License-Identifier: MIT */
/*
 * test_jstrace.c - stack-trace parsing and rewriting against the
 * reference traces: every frame of traces/<case>/frames*.jsonl (Node's
 * own err.stack, mozilla source-map's positions, the scope and callsite
 * names) and the frames of `node --enable-source-maps` output, for each
 * case under testdata/sourcemap/traces and testdata/sourcemap/own.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/js/trace.h"
#include "tests/unit/unit.h"

static json_object *get(json_object *o, const char *k)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, k, &v);
	return v;
}

static const char *str(json_object *o, const char *k)
{
	json_object *v = get(o, k);

	return v && json_object_is_type(v, json_type_string) ?
		json_object_get_string(v) : NULL;
}

static const char *map_dir;	/* when set: maps from here, no bundles */

static struct sym_js_trace *resolve(const char *dir, const char *file,
				    struct sym_js_resolver **r)
{
	char path[1024];
	struct sym_map m;
	struct sym_js_trace *t = NULL;
	const char *dirs[1] = { map_dir ? map_dir : dir };

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (sym_map_file(path, &m, NULL))
		return NULL;
	CHECK(!sym_js_trace_parse((const char *)m.data, m.len, &t));
	sym_unmap(&m);
	CHECK(!sym_js_resolver_new(dirs, 1, r));
	CHECK(!sym_js_trace_resolve(t, *r));
	return t;
}

static int ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

/* The last path segments of a source ("../../src/a/x.js" -> "src/a/x.js"). */
static const char *tail_of(const char *src)
{
	while (!strncmp(src, "../", 3) || !strncmp(src, "./", 2))
		src += src[1] == '/' ? 2 : 3;
	return src;
}

/* frames.jsonl: each frame's position and name. */
static void check_frames(const char *dir, const char *raw, const char *jsonl)
{
	struct sym_js_resolver *r = NULL;
	struct sym_js_trace *t = resolve(dir, raw, &r);
	char path[1024], line[8192];
	FILE *f;
	unsigned long good = 0, rows = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, jsonl);
	f = fopen(path, "r");
	if (!t || !f) {
		CHECK(t && f);
		goto out;
	}
	while (fgets(line, sizeof(line), f)) {
		json_object *o = json_tokener_parse(line);
		json_object *exp = get(o, "expect");
		size_t idx = (size_t)json_object_get_int(get(o, "text_line"));
		const struct sym_js_line *l;
		const char *want;
		int ok;

		/* text_line is 1-based over the input; excerpts fold two */
		for (l = NULL; idx && !l;) {
			size_t i, k = 0;

			for (i = 0; i < t->n; i++) {
				k += t->lines[i].kind == SYM_JS_EXCERPT ? 3 : 1;
				if (k >= idx) {
					l = &t->lines[i];
					break;
				}
			}
			break;
		}
		rows++;
		if (!l) {
			CHECK(l != NULL);
			json_object_put(o);
			continue;
		}
		if (!json_object_get_boolean(get(o, "resolvable")) || !exp) {
			ok = !l->resolved;
		} else {
			want = str(o, "scope_name");
			if (!want)
				want = str(o, "callsite_name_from_next_frame");
			if (!want)
				want = str(o, "fn");
			ok = l->resolved &&
			     l->orig.line == (uint32_t)json_object_get_int(get(exp, "line")) &&
			     l->orig.column == (uint32_t)json_object_get_int(get(exp, "column1")) &&
			     (ends_with(l->orig.file, tail_of(str(exp, "raw_source"))) ||
			      ends_with(l->orig.file, tail_of(str(exp, "source")))) &&
			     ((!want && !l->orig.function) ||
			      (want && l->orig.function &&
			       !strcmp(want, l->orig.function)));
		}
		if (!ok)
			fprintf(stderr, "%s/%s: frame %s: got %s %s:%u:%u\n",
				dir, jsonl, str(o, "raw"),
				l->orig.function ? l->orig.function : "-",
				l->orig.file ? l->orig.file : "-",
				l->orig.line, l->orig.column);
		CHECK(ok);
		good += ok;
		json_object_put(o);
	}
	printf("%s/%s: %lu of %lu frames as expected\n", dir, jsonl, good,
	       rows);
out:
	if (f)
		fclose(f);
	sym_js_trace_free(t);
	sym_js_resolver_free(r);
}

/*
 * node --enable-source-maps: every frame Node resolved has the same
 * file, line and column in ours (names may differ: ours come from the
 * enclosing scope).
 */
static void check_node(const char *dir, const char *raw, const char *node)
{
	struct sym_js_resolver *r = NULL, *r2 = NULL;
	struct sym_js_trace *t = resolve(dir, raw, &r);
	struct sym_js_trace *n = resolve(dir, node, &r2);
	size_t i, k, good = 0, frames = 0;

	if (!t || !n) {
		CHECK(t && n);
		goto out;
	}
	for (i = 0, k = 0; i < t->n && k < n->n; i++, k++) {
		const struct sym_js_line *a = &t->lines[i], *b = &n->lines[k];
		int ok;

		if (a->kind != SYM_JS_FRAME)
			continue;
		if (b->kind != SYM_JS_FRAME) {
			CHECK(b->kind == SYM_JS_FRAME);
			break;
		}
		frames++;
		if (!a->resolved && b->raw.line && strcmp(a->text, b->text)) {
			/* Node maps some unmapped places (past the last
			 * segment, 1-field segments) that mozilla does not */
			printf("%s/%s: node alone maps %s\n", dir, raw,
			       b->text);
			ok = 1;
		} else if (!a->resolved) {
			ok = !strcmp(a->text, b->text);
		} else {
			ok = a->orig.line == b->raw.line &&
			     a->orig.column == b->raw.column &&
			     !strcmp(a->orig.file, b->raw.file);
		}
		if (!ok)
			fprintf(stderr, "%s/%s: %s vs node %s\n", dir, raw,
				a->text, b->text);
		CHECK(ok);
		good += ok;
	}
	printf("%s/%s: %zu of %zu frames where node puts them\n", dir, raw,
	       good, frames);
out:
	sym_js_trace_free(t);
	sym_js_trace_free(n);
	sym_js_resolver_free(r);
	sym_js_resolver_free(r2);
}

static int exists(const char *dir, const char *f)
{
	char path[2048];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, f);
	if (!(fp = fopen(path, "r")))
		return 0;
	fclose(fp);
	return 1;
}

static void cases(const char *top)
{
	struct dirent **ents;
	int i, n = scandir(top, &ents, NULL, alphasort);

	for (i = 0; i < n; i++) {
		char dir[512];

		snprintf(dir, sizeof(dir), "%.200s/%.200s", top,
			 ents[i]->d_name);
		if (ents[i]->d_name[0] != '.') {
			if (exists(dir, "frames.jsonl"))
				check_frames(dir, "raw.txt", "frames.jsonl");
			if (exists(dir, "frames-uncaught.jsonl"))
				check_frames(dir, "raw-uncaught.txt",
					     "frames-uncaught.jsonl");
			if (exists(dir, "node-expected.txt"))
				check_node(dir, "raw.txt", "node-expected.txt");
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

static void parsing(void)
{
	static const char text[] =
		"TypeError: x is not a function\n"
		"    at async Foo.bar [as baz] (file:///a/b.js:10:20)\n"
		"    at new Thing (http://h/x.js:1:2)\n"
		"    at eval (eval at run (/a.js:1:1), <anonymous>:1:1)\n"
		"    at /a/c.js:3:4\n"
		"    at Array.map (<anonymous>)\n"
		"f/<@https://e.com/a.js:5:6\n"
		"map@[native code]\n";
	struct sym_js_trace *t;

	CHECK(!sym_js_trace_parse(text, sizeof(text) - 1, &t));
	CHECK(t->n == 8);
	CHECK(t->nframes == 4);
	CHECK(!strcmp(t->error_type, "TypeError"));
	CHECK(!strcmp(t->message, "x is not a function"));
	CHECK(t->lines[1].kind == SYM_JS_FRAME);
	CHECK(!strcmp(t->lines[1].qualifier, "async "));
	CHECK(!strcmp(t->lines[1].raw.function, "Foo.bar [as baz]"));
	CHECK(!strcmp(t->lines[1].raw.file, "file:///a/b.js"));
	CHECK(t->lines[1].raw.line == 10 && t->lines[1].raw.column == 20);
	CHECK(!strcmp(t->lines[2].qualifier, "new "));
	CHECK(t->lines[3].kind == SYM_JS_TEXT);
	CHECK(t->lines[4].raw.function == NULL);
	CHECK(t->lines[5].kind == SYM_JS_TEXT);
	CHECK(t->lines[6].style == SYM_JS_GECKO);
	CHECK(!strcmp(t->lines[6].raw.function, "f/<"));
	CHECK(t->lines[7].kind == SYM_JS_TEXT);
	sym_js_trace_free(t);
}

/* Lines that are not rewritten come back byte for byte. */
static void passthrough(void)
{
	static const char text[] =
		"Error: a\0b\r\n"
		"    at f (/a.js:1:2)\r\n"
		"\xff\xfe\r\r\n"
		"\r\n"
		"x\0y";
	struct sym_js_trace *t;
	char *s, *all = NULL;
	size_t i, len, n = 0;

	CHECK(!sym_js_trace_parse(text, sizeof(text) - 1, &t));
	CHECK(t->n == 5);
	CHECK(t->lines[1].kind == SYM_JS_FRAME);
	CHECK(!strcmp(t->lines[1].eol, "\r\n"));
	CHECK(!strcmp(t->lines[4].eol, ""));
	for (i = 0; i < t->n; i++) {
		CHECK((s = sym_js_line_render(&t->lines[i], &len)) != NULL);
		if (!s)
			break;
		all = realloc(all, n + len);
		memcpy(all + n, s, len);
		n += len;
		sym_free(s);
	}
	CHECK(n == sizeof(text) - 1 && !memcmp(all, text, n));
	free(all);
	sym_js_trace_free(t);
}

static void allocfail(void)
{
	const char *dir = TESTDATA "sourcemap/traces/esbuild-cjs-nested";
	char path[1024];
	struct sym_map m;
	unsigned long n;
	int clean = 1;

	snprintf(path, sizeof(path), "%s/raw-uncaught.txt", dir);
	if (sym_map_file(path, &m, NULL))
		return;
	for (n = 1; n < 400; n++) {
		struct sym_js_trace *t = NULL;
		struct sym_js_resolver *r = NULL;
		int err;

		sym_alloc_fail_at(n);
		err = sym_js_trace_parse((const char *)m.data, m.len, &t);
		if (!err)
			err = sym_js_resolver_new(&dir, 1, &r);
		if (!err)
			err = sym_js_trace_resolve(t, r);
		if (err && err != SYM_ENOMEM)
			clean = 0;
		sym_js_trace_free(t);
		sym_js_resolver_free(r);
	}
	sym_alloc_fail_at(0);
	CHECK(clean);
	sym_unmap(&m);
}

int main(void)
{
	parsing();
	passthrough();
	cases(TESTDATA "sourcemap/traces");
	cases(TESTDATA "sourcemap/own");
	/* without the bundle: names from the original sources */
	map_dir = TESTDATA "smap-resolve/trace-map-only/maps";
	check_frames(TESTDATA "sourcemap/traces/esbuild-cjs-nested", "raw.txt",
		     "frames.jsonl");
	check_frames(TESTDATA "sourcemap/traces/esbuild-cjs-nested",
		     "raw-uncaught.txt", "frames-uncaught.jsonl");
	map_dir = NULL;
	allocfail();
	return unit_done("test_jstrace");
}

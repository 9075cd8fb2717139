/* SPDX-License-Identifier: MIT */
/*
 * test_sourcemap.c - the source-map parser and lookup against
 *  - the 99 tests of the tc39 conformance suite (validity, checkMapping,
 *    checkMappingTransitive, checkIgnoreList);
 *  - every expected lookup of the realworld cases (made by mozilla
 *    source-map 0.7.6, both biases);
 *  - the json-c parser of record: the targeted scanner must build the
 *    same map as a whole-document json-c parse, for every map here;
 *  - allocation failures (every n-th allocation fails cleanly).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "symfmt/sourcemap.h"
#include "tests/unit/unit.h"

#define TC39 TESTDATA "sourcemap/tc39/"

static int streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static struct sym_smap *load(const char *path, unsigned flags,
			     struct sym_map *mm, int *err)
{
	struct sym_smap *m = NULL;
	struct sym_diag d;

	sym_diag_init(&d, path);
	if (sym_map_file(path, mm, NULL)) {
		*err = SYM_EIO;
		return NULL;
	}
	*err = symfmt_sourcemap_parse(&m, (const char *)mm->data, mm->len,
				      flags, &d);
	if (*err && getenv("SMAP_VERBOSE"))
		fprintf(stderr, "%s: %s\n", path, d.msg);
	return m;
}

/* The scanner and json-c must agree on everything a map holds. */
static int same_map(struct sym_smap *a, struct sym_smap *b)
{
	size_t i, j;

	if (a->nsources != b->nsources || a->nnames != b->nnames ||
	    a->nsections != b->nsections || !streq(a->file, b->file) ||
	    !streq(a->source_root, b->source_root) ||
	    !streq(a->debug_id, b->debug_id) || a->is_index != b->is_index)
		return 0;
	for (i = 0; i < a->nsources; i++) {
		const struct sym_smap_source *x = &a->sources[i];
		const struct sym_smap_source *y = &b->sources[i];

		if (!streq(x->raw, y->raw) || !streq(x->url, y->url) ||
		    x->has_content != y->has_content ||
		    x->ignored != y->ignored)
			return 0;
	}
	for (i = 0; i < a->nnames; i++)
		if (!streq(a->names[i], b->names[i]))
			return 0;
	if (symfmt_sourcemap_decode(a, NULL) || symfmt_sourcemap_decode(b, NULL))
		return 0;
	for (i = 0; i < a->nsections; i++) {
		const struct sym_smap_section *x = &a->sections[i];
		const struct sym_smap_section *y = &b->sections[i];

		if (x->line != y->line || x->col != y->col ||
		    x->nsegs != y->nsegs || x->nlines != y->nlines)
			return 0;
		for (j = 0; j < x->nsegs; j++)
			if (memcmp(&x->segs[j], &y->segs[j], sizeof(x->segs[j])))
				return 0;
	}
	return 1;
}

static unsigned long compared, once_checked;

/* One-shot lookups (prefix decode + count) answer as full ones. */
static void check_once(struct sym_smap *full, const char *buf, size_t len)
{
	uint32_t line, col;
	int bias;

	for (line = 0; line < 6; line++)
		for (col = 0; col < 70; col += 3)
			for (bias = 0; bias < 2; bias++) {
				struct sym_smap *m;
				struct sym_smap_pos p, q;

				if (symfmt_sourcemap_parse(&m, buf, len, 0, NULL))
					return;
				symfmt_sourcemap_lookup(full, line, col, bias, &p,
							NULL);
				symfmt_sourcemap_lookup_once(m, line, col, bias,
							     &q, NULL);
				CHECK(p.found == q.found && p.src == q.src &&
				      p.line == q.line && p.col == q.col &&
				      p.name == q.name);
				once_checked++;
				symfmt_sourcemap_free(m);
			}
}

static void check_both(const char *path)
{
	struct sym_map ma, mb;
	struct sym_smap *a, *b;
	int ea, eb;

	a = load(path, SYM_SMAP_EAGER, &ma, &ea);
	b = load(path, SYM_SMAP_EAGER | SYM_SMAP_JSONC, &mb, &eb);
	if (!!ea != !!eb)
		fprintf(stderr, "scanner/json-c disagree on %s\n", path);
	CHECK(!!ea == !!eb);
	if (!ea && !eb) {
		CHECK(same_map(a, b));
		compared++;
		if (ma.len < 100000)
			check_once(a, (const char *)ma.data, ma.len);
	}
	symfmt_sourcemap_free(a);
	symfmt_sourcemap_free(b);
	sym_unmap(&ma);
	sym_unmap(&mb);
}

static const char *src_name(struct sym_smap *m, uint32_t src)
{
	if (src == SYM_SMAP_NONE || src >= m->nsources)
		return NULL;
	return m->sources[src].url;
}

static json_object *get(json_object *o, const char *k)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, k, &v);
	return v;
}

static int check_action(json_object *act, struct sym_smap *m,
			const char *dir)
{
	const char *type = json_object_get_string(get(act, "actionType"));
	struct sym_smap_pos p;
	const char *want_src;
	json_object *ol, *oc, *nm;
	struct sym_smap *cur = m, *own = NULL;
	struct sym_map mm = { 0 };
	const char *src;
	int ok;

	if (!strcmp(type, "checkIgnoreList")) {
		json_object *pr = get(act, "present");
		size_t i, k, n = json_object_array_length(pr), hits = 0;

		for (i = 0; i < n; i++) {
			const char *s = json_object_get_string(
				json_object_array_get_idx(pr, i));

			for (k = 0; k < m->nsources; k++)
				if (m->sources[k].ignored &&
				    (streq(m->sources[k].raw, s) ||
				     streq(m->sources[k].url, s)))
					hits++;
		}
		return hits == n;
	}
	if (symfmt_sourcemap_lookup(m,
			(uint32_t)json_object_get_int(get(act, "generatedLine")),
			(uint32_t)json_object_get_int(get(act, "generatedColumn")),
			SYM_SMAP_GLB, &p, NULL))
		return 0;
	if (!strcmp(type, "checkMappingTransitive")) {
		json_object *im = get(act, "intermediateMaps");
		size_t i, n = json_object_array_length(im);

		for (i = 0; i < n && p.found; i++) {
			char path[512];
			int err;

			snprintf(path, sizeof(path), "%s%s", dir,
				 json_object_get_string(
					 json_object_array_get_idx(im, i)));
			symfmt_sourcemap_free(own);
			sym_unmap(&mm);
			own = load(path, 0, &mm, &err);
			if (err)
				return 0;
			cur = own;
			symfmt_sourcemap_lookup(cur, p.line, p.col,
						SYM_SMAP_GLB, &p, NULL);
		}
	}
	want_src = json_object_get_string(get(act, "originalSource"));
	ol = get(act, "originalLine");
	oc = get(act, "originalColumn");
	nm = get(act, "mappedName");
	src = p.found ? src_name(cur, p.src) : NULL;
	if (!ol) {
		ok = !p.found;
	} else {
		ok = p.found && streq(src, want_src) &&
		     p.line == (uint32_t)json_object_get_int(ol) &&
		     p.col == (uint32_t)json_object_get_int(oc) &&
		     streq(p.name == SYM_SMAP_NONE ? NULL :
			   cur->names[p.name],
			   nm ? json_object_get_string(nm) : NULL);
	}
	symfmt_sourcemap_free(own);
	sym_unmap(&mm);
	return ok;
}

static void tc39(void)
{
	json_object *root = json_object_from_file(TC39
						  "source-map-spec-tests.json");
	json_object *tests = get(root, "tests");
	size_t i, n = json_object_array_length(tests), good = 0;

	CHECK(n == 99);
	for (i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(tests, i);
		const char *file = json_object_get_string(get(t, "sourceMapFile"));
		int valid = json_object_get_boolean(get(t, "sourceMapIsValid"));
		json_object *acts = get(t, "testActions");
		char path[512];
		struct sym_map mm;
		struct sym_smap *m;
		int err, ok;

		snprintf(path, sizeof(path), TC39 "resources/%s", file);
		m = load(path, SYM_SMAP_EAGER, &mm, &err);
		ok = valid ? !err : err == SYM_EFORMAT;
		if (ok && acts) {
			size_t k, na = json_object_array_length(acts);

			for (k = 0; k < na; k++)
				if (!check_action(json_object_array_get_idx(acts, k),
						  m, TC39 "resources/"))
					ok = 0;
		}
		if (!ok)
			fprintf(stderr, "tc39 %s failed\n",
				json_object_get_string(get(t, "name")));
		CHECK(ok);
		good += ok;
		symfmt_sourcemap_free(m);
		sym_unmap(&mm);
		check_both(path);
	}
	printf("tc39: %zu of %zu conformance tests pass\n", good, n);
	json_object_put(root);
}

static void realworld(const char *top, const char *dir, const char *map)
{
	char path[512], line[4096];
	struct sym_map mm;
	struct sym_smap *m, *once;
	FILE *f;
	int err;
	unsigned long rows = 0, good = 0;

	snprintf(path, sizeof(path), "%s/%s/%s", top, dir, map);
	m = load(path, 0, &mm, &err);
	CHECK(!err);
	if (err)
		return;
	check_both(path);
	snprintf(path, sizeof(path), "%s/%s/positions.jsonl", top, dir);
	f = fopen(path, "r");
	CHECK(f != NULL);
	while (f && fgets(line, sizeof(line), f)) {
		json_object *o = json_tokener_parse(line);
		json_object *exp = get(o, "expect");
		enum sym_smap_bias bias =
			!strcmp(json_object_get_string(get(o, "bias")), "LUB") ?
			SYM_SMAP_LUB : SYM_SMAP_GLB;
		uint32_t l = (uint32_t)json_object_get_int(get(o, "line")) - 1;
		uint32_t c = (uint32_t)json_object_get_int(get(o, "column"));
		struct sym_smap_pos p, q;
		int ok;

		symfmt_sourcemap_lookup(m, l, c, bias, &p, NULL);
		if (!exp) {
			ok = !p.found;
		} else {
			const char *name = get(exp, "name") ?
				json_object_get_string(get(exp, "name")) : NULL;

			ok = p.found &&
			     p.line + 1 == (uint32_t)json_object_get_int(get(exp, "line")) &&
			     p.col == (uint32_t)json_object_get_int(get(exp, "column")) &&
			     p.src == (uint32_t)json_object_get_int(get(exp, "source_index")) &&
			     (streq(m->sources[p.src].url,
				    json_object_get_string(get(exp, "source"))) ||
			      streq(m->sources[p.src].raw,
				    json_object_get_string(get(exp, "raw_source")))) &&
			     streq(p.name == SYM_SMAP_NONE ? NULL :
				   m->names[p.name], name);
		}
		/* the one-shot path must give the same answer */
		if (rows % 50 == 0) {
			struct sym_map m2;

			snprintf(path, sizeof(path), "%s/%s/%s", top, dir,
				 map);
			once = load(path, 0, &m2, &err);
			symfmt_sourcemap_lookup_once(once, l, c, bias, &q, NULL);
			CHECK(q.found == p.found && (!p.found ||
			      (q.src == p.src && q.line == p.line &&
			       q.col == p.col && q.name == p.name)));
			symfmt_sourcemap_free(once);
			sym_unmap(&m2);
		}
		if (!ok && getenv("SMAP_VERBOSE"))
			fprintf(stderr, "%s: %s", dir, line);
		CHECK(ok);
		good += ok;
		rows++;
		json_object_put(o);
	}
	if (f)
		fclose(f);
	printf("realworld %s: %lu of %lu lookups as mozilla\n", dir, good,
	       rows);
	symfmt_sourcemap_free(m);
	sym_unmap(&mm);
}

/* Our own bundles: tests/gen/smap-cases.sh made them and their lookups. */
static void own(const char *top)
{
	struct dirent **ents;
	int i, n = scandir(top, &ents, NULL, alphasort);

	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.')
			realworld(top, ents[i]->d_name, "app.js.map");
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

/* Every other map in testdata: scanner and json-c agree. */
static void all_maps(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d || depth > 4) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char path[1024];
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR)
			all_maps(path, depth + 1);
		else if (n > 4 && !strcmp(e->d_name + n - 4, ".map") &&
			 strstr(dir, "tc39/resources") == NULL)
			check_both(path);
	}
	closedir(d);
}

static void urls(void)
{
	static const char *const cases[][3] = {
		{ NULL, "../src/a.js", "../src/a.js" },
		{ NULL, "./a.js", "a.js" },
		{ NULL, "a/../../b.js", "../b.js" },
		{ NULL, "webpack://App/../node_modules/x.js",
		  "webpack://App/node_modules/x.js" },
		{ NULL, "webpack://App/webpack/runtime/make namespace object",
		  "webpack://App/webpack/runtime/make%20namespace%20object" },
		{ "theroot", "a.js", "theroot/a.js" },
		{ "theroot/", "/a.js", "theroot/a.js" },
		{ "http://x.com/r", "../a.js", "http://x.com/a.js" },
		{ "/r/", "a.js", "/r/a.js" },
		{ NULL, "/baz/quux/a.js", "/baz/quux/a.js" },
		{ NULL, "HTTP://Ex.com", "http://ex.com/" },
		{ NULL, "a\\b.js", "a/b.js" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = symfmt_sourcemap_join_url(cases[i][0], cases[i][1]);

		if (!streq(r, cases[i][2]))
			fprintf(stderr, "join(%s, %s) = %s\n", cases[i][0],
				cases[i][1], r);
		CHECK(streq(r, cases[i][2]));
		sym_free(r);
	}
	{
		char *r = symfmt_sourcemap_resolve(
			"/app/x/dist/app.min.js.map", "../../src/a/v.js");

		CHECK(streq(r, "/app/src/a/v.js"));
		sym_free(r);
		r = symfmt_sourcemap_resolve("https://e.com/assets/a.js",
					     "../../src/v.js");
		CHECK(streq(r, "https://e.com/src/v.js"));
		sym_free(r);
	}
}

static void allocfail(void)
{
	const char *path = TC39 "resources/index-map-two-concatenated-sources.js.map";
	struct sym_map mm;
	unsigned long n;
	int clean = 1;

	if (sym_map_file(path, &mm, NULL))
		return;
	for (n = 1; n < 200; n++) {
		struct sym_smap *m = NULL;
		struct sym_smap_pos p;
		int err;

		sym_alloc_fail_at(n);
		err = symfmt_sourcemap_parse(&m, (const char *)mm.data, mm.len,
					     SYM_SMAP_EAGER, NULL);
		if (!err)
			err = symfmt_sourcemap_lookup(m, 0, 70, SYM_SMAP_GLB,
						      &p, NULL);
		if (err && err != SYM_ENOMEM)
			clean = 0;
		symfmt_sourcemap_free(m);
	}
	sym_alloc_fail_at(0);
	CHECK(clean);
	sym_unmap(&mm);
}

int main(void)
{
	tc39();
	realworld(TESTDATA "sourcemap/realworld", "preact-10.29.8-min",
		  "preact.min.js.map");
	realworld(TESTDATA "sourcemap/realworld", "own-webpack-prod",
		  "app.min.js.map");
	own(TESTDATA "sourcemap/own");
	all_maps(TESTDATA "sourcemap", 0);
	all_maps(TESTDATA "smap-resolve", 0);
	printf("scanner vs json-c: %lu maps agree\n", compared);
	printf("one-shot vs full lookups: %lu compared\n", once_checked);
	urls();
	allocfail();
	return unit_done("test_sourcemap");
}

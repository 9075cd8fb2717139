/* SPDX-License-Identifier: MIT */
/*
 * test_group.c - crash groups: whole inputs against halves saved and
 * merged, HyperLogLog error bounds and merges, times, allocation
 * failures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/sig/group.h"
#include "tests/unit/unit.h"

static const char *const inputs[] = {
	TESTDATA "crash-group/data/native.jsonl",
	TESTDATA "crash-group/data/mixed.jsonl",
};

static int feed_file(struct sig_groups *g, const char *path, int part)
{
	struct sym_map m;
	const char *s, *end, *nl;
	size_t line = 0;
	int err = 0;

	if (sym_map_file(path, &m, NULL))
		return -1;
	s = (const char *)m.data;
	end = s + m.len;
	for (; s < end && !err; s = nl + 1, line++) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end - 1;
		/* part 0: all lines, 1: even lines, 2: odd lines */
		if (part && (int)(line % 2) != part - 1)
			continue;
		err = sig_groups_feed(g, path, s, (size_t)(nl - s) + 1, NULL);
	}
	if (!err)
		err = sig_groups_end(g, NULL);
	sym_unmap(&m);
	return err;
}

static struct sig_groups *make(int part, const char *distinct)
{
	struct sig_group_opts o = { 0 };
	struct sig_groups *g;
	size_t i;

	o.distinct = distinct;
	if (sig_groups_new(&o, &g))
		return NULL;
	for (i = 0; i < sizeof(inputs) / sizeof(*inputs); i++)
		if (feed_file(g, inputs[i], part)) {
			sig_groups_free(g);
			return NULL;
		}
	return g;
}

/* Save g to memory and load it into into. */
static int roundtrip(const struct sig_groups *g, struct sig_groups *into)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	if (!f)
		return -1;
	err = sig_groups_save(g, f);
	fclose(f);
	if (!err)
		err = sig_groups_load(into, buf, len, NULL);
	free(buf);
	return err;
}

/* Same groups; rep: representatives too (line numbers differ when an
 * input is split in halves). */
static int same_groups(const struct sig_groups *a, const struct sig_groups *b,
		       int rep)
{
	const struct sig_group **va, **vb;
	size_t na = sig_groups_sorted(a, &va), nb = sig_groups_sorted(b, &vb);
	size_t i;
	int ok = na == nb && na != (size_t)-1;

	for (i = 0; ok && i < na; i++) {
		ok = va[i]->fingerprint == vb[i]->fingerprint &&
		     va[i]->count == vb[i]->count &&
		     va[i]->first == vb[i]->first &&
		     va[i]->last == vb[i]->last &&
		     !strcmp(va[i]->signature, vb[i]->signature) &&
		     sig_hll_count(&va[i]->distinct) ==
		     sig_hll_count(&vb[i]->distinct) &&
		     sig_group_split(va[i]) == sig_group_split(vb[i]) &&
		     (!rep || !strcmp(va[i]->representative,
				      vb[i]->representative));
		if (!ok)
			fprintf(stderr, "group %zu differs: %s\n", i,
				va[i]->signature);
	}
	sym_free(va);
	sym_free(vb);
	return ok;
}

static void test_halves(void)
{
	struct sig_groups *whole = make(0, "user"), *h1 = make(1, "user");
	struct sig_groups *h2 = make(2, "user"), *m = NULL, *w2 = NULL;
	struct sig_group_opts o = { 0 };

	CHECK(whole && h1 && h2);
	if (!whole || !h1 || !h2)
		goto out;
	CHECK(sig_groups_inputs(whole) == sig_groups_inputs(h1) +
	      sig_groups_inputs(h2));
	o.distinct = "user";
	CHECK(!sig_groups_new(&o, &m));
	CHECK(!roundtrip(h1, m));
	CHECK(!roundtrip(h2, m));
	CHECK(same_groups(whole, m, 0));
	/* a saved whole loads back to itself */
	CHECK(!sig_groups_new(&o, &w2));
	CHECK(!roundtrip(whole, w2));
	CHECK(same_groups(whole, w2, 1));
	/* loading the same state twice doubles counts, not distincts */
	CHECK(!roundtrip(whole, w2));
	{
		const struct sig_group **v, **vw;
		size_t n = sig_groups_sorted(w2, &v);

		CHECK(sig_groups_sorted(whole, &vw) == n);
		CHECK(n > 3 && v[0]->count == 2 * vw[0]->count &&
		      sig_hll_count(&v[0]->distinct) ==
		      sig_hll_count(&vw[0]->distinct));
		sym_free(v);
		sym_free(vw);
	}
out:
	sig_groups_free(whole);
	sig_groups_free(h1);
	sig_groups_free(h2);
	sig_groups_free(m);
	sig_groups_free(w2);
}

static void test_state_errors(void)
{
	struct sig_groups *g;
	struct sig_group_opts o = { 0 };
	struct sym_diag d;
	static const char other[] = "{\"crash_group_state\":1,"
				    "\"distinct\":\"user\"}\n";
	static const char badrec[] = "{\"crash_group_state\":1,"
				     "\"distinct\":null}\n{\"count\":1}\n";

	CHECK(!sig_groups_new(&o, &g));
	sym_diag_init(&d, "s");
	CHECK(sig_groups_load(g, other, sizeof(other) - 1, &d) ==
	      SYM_EFORMAT);
	sym_diag_init(&d, "s");
	CHECK(sig_groups_load(g, badrec, sizeof(badrec) - 1, &d) ==
	      SYM_EFORMAT && d.line == 2);
	sym_diag_init(&d, "s");
	CHECK(sig_groups_load(g, "", 0, &d) == SYM_EFORMAT);
	sig_groups_free(g);
}

static int within(uint64_t est, uint64_t n, double tol)
{
	double e = (double)est - (double)n;

	if (e < 0)
		e = -e;
	if (e > tol * (double)n)
		fprintf(stderr, "estimate %llu for %llu\n",
			(unsigned long long)est, (unsigned long long)n);
	return e <= tol * (double)n;
}

static void test_hll(void)
{
	static const unsigned sizes[] = { 1, 100, 128, 129, 1000, 5000,
					  20000, 200000 };
	struct sig_hll a = { 0 }, b = { 0 }, u = { 0 };
	char v[32];
	unsigned i, k;

	for (k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		struct sig_hll h = { 0 };

		for (i = 0; i < sizes[k]; i++) {
			int n = snprintf(v, sizeof(v), "install-%u-%u", k, i);

			sig_hll_add_value(&h, v, (size_t)n);
			/* twice: repeats count once */
			sig_hll_add_value(&h, v, (size_t)n);
		}
		if (sizes[k] <= SIG_HLL_EXACT)
			CHECK(sig_hll_count(&h) == sizes[k]);
		else	/* 3 standard errors: 4.9% */
			CHECK(within(sig_hll_count(&h), sizes[k], 0.049));
		sig_hll_release(&h);
	}
	/* union of 0..29999 and 20000..49999 is 50000 */
	for (i = 0; i < 50000; i++) {
		int n = snprintf(v, sizeof(v), "user%u", i);

		if (i < 30000)
			sig_hll_add_value(&a, v, (size_t)n);
		if (i >= 20000)
			sig_hll_add_value(&b, v, (size_t)n);
	}
	CHECK(!sig_hll_merge(&u, &a));
	CHECK(!sig_hll_merge(&u, &b));
	CHECK(within(sig_hll_count(&u), 50000, 0.049));
	/* merging is idempotent and commutative */
	CHECK(!sig_hll_merge(&b, &a));
	CHECK(sig_hll_count(&b) == sig_hll_count(&u));
	CHECK(!sig_hll_merge(&u, &a));
	CHECK(sig_hll_count(&b) == sig_hll_count(&u));
	sig_hll_release(&a);
	sig_hll_release(&b);
	sig_hll_release(&u);
}

static void test_times(void)
{
	char b[32];
	int64_t t;

	CHECK(!sig_time_parse("1764547200", &t) && t == 1764547200);
	CHECK(!sig_time_parse("2025-12-01T00:00:00Z", &t) &&
	      t == 1764547200);
	CHECK(!sig_time_parse("2025-12-01T01:30:00.123+01:30", &t) &&
	      t == 1764547200);
	CHECK(!sig_time_parse("2025-12-01 00:00:00", &t) && t == 1764547200);
	CHECK(sig_time_parse("yesterday", &t) == -1);
	CHECK(sig_time_parse("2025-13-01T00:00:00Z", &t) == -1);
	CHECK(sig_time_parse("2025-12-01T00:00:00+0100", &t) == -1);
	sig_time_text(1764547200, b);
	CHECK(!strcmp(b, "2025-12-01T00:00:00Z"));
	sig_time_text(SIG_TIME_NONE, b);
	CHECK(!strcmp(b, "-"));
}

/* Pretty JSON split over lines, several objects on one line. */
static void test_stream(void)
{
	static const char a[] = "{\"signature\":\n\"s1\",\n\"timestamp\":5}"
				" {\"signature\":\"s1\"}"
				" {\"signature\":\"s2\"}\n"
				"  \n{\"signature\":\"s2\", \"timestamp\": 9}";
	struct sig_groups *g;
	const struct sig_group **v;
	size_t i, n;

	CHECK(!sig_groups_new(NULL, &g));
	/* byte by byte: chunking must not matter */
	for (i = 0; i < sizeof(a) - 1; i++)
		CHECK(!sig_groups_feed(g, "x", a + i, 1, NULL));
	CHECK(!sig_groups_end(g, NULL));
	n = sig_groups_sorted(g, &v);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(v[0]->count == 2 && v[1]->count == 2);
		CHECK(!strcmp(v[0]->representative, "x:1") ||
		      !strcmp(v[1]->representative, "x:1"));
		CHECK(v[0]->first != SIG_TIME_NONE &&
		      v[1]->first != SIG_TIME_NONE);
	}
	sym_free(v);
	sig_groups_free(g);
}

/* stackwalk --batch lines: "path" is the representative */
static void test_path(void)
{
	static const char a[] = "{\"signature\":\"s\",\"timestamp\":9}\n"
				"{\"path\":\"dumps/b.dmp\",\"signature\":\"s\","
				"\"timestamp\":5}\n";
	struct sig_groups *g;
	const struct sig_group **v;

	CHECK(!sig_groups_new(NULL, &g));
	CHECK(!sig_groups_feed(g, "x", a, sizeof(a) - 1, NULL));
	CHECK(sig_groups_sorted(g, &v) == 1);
	CHECK(v && !strcmp(v[0]->representative, "dumps/b.dmp"));
	CHECK(v && v[0]->first == 5 && v[0]->last == 9);
	sym_free(v);
	sig_groups_free(g);
}

static void test_allocfail(void)
{
	static const char line[] = "{\"signature\":\"a | b\",\"user\":\"u\"}\n"
				   "{\"crashing_thread\":{\"frames\":[{"
				   "\"function\":\"f(int)\",\"module\":\"m\","
				   "\"inlines\":[{\"function\":\"g\"}]}]}}\n";
	struct sig_group_opts o = { 0 };
	struct sig_groups *g;
	unsigned long k;
	int err;

	o.distinct = "user";
	for (k = 1; k < 10000; k++) {
		sym_alloc_fail_at(k);
		err = sig_groups_new(&o, &g);
		if (!err) {
			err = sig_groups_feed(g, "x", line, sizeof(line) - 1,
					      NULL);
			if (!err)
				err = sig_groups_end(g, NULL);
			sig_groups_free(g);
		}
		sym_alloc_fail_at(0);
		if (!err)
			break;
		CHECK(err == SYM_ENOMEM);
	}
	CHECK(k < 10000);
}

int main(void)
{
	test_halves();
	test_state_errors();
	test_hll();
	test_times();
	test_stream();
	test_path();
	test_allocfail();
	return unit_done("test_group");
}

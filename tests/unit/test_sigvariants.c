/* SPDX-License-Identifier: MIT */
/*
 * test_sigvariants.c - signatures of real crashes: the 72 dumps of
 * testdata/sig-variants (4 bugs x 6 builds x 3 runs, see
 * tests/crash/make.sh) give exactly one fingerprint per bug, different
 * for the two bugs behind the shared fatal() wrapper; crash-group's
 * groups over their JSON documents are exactly the bugs, halves merged
 * give the whole, and a 1-frame signature that merges the two wrapper
 * bugs is flagged by the split check.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/minidump/minidump.h"
#include "lib/process/process.h"
#include "lib/report/report.h"
#include "lib/sig/group.h"
#include "tests/unit/unit.h"

#define DIR_ TESTDATA "sig-variants/"
#define MAXD 128

static const char *const bugs[4] = { "null", "order", "user", "ratio" };

struct dumpsig {
	char name[128];
	int bug;
	uint64_t fp;
	char *json;		/* the stackwalk --json document */
	size_t json_len;
};

static struct dumpsig ds[MAXD];
static size_t nds;

static int bug_of(const char *name)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strncmp(name, bugs[i], strlen(bugs[i])) &&
		    name[strlen(bugs[i])] == '-')
			return i;
	return -1;
}

static int one(const char *name, struct sym_store *store)
{
	char path[512];
	struct sym_map m;
	struct md_dump *d;
	struct sym_process *p;
	struct sig_result r;
	struct dumpsig *x = &ds[nds];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), DIR_ "dumps/%s", name);
	if (sym_map_file(path, &m, NULL))
		return -1;
	err = md_open(m.data, m.len, &d, NULL);
	if (!err) {
		err = sym_process_dump(d, store, NULL, &p, NULL);
		if (!err) {
			err = sym_report_signature(p, NULL, 0, &r);
			if (!err) {
				snprintf(x->name, sizeof(x->name), "%s", name);
				x->bug = bug_of(name);
				x->fp = r.fingerprint;
				f = open_memstream(&x->json, &x->json_len);
				if (!f || sym_report_json_sig(f, p, 0, &r))
					err = -1;
				if (f)
					fclose(f);
				sig_result_release(&r);
				nds++;
			}
			sym_process_free(p);
		}
		md_close(d);
	}
	sym_unmap(&m);
	return err;
}

static void test_fingerprints(void)
{
	uint64_t fp[4] = { 0 };
	unsigned count[4] = { 0 };
	size_t i;
	int b, c;

	CHECK(nds == 72);
	for (i = 0; i < nds; i++) {
		b = ds[i].bug;
		CHECK(b >= 0);
		if (b < 0)
			continue;
		if (!count[b]++)
			fp[b] = ds[i].fp;
		if (ds[i].fp != fp[b])
			fprintf(stderr, "%s: another fingerprint\n",
				ds[i].name);
		CHECK(ds[i].fp == fp[b]);
	}
	for (b = 0; b < 4; b++) {
		CHECK(count[b] == 18);
		for (c = b + 1; c < 4; c++)
			CHECK(fp[b] != fp[c]);
	}
}

/* Group the JSON documents; part 0 all, 1 even, 2 odd. */
static struct sig_groups *group(int part, unsigned frames, int recompute)
{
	struct sig_group_opts o = { 0 };
	struct sig_groups *g;
	size_t i;

	o.max_frames = frames;
	o.recompute = recompute;
	o.distinct = "modules.0.filename";
	if (sig_groups_new(&o, &g))
		return NULL;
	for (i = 0; i < nds; i++) {
		if (part && (int)(i % 2) != part - 1)
			continue;
		if (sig_groups_feed(g, ds[i].name, ds[i].json, ds[i].json_len,
				    NULL)) {
			sig_groups_free(g);
			return NULL;
		}
		sig_groups_end(g, NULL);
	}
	return g;
}

static int save_load(const struct sig_groups *from, struct sig_groups *to)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err;

	if (!f)
		return -1;
	err = sig_groups_save(from, f);
	fclose(f);
	if (!err)
		err = sig_groups_load(to, buf, len, NULL);
	free(buf);
	return err;
}

static void test_groups(void)
{
	struct sig_groups *g = group(0, 0, 0), *h1 = group(1, 0, 0);
	struct sig_groups *h2 = group(2, 0, 0), *m = NULL;
	struct sig_group_opts o = { 0 };
	const struct sig_group **v = NULL, **w = NULL;
	size_t n = 0, i;

	CHECK(g && h1 && h2);
	if (!g || !h1 || !h2)
		goto out;
	n = sig_groups_sorted(g, &v);
	CHECK(n == 4);
	for (i = 0; i < n && i < 4; i++) {
		CHECK(v[i]->count == 18);
		CHECK(!sig_group_split(v[i]));
		CHECK(v[i]->n_deeper == 1);
		CHECK(v[i]->first != SIG_TIME_NONE &&
		      v[i]->last >= v[i]->first);
	}
	o.distinct = "modules.0.filename";
	CHECK(!sig_groups_new(&o, &m));
	CHECK(!save_load(h1, m) && !save_load(h2, m));
	CHECK(sig_groups_sorted(m, &w) == n);
	for (i = 0; w && i < n; i++) {
		CHECK(w[i]->fingerprint == v[i]->fingerprint);
		CHECK(w[i]->count == v[i]->count);
		CHECK(w[i]->first == v[i]->first && w[i]->last == v[i]->last);
		CHECK(!strcmp(w[i]->representative, v[i]->representative));
		CHECK(sig_hll_count(&w[i]->distinct) ==
		      sig_hll_count(&v[i]->distinct));
		/* the main module: each bug was built six ways */
		CHECK(sig_hll_count(&v[i]->distinct) == 6);
	}
out:
	sym_free(v);
	sym_free(w);
	sig_groups_free(g);
	sig_groups_free(h1);
	sig_groups_free(h2);
	sig_groups_free(m);
}

/* One frame: order and user both read "fatal"; their deeper frames
 * differ, which the split check must see. */
static void test_split(void)
{
	struct sig_groups *g = group(0, 1, 1);
	const struct sig_group **v = NULL;
	size_t n, i;
	int flagged = 0;

	CHECK(g != NULL);
	if (!g)
		return;
	n = sig_groups_sorted(g, &v);
	CHECK(n == 3);
	for (i = 0; i < n; i++) {
		if (!strcmp(v[i]->signature, "fatal")) {
			CHECK(v[i]->count == 36);
			CHECK(sig_group_split(v[i]));
			flagged++;
		} else {
			CHECK(!sig_group_split(v[i]));
		}
	}
	CHECK(flagged == 1);
	sym_free(v);
	sig_groups_free(g);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(void)
{
	static const char *const paths[] = { DIR_ "symbols" };
	struct sym_store *store = sym_store_new(paths, 1);
	struct dirent **ents;
	int i, n;
	size_t k;

	if (!store)
		return 1;
	n = scandir(DIR_ "dumps", &ents, NULL, by_name);
	CHECK(n > 0);
	for (i = 0; i < n; i++) {
		if (strstr(ents[i]->d_name, ".dmp") && nds < MAXD)
			CHECK(!one(ents[i]->d_name, store));
		free(ents[i]);
	}
	if (n > 0)
		free(ents);
	test_fingerprints();
	test_groups();
	test_split();
	for (k = 0; k < nds; k++)
		free(ds[k].json);
	sym_store_free(store);
	return unit_done("test_sigvariants");
}

/* SPDX-License-Identifier: MIT */
/*
 * crash-group - group the JSON outputs of stackwalk, retrace and
 * smap-resolve by crash fingerprint, biggest group first.
 * Argument parsing, I/O and exit codes only; the work is in lib/sig.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "cmd/cli.h"
#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/sig/group.h"
#include "lib/sig/sig.h"

static const char *prog = "crash-group";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [options] [FILE...]\n"
		"\n"
		"Group crashes by fingerprint.  FILEs (\"-\" or none: standard "
		"input) hold\n"
		"JSON objects, one per line, from stackwalk --json, retrace "
		"--json or\n"
		"smap-resolve --json.  Prints one line per group, biggest "
		"first:\n"
		"FINGERPRINT COUNT FIRST LAST REPRESENTATIVE SIGNATURE "
		"(tab-separated).\n"
		"\n"
		"Options:\n"
		"  --json            One JSON object per group\n"
		"  --distinct FIELD  Count distinct values of FIELD (a dotted "
		"path) per\n"
		"                    group (HyperLogLog: exact to 128, then "
		"1.6%% std error)\n"
		"  --split-check     Flag groups whose deeper frames diverge\n"
		"  --save FILE       Write the groups as a state file\n"
		"  --merge FILE      Add a state file written by --save "
		"(repeatable)\n"
		"  --recompute       Native inputs: signature from the frames, "
		"with the\n"
		"                    rules given here, not the one in the "
		"input\n"
		"  --sig-frames N    Frames in signatures computed here "
		"(default 5)\n"
		"  --siglist FILE    Add a signature list file (also "
		"$SYMKIT_SIGLISTS)\n"
		"  -h, --help        Show this help and exit\n"
		"  --version         Show the version and exit\n",
		prog);
}

static void warn_cb(void *ctx, const struct sym_diag *d, uint64_t offset,
		    unsigned long line, const char *msg)
{
	(void)ctx;
	(void)offset;
	if (line)
		fprintf(stderr, "%s: %s:%lu: %s\n", prog, d->file, line, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, d->file, msg);
}

static void print_error(const struct sym_diag *d, int err)
{
	if (d->err && (d->flags & SYM_DIAG_LINE))
		fprintf(stderr, "%s: %s:%lu: %s\n", prog, d->file, d->line,
			d->msg);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, d->file,
			d->err && d->msg[0] ? d->msg : sym_strerror(err));
}

/* Read one input stream line by line: memory stays bounded by the
 * groups, whatever the input's size. */
static int read_input(struct sig_groups *g, const char *path, int *bad)
{
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	struct sym_diag d;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int err = SYM_OK;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return SYM_EIO;
	}
	sym_diag_init(&d, name);
	d.warn = warn_cb;
	while (!err && (n = getline(&line, &cap, f)) > 0)
		err = sig_groups_feed(g, name, line, (size_t)n, &d);
	if (!err && ferror(f)) {
		fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
		err = SYM_EIO;
	}
	if (!err)
		err = sig_groups_end(g, &d);
	else
		sig_groups_end(g, NULL);
	if (err && err != SYM_EIO)
		print_error(&d, err);
	if (d.nwarnings)
		*bad = 1;
	free(line);
	if (f != stdin)
		fclose(f);
	return err;
}

static int load_state(struct sig_groups *g, const char *path)
{
	struct sym_diag d;
	struct sym_map m;
	int err;

	sym_diag_init(&d, path);
	if ((err = sym_map_file(path, &m, &d))) {
		print_error(&d, err);
		return err;
	}
	err = sig_groups_load(g, (const char *)m.data, m.len, &d);
	sym_unmap(&m);
	if (err)
		print_error(&d, err);
	return err;
}

static int print_text(const struct sig_group *const *v, size_t n,
		      int distinct, int split)
{
	char first[32], last[32], fp[17];
	size_t i;
	unsigned k;

	for (i = 0; i < n; i++) {
		const struct sig_group *g = v[i];

		sig_fingerprint_hex(g->fingerprint, fp);
		sig_time_text(g->first, first);
		sig_time_text(g->last, last);
		printf("%s\t%" PRIu64, fp, g->count);
		if (distinct)
			printf("\t%" PRIu64, sig_hll_count(&g->distinct));
		printf("\t%s\t%s\t%s\t%s\n", first, last, g->representative,
		       g->signature);
		if (!split || !sig_group_split(g))
			continue;
		printf("  split: %u different deeper stacks\n", g->n_deeper);
		for (k = 0; k < g->n_deeper; k++)
			printf("  deeper %" PRIu64 "\t%s\n", g->deeper[k].count,
			       g->deeper[k].text[0] ? g->deeper[k].text :
			       "(none)");
	}
	return ferror(stdout) ? SYM_EIO : SYM_OK;
}

static struct json_object *jtime(int64_t t)
{
	char b[32];

	if (t == SIG_TIME_NONE)
		return NULL;
	sig_time_text(t, b);
	return json_object_new_string(b);
}

static int print_json(const struct sig_group *const *v, size_t n,
		      int distinct, int split)
{
	struct json_object *o, *a, *x;
	char fp[17];
	size_t i;
	unsigned k;

	for (i = 0; i < n; i++) {
		const struct sig_group *g = v[i];

		sig_fingerprint_hex(g->fingerprint, fp);
		if (!(o = json_object_new_object()))
			return SYM_ENOMEM;
		json_object_object_add(o, "count", json_object_new_int64(
					       (int64_t)g->count));
		if (split) {
			a = json_object_new_array();
			for (k = 0; a && k < g->n_deeper; k++) {
				x = json_object_new_object();
				json_object_object_add(x, "count",
					json_object_new_int64(
						(int64_t)g->deeper[k].count));
				json_object_object_add(x, "frames",
					json_object_new_string(
						g->deeper[k].text));
				json_object_array_add(a, x);
			}
			json_object_object_add(o, "deeper", a);
		}
		if (distinct)
			json_object_object_add(o, "distinct",
				json_object_new_int64((int64_t)
					sig_hll_count(&g->distinct)));
		json_object_object_add(o, "fingerprint",
				       json_object_new_string(fp));
		json_object_object_add(o, "first_seen", jtime(g->first));
		json_object_object_add(o, "last_seen", jtime(g->last));
		json_object_object_add(o, "representative",
				       json_object_new_string(
					       g->representative));
		json_object_object_add(o, "signature",
				       json_object_new_string(g->signature));
		if (split)
			json_object_object_add(o, "split",
				json_object_new_boolean(sig_group_split(g)));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	return ferror(stdout) ? SYM_EIO : SYM_OK;
}

static int save(const struct sig_groups *g, const char *path)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return SYM_EIO;
	}
	err = sig_groups_save(g, f);
	if (fclose(f) && !err)
		err = SYM_EIO;
	if (err)
		fprintf(stderr, "%s: %s: %s\n", prog, path, sym_strerror(err));
	return err;
}

/* The signature rules: built-ins, $SYMKIT_SIGLISTS, then --siglist. */
static int load_rules(struct sig_rules **out, char **files, size_t n)
{
	struct sym_diag d;
	int err;

	sym_diag_init(&d, "SYMKIT_SIGLISTS");
	err = sig_rules_load(out, getenv("SYMKIT_SIGLISTS"), files, n, &d);
	if (err)
		print_error(&d, err);
	return err;
}

enum { OPT_JSON = 256, OPT_DISTINCT, OPT_SPLIT, OPT_SAVE, OPT_MERGE,
       OPT_FRAMES, OPT_SIGLIST, OPT_VERSION, OPT_RECOMPUTE };

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "distinct", required_argument, NULL, OPT_DISTINCT },
		{ "split-check", no_argument, NULL, OPT_SPLIT },
		{ "save", required_argument, NULL, OPT_SAVE },
		{ "merge", required_argument, NULL, OPT_MERGE },
		{ "sig-frames", required_argument, NULL, OPT_FRAMES },
		{ "siglist", required_argument, NULL, OPT_SIGLIST },
		{ "recompute", no_argument, NULL, OPT_RECOMPUTE },
		{ NULL, 0, NULL, 0 },
	};
	struct sig_group_opts go = { 0 };
	struct sig_groups *g = NULL;
	struct sig_rules *rules = NULL;
	const struct sig_group **v = NULL;
	char *merges[256], *siglists[64];
	size_t n_merges = 0, n_siglists = 0, n, i;
	const char *save_path = NULL;
	int c, json = 0, split = 0, bad = 0, err = SYM_OK, rc = 1;
	unsigned long k;
	char *end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("%s (symkit) %s\n", prog, SYMKIT_VERSION);
			return 0;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_DISTINCT:
			if (!*optarg)
				return bad_usage("--distinct wants a field",
						 NULL);
			go.distinct = optarg;
			break;
		case OPT_SPLIT:
			split = 1;
			break;
		case OPT_RECOMPUTE:
			go.recompute = 1;
			break;
		case OPT_SAVE:
			save_path = optarg;
			break;
		case OPT_MERGE:
			if (n_merges == sizeof(merges) / sizeof(*merges))
				return bad_usage("too many --merge files",
						 optarg);
			merges[n_merges++] = optarg;
			break;
		case OPT_FRAMES:
			k = strtoul(optarg, &end, 10);
			if (!*optarg || *end || k == 0 || k > SIG_MAX_FRAMES)
				return bad_usage("--sig-frames wants 1 to 64",
						 optarg);
			go.max_frames = (unsigned)k;
			break;
		case OPT_SIGLIST:
			if (n_siglists == sizeof(siglists) / sizeof(*siglists))
				return bad_usage("too many --siglist files",
						 optarg);
			siglists[n_siglists++] = optarg;
			break;
		case ':':
			return bad_usage("option requires an argument",
					 argv[optind - 1]);
		default:
			return bad_usage("unrecognized option",
					 argv[optind - 1]);
		}
	}
	if (load_rules(&rules, siglists, n_siglists))
		goto out;
	go.rules = rules;
	if ((err = sig_groups_new(&go, &g))) {
		fprintf(stderr, "%s: %s\n", prog, sym_strerror(err));
		goto out;
	}
	for (i = 0; i < n_merges; i++)
		if ((err = load_state(g, merges[i])))
			goto out;
	if (optind == argc && !n_merges)
		err = read_input(g, "-", &bad);
	for (i = (size_t)optind; !err && i < (size_t)argc; i++)
		err = read_input(g, argv[i], &bad);
	if (err)
		goto out;
	if (sig_groups_skipped(g))
		fprintf(stderr, "%s: skipped %" PRIu64 " input(s) without a "
			"signature or frames\n", prog, sig_groups_skipped(g));
	if (save_path && (err = save(g, save_path)))
		goto out;
	n = sig_groups_sorted(g, &v);
	if (n == (size_t)-1) {
		fprintf(stderr, "%s: %s\n", prog, sym_strerror(SYM_ENOMEM));
		goto out;
	}
	err = json ? print_json(v, n, go.distinct != NULL, split) :
	      print_text(v, n, go.distinct != NULL, split);
	if (!err && fflush(stdout))
		err = SYM_EIO;
	if (err)
		fprintf(stderr, "%s: <stdout>: %s\n", prog, sym_strerror(err));
	else
		rc = bad ? 1 : 0;
out:
	sym_free(v);
	sig_groups_free(g);
	sig_rules_free(rules);
	return rc;
}

int main(int argc, char **argv)
{
	return cli_exit(prog, run(argc, argv));
}

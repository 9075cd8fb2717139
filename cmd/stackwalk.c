/* SPDX-License-Identifier: MIT */
/*
 * stackwalk - minidump + symbol paths -> unwound, symbolized threads.
 * Argument parsing, I/O and exit codes only; the work is in lib/.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cli.h"
#include "lib/batch/batch.h"
#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/minidump/microdump.h"
#include "lib/minidump/minidump.h"
#include "lib/process/process.h"
#include "lib/report/report.h"
#include "lib/process/store.h"
#include "symfmt/elfsym.h"

static const char *prog = "stackwalk";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [options] <minidump-file> [symbol-path ...]\n"
		"       %s --batch LIST|- [options] [symbol-path ...]\n"
		"\n"
		"Output a stack trace for the provided minidump (\"-\" reads "
		"standard input).\n"
		"\n"
		"Options:\n"
		"\n"
		"  -m              Output in machine-readable format "
		"(same as -f machine)\n"
		"  -f FORMAT       Output format: human (default), machine or "
		"json\n"
		"  -s              Output stack contents\n"
		"  -c              Output thread that causes crash or dump only\n"
		"  -b              Brief of the thread that causes crash or "
		"dump\n"
		"  -t N            Walk at most N frames per thread\n"
		"  --json          Output one JSON document (rust-minidump's "
		"schema)\n"
		"  --pretty        Indent the JSON output\n"
		"  --signature     Print only the crash's FINGERPRINT "
		"SIGNATURE line\n"
		"  --sig-frames N  Frames in a signature (default 5)\n"
		"  --siglist FILE  Add a signature list file (also "
		"$SYMKIT_SIGLISTS)\n"
		"  --crashpad      Also print the Crashpad info stream "
		"(annotations)\n"
		"                  after the module list\n"
		"  -h, --help      Show this help and exit\n"
		"  --version       Show the version and exit\n"
		"\n"
		"Symbol servers, cache and batches:\n"
		"\n"
		"  --symbols-url URL      Symbol server (Breakpad/Tecken "
		"layout), tried\n"
		"                         after the symbol paths; repeatable\n"
		"  --symbols-cache DIR    Keep downloads and precompiled "
		"indexes in DIR\n"
		"  --symbols-timeout SEC  Give up a download after SEC "
		"seconds (30)\n"
		"  --debuginfod URL       debuginfod server for ELF modules "
		"without .sym\n"
		"                         (repeatable; default "
		"$DEBUGINFOD_URLS)\n"
		"  -v, --verbose          Say on stderr which URLs were "
		"tried\n"
		"  --batch LIST|-         Process the dumps listed one per "
		"line in LIST\n"
		"                         (\"-\": stdin): one JSON document "
		"per line\n"
		"  -j N                   Walk the batch on N threads\n",
		prog, prog);
}

static void warn_cb(void *ctx, const struct sym_diag *d, uint64_t offset,
		    unsigned long line, const char *msg)
{
	(void)ctx;
	if (line)
		fprintf(stderr, "%s: %s:%lu: %s\n", prog, d->file, line, msg);
	else if (offset == SYM_DIAG_NOWHERE)
		fprintf(stderr, "%s: %s: %s\n", prog, d->file, msg);
	else
		fprintf(stderr, "%s: %s: %s at offset 0x%" PRIx64 "\n", prog,
			d->file, msg, offset);
}

static void print_error(const struct sym_diag *d, int err)
{
	if (!d->err)
		fprintf(stderr, "%s: %s: %s\n", prog, d->file,
			sym_strerror(err));
	else if (d->flags & SYM_DIAG_LINE)
		fprintf(stderr, "%s: %s:%lu: %s\n", prog, d->file, d->line,
			d->msg);
	else if (d->flags & SYM_DIAG_OFFSET)
		fprintf(stderr, "%s: %s: %s at offset 0x%" PRIx64 "\n", prog,
			d->file, d->msg, d->offset);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, d->file,
			d->msg[0] ? d->msg : sym_strerror(err));
}

enum fmt { FMT_HUMAN, FMT_MACHINE, FMT_JSON, FMT_SIGNATURE };

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

static int print_signature(const struct sym_process *p,
			   const struct sig_rules *rules, unsigned frames)
{
	struct sig_result r;
	char fp[17];
	int err;

	if ((err = sym_report_signature(p, rules, frames, &r)))
		return err;
	sig_fingerprint_hex(r.fingerprint, fp);
	printf("%s %s\n", fp, r.signature);
	sig_result_release(&r);
	return ferror(stdout) ? SYM_EIO : SYM_OK;
}

/* ---- symbol servers, cache and batches ---- */

/* long options without a short form: codes past any character */
enum {
	OPT_SYMBOLS_URL = 0x100,
	OPT_SYMBOLS_CACHE,
	OPT_SYMBOLS_TIMEOUT,
	OPT_DEBUGINFOD,
	OPT_BATCH,
};

struct srv {
	struct sym_store_opts so;
	const char **urls, **dbgs;
	char **env_dbgs;
	size_t nenv;
	const char *batch;
	unsigned jobs;
};

/* debuginfod downloads become symbols as dump-syms makes them. */
static int elf_to_sym(const void *buf, size_t len, const char *path,
		      char **out, size_t *out_len, struct sym_diag *d)
{
	struct symfmt_elf_opts o = { 0 };

	o.path = path && *path ? path : NULL;
	return symfmt_elf_to_sym(buf, len, &o, out, out_len, d);
}

static void log_cb(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s: %s\n", prog, msg);
}

/* One server option; 0 taken, 2 misuse, -1 not ours. */
static int srv_option(struct srv *v, int c, const char *arg)
{
	char *end;
	double t;
	unsigned long n;

	switch (c) {
	case OPT_SYMBOLS_URL:
		v->urls[v->so.nurls++] = arg;
		return 0;
	case OPT_DEBUGINFOD:
		v->dbgs[v->so.ndebuginfod++] = arg;
		return 0;
	case OPT_SYMBOLS_CACHE:
		v->so.cache_dir = arg;
		return 0;
	case OPT_SYMBOLS_TIMEOUT:
		t = strtod(arg, &end);
		if (!*arg || *end || !(t > 0) || t > 86400)
			return bad_usage("--symbols-timeout wants seconds",
					 arg);
		v->so.timeout_ms = (long)(t * 1000 + 0.5);
		if (!v->so.timeout_ms)
			v->so.timeout_ms = 1;
		return 0;
	case 'v':
		v->so.log = log_cb;
		return 0;
	case OPT_BATCH:
		v->batch = arg;
		return 0;
	case 'j':
		n = strtoul(arg, &end, 10);
		if (!*arg || *end || n == 0 || n > SYM_BATCH_MAX_JOBS)
			return bad_usage("-j wants a thread count", arg);
		v->jobs = (unsigned)n;
		return 0;
	}
	return -1;
}

/* DEBUGINFOD_URLS: servers separated by spaces. */
static int srv_env(struct srv *v)
{
	const char *e = getenv("DEBUGINFOD_URLS");
	char *copy, *tok, *save = NULL;
	size_t n = 0;

	if (v->so.ndebuginfod || !e || !*e)
		return 0;
	if (!(copy = sym_strndup(e, strlen(e))))
		return -1;
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save))
		n++;
	sym_free(copy);
	if (!n)
		return 0;
	if (!(v->env_dbgs = sym_calloc(n, sizeof(*v->env_dbgs))) ||
	    !(copy = sym_strndup(e, strlen(e))))
		return -1;
	for (tok = strtok_r(copy, " \t", &save); tok && v->nenv < n;
	     tok = strtok_r(NULL, " \t", &save))
		if (!(v->env_dbgs[v->nenv++] = sym_strndup(tok, strlen(tok))))
			break;
	sym_free(copy);
	v->so.debuginfod = (const char *const *)v->env_dbgs;
	v->so.ndebuginfod = v->nenv;
	return 0;
}

/* A symbol source other than the symbol paths. */
static int srv_any(const struct srv *v)
{
	return v->so.nurls || v->so.ndebuginfod || v->so.cache_dir;
}

static int srv_finish(struct srv *v)
{
	if (srv_env(v))
		return -1;
	if (v->so.ndebuginfod)
		v->so.elf_to_sym = elf_to_sym;
	return 0;
}

static void srv_release(struct srv *v)
{
	size_t i;

	for (i = 0; i < v->nenv; i++)
		sym_free(v->env_dbgs[i]);
	sym_free(v->env_dbgs);
	free(v->urls);
	free(v->dbgs);
}

/* A symbol path that is not there finds nothing: say so once, and go on
 * (the module list then says which modules have no symbols). */
static void check_symbol_paths(char *const *paths, int n)
{
	struct stat st;
	int i;

	for (i = 0; i < n; i++)
		if (stat(paths[i], &st) || !S_ISDIR(st.st_mode))
			fprintf(stderr, "%s: %s: symbol path is not a "
				"directory\n", prog, paths[i]);
}

static int run_batch(const struct srv *v, struct sym_store *store,
		     unsigned flags, const struct sym_process_opts *popts,
		     const struct sig_rules *rules, unsigned sig_frames)
{
	struct sym_batch_opts bo = { 0 };
	struct sym_diag d;
	struct sym_map list;
	char **paths = NULL;
	size_t n = 0, nfailed = 0;
	int err;

	sym_diag_init(&d, strcmp(v->batch, "-") ? v->batch : "<stdin>");
	if ((err = sym_map_file(v->batch, &list, &d))) {
		print_error(&d, err);
		return 1;
	}
	err = sym_batch_split((const char *)list.data, list.len, &paths, &n);
	sym_unmap(&list);
	if (err) {
		print_error(&d, err);
		return 1;
	}
	bo.jobs = v->jobs;
	bo.report_flags = flags;
	bo.popts = *popts;
	bo.sig_rules = rules;
	bo.sig_frames = sig_frames;
	bo.warn = warn_cb;
	sym_diag_init(&d, "<stdout>");
	err = sym_batch_run(stdout, (const char *const *)paths, n, store,
			    &bo, &nfailed, &d);
	if (!err && fflush(stdout))
		err = SYM_EIO;
	if (err)
		fprintf(stderr, "%s: <stdout>: %s\n", prog,
			err == SYM_EIO ? "write error" : sym_strerror(err));
	sym_batch_paths_free(paths, n);
	return err ? 1 : nfailed ? 1 : 0;
}

static int run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'J' },
		{ "pretty", no_argument, NULL, 'P' },
		{ "signature", no_argument, NULL, 'S' },
		{ "sig-frames", required_argument, NULL, 'N' },
		{ "siglist", required_argument, NULL, 'L' },
		{ "crashpad", no_argument, NULL, 'C' },
		/* symbol servers, cache and batches */
		{ "symbols-url", required_argument, NULL,
		  OPT_SYMBOLS_URL },
		{ "symbols-cache", required_argument, NULL,
		  OPT_SYMBOLS_CACHE },
		{ "symbols-timeout", required_argument, NULL,
		  OPT_SYMBOLS_TIMEOUT },
		{ "debuginfod", required_argument, NULL,
		  OPT_DEBUGINFOD },
		{ "verbose", no_argument, NULL, 'v' },
		{ "batch", required_argument, NULL,
		  OPT_BATCH },
		{ NULL, 0, NULL, 0 },
	};
	struct srv srv = { 0 };
	struct sym_process_opts popts = { 0 };
	enum fmt fmt = FMT_HUMAN;
	unsigned flags = 0;
	struct sym_diag d, sd;
	struct sym_map map;
	struct md_dump *dump = NULL;
	struct sym_store *store = NULL;
	struct sym_process *proc = NULL;
	struct sig_rules *rules = NULL;
	struct sig_result sig;
	char *siglists[64];
	size_t n_siglists = 0;
	unsigned sig_frames = 0;
	const char *path;
	char *end;
	unsigned long n;
	int c, err, rc = 1;

	srv.urls = calloc((size_t)argc, sizeof(*srv.urls));
	srv.dbgs = calloc((size_t)argc, sizeof(*srv.dbgs));
	if (!srv.urls || !srv.dbgs) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return 1;
	}
	srv.so.urls = srv.urls;
	srv.so.debuginfod = srv.dbgs;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bcf:hmst:vj:", longopts,
				NULL)) != -1) {
		if ((err = srv_option(&srv, c, optarg)) >= 0) {
			if (err) {
				rc = err;
				goto out_args;
			}
			continue;
		}
		switch (c) {
		case 'b':
			flags |= SYM_REPORT_BRIEF;
			break;
		case 'c':
			flags |= SYM_REPORT_ONLY_CRASHED;
			break;
		case 'f':
			if (!strcmp(optarg, "human"))
				fmt = FMT_HUMAN;
			else if (!strcmp(optarg, "machine"))
				fmt = FMT_MACHINE;
			else if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else {
				rc = bad_usage("unknown format", optarg);
				goto out_args;
			}
			break;
		case 'm':
			fmt = FMT_MACHINE;
			break;
		case 's':
			flags |= SYM_REPORT_STACK_CONTENTS;
			break;
		case 't':
			n = strtoul(optarg, &end, 10);
			if (!*optarg || *end || n == 0 || n > 1000000) {
				rc = bad_usage("-t wants a frame count",
					       optarg);
				goto out_args;
			}
			popts.max_frames = (unsigned)n;
			break;
		case 'J':
			fmt = FMT_JSON;
			break;
		case 'P':
			flags |= SYM_REPORT_PRETTY;
			break;
		case 'S':
			fmt = FMT_SIGNATURE;
			break;
		case 'N':
			n = strtoul(optarg, &end, 10);
			if (!*optarg || *end || n == 0 || n > SIG_MAX_FRAMES) {
				rc = bad_usage("--sig-frames wants 1 to 64",
					       optarg);
				goto out_args;
			}
			sig_frames = (unsigned)n;
			break;
		case 'L':
			if (n_siglists == sizeof(siglists) / sizeof(*siglists)) {
				rc = bad_usage("too many --siglist files",
					       optarg);
				goto out_args;
			}
			siglists[n_siglists++] = optarg;
			break;
		case 'C':
			flags |= SYM_REPORT_CRASHPAD;
			break;
		case 'h':
			usage(stdout);
			rc = 0;
			goto out_args;
		case 'V':
			printf("%s (symkit) %s\n", prog, SYMKIT_VERSION);
			rc = 0;
			goto out_args;
		case ':':
			fprintf(stderr, "%s: option requires an argument -- "
				"'%c'\n", prog, optopt);
			fprintf(stderr, "Try '%s --help' for more information.\n",
				prog);
			rc = 2;
			goto out_args;
		default:
			if (optopt)
				fprintf(stderr, "%s: invalid option -- '%c'\n",
					prog, optopt);
			else
				fprintf(stderr, "%s: unrecognized option '%s'\n",
					prog, argv[optind - 1]);
			fprintf(stderr, "Try '%s --help' for more information.\n",
				prog);
			rc = 2;
			goto out_args;
		}
	}
	if (srv_finish(&srv)) {
		fprintf(stderr, "%s: out of memory\n", prog);
		goto out_args;
	}
	if (srv.batch) {
		if (load_rules(&rules, siglists, n_siglists))
			goto out_args;
		check_symbol_paths(argv + optind, argc - optind);
		store = sym_store_new_opts((const char *const *)argv + optind,
					   (size_t)(argc - optind), &srv.so);
		rc = store ? run_batch(&srv, store, flags, &popts, rules,
				       sig_frames) : 1;
		if (!store)
			fprintf(stderr, "%s: out of memory\n", prog);
		sym_store_free(store);
		goto out_args;
	}
	if (optind >= argc) {
		rc = bad_usage("missing minidump file", NULL);
		goto out_args;
	}
	path = argv[optind++];
	if ((fmt == FMT_SIGNATURE || fmt == FMT_JSON) &&
	    load_rules(&rules, siglists, n_siglists))
		goto out_args;
	if (fmt == FMT_SIGNATURE)
		popts.only_crashed = 1;	/* one thread is all it needs */

	sym_diag_init(&d, strcmp(path, "-") ? path : "<stdin>");
	d.warn = warn_cb;
	err = sym_map_file(path, &map, &d);
	if (err) {
		print_error(&d, err);
		goto out_args;
	}
	if (md_is_microdump(map.data, map.len))
		err = md_microdump_open(map.data, map.len, &dump, &d);
	else
		err = md_open(map.data, map.len, &dump, &d);
	if (err) {
		print_error(&d, err);
		goto out_unmap;
	}
	check_symbol_paths(argv + optind, argc - optind);
	/* no symbol path nor server: Breakpad has no supplier at all */
	if (argc > optind || srv_any(&srv))
		store = sym_store_new_opts((const char *const *)argv + optind,
					   (size_t)(argc - optind), &srv.so);
	if ((argc > optind || srv_any(&srv)) && !store) {
		print_error(&d, SYM_ENOMEM);
		goto out_close;
	}
	sym_diag_init(&sd, path);
	sd.warn = warn_cb;
	err = sym_process_dump(dump, store, &popts, &proc, &sd);
	if (err) {
		print_error(&sd, err);
		goto out_store;
	}
	if (proc->cpu_unsupported)
		fprintf(stderr, "%s: %s: %s stacks are not unwound yet: "
			"threads show frame 0 only\n", prog, d.file,
			proc->cpu[0] ? proc->cpu : "this cpu's");
	if (fmt == FMT_MACHINE)
		err = sym_report_machine(stdout, proc, flags);
	else if (fmt == FMT_SIGNATURE)
		err = print_signature(proc, rules, sig_frames);
	else if (fmt == FMT_JSON &&
		 !(err = sym_report_signature(proc, rules, sig_frames, &sig))) {
		err = sym_report_json_sig(stdout, proc, flags, &sig);
		sig_result_release(&sig);
	} else if (fmt != FMT_JSON)
		err = sym_report_human(stdout, proc, flags);
	if (!err && fflush(stdout))
		err = SYM_EIO;
	if (err)	/* the reports return SYM_EIO when writing fails */
		fprintf(stderr, "%s: <stdout>: %s\n", prog,
			err == SYM_EIO ? "write error" : sym_strerror(err));
	else
		rc = 0;
	sym_process_free(proc);
out_store:
	sym_store_free(store);
out_close:
	md_close(dump);
out_unmap:
	sym_unmap(&map);
out_args:
	sig_rules_free(rules);
	srv_release(&srv);
	return rc;
}

int main(int argc, char **argv)
{
	return cli_exit(prog, run(argc, argv));
}

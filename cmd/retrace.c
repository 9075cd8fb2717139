/* SPDX-License-Identifier: MIT */
/*
 * retrace - ProGuard/R8 mapping.txt + obfuscated Java/Kotlin stack trace
 * -> the original trace, with R8 retrace's semantics and output.
 * Argument parsing, I/O and exit codes only; the work is in lib/jvm and
 * symfmt/proguard.c.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cmd/cli.h"
#include "lib/core/io.h"
#include "lib/jvm/maphash.h"
#include "lib/jvm/retrace.h"
#include "lib/sig/sig.h"
#include "symfmt/proguard.h"

static const char *prog = "retrace";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [options] MAPPING [TRACE|-]\n"
		"\n"
		"Retrace an obfuscated Java/Kotlin stack trace with a ProGuard "
		"or R8\nmapping file, as R8's retrace does.  Without TRACE (or "
		"with \"-\")\nthe trace is read from standard input, line by "
		"line.\n"
		"\n"
		"Options:\n"
		"  --regex R                   Recognise lines with R8 regex R "
		"(%%c class,\n"
		"                              %%C binary class, %%m method, "
		"%%s file,\n"
		"                              %%l line, %%S file[:line], %%t "
		"type,\n"
		"                              %%f field, %%a arguments)\n"
		"  --verbose                   Print full method signatures\n"
		"  --quiet                     Do not print warnings\n"
		"  --info                      Accepted for R8 compatibility\n"
		"  --verify-mapping-file-hash  Check the pg_map_hash of "
		"MAPPING and exit\n"
		"  --json                      Write JSON Lines: one object "
		"per frame or\n"
		"                              exception line\n"
		"  --signature                 Print FINGERPRINT SIGNATURE per "
		"exception\n"
		"                              block (with --json: a "
		"\"signature\" object)\n"
		"  --sig-frames N              Frames in a signature (default "
		"5)\n"
		"  --siglist FILE              Add a signature list file (also "
		"$SYMKIT_SIGLISTS)\n"
		"  --messages                  Also retrace names inside "
		"exception messages\n"
		"  -h, --help                  Show this help and exit\n"
		"  --version                   Show the version and exit\n",
		prog);
}

static int quiet;

/*
 * Unparsable mapping lines: the first MAX_BAD are named, the rest
 * counted.  While indexing they are held back, so a file that is no
 * mapping at all gets one error instead of its lines.
 */
#define MAX_BAD 10
static unsigned long nbad, held[MAX_BAD];
static int holding;

static void warn_cb(void *ctx, const struct sym_diag *d, uint64_t offset,
		    unsigned long line, const char *msg)
{
	(void)ctx;
	(void)offset;
	if (line && !strcmp(msg, PG_BAD_LINE_MSG)) {
		if (++nbad > MAX_BAD)
			return;
		if (holding) {
			held[nbad - 1] = line;
			return;
		}
	}
	if (quiet)
		return;
	if (line)
		fprintf(stderr, "%s: %s:%lu: %s\n", prog, d->file, line, msg);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, d->file, msg);
}

static void drop_cb(void *ctx, size_t off)
{
	/* pages already indexed are given back */
	sym_map_drop(ctx, 0, off);
}

static void json_frame_line(const struct jvm_line *l, unsigned long lineno,
			    const char *in, size_t n)
{
	json_object *o = json_object_new_object(), *cands, *frames;

	json_object_object_add(o, "line", json_object_new_int64(
					  (int64_t)lineno));
	json_object_object_add(o, "input", json_object_new_string_len(
					  in, (int)n));
	json_object_object_add(o, "mapped", json_object_new_boolean(
					  l->mapped));
	if (l->kind == JVM_LINE_HEADER) {
		json_object_object_add(o, "kind",
				       json_object_new_string("exception"));
		json_object_object_add(o, "exception",
				       json_object_new_string(l->exception));
		json_object_object_add(o, "message", l->message ?
				       json_object_new_string(l->message) :
				       NULL);
	} else {
		json_object_object_add(o, "kind", json_object_new_string(
					       l->kind == JVM_LINE_FIELD ?
					       "field" : "frame"));
		json_object_object_add(o, "ambiguous",
				       json_object_new_boolean(l->nalts > 1));
		cands = json_object_new_array();
		for (size_t a = 0; a < l->nalts; a++) {
			frames = json_object_new_array();
			for (size_t k = 0; k < l->alts[a].n; k++) {
				const struct sym_frame *f =
					&l->frames[l->alts[a].first + k];
				json_object *fo = json_object_new_object();

				json_object_object_add(fo, "class",
					json_object_new_string(f->class_name));
				json_object_object_add(fo, "method",
					json_object_new_string(f->function));
				json_object_object_add(fo, "file", f->file ?
					json_object_new_string(f->file) :
					NULL);
				json_object_object_add(fo, "line", f->line ?
					json_object_new_int64(f->line) : NULL);
				json_object_object_add(fo, "inlined",
					json_object_new_boolean(f->inlined));
				json_object_array_add(frames, fo);
			}
			json_object_array_add(cands, frames);
		}
		json_object_object_add(o, "candidates", cands);
	}
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					     JSON_C_TO_STRING_NOSLASHESCAPE),
	      stdout);
	fputc('\n', stdout);
	json_object_put(o);
}

/*
 * Crash signatures (--signature, and --json's "signature" objects): each
 * exception block, a top-level header with its "Caused by:" chain and
 * frames, gives one; lib/sig has the rules.
 */
struct sigs {
	int on;			/* collect signatures */
	int print;		/* --signature: they are the output */
	unsigned frames;
	struct sig_rules *rules;
	struct sig_chain *chain;
	int suppressed;		/* in a "Suppressed:" block */
	int has_frames;
	unsigned long first;	/* the block's first line */
	char *name;		/* "class.method" scratch */
	size_t cap;
};

static int sig_flush(struct sigs *sg, int json)
{
	struct sig_result r;
	char fp[17];
	json_object *o;

	if (!sg->on)
		return 0;
	if (!sig_chain_len(sg->chain) || !sg->has_frames) {
		sig_chain_reset(sg->chain);
		return 0;
	}
	if (sig_chain_jvm(sg->chain, sg->rules, sg->frames, &r))
		return -1;
	sig_chain_reset(sg->chain);
	sig_fingerprint_hex(r.fingerprint, fp);
	if (json) {
		o = json_object_new_object();
		json_object_object_add(o, "line",
				       json_object_new_int64((int64_t)sg->first));
		json_object_object_add(o, "kind",
				       json_object_new_string("signature"));
		json_object_object_add(o, "fingerprint",
				       json_object_new_string(fp));
		json_object_object_add(o, "signature",
				       json_object_new_string(r.signature));
		json_object_object_add(o, "deeper",
				       json_object_new_string(r.deeper));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		printf("%s %s\n", fp, r.signature);
	}
	sig_result_release(&r);
	return 0;
}

/* Does word appear in the raw line (after any logcat or other prefix)? */
/* R8's RetraceUnknownMapVersionDiagnostic, once per unknown version. */
static void version_warnings(const char *v, const char *mpath)
{
	static const char *const known[] = {
		"1.0", "2.0", "2.1", "2.2", "experimental"
	};

	while (v && *v) {
		size_t n = strcspn(v, "\n"), i;
		int ok = 0;

		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strlen(known[i]) == n && !memcmp(v, known[i], n))
				ok = 1;
		if (!ok)
			fprintf(stderr,
				"%s: %s: Map version '%.*s' is unknown or not"
				" supported, retrace might not be correct\n",
				prog, mpath, (int)n, v);
		v += n;
		if (*v)
			v++;
	}
}

static int starts(const char *in, size_t n, const char *word)
{
	return memmem(in, n, word, strlen(word)) != NULL;
}

static int sig_line(struct sigs *sg, const struct jvm_line *l,
		    unsigned long lineno, const char *in, size_t n, int json)
{
	const struct sym_frame *f;
	size_t i, need;
	int cause;

	if (!sg->on)
		return 0;
	if (l->kind == JVM_LINE_HEADER && l->exception) {
		sg->suppressed = starts(in, n, "Suppressed:");
		if (sg->suppressed)
			return 0;
		cause = starts(in, n, "Caused by:") &&
			sig_chain_len(sg->chain);
		if (!cause) {
			if (sig_flush(sg, json))
				return -1;
			sg->first = lineno;
			sg->has_frames = 0;
		}
		return sig_chain_exception(sg->chain, cause, l->exception,
					   strlen(l->exception), l->message) ?
		       -1 : 0;
	}
	if (l->kind == JVM_LINE_OTHER && !sg->suppressed) {
		/* "\t... 3 more": frames shared with the enclosing trace */
		const char *dots = memmem(in, n, "... ", 4);

		if (dots && (size_t)(dots - in) + 4 < n && dots[4] >= '0' &&
		    dots[4] <= '9' && memmem(dots, n - (size_t)(dots - in),
					     " more", 5))
			return sig_chain_more(sg->chain, strtoul(dots + 4, NULL,
								 10)) ? -1 : 0;
		return 0;
	}
	if (l->kind != JVM_LINE_FRAME || sg->suppressed || !l->nalts)
		return 0;
	for (i = 0; i < l->alts[0].n; i++) {
		f = &l->frames[l->alts[0].first + i];
		need = strlen(f->class_name ? f->class_name : "") +
		       strlen(f->function ? f->function : "") + 2;
		if (need > sg->cap) {
			char *p = realloc(sg->name, need);

			if (!p)
				return -1;
			sg->name = p;
			sg->cap = need;
		}
		snprintf(sg->name, need, "%s.%s",
			 f->class_name ? f->class_name : "",
			 f->function ? f->function : "");
		if (sig_chain_frame(sg->chain, sg->name, f->file, 0))
			return -1;
		sg->has_frames = sig_chain_len(sg->chain) > 0;
	}
	return 0;
}

static int run_trace(struct jvm_retrace *rt, FILE *in, int json, int live,
		     struct sigs *sg)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;
	struct jvm_line l = { 0 };
	int err = 0;

	while ((n = getline(&line, &cap, in)) >= 0) {
		size_t len = (size_t)n;

		lineno++;
		if (len && line[len - 1] == '\n')
			len--;
		if (len && line[len - 1] == '\r')
			len--;
		if (jvm_retrace_line(rt, line, len, &l)) {
			fprintf(stderr, "%s: out of memory\n", prog);
			err = 1;
			break;
		}
		if (sig_line(sg, &l, lineno, line, len, json)) {
			fprintf(stderr, "%s: out of memory\n", prog);
			err = 1;
			break;
		}
		if (sg->print && !json)
			;	/* --signature: only the signature lines */
		else if (!json)
			fwrite(l.text, 1, l.text_len, stdout);
		else if (l.kind != JVM_LINE_OTHER)
			json_frame_line(&l, lineno, line, len);
		if (live)
			fflush(stdout);
	}
	if (!err && sig_flush(sg, json)) {
		fprintf(stderr, "%s: out of memory\n", prog);
		err = 1;
	}
	if (ferror(in))
		err = 1;
	jvm_line_release(&l);
	free(line);
	return err;
}

enum { OPT_REGEX = 256, OPT_VERBOSE, OPT_QUIET, OPT_INFO, OPT_VERIFY,
       OPT_JSON, OPT_MESSAGES, OPT_VERSION, OPT_SIGNATURE, OPT_SIGFRAMES,
       OPT_SIGLIST };

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "regex", required_argument, NULL, OPT_REGEX },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "info", no_argument, NULL, OPT_INFO },
		{ "verify-mapping-file-hash", no_argument, NULL, OPT_VERIFY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "messages", no_argument, NULL, OPT_MESSAGES },
		{ "signature", no_argument, NULL, OPT_SIGNATURE },
		{ "sig-frames", required_argument, NULL, OPT_SIGFRAMES },
		{ "siglist", required_argument, NULL, OPT_SIGLIST },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	const char *regex = NULL, *mpath, *tpath = "-";
	unsigned flags = 0;
	int c, verify = 0, json = 0, rc = 0, err, live;
	struct sym_map map = { 0 };
	struct sym_diag diag;
	struct pg_map *pm = NULL;
	struct jvm_retrace *rt = NULL;
	char msg[256] = "";
	FILE *in = stdin;
	struct stat st;
	struct sigs sg = { 0 };
	struct sym_diag sd;
	char *siglists[64], *end;
	size_t n_siglists = 0;
	unsigned long k;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_REGEX: regex = optarg; break;
		case OPT_VERBOSE: flags |= JVM_VERBOSE; break;
		case OPT_QUIET: quiet = 1; break;
		case OPT_INFO: break;
		case OPT_VERIFY: verify = 1; break;
		case OPT_JSON: json = 1; break;
		case OPT_MESSAGES: flags |= JVM_MESSAGES; break;
		case OPT_SIGNATURE: sg.print = 1; break;
		case OPT_SIGFRAMES:
			k = strtoul(optarg, &end, 10);
			if (!*optarg || *end || !k || k > SIG_MAX_FRAMES)
				return bad_usage("--sig-frames wants 1 to 64",
						 optarg);
			sg.frames = (unsigned)k;
			break;
		case OPT_SIGLIST:
			if (n_siglists == 64)
				return bad_usage("too many --siglist files",
						 optarg);
			siglists[n_siglists++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("%s (symkit) %s\n", prog, SYMKIT_VERSION);
			return 0;
		default:
			return bad_usage("unknown option",
					 argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return bad_usage("missing mapping file", NULL);
	if (argc - optind > 2)
		return bad_usage("too many arguments", argv[optind + 2]);
	mpath = argv[optind];
	if (argc - optind == 2)
		tpath = argv[optind + 1];

	sym_diag_init(&diag, mpath);
	diag.warn = warn_cb;
	if ((err = sym_map_file(mpath, &map, &diag))) {
		fprintf(stderr, "%s: %s: %s\n", prog, mpath,
			diag.msg[0] ? diag.msg : sym_strerror(err));
		return 1;
	}
	if (verify) {
		rc = jvm_verify_map_hash((const char *)map.data, map.len, msg,
					 sizeof(msg));
		if (rc)
			fprintf(stderr, "%s: %s: %s\n", prog, mpath, msg);
		sym_unmap(&map);
		return rc ? 1 : 0;
	}
	holding = 1;
	err = symfmt_proguard_index(&pm, (const char *)map.data, map.len,
				    &diag, drop_cb, &map);
	holding = 0;
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, mpath,
			sym_strerror(err));
		rc = 1;
		goto out;
	}
	if (!pm->nentries && nbad) {
		/* R8 refuses it too; an empty map is fine */
		fprintf(stderr, "%s: %s: not a ProGuard/R8 mapping file\n",
			prog, mpath);
		nbad = 0;
		rc = 1;
		goto out;
	}
	for (k = 0; !quiet && k < nbad && k < MAX_BAD; k++)
		fprintf(stderr, "%s: %s:%lu: %s\n", prog, mpath, held[k],
			PG_BAD_LINE_MSG);
	if (!quiet)
		version_warnings(pm->map_version, mpath);
	sg.on = sg.print || json;
	if (sg.on) {
		sym_diag_init(&sd, "SYMKIT_SIGLISTS");
		err = sig_rules_load(&sg.rules, getenv("SYMKIT_SIGLISTS"),
				     siglists, n_siglists, &sd);
		if (!err && (err = sig_chain_new(&sg.chain)))
			sig_rules_free(sg.rules);
		if (err) {
			if (sd.err && (sd.flags & SYM_DIAG_LINE))
				fprintf(stderr, "%s: %s:%lu: %s\n", prog,
					sd.file, sd.line, sd.msg);
			else
				fprintf(stderr, "%s: %s: %s\n", prog, sd.file,
					sd.msg[0] ? sd.msg :
					sym_strerror(err));
			rc = 1;
			goto out;
		}
	}
	err = jvm_retrace_new(&rt, pm, regex, flags, msg, sizeof(msg));
	if (err) {
		if (err == SYM_EFORMAT) {
			rc = bad_usage("bad --regex", msg);
		} else {
			fprintf(stderr, "%s: %s\n", prog, sym_strerror(err));
			rc = 1;
		}
		goto out;
	}
	if (strcmp(tpath, "-")) {
		if (!(in = fopen(tpath, "r"))) {
			fprintf(stderr, "%s: %s: cannot open\n", prog, tpath);
			rc = 1;
			goto out;
		}
	}
	live = fstat(fileno(in), &st) < 0 || !S_ISREG(st.st_mode);
	if (run_trace(rt, in, json, live, &sg)) {
		fprintf(stderr, "%s: %s: read error\n", prog,
			in == stdin ? "-" : tpath);
		rc = 1;
	}
	if (in != stdin)
		fclose(in);
out:
	if (!quiet && nbad > MAX_BAD)
		fprintf(stderr, "%s: %s: %lu more unparsable lines\n", prog,
			mpath, nbad - MAX_BAD);
	sig_chain_free(sg.chain);
	sig_rules_free(sg.rules);
	free(sg.name);
	jvm_retrace_free(rt);
	symfmt_proguard_free(pm);
	sym_unmap(&map);
	return rc;
}

int main(int argc, char **argv)
{
	return cli_exit(prog, run(argc, argv));
}

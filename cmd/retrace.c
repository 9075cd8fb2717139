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

#include "lib/core/io.h"
#include "lib/jvm/maphash.h"
#include "lib/jvm/retrace.h"
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
		"  --messages                  Also retrace names inside "
		"exception messages\n"
		"  -h, --help                  Show this help and exit\n"
		"  --version                   Show the version and exit\n",
		prog);
}

static int bad_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "",
		arg ? arg : "");
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return 2;
}

static int quiet;

static void warn_cb(void *ctx, const struct sym_diag *d, uint64_t offset,
		    unsigned long line, const char *msg)
{
	(void)ctx;
	(void)offset;
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

static int run_trace(struct jvm_retrace *rt, FILE *in, int json, int live)
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
		if (!json)
			fwrite(l.text, 1, l.text_len, stdout);
		else if (l.kind != JVM_LINE_OTHER)
			json_frame_line(&l, lineno, line, len);
		if (live)
			fflush(stdout);
	}
	if (ferror(in))
		err = 1;
	jvm_line_release(&l);
	free(line);
	return err;
}

enum { OPT_REGEX = 256, OPT_VERBOSE, OPT_QUIET, OPT_INFO, OPT_VERIFY,
       OPT_JSON, OPT_MESSAGES, OPT_VERSION };

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "regex", required_argument, NULL, OPT_REGEX },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "info", no_argument, NULL, OPT_INFO },
		{ "verify-mapping-file-hash", no_argument, NULL, OPT_VERIFY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "messages", no_argument, NULL, OPT_MESSAGES },
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
	err = symfmt_proguard_index(&pm, (const char *)map.data, map.len,
				    &diag, drop_cb, &map);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, mpath,
			sym_strerror(err));
		rc = 1;
		goto out;
	}
	if (pm->map_version && !quiet &&
	    strcmp(pm->map_version, "1.0") && strcmp(pm->map_version, "2.0") &&
	    strcmp(pm->map_version, "2.1") && strcmp(pm->map_version, "2.2") &&
	    strcmp(pm->map_version, "experimental"))
		fprintf(stderr,
			"%s: %s: Map version '%s' is unknown or not supported,"
			" retrace might not be correct\n", prog, mpath,
			pm->map_version);
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
	if (run_trace(rt, in, json, live)) {
		fprintf(stderr, "%s: %s: read error\n", prog,
			in == stdin ? "-" : tpath);
		rc = 1;
	}
	if (in != stdin)
		fclose(in);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		rc = 1;
	}
out:
	jvm_retrace_free(rt);
	symfmt_proguard_free(pm);
	sym_unmap(&map);
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * smap-resolve - positions in minified JavaScript -> original sources,
 * through ECMA-426 source maps; whole stack traces rewritten.
 * Argument parsing, I/O and exit codes only; the work is in lib/js and
 * symfmt/sourcemap.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cmd/cli.h"
#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/js/jsmap.h"
#include "lib/js/trace.h"
#include "lib/sig/sig.h"

static const char *prog = "smap-resolve";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [options] MAP [LINE:COLUMN ...]\n"
		"       %s --validate MAP\n"
		"       %s --info MAP\n"
		"       %s --trace [-d DIR]... [TRACE|-]\n"
		"\n"
		"Map positions in minified JavaScript (line and column 1-based, "
		"as stack\ntraces print them) to the original sources through "
		"a source map.  MAP is\na source map or a bundle whose "
		"sourceMappingURL names one.  Without\npositions, LINE:COLUMN "
		"lines are read from standard input.\n"
		"\n"
		"Options:\n"
		"  --bias glb|lub  Nearest mapping before (default) or after "
		"the column\n"
		"  --json          One JSON object per position (or frame)\n"
		"  --chain MAP2    Resolve the answer further through MAP2 "
		"(repeatable)\n"
		"  --validate      Check MAP against ECMA-426; exit 1 if "
		"invalid\n"
		"  --info          Print a JSON summary of MAP\n"
		"  --trace         Rewrite a V8/Node, Firefox or Safari stack "
		"trace\n"
		"  -d DIR          Directory of maps and bundles for --trace "
		"(repeatable)\n"
		"  --hide-ignored  With --trace, drop frames from "
		"ignore-listed sources\n"
		"  --signature     With --trace, print FINGERPRINT SIGNATURE "
		"per error\n"
		"                  (with --json: a \"signature\" object)\n"
		"  --sig-frames N  Frames in a signature (default 5)\n"
		"  --siglist FILE  Add a signature list file (also "
		"$SYMKIT_SIGLISTS)\n"
		"  -h, --help      Show this help and exit\n"
		"  --version       Show the version and exit\n",
		prog, prog, prog, prog);
}

static void print_error(const struct sym_diag *d, int err)
{
	if (!d->err)
		fprintf(stderr, "%s: %s: %s\n", prog, d->file,
			sym_strerror(err));
	else
		fprintf(stderr, "%s: %s: %s\n", prog, d->file,
			d->msg[0] ? d->msg : sym_strerror(err));
}

struct opts {
	enum sym_smap_bias bias;
	int json;
	int hide_ignored;
	const char **chain;
	size_t nchain;
	const char **dirs;
	size_t ndirs;
	/* crash signatures: --signature, and --json's "signature" objects */
	int signature;
	unsigned sig_frames;
	char **siglists;
	size_t nsiglists;
	struct sig_rules *rules;
	struct sig_chain *sigchain;
};

static int parse_pos(const char *s, uint32_t *line, uint32_t *col)
{
	char *e;
	unsigned long l, c;

	while (*s == ' ' || *s == '\t')
		s++;
	l = strtoul(s, &e, 10);
	if (e == s || *e != ':' || !l || l > UINT32_MAX)
		return -1;
	s = e + 1;
	c = strtoul(s, &e, 10);
	if (e == s || !c || c > UINT32_MAX)
		return -1;
	while (*e == ' ' || *e == '\t' || *e == '\r' || *e == '\n')
		e++;
	if (*e)
		return -1;
	*line = (uint32_t)l;
	*col = (uint32_t)c;
	return 0;
}

static void put_num(char sep, uint32_t v)
{
	char b[16], *e = b + sizeof(b), *q = e;

	do {
		*--q = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	*--q = sep;
	fwrite(q, 1, (size_t)(e - q), stdout);
}

static void print_pos(const struct opts *o, uint32_t line, uint32_t col,
		      const struct sym_js_pos *p)
{
	if (o->json) {
		json_object *j = json_object_new_object();

		json_object_object_add(j, "line", json_object_new_int64(line));
		json_object_object_add(j, "column", json_object_new_int64(col));
		json_object_object_add(j, "source_index",
			p->found && p->source_index != SYM_SMAP_NONE ?
			json_object_new_int64(p->source_index) : NULL);
		json_object_object_add(j, "source", p->found && p->source ?
			json_object_new_string(p->source) : NULL);
		json_object_object_add(j, "original_line", p->found ?
			json_object_new_int64(p->line) : NULL);
		json_object_object_add(j, "original_column", p->found ?
			json_object_new_int64(p->column) : NULL);
		json_object_object_add(j, "name", p->found && p->name ?
			json_object_new_string(p->name) : NULL);
		if (p->found && p->ignored)
			json_object_object_add(j, "ignored",
					       json_object_new_boolean(1));
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
		return;
	}
	if (!p->found) {
		fputs("<unknown>\n", stdout);
		return;
	}
	/* the 100k-lookups path: no printf */
	fputs(p->source ? p->source : "null", stdout);
	put_num(':', p->line);
	put_num(':', p->column);
	if (p->name) {
		putchar(' ');
		fputs(p->name, stdout);
	}
	putchar('\n');
}

static int open_chain(const struct opts *o, const char *map,
		      struct sym_js_map ***out, size_t *n)
{
	struct sym_js_map **v;
	size_t i;

	*n = 0;
	if (!(v = sym_calloc(o->nchain + 1, sizeof(*v))))
		return 1;
	for (i = 0; i <= o->nchain; i++) {
		const char *path = i ? o->chain[i - 1] : map;
		struct sym_diag d;
		int err;

		sym_diag_init(&d, path);
		if ((err = sym_js_map_open(path, 0, &v[i], &d))) {
			print_error(&d, err);
			while (i--)
				sym_js_map_close(v[i]);
			sym_free(v);
			return 1;
		}
	}
	*out = v;
	*n = o->nchain + 1;
	return 0;
}

static void close_chain(struct sym_js_map **v, size_t n)
{
	while (n--)
		sym_js_map_close(v[n]);
	sym_free(v);
}

static int lookup_one(const struct opts *o, struct sym_js_map **v, size_t n,
		      uint32_t line, uint32_t col, int once)
{
	struct sym_js_pos p;
	struct sym_diag d;
	int err;

	/* the diag is only set up when there is something to say */
	if ((err = sym_js_lookup(v, n, line, col, o->bias, once, &p, NULL))) {
		sym_diag_init(&d, v[0]->map_path);
		sym_js_lookup(v, n, line, col, o->bias, once, &p, &d);
		print_error(&d, err);
		return 1;
	}
	print_pos(o, line, col, &p);
	return 0;
}

static int positions(const struct opts *o, const char *map, char **args,
		     int nargs)
{
	struct sym_js_map **v;
	size_t n;
	int i, rc = 0;

	if (open_chain(o, map, &v, &n))
		return 1;
	if (nargs) {
		for (i = 0; i < nargs; i++) {
			uint32_t line, col;

			if (parse_pos(args[i], &line, &col)) {
				close_chain(v, n);
				return bad_usage("bad position (want LINE:COLUMN)",
						 args[i]);
			}
			/* one lookup: decode only up to its line */
			if (lookup_one(o, v, n, line, col, nargs == 1)) {
				rc = 1;
				break;
			}
		}
	} else {
		struct stat st;
		int flush = fstat(0, &st) || !S_ISREG(st.st_mode);
		char *lbuf = NULL;
		size_t cap = 0;

		while (getline(&lbuf, &cap, stdin) > 0) {
			uint32_t line, col;

			if (parse_pos(lbuf, &line, &col)) {
				size_t k = strcspn(lbuf, "\r\n");

				lbuf[k] = 0;
				fprintf(stderr, "%s: bad position: %s\n", prog,
					lbuf);
				puts(o->json ? "null" : "<unknown>");
				rc = 1;
			} else if (lookup_one(o, v, n, line, col, 0)) {
				rc = 1;
				break;
			}
			if (flush)
				fflush(stdout);
		}
		free(lbuf);
	}
	close_chain(v, n);
	return rc;
}

static int validate(const char *path)
{
	struct sym_js_map *m;
	struct sym_diag d;
	int err;

	sym_diag_init(&d, path);
	/* json-c, the parser of record, and every mapping decoded; a
	 * bundle's map (sourceMappingURL) is checked the same way */
	if ((err = sym_js_map_open(path, SYM_SMAP_JSONC | SYM_SMAP_EAGER, &m,
				   &d))) {
		print_error(&d, err);
		return 1;
	}
	sym_js_map_close(m);
	return 0;
}

static int info(const char *path)
{
	struct sym_js_map *m;
	struct sym_diag d;
	json_object *j, *srcs;
	size_t i;
	int err;

	sym_diag_init(&d, path);
	if ((err = sym_js_map_open(path, SYM_SMAP_EAGER, &m, &d))) {
		print_error(&d, err);
		return 1;
	}
	j = json_object_new_object();
	json_object_object_add(j, "version",
			       json_object_new_int(m->smap->version));
	json_object_object_add(j, "file", m->smap->file ?
			       json_object_new_string(m->smap->file) : NULL);
	json_object_object_add(j, "source_root", m->smap->source_root ?
			json_object_new_string(m->smap->source_root) : NULL);
	json_object_object_add(j, "index_map",
			       json_object_new_boolean(m->smap->is_index));
	json_object_object_add(j, "sections",
		json_object_new_int64((int64_t)m->smap->nsections));
	srcs = json_object_new_array();
	for (i = 0; i < m->smap->nsources; i++) {
		const struct sym_smap_source *s = &m->smap->sources[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "source", s->url ?
				       json_object_new_string(s->url) : NULL);
		json_object_object_add(o, "raw", s->raw ?
				       json_object_new_string(s->raw) : NULL);
		json_object_object_add(o, "ignored",
				       json_object_new_boolean(s->ignored));
		json_object_object_add(o, "content",
				       json_object_new_boolean(s->has_content));
		json_object_array_add(srcs, o);
	}
	json_object_object_add(j, "sources", srcs);
	json_object_object_add(j, "names",
		json_object_new_int64((int64_t)m->smap->nnames));
	json_object_object_add(
		j, "mappings",
		json_object_new_int64(
			(int64_t)symfmt_sourcemap_count(m->smap)));
	json_object_object_add(j, "debug_id", m->debug_id[0] ?
			       json_object_new_string(m->debug_id) : NULL);
	puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
		JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(j);
	sym_js_map_close(m);
	return 0;
}

static json_object *frame_json(const struct sym_frame *f)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "function", f->function ?
			       json_object_new_string(f->function) : NULL);
	json_object_object_add(o, "file", f->file ?
			       json_object_new_string(f->file) : NULL);
	json_object_object_add(o, "line", json_object_new_int64(f->line));
	json_object_object_add(o, "column", json_object_new_int64(f->column));
	return o;
}

static void trace_json(const struct sym_js_trace *t, int hide)
{
	static const char *const from[] = { "kept", "scope", "callsite",
					    "source" };
	size_t i, k = 0;

	for (i = 0; i < t->n; i++) {
		const struct sym_js_line *l = &t->lines[i];
		json_object *o;

		if (l->kind != SYM_JS_FRAME || (hide && l->resolved &&
						l->ignored))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "frame", json_object_new_int64((int64_t)k++));
		json_object_object_add(o, "raw", frame_json(&l->raw));
		json_object_object_add(o, "resolved",
				       json_object_new_boolean(l->resolved));
		if (l->resolved) {
			json_object_object_add(o, "original",
					       frame_json(&l->orig));
			json_object_object_add(o, "name_from",
				json_object_new_string(from[l->name_from]));
			json_object_object_add(o, "mapping_name",
				l->mapping_name ?
				json_object_new_string(l->mapping_name) : NULL);
			json_object_object_add(o, "ignored",
				json_object_new_boolean(l->ignored));
		}
		if (t->error_type) {
			json_object_object_add(o, "error_type",
				json_object_new_string(t->error_type));
		}
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
}

static int sig_print(const struct opts *o)
{
	struct sig_result r;
	char fp[17];
	json_object *j;
	int err;

	if (!sig_chain_len(o->sigchain))
		return SYM_OK;
	err = sig_chain_js(o->sigchain, o->rules, o->sig_frames, &r);
	sig_chain_reset(o->sigchain);
	if (err)
		return err;
	sig_fingerprint_hex(r.fingerprint, fp);
	if (o->json) {
		j = json_object_new_object();
		json_object_object_add(j, "kind",
				       json_object_new_string("signature"));
		json_object_object_add(j, "fingerprint",
				       json_object_new_string(fp));
		json_object_object_add(j, "signature",
				       json_object_new_string(r.signature));
		json_object_object_add(j, "deeper",
				       json_object_new_string(r.deeper));
		puts(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
			JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(j);
	} else {
		printf("%s %s\n", fp, r.signature);
	}
	sig_result_release(&r);
	return SYM_OK;
}

/* One signature per error: a header line and the frames after it. */
static int trace_sigs(const struct opts *o, const struct sym_js_trace *t)
{
	const char *text, *msg;
	size_t i, tl;
	int err = SYM_OK;

	for (i = 0; !err && i < t->n; i++) {
		const struct sym_js_line *l = &t->lines[i];
		const struct sym_frame *f = l->resolved ? &l->orig : &l->raw;

		if (l->kind == SYM_JS_HEADER ||
		    (l->kind == SYM_JS_TEXT && sig_js_header_like(l->text))) {
			if ((err = sig_print(o)))
				break;
			for (text = l->text; *text == ' ' || *text == '\t';
			     text++)
				;
			sig_split_header(text, &tl, &msg);
			err = sig_chain_exception(o->sigchain, 0, text, tl, msg);
		} else if (l->kind == SYM_JS_FRAME) {
			if (!sig_chain_len(o->sigchain))	/* no header */
				err = sig_chain_exception(o->sigchain, 0,
					t->error_type ? t->error_type :
					"Error", t->error_type ?
					strlen(t->error_type) : 5, NULL);
			if (!err)
				err = sig_chain_frame(o->sigchain, f->function,
						      f->file, l->resolved &&
						      l->ignored);
		}
	}
	return err ? err : sig_print(o);
}

/* Resolve and print one trace (or one blank-line separated part). */
static int trace_text(const struct opts *o, struct sym_js_resolver *r,
		      const char *text, size_t len)
{
	struct sym_js_trace *t;
	size_t i;
	int err;

	if ((err = sym_js_trace_parse(text, len, &t)))
		return err;
	if ((err = sym_js_trace_resolve(t, r))) {
		sym_js_trace_free(t);
		return err;
	}
	if (o->signature && !o->json) {
		/* only the signatures */
	} else if (o->json) {
		trace_json(t, o->hide_ignored);
	} else {
		for (i = 0; i < t->n; i++) {
			const struct sym_js_line *l = &t->lines[i];
			size_t olen;
			char *s;

			if (o->hide_ignored && l->kind == SYM_JS_FRAME &&
			    l->resolved && l->ignored)
				continue;
			if (!(s = sym_js_line_render(l, &olen))) {
				err = SYM_ENOMEM;
				break;
			}
			fwrite(s, 1, olen, stdout);
			sym_free(s);
		}
	}
	if (!err && o->sigchain)
		err = trace_sigs(o, t);
	sym_js_trace_free(t);
	return err;
}

/*
 * A pipe is read as a stream: each part up to a blank line is resolved
 * and flushed, so the tool works as a coprocess.
 */
static int trace_stream(const struct opts *o, struct sym_js_resolver *r,
			FILE *f)
{
	char *lbuf = NULL, *acc = NULL;
	size_t cap = 0, n = 0, acap = 0;
	ssize_t got;
	int err = SYM_OK;

	while (!err && (got = getline(&lbuf, &cap, f)) > 0) {
		int blank = strspn(lbuf, " \t\r\n") == (size_t)got;

		if (!blank) {
			if (n + (size_t)got + 1 > acap) {
				char *v =
					realloc(acc, (n + (size_t)got) * 2 + 1);

				if (!v) {
					err = SYM_ENOMEM;
					break;
				}
				acc = v;
				acap = (n + (size_t)got) * 2 + 1;
			}
			memcpy(acc + n, lbuf, (size_t)got);
			n += (size_t)got;
			continue;
		}
		if (n)
			err = trace_text(o, r, acc, n);
		n = 0;
		fwrite(lbuf, 1, (size_t)got, stdout);
		fflush(stdout);
	}
	if (!err && n)
		err = trace_text(o, r, acc, n);
	fflush(stdout);
	free(lbuf);
	free(acc);
	return err;
}

static int trace(struct opts *o, const char *path)
{
	struct sym_map m;
	struct sym_js_resolver *r;
	struct sym_diag d;
	struct stat st;
	int err;

	sym_diag_init(&d, path);
	if (o->sigchain) {
		struct sym_diag sd;

		sym_diag_init(&sd, "SYMKIT_SIGLISTS");
		err = sig_rules_load(&o->rules, getenv("SYMKIT_SIGLISTS"),
				     o->siglists, o->nsiglists, &sd);
		if (err) {
			if (sd.err && (sd.flags & SYM_DIAG_LINE))
				fprintf(stderr, "%s: %s:%lu: %s\n", prog,
					sd.file, sd.line, sd.msg);
			else
				print_error(&sd, err);
			return 1;
		}
	}
	if ((err = sym_js_resolver_new(o->dirs, o->ndirs, &r))) {
		print_error(&d, err);
		return 1;
	}
	if (!strcmp(path, "-") && (fstat(0, &st) || !S_ISREG(st.st_mode))) {
		err = trace_stream(o, r, stdin);
	} else if (!(err = sym_map_file(path, &m, &d))) {
		err = trace_text(o, r, (const char *)m.data, m.len);
		sym_unmap(&m);
	}
	sym_js_resolver_free(r);
	if (err) {
		print_error(&d, err);
		return 1;
	}
	return 0;
}

static int add_arg(const char ***v, size_t *n, const char *s)
{
	const char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -1;
	nv[(*n)++] = s;
	*v = nv;
	return 0;
}

static int add_siglist(struct opts *o, char *s)
{
	char **nv = realloc(o->siglists, (o->nsiglists + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	nv[o->nsiglists++] = s;
	o->siglists = nv;
	return 0;
}

static int run(int argc, char **argv)
{
	enum { O_BIAS = 256, O_JSON, O_CHAIN, O_VALIDATE, O_INFO, O_TRACE,
	       O_HIDE, O_VERSION, O_SIGNATURE, O_SIGFRAMES, O_SIGLIST };
	static const struct option lopts[] = {
		{ "bias", required_argument, NULL, O_BIAS },
		{ "json", no_argument, NULL, O_JSON },
		{ "chain", required_argument, NULL, O_CHAIN },
		{ "validate", no_argument, NULL, O_VALIDATE },
		{ "info", no_argument, NULL, O_INFO },
		{ "trace", no_argument, NULL, O_TRACE },
		{ "hide-ignored", no_argument, NULL, O_HIDE },
		{ "signature", no_argument, NULL, O_SIGNATURE },
		{ "sig-frames", required_argument, NULL, O_SIGFRAMES },
		{ "siglist", required_argument, NULL, O_SIGLIST },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	int c, mode = 0, rc;
	unsigned long k;
	char *end;

	memset(&o, 0, sizeof(o));
	opterr = 0;	/* our own messages, named "smap-resolve" */
	while ((c = getopt_long(argc, argv, ":hd:", lopts, NULL)) != -1) {
		switch (c) {
		case O_BIAS:
			if (!strcmp(optarg, "glb"))
				o.bias = SYM_SMAP_GLB;
			else if (!strcmp(optarg, "lub"))
				o.bias = SYM_SMAP_LUB;
			else
				return bad_usage("bias must be glb or lub",
						 optarg);
			break;
		case O_JSON:
			o.json = 1;
			break;
		case O_CHAIN:
			if (add_arg(&o.chain, &o.nchain, optarg))
				return 1;
			break;
		case 'd':
			if (add_arg(&o.dirs, &o.ndirs, optarg))
				return 1;
			break;
		case O_VALIDATE:
		case O_INFO:
		case O_TRACE:
			if (mode && mode != c)
				return bad_usage("--validate, --info and --trace exclude each other",
						 NULL);
			mode = c;
			break;
		case O_HIDE:
			o.hide_ignored = 1;
			break;
		case O_SIGNATURE:
			o.signature = 1;
			break;
		case O_SIGFRAMES:
			k = strtoul(optarg, &end, 10);
			if (!*optarg || *end || !k || k > SIG_MAX_FRAMES)
				return bad_usage("--sig-frames wants 1 to 64",
						 optarg);
			o.sig_frames = (unsigned)k;
			break;
		case O_SIGLIST:
			if (add_siglist(&o, optarg))
				return 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case O_VERSION:
			printf("%s (symkit) %s\n", prog, SYMKIT_VERSION);
			return 0;
		case ':':
			return bad_usage("option requires an argument",
					 argv[optind - 1]);
		default:
			if (optopt && optopt < 256)
				fprintf(stderr, "%s: invalid option -- '%c'\n",
					prog, optopt);
			else
				fprintf(stderr, "%s: unrecognized option '%s'\n",
					prog, argv[optind - 1]);
			fprintf(stderr, "Try '%s --help' for more information.\n",
				prog);
			return 2;
		}
	}
	if (mode == O_TRACE) {
		if (argc - optind > 1)
			return bad_usage("--trace takes one trace file", NULL);
		if ((o.signature || o.json) && sig_chain_new(&o.sigchain))
			return 1;
		rc = trace(&o, optind < argc ? argv[optind] : "-");
		sig_chain_free(o.sigchain);
		sig_rules_free(o.rules);
	} else if (optind >= argc) {
		return bad_usage("no source map given", NULL);
	} else if (mode == O_VALIDATE || mode == O_INFO) {
		if (argc - optind > 1)
			return bad_usage("one map only", argv[optind + 1]);
		rc = mode == O_VALIDATE ? validate(argv[optind]) :
					  info(argv[optind]);
	} else {
		rc = positions(&o, argv[optind], argv + optind + 1,
			       argc - optind - 1);
	}
	free(o.chain);
	free(o.dirs);
	free(o.siglists);
	return rc;
}

int main(int argc, char **argv)
{
	return cli_exit(prog, run(argc, argv));
}

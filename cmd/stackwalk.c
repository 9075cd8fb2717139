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

#include "lib/core/io.h"
#include "lib/minidump/microdump.h"
#include "lib/minidump/minidump.h"
#include "lib/process/process.h"
#include "lib/report/report.h"
#include "lib/process/store.h"

static const char *prog = "stackwalk";

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [options] <minidump-file> [symbol-path ...]\n"
		"\n"
		"Output a stack trace for the provided minidump (\"-\" reads "
		"standard input).\n"
		"\n"
		"Options:\n"
		"\n"
		"  -m              Output in machine-readable format "
		"(same as -f machine)\n"
		"  -f FORMAT       Output format: human (default) or machine\n"
		"  -s              Output stack contents\n"
		"  -c              Output thread that causes crash or dump only\n"
		"  -b              Brief of the thread that causes crash or "
		"dump\n"
		"  -t N            Walk at most N frames per thread\n"
		"  --json          Output one JSON document (rust-minidump's "
		"schema)\n"
		"  --pretty        Indent the JSON output\n"
		"  --crashpad      Also print the Crashpad info stream "
		"(annotations)\n"
		"                  after the module list\n"
		"  -h, --help      Show this help and exit\n"
		"  --version       Show the version and exit\n",
		prog);
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

static int bad_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "",
		arg ? arg : "");
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return 2;
}

enum fmt { FMT_HUMAN, FMT_MACHINE, FMT_JSON };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'J' },
		{ "pretty", no_argument, NULL, 'P' },
		{ "crashpad", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct sym_process_opts popts = { 0 };
	enum fmt fmt = FMT_HUMAN;
	unsigned flags = 0;
	struct sym_diag d, sd;
	struct sym_map map;
	struct md_dump *dump = NULL;
	struct sym_store *store = NULL;
	struct sym_process *proc = NULL;
	const char *path;
	char *end;
	unsigned long n;
	int c, err, rc = 1;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":bcf:hmst:", longopts,
				NULL)) != -1) {
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
			else
				return bad_usage("unknown format", optarg);
			break;
		case 'm':
			fmt = FMT_MACHINE;
			break;
		case 's':
			flags |= SYM_REPORT_STACK_CONTENTS;
			break;
		case 't':
			n = strtoul(optarg, &end, 10);
			if (!*optarg || *end || n == 0 || n > 1000000)
				return bad_usage("-t wants a frame count",
						 optarg);
			popts.max_frames = (unsigned)n;
			break;
		case 'J':
			fmt = FMT_JSON;
			break;
		case 'P':
			flags |= SYM_REPORT_PRETTY;
			break;
		case 'C':
			flags |= SYM_REPORT_CRASHPAD;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s (symkit) %s\n", prog, SYMKIT_VERSION);
			return 0;
		case ':':
			fprintf(stderr, "%s: option requires an argument -- "
				"'%c'\n", prog, optopt);
			fprintf(stderr, "Try '%s --help' for more information.\n",
				prog);
			return 2;
		default:
			if (optopt)
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
	if (optind >= argc)
		return bad_usage("missing minidump file", NULL);
	path = argv[optind++];

	sym_diag_init(&d, strcmp(path, "-") ? path : "<stdin>");
	d.warn = warn_cb;
	err = sym_map_file(path, &map, &d);
	if (err) {
		print_error(&d, err);
		return 1;
	}
	if (md_is_microdump(map.data, map.len))
		err = md_microdump_open(map.data, map.len, &dump, &d);
	else
		err = md_open(map.data, map.len, &dump, &d);
	if (err) {
		print_error(&d, err);
		goto out_unmap;
	}
	if (argc > optind)
		store = sym_store_new((const char *const *)argv + optind,
				      (size_t)(argc - optind));
	if (argc > optind && !store) {
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
	else if (fmt == FMT_JSON)
		err = sym_report_json(stdout, proc, flags);
	else
		err = sym_report_human(stdout, proc, flags);
	if (!err && fflush(stdout))
		err = SYM_EIO;
	if (err)
		fprintf(stderr, "%s: <stdout>: %s\n", prog, sym_strerror(err));
	else
		rc = 0;
	sym_process_free(proc);
out_store:
	sym_store_free(store);
out_close:
	md_close(dump);
out_unmap:
	sym_unmap(&map);
	return rc;
}

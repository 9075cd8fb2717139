/* SPDX-License-Identifier: MIT */
/*
 * dump-syms - ELF + DWARF binary -> Breakpad .sym (stdout or a store).
 * Argument parsing, I/O and exit codes only; the work is in symfmt/.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "lib/core/io.h"
#include "lib/process/storewrite.h"
#include "symfmt/elfsym.h"

static const char *prog = "dump-syms";
static volatile sig_atomic_t ticks;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [options] <binary> [debug-dir ...]\n"
		"\n"
		"Write the Breakpad symbol file of an ELF binary with DWARF "
		"(\"-\" reads\nstandard input).  Debug directories are searched "
		"for .gnu_debuglink and\n.build-id debug files and for split "
		"DWARF .dwo files.\n"
		"\n"
		"Options:\n"
		"\n"
		"  -d              Output INLINE_ORIGIN and INLINE records\n"
		"  -c              Do not output STACK CFI records\n"
		"  -i              Output the MODULE and INFO lines only\n"
		"  -o STORE        Write STORE/<name>/<id>/<name>.sym "
		"atomically\n"
		"                  instead of standard output\n"
		"  -h, --help      Show this help and exit\n"
		"  --version       Show the version and exit\n",
		prog);
}

/* Exit status after --help or --version: 1 when stdout took no text. */
static int out_status(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		return 1;
	}
	return 0;
}

static void warn_cb(void *ctx, const struct sym_diag *d, uint64_t offset,
		    unsigned long line, const char *msg)
{
	(void)ctx;
	(void)line;
	if (offset == SYM_DIAG_NOWHERE)
		fprintf(stderr, "%s: %s: warning: %s\n", prog, d->file, msg);
	else
		fprintf(stderr, "%s: %s: warning: %s at offset 0x%" PRIx64
			"\n", prog, d->file, msg, offset);
}

static void print_error(const struct sym_diag *d, int err)
{
	if (d->err && (d->flags & SYM_DIAG_OFFSET))
		fprintf(stderr, "%s: %s: %s at offset 0x%" PRIx64 "\n", prog,
			d->file, d->msg, d->offset);
	else
		fprintf(stderr, "%s: %s: %s\n", prog, d->file,
			d->err && d->msg[0] ? d->msg : sym_strerror(err));
}

/* Progress on a terminal: a seconds counter after the first second. */
static void tick(int sig)
{
	/* Only async-signal-safe calls here: format by hand, write(). */
	char msg[64] = "\rdump-syms: working... ";
	size_t n = strlen(msg);
	char d[12];
	int k = 0, t;

	(void)sig;
	t = (int)++ticks;
	do {
		d[k++] = (char)('0' + t % 10);
		t /= 10;
	} while (t && k < 11);
	while (k)
		msg[n++] = d[--k];
	msg[n++] = 's';
	if (write(2, msg, n) < 0)
		ticks = ticks;
}

static void progress(int on)
{
	struct itimerval it;

	if (!isatty(2))
		return;
	memset(&it, 0, sizeof(it));
	if (on) {
		signal(SIGALRM, tick);
		it.it_value.tv_sec = 1;
		it.it_interval.tv_sec = 1;
	}
	setitimer(ITIMER_REAL, &it, NULL);
	if (!on && ticks && write(2, "\r\033[K", 4) < 0)
		ticks = 0;
}

int main(int argc, char **argv)
{
	struct symfmt_elf_opts o;
	const char *store = NULL, *bin = NULL;
	char **dirs;
	struct sym_map map;
	struct sym_diag d;
	char *out = NULL, id[41], code[129], name[256];
	size_t olen = 0, nd = 0;
	int i, err, opts_done = 0;

	memset(&o, 0, sizeof(o));
	/* The directories are the non-option arguments after the binary:
	 * argv itself holds them, compacted in place. */
	dirs = argv;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!opts_done && strcmp(a, "--") == 0) {
			opts_done = 1;
		} else if (!opts_done && (strcmp(a, "-h") == 0 ||
					  strcmp(a, "--help") == 0)) {
			usage(stdout);
			return out_status();
		} else if (!opts_done && strcmp(a, "--version") == 0) {
			printf("%s (symkit) %s\n", prog, SYMKIT_VERSION);
			return out_status();
		} else if (!opts_done && a[0] == '-' && a[1] == '-') {
			return bad_usage("unknown option", a);
		} else if (!opts_done && a[0] == '-' && a[1]) {
			const char *p;

			for (p = a + 1; *p; p++) {
				if (*p == 'd')
					o.flags |= SYMFMT_ELF_INLINES;
				else if (*p == 'c')
					o.flags |= SYMFMT_ELF_NO_CFI;
				else if (*p == 'i')
					o.flags |= SYMFMT_ELF_HEADER_ONLY;
				else if (*p == 'o') {
					if (p[1])
						store = p + 1;
					else if (i + 1 < argc)
						store = argv[++i];
					else
						return bad_usage(
						    "option requires an argument",
						    "-o");
					break;
				} else {
					char opt[3] = { '-', *p, 0 };

					return bad_usage("unknown option", opt);
				}
			}
		} else if (!bin) {
			bin = a;
		} else {
			dirs[nd++] = argv[i];
		}
	}
	if (!bin)
		return bad_usage("no binary given", NULL);
	o.path = strcmp(bin, "-") == 0 ? NULL : bin;
	o.debug_dirs = (const char *const *)dirs;
	o.n_debug_dirs = nd;
	sym_diag_init(&d, strcmp(bin, "-") == 0 ? "<stdin>" : bin);
	d.warn = warn_cb;
	if ((err = sym_map_file(bin, &map, &d))) {
		print_error(&d, err);
		return 1;
	}
	if (sym_map_is_file(&map))
		o.flags |= SYMFMT_ELF_DROP_PAGES;
	progress(1);
	err = symfmt_elf_to_sym(map.data, map.len, &o, &out, &olen, &d);
	progress(0);
	if (!err && store)
		err = symfmt_elf_identity(map.data, map.len, o.path, id, code,
					  name, &d);
	sym_unmap(&map);
	if (err) {
		print_error(&d, err);
		free(out);
		return 1;
	}
	if (store) {
		struct sym_diag sd;

		sym_diag_init(&sd, store);
		err = sym_store_write(store, name, id, out, olen, NULL, 0,
				      &sd);
		if (err)
			print_error(&sd, err);
	} else if (fwrite(out, 1, olen, stdout) != olen || fflush(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		err = SYM_EIO;
	}
	free(out);
	return err ? 1 : 0;
}

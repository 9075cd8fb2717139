/* SPDX-License-Identifier: MIT */
/*
 * bench_sig.c - signature cost per crash: every dump named is processed
 * once (not timed), then its signature is computed ROUNDS times with the
 * rules loaded once, as the tools do.  Prints "bench: ..." lines with
 * microseconds per signature and per rules load.
 *   bench_sig SYMBOL_PATH DUMP...
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/core/io.h"
#include "lib/minidump/minidump.h"
#include "lib/process/process.h"
#include "lib/report/report.h"

#define ROUNDS 2000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *paths[1];
	struct sym_store *store;
	struct sig_rules *rules;
	double t0, sig_time = 0, load_time;
	unsigned long n = 0;
	int i, k;

	if (argc < 3)
		return 2;
	paths[0] = argv[1];
	if (!(store = sym_store_new(paths, 1)))
		return 1;
	t0 = now();
	for (k = 0; k < 100; k++) {
		if (sig_rules_new(&rules))
			return 1;
		sig_rules_free(rules);
	}
	load_time = (now() - t0) / 100;
	if (sig_rules_new(&rules))
		return 1;
	for (i = 2; i < argc; i++) {
		struct sym_map m;
		struct md_dump *d;
		struct sym_process *p;
		struct sig_result r;

		if (sym_map_file(argv[i], &m, NULL))
			continue;
		if (md_open(m.data, m.len, &d, NULL)) {
			sym_unmap(&m);
			continue;
		}
		if (!sym_process_dump(d, store, NULL, &p, NULL)) {
			t0 = now();
			for (k = 0; k < ROUNDS; k++) {
				if (sym_report_signature(p, rules, 0, &r))
					return 1;
				sig_result_release(&r);
			}
			sig_time += now() - t0;
			n += ROUNDS;
			sym_process_free(p);
		}
		md_close(d);
		sym_unmap(&m);
	}
	if (!n)
		return 1;
	printf("bench: signature: %.1f us per crash (%lu signatures of %d "
	       "dumps)\n", sig_time / (double)n * 1e6, n, argc - 2);
	printf("bench: rules load: %.1f us per process\n", load_time * 1e6);
	sig_rules_free(rules);
	sym_store_free(store);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * sw_driver.c - a throwaway end-to-end driver for the walker while
 * cmd/stackwalk.c does not exist: sw_driver [-m] dump [symdir...].
 */
#include <stdio.h>
#include <string.h>

#include "../lib/io.h"
#include "../lib/minidump.h"
#include "../lib/process.h"
#include "../lib/report.h"
#include "../lib/store.h"

int main(int argc, char **argv)
{
	struct sym_diag d;
	struct sym_map m;
	struct md_dump *dump;
	struct sym_store *store;
	struct sym_process *p;
	int machine = 0, i = 1, err;

	if (i < argc && !strcmp(argv[i], "-m")) {
		machine = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: sw_driver [-m] dump [symdir...]\n");
		return 2;
	}
	sym_diag_init(&d, argv[i]);
	if ((err = sym_map_file(argv[i], &m, &d)) ||
	    (err = md_open(m.data, m.len, &dump, &d))) {
		fprintf(stderr, "sw_driver: %s: %s\n", argv[i],
			sym_strerror(err));
		return 1;
	}
	i++;
	store = sym_store_new((const char *const *)argv + i,
			      (size_t)(argc - i));
	if ((err = sym_process_dump(dump, store, NULL, &p, &d))) {
		fprintf(stderr, "sw_driver: %s\n", sym_strerror(err));
		return 1;
	}
	if (machine)
		sym_report_machine(stdout, p, 0);
	else
		sym_report_human(stdout, p, 0);
	sym_process_free(p);
	sym_store_free(store);
	md_close(dump);
	sym_unmap(&m);
	return 0;
}

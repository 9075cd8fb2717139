/* SPDX-License-Identifier: MIT */
/*
 * replay.c - a main() for the fuzz targets: runs LLVMFuzzerTestOneInput
 * on every file named (or in every directory named), so saved corpora
 * replay in `make check` without libFuzzer.  Prints
 * "replay NAME: N passed, 0 failed"; a crash fails the run.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/core/io.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static unsigned long ran;

static int one(const char *path)
{
	struct sym_map m;

	if (sym_map_file(path, &m, NULL)) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		return -1;
	}
	LLVMFuzzerTestOneInput(m.data, m.len);
	sym_unmap(&m);
	ran++;
	return 0;
}

static int walk(const char *path)
{
	struct stat st;
	struct dirent **ents;
	char sub[4096];
	int i, n, err = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: no such file\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return one(path);
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path,
				 ents[i]->d_name);
			if (walk(sub))
				err = -1;
		}
		free(ents[i]);
	}
	free(ents);
	return err;
}

int main(int argc, char **argv)
{
	int i, err = 0;

	for (i = 2; i < argc; i++)
		if (walk(argv[i]))
			err = 1;
	printf("replay %s: %lu passed, %d failed\n", argc > 1 ? argv[1] : "?",
	       ran, err);
	return err;
}

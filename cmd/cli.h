/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what every symkit command does the same way: a usage error
 * (message, "Try ... --help", exit 2) and the last check that standard
 * output received everything (a full disk is exit 1, not success).
 */
#ifndef SYMKIT_CLI_H
#define SYMKIT_CLI_H

#include <stdio.h>

#include "lib/core/io.h"

/* "prog: msg[: arg]" and the --help hint on stderr; returns 2. */
static inline int cli_usage_error(const char *prog, const char *msg,
				  const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, msg, arg ? ": " : "",
		arg ? arg : "");
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return 2;
}

/* main()'s exit code: rc, or 1 when rc is 0 but what was printed
 * (help and version included) did not all reach standard output. */
static inline int cli_exit(const char *prog, int rc)
{
	if (!rc && sym_flush_stdout()) {
		fprintf(stderr, "%s: <stdout>: write error\n", prog);
		rc = 1;
	}
	return rc;
}

/* The commands' short form, with their own static `prog`. */
#define bad_usage(msg, arg) cli_usage_error(prog, (msg), (arg))

#endif

/* SPDX-License-Identifier: MIT */
/*
 * bugs.c - a small program with four bugs, crashed into minidumps by
 * tests/crash/make.sh to test signatures:  bugs DUMP BUG ID THREADS
 *   null    NULL dereference while parsing a record
 *   order   assertion through the shared fatal() wrapper (abort)
 *   user    another assertion through the same fatal() wrapper
 *   ratio   integer division by zero
 * ID only changes the data (the "message id"); the bug runs in worker
 * thread 0 of THREADS workers (the others wait).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/crash/mdwriter.h"

#define NOINLINE __attribute__((noinline))

struct record {
	int id;
	char *name;
};

static const char *bug;
static int id;
static volatile int sink;
static volatile int zero;	/* a runtime 0 no compiler folds */

NOINLINE static void fatal(const char *what, int code)
{
	fprintf(stderr, "fatal: %s %d\n", what, code);
	abort();
}

NOINLINE static int parse_record(struct record *r)
{
	/* r->name is NULL for odd ids and for id 0 */
	return r->name[0] + r->id;
}

NOINLINE static int load_config(int n)
{
	struct record r = { n, n > 1000 ? "x" : NULL };

	return parse_record(&r) + 1;
}

NOINLINE static void validate_order(int order)
{
	if (order >= 0)
		fatal("order not found", order);
}

NOINLINE static void validate_user(int user)
{
	if (user >= 0)
		fatal("user not allowed", user);
}

NOINLINE static int compute_ratio(int total, int parts)
{
	return total / parts;
}

NOINLINE static int report_ratio(int n)
{
	return compute_ratio(n * 10, zero) + 1;
}

NOINLINE static void run_bug(void)
{
	if (!strcmp(bug, "null"))
		sink = load_config(id);
	else if (!strcmp(bug, "order"))
		validate_order(id);
	else if (!strcmp(bug, "user"))
		validate_user(id);
	else if (!strcmp(bug, "ratio"))
		sink = report_ratio(id);
	/* not a tail call: -O2 would drop this frame (see README) */
	sink++;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
	if (arg)
		run_bug();
	pthread_mutex_lock(&lock);	/* the others wait forever */
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[16];
	int i, n;

	if (argc != 5)
		return 2;
	mdw_install(argv[1]);
	bug = argv[2];
	id = atoi(argv[3]);
	n = atoi(argv[4]);
	if (n < 1 || n > 16)
		return 2;
	pthread_mutex_lock(&lock);
	for (i = 1; i < n; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	pthread_create(&t[0], NULL, worker, (void *)1);
	pthread_join(t[0], NULL);
	return 1;
}

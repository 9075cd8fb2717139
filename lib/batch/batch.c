/* SPDX-License-Identifier: MIT */
/*
 * batch.c - stackwalk --batch: workers take dumps in turn; the caller's
 * thread writes finished documents in input order.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/batch/batch.h"
#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/minidump/microdump.h"
#include "lib/minidump/minidump.h"
#include "lib/report/report.h"
#include "lib/sig/sig.h"

struct slot {
	char *text;		/* one line with its '\n' */
	size_t len;
	int done, failed;
};

struct batch {
	const char *const *paths;
	size_t n, next;
	struct slot *slots;
	struct sym_store *store;
	const struct sym_batch_opts *o;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	pthread_mutex_t warn_lock;
	int err;		/* SYM_ENOMEM in a worker */
};

struct worker {
	struct batch *b;
	struct sym_store *store;
	pthread_t tid;
};

static void warn_locked(void *ctx, const struct sym_diag *d, uint64_t off,
			unsigned long line, const char *msg)
{
	struct batch *b = ctx;

	pthread_mutex_lock(&b->warn_lock);
	b->o->warn(b->o->warn_ctx, d, off, line, msg);
	pthread_mutex_unlock(&b->warn_lock);
}

/* A JSON string of s, "" quoted on failure. */
static char *quoted(const char *s)
{
	struct json_object *o = json_object_new_string(s);
	const char *t = o ? json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_NOSLASHESCAPE) : NULL;
	char *r = t ? sym_strndup(t, strlen(t)) : NULL;

	json_object_put(o);
	return r;
}

/* The message of a failed dump, as stackwalk prints it. */
static void describe(const struct sym_diag *d, int err, char *buf,
		     size_t n)
{
	if (!d->err)
		snprintf(buf, n, "%s", sym_strerror(err));
	else if (d->flags & SYM_DIAG_LINE)
		snprintf(buf, n, "line %lu: %s", d->line, d->msg);
	else if (d->flags & SYM_DIAG_OFFSET)
		snprintf(buf, n, "%s at offset 0x%" PRIx64, d->msg,
			 d->offset);
	else
		snprintf(buf, n, "%s", d->msg[0] ? d->msg : sym_strerror(err));
}

/* {"path":P,"error":M}\n */
static int error_line(struct slot *sl, const char *path,
		      const struct sym_diag *d, int err)
{
	char msg[512], *qp, *qm = NULL;
	size_t n;

	describe(d, err, msg, sizeof(msg));
	if (!(qp = quoted(path)) || !(qm = quoted(msg)))
		goto out_nomem;
	n = strlen(qp) + strlen(qm) + 32;
	if (!(sl->text = sym_malloc(n)))
		goto out_nomem;
	sl->len = (size_t)snprintf(sl->text, n, "{\"path\":%s,\"error\":%s}\n",
				   qp, qm);
	sl->failed = 1;
	sym_free(qp);
	sym_free(qm);
	return SYM_OK;
out_nomem:
	sym_free(qp);
	sym_free(qm);
	return SYM_ENOMEM;
}

/* The --json document with "path" as its first key. */
static int doc_line(struct slot *sl, const char *path,
		    const struct sym_process *p, const struct sym_batch_opts *o)
{
	unsigned flags = o->report_flags & ~(unsigned)SYM_REPORT_PRETTY;
	struct sig_result sig;
	char *buf = NULL, *qp;
	size_t len = 0, n;
	FILE *f;
	int err;

	if ((err = sym_report_signature(p, o->sig_rules, o->sig_frames,
					&sig)))
		return err;
	if (!(f = open_memstream(&buf, &len))) {
		sig_result_release(&sig);
		return SYM_ENOMEM;
	}
	err = sym_report_json_sig(f, p, flags, &sig);
	sig_result_release(&sig);
	if (fclose(f) && !err)
		err = SYM_ENOMEM;
	if (!err && (len < 2 || buf[0] != '{'))
		err = SYM_EFORMAT;
	if (err || !(qp = quoted(path))) {
		free(buf);
		return err ? err : SYM_ENOMEM;
	}
	n = strlen(qp) + len + 16;
	if ((sl->text = sym_malloc(n)))
		sl->len = (size_t)snprintf(sl->text, n, "{\"path\":%s%s%s", qp,
					   buf[1] == '}' ? "" : ",", buf + 1);
	sym_free(qp);
	free(buf);
	return sl->text ? SYM_OK : SYM_ENOMEM;
}

static int one(struct batch *b, struct sym_store *store, size_t i)
{
	const char *path = b->paths[i];
	struct slot *sl = &b->slots[i];
	struct sym_process *proc = NULL;
	struct md_dump *dump = NULL;
	struct sym_diag d, sd;
	struct sym_map map;
	int err;

	sym_diag_init(&d, path);
	if ((err = sym_map_file(path, &map, &d)))
		return error_line(sl, path, &d, err);
	if (md_is_microdump(map.data, map.len))
		err = md_microdump_open(map.data, map.len, &dump, &d);
	else
		err = md_open(map.data, map.len, &dump, &d);
	if (err) {
		sym_unmap(&map);
		return error_line(sl, path, &d, err);
	}
	sym_diag_init(&sd, path);
	if (b->o->warn) {
		sd.warn = warn_locked;
		sd.warn_ctx = b;
	}
	err = sym_process_dump(dump, store, &b->o->popts, &proc, &sd);
	if (err)
		err = err == SYM_ENOMEM ? err : error_line(sl, path, &sd, err);
	else
		err = doc_line(sl, path, proc, b->o);
	sym_process_free(proc);
	md_close(dump);
	sym_unmap(&map);
	return err;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct batch *b = w->b;
	size_t i;
	int err;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		i = b->next < b->n && !b->err ? b->next++ : b->n;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			break;
		err = one(b, w->store, i);
		pthread_mutex_lock(&b->lock);
		if (err && !b->err)
			b->err = err;
		b->slots[i].done = 1;
		pthread_cond_broadcast(&b->ready);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

/* Write slots in order as they finish. */
static int drain(struct batch *b, FILE *out, size_t *nfailed)
{
	size_t i;
	int err = SYM_OK;

	for (i = 0; i < b->n; i++) {
		pthread_mutex_lock(&b->lock);
		while (!b->slots[i].done && !b->err)
			pthread_cond_wait(&b->ready, &b->lock);
		pthread_mutex_unlock(&b->lock);
		if (!b->slots[i].done)
			break;
		if (b->slots[i].failed)
			(*nfailed)++;
		/* a line at a time, flushed: the output may feed a pipe */
		if (!err && b->slots[i].text &&
		    (fwrite(b->slots[i].text, 1, b->slots[i].len, out) !=
		     b->slots[i].len || fflush(out)))
			err = SYM_EIO;
		sym_free(b->slots[i].text);
		b->slots[i].text = NULL;
	}
	return err;
}

int sym_batch_run(FILE *out, const char *const *paths, size_t n,
		  struct sym_store *store, const struct sym_batch_opts *o,
		  size_t *nfailed, struct sym_diag *d)
{
	unsigned jobs = o->jobs ? o->jobs : 1, k, started = 0;
	struct worker *w = NULL;
	struct batch b;
	int err;

	*nfailed = 0;
	memset(&b, 0, sizeof(b));
	b.paths = paths;
	b.n = n;
	b.store = store;
	b.o = o;
	if (jobs > SYM_BATCH_MAX_JOBS)
		jobs = SYM_BATCH_MAX_JOBS;
	if ((size_t)jobs > n)
		jobs = n ? (unsigned)n : 1;
	if (!(b.slots = sym_calloc(n ? n : 1, sizeof(*b.slots))) ||
	    !(w = sym_calloc(jobs, sizeof(*w)))) {
		sym_free(b.slots);
		return sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
	}
	pthread_mutex_init(&b.lock, NULL);
	pthread_mutex_init(&b.warn_lock, NULL);
	pthread_cond_init(&b.ready, NULL);
	for (k = 0; k < jobs; k++) {
		w[k].b = &b;
		w[k].store = jobs == 1 ? store : sym_store_child(store);
		if (!w[k].store) {
			b.err = SYM_ENOMEM;
			break;
		}
	}
	if (jobs == 1 && !b.err) {
		work(&w[0]);
	} else {
		for (k = 0; k < jobs && !b.err; k++, started++)
			if (pthread_create(&w[k].tid, NULL, work, &w[k]))
				break;
		if (!started)
			b.err = SYM_ENOMEM;
	}
	err = drain(&b, out, nfailed);
	for (k = 0; k < started; k++)
		pthread_join(w[k].tid, NULL);
	if (!err)
		err = b.err;
	for (k = 0; k < jobs; k++)
		if (w[k].store != store)
			sym_store_free(w[k].store);
	for (size_t i = 0; i < n; i++)
		sym_free(b.slots[i].text);
	sym_free(b.slots);
	sym_free(w);
	pthread_cond_destroy(&b.ready);
	pthread_mutex_destroy(&b.lock);
	pthread_mutex_destroy(&b.warn_lock);
	if (err)
		sym_diag_error(d, err, 0, 0, "%s", sym_strerror(err));
	return err;
}

int sym_batch_split(const char *buf, size_t len, char ***paths, size_t *n)
{
	size_t cap = 0, i = 0, e;
	char **v = NULL, **nv;

	*paths = NULL;
	*n = 0;
	while (i < len) {
		for (e = i; e < len && buf[e] != '\n'; e++)
			;
		size_t l = e - i;

		if (l && buf[i + l - 1] == '\r')
			l--;
		if (l) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				if (!(nv = sym_reallocarray(v, cap,
							    sizeof(*v))))
					goto out_nomem;
				v = nv;
			}
			if (!(v[*n] = sym_strndup(buf + i, l)))
				goto out_nomem;
			(*n)++;
		}
		i = e + 1;
	}
	*paths = v;
	return SYM_OK;
out_nomem:
	sym_batch_paths_free(v, *n);
	*n = 0;
	return SYM_ENOMEM;
}

void sym_batch_paths_free(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sym_free(paths[i]);
	sym_free(paths);
}

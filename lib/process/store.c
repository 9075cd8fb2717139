/* SPDX-License-Identifier: MIT */
/*
 * store.c - symbol store with Breakpad's SimpleSymbolSupplier layout.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/core/alloc.h"
#include "lib/process/store.h"
#include "lib/model/symtab_int.h"
#include "symfmt/breakpad.h"

struct store_entry {
	char *debug_file, *debug_id;
	char *path;		/* the .sym file, NULL when missing */
	enum sym_store_status status;
	struct sym_table *table;
	int err;
	char msg[256];
};

struct sym_store {
	char **paths;
	size_t npaths;
	struct store_entry *v;
	size_t n, cap;
};

struct sym_store *sym_store_new(const char *const *paths, size_t npaths)
{
	struct sym_store *s = sym_calloc(1, sizeof(*s));
	size_t i;

	if (!s)
		return NULL;
	s->paths = sym_calloc(npaths ? npaths : 1, sizeof(*s->paths));
	if (!s->paths)
		goto out_free;
	for (i = 0; i < npaths; i++) {
		s->paths[i] = sym_strndup(paths[i], strlen(paths[i]));
		if (!s->paths[i])
			goto out_free;
		s->npaths++;
	}
	return s;
out_free:
	sym_store_free(s);
	return NULL;
}

static void entry_release(struct store_entry *e)
{
	sym_free(e->debug_file);
	sym_free(e->debug_id);
	sym_free(e->path);
	sym_table_free(e->table);
}

void sym_store_free(struct sym_store *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->npaths; i++)
		sym_free(s->paths[i]);
	sym_free(s->paths);
	for (i = 0; i < s->n; i++)
		entry_release(&s->v[i]);
	sym_free(s->v);
	sym_free(s);
}

/* PathnameStripper::File: after the last '/' or '\\'. */
static const char *base_name(const char *p)
{
	const char *b = p;

	for (; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

/* <root>/<file>/<id>/<file minus .pdb, any case>.sym */
static char *sym_path(const char *root, const char *file, const char *id)
{
	size_t fl = strlen(file), stem = fl;
	size_t n;
	char *p;

	if (fl > 4 && file[fl - 4] == '.' &&
	    (file[fl - 3] | 0x20) == 'p' && (file[fl - 2] | 0x20) == 'd' &&
	    (file[fl - 1] | 0x20) == 'b')
		stem = fl - 4;
	n = strlen(root) + fl + strlen(id) + stem + 8;
	p = sym_malloc(n);
	if (!p)
		return NULL;
	memcpy(p, root, strlen(root));
	n = strlen(root);
	p[n++] = '/';
	memcpy(p + n, file, fl);
	n += fl;
	p[n++] = '/';
	memcpy(p + n, id, strlen(id));
	n += strlen(id);
	p[n++] = '/';
	memcpy(p + n, file, stem);
	n += stem;
	memcpy(p + n, ".sym", 5);
	return p;
}

/* First existing file along the paths: 1 found, 0 none, -SYM_ENOMEM. */
static int find_file(const struct sym_store *s, const char *file,
		     const char *id, char **out)
{
	struct stat st;
	size_t i;

	for (i = 0; i < s->npaths; i++) {
		char *p = sym_path(s->paths[i], file, id);

		if (!p)
			return -SYM_ENOMEM;
		if (!stat(p, &st)) {
			*out = p;
			return 1;
		}
		sym_free(p);
	}
	return 0;
}

/*
 * Breakpad's SimpleSymbolSupplier reads the file with std::getline()
 * up to the character (char)EOF: the data ends before the first 0xff
 * byte.
 */
static size_t readable_len(const struct sym_map *m, struct sym_diag *d)
{
	const uint8_t *ff = m->len ? memchr(m->data, 0xff, m->len) : NULL;

	if (!ff)
		return m->len;
	sym_diag_warn(d, SYM_DIAG_OFFSET, (uint64_t)(ff - m->data),
		      "byte 0xff: the rest of the file is ignored");
	return (size_t)(ff - m->data);
}

/*
 * Parse with a diag of our own naming the .sym file, so the caller's
 * diag keeps its file and first error; warnings still reach the
 * caller's callback.
 */
static void load(struct store_entry *e, struct sym_diag *caller)
{
	struct sym_table_info info;
	struct sym_diag ld, *d = &ld;
	struct sym_map m;
	int err;

	sym_diag_init(&ld, e->path);
	if (caller) {
		ld.warn = caller->warn;
		ld.warn_ctx = caller->warn_ctx;
	}
	if ((err = sym_map_file(e->path, &m, d)))
		goto out_error;
	if (!(e->table = sym_table_new())) {
		sym_unmap(&m);
		err = sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
		goto out_error;
	}
	sym_table_adopt(e->table, &m);
	err = symfmt_breakpad_parse(e->table, (const char *)e->table->map.data,
				    readable_len(&e->table->map, d), d);
	if (err) {
		sym_diag_error(d, err, 0, 0, "%s", sym_strerror(err));
		goto out_error;
	}
	sym_table_info(e->table, &info);
	e->status = info.corrupt ? SYM_STORE_CORRUPT : SYM_STORE_FOUND;
	if (caller)
		caller->nwarnings += ld.nwarnings;
	return;
out_error:
	sym_table_free(e->table);
	e->table = NULL;
	e->status = SYM_STORE_ERROR;
	e->err = err;
	snprintf(e->msg, sizeof(e->msg), "%s",
		 ld.msg[0] ? ld.msg : sym_strerror(err));
	/* the module goes on without symbols: a warning, said once */
	sym_diag_warn(&ld, 0, 0, "cannot read symbols: %s", e->msg);
	if (caller)
		caller->nwarnings += ld.nwarnings;
}

static struct store_entry *lookup(struct sym_store *s, const char *file,
				  const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].debug_file, file) &&
		    !strcmp(s->v[i].debug_id, id))
			return &s->v[i];
	return NULL;
}

static enum sym_store_status result(const struct store_entry *e,
				    struct sym_table **out,
				    struct sym_diag *d)
{
	(void)d;
	*out = e->table;
	return e->status;
}

static struct store_entry *add(struct sym_store *s, const char *file,
			       const char *id)
{
	struct store_entry *e;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;

		e = sym_reallocarray(s->v, nc, sizeof(*e));
		if (!e)
			return NULL;
		s->v = e;
		s->cap = nc;
	}
	e = &s->v[s->n];
	memset(e, 0, sizeof(*e));
	e->debug_file = sym_strndup(file, strlen(file));
	e->debug_id = sym_strndup(id, strlen(id));
	if (!e->debug_file || !e->debug_id) {
		entry_release(e);
		return NULL;
	}
	s->n++;
	return e;
}

enum sym_store_status sym_store_get(struct sym_store *s,
				    const char *debug_file,
				    const char *debug_id,
				    struct sym_table **out,
				    struct sym_diag *d)
{
	const char *file = base_name(debug_file ? debug_file : "");
	struct store_entry *e;
	char *path = NULL;
	int r;

	*out = NULL;
	if (!*file || !debug_id || !*debug_id)
		return SYM_STORE_MISSING;
	if ((e = lookup(s, file, debug_id)))
		return result(e, out, d);
	r = find_file(s, file, debug_id, &path);
	if (r < 0 || !(e = add(s, file, debug_id))) {
		sym_free(path);
		sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
		return SYM_STORE_ERROR;
	}
	if (!r) {
		e->status = SYM_STORE_MISSING;
		return SYM_STORE_MISSING;
	}
	e->path = path;
	load(e, d);
	return result(e, out, d);
}

/* SPDX-License-Identifier: MIT */
/*
 * store.c - symbol store with Breakpad's SimpleSymbolSupplier layout,
 * a cache directory with precompiled indexes, symbol servers and
 * debuginfod.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "lib/core/alloc.h"
#include "lib/model/symtab_int.h"
#include "lib/process/http.h"
#include "lib/process/store.h"
#include "lib/process/symindex.h"
#include "symfmt/breakpad.h"

#define SCAN_CHUNK ((size_t)8 << 20)
#define DOWNLOAD_CAP ((size_t)4 << 30)
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_MISS_TTL 3600L

struct store_entry {
	char *key;
	char *path;		/* the .sym file, NULL when missing */
	const char *url;	/* where it came from, or first tried */
	char *own_url;		/* url when this entry owns it */
	enum sym_store_status status;
	struct sym_table *table;
	int err;
	char msg[256];
};

struct sym_store {
	char **paths;
	size_t npaths;
	struct sym_store_opts o;	/* the lists below are our copies */
	char *cache;
	char **urls, **dbgs;
	struct store_entry *v;
	size_t n, cap;
	struct sym_store *parent;	/* a child: views of its tables */
	pthread_mutex_t lock;
	struct sym_http *http;		/* made on the first download */
};

/* Copy n strings, dropping trailing slashes. */
static char **dup_list(const char *const *v, size_t n)
{
	char **r = sym_calloc(n ? n : 1, sizeof(*r));
	size_t i, l;

	if (!r)
		return NULL;
	for (i = 0; i < n; i++) {
		l = strlen(v[i]);
		while (l > 1 && v[i][l - 1] == '/')
			l--;
		if (!(r[i] = sym_strndup(v[i], l))) {
			while (i--)
				sym_free(r[i]);
			sym_free(r);
			return NULL;
		}
	}
	return r;
}

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		sym_free(v[i]);
	sym_free(v);
}

struct sym_store *sym_store_new_opts(const char *const *paths,
				     size_t npaths,
				     const struct sym_store_opts *opts)
{
	struct sym_store *s = sym_calloc(1, sizeof(*s));
	char **c = NULL;

	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	if (opts)
		s->o = *opts;
	s->o.cache_dir = NULL;
	s->o.urls = NULL;
	s->o.debuginfod = NULL;
	if (!s->o.timeout_ms)
		s->o.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (!s->o.miss_ttl)
		s->o.miss_ttl = DEFAULT_MISS_TTL;
	s->npaths = npaths;
	if (!(s->paths = dup_list(paths, npaths)) ||
	    !(s->urls = dup_list(opts ? opts->urls : NULL, s->o.nurls)) ||
	    !(s->dbgs = dup_list(opts ? opts->debuginfod : NULL,
				 s->o.ndebuginfod)))
		goto out_free;
	if (opts && opts->cache_dir) {
		if (!(c = dup_list(&opts->cache_dir, 1)))
			goto out_free;
		s->cache = c[0];
		sym_free(c);
	}
	if ((s->o.nurls || s->o.ndebuginfod) && sym_http_init())
		goto out_free;
	return s;
out_free:
	sym_store_free(s);
	return NULL;
}

struct sym_store *sym_store_new(const char *const *paths, size_t npaths)
{
	return sym_store_new_opts(paths, npaths, NULL);
}

struct sym_store *sym_store_child(struct sym_store *parent)
{
	struct sym_store *s = sym_store_new(NULL, 0);

	if (s)
		s->parent = parent;
	return s;
}

static void entry_release(struct store_entry *e)
{
	sym_free(e->key);
	sym_free(e->path);
	sym_free(e->own_url);
	sym_table_free(e->table);
}

void sym_store_free(struct sym_store *s)
{
	size_t i;

	if (!s)
		return;
	free_list(s->paths, s->npaths);
	free_list(s->urls, s->o.nurls);
	free_list(s->dbgs, s->o.ndebuginfod);
	sym_free(s->cache);
	for (i = 0; i < s->n; i++)
		entry_release(&s->v[i]);
	sym_free(s->v);
	sym_http_free(s->http);
	pthread_mutex_destroy(&s->lock);
	sym_free(s);
}

static void say(const struct sym_store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct sym_store *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!s->o.log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->o.log(s->o.log_ctx, msg);
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

/* A name that is safe as one path component (ids come from dumps). */
static int component_ok(const char *s)
{
	return *s && strcmp(s, ".") && strcmp(s, "..") && !strchr(s, '/') &&
	       !strchr(s, '\\');
}

static int ends_with_ci(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf), i;

	if (n <= k)
		return 0;
	for (i = 0; i < k; i++)
		if ((s[n - k + i] | 0x20) != suf[i])
			return 0;
	return 1;
}

/* Joined with '/', into a new string. */
static char *join(const char *const *parts, size_t n)
{
	size_t len = 1, i, o = 0;
	char *p;

	for (i = 0; i < n; i++)
		len += strlen(parts[i]) + 1;
	if (!(p = sym_malloc(len)))
		return NULL;
	for (i = 0; i < n; i++) {
		size_t l = strlen(parts[i]);

		if (i)
			p[o++] = '/';
		memcpy(p + o, parts[i], l);
		o += l;
	}
	p[o] = 0;
	return p;
}

/*
 * A module's place in a store: <file>/<id>/<leaf>, where leaf is the
 * file minus .pdb (debug layout, Breakpad) or minus .dll (code layout,
 * Tecken), plus ".sym".
 */
struct rel {
	char file[256], id[256], leaf[272];
};

static int rel_make(struct rel *r, const char *file, const char *id,
		    const char *drop)
{
	size_t fl = strlen(file), stem = fl;

	if (!component_ok(file) || !component_ok(id) ||
	    fl >= sizeof(r->file) || strlen(id) >= sizeof(r->id))
		return 0;
	if (ends_with_ci(file, drop))
		stem = fl - strlen(drop);
	memcpy(r->file, file, fl + 1);
	memcpy(r->id, id, strlen(id) + 1);
	memcpy(r->leaf, file, stem);
	memcpy(r->leaf + stem, ".sym", 5);
	return 1;
}

static char *rel_path(const char *root, const struct rel *r,
		      const char *suffix)
{
	char leaf[300];
	const char *v[4] = { root, r->file, r->id, leaf };

	snprintf(leaf, sizeof(leaf), "%s%s", r->leaf, suffix);
	return join(v, 4);
}

/* mkdir -p of root/file/id. */
static int make_dirs(const char *root, const struct rel *r)
{
	const char *v[3] = { root, r->file, r->id };
	char *p, *q;
	int i, ok = 1;

	/* the root's parents, on first use */
	if (access(root, F_OK) && (p = sym_strndup(root, strlen(root)))) {
		for (q = p + 1; *q; q++) {
			if (*q != '/')
				continue;
			*q = 0;
			(void)mkdir(p, 0755);
			*q = '/';
		}
		sym_free(p);
	}
	for (i = 1; i <= 3 && ok; i++) {
		if (!(p = join(v, (size_t)i)))
			return SYM_ENOMEM;
		if (mkdir(p, 0755) && errno != EEXIST)
			ok = 0;
		sym_free(p);
	}
	return ok ? SYM_OK : SYM_EIO;
}

/* ---- reading one .sym, with or without an index ---- */

/* Warnings seen while parsing, forwarded and kept for the index. */
struct recorder {
	void (*warn)(void *ctx, const struct sym_diag *d, uint64_t offset,
		     unsigned long line, const char *msg);
	void *ctx;
	struct sym_index_warn *v;
	size_t n, cap;
};

static void record(void *ctx, const struct sym_diag *d, uint64_t offset,
		   unsigned long line, const char *msg)
{
	struct recorder *r = ctx;
	struct sym_index_warn *w;

	if (r->warn)
		r->warn(r->ctx, d, offset, line, msg);
	if (r->n == r->cap) {
		size_t nc = r->cap ? r->cap * 2 : 16;

		if (!(w = sym_reallocarray(r->v, nc, sizeof(*w))))
			return;
		r->v = w;
		r->cap = nc;
	}
	w = &r->v[r->n++];
	w->offset = offset;
	w->line = line;
	snprintf(w->msg, sizeof(w->msg), "%s", msg);
}

/*
 * Breakpad's SimpleSymbolSupplier reads the file with std::getline()
 * up to the character (char)EOF: the data ends before the first 0xff
 * byte.  The scan goes a chunk at a time and drops the pages it read,
 * so a huge file does not sit in the RSS before the parse (which drops
 * its pages too); with h, the scanned bytes are hashed on the way.
 */
static size_t readable_len(const struct sym_map *m, XXH3_state_t *h,
			   struct sym_diag *d)
{
	size_t off = 0, n;
	const uint8_t *ff = NULL;

	while (off < m->len && !ff) {
		n = m->len - off < SCAN_CHUNK ? m->len - off : SCAN_CHUNK;
		ff = memchr(m->data + off, 0xff, n);
		if (h)
			XXH3_64bits_update(h, m->data + off, n);
		sym_map_drop(m, off, n);
		off += n;
	}
	if (!ff)
		return m->len;
	if (h && off < m->len)
		XXH3_64bits_update(h, m->data + off, m->len - off);
	sym_diag_warn(d, SYM_DIAG_OFFSET, (uint64_t)(ff - m->data),
		      "byte 0xff: the rest of the file is ignored");
	return (size_t)(ff - m->data);
}

static void set_status(struct store_entry *e)
{
	struct sym_table_info info;

	sym_table_info(e->table, &info);
	e->status = info.corrupt ? SYM_STORE_CORRUPT : SYM_STORE_FOUND;
}

/* Parse the mapped text into e->table; with idx, write its index. */
static int parse(struct sym_store *s, struct store_entry *e,
		 struct sym_map *m, const struct sym_index_src *src,
		 const char *idx, struct sym_diag *d)
{
	struct recorder rec = { d->warn, d->warn_ctx, NULL, 0, 0 };
	struct sym_index_src isrc;
	struct sym_diag wd;
	XXH3_state_t *h = NULL;
	size_t len;
	int err;

	if (idx) {
		d->warn = record;
		d->warn_ctx = &rec;
		if ((h = XXH3_createState()))
			XXH3_64bits_reset(h);
	}
	if (!(e->table = sym_table_new())) {
		sym_unmap(m);
		err = sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
		goto out;
	}
	sym_table_adopt(e->table, m);
	len = readable_len(&e->table->map, h, d);
	err = symfmt_breakpad_parse(e->table, (const char *)e->table->map.data,
				    len, d);
	if (err) {
		sym_diag_error(d, err, 0, 0, "%s", sym_strerror(err));
		goto out;
	}
	set_status(e);
	if (idx && h) {
		isrc = *src;
		isrc.hash = XXH3_64bits_digest(h);
		sym_diag_init(&wd, idx);
		if (sym_index_write(idx, e->table, &isrc, rec.v, rec.n, &wd))
			say(s, "%s: %s", idx, wd.msg);
		else
			say(s, "%s: index written", idx);
	}
out:
	if (idx) {
		d->warn = rec.warn;
		d->warn_ctx = rec.ctx;
	}
	XXH3_freeState(h);
	sym_free(rec.v);
	return err;
}

static void load_failed(struct store_entry *e, struct sym_diag *ld,
			int err)
{
	sym_table_free(e->table);
	e->table = NULL;
	e->status = SYM_STORE_ERROR;
	e->err = err;
	snprintf(e->msg, sizeof(e->msg), "%s",
		 ld->msg[0] ? ld->msg : sym_strerror(err));
	/* the module goes on without symbols: a warning, said once */
	sym_diag_warn(ld, 0, 0, "cannot read symbols: %s", e->msg);
}

/*
 * Load the text in m (taken over) into e, named e->path in messages.
 * With src and idx (a cache), the index at idx is used when it is
 * valid for this exact file, else (re)built.
 */
static void load_map(struct sym_store *s, struct store_entry *e,
		     struct sym_map *m, const struct sym_index_src *src,
		     const char *idx, struct sym_diag *caller)
{
	struct sym_diag ld, *d = &ld;
	int err;

	sym_diag_init(&ld, e->path);
	if (caller) {
		ld.warn = caller->warn;
		ld.warn_ctx = caller->warn_ctx;
	}
	if (src && idx) {
		err = sym_index_open(idx, src, (const char *)m->data, m->len,
				     &e->table, d);
		if (!err) {
			sym_table_adopt(e->table, m);
			set_status(e);
			goto out;
		}
		if (err != SYM_ENOENT)
			say(s, "%s: %s: rebuilding", idx, ld.msg);
		/* the index's problem is not the file's */
		ld.err = 0;
		ld.msg[0] = 0;
	}
	if ((err = parse(s, e, m, src, src ? idx : NULL, d)))
		load_failed(e, &ld, err);
out:
	if (caller)
		caller->nwarnings += ld.nwarnings;
}

/* Load e->path (fd when >= 0, else opened), with the index at idx. */
static void load(struct sym_store *s, struct store_entry *e, int fd,
		 const char *idx, struct sym_diag *caller)
{
	struct sym_index_src src;
	struct sym_diag ld;
	struct sym_map m;
	int own = fd < 0, err, have_src = 0;

	sym_diag_init(&ld, e->path);
	if (caller) {
		ld.warn = caller->warn;
		ld.warn_ctx = caller->warn_ctx;
	}
	if (own && (fd = open(e->path, O_RDONLY | O_CLOEXEC)) < 0) {
		err = sym_diag_error(&ld, errno == ENOENT ? SYM_ENOENT :
				     SYM_EIO, 0, 0, "%s", strerror(errno));
		goto out_error;
	}
	if (idx && !sym_index_src_of(fd, &src))
		have_src = 1;
	err = sym_map_fd(fd, &m, &ld);
	if (own)
		close(fd);
	if (err)
		goto out_error;
	load_map(s, e, &m, have_src ? &src : NULL, idx, caller);
	return;
out_error:
	load_failed(e, &ld, err);
	if (caller)
		caller->nwarnings += ld.nwarnings;
}
/* ---- the cache and symbol servers ---- */

static int exists(const char *p)
{
	struct stat st;

	/* a directory in the way is an unreadable file, as in Breakpad */
	return !stat(p, &st);
}

/* A miss recorded in the cache within the last miss_ttl seconds. */
static int miss_fresh(const struct sym_store *s, const struct rel *r)
{
	struct stat st;
	char *p;
	int fresh;

	if (!s->cache || s->o.miss_ttl < 0 ||
	    !(p = rel_path(s->cache, r, ".missing")))
		return 0;
	fresh = !stat(p, &st) && time(NULL) - st.st_mtime < s->o.miss_ttl;
	sym_free(p);
	return fresh;
}

static void miss_note(const struct sym_store *s, const struct rel *r)
{
	char *p;
	int fd;

	if (!s->cache || s->o.miss_ttl < 0 || make_dirs(s->cache, r))
		return;
	if (!(p = rel_path(s->cache, r, ".missing")))
		return;
	/* O_TRUNC updates the mtime of an old marker */
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	sym_free(p);
}

/* base/<file>/<id>/<leaf><suffix>, components escaped. */
static char *server_url(struct sym_store *s, const char *base,
			const struct rel *r)
{
	char *f = sym_http_escape(s->http, r->file);
	char *i = sym_http_escape(s->http, r->id);
	char *l = sym_http_escape(s->http, r->leaf);
	const char *v[4] = { base, f, i, l };
	char *u = f && i && l ? join(v, 4) : NULL;

	sym_free(f);
	sym_free(i);
	sym_free(l);
	return u;
}

/* The cache directory of r, made; NULL without a cache. */
static char *cache_dir_of(const struct sym_store *s, const struct rel *r)
{
	const char *v[3] = { s->cache, r->file, r->id };

	if (!s->cache || make_dirs(s->cache, r))
		return NULL;
	return join(v, 3);
}

/* A named temporary file in dir, else in $TMPDIR. */
static int temp_in(const char *dir, char **tmp)
{
	const char *td = getenv("TMPDIR");
	const char *v[2] = { dir ? dir : (td && *td ? td : "/tmp"),
			     ".symkit-dl.XXXXXX" };
	int fd;

	if (!(*tmp = join(v, 2)))
		return -1;
	if ((fd = mkstemp(*tmp)) < 0) {
		sym_free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* A Breakpad text starts with its MODULE record. */
static int looks_like_sym(int fd)
{
	char b[7];

	return pread(fd, b, sizeof(b), 0) == (ssize_t)sizeof(b) &&
	       !memcmp(b, "MODULE ", 7);
}

enum fetch { F_GOT, F_NOT_FOUND, F_FAILED };

/*
 * GET url into a new temporary file in dir (or $TMPDIR): on F_GOT, *fd
 * and *tmp are the file, for the caller to rename or unlink.  A .sym
 * (want_sym) must start with MODULE: a server's error page or garbage
 * never reaches the parser or the cache.
 */
static enum fetch fetch(struct sym_store *s, const char *url,
			const char *dir, int want_sym, int *fd, char **tmp)
{
	char msg[256] = "";
	enum sym_http_status st;

	if ((*fd = temp_in(dir, tmp)) < 0) {
		say(s, "%s: cannot make a temporary file", url);
		return F_FAILED;
	}
	st = sym_http_get(s->http, url, *fd, DOWNLOAD_CAP, msg, sizeof(msg));
	if (st == SYM_HTTP_OK && (!want_sym || looks_like_sym(*fd)))
		return F_GOT;
	if (st == SYM_HTTP_NOT_FOUND)
		say(s, "%s: not found", url);
	else if (st == SYM_HTTP_OK)
		say(s, "%s: not a Breakpad symbol file", url);
	else
		say(s, "%s: %s", url, msg);
	close(*fd);
	unlink(*tmp);
	sym_free(*tmp);
	*tmp = NULL;
	*fd = -1;
	return st == SYM_HTTP_NOT_FOUND ? F_NOT_FOUND : F_FAILED;
}

static int set_url(struct store_entry *e, const char *url)
{
	char *u = sym_strndup(url, strlen(url));

	if (!u)
		return SYM_ENOMEM;
	sym_free(e->own_url);
	e->own_url = u;
	e->url = u;
	return SYM_OK;
}

/* The index path of a .sym in the cache layout, or NULL. */
static char *index_path(const struct sym_store *s, const struct rel *r)
{
	if (!s->cache || make_dirs(s->cache, r))
		return NULL;
	return rel_path(s->cache, r, "idx");
}

/* Load a downloaded .sym: kept in the cache, or read and unlinked. */
static void take_download(struct sym_store *s, struct store_entry *e,
			  const struct rel *r, int fd, char *tmp,
			  const char *url, struct sym_diag *d)
{
	char *final = s->cache ? rel_path(s->cache, r, "") : NULL;
	char *idx;

	if (final && !rename(tmp, final)) {
		close(fd);
		sym_free(tmp);
		e->path = final;
		say(s, "%s: found, kept as %s", url, final);
		idx = index_path(s, r);
		load(s, e, -1, idx, d);
		sym_free(idx);
		return;
	}
	sym_free(final);
	unlink(tmp);
	sym_free(tmp);
	say(s, "%s: found", url);
	if ((e->path = sym_strndup(url, strlen(url))))
		load(s, e, fd, NULL, d);
	else
		e->status = SYM_STORE_ERROR;
	close(fd);
}

/* Try each server, debug layout then code layout: 1 got, 0 not. */
static int try_servers(struct sym_store *s, struct store_entry *e,
		       const struct rel *dr, const struct rel *cr,
		       int *failed, struct sym_diag *d)
{
	const struct rel *rs[2] = { dr, cr }, *r;
	char *url, *tmp, *dir;
	size_t i;
	int j, fd;
	enum fetch f;

	for (i = 0; i < s->o.nurls; i++) {
		for (j = 0; j < 2; j++) {
			if (!(r = rs[j]))
				continue;
			if (!(url = server_url(s, s->urls[i], r)))
				return 0;
			if (!e->url)
				set_url(e, url);
			dir = cache_dir_of(s, r);
			f = fetch(s, url, dir, 1, &fd, &tmp);
			sym_free(dir);
			if (f == F_GOT) {
				set_url(e, url);
				take_download(s, e, r, fd, tmp, url, d);
				sym_free(url);
				return 1;
			}
			if (f == F_FAILED)
				*failed = 1;
			sym_free(url);
		}
	}
	return 0;
}

/* ---- debuginfod ---- */

/* An ELF build id as debuginfod names it: lower-case hex. */
static int build_id_of(const struct sym_store_key *k, char *out, size_t n)
{
	const char *c = k->code_id ? k->code_id : "";
	const char *f = base_name(k->debug_file ? k->debug_file : "");
	size_t i, l = strlen(c);

	/* a Windows code id is hex too: not a build id */
	if (l < 2 || l % 2 || l >= n || ends_with_ci(f, ".pdb"))
		return 0;
	for (i = 0; i < l; i++) {
		char ch = c[i];

		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
			return 0;
		out[i] = ch;
	}
	out[l] = 0;
	return 1;
}

/* "MODULE os arch ID name": does ID match? */
static int module_id_is(const char *t, size_t n, const char *id)
{
	const char *e = memchr(t, '\n', n), *p = t;
	size_t il = strlen(id);
	int field = 0;

	if (!e)
		e = t + n;
	while (p < e && field < 3) {
		if (*p++ == ' ')
			field++;
	}
	return field == 3 && (size_t)(e - p) > il && p[il] == ' ' &&
	       !memcmp(p, id, il);
}

/* Write text as the .sym of dr in the cache: temporary file, rename. */
static char *keep_text(const struct sym_store *s, const struct rel *dr,
		       const char *text, size_t len)
{
	char *dir = cache_dir_of(s, dr), *tmp = NULL, *final = NULL;
	size_t done = 0;
	ssize_t w;
	int fd;

	if (!dir)
		return NULL;
	if ((fd = temp_in(dir, &tmp)) >= 0) {
		while (done < len && (w = write(fd, text + done,
						len - done)) > 0)
			done += (size_t)w;
		if (!close(fd) && done == len &&
		    (final = rel_path(s->cache, dr, "")) &&
		    rename(tmp, final)) {
			sym_free(final);
			final = NULL;
		}
		if (!final)
			unlink(tmp);
	}
	sym_free(tmp);
	sym_free(dir);
	return final;
}

/* Symbols from an ELF file in fd: converted, kept, loaded. */
static int take_elf(struct sym_store *s, struct store_entry *e,
		    const struct sym_store_key *k, const struct rel *dr,
		    int fd, const char *url, struct sym_diag *d)
{
	struct sym_diag cd;
	struct sym_map m, tm;
	char *text = NULL, *idx;
	size_t tlen = 0;
	int err;

	sym_diag_init(&cd, url);
	err = sym_map_fd(fd, &m, &cd);
	if (!err) {
		err = s->o.elf_to_sym(m.data, m.len, k->code_file, &text,
				      &tlen, &cd);
		sym_unmap(&m);
	}
	if (err) {
		say(s, "%s: cannot make symbols: %s", url,
		    cd.msg[0] ? cd.msg : sym_strerror(err));
		return 0;
	}
	if (!module_id_is(text, tlen, dr->id)) {
		say(s, "%s: symbols of another build (MODULE id is not %s)",
		    url, dr->id);
		free(text);
		return 0;
	}
	if ((e->path = keep_text(s, dr, text, tlen))) {
		free(text);
		say(s, "%s: found, symbols kept as %s", url, e->path);
		idx = index_path(s, dr);
		load(s, e, -1, idx, d);
		sym_free(idx);
		return 1;
	}
	say(s, "%s: found", url);
	if (!(e->path = sym_strndup(url, strlen(url)))) {
		free(text);
		e->status = SYM_STORE_ERROR;
		return 1;
	}
	/* the text becomes the table's buffer, freed with it */
	sym_map_from_buffer(&tm, text, tlen);
	load_map(s, e, &tm, NULL, NULL, d);
	return 1;
}

/* /buildid/<id>/debuginfo, else /executable, on each server. */
static int try_debuginfod(struct sym_store *s, struct store_entry *e,
			  const struct sym_store_key *k, const struct rel *dr,
			  int *failed, struct sym_diag *d)
{
	static const char *const kinds[2] = { "debuginfo", "executable" };
	char bid[130], *url, *tmp;
	const char *v[4];
	enum fetch f;
	size_t i;
	int j, fd, got;

	if (!s->o.elf_to_sym || !build_id_of(k, bid, sizeof(bid)))
		return 0;
	for (i = 0; i < s->o.ndebuginfod; i++) {
		for (j = 0; j < 2; j++) {
			v[0] = s->dbgs[i];
			v[1] = "buildid";
			v[2] = bid;
			v[3] = kinds[j];
			if (!(url = join(v, 4)))
				return 0;
			if (!e->url)
				set_url(e, url);
			f = fetch(s, url, NULL, 0, &fd, &tmp);
			if (f == F_GOT) {
				/* the ELF file itself is not kept */
				unlink(tmp);
				sym_free(tmp);
				got = take_elf(s, e, k, dr, fd, url, d);
				close(fd);
				if (got) {
					set_url(e, url);
					sym_free(url);
					return 1;
				}
				*failed = 1;
			} else if (f == F_FAILED) {
				*failed = 1;
			}
			sym_free(url);
			if (f != F_NOT_FOUND)
				break;	/* no /executable after a failure */
		}
	}
	return 0;
}

/* The first existing file along the paths, or NULL (*nomem set). */
static char *find_local(const struct sym_store *s, const struct rel *r,
			int *nomem)
{
	size_t i;
	char *p;

	for (i = 0; i <= s->npaths; i++) {
		const char *root = i < s->npaths ? s->paths[i] : s->cache;

		if (!root)
			continue;
		if (!(p = rel_path(root, r, ""))) {
			*nomem = 1;
			return NULL;
		}
		if (exists(p))
			return p;
		sym_free(p);
	}
	return NULL;
}

/* Find and load the symbols of k into e (the store is locked). */
static void resolve(struct sym_store *s, struct store_entry *e,
		    const struct sym_store_key *k, struct sym_diag *d)
{
	struct rel dr, cr;
	const char *cf = base_name(k->code_file ? k->code_file : "");
	int has_d, has_c, nomem = 0, failed = 0;
	char *idx, *p = NULL;

	has_d = rel_make(&dr, base_name(k->debug_file ? k->debug_file : ""),
			 k->debug_id ? k->debug_id : "", ".pdb");
	has_c = k->code_id && *k->code_id && rel_make(&cr, cf, k->code_id,
						      ".dll");
	/* rust-minidump and Tecken spell code ids upper case */
	for (p = cr.id; has_c && *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	p = NULL;
	e->status = SYM_STORE_MISSING;
	if (has_d && (p = find_local(s, &dr, &nomem))) {
		e->path = p;
		idx = index_path(s, &dr);
		load(s, e, -1, idx, d);
		sym_free(idx);
		return;
	}
	if (nomem)
		goto out_nomem;
	if ((!s->o.nurls || (!has_d && !has_c)) &&
	    (!s->o.ndebuginfod || !has_d))
		return;
	/* Tecken's code file lookup: only when the debug id is unknown
	 * to the server; the cache keeps what it found under the code
	 * layout */
	if (has_c && s->o.nurls && s->cache &&
	    (p = rel_path(s->cache, &cr, "")) &&
	    exists(p)) {
		e->path = p;
		idx = index_path(s, &cr);
		load(s, e, -1, idx, d);
		sym_free(idx);
		return;
	}
	if (has_c && s->o.nurls && s->cache && !p)
		goto out_nomem;
	sym_free(p);
	if (!s->http && !(s->http = sym_http_new(s->o.timeout_ms)))
		goto out_nomem;
	if (miss_fresh(s, has_d ? &dr : &cr)) {
		const struct rel *r = has_d ? &dr : &cr;

		say(s, "%s/%s/%s: a recent miss in the cache", r->file, r->id,
		    r->leaf);
		if (!e->url && s->o.nurls &&
		    (p = server_url(s, s->urls[0], has_d ? &dr : &cr))) {
			set_url(e, p);
			sym_free(p);
		}
		return;
	}
	if (try_servers(s, e, has_d ? &dr : NULL, has_c ? &cr : NULL,
			&failed, d))
		return;
	if (has_d && s->o.ndebuginfod &&
	    try_debuginfod(s, e, k, &dr, &failed, d))
		return;
	/* only a clean "not found" everywhere is remembered */
	if (!failed)
		miss_note(s, has_d ? &dr : &cr);
	return;
out_nomem:
	e->status = SYM_STORE_ERROR;
	sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
}

/* The entry key: debug file and id, else code file and id. */
static char *key_of(const struct sym_store_key *k)
{
	const char *f = base_name(k->debug_file ? k->debug_file : "");
	const char *id = k->debug_id ? k->debug_id : "";
	const char *v[3] = { "d", f, id };

	if (!*f || !*id) {
		v[0] = "c";
		v[1] = base_name(k->code_file ? k->code_file : "");
		v[2] = k->code_id ? k->code_id : "";
	}
	if (!*v[1] || !*v[2])
		return NULL;
	return join(v, 3);
}

static struct store_entry *find_entry(struct sym_store *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].key, key))
			return &s->v[i];
	return NULL;
}

static struct store_entry *add(struct sym_store *s, char *key)
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
	e = &s->v[s->n++];
	memset(e, 0, sizeof(*e));
	e->key = key;
	return e;
}

/* What a module without debug id may use: only the servers' code
 * lookup (a local store has no layout for it). */
static int usable(const struct sym_store *s, const struct sym_store_key *k)
{
	const char *f = base_name(k->debug_file ? k->debug_file : "");

	if (*f && k->debug_id && *k->debug_id)
		return 1;
	return s->o.nurls && k->code_id && *k->code_id;
}

static enum sym_store_status child_lookup(struct sym_store *s,
					  struct store_entry *e,
					  const struct sym_store_key *k,
					  struct sym_diag *d)
{
	struct sym_table *pt;

	e->status = sym_store_lookup(s->parent, k, &pt, &e->url, d);
	if (pt && !(e->table = sym_table_view(pt))) {
		e->status = SYM_STORE_ERROR;
		sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
	}
	return e->status;
}

enum sym_store_status sym_store_lookup(struct sym_store *s,
				       const struct sym_store_key *k,
				       struct sym_table **out,
				       const char **url,
				       struct sym_diag *d)
{
	struct store_entry *e;
	enum sym_store_status st;
	char *key;

	*out = NULL;
	if (url)
		*url = NULL;
	if (!(s->parent ? usable(s->parent, k) : usable(s, k)))
		return SYM_STORE_MISSING;
	if (!(key = key_of(k)))
		return SYM_STORE_MISSING;
	if (!s->parent)
		pthread_mutex_lock(&s->lock);
	if ((e = find_entry(s, key))) {
		sym_free(key);
	} else if (!(e = add(s, key))) {
		sym_free(key);
		sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
		st = SYM_STORE_ERROR;
		goto out;
	} else if (s->parent) {
		child_lookup(s, e, k, d);
	} else {
		resolve(s, e, k, d);
	}
	st = e->status;
	*out = e->table;
	if (url)
		*url = e->url;
	if (st != SYM_STORE_FOUND && st != SYM_STORE_CORRUPT)
		*out = NULL;
out:
	if (!s->parent)
		pthread_mutex_unlock(&s->lock);
	return st;
}

enum sym_store_status sym_store_get(struct sym_store *s,
				    const char *debug_file,
				    const char *debug_id,
				    struct sym_table **out,
				    struct sym_diag *d)
{
	struct sym_store_key k = { debug_file, debug_id, NULL, NULL };

	return sym_store_lookup(s, &k, out, NULL, d);
}

/* SPDX-License-Identifier: MIT */
/*
 * symindex.c - the precompiled .sym index: writer, checks and loader.
 *
 * File layout (native byte order, checked by a marker):
 *	header (128 bytes), section table (NSECT x 24 bytes), then each
 *	section 8-aligned.  Record sections hold struct sym_rec or struct
 *	sym_name exactly as the table uses them, so the loaded table's
 *	arrays point into the mapping.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/model/symtab_int.h"
#include "lib/process/symindex.h"
#include "symfmt/breakpad.h"

#define MAGIC "SYMKIDX\0"
#define ENDIAN_MARK 0x01020304u
#define HDR_SIZE 128
#define CHUNK ((size_t)1 << 18)
#define SAMPLE_BLOCKS 16
#define SAMPLE_SIZE 4096
#define MAX_WARN 1024
#define DROP_MIN ((off_t)4 << 20)	/* smaller indexes stay cached */

enum sect {
	S_FUNCS, S_PUBS, S_CFIS, S_CFI_REFUSED, S_CFI_HIGH,
	S_WIN0, S_WIN4 = S_WIN0 + SYM_WIN_TYPES - 1,
	S_FILES, S_ORIGINS, S_STRINGS, S_WARNINGS,
	NSECT
};

struct hdr {
	char magic[8];
	uint32_t version, endian;
	uint64_t file_size;
	uint64_t src_size, src_mtime_ns, src_ino, src_sample, src_hash;
	uint64_t text_len;
	uint64_t nwarnings;
	uint32_t corrupt, nsect;
	uint64_t body_hash;
	uint64_t reserved[3];
	uint64_t header_hash;	/* of the bytes before it */
};

struct sect_ent {
	uint32_t kind, elem;
	uint64_t off, count;
};

_Static_assert(sizeof(struct hdr) == HDR_SIZE, "index header size");
_Static_assert(sizeof(struct sect_ent) == 24, "index section entry size");
_Static_assert(sizeof(struct sym_rec) == 24, "sym_rec layout");
_Static_assert(sizeof(struct sym_name) == 16, "sym_name layout");
/*
 * A tripwire: what a parse fills must all be in the index (and in
 * sym_table_view()), or output would differ with and without it.  When
 * struct sym_table grows, add the new parse results as sections (and
 * bump SYM_INDEX_VERSION), copy them in sym_table_view(), then update
 * this size.
 */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct sym_table) == 552,
	       "struct sym_table changed: update symindex.c and sym_table_view");
#endif

static uint64_t mtime_ns(const struct stat *st)
{
	return (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	       (uint64_t)st->st_mtim.tv_nsec;
}

int sym_index_src_of(int fd, struct sym_index_src *src)
{
	char blk[SAMPLE_SIZE];
	struct stat st;
	uint64_t h = 0, step, off;
	ssize_t r;
	int i;

	memset(src, 0, sizeof(*src));
	if (fstat(fd, &st))
		return SYM_EIO;
	src->size = (uint64_t)st.st_size;
	src->mtime_ns = mtime_ns(&st);
	src->ino = (uint64_t)st.st_ino;
	step = src->size > SAMPLE_SIZE ?
	       (src->size - SAMPLE_SIZE) / (SAMPLE_BLOCKS - 1) : 0;
	for (i = 0; i < SAMPLE_BLOCKS; i++) {
		off = step * (uint64_t)i;
		r = pread(fd, blk, sizeof(blk), (off_t)off);
		if (r < 0)
			return SYM_EIO;
		h = XXH3_64bits_withSeed(blk, (size_t)r, h ^ off);
		if (!step)
			break;
	}
	src->sample = h;
	return SYM_OK;
}

static void stamp_new(const char *path, uint64_t body_hash);

/* ---- writer ---- */

struct bytes {
	uint8_t *p;
	size_t n, cap;
};

static int put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		uint8_t *q;

		while (nc < b->n + n)
			nc *= 2;
		if (!(q = sym_reallocarray(b->p, nc, 1)))
			return SYM_ENOMEM;
		b->p = q;
		b->cap = nc;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return SYM_OK;
}

static int put_str(struct bytes *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;

	if (put(b, &n, 4))
		return SYM_ENOMEM;
	return s ? put(b, s, (size_t)n + 1) : SYM_OK;
}

static int strings_blob(const struct sym_table *t, struct bytes *b)
{
	const char *v[5] = { t->os, t->arch, t->id, t->name, t->code_id };
	int i;

	for (i = 0; i < 5; i++)
		if (put_str(b, v[i]))
			return SYM_ENOMEM;
	return SYM_OK;
}

static int warnings_blob(const struct sym_index_warn *w, size_t nw,
			 struct bytes *b)
{
	uint32_t n = nw > MAX_WARN ? MAX_WARN : (uint32_t)nw, i, len;
	uint64_t line;

	if (put(b, &n, 4))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		len = (uint32_t)strnlen(w[i].msg, sizeof(w[i].msg) - 1);
		line = w[i].line;
		if (put(b, &w[i].offset, 8) || put(b, &line, 8) ||
		    put(b, &len, 4) || put(b, w[i].msg, len))
			return SYM_ENOMEM;
	}
	return SYM_OK;
}

struct sect_src {
	const void *p;
	uint32_t elem;
	uint64_t count;
};

static void sections_of(const struct sym_table *t, const struct bytes *str,
			const struct bytes *warn, struct sect_src *s)
{
	int i;

	s[S_FUNCS] = (struct sect_src){ t->funcs.v, 24, t->funcs.n };
	s[S_PUBS] = (struct sect_src){ t->pubs.v, 24, t->pubs.n };
	s[S_CFIS] = (struct sect_src){ t->cfis.v, 24, t->cfis.n };
	s[S_CFI_REFUSED] = (struct sect_src){ t->cfi_refused.v, 24,
					      t->cfi_refused.n };
	s[S_CFI_HIGH] = (struct sect_src){ t->cfi_refused_high, 8,
					   t->cfi_refused_high ?
					   t->cfi_refused.n : 0 };
	for (i = 0; i < SYM_WIN_TYPES; i++)
		s[S_WIN0 + i] = (struct sect_src){ t->wins[i].v, 24,
						   t->wins[i].n };
	s[S_FILES] = (struct sect_src){ t->files.v, 16, t->files.n };
	s[S_ORIGINS] = (struct sect_src){ t->origins.v, 16, t->origins.n };
	s[S_STRINGS] = (struct sect_src){ str->p, 1, str->n };
	s[S_WARNINGS] = (struct sect_src){ warn->p, 1, warn->n };
}

static uint64_t align8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

static int write_all(FILE *f, const void *p, size_t n)
{
	static const uint8_t zero[8];

	if (n && fwrite(p, 1, n, f) != n)
		return SYM_EIO;
	if (align8(n) != n &&
	    fwrite(zero, 1, (size_t)(align8(n) - n), f) != align8(n) - n)
		return SYM_EIO;
	return SYM_OK;
}

static int write_file(FILE *f, const struct sym_table *t,
		      const struct sym_index_src *src,
		      const struct sect_src *s, uint64_t *body_hash)
{
	struct sect_ent ent[NSECT];
	XXH3_state_t *st;
	struct hdr h;
	uint64_t off = align8(HDR_SIZE + sizeof(ent));
	int i, err = SYM_OK;

	memset(ent, 0, sizeof(ent));
	for (i = 0; i < NSECT; i++) {
		ent[i].kind = (uint32_t)i;
		ent[i].elem = s[i].elem;
		ent[i].off = off;
		ent[i].count = s[i].count;
		off = align8(off + s[i].count * s[i].elem);
	}
	if (!(st = XXH3_createState()))
		return SYM_ENOMEM;
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, ent, sizeof(ent));
	for (i = 0; i < NSECT; i++)
		if (s[i].count)
			XXH3_64bits_update(st, s[i].p, s[i].count * s[i].elem);
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.version = SYM_INDEX_VERSION;
	h.endian = ENDIAN_MARK;
	h.file_size = off;
	h.src_size = src->size;
	h.src_mtime_ns = src->mtime_ns;
	h.src_ino = src->ino;
	h.src_sample = src->sample;
	h.src_hash = src->hash;
	h.text_len = t->len;
	h.nwarnings = t->nwarnings;
	h.corrupt = (uint32_t)t->corrupt;
	h.nsect = NSECT;
	h.body_hash = XXH3_64bits_digest(st);
	*body_hash = h.body_hash;
	XXH3_freeState(st);
	h.header_hash = XXH3_64bits(&h, offsetof(struct hdr, header_hash));
	if (write_all(f, &h, sizeof(h)) || write_all(f, ent, sizeof(ent)))
		return SYM_EIO;
	for (i = 0; i < NSECT && !err; i++)
		err = write_all(f, s[i].p, s[i].count * s[i].elem);
	return err;
}

int sym_index_write(const char *path, const struct sym_table *t,
		    const struct sym_index_src *src,
		    const struct sym_index_warn *w, size_t nw,
		    struct sym_diag *d)
{
	struct bytes str = { 0 }, warn = { 0 };
	struct sect_src s[NSECT];
	uint64_t body_hash = 0;
	size_t pl = strlen(path);
	char *tmp;
	FILE *f;
	int fd, err;

	if (!(tmp = sym_malloc(pl + 16)))
		return sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
	memcpy(tmp, path, pl);
	memcpy(tmp + pl, ".tmp.XXXXXX", 12);
	if ((err = strings_blob(t, &str)) ||
	    (err = warnings_blob(w, nw, &warn))) {
		sym_diag_error(d, err, 0, 0, "out of memory");
		goto out_free;
	}
	sections_of(t, &str, &warn, s);
	if ((fd = mkstemp(tmp)) < 0) {
		err = sym_diag_error(d, SYM_EIO, 0, 0, "%s: %s", tmp,
				     strerror(errno));
		goto out_free;
	}
	(void)fchmod(fd, 0644);
	if (!(f = fdopen(fd, "wb"))) {
		close(fd);
		err = SYM_EIO;
		goto out_unlink;
	}
	err = write_file(f, t, src, s, &body_hash);
	if (fflush(f) && !err)
		err = SYM_EIO;
	/*
	 * Written pages sit in the page cache as large folios, and a
	 * lookup touching one maps all of it: on disk and out of the
	 * cache, later runs read it back in small pieces.
	 */
	if (!err && ftello(f) > DROP_MIN && !fdatasync(fd))
		(void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (fclose(f) && !err)
		err = SYM_EIO;
	if (!err && rename(tmp, path))
		err = SYM_EIO;
	if (!err)
		stamp_new(path, body_hash);
	if (err)
		sym_diag_error(d, err, 0, 0, "cannot write %s: %s", path,
			       err == SYM_EIO ? strerror(errno) :
			       sym_strerror(err));
out_unlink:
	if (err)
		unlink(tmp);
out_free:
	sym_free(str.p);
	sym_free(warn.p);
	sym_free(tmp);
	return err;
}

/* ---- checks and loading ---- */

struct ld {
	const uint8_t *p;
	size_t n;
	int fd;			/* >= 0: the body is read from it */
	size_t text_len;
	const char *stamp;	/* the verified-stamp file, or NULL */
	uint64_t *verified_hash;	/* out: set when hashed this time */
};

/*
 * Hashing a big index costs more than the rest of a warm run, so once
 * the body checked out (or we wrote it), a stamp beside it records the
 * index file's inode, size and change time (ctime: any write to the
 * file moves it, and no one can set it back) with its body hash; while
 * they match, later opens check the header and section table only.
 */
struct stamp {
	char magic[8];
	uint64_t dev, ino, size, ctime_ns, body_hash;
};

static void stamp_of(const struct stat *st, uint64_t body_hash,
		     struct stamp *sp)
{
	memset(sp, 0, sizeof(*sp));
	memcpy(sp->magic, "SYMKOK1\0", 8);
	sp->dev = (uint64_t)st->st_dev;
	sp->ino = (uint64_t)st->st_ino;
	sp->size = (uint64_t)st->st_size;
	sp->ctime_ns = (uint64_t)st->st_ctim.tv_sec * 1000000000u +
		       (uint64_t)st->st_ctim.tv_nsec;
	sp->body_hash = body_hash;
}

static int stamp_ok(const char *path, int fd, uint64_t body_hash)
{
	struct stamp want, got;
	struct stat st;
	int sfd, ok;

	if (fstat(fd, &st))
		return 0;
	stamp_of(&st, body_hash, &want);
	if ((sfd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	ok = read(sfd, &got, sizeof(got)) == (ssize_t)sizeof(got) &&
	     !memcmp(&got, &want, sizeof(got));
	close(sfd);
	return ok;
}

/* Best effort: a missing stamp only costs a full check next time. */
static void stamp_write(const char *path, const struct stat *st,
			uint64_t body_hash)
{
	struct stamp sp;
	size_t pl = strlen(path);
	char *tmp = sym_malloc(pl + 16);
	int fd;

	if (!tmp)
		return;
	stamp_of(st, body_hash, &sp);
	memcpy(tmp, path, pl);
	memcpy(tmp + pl, ".tmp.XXXXXX", 12);
	if ((fd = mkstemp(tmp)) >= 0) {
		(void)fchmod(fd, 0644);
		if (write(fd, &sp, sizeof(sp)) == (ssize_t)sizeof(sp) &&
		    !close(fd)) {
			if (rename(tmp, path))
				unlink(tmp);
		} else {
			unlink(tmp);
		}
	}
	sym_free(tmp);
}

/* <index>.ok */
static char *stamp_path(const char *path)
{
	size_t pl = strlen(path);
	char *p = sym_malloc(pl + 4);

	if (p) {
		memcpy(p, path, pl);
		memcpy(p + pl, ".ok", 4);
	}
	return p;
}

/* The stamp of an index just written (and renamed into place). */
static void stamp_new(const char *path, uint64_t body_hash)
{
	char *sp = stamp_path(path);
	struct stat st;

	if (sp && !stat(path, &st))
		stamp_write(sp, &st, body_hash);
	sym_free(sp);
}

static int bad(struct sym_diag *d, const char *what)
{
	return sym_diag_error(d, SYM_EFORMAT, 0, 0, "symbol index: %s", what);
}

/* Elements of one section, checked with the state carried across. */
static int check_elems(const struct ld *l, int kind, const uint8_t *p,
		       uint64_t n, uint64_t *prev)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		if (kind == S_FILES || kind == S_ORIGINS) {
			struct sym_name nm;

			memcpy(&nm, p + i * 16, 16);
			if (nm.off > l->text_len ||
			    nm.len > l->text_len - nm.off)
				return -1;
			/* binary search by id: sorted, signed */
			if ((int64_t)nm.id < (int64_t)*prev)
				return -1;
			*prev = (uint64_t)(int64_t)nm.id;
		} else if (kind != S_CFI_HIGH) {
			struct sym_rec r;

			memcpy(&r, p + i * 24, 24);
			if (r.off >= l->text_len)
				return -1;
			if (kind < S_CFI_HIGH) {	/* sorted by address */
				if (r.addr < *prev)
					return -1;
				*prev = r.addr;
			}
		}
	}
	return 0;
}

static uint64_t kind_first(int kind)
{
	return kind == S_FILES || kind == S_ORIGINS ? (uint64_t)INT64_MIN : 0;
}

/* n bytes at off: in the buffer, or read from the file into buf. */
static const uint8_t *chunk_at(const struct ld *l, uint64_t off, size_t n,
			       uint8_t *buf)
{
	size_t got = 0;
	ssize_t r;

	if (l->fd < 0)
		return l->p + off;
	while (got < n) {
		r = pread(l->fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return NULL;
		got += (size_t)r;
	}
	return buf;
}

/*
 * Hash every section and check its elements, one chunk at a time.  A
 * file is read with pread(): the page cache serves it without the
 * pages counting in the RSS, which the mapping then gets only for the
 * pages lookups touch.
 */
static int check_body(const struct ld *l, const struct sect_ent *ent,
		      uint64_t want)
{
	XXH3_state_t *st = XXH3_createState();
	uint8_t *buf = l->fd >= 0 ? sym_malloc(CHUNK) : NULL;
	int i, r = 0;

	if (!st || (l->fd >= 0 && !buf)) {
		XXH3_freeState(st);
		sym_free(buf);
		return SYM_ENOMEM;
	}
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, ent, sizeof(*ent) * NSECT);
	for (i = 0; i < NSECT && !r; i++) {
		uint64_t total = ent[i].count * ent[i].elem, done = 0;
		uint64_t per = CHUNK / ent[i].elem * ent[i].elem;
		uint64_t prev = kind_first(i);

		while (done < total && !r) {
			uint64_t n = total - done < per ? total - done : per;
			const uint8_t *p = chunk_at(l, ent[i].off + done,
						    (size_t)n, buf);

			if (!p) {
				r = -1;
				break;
			}
			XXH3_64bits_update(st, p, (size_t)n);
			if (i != S_STRINGS && i != S_WARNINGS)
				r = check_elems(l, i, p, n / ent[i].elem,
						&prev);
			done += n;
		}
	}
	if (!r && XXH3_64bits_digest(st) != want)
		r = -1;
	XXH3_freeState(st);
	sym_free(buf);
	return r ? SYM_EFORMAT : SYM_OK;
}

static const uint32_t elem_of[NSECT] = {
	[S_FUNCS] = 24, [S_PUBS] = 24, [S_CFIS] = 24, [S_CFI_REFUSED] = 24,
	[S_CFI_HIGH] = 8, [S_WIN0] = 24, [S_WIN0 + 1] = 24, [S_WIN0 + 2] = 24,
	[S_WIN0 + 3] = 24, [S_WIN4] = 24, [S_FILES] = 16, [S_ORIGINS] = 16,
	[S_STRINGS] = 1, [S_WARNINGS] = 1,
};

static int check_header(const struct ld *l, struct hdr *h,
			struct sect_ent *ent,
			const struct sym_index_src *src, struct sym_diag *d)
{
	uint64_t end = align8(HDR_SIZE + sizeof(*ent) * NSECT);
	int i;

	if (l->n < HDR_SIZE + sizeof(*ent) * NSECT)
		return bad(d, "truncated");
	memcpy(h, l->p, sizeof(*h));
	if (memcmp(h->magic, MAGIC, 8))
		return bad(d, "not an index");
	if (h->version != SYM_INDEX_VERSION || h->endian != ENDIAN_MARK)
		return bad(d, "other version or byte order");
	if (h->header_hash !=
	    XXH3_64bits(h, offsetof(struct hdr, header_hash)))
		return bad(d, "header checksum mismatch");
	if (h->file_size != l->n)
		return bad(d, "truncated");
	if (h->nsect != NSECT)
		return bad(d, "bad section table");
	if (src && (h->src_size != src->size ||
		    h->src_mtime_ns != src->mtime_ns ||
		    h->src_ino != src->ino || h->src_sample != src->sample))
		return bad(d, "stale: the symbol file changed");
	if (h->text_len > l->text_len)
		return bad(d, "stale: the symbol file is shorter");
	memcpy(ent, l->p + HDR_SIZE, sizeof(*ent) * NSECT);
	for (i = 0; i < NSECT; i++) {
		if (ent[i].kind != (uint32_t)i || ent[i].elem != elem_of[i] ||
		    ent[i].off != end || ent[i].count > l->n / ent[i].elem ||
		    ent[i].count * ent[i].elem > l->n - ent[i].off)
			return bad(d, "bad section table");
		end = align8(end + ent[i].count * ent[i].elem);
	}
	if (end != l->n)
		return bad(d, "bad section table");
	if (ent[S_CFI_HIGH].count != ent[S_CFI_REFUSED].count)
		return bad(d, "bad section table");
	return SYM_OK;
}

/* Bounded reads over a small section. */
struct rd {
	const uint8_t *p, *e;
	int err;
};

static int rd_get(struct rd *r, void *v, size_t n)
{
	if (r->err || (size_t)(r->e - r->p) < n) {
		r->err = 1;
		return -1;
	}
	memcpy(v, r->p, n);
	r->p += n;
	return 0;
}

/* A NUL-terminated string of the mapping; NULL when absent. */
static int rd_str(struct rd *r, char **out)
{
	uint32_t n;

	*out = NULL;
	if (rd_get(r, &n, 4))
		return -1;
	if (n == UINT32_MAX)
		return 0;
	if ((size_t)(r->e - r->p) <= n || r->p[n]) {
		r->err = 1;
		return -1;
	}
	*out = (char *)(uintptr_t)r->p;	/* read-only: the table borrows */
	r->p += (size_t)n + 1;
	return 0;
}

static int load_strings(struct sym_table *t, const struct ld *l,
			const struct sect_ent *e)
{
	struct rd r = { l->p + e->off, l->p + e->off + e->count, 0 };

	rd_str(&r, &t->os);
	rd_str(&r, &t->arch);
	rd_str(&r, &t->id);
	rd_str(&r, &t->name);
	rd_str(&r, &t->code_id);
	return r.err || r.p != r.e ? -1 : 0;
}

/* Check the warnings; with d, replay them. */
static int warnings(const struct ld *l, const struct sect_ent *e,
		    struct sym_diag *d)
{
	struct rd r = { l->p + e->off, l->p + e->off + e->count, 0 };
	uint32_t n, i, len;
	uint64_t off, line;
	char msg[256];

	if (rd_get(&r, &n, 4) || n > MAX_WARN)
		return -1;
	for (i = 0; i < n; i++) {
		if (rd_get(&r, &off, 8) || rd_get(&r, &line, 8) ||
		    rd_get(&r, &len, 4) || len >= sizeof(msg) ||
		    rd_get(&r, msg, len))
			return -1;
		msg[len] = 0;
		if (d) {
			d->nwarnings++;
			if (d->warn)
				d->warn(d->warn_ctx, d, off,
					(unsigned long)line, msg);
		}
	}
	return r.p == r.e ? 0 : -1;
}

static void set_recs(struct sym_recs *r, const struct ld *l,
		     const struct sect_ent *e)
{
	r->v = e->count ? (struct sym_rec *)(uintptr_t)(l->p + e->off) :
	       NULL;
	r->n = (size_t)e->count;
	r->cap = r->n;
}

static void set_names(struct sym_names *r, const struct ld *l,
		      const struct sect_ent *e)
{
	r->v = e->count ? (struct sym_name *)(uintptr_t)(l->p + e->off) :
	       NULL;
	r->n = (size_t)e->count;
	r->cap = r->n;
}

static int load(const struct ld *l, const struct sym_index_src *src,
		const char *text, struct sym_table **out, struct sym_diag *d)
{
	struct sect_ent ent[NSECT];
	struct sym_table *t;
	struct ld lt = *l;
	struct hdr h;
	int err, i;

	*out = NULL;
	if ((uintptr_t)l->p & 7)
		return bad(d, "misaligned");
	if ((err = check_header(l, &h, ent, src, d)))
		return err;
	/* records must lie inside the text the table decodes */
	lt.text_len = (size_t)h.text_len;
	if (l->stamp && l->fd >= 0 && stamp_ok(l->stamp, l->fd, h.body_hash))
		;
	else if ((err = check_body(&lt, ent, h.body_hash)))
		return err == SYM_EFORMAT ? bad(d, "checksum mismatch or "
						"bad records") : err;
	else if (l->stamp && l->fd >= 0)
		*l->verified_hash = h.body_hash;
	if (warnings(l, &ent[S_WARNINGS], NULL))
		return bad(d, "bad warnings section");
	if (!(t = sym_table_new()))
		return sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
	t->borrowed = 1;
	if (load_strings(t, l, &ent[S_STRINGS])) {
		sym_table_free(t);
		return bad(d, "bad strings section");
	}
	symfmt_breakpad_attach(t, text, (size_t)h.text_len);
	t->nwarnings = (unsigned long)h.nwarnings;
	t->corrupt = h.corrupt != 0;
	set_recs(&t->funcs, l, &ent[S_FUNCS]);
	set_recs(&t->pubs, l, &ent[S_PUBS]);
	set_recs(&t->cfis, l, &ent[S_CFIS]);
	set_recs(&t->cfi_refused, l, &ent[S_CFI_REFUSED]);
	t->cfi_refused_high = ent[S_CFI_HIGH].count ?
		(uint64_t *)(uintptr_t)(l->p + ent[S_CFI_HIGH].off) : NULL;
	for (i = 0; i < SYM_WIN_TYPES; i++)
		set_recs(&t->wins[i], l, &ent[S_WIN0 + i]);
	set_names(&t->files, l, &ent[S_FILES]);
	set_names(&t->origins, l, &ent[S_ORIGINS]);
	warnings(l, &ent[S_WARNINGS], d);
	*out = t;
	return SYM_OK;
}

int sym_index_load_mem(const void *buf, size_t blen,
		       const struct sym_index_src *src, const char *text,
		       size_t len, struct sym_table **out,
		       struct sym_diag *d)
{
	struct ld l = { buf, blen, -1, len, NULL, NULL };

	return load(&l, src, text, out, d);
}

int sym_index_open(const char *path, const struct sym_index_src *src,
		   const char *text, size_t len, struct sym_table **out,
		   struct sym_diag *d)
{
	struct sym_diag md;
	struct sym_map m;
	struct stat st;
	uint64_t vh = 0;
	struct ld l;
	int fd, err;

	*out = NULL;
	sym_diag_init(&md, path);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? SYM_ENOENT :
		       sym_diag_error(d, SYM_EIO, 0, 0, "%s: %s", path,
				      strerror(errno));
	err = sym_map_fd(fd, &m, &md);
	if (err) {
		close(fd);
		return sym_diag_error(d, err, 0, 0, "%s", md.msg);
	}
	/* lookups jump around: no read-ahead, no fault-around */
	if (m.mapped_)
		madvise((void *)(uintptr_t)m.data, m.len, MADV_RANDOM);
	l.p = m.data;
	l.n = m.len;
	l.fd = m.mapped_ ? fd : -1;
	l.text_len = len;
	l.stamp = stamp_path(path);
	l.verified_hash = &vh;
	err = load(&l, src, text, out, d);
	if (!err && vh && l.stamp && !fstat(fd, &st))
		stamp_write(l.stamp, &st, vh);
	sym_free((void *)(uintptr_t)l.stamp);
	close(fd);
	if (err) {
		sym_unmap(&m);
		return err;
	}
	(*out)->aux = m;
	return SYM_OK;
}

void sym_index_fix_hashes(void *buf, size_t len)
{
	struct sect_ent ent[NSECT];
	XXH3_state_t *st;
	uint8_t *p = buf;
	struct hdr h;
	int i;

	if (len < HDR_SIZE + sizeof(ent) || !(st = XXH3_createState()))
		return;
	memcpy(&h, p, sizeof(h));
	memcpy(ent, p + HDR_SIZE, sizeof(ent));
	XXH3_64bits_reset(st);
	XXH3_64bits_update(st, ent, sizeof(ent));
	for (i = 0; i < NSECT; i++) {
		uint64_t n = ent[i].count * ent[i].elem;

		if (ent[i].off <= len && ent[i].elem &&
		    ent[i].count <= len / ent[i].elem && n <= len - ent[i].off)
			XXH3_64bits_update(st, p + ent[i].off, (size_t)n);
	}
	h.body_hash = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	h.header_hash = XXH3_64bits(&h, offsetof(struct hdr, header_hash));
	memcpy(p, &h, sizeof(h));
}

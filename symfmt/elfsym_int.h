/* SPDX-License-Identifier: MIT */
/*
 * elfsym_int.h - what elf.c, dwarf.c, ehframe.c and elfsym.c share:
 * the ELF image (sections, decompressed on demand), a growable text
 * buffer, a string pool and the module being built.
 */
#ifndef SYMKIT_ELFSYM_INT_H
#define SYMKIT_ELFSYM_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/err.h"

/* ---- growable text buffer with a sticky error ---- */
struct sbuf {
	char *p;
	size_t len, cap;
	int err;
};
void sb_grow(struct sbuf *b, size_t n);
void sb_add(struct sbuf *b, const char *s, size_t n);
void sb_str(struct sbuf *b, const char *s);
void sb_hex(struct sbuf *b, uint64_t v);
void sb_dec(struct sbuf *b, int64_t v);
static inline void sb_ch(struct sbuf *b, char c)
{
	if (b->len + 1 >= b->cap)
		sb_grow(b, 1);
	if (!b->err)
		b->p[b->len++] = c;
}

/* ---- bounded little-endian reads with a sticky error (DWARF, CFI) ---- */
struct rd {
	const uint8_t *p, *end;
	int err;
};

static inline uint64_t rd_n(struct rd *r, unsigned n)
{
	uint64_t v = 0;

	if ((size_t)(r->end - r->p) < n) {
		r->err = 1;
		r->p = r->end;
		return 0;
	}
	switch (n) {
	case 1: v = r->p[0]; break;
	case 2: v = (uint64_t)r->p[0] | (uint64_t)r->p[1] << 8; break;
	case 4: { uint32_t x; memcpy(&x, r->p, 4); v = x; break; }
	case 8: memcpy(&v, r->p, 8); break;
	default: {
		unsigned i;

		for (i = 0; i < n; i++)
			v |= (uint64_t)r->p[i] << (8 * i);
	}
	}
	r->p += n;
	return v;
}

static inline uint64_t rd_uleb(struct rd *r)
{
	uint64_t v;
	unsigned sh;

	if (r->p < r->end && !(*r->p & 0x80))
		return *r->p++;
	v = 0;
	sh = 0;
	for (;;) {
		uint8_t b;

		if (r->p >= r->end) {
			r->err = 1;
			return v;
		}
		b = *r->p++;
		if (sh < 64)
			v |= (uint64_t)(b & 0x7f) << sh;
		sh += 7;
		if (!(b & 0x80))
			return v;
	}
}

static inline int64_t rd_sleb(struct rd *r)
{
	uint64_t v = 0;
	unsigned sh = 0;
	uint8_t b = 0;

	for (;;) {
		if (r->p >= r->end) {
			r->err = 1;
			return 0;
		}
		b = *r->p++;
		if (sh < 64)
			v |= (uint64_t)(b & 0x7f) << sh;
		sh += 7;
		if (!(b & 0x80))
			break;
	}
	if (sh < 64 && (b & 0x40))
		v |= ~(uint64_t)0 << sh;
	return (int64_t)v;
}

static inline void rd_skip(struct rd *r, uint64_t n)
{
	if ((uint64_t)(r->end - r->p) < n) {
		r->err = 1;
		r->p = r->end;
	} else {
		r->p += n;
	}
}

/* qsort that accepts an empty (NULL) array. */
static inline void xsort(void *base, size_t n, size_t size,
			 int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- string pool: interned, NUL-terminated, stable pointers ---- */
struct spool {
	struct spool_blk *blk;
	const char **slot;	/* open-addressing hash of interned strings */
	size_t nslot, nused;
	int err;
};
/* Intern s[0,n); NULL on allocation failure (pool->err set). */
const char *spool_add(struct spool *p, const char *s, size_t n);
void spool_free(struct spool *p);
/* Move src's strings into dst (they stay where they are; src empties). */
void spool_adopt(struct spool *dst, struct spool *src);

/* ---- the ELF image ---- */
struct esec {
	const char *name;
	uint64_t addr, size, off, flags;
	uint32_t type;
	const uint8_t *data;	/* contents after decompression, or NULL */
	size_t len;
	int state;		/* 0 unread, 1 read, 2 failed */
	uint8_t *owned;		/* decompressed buffer */
};

struct eload {
	uint64_t vaddr, memsz;
};

struct elfimg {
	const uint8_t *buf;
	size_t len;
	int is64;
	uint16_t machine, type;
	struct esec *sec;
	size_t nsec;
	struct eload *load;
	size_t nload;
	uint64_t load_addr;	/* vaddr of the first PT_LOAD */
	struct sym_diag *diag;
	const char *label;	/* for warnings: "debug file", ".dwo" ... */
};

int elfimg_open(struct elfimg *e, const void *buf, size_t len,
		struct sym_diag *d);
void elfimg_close(struct elfimg *e);
/* The section named name (or its .zdebug twin), decompressed; NULL if
 * absent, NOBITS or undecodable (a warning says which). */
struct esec *elfimg_find(struct elfimg *e, const char *name);
const uint8_t *elfimg_data(struct elfimg *e, const char *name, size_t *len);
/* Does [addr, addr+1) fall in an executable section? */
int elfimg_in_exec(const struct elfimg *e, uint64_t addr);
int elfimg_in_load(const struct elfimg *e, uint64_t addr);
/* GNU build-id note contents; NULL if none. */
const uint8_t *elfimg_build_id(struct elfimg *e, size_t *len);
/* DT_SONAME or NULL. */
const char *elfimg_soname(struct elfimg *e);
const char *elfimg_arch(const struct elfimg *e);
/* Decompress xz data (MiniDebugInfo) into a malloc'd buffer. */
int elf_xz_decode(const uint8_t *in, size_t n, uint8_t **out, size_t *olen);
uint32_t elf_crc32(uint32_t crc, const uint8_t *p, size_t n);

/* ---- the module being built ---- */
struct mrange {
	uint64_t addr, size;
	size_t nlines;		/* FUNC ranges: its lines, in order */
};

struct mline {
	uint64_t addr;
	uint32_t size;
	uint32_t line;
	const char *file;
};

struct minline {
	const char *origin;
	const char *call_file;	/* NULL: -1 */
	uint32_t level, call_line;
	uint32_t rfirst, nranges;
};

struct mfunc {
	uint64_t addr;		/* first range */
	const char *name;
	uint32_t rfirst, nranges;
	size_t lfirst, nlines;
	uint32_t ifirst, ninl;
	/* Set when reading is done: the arrays holding this function's
	 * lines, ranges (rfirst and its inlines' rfirst index rbase) and
	 * inlines (ifirst indexes ibase); two reader threads, two arrays. */
	const struct mline *lp;
	const struct mrange *rbase;
	const struct minline *ibase;
};

struct mpublic {
	uint64_t addr;
	const char *name;
	size_t order;
};

struct dwo;

#define VEC(T) struct { T *v; size_t n, cap; }
int vec_grow_(void **v, size_t *cap, size_t need, size_t size);
#define VEC_PUSH(m, vec) \
	(((vec).n < (vec).cap || !vec_grow_((void **)&(vec).v, &(vec).cap, \
	   (vec).n + 1, sizeof(*(vec).v))) ? &(vec).v[(vec).n++] : \
	 ((m)->err = SYM_ENOMEM, (void *)0))

struct module {
	struct spool pool;
	VEC(struct mfunc) funcs;
	VEC(struct mrange) ranges;
	VEC(struct mline) lines;
	VEC(struct minline) inl;
	VEC(struct mpublic) pubs;
	struct sbuf cfi;	/* STACK CFI text, written as read */
	int err;
	unsigned flags;
	struct sym_diag *diag;
	struct mline *lines2;	/* a second reader thread's arrays */
	struct mrange *ranges2;
	struct minline *inl2;
	struct dwo **dwo_keep;	/* split DWARF files names point into */
	size_t ndwo_keep;
};

/* Demangle with libstdc++'s __cxa_demangle into the pool, or NULL. */
const char *demangle(struct module *m, const char *name);

/* dwarf.c: all DWARF of `dbg` (with `main` supplying the split-DWARF
 * skeleton context when different).  Never fails hard: problems warn. */
struct dwarf_opts {
	const char *path;
	const char *const *dirs;
	size_t ndirs;
};
int dwarf_read(struct module *m, struct elfimg *dbg,
	       const struct dwarf_opts *o);
/* .debug_info size from which two threads read the units (tests: 0). */
extern size_t symfmt_dwarf_thread_min;

/* Free a module's vectors, pool and CFI text (not the .dwo files). */
void module_parts_free(struct module *m);

/* Close the .dwo files dwarf_read kept open. */
void dwarf_release(struct module *m);

/* ehframe.c: STACK CFI records from .debug_frame / .eh_frame. */
int cfi_read(struct module *m, struct elfimg *e, const char *secname,
	     uint64_t load_addr, const struct elfimg *bounds);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * cursor.h - bounds-checked little-endian reads with a sticky error.
 * Every read from a binary file goes through one of these.
 */
#ifndef SYMKIT_CURSOR_H
#define SYMKIT_CURSOR_H

#include <stdint.h>
#include <string.h>

#include "lib/core/err.h"

struct sym_cursor {
	const uint8_t *base;	/* start of the whole buffer (for offsets) */
	const uint8_t *p, *end;
	int err;
};

/* A cursor over buf[off, off+len) of a buffer of size size. */
static inline void sym_cursor_at(struct sym_cursor *c, const uint8_t *buf,
				 size_t size, uint64_t off, uint64_t len)
{
	c->base = buf;
	c->err = SYM_OK;
	if (off > size || len > size - off) {
		c->p = c->end = buf + size;
		c->err = SYM_ETRUNC;
		return;
	}
	c->p = buf + off;
	c->end = buf + off + len;
}

static inline uint64_t sym_cursor_off(const struct sym_cursor *c)
{
	return (uint64_t)(c->p - c->base);
}

static inline int sym_cursor_bytes(struct sym_cursor *c, void *v, size_t n)
{
	if (c->err)
		return -1;
	if ((size_t)(c->end - c->p) < n) {
		c->err = SYM_ETRUNC;
		return -1;
	}
	memcpy(v, c->p, n);
	c->p += n;
	return 0;
}

static inline int sym_cursor_skip(struct sym_cursor *c, size_t n)
{
	if (c->err)
		return -1;
	if ((size_t)(c->end - c->p) < n) {
		c->err = SYM_ETRUNC;
		return -1;
	}
	c->p += n;
	return 0;
}

/* Minidumps and ELF files here are little-endian; hosts are too (checked
 * at build time in err.c). */
static inline int sym_cursor_u8(struct sym_cursor *c, uint8_t *v)
{
	return sym_cursor_bytes(c, v, 1);
}

static inline int sym_cursor_u16(struct sym_cursor *c, uint16_t *v)
{
	return sym_cursor_bytes(c, v, 2);
}

static inline int sym_cursor_u32(struct sym_cursor *c, uint32_t *v)
{
	return sym_cursor_bytes(c, v, 4);
}

static inline int sym_cursor_u64(struct sym_cursor *c, uint64_t *v)
{
	return sym_cursor_bytes(c, v, 8);
}

#endif

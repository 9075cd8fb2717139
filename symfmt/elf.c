/* SPDX-License-Identifier: MIT */
/*
 * elf.c - the ELF side of dump-syms: headers through libelf, section
 * contents decompressed on demand (SHF_COMPRESSED zlib and zstd, legacy
 * .zdebug_*: libelf 0.188 does not decompress zstd), the build-id note,
 * DT_SONAME, MiniDebugInfo's xz, plus the small helpers the other
 * elfsym files share (text buffer, string pool, vectors).
 */
#include <gelf.h>
#include <libelf.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "lib/core/alloc.h"
#include "symfmt/elfsym_int.h"

/* Largest decompressed section we accept (a hostile ch_size). */
#define MAX_SECTION ((uint64_t)1 << 32)

/* ---- text buffer ---- */
void sb_grow(struct sbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (b->err)
		return;
	while (cap < b->len + n + 1) {
		if (cap > SIZE_MAX / 2) {
			b->err = SYM_ENOMEM;
			return;
		}
		cap *= 2;
	}
	if (cap == b->cap)
		return;
	/* Plain realloc: the caller frees the result with free(). */
	p = realloc(b->p, cap);
	if (!p) {
		b->err = SYM_ENOMEM;
		return;
	}
	b->p = p;
	b->cap = cap;
}

void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sb_grow(b, n);
	if (b->err)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_hex(struct sbuf *b, uint64_t v)
{
	char t[17];
	int i = 16;

	do {
		t[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	sb_add(b, t + i, (size_t)(16 - i));
}

void sb_dec(struct sbuf *b, int64_t v)
{
	char t[24];
	int i = 23;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		t[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		t[--i] = '-';
	sb_add(b, t + i, (size_t)(23 - i));
}

/* ---- vectors ---- */
int vec_grow_(void **v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;
	void *p;

	while (c < need)
		c *= 2;
	p = sym_reallocarray(*v, c, size);
	if (!p)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

/* ---- string pool ---- */
struct spool_blk {
	struct spool_blk *next;
	size_t used, cap;
	char data[];
};

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
	return h;
}

static char *pool_alloc(struct spool *p, size_t n)
{
	struct spool_blk *b = p->blk;

	if (!b || b->cap - b->used < n) {
		size_t cap = n > 65536 ? n : 65536;

		b = sym_malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = p->blk;
		b->used = 0;
		b->cap = cap;
		p->blk = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

static int pool_rehash(struct spool *p)
{
	size_t n = p->nslot ? p->nslot * 2 : 1024, i;
	const char **s = sym_calloc(n, sizeof(*s));

	if (!s)
		return -1;
	for (i = 0; i < p->nslot; i++) {
		const char *str = p->slot[i];
		size_t j;

		if (!str)
			continue;
		j = hash_str(str, strlen(str)) & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = str;
	}
	sym_free(p->slot);
	p->slot = s;
	p->nslot = n;
	return 0;
}

const char *spool_add(struct spool *p, const char *s, size_t n)
{
	size_t j;
	char *c;

	if (p->err)
		return NULL;
	if ((p->nused + 1) * 2 > p->nslot && pool_rehash(p)) {
		p->err = SYM_ENOMEM;
		return NULL;
	}
	j = hash_str(s, n) & (p->nslot - 1);
	while (p->slot[j]) {
		const char *t = p->slot[j];

		if (strncmp(t, s, n) == 0 && t[n] == 0)
			return t;
		j = (j + 1) & (p->nslot - 1);
	}
	c = pool_alloc(p, n + 1);
	if (!c) {
		p->err = SYM_ENOMEM;
		return NULL;
	}
	memcpy(c, s, n);
	c[n] = 0;
	p->slot[j] = c;
	p->nused++;
	return c;
}

void spool_free(struct spool *p)
{
	while (p->blk) {
		struct spool_blk *b = p->blk;

		p->blk = b->next;
		sym_free(b);
	}
	sym_free(p->slot);
	memset(p, 0, sizeof(*p));
}

void spool_adopt(struct spool *dst, struct spool *src)
{
	struct spool_blk **t = &dst->blk;

	while (*t)
		t = &(*t)->next;
	*t = src->blk;
	src->blk = NULL;
	sym_free(src->slot);
	memset(src, 0, sizeof(*src));
}

/* ---- ELF image ---- */
/* "<what> <section><label>", e.g. "cannot decompress section .debug_info" */
static void warn(struct elfimg *e, const char *what, const char *sec)
{
	sym_diag_warn(e->diag, 0, SYM_DIAG_NOWHERE, "%s %s%s", what, sec,
		      e->label ? e->label : "");
}

int elfimg_open(struct elfimg *e, const void *buf, size_t len,
		struct sym_diag *d)
{
	Elf *elf;
	GElf_Ehdr eh;
	size_t shstr, i, n;
	Elf_Scn *scn = NULL;
	union { const void *c; char *p; } u = { buf };

	memset(e, 0, sizeof(*e));
	e->buf = buf;
	e->len = len;
	e->diag = d;
	if (len < 16 || memcmp(buf, "\177ELF", 4) != 0)
		return sym_diag_error(d, SYM_EFORMAT, SYM_DIAG_OFFSET, 0,
				      "not an ELF file");
	elf_version(EV_CURRENT);
	/* libelf only reads the image (ELF_C_READ_MMAP semantics). */
	elf = elf_memory(u.p, len);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		if (elf)
			elf_end(elf);
		return sym_diag_error(d, SYM_EFORMAT, SYM_DIAG_OFFSET, 0,
				      "bad ELF header: %s", elf_errmsg(-1));
	}
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		elf_end(elf);
		return sym_diag_error(d, SYM_EUNSUP, SYM_DIAG_OFFSET, 5,
				      "big-endian ELF is not supported");
	}
	if (eh.e_shoff && (eh.e_shoff > len || (uint64_t)eh.e_shnum *
			   eh.e_shentsize > len - eh.e_shoff)) {
		elf_end(elf);
		return sym_diag_error(d, SYM_ETRUNC, SYM_DIAG_OFFSET,
				      eh.e_shoff, "section headers past the end "
				      "of the file (truncated?)");
	}
	e->is64 = gelf_getclass(elf) == ELFCLASS64;
	e->machine = eh.e_machine;
	e->type = eh.e_type;
	if (elf_getphdrnum(elf, &n) == 0 && n && n < 65536) {
		e->load = sym_calloc(n, sizeof(*e->load));
		if (!e->load)
			goto nomem;
		for (i = 0; i < n; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(elf, (int)i, &ph) ||
			    ph.p_type != PT_LOAD)
				continue;
			if (!e->nload)
				e->load_addr = ph.p_vaddr;
			e->load[e->nload].vaddr = ph.p_vaddr;
			e->load[e->nload++].memsz = ph.p_memsz;
		}
	}
	if (elf_getshdrnum(elf, &n) || elf_getshdrstrndx(elf, &shstr))
		n = 0;
	if (n > 65536 * 4)
		n = 0;
	if (n) {
		e->sec = sym_calloc(n, sizeof(*e->sec));
		if (!e->sec)
			goto nomem;
	}
	while (n && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		struct esec *s;
		const char *nm;

		if (!gelf_getshdr(scn, &sh))
			continue;
		nm = elf_strptr(elf, shstr, sh.sh_name);
		if (!nm || e->nsec >= n)
			continue;
		s = &e->sec[e->nsec++];
		/* Names live in the image itself: copy them (elf_end). */
		s->name = sym_strndup(nm, strlen(nm));
		if (!s->name)
			goto nomem;
		s->addr = sh.sh_addr;
		s->size = sh.sh_size;
		s->off = sh.sh_offset;
		s->flags = sh.sh_flags;
		s->type = sh.sh_type;
	}
	elf_end(elf);
	return SYM_OK;
nomem:
	elf_end(elf);
	elfimg_close(e);
	return sym_diag_error(d, SYM_ENOMEM, 0, 0, "out of memory");
}

void elfimg_close(struct elfimg *e)
{
	size_t i;

	for (i = 0; i < e->nsec; i++) {
		sym_free((void *)(uintptr_t)e->sec[i].name);
		free(e->sec[i].owned);
	}
	sym_free(e->sec);
	sym_free(e->load);
	memset(e, 0, sizeof(*e));
}

static int inflate_zlib(const uint8_t *in, size_t n, uint8_t *out,
			uint64_t olen)
{
	uLongf got = (uLongf)olen;

	if (uncompress(out, &got, in, (uLong)n) != Z_OK || got != olen)
		return -1;
	return 0;
}

static int inflate_zstd(const uint8_t *in, size_t n, uint8_t *out,
			uint64_t olen)
{
	size_t r = ZSTD_decompress(out, (size_t)olen, in, n);

	if (ZSTD_isError(r) || r != olen)
		return -1;
	return 0;
}

static void load_section(struct elfimg *e, struct esec *s, int zdebug)
{
	const uint8_t *raw;
	uint64_t olen, type;
	size_t n, hdr;
	uint8_t *out;
	int bad;

	s->state = 2;
	if (s->type == SHT_NOBITS || s->off > e->len ||
	    s->size > e->len - s->off) {
		if (s->type != SHT_NOBITS)
			warn(e, "outside the file: section", s->name);
		return;
	}
	raw = e->buf + s->off;
	n = (size_t)s->size;
	if (!zdebug && !(s->flags & SHF_COMPRESSED)) {
		s->data = raw;
		s->len = n;
		s->state = 1;
		return;
	}
	if (zdebug) {
		/* "ZLIB" + 8-byte big-endian size, then a zlib stream. */
		if (n < 12 || memcmp(raw, "ZLIB", 4) != 0) {
			warn(e, "bad .zdebug header in", s->name);
			return;
		}
		olen = 0;
		for (hdr = 4; hdr < 12; hdr++)
			olen = olen << 8 | raw[hdr];
		type = ELFCOMPRESS_ZLIB;
	} else if (e->is64) {
		Elf64_Chdr ch;

		if (n < sizeof(ch)) {
			warn(e, "truncated compression header in",
			     s->name);
			return;
		}
		memcpy(&ch, raw, sizeof(ch));
		olen = ch.ch_size;
		type = ch.ch_type;
		hdr = sizeof(ch);
	} else {
		Elf32_Chdr ch;

		if (n < sizeof(ch)) {
			warn(e, "truncated compression header in",
			     s->name);
			return;
		}
		memcpy(&ch, raw, sizeof(ch));
		olen = ch.ch_size;
		type = ch.ch_type;
		hdr = sizeof(ch);
	}
	/* A hostile size cannot exceed what the codecs can expand to. */
	if (olen == 0 || olen > MAX_SECTION ||
	    (olen > ((uint64_t)64 << 20) && olen / 2048 > n)) {
		warn(e, "bad decompressed size in", s->name);
		return;
	}
	out = malloc((size_t)olen);
	if (!out) {
		warn(e, "out of memory decompressing", s->name);
		return;
	}
	if (type == ELFCOMPRESS_ZLIB)
		bad = inflate_zlib(raw + hdr, n - hdr, out, olen);
	else if (type == 2 /* ELFCOMPRESS_ZSTD */)
		bad = inflate_zstd(raw + hdr, n - hdr, out, olen);
	else
		bad = -1;
	if (bad) {
		free(out);
		warn(e, "cannot decompress section", s->name);
		return;
	}
	s->owned = out;
	s->data = out;
	s->len = (size_t)olen;
	s->state = 1;
}

struct esec *elfimg_find(struct elfimg *e, const char *name)
{
	size_t i;
	char z[64];

	for (i = 0; i < e->nsec; i++) {
		struct esec *s = &e->sec[i];

		if (strcmp(s->name, name) != 0)
			continue;
		if (!s->state)
			load_section(e, s, 0);
		if (s->state == 1)
			return s;
		if (s->type != SHT_NOBITS)
			return NULL;
	}
	/* Legacy compressed twin: .debug_info -> .zdebug_info. */
	if (strncmp(name, ".debug_", 7) != 0 ||
	    (size_t)snprintf(z, sizeof(z), ".zdebug_%s", name + 7) >=
		    sizeof(z))
		return NULL;
	for (i = 0; i < e->nsec; i++) {
		struct esec *s = &e->sec[i];

		if (strcmp(s->name, z) != 0)
			continue;
		if (!s->state)
			load_section(e, s, 1);
		return s->state == 1 ? s : NULL;
	}
	return NULL;
}

const uint8_t *elfimg_data(struct elfimg *e, const char *name, size_t *len)
{
	struct esec *s = elfimg_find(e, name);

	*len = s ? s->len : 0;
	return s ? s->data : NULL;
}

int elfimg_in_exec(const struct elfimg *e, uint64_t addr)
{
	size_t i;

	for (i = 0; i < e->nsec; i++) {
		const struct esec *s = &e->sec[i];

		if ((s->flags & SHF_EXECINSTR) && (s->flags & SHF_ALLOC) &&
		    addr >= s->addr && addr - s->addr < s->size)
			return 1;
	}
	return 0;
}

int elfimg_in_load(const struct elfimg *e, uint64_t addr)
{
	size_t i;

	if (!e->nload)
		return 1;
	for (i = 0; i < e->nload; i++)
		if (addr >= e->load[i].vaddr &&
		    addr - e->load[i].vaddr < e->load[i].memsz)
			return 1;
	return 0;
}

/* Walk notes in p[0,n) for NT_GNU_BUILD_ID "GNU". */
static const uint8_t *find_note(const uint8_t *p, size_t n, size_t *len)
{
	size_t off = 0;

	while (n - off >= 12) {
		uint32_t nsz, dsz, type;
		size_t nal, dal;

		memcpy(&nsz, p + off, 4);
		memcpy(&dsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		off += 12;
		nal = ((size_t)nsz + 3) & ~(size_t)3;
		dal = ((size_t)dsz + 3) & ~(size_t)3;
		if (nal > n - off || dal > n - off - nal)
			return NULL;
		if (type == NT_GNU_BUILD_ID && nsz == 4 &&
		    memcmp(p + off, "GNU", 4) == 0 && dsz) {
			*len = dsz;
			return p + off + nal;
		}
		off += nal + dal;
	}
	return NULL;
}

const uint8_t *elfimg_build_id(struct elfimg *e, size_t *len)
{
	size_t i;
	const uint8_t *r;

	/* Breakpad looks at PT_NOTE first; notes in sections agree. */
	for (i = 0; i < e->nsec; i++) {
		struct esec *s = &e->sec[i];

		if (s->type != SHT_NOTE || s->off > e->len ||
		    s->size > e->len - s->off)
			continue;
		r = find_note(e->buf + s->off, (size_t)s->size, len);
		if (r)
			return r;
	}
	return NULL;
}

const char *elfimg_soname(struct elfimg *e)
{
	size_t i, j;
	const struct esec *dyn = NULL, *str = NULL;

	for (i = 0; i < e->nsec; i++)
		if (e->sec[i].type == SHT_DYNAMIC)
			dyn = &e->sec[i];
	if (!dyn || dyn->off > e->len || dyn->size > e->len - dyn->off)
		return NULL;
	/* The dynamic section's string table is .dynstr. */
	for (i = 0; i < e->nsec; i++)
		if (strcmp(e->sec[i].name, ".dynstr") == 0)
			str = &e->sec[i];
	if (!str || str->off > e->len || str->size > e->len - str->off)
		return NULL;
	for (j = 0;; j++) {
		uint64_t tag, val;
		size_t es = e->is64 ? 16 : 8;

		if ((j + 1) * es > dyn->size)
			break;
		if (e->is64) {
			memcpy(&tag, e->buf + dyn->off + j * es, 8);
			memcpy(&val, e->buf + dyn->off + j * es + 8, 8);
		} else {
			uint32_t t, v;

			memcpy(&t, e->buf + dyn->off + j * es, 4);
			memcpy(&v, e->buf + dyn->off + j * es + 4, 4);
			tag = t;
			val = v;
		}
		if (tag == DT_NULL)
			break;
		if (tag == DT_SONAME && val < str->size) {
			const char *s = (const char *)e->buf + str->off + val;

			if (memchr(s, 0, (size_t)(str->size - val)))
				return s;
		}
	}
	return NULL;
}

const char *elfimg_arch(const struct elfimg *e)
{
	switch (e->machine) {
	case EM_386: return "x86";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "arm64";
	case EM_MIPS: return "mips";
	case EM_PPC64: return "ppc64";
	case EM_PPC: return "ppc";
	case EM_S390: return "s390";
	case EM_SPARC: return "sparc";
	case EM_SPARCV9: return "sparcv9";
	case EM_X86_64: return "x86_64";
	case EM_RISCV: return "riscv";
	default: return NULL;
	}
}

int elf_xz_decode(const uint8_t *in, size_t n, uint8_t **out, size_t *olen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = n * 4 + 4096;
	uint8_t *buf = malloc(cap), *nb;
	lzma_ret r;

	if (!buf)
		return SYM_ENOMEM;
	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK) {
		free(buf);
		return SYM_ENOMEM;
	}
	s.next_in = in;
	s.avail_in = n;
	s.next_out = buf;
	s.avail_out = cap;
	for (;;) {
		r = lzma_code(&s, LZMA_FINISH);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK && r != LZMA_BUF_ERROR)
			goto bad;
		if (s.avail_out == 0) {
			/* MiniDebugInfo is a symbol table: 256 MB is plenty */
			if (cap >= ((size_t)256 << 20))
				goto bad;
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto bad;
			buf = nb;
			s.next_out = buf + cap;
			s.avail_out = cap;
			cap *= 2;
		} else if (r == LZMA_BUF_ERROR) {
			goto bad;
		}
	}
	*olen = cap - s.avail_out;
	*out = buf;
	lzma_end(&s);
	return SYM_OK;
bad:
	lzma_end(&s);
	free(buf);
	return SYM_EFORMAT;
}

uint32_t elf_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(crc, p, (uInt)n);
}

/* SPDX-License-Identifier: MIT */
/*
 * elfsym.c - symfmt_elf_to_sym(): identity, symbol tables, the debug
 * file (.gnu_debuglink, .build-id), MiniDebugInfo, DWARF, CFI, and the
 * .sym writer (record order and numbering as Breakpad's Module::Write).
 */
#include <gelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/model/symtab.h"
#include "symfmt/breakpad.h"
#include "symfmt/elfsym.h"
#include "symfmt/elfsym_int.h"

char *__cxa_demangle(const char *mangled, char *buf, size_t *n, int *status);

const char *demangle(struct module *m, const char *name)
{
	int st = 0;
	char *d;
	const char *r;

	if (name[0] != '_' || name[1] != 'Z')
		return NULL;
	d = __cxa_demangle(name, NULL, NULL, &st);
	if (!d || st != 0) {
		free(d);
		return NULL;
	}
	r = spool_add(&m->pool, d, strlen(d));
	free(d);
	return r;
}

/* ---- identity ---- */
struct ident {
	char debug_id[41], code_id[129], name[256];
};

static void hex_upper(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = "0123456789ABCDEF"[p[i] >> 4];
		out[2 * i + 1] = "0123456789ABCDEF"[p[i] & 15];
	}
	out[2 * n] = 0;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* 0, or -1 when there is neither a build-id nor a .text to hash. */
static int identify(struct elfimg *e, const char *path, struct ident *id)
{
	uint8_t g[16] = { 0 }, t;
	size_t n = 0, i;
	const uint8_t *b = elfimg_build_id(e, &n);
	const char *so;

	if (b) {
		if (n > 64)
			n = 64;
		hex_upper(id->code_id, b, n);
		memcpy(g, b, n < 16 ? n : 16);
	} else {
		/* No build-id: XOR of the first page of .text in 16-byte
		 * blocks, as Breakpad's FileID does. */
		struct esec *s = elfimg_find(e, ".text");

		if (!s || s->type != SHT_PROGBITS)
			return -1;
		{
			size_t len = s->len < 4096 ? s->len : 4096;

			for (i = 0; i < len; i++)
				g[i % 16] ^= s->data[i];
		}
		hex_upper(id->code_id, g, 16);
	}
	t = g[0], g[0] = g[3], g[3] = t;
	t = g[1], g[1] = g[2], g[2] = t;
	t = g[4], g[4] = g[5], g[5] = t;
	t = g[6], g[6] = g[7], g[7] = t;
	hex_upper(id->debug_id, g, 16);
	strcat(id->debug_id, "0");
	so = elfimg_soname(e);
	snprintf(id->name, sizeof(id->name), "%s",
		 so ? so : path ? base_name(path) : "unknown");
	return 0;
}

int symfmt_elf_identity(const void *buf, size_t len, const char *path,
			char debug_id[41], char code_id[129], char name[256],
			struct sym_diag *diag)
{
	struct elfimg e;
	struct ident id;
	int err = elfimg_open(&e, buf, len, diag);

	if (err)
		return err;
	if (identify(&e, path, &id)) {
		elfimg_close(&e);
		return sym_diag_error(diag, SYM_EFORMAT, 0, 0, "no build-id "
				      "and no .text: no module id");
	}
	memcpy(debug_id, id.debug_id, 41);
	memcpy(code_id, id.code_id, 129);
	memcpy(name, id.name, 256);
	elfimg_close(&e);
	return SYM_OK;
}

/* ---- symbol tables to PUBLIC candidates ---- */
static void read_symtab(struct module *m, struct elfimg *e, uint32_t type)
{
	size_t i, j;

	for (i = 0; i < e->nsec; i++) {
		const struct esec *s = &e->sec[i], *str;
		size_t es = e->is64 ? 24 : 16, nsym;
		const uint8_t *d, *sd;

		if (s->type != type || s->off > e->len ||
		    s->size > e->len - s->off)
			continue;
		/* sh_link is not kept: the string table is the one named
		 * for the symbol table, as Breakpad finds it. */
		str = NULL;
		for (j = 0; j < e->nsec; j++)
			if (strcmp(e->sec[j].name, type == SHT_SYMTAB ?
				   ".strtab" : ".dynstr") == 0)
				str = &e->sec[j];
		if (!str || str->off > e->len || str->size > e->len - str->off
		    || !str->size)
			continue;
		d = e->buf + s->off;
		sd = e->buf + str->off;
		nsym = (size_t)s->size / es;
		for (j = 0; j < nsym && !m->err; j++) {
			const uint8_t *p = d + j * es;
			uint32_t name;
			uint8_t info;
			uint16_t shndx;
			uint64_t val;
			struct mpublic *pub;
			const char *nm, *dm;
			size_t nl;

			memcpy(&name, p, 4);
			if (e->is64) {
				info = p[4];
				memcpy(&shndx, p + 6, 2);
				memcpy(&val, p + 8, 8);
			} else {
				uint32_t v;

				memcpy(&v, p + 4, 4);
				val = v;
				info = p[12];
				memcpy(&shndx, p + 14, 2);
			}
			if (GELF_ST_TYPE(info) != STT_FUNC || shndx == SHN_UNDEF)
				continue;
			if (name >= str->size)
				name = 0;
			nm = (const char *)sd + name;
			nl = strnlen(nm, (size_t)str->size - name);
			nm = spool_add(&m->pool, nm, nl);
			if (!nm) {
				m->err = SYM_ENOMEM;
				return;
			}
			dm = demangle(m, nm);
			pub = VEC_PUSH(m, m->pubs);
			if (!pub)
				return;
			pub->addr = val;
			pub->name = dm ? dm : nm;
			pub->order = m->pubs.n;
		}
		return;
	}
}

/* MiniDebugInfo: an xz-compressed ELF with a .symtab in .gnu_debugdata. */
static void read_minidebuginfo(struct module *m, struct elfimg *e)
{
	struct esec *s = elfimg_find(e, ".gnu_debugdata");
	uint8_t *out = NULL;
	size_t olen = 0;
	struct elfimg mini;

	if (!s || !s->len)
		return;
	if (elf_xz_decode(s->data, s->len, &out, &olen)) {
		sym_diag_warn(m->diag, 0, SYM_DIAG_NOWHERE,
			      "cannot decompress .gnu_debugdata");
		return;
	}
	if (elfimg_open(&mini, out, olen, NULL) == SYM_OK) {
		read_symtab(m, &mini, SHT_SYMTAB);
		elfimg_close(&mini);
	} else {
		sym_diag_warn(m->diag, 0, SYM_DIAG_NOWHERE,
			      ".gnu_debugdata is not an ELF image");
	}
	free(out);
}

/* ---- the separate debug file ---- */
static int has_dwarf(struct elfimg *e)
{
	return elfimg_find(e, ".debug_info") != NULL;
}

static int same_file(const char *a, const char *b)
{
	struct stat x, y;

	return a && b && stat(a, &x) == 0 && stat(b, &y) == 0 &&
	       x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int file_crc(const struct sym_map *mp, uint32_t *crc)
{
	size_t off = 0;
	uint32_t c = 0;

	while (off < mp->len) {
		size_t n = mp->len - off > (1u << 30) ? (1u << 30) :
			   mp->len - off;

		c = elf_crc32(c, mp->data + off, n);
		off += n;
	}
	*crc = c;
	return 0;
}

/* Try one candidate path; on success *map holds it. */
static int try_debug(const char *cand, const struct symfmt_elf_opts *o,
		     const uint32_t *crc, struct sym_map *map)
{
	uint32_t c;

	if (o->path && same_file(cand, o->path))
		return -1;
	if (sym_map_file(cand, map, NULL))
		return -1;
	if (crc) {
		file_crc(map, &c);
		if (c != *crc) {
			sym_unmap(map);
			return -1;
		}
	}
	return 0;
}

static int find_debug_file(struct module *m, struct elfimg *e,
			   const struct symfmt_elf_opts *o,
			   struct sym_map *map, char *found, size_t fsz)
{
	size_t n = 0, i;
	const uint8_t *bid = elfimg_build_id(e, &n);
	struct esec *dl = elfimg_find(e, ".gnu_debuglink");
	char cand[PATH_MAX], hex[130];

	if (bid && n >= 2 && n <= 64) {
		hex_upper(hex, bid, n);
		for (i = 0; hex[i]; i++)
			hex[i] = (char)(hex[i] >= 'A' ? hex[i] + 32 : hex[i]);
		for (i = 0; i < o->n_debug_dirs; i++) {
			if ((size_t)snprintf(cand, sizeof(cand),
					     "%s/.build-id/%.2s/%s.debug",
					     o->debug_dirs[i], hex, hex + 2) <
				    sizeof(cand) &&
			    !try_debug(cand, o, NULL, map))
				goto found;
		}
	}
	if (dl && dl->len >= 5) {
		const char *nm = (const char *)dl->data;
		size_t nl = strnlen(nm, dl->len), crcoff;
		uint32_t crc;
		crcoff = (nl + 4) & ~(size_t)3;
		if (nl == dl->len || crcoff + 4 > dl->len || strchr(nm, '/'))
			goto none;
		memcpy(&crc, dl->data + crcoff, 4);
		for (i = 0; i < o->n_debug_dirs; i++) {
			if ((size_t)snprintf(cand, sizeof(cand), "%s/%s",
					     o->debug_dirs[i], nm) < sizeof(cand)
			    && !try_debug(cand, o, &crc, map))
				goto found;
		}
		if (o->path) {
			const char *sl = strrchr(o->path, '/');

			int dl_len = sl ? (int)(sl - o->path) : 1;
			const char *d0 = sl ? o->path : ".";

			if ((size_t)snprintf(cand, sizeof(cand), "%.*s/%s",
					     dl_len, d0, nm) < sizeof(cand) &&
			    !try_debug(cand, o, &crc, map))
				goto found;
			if ((size_t)snprintf(cand, sizeof(cand),
					     "%.*s/.debug/%s", dl_len, d0,
					     nm) < sizeof(cand) &&
			    !try_debug(cand, o, &crc, map))
				goto found;
		}
		if (o->n_debug_dirs)
			sym_diag_warn(m->diag, 0, SYM_DIAG_NOWHERE,
				      "debug file %s (.gnu_debuglink) not found",
				      nm);
	}
none:
	return -1;
found:
	snprintf(found, fsz, "%s", cand);
	return 0;
}

/* ---- writer ---- */
static int func_cmp(const void *a, const void *b)
{
	const struct mfunc *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int pub_cmp(const void *a, const void *b)
{
	const struct mpublic *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Sorted unique names; index = id.  The names are interned (one pointer
 * per string), so duplicates go by pointer before the one strcmp sort,
 * and ids are found by pointer.
 */
struct names {
	const char **v;		/* by name: the id order */
	struct pid *byptr;	/* by pointer: the id of each */
	size_t n;
};

struct pid {
	const char *p;
	size_t id;
};

static int ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const char *const *)a;
	uintptr_t y = (uintptr_t)*(const char *const *)b;

	return x < y ? -1 : x > y;
}

static int pid_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct pid *)a)->p;
	uintptr_t y = (uintptr_t)((const struct pid *)b)->p;

	return x < y ? -1 : x > y;
}

static int names_build(struct names *nm, const char **all, size_t n)
{
	size_t i, k = 0;

	xsort(all, n, sizeof(*all), ptr_cmp);
	for (i = 0; i < n; i++)
		if (!k || all[i] != all[k - 1])
			all[k++] = all[i];
	xsort(all, k, sizeof(*all), str_cmp);
	nm->v = all;
	nm->n = k;
	nm->byptr = sym_calloc(k + 1, sizeof(*nm->byptr));
	if (!nm->byptr)
		return -1;
	for (i = 0; i < k; i++) {
		nm->byptr[i].p = all[i];
		nm->byptr[i].id = i;
	}
	xsort(nm->byptr, k, sizeof(*nm->byptr), pid_cmp);
	return 0;
}

static long names_id(const struct names *nm, const char *s)
{
	size_t lo = 0, hi = nm->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (nm->byptr[mid].p == s)
			return (long)nm->byptr[mid].id;
		if ((uintptr_t)nm->byptr[mid].p < (uintptr_t)s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void write_funcs(struct module *m, struct sbuf *b, uint64_t load,
			int inl)
{
	const char **all;
	size_t i, j, k, na = 0, cap;
	struct names files = { 0 }, origins = { 0 };

	xsort(m->funcs.v, m->funcs.n, sizeof(*m->funcs.v), func_cmp);
	/* Drop duplicates (same address and name), as Module's set does. */
	for (i = 0, k = 0; i < m->funcs.n; i++)
		if (!k || m->funcs.v[i].addr != m->funcs.v[k - 1].addr ||
		    strcmp(m->funcs.v[i].name, m->funcs.v[k - 1].name))
			m->funcs.v[k++] = m->funcs.v[i];
	m->funcs.n = k;
	/* FILE ids: the files lines and inline call sites cite, by name. */
	/* Lines may sit in two arrays (two reader threads): count them. */
	cap = 1;
	for (i = 0; i < m->funcs.n; i++)
		cap += m->funcs.v[i].nlines + m->funcs.v[i].ninl;
	all = sym_calloc(cap, sizeof(*all));
	if (!all) {
		m->err = SYM_ENOMEM;
		return;
	}
	for (i = 0; i < m->funcs.n; i++) {
		const struct mfunc *f = &m->funcs.v[i];

		/* Neighbours mostly cite one file: skip repeats early. */
		for (j = 0; j < f->nlines; j++)
			if (!na || all[na - 1] != f->lp[j].file)
				all[na++] = f->lp[j].file;
		for (j = 0; inl && j < f->ninl; j++) {
			const char *cf = f->ibase[f->ifirst + j].call_file;

			if (cf && (!na || all[na - 1] != cf))
				all[na++] = cf;
		}
	}
	if (names_build(&files, all, na)) {
		m->err = SYM_ENOMEM;
		sym_free(all);
		return;
	}
	for (i = 0; i < files.n; i++) {
		sb_str(b, "FILE ");
		sb_dec(b, (int64_t)i);
		sb_ch(b, ' ');
		sb_str(b, files.v[i]);
		sb_ch(b, '\n');
	}
	if (inl) {
		const char **oa = sym_calloc(cap, sizeof(*oa));

		if (!oa) {
			m->err = SYM_ENOMEM;
			sym_free(all);
			return;
		}
		na = 0;
		for (i = 0; i < m->funcs.n; i++) {
			const struct mfunc *f = &m->funcs.v[i];

			for (j = 0; j < f->ninl; j++) {
				const char *o = f->ibase[f->ifirst + j].origin;

				if (!na || oa[na - 1] != o)
					oa[na++] = o;
			}
		}
		if (names_build(&origins, oa, na))
			m->err = SYM_ENOMEM;
		for (i = 0; i < origins.n; i++) {
			sb_str(b, "INLINE_ORIGIN ");
			sb_dec(b, (int64_t)i);
			sb_ch(b, ' ');
			sb_str(b, origins.v[i]);
			sb_ch(b, '\n');
		}
	}
	for (i = 0; i < m->funcs.n && !b->err; i++) {
		const struct mfunc *f = &m->funcs.v[i];
		size_t lnext = 0;
		uint32_t r;

		for (r = 0; r < f->nranges; r++) {
			const struct mrange *rg = &f->rbase[f->rfirst + r];

			sb_str(b, "FUNC ");
			sb_hex(b, rg->addr - load);
			sb_ch(b, ' ');
			sb_hex(b, rg->size);
			sb_str(b, " 0 ");
			sb_str(b, f->name);
			sb_ch(b, '\n');
			for (j = 0; inl && j < f->ninl; j++) {
				const struct minline *in =
					&f->ibase[f->ifirst + j];
				uint32_t q;

				sb_str(b, "INLINE ");
				sb_dec(b, in->level);
				sb_ch(b, ' ');
				sb_dec(b, in->call_line);
				sb_ch(b, ' ');
				sb_dec(b, in->call_file ?
					  names_id(&files, in->call_file) : -1);
				sb_ch(b, ' ');
				sb_dec(b, names_id(&origins, in->origin));
				for (q = 0; q < in->nranges; q++) {
					const struct mrange *ir =
						&f->rbase[in->rfirst + q];

					sb_ch(b, ' ');
					sb_hex(b, ir->addr - load);
					sb_ch(b, ' ');
					sb_hex(b, ir->size);
				}
				sb_ch(b, '\n');
			}
			/* Each range's lines follow each other, in order. */
			for (j = 0; j < rg->nlines; j++) {
				const struct mline *l = &f->lp[lnext + j];

				sb_hex(b, l->addr - load);
				sb_ch(b, ' ');
				sb_hex(b, l->size);
				sb_ch(b, ' ');
				sb_dec(b, l->line);
				sb_ch(b, ' ');
				sb_dec(b, names_id(&files, l->file));
				sb_ch(b, '\n');
			}
			lnext += rg->nlines;
		}
	}
	sym_free(all);
	sym_free(origins.v);
	sym_free(files.byptr);
	sym_free(origins.byptr);
}

static void write_publics(struct module *m, struct sbuf *b, uint64_t load,
			  const struct elfimg *bounds)
{
	size_t i, k, f = 0;

	xsort(m->pubs.v, m->pubs.n, sizeof(*m->pubs.v), pub_cmp);
	/* One extern per address, the first seen; none where a FUNC
	 * starts (Module::AddFunction removes it). */
	for (i = 0, k = 0; i < m->pubs.n; i++) {
		const struct mpublic *p = &m->pubs.v[i];

		if (k && m->pubs.v[k - 1].addr == p->addr)
			continue;
		m->pubs.v[k++] = *p;
	}
	m->pubs.n = k;
	for (i = 0; i < m->pubs.n; i++) {
		const struct mpublic *p = &m->pubs.v[i];

		if (!elfimg_in_load(bounds, p->addr))
			continue;
		while (f < m->funcs.n && m->funcs.v[f].addr < p->addr)
			f++;
		if (f < m->funcs.n && m->funcs.v[f].addr == p->addr)
			continue;
		sb_str(b, "PUBLIC ");
		sb_hex(b, p->addr - load);
		sb_str(b, " 0 ");
		sb_str(b, p->name);
		sb_ch(b, '\n');
	}
}

void module_parts_free(struct module *m)
{
	spool_free(&m->pool);
	sym_free(m->funcs.v);
	sym_free(m->ranges.v);
	sym_free(m->lines.v);
	sym_free(m->lines2);
	sym_free(m->ranges2);
	sym_free(m->inl2);
	sym_free(m->inl.v);
	sym_free(m->pubs.v);
	free(m->cfi.p);
}

static void module_free(struct module *m)
{
	dwarf_release(m);
	module_parts_free(m);
}

int symfmt_elf_to_sym(const void *buf, size_t len,
		      const struct symfmt_elf_opts *opts, char **out,
		      size_t *out_len, struct sym_diag *diag)
{
	static const struct symfmt_elf_opts none;
	const struct symfmt_elf_opts *o = opts ? opts : &none;
	struct elfimg e, dbg;
	struct elfimg *dw = &e;
	struct sym_map dmap = { 0 };
	struct module m;
	struct ident id;
	struct sbuf b = { 0 };
	const char *arch;
	char found[PATH_MAX];
	int err, have_dbg = 0;

	*out = NULL;
	*out_len = 0;
	if ((err = elfimg_open(&e, buf, len, diag)))
		return err;
	arch = elfimg_arch(&e);
	if (!arch) {
		elfimg_close(&e);
		return sym_diag_error(diag, SYM_EUNSUP, SYM_DIAG_OFFSET, 18,
				      "unsupported ELF machine %u", e.machine);
	}
	if (identify(&e, o->path, &id)) {
		elfimg_close(&e);
		return sym_diag_error(diag, SYM_EFORMAT, 0, 0, "no build-id "
				      "and no .text: no module id");
	}
	memset(&m, 0, sizeof(m));
	m.flags = o->flags;
	m.diag = diag;
	sb_str(&b, "MODULE Linux ");
	sb_str(&b, arch);
	sb_ch(&b, ' ');
	sb_str(&b, id.debug_id);
	sb_ch(&b, ' ');
	sb_str(&b, id.name);
	sb_str(&b, "\nINFO CODE_ID ");
	sb_str(&b, id.code_id);
	sb_ch(&b, '\n');
	if (o->flags & SYMFMT_ELF_HEADER_ONLY)
		goto done;

	if (!has_dwarf(&e) &&
	    !find_debug_file(&m, &e, o, &dmap, found, sizeof(found))) {
		if (elfimg_open(&dbg, dmap.data, dmap.len, NULL) == SYM_OK) {
			dbg.label = " (debug file)";
			have_dbg = 1;
			if (has_dwarf(&dbg))
				dw = &dbg;
		}
	}
	read_symtab(&m, &e, elfimg_find(&e, ".symtab") ? SHT_SYMTAB :
		    SHT_DYNSYM);
	if (have_dbg)
		read_symtab(&m, &dbg, SHT_SYMTAB);
	read_minidebuginfo(&m, &e);
	if (!m.err) {
		struct dwarf_opts dop = { o->path, o->debug_dirs,
					  o->n_debug_dirs };

		dwarf_read(&m, dw, &dop);
	}
	if (!(o->flags & SYMFMT_ELF_NO_CFI) && !m.err) {
		if (elfimg_find(dw, ".debug_frame"))
			cfi_read(&m, dw, ".debug_frame", e.load_addr, &e);
		else
			cfi_read(&m, &e, ".debug_frame", e.load_addr, &e);
		cfi_read(&m, &e, ".eh_frame", e.load_addr, &e);
	}
	if (!m.err) {
		write_funcs(&m, &b, e.load_addr,
			    !!(o->flags & SYMFMT_ELF_INLINES));
		write_publics(&m, &b, e.load_addr, &e);
		sb_add(&b, m.cfi.p ? m.cfi.p : "", m.cfi.len);
		if (m.cfi.err)
			m.err = m.cfi.err;
	}
	if (m.pool.err && !m.err)
		m.err = m.pool.err;
done:
	if (have_dbg)
		elfimg_close(&dbg);
	sym_unmap(&dmap);
	elfimg_close(&e);
	err = m.err ? m.err : b.err;
	module_free(&m);
	if (err) {
		free(b.p);
		return sym_diag_error(diag, err, 0, 0, "%s",
				      sym_strerror(err));
	}
	sb_ch(&b, 0);
	if (b.err) {
		free(b.p);
		return sym_diag_error(diag, SYM_ENOMEM, 0, 0, "out of memory");
	}
	*out = b.p;
	*out_len = b.len - 1;
	return SYM_OK;
}

int symfmt_elf_to_table(const void *buf, size_t len,
			const struct symfmt_elf_opts *opts,
			struct sym_table *t, struct sym_diag *diag)
{
	struct sym_map m;
	char *out;
	size_t n;
	int err = symfmt_elf_to_sym(buf, len, opts, &out, &n, diag);

	if (err)
		return err;
	sym_map_from_buffer(&m, out, n);
	sym_table_adopt(t, &m);
	return symfmt_breakpad_parse(t, out, n, diag);
}

/* SPDX-License-Identifier: MIT */
/*
 * dwarf.c - DWARF 2-5 (.debug_info, .debug_abbrev, .debug_line,
 * .debug_ranges, .debug_rnglists, .debug_str, .debug_line_str,
 * .debug_str_offsets, .debug_addr, split DWARF .dwo files) to the
 * FUNC, line and INLINE records of Breakpad's dump_syms.
 *
 * A targeted decoder: it reads only the DIEs whose records Breakpad
 * writes (subprograms, the scopes that name them, inlined subroutines
 * and the lexical blocks around them) and jumps over the rest with
 * DW_AT_sibling.  It is our own because Debian's libdwarf 20210528 gets
 * several of these wrong (see README: line rows before the first
 * DW_LNS_set_file, DW_FORM_implicit_const through dwarf_formudata(),
 * addrx/rnglistx in .dwo units) and is too slow for the whole-file walk;
 * tests/unit/test_dwarf.c checks it against libdwarf on every test
 * binary.
 *
 * Names follow Breakpad's DwarfCUToModule: the demangled linkage name,
 * else the specification's, else DW_AT_name qualified by the enclosing
 * namespaces and classes, else the abstract origin's name.
 */
#include <limits.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "symfmt/elfsym.h"
#include "symfmt/elfsym_int.h"

#define NONE UINT32_MAX

enum { K_SKIP, K_CU, K_SCOPE, K_FUNC, K_INLINE, K_BLOCK };

enum {
	F_DECL = 1, F_LINK_DEM = 2, F_LINK_BAD = 4, F_BUSY = 8, F_DONE = 16,
	F_INLINE_ATTR = 32, F_NS = 64,
};

struct dsec {
	const uint8_t *p;
	size_t n;
};

/* One DWARF-bearing image: the binary (or its debug file), or a .dwo. */
struct dimg {
	struct dsec info, abbrev, str, line_str, stroff, addr, ranges,
		    rnglists, line;
	int is_dwo;
	uint64_t keybase;	/* added to offsets: refs across images */
};

struct aspec {
	uint32_t at, form;
	int64_t ic;
};

struct abbrev {
	uint32_t tag;
	uint8_t children;
	uint32_t first, n;
	int32_t fixed;		/* byte size when all forms are fixed */
};

struct dent {
	uint64_t key, spec, origin;
	const char *name, *link, *res;
	uint32_t parent;
	uint8_t kind, flags;
};

struct cu {
	struct dimg *img;
	uint64_t off, end, die;	/* offsets in img->info */
	uint16_t version;
	uint8_t unit_type, asz, osz;
	uint64_t abbrev_off, str_base, addr_base, rng_base, gnu_rng_base, low_pc;
	int has_stroff_base;
	/* abbrevs */
	struct abbrev *ab;
	size_t nab;
	struct aspec *sp;
	size_t nsp;
	/* from the root DIE */
	const char *comp_dir, *name, *dwo_name;
	uint64_t stmt_list, dwo_id, lang;
	int has_stmt;
};

/* An open .dwo and its image. */
struct dwo {
	struct sym_map map;
	struct elfimg e;
	struct dimg d;
};

struct ctx {
	struct module *m;
	struct elfimg *e;
	const struct dwarf_opts *o;
	struct dimg main;
	VEC(struct dent) dents;
	VEC(uint32_t) fdent;	/* per m->funcs: its dent */
	VEC(uint64_t) iorig;	/* per m->inl: origin key */
	struct dwo **dwos;
	size_t ndwo;
	int inl;
	unsigned long nwarn;
	/* per CU line table */
	VEC(const char *) files;
	VEC(struct mline) rows;
	size_t cu_func0, cu_inl0, lines0;
	size_t unit_index;	/* of the unit being read, in the unit list */
	/* A second reader thread's DIEs, after dents: index dents.n + k. */
	struct dent *dents2;
	size_t ndents2;
	uint64_t *iorig2;	/* per m->inl2 */
	size_t ninl2;
};

static inline struct dent *dent_at(struct ctx *c, uint32_t i)
{
	return i < c->dents.n ? &c->dents.v[i] : &c->dents2[i - c->dents.n];
}

static inline size_t ndents(const struct ctx *c)
{
	return c->dents.n + c->ndents2;
}

static const char *cstr_at(const struct dsec *s, uint64_t off)
{
	const char *p;

	if (!s->p || off >= s->n)
		return NULL;
	p = (const char *)s->p + off;
	/* A section ending in NUL terminates every string in it. */
	if (s->p[s->n - 1] == 0)
		return p;
	return memchr(p, 0, s->n - (size_t)off) ? p : NULL;
}

static void dwarn(struct ctx *c, const char *what, uint64_t off)
{
	c->nwarn++;
	if (c->nwarn <= 20)
		sym_diag_warn(c->m->diag, SYM_DIAG_OFFSET, off, "%s", what);
}

/* ---- forms ---- */
enum { V_NONE, V_U, V_S, V_ADDR, V_ADDRX, V_STR, V_STRP, V_LSTRP, V_STRX,
       V_REF, V_REFADDR, V_RNGX, V_FLAG };

struct fv {
	uint64_t u;
	const char *s;
	int cls;
};

static int read_form(const struct cu *cu, struct rd *r, uint32_t form,
		     int64_t ic, struct fv *v, int depth)
{
	v->cls = V_U;
	v->s = NULL;
	switch (form) {
	case 0x01: v->u = rd_n(r, cu->asz); v->cls = V_ADDR; break;
	case 0x03: rd_skip(r, rd_n(r, 2)); v->cls = V_NONE; break;
	case 0x04: rd_skip(r, rd_n(r, 4)); v->cls = V_NONE; break;
	case 0x05: v->u = rd_n(r, 2); break;
	case 0x06: v->u = rd_n(r, 4); break;
	case 0x07: v->u = rd_n(r, 8); break;
	case 0x08: {
		const uint8_t *e = memchr(r->p, 0, (size_t)(r->end - r->p));

		if (!e) {
			r->err = 1;
			r->p = r->end;
			return -1;
		}
		v->s = (const char *)r->p;
		v->cls = V_STR;
		r->p = e + 1;
		break;
	}
	case 0x09: case 0x18: rd_skip(r, rd_uleb(r)); v->cls = V_NONE; break;
	case 0x0a: rd_skip(r, rd_n(r, 1)); v->cls = V_NONE; break;
	case 0x0b: v->u = rd_n(r, 1); break;
	case 0x0c: v->u = rd_n(r, 1); v->cls = V_FLAG; break;
	case 0x0d: v->u = (uint64_t)rd_sleb(r); v->cls = V_S; break;
	case 0x0e: v->u = rd_n(r, cu->osz); v->cls = V_STRP; break;
	case 0x0f: v->u = rd_uleb(r); break;
	case 0x10:
		v->u = rd_n(r, cu->version <= 2 ? cu->asz : cu->osz);
		v->cls = V_REFADDR;
		break;
	case 0x11: v->u = rd_n(r, 1); v->cls = V_REF; break;
	case 0x12: v->u = rd_n(r, 2); v->cls = V_REF; break;
	case 0x13: v->u = rd_n(r, 4); v->cls = V_REF; break;
	case 0x14: v->u = rd_n(r, 8); v->cls = V_REF; break;
	case 0x15: v->u = rd_uleb(r); v->cls = V_REF; break;
	case 0x16:
		if (depth > 4)
			return -1;
		return read_form(cu, r, (uint32_t)rd_uleb(r), ic, v,
				 depth + 1);
	case 0x17: v->u = rd_n(r, cu->osz); break;	/* sec_offset */
	case 0x19: v->u = 1; v->cls = V_FLAG; break;
	case 0x1a: case 0x1f02: v->u = rd_uleb(r); v->cls = V_STRX; break;
	case 0x1b: case 0x1f01: v->u = rd_uleb(r); v->cls = V_ADDRX; break;
	case 0x1c: v->u = rd_n(r, 4); v->cls = V_NONE; break;
	case 0x1d: case 0x1f21: v->u = rd_n(r, cu->osz); v->cls = V_NONE;
		break;
	case 0x1e: rd_skip(r, 16); v->cls = V_NONE; break;
	case 0x1f: v->u = rd_n(r, cu->osz); v->cls = V_LSTRP; break;
	case 0x20: v->u = rd_n(r, 8); v->cls = V_NONE; break;
	case 0x21: v->u = (uint64_t)ic; v->cls = V_S; break;
	case 0x22: v->u = rd_uleb(r); v->cls = V_NONE; break;
	case 0x23: v->u = rd_uleb(r); v->cls = V_RNGX; break;
	case 0x24: v->u = rd_n(r, 8); v->cls = V_NONE; break;
	case 0x25: v->u = rd_n(r, 1); v->cls = V_STRX; break;
	case 0x26: v->u = rd_n(r, 2); v->cls = V_STRX; break;
	case 0x27: v->u = rd_n(r, 3); v->cls = V_STRX; break;
	case 0x28: v->u = rd_n(r, 4); v->cls = V_STRX; break;
	case 0x29: v->u = rd_n(r, 1); v->cls = V_ADDRX; break;
	case 0x2a: v->u = rd_n(r, 2); v->cls = V_ADDRX; break;
	case 0x2b: v->u = rd_n(r, 3); v->cls = V_ADDRX; break;
	case 0x2c: v->u = rd_n(r, 4); v->cls = V_ADDRX; break;
	case 0x1f20: v->u = rd_n(r, cu->osz); v->cls = V_NONE; break;
	default:
		r->err = 1;
		return -1;
	}
	return r->err ? -1 : 0;
}

/* Fixed size of a form in this unit, or -1. */
static int form_size(const struct cu *cu, uint32_t form)
{
	switch (form) {
	case 0x01: return cu->asz;
	case 0x05: case 0x12: case 0x26: case 0x2a: return 2;
	case 0x06: case 0x13: case 0x1c: case 0x28: case 0x2c: return 4;
	case 0x07: case 0x14: case 0x20: case 0x24: return 8;
	case 0x0b: case 0x0c: case 0x11: case 0x25: case 0x29: return 1;
	case 0x0e: case 0x17: case 0x1d: case 0x1f: case 0x1f20:
	case 0x1f21: return cu->osz;
	case 0x10: return cu->version <= 2 ? cu->asz : cu->osz;
	case 0x19: case 0x21: return 0;
	case 0x1e: return 16;
	case 0x27: case 0x2b: return 3;
	default: return -1;
	}
}

static const char *fv_str(const struct cu *cu, const struct fv *v)
{
	const struct dimg *d = cu->img;

	switch (v->cls) {
	case V_STR:
		return v->s;
	case V_STRP:
		return cstr_at(&d->str, v->u);
	case V_LSTRP:
		return cstr_at(&d->line_str, v->u);
	case V_STRX: {
		uint64_t base = cu->str_base, o;
		struct rd r;

		if (!d->stroff.p || v->u > (d->stroff.n / cu->osz))
			return NULL;
		o = base + v->u * cu->osz;
		if (o > d->stroff.n || d->stroff.n - o < cu->osz)
			return NULL;
		r.p = d->stroff.p + o;
		r.end = d->stroff.p + d->stroff.n;
		r.err = 0;
		return cstr_at(&d->str, rd_n(&r, cu->osz));
	}
	default:
		return NULL;
	}
}

/* .debug_addr entry idx; the skeleton's table for split units. */
static int addr_at(struct ctx *c, const struct cu *cu, uint64_t idx,
		   uint64_t *out)
{
	const struct dsec *a = &c->main.addr;
	uint64_t o;
	struct rd r;

	(void)c;
	if (cu->img->addr.p)
		a = &cu->img->addr;
	if (!a->p || idx > a->n / cu->asz)
		return -1;
	o = cu->addr_base + idx * cu->asz;
	if (o > a->n || a->n - o < cu->asz)
		return -1;
	r.p = a->p + o;
	r.end = a->p + a->n;
	r.err = 0;
	*out = rd_n(&r, cu->asz);
	return 0;
}

static int fv_addr(struct ctx *c, const struct cu *cu, const struct fv *v,
		   uint64_t *out)
{
	if (v->cls == V_ADDR) {
		*out = v->u;
		return 0;
	}
	if (v->cls == V_ADDRX)
		return addr_at(c, cu, v->u, out);
	return -1;
}

/* ---- abbreviations ---- */
static int load_abbrevs(struct ctx *c, struct cu *cu, uint64_t off)
{
	const struct dsec *s = &cu->img->abbrev;
	struct rd r;
	size_t cap_ab = 0, cap_sp = 0;

	cu->nab = cu->nsp = 0;
	if (!s->p || off >= s->n)
		return -1;
	r.p = s->p + off;
	r.end = s->p + s->n;
	r.err = 0;
	for (;;) {
		uint64_t code = rd_uleb(&r);
		struct abbrev *a;
		int fixed = 0;

		if (r.err)
			return -1;
		if (!code)
			break;
		if (code > 1u << 20)
			return -1;	/* sparse codes: refuse, not seen */
		if (code >= cap_ab) {
			size_t nc = cap_ab ? cap_ab : 64;

			while (nc <= code)
				nc *= 2;
			if (vec_grow_((void **)&cu->ab, &cap_ab, nc,
				      sizeof(*cu->ab)))
				return c->m->err = SYM_ENOMEM;
		}
		while (cu->nab <= code)
			memset(&cu->ab[cu->nab++], 0, sizeof(*cu->ab));
		a = &cu->ab[code];
		a->tag = (uint32_t)rd_uleb(&r);
		a->children = (uint8_t)rd_n(&r, 1);
		a->first = (uint32_t)cu->nsp;
		a->n = 0;
		for (;;) {
			uint64_t at = rd_uleb(&r), form = rd_uleb(&r);
			int64_t ic = 0;
			struct aspec *sp;
			int fs;

			if (r.err)
				return -1;
			if (form == 0x21)
				ic = rd_sleb(&r);
			if (!at && !form)
				break;
			if (cu->nsp >= cap_sp &&
			    vec_grow_((void **)&cu->sp, &cap_sp, cu->nsp + 1,
				      sizeof(*cu->sp)))
				return c->m->err = SYM_ENOMEM;
			sp = &cu->sp[cu->nsp++];
			sp->at = (uint32_t)at;
			sp->form = (uint32_t)form;
			sp->ic = ic;
			a->n++;
			fs = form_size(cu, (uint32_t)form);
			if (fs < 0 || fixed < 0)
				fixed = -1;
			else
				fixed += fs;
		}
		a->fixed = fixed;
		if (!a->tag)
			a->tag = UINT32_MAX;
	}
	return 0;
}

/* ---- DIE attributes we use ---- */
struct attrs {
	const char *name, *link;
	uint64_t spec, origin, sibling;
	uint64_t low, high, ranges, call_file, call_line;
	int has_low, has_high, high_is_addr, has_ranges, ranges_x;
	int decl, inl, has_spec, has_origin, has_sib;
};

static uint64_t ref_key(const struct cu *cu, const struct fv *v)
{
	if (v->cls == V_REFADDR)
		return cu->img->keybase + v->u;
	return cu->img->keybase + cu->off + v->u;
}

static int read_attrs(struct ctx *c, struct cu *cu, struct rd *r,
		      const struct abbrev *a, struct attrs *at, int want)
{
	uint32_t i;
	struct fv v;

	memset(at, 0, sizeof(*at));
	for (i = 0; i < a->n; i++) {
		const struct aspec *sp = &cu->sp[a->first + i];

		if (read_form(cu, r, sp->form, sp->ic, &v, 0))
			return -1;
		if (sp->at == 0x01) {	/* sibling */
			if (v.cls == V_REF) {
				at->sibling = cu->off + v.u;
				at->has_sib = 1;
			}
			continue;
		}
		if (!want)
			continue;
		switch (sp->at) {
		case 0x03:
			at->name = fv_str(cu, &v);
			break;
		case 0x6e: case 0x2007:
			at->link = fv_str(cu, &v);
			break;
		case 0x47:
			if (v.cls == V_REF || v.cls == V_REFADDR) {
				at->spec = ref_key(cu, &v);
				at->has_spec = 1;
			}
			break;
		case 0x31:
			if (v.cls == V_REF || v.cls == V_REFADDR) {
				at->origin = ref_key(cu, &v);
				at->has_origin = 1;
			}
			break;
		case 0x3c:
			at->decl = v.u != 0;
			break;
		case 0x20:
			at->inl = 1;
			break;
		case 0x11:
			if (!fv_addr(c, cu, &v, &at->low))
				at->has_low = 1;
			break;
		case 0x12:
			if (v.cls == V_ADDR || v.cls == V_ADDRX) {
				if (!fv_addr(c, cu, &v, &at->high))
					at->has_high = at->high_is_addr = 1;
			} else if (v.cls == V_U || v.cls == V_S) {
				at->high = v.u;
				at->has_high = 1;
			}
			break;
		case 0x55:
			at->ranges = v.u;
			at->has_ranges = 1;
			at->ranges_x = v.cls == V_RNGX;
			break;
		case 0x58:
			at->call_file = v.u;
			break;
		case 0x59:
			at->call_line = v.u;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* ---- ranges ---- */
static void add_range(struct ctx *c, uint64_t lo, uint64_t hi)
{
	struct mrange *rg;

	if (hi <= lo)
		return;
	/* Discarded COMDAT code: ranges outside every executable section. */
	if (!elfimg_in_exec(c->e, lo))
		return;
	rg = VEC_PUSH(c->m, c->m->ranges);
	if (rg) {
		rg->addr = lo;
		rg->size = hi - lo;
		rg->nlines = 0;
	}
}

static void read_ranges(struct ctx *c, struct cu *cu, const struct attrs *a)
{
	const struct dimg *d = cu->img;
	uint64_t base = cu->low_pc, off = a->ranges;
	struct rd r;

	if (cu->version <= 4) {
		const struct dsec *s = d->is_dwo ? &c->main.ranges : &d->ranges;
		uint64_t maxa = cu->asz == 4 ? 0xffffffffu : ~(uint64_t)0;

		if (d->is_dwo)
			off += cu->gnu_rng_base;
		if (!s->p || off >= s->n) {
			dwarn(c, "range list outside .debug_ranges", off);
			return;
		}
		r.p = s->p + off;
		r.end = s->p + s->n;
		r.err = 0;
		while (!r.err) {
			uint64_t lo = rd_n(&r, cu->asz), hi = rd_n(&r, cu->asz);

			if (r.err || (!lo && !hi))
				break;
			if (lo == maxa) {
				base = hi;
				continue;
			}
			add_range(c, base + lo, base + hi);
		}
		return;
	}
	/* DWARF 5 .debug_rnglists (.dwo: its own, base after the header) */
	{
		const struct dsec *s = &d->rnglists;

		if (!s->p) {
			dwarn(c, "DW_AT_ranges without .debug_rnglists", off);
			return;
		}
		if (a->ranges_x) {
			uint64_t rb = d->is_dwo ? (cu->osz == 8 ? 20 : 12) :
				      cu->rng_base;
			uint64_t o = rb + off * cu->osz;

			if (o > s->n || s->n - o < cu->osz) {
				dwarn(c, "bad DW_FORM_rnglistx", off);
				return;
			}
			r.p = s->p + o;
			r.end = s->p + s->n;
			r.err = 0;
			off = rb + rd_n(&r, cu->osz);
		}
		if (off >= s->n) {
			dwarn(c, "range list outside .debug_rnglists", off);
			return;
		}
		r.p = s->p + off;
		r.end = s->p + s->n;
		r.err = 0;
		while (!r.err) {
			uint8_t k = (uint8_t)rd_n(&r, 1);
			uint64_t x, y;

			if (r.err || k == 0)
				break;
			switch (k) {
			case 1:
				if (addr_at(c, cu, rd_uleb(&r), &base))
					return;
				break;
			case 2:
				if (addr_at(c, cu, rd_uleb(&r), &x) ||
				    addr_at(c, cu, rd_uleb(&r), &y))
					return;
				add_range(c, x, y);
				break;
			case 3:
				if (addr_at(c, cu, rd_uleb(&r), &x))
					return;
				y = rd_uleb(&r);
				add_range(c, x, x + y);
				break;
			case 4:
				x = rd_uleb(&r);
				y = rd_uleb(&r);
				add_range(c, base + x, base + y);
				break;
			case 5:
				base = rd_n(&r, cu->asz);
				break;
			case 6:
				x = rd_n(&r, cu->asz);
				y = rd_n(&r, cu->asz);
				add_range(c, x, y);
				break;
			case 7:
				x = rd_n(&r, cu->asz);
				y = rd_uleb(&r);
				add_range(c, x, x + y);
				break;
			default:
				dwarn(c, "bad range list entry", off);
				return;
			}
		}
	}
}

/* Ranges of a DIE into m->ranges; returns how many were added. */
static uint32_t die_ranges(struct ctx *c, struct cu *cu,
			   const struct attrs *a, uint32_t *first)
{
	size_t n0 = c->m->ranges.n;

	*first = (uint32_t)n0;
	if (a->has_ranges)
		read_ranges(c, cu, a);
	else if (a->has_low && a->has_high && a->low)
		add_range(c, a->low, a->high_is_addr ? a->high :
						       a->low + a->high);
	return (uint32_t)(c->m->ranges.n - n0);
}

/* ---- line programs ---- */
static const char *join_path(struct ctx *c, const char *dir, const char *n)
{
	char buf[PATH_MAX * 2];
	size_t dl;

	if (!n)
		return NULL;
	if (n[0] == '/' || !dir || !dir[0])
		return spool_add(&c->m->pool, n, strlen(n));
	dl = strlen(dir);
	if (dl + strlen(n) + 2 > sizeof(buf))
		return spool_add(&c->m->pool, n, strlen(n));
	memcpy(buf, dir, dl);
	if (dir[dl - 1] != '/')
		buf[dl++] = '/';
	strcpy(buf + dl, n);
	return spool_add(&c->m->pool, buf, strlen(buf));
}

static const char *lform_str(struct ctx *c, const struct cu *cu,
			     struct rd *r, uint64_t form, int osz)
{
	struct fv v;
	struct cu tmp = *cu;

	tmp.osz = (uint8_t)osz;
	tmp.img = cu->img->is_dwo ? &c->main : cu->img;
	if (read_form(&tmp, r, (uint32_t)form, 0, &v, 0))
		return NULL;
	return fv_str(&tmp, &v);
}

static int set_file(struct ctx *c, size_t idx, const char *path)
{
	while (c->files.n <= idx) {
		const char **f = VEC_PUSH(c->m, c->files);

		if (!f)
			return -1;
		*f = NULL;
	}
	c->files.v[idx] = path;
	return 0;
}

static void add_row(struct ctx *c, uint64_t addr, uint64_t len,
		    uint64_t file, uint64_t line, uint64_t *omit_end)
{
	struct mline *l;

	if (!len)
		return;
	if (addr + len < addr)
		len = (uint64_t)0 - addr;
	if (addr == 0 || addr == *omit_end) {
		*omit_end = addr + len;
		return;
	}
	*omit_end = 0;
	if (file >= c->files.n || !c->files.v[file])
		return;
	l = VEC_PUSH(c->m, c->rows);
	if (!l)
		return;
	l->addr = addr;
	l->size = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	l->line = (uint32_t)line;
	l->file = c->files.v[file];
}

static void read_lines(struct ctx *c, struct cu *cu)
{
	const struct dsec *s = &c->main.line;
	struct rd r, h;
	uint64_t len, hlen, off = cu->stmt_list, omit_end = 0;
	uint16_t ver;
	uint8_t minlen, def_stmt, lrange, opbase, asz = cu->asz;
	int8_t lbase;
	int osz = 4;
	const uint8_t *stdlen, *prog, *end;
	VEC(const char *) dirs = { 0 };
	const char *comp = cu->comp_dir;

	c->files.n = 0;
	c->rows.n = 0;
	if (!cu->img->is_dwo && cu->img->line.p)
		s = &cu->img->line;
	if (!cu->has_stmt || !s->p || off >= s->n) {
		if (cu->has_stmt)
			dwarn(c, "line table outside .debug_line", off);
		return;
	}
	r.p = s->p + off;
	r.end = s->p + s->n;
	r.err = 0;
	len = rd_n(&r, 4);
	if (len == 0xffffffff) {
		len = rd_n(&r, 8);
		osz = 8;
	}
	if (r.err || len > (uint64_t)(r.end - r.p))
		goto bad;
	end = r.p + len;
	r.end = end;
	ver = (uint16_t)rd_n(&r, 2);
	if (ver < 2 || ver > 5)
		goto bad;
	if (ver >= 5) {
		asz = (uint8_t)rd_n(&r, 1);
		rd_n(&r, 1);
		if (asz != 4 && asz != 8)
			goto bad;
	}
	hlen = rd_n(&r, (unsigned)osz);
	if (r.err || hlen > (uint64_t)(r.end - r.p))
		goto bad;
	prog = r.p + hlen;
	minlen = (uint8_t)rd_n(&r, 1);
	if (ver >= 4)
		rd_n(&r, 1);	/* max ops per instruction */
	def_stmt = (uint8_t)rd_n(&r, 1);
	(void)def_stmt;
	lbase = (int8_t)rd_n(&r, 1);
	lrange = (uint8_t)rd_n(&r, 1);
	opbase = (uint8_t)rd_n(&r, 1);
	if (r.err || !lrange || !opbase ||
	    (uint64_t)(r.end - r.p) < (uint64_t)(opbase - 1))
		goto bad;
	stdlen = r.p;
	r.p += opbase - 1;
	h = r;
	h.end = prog;
	if (ver >= 5) {
		uint8_t nf;
		uint64_t fmt[2 * 16], n, i, k;

		/* directories */
		nf = (uint8_t)rd_n(&h, 1);
		if (nf > 16)
			goto bad;
		for (k = 0; k < nf; k++) {
			fmt[2 * k] = rd_uleb(&h);
			fmt[2 * k + 1] = rd_uleb(&h);
		}
		n = rd_uleb(&h);
		/* Every entry takes bytes: a count beyond them is hostile. */
		if (n && (!nf || n > (uint64_t)(h.end - h.p)))
			goto bad;
		for (i = 0; i < n && !h.err; i++) {
			const char *d = NULL, **slot;

			for (k = 0; k < nf; k++) {
				if (fmt[2 * k] == 1) {
					d = lform_str(c, cu, &h, fmt[2 * k + 1],
						      osz);
				} else {
					struct fv v;

					read_form(cu, &h, (uint32_t)fmt[2 * k + 1],
						  0, &v, 0);
				}
			}
			slot = VEC_PUSH(c->m, dirs);
			if (!slot)
				goto out;
			/* Directory 0 is the compilation directory. */
			*slot = i == 0 ? comp : d && d[0] != '/' && comp ?
				join_path(c, comp, d) : d;
		}
		nf = (uint8_t)rd_n(&h, 1);
		if (nf > 16)
			goto bad;
		for (k = 0; k < nf; k++) {
			fmt[2 * k] = rd_uleb(&h);
			fmt[2 * k + 1] = rd_uleb(&h);
		}
		n = rd_uleb(&h);
		if (n && (!nf || n > (uint64_t)(h.end - h.p)))
			goto bad;
		for (i = 0; i < n && !h.err; i++) {
			const char *nm = NULL;
			uint64_t di = 0;

			for (k = 0; k < nf; k++) {
				if (fmt[2 * k] == 1) {
					nm = lform_str(c, cu, &h, fmt[2 * k + 1],
						       osz);
				} else {
					struct fv v;
					struct cu t = *cu;

					t.osz = (uint8_t)osz;
					read_form(&t, &h,
						  (uint32_t)fmt[2 * k + 1], 0,
						  &v, 0);
					if (fmt[2 * k] == 2)
						di = v.u;
				}
			}
			if (set_file(c, (size_t)i, join_path(c,
				     di < dirs.n ? dirs.v[di] : NULL, nm)))
				goto out;
		}
		if (h.err)
			goto bad;
	} else {
		const char **slot;
		uint64_t i;

		slot = VEC_PUSH(c->m, dirs);
		if (!slot)
			goto out;
		*slot = comp;
		while (h.p < h.end && *h.p) {
			const char *d = (const char *)h.p;
			const uint8_t *z = memchr(h.p, 0,
						  (size_t)(h.end - h.p));

			if (!z)
				goto bad;
			h.p = z + 1;
			slot = VEC_PUSH(c->m, dirs);
			if (!slot)
				goto out;
			*slot = d[0] != '/' && comp ? join_path(c, comp, d) :
				d;
		}
		rd_n(&h, 1);
		set_file(c, 0, NULL);
		for (i = 1; h.p < h.end && *h.p; i++) {
			const char *nm = (const char *)h.p;
			const uint8_t *z = memchr(h.p, 0,
						  (size_t)(h.end - h.p));
			uint64_t di;

			if (!z)
				goto bad;
			h.p = z + 1;
			di = rd_uleb(&h);
			rd_uleb(&h);
			rd_uleb(&h);
			if (set_file(c, (size_t)i, join_path(c,
				     di < dirs.n ? dirs.v[di] : NULL, nm)))
				goto out;
		}
	}
	/* The line number program. */
	r.p = prog;
	r.end = end;
	{
		uint64_t addr = 0, file = 1, line = 1, paddr = 0, pfile = 0,
			 pline = 0;
		int pend = 0;

		while (r.p < r.end && !r.err) {
			uint8_t op = (uint8_t)rd_n(&r, 1);
			int emit = 0, endseq = 0;

			if (op >= opbase) {
				uint8_t adj = (uint8_t)(op - opbase);

				addr += (uint64_t)(adj / lrange) * minlen;
				line += (uint64_t)(int64_t)(lbase +
							    adj % lrange);
				emit = 1;
			} else if (op == 0) {
				uint64_t el = rd_uleb(&r);
				const uint8_t *ee;
				uint8_t sub;

				if (r.err || !el ||
				    el > (uint64_t)(r.end - r.p))
					break;
				ee = r.p + el;
				sub = (uint8_t)rd_n(&r, 1);
				if (sub == 1) {
					emit = endseq = 1;
				} else if (sub == 2) {
					addr = rd_n(&r, (unsigned)(el - 1 > 8 ?
								   8 : el - 1));
				} else if (sub == 3 && ver < 5) {
					const char *nm = (const char *)r.p;
					const uint8_t *z = memchr(r.p, 0,
						(size_t)(ee - r.p));
					uint64_t di;

					if (z) {
						r.p = z + 1;
						di = rd_uleb(&r);
						set_file(c, c->files.n, join_path(
							c, di < dirs.n ?
							dirs.v[di] : NULL, nm));
					}
				}
				r.p = ee;
			} else {
				switch (op) {
				case 1: emit = 1; break;
				case 2: addr += rd_uleb(&r) * minlen; break;
				case 3: line += (uint64_t)rd_sleb(&r); break;
				case 4: file = rd_uleb(&r); break;
				case 8:
					addr += (uint64_t)((255 - opbase) /
							   lrange) * minlen;
					break;
				case 9: addr += rd_n(&r, 2); break;
				default: {
					uint8_t k;

					for (k = 0; k < stdlen[op - 1]; k++)
						rd_uleb(&r);
				}
				}
			}
			if (!emit)
				continue;
			if (pend)
				add_row(c, paddr, addr - paddr, pfile,
					pline & 0xffffffffu, &omit_end);
			if (endseq) {
				pend = 0;
				addr = 0;
				file = 1;
				line = 1;
			} else {
				pend = 1;
				paddr = addr;
				pfile = file;
				pline = line;
			}
		}
	}
	goto out;
bad:
	dwarn(c, "malformed line table", off);
out:
	sym_free(dirs.v);
}

static int row_cmp(const void *a, const void *b)
{
	const struct mline *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Give each function of this CU the clipped rows inside its ranges. */
static void assign_lines(struct ctx *c)
{
	struct module *m = c->m;
	size_t i, nrows = c->rows.n;

	for (i = 1; i < nrows && c->rows.v[i - 1].addr <= c->rows.v[i].addr;
	     i++)
		;
	if (i < nrows)	/* several sequences */
		xsort(c->rows.v, nrows, sizeof(*c->rows.v), row_cmp);
	c->lines0 = m->lines.n;
	for (i = c->cu_func0; i < m->funcs.n && !m->err; i++) {
		struct mfunc *f = &m->funcs.v[i];
		uint32_t k;

		f->lfirst = m->lines.n;
		for (k = 0; k < f->nranges; k++) {
			const struct mrange rg = m->ranges.v[f->rfirst + k];
			size_t before = m->lines.n;
			uint64_t re = rg.addr + rg.size;
			size_t lo = 0, hi = nrows;

			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (c->rows.v[mid].addr <= rg.addr)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo)
				lo--;
			for (; lo < nrows && c->rows.v[lo].addr < re; lo++) {
				const struct mline *l = &c->rows.v[lo];
				uint64_t a = l->addr > rg.addr ? l->addr :
					     rg.addr;
				uint64_t e = l->addr + l->size < re ?
					     l->addr + l->size : re;
				struct mline *o;

				if (e <= a)
					continue;
				o = VEC_PUSH(m, m->lines);
				if (!o)
					return;
				*o = *l;
				o->addr = a;
				o->size = (uint32_t)(e - a);
			}
			m->ranges.v[f->rfirst + k].nlines = m->lines.n - before;
			/* Hostile overlaps: no more than 16 lines per row. */
			if (m->lines.n - c->lines0 > 16 * nrows + 4096) {
				dwarn(c, "overlapping functions: lines cut",
				      0);
				m->ranges.v[f->rfirst + k].nlines = 0;
				m->lines.n = before;
				break;
			}
		}
		f->nlines = m->lines.n - f->lfirst;
	}
}

/* ---- the DIE walk ---- */
struct frame {
	uint8_t kind;
	uint32_t scope;		/* naming dent of this frame (FUNC, SCOPE) */
	uint32_t func;		/* m->funcs index, or NONE */
	uint32_t ilevel;	/* level of inline children */
};

static int child_kind(int parent, uint32_t tag, int inl)
{
	switch (parent) {
	case K_CU:
		if (tag == 0x2e)
			return K_FUNC;
		if (tag == 0x39 || tag == 0x02 || tag == 0x13 || tag == 0x17 ||
		    tag == 0x1e)
			return K_SCOPE;
		return K_SKIP;
	case K_SCOPE:
		if (tag == 0x2e)
			return K_FUNC;
		if (tag == 0x39 || tag == 0x02 || tag == 0x13 || tag == 0x17)
			return K_SCOPE;
		return K_SKIP;
	case K_FUNC:
		if (tag == 0x1d)
			return inl ? K_INLINE : K_SKIP;
		if (tag == 0x0b)
			return inl ? K_BLOCK : K_SKIP;
		if (tag == 0x02 || tag == 0x13 || tag == 0x17)
			return K_SCOPE;
		return K_SKIP;
	case K_INLINE:
	case K_BLOCK:
		if (tag == 0x1d)
			return K_INLINE;
		if (tag == 0x0b)
			return K_BLOCK;
		return K_SKIP;
	default:
		return K_SKIP;
	}
}

static uint32_t add_dent(struct ctx *c, const struct cu *cu, uint64_t off,
			 int kind, const struct attrs *a, uint32_t parent,
			 uint32_t tag)
{
	struct dent *d = VEC_PUSH(c->m, c->dents);

	if (!d)
		return NONE;
	d->key = cu->img->keybase + off;
	d->spec = a->has_spec ? a->spec : 0;
	d->origin = a->has_origin ? a->origin : 0;
	d->name = a->name;
	d->link = a->link;
	d->res = NULL;
	d->parent = parent;
	d->kind = (uint8_t)kind;
	d->flags = (uint8_t)((a->decl ? F_DECL : 0) |
			     (a->inl ? F_INLINE_ATTR : 0) |
			     (tag == 0x39 ? F_NS : 0));
	return (uint32_t)(c->dents.n - 1);
}

#define MAX_DEPTH 512

static void walk(struct ctx *c, struct cu *cu)
{
	const struct dsec *info = &cu->img->info;
	struct frame st[MAX_DEPTH];
	int depth = 0;
	struct rd r;
	struct attrs a;
	struct module *m = c->m;

	r.p = info->p + cu->die;
	r.end = info->p + cu->end;
	r.err = 0;
	/* The root DIE was read by the caller: skip it again here. */
	{
		uint64_t code = rd_uleb(&r);
		const struct abbrev *ab;

		if (!code || code >= cu->nab || !cu->ab[code].tag)
			return;
		ab = &cu->ab[code];
		if (read_attrs(c, cu, &r, ab, &a, 0) || !ab->children)
			return;
		st[0].kind = K_CU;
		st[0].scope = NONE;
		st[0].func = NONE;
		st[0].ilevel = 0;
		depth = 1;
	}
	while (depth > 0 && r.p < r.end && !r.err && !m->err) {
		uint64_t off = (uint64_t)(r.p - info->p);
		uint64_t code = rd_uleb(&r);
		const struct abbrev *ab;
		const struct frame *pf = &st[depth - 1];
		int kind;

		if (!code) {
			depth--;
			continue;
		}
		if (code >= cu->nab || !cu->ab[code].tag) {
			dwarn(c, "bad abbreviation code", off);
			return;
		}
		ab = &cu->ab[code];
		kind = child_kind(pf->kind, ab->tag, c->inl);
		if (kind == K_SKIP) {
			if (ab->fixed >= 0 && !ab->children) {
				rd_skip(&r, (uint64_t)ab->fixed);
				continue;
			}
			if (read_attrs(c, cu, &r, ab, &a, 0))
				break;
			if (!ab->children)
				continue;
			if (a.has_sib && a.sibling > off &&
			    a.sibling < cu->end) {
				r.p = info->p + a.sibling;
				continue;
			}
			if (depth == MAX_DEPTH)
				break;
			st[depth].kind = K_SKIP;
			depth++;
			continue;
		}
		if (read_attrs(c, cu, &r, ab, &a, 1))
			break;
		{
			struct frame nf = { (uint8_t)kind, pf->scope,
					    pf->func, pf->ilevel };

			if (kind == K_FUNC || kind == K_SCOPE) {
				uint32_t di = add_dent(c, cu, off, kind, &a,
						       pf->scope, ab->tag);

				nf.scope = di;
				nf.ilevel = 0;
				if (kind == K_FUNC) {
					uint32_t rf, nr = die_ranges(c, cu, &a,
								     &rf);

					nf.func = NONE;
					if (nr) {
						struct mfunc *f =
							VEC_PUSH(m, m->funcs);
						uint32_t *fd =
							VEC_PUSH(m, c->fdent);

						if (!f || !fd)
							return;
						memset(f, 0, sizeof(*f));
						f->addr = m->ranges.v[rf].addr;
						f->rfirst = rf;
						f->nranges = nr;
						*fd = di;
						nf.func = (uint32_t)
							(m->funcs.n - 1);
					}
				}
			} else if (kind == K_INLINE) {
				uint32_t rf, nr = die_ranges(c, cu, &a, &rf);

				if (!nr || pf->func == NONE) {
					nf.kind = K_SKIP;
				} else {
					struct minline *in =
						VEC_PUSH(m, m->inl);
					uint64_t *io = VEC_PUSH(m, c->iorig);

					if (!in || !io)
						return;
					in->origin = NULL;
					in->call_file =
						a.call_file < c->files.n ?
						c->files.v[a.call_file] : NULL;
					in->level = pf->ilevel;
					in->call_line = (uint32_t)a.call_line;
					in->rfirst = rf;
					in->nranges = nr;
					/* owner function, fixed up per CU */
					in->origin = (const char *)
						(uintptr_t)pf->func;
					*io = a.has_origin ? a.origin : 0;
					nf.ilevel = pf->ilevel + 1;
				}
			}
			if (ab->children) {
				if (depth == MAX_DEPTH)
					break;
				st[depth++] = nf;
			}
		}
	}
	if (r.err)
		dwarn(c, "truncated debug information entry", cu->off);
}

/* Inlines of this CU grouped by owner function, DIE order kept. */
static void group_inlines(struct ctx *c)
{
	struct module *m = c->m;
	size_t i, n = m->inl.n - c->cu_inl0, k;
	struct minline *tmp;
	uint64_t *otmp;
	size_t *cnt, nf = m->funcs.n - c->cu_func0;

	for (i = c->cu_func0; i < m->funcs.n; i++) {
		m->funcs.v[i].ifirst = (uint32_t)c->cu_inl0;
		m->funcs.v[i].ninl = 0;
	}
	if (!n)
		return;
	tmp = sym_calloc(n, sizeof(*tmp));
	otmp = sym_calloc(n, sizeof(*otmp));
	cnt = sym_calloc(nf + 1, sizeof(*cnt));
	if (!tmp || !otmp || !cnt) {
		m->err = SYM_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		size_t f = (uintptr_t)m->inl.v[c->cu_inl0 + i].origin;

		cnt[f - c->cu_func0 + 1]++;
	}
	for (i = 1; i <= nf; i++)
		cnt[i] += cnt[i - 1];
	for (i = 0; i < nf; i++) {
		m->funcs.v[c->cu_func0 + i].ifirst =
			(uint32_t)(c->cu_inl0 + cnt[i]);
		m->funcs.v[c->cu_func0 + i].ninl =
			(uint32_t)(cnt[i + 1] - cnt[i]);
	}
	for (i = 0; i < n; i++) {
		size_t f = (uintptr_t)m->inl.v[c->cu_inl0 + i].origin -
			   c->cu_func0;

		k = cnt[f]++;
		tmp[k] = m->inl.v[c->cu_inl0 + i];
		otmp[k] = c->iorig.v[c->cu_inl0 + i];
	}
	memcpy(m->inl.v + c->cu_inl0, tmp, n * sizeof(*tmp));
	memcpy(c->iorig.v + c->cu_inl0, otmp, n * sizeof(*otmp));
out:
	sym_free(tmp);
	sym_free(otmp);
	sym_free(cnt);
}

/* ---- units ---- */
static int read_unit_header(struct cu *cu, struct dimg *d, uint64_t off)
{
	struct rd r;
	uint64_t len, aoff;

	memset(cu, 0, sizeof(*cu));
	cu->img = d;
	cu->off = off;
	r.p = d->info.p + off;
	r.end = d->info.p + d->info.n;
	r.err = 0;
	len = rd_n(&r, 4);
	cu->osz = 4;
	if (len == 0xffffffff) {
		len = rd_n(&r, 8);
		cu->osz = 8;
	}
	if (r.err || len > (uint64_t)(r.end - r.p) || len < 7)
		return -1;
	cu->end = (uint64_t)(r.p - d->info.p) + len;
	r.end = d->info.p + cu->end;
	cu->version = (uint16_t)rd_n(&r, 2);
	if (cu->version < 2 || cu->version > 5)
		return 1;
	if (cu->version >= 5) {
		cu->unit_type = (uint8_t)rd_n(&r, 1);
		cu->asz = (uint8_t)rd_n(&r, 1);
		aoff = rd_n(&r, cu->osz);
		if (cu->unit_type == 4 || cu->unit_type == 5)
			cu->dwo_id = rd_n(&r, 8);
		else if (cu->unit_type == 2 || cu->unit_type == 6) {
			return 1;	/* type units */
		} else if (cu->unit_type != 1 && cu->unit_type != 3) {
			return 1;
		}
	} else {
		aoff = rd_n(&r, cu->osz);
		cu->asz = (uint8_t)rd_n(&r, 1);
		cu->unit_type = 1;
	}
	if (r.err || (cu->asz != 4 && cu->asz != 8))
		return -1;
	cu->die = (uint64_t)(r.p - d->info.p);
	cu->abbrev_off = aoff;
	return 0;
}

/* Root DIE: bases first (they may follow the strings that need them). */
static int read_root(struct ctx *c, struct cu *cu, uint32_t *tag)
{
	struct rd r;
	uint64_t code;
	const struct abbrev *ab;
	uint32_t i, pass;
	struct fv v;

	for (pass = 0; pass < 2; pass++) {
		r.p = cu->img->info.p + cu->die;
		r.end = cu->img->info.p + cu->end;
		r.err = 0;
		code = rd_uleb(&r);
		if (!code || code >= cu->nab || !cu->ab[code].tag)
			return -1;
		ab = &cu->ab[code];
		*tag = ab->tag;
		for (i = 0; i < ab->n; i++) {
			const struct aspec *sp = &cu->sp[ab->first + i];

			if (read_form(cu, &r, sp->form, sp->ic, &v, 0))
				return -1;
			if (pass == 0) {
				switch (sp->at) {
				case 0x72:
					cu->str_base = v.u;
					cu->has_stroff_base = 1;
					break;
				case 0x73: case 0x2133:
					cu->addr_base = v.u;
					break;
				case 0x74:
					cu->rng_base = v.u;
					break;
				case 0x2132:
					cu->gnu_rng_base = v.u;
					break;
				case 0x10:
					cu->stmt_list = v.u;
					cu->has_stmt = 1;
					break;
				case 0x13:
					cu->lang = v.u;
					break;
				case 0x2131:
					cu->dwo_id = v.u;
					break;
				default:
					break;
				}
				continue;
			}
			switch (sp->at) {
			case 0x03:
				cu->name = fv_str(cu, &v);
				break;
			case 0x1b:
				cu->comp_dir = fv_str(cu, &v);
				break;
			case 0x76: case 0x2130:
				cu->dwo_name = fv_str(cu, &v);
				break;
			case 0x11:
				fv_addr(c, cu, &v, &cu->low_pc);
				break;
			default:
				break;
			}
		}
		if (pass == 0 && !cu->has_stroff_base)
			cu->str_base = cu->img->is_dwo && cu->version >= 5 ?
				       (cu->osz == 8 ? 16 : 8) : 0;
	}
	return 0;
}

static void dimg_from(struct dimg *d, struct elfimg *e, int dwo)
{
	const char *sfx = dwo ? ".dwo" : "";
	char nm[40];

#define SEC(field, name) do { \
		snprintf(nm, sizeof(nm), "%s%s", name, sfx); \
		d->field.p = elfimg_data(e, nm, &d->field.n); \
	} while (0)
	memset(d, 0, sizeof(*d));
	d->is_dwo = dwo;
	SEC(info, ".debug_info");
	SEC(abbrev, ".debug_abbrev");
	SEC(str, ".debug_str");
	SEC(stroff, ".debug_str_offsets");
	SEC(rnglists, ".debug_rnglists");
	if (!dwo) {
		SEC(line_str, ".debug_line_str");
		SEC(addr, ".debug_addr");
		SEC(ranges, ".debug_ranges");
		SEC(line, ".debug_line");
	}
#undef SEC
}

static void unit(struct ctx *c, struct cu *cu, const struct cu *skel);

/* Find, open and read the .dwo of a skeleton unit. */
static void split_unit(struct ctx *c, const struct cu *skel)
{
	char cand[PATH_MAX];
	const char *nm = skel->dwo_name, *base;
	size_t i, k;
	struct dwo *w;
	uint64_t off;

	base = strrchr(nm, '/');
	base = base ? base + 1 : nm;
	w = sym_calloc(1, sizeof(*w));
	if (!w) {
		c->m->err = SYM_ENOMEM;
		return;
	}
	for (k = 0;; k++) {
		int n;

		if (k == 0)
			n = nm[0] == '/' || !skel->comp_dir ?
			    snprintf(cand, sizeof(cand), "%s", nm) :
			    snprintf(cand, sizeof(cand), "%s/%s",
				     skel->comp_dir, nm);
		else if (k <= 2 * c->o->ndirs)
			n = snprintf(cand, sizeof(cand), "%s/%s",
				     c->o->dirs[(k - 1) / 2],
				     (k & 1) ? nm : base);
		else if (k <= 2 * c->o->ndirs + 2 && c->o->path) {
			const char *sl = strrchr(c->o->path, '/');

			n = snprintf(cand, sizeof(cand), "%.*s/%s",
				     sl ? (int)(sl - c->o->path) : 1,
				     sl ? c->o->path : ".",
				     (k & 1) ? nm : base);
		} else {
			break;
		}
		if (n < 0 || (size_t)n >= sizeof(cand))
			continue;
		if (sym_map_file(cand, &w->map, NULL))
			continue;
		if (elfimg_open(&w->e, w->map.data, w->map.len, NULL)) {
			sym_unmap(&w->map);
			continue;
		}
		goto found;
	}
	sym_diag_warn(c->m->diag, 0, SYM_DIAG_NOWHERE,
		      "split DWARF file %s not found", nm);
	sym_free(w);
	return;
found:
	{
		struct dwo **nw = sym_reallocarray(c->dwos, c->ndwo + 1,
						   sizeof(*nw));

		if (!nw) {
			elfimg_close(&w->e);
			sym_unmap(&w->map);
			sym_free(w);
			c->m->err = SYM_ENOMEM;
			return;
		}
		c->dwos = nw;
		c->dwos[c->ndwo++] = w;
	}
	dimg_from(&w->d, &w->e, 1);
	/* Keys of .dwo DIEs: unique per skeleton unit, above main ones. */
	w->d.keybase = (uint64_t)(c->unit_index + 1) << 40;
	for (off = 0, i = 0; w->d.info.p && off < w->d.info.n; i++) {
		struct cu cu;
		int rc = read_unit_header(&cu, &w->d, off);

		if (rc < 0)
			break;
		off = cu.end;
		if (rc > 0)
			continue;
		/* DWARF 5 split units carry the id in the header, GNU ones
		 * in DW_AT_GNU_dwo_id: read_root fills it. */
		unit(c, &cu, skel);
	}
}

static void unit(struct ctx *c, struct cu *cu, const struct cu *skel)
{
	uint32_t tag;
	struct rd r;
	uint64_t aoff = cu->abbrev_off;

	if (load_abbrevs(c, cu, aoff)) {
		dwarn(c, "bad abbreviation table", aoff);
		goto out;
	}
	if (skel) {
		cu->addr_base = skel->addr_base;
		cu->gnu_rng_base = skel->gnu_rng_base;
	}
	if (read_root(c, cu, &tag)) {
		dwarn(c, "bad compilation unit root", cu->off);
		goto out;
	}
	if (skel) {
		if (skel->dwo_id && cu->dwo_id && skel->dwo_id != cu->dwo_id)
			goto out;
		cu->addr_base = skel->addr_base;
		cu->gnu_rng_base = skel->gnu_rng_base;
		cu->low_pc = skel->low_pc;
		cu->stmt_list = skel->stmt_list;
		cu->has_stmt = skel->has_stmt;
		cu->comp_dir = skel->comp_dir;
	}
	if (tag != 0x11 && tag != 0x4a)
		goto out;	/* partial and type units: not Breakpad's */
	if (cu->lang == 0x8001)
		goto out;	/* assembler: no functions (Breakpad) */
	if (!skel && cu->dwo_name && (cu->unit_type == 4 || tag == 0x4a ||
				     cu->version < 5)) {
		/* A skeleton: the DIEs are in the .dwo. */
		int has_children = 0;
		const struct abbrev *ab;
		uint64_t code;

		r.p = cu->img->info.p + cu->die;
		r.end = cu->img->info.p + cu->end;
		r.err = 0;
		code = rd_uleb(&r);
		ab = code < cu->nab ? &cu->ab[code] : NULL;
		has_children = ab && ab->children;
		if (!has_children || tag == 0x4a || cu->unit_type == 4) {
			struct cu sk = *cu;

			sk.ab = NULL;
			sk.sp = NULL;
			split_unit(c, &sk);
			goto out;
		}
	}
	c->cu_func0 = c->m->funcs.n;
	c->cu_inl0 = c->m->inl.n;
	read_lines(c, cu);
	walk(c, cu);
	group_inlines(c);
	assign_lines(c);
out:
	sym_free(cu->ab);
	sym_free(cu->sp);
	cu->ab = NULL;
	cu->sp = NULL;
}

/* ---- names ---- */
static uint32_t find_dent(struct ctx *c, uint32_t *idx, uint64_t key)
{
	size_t lo = 0, hi = ndents(c);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint64_t k = dent_at(c, idx[mid])->key;

		if (k == key)
			return idx[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

struct names_ctx {
	struct ctx *c;
	uint32_t *idx;
};

static const char *linkage(struct ctx *c, struct dent *d)
{
	const char *dm;

	if (!d->link || (d->flags & (F_LINK_DEM | F_LINK_BAD)))
		return (d->flags & F_LINK_DEM) ? d->link : NULL;
	dm = demangle(c->m, d->link);
	if (dm) {
		d->link = dm;
		d->flags |= F_LINK_DEM;
		return dm;
	}
	d->flags |= F_LINK_BAD;
	return NULL;
}

struct qn {
	const char *q, *unq, *enc;
};

static const char *name_of(struct names_ctx *n, uint32_t i, int depth);

/* Breakpad's ComputeQualifiedName pieces for dent i. */
static void qual(struct names_ctx *n, uint32_t i, struct qn *out, int depth)
{
	struct ctx *c = n->c;
	struct dent *d = dent_at(c, i);
	uint32_t s = d->spec ? find_dent(c, n->idx, d->spec) : NONE;
	struct qn sq = { NULL, NULL, NULL };
	int spec_ok = 0;

	out->q = linkage(c, d);
	if (s != NONE && depth < 16) {
		struct dent *sd = dent_at(c, s);

		qual(n, s, &sq, depth + 1);
		spec_ok = (sq.q && (sd->flags & F_DECL)) || (!sq.q && sq.unq);
		if (!spec_ok)
			s = NONE;
	}
	if (!out->q && s != NONE && sq.q)
		out->q = sq.q;
	out->unq = out->enc = NULL;
	if (out->q)
		return;
	if (d->name)
		out->unq = d->name;
	else if (s != NONE)
		out->unq = sq.unq;
	else if (d->link && (d->flags & F_LINK_BAD))
		out->unq = d->link;
	else if (d->flags & F_NS)
		out->unq = "(anonymous namespace)";	/* as demanglers say */
	if (s != NONE)
		out->enc = sq.enc ? sq.enc : "";
	else
		out->enc = d->parent == NONE ? "" :
			   name_of(n, d->parent, depth + 1);
}

/* The name Breakpad gives a FUNC or scope DIE ("" if none). */
static const char *name_of(struct names_ctx *n, uint32_t i, int depth)
{
	struct ctx *c = n->c;
	struct dent *d = dent_at(c, i);
	struct qn q;
	const char *r = "";

	if (d->flags & F_DONE)
		return d->res;
	if ((d->flags & F_BUSY) || depth > 32)
		return "";
	d->flags |= F_BUSY;
	qual(n, i, &q, depth);
	if (q.q) {
		r = q.q;	/* demangled: already in the pool */
	} else if (q.unq && q.enc) {
		if (!q.enc[0]) {
			/* a DW_AT_name in the section: intern it */
			r = spool_add(&c->m->pool, q.unq, strlen(q.unq));
			if (!r)
				r = "";
		} else {
			size_t a = strlen(q.enc), b = strlen(q.unq);
			char *t = sym_malloc(a + b + 3);

			if (t) {
				memcpy(t, q.enc, a);
				memcpy(t + a, "::", 2);
				memcpy(t + a + 2, q.unq, b + 1);
				r = spool_add(&c->m->pool, t, a + b + 2);
				sym_free(t);
			}
			if (!r)
				r = "";
		}
	}
	d = dent_at(c, i);
	if (!r[0] && d->origin && d->kind == K_FUNC) {
		uint32_t o = find_dent(c, n->idx, d->origin);

		if (o != NONE)
			r = name_of(n, o, depth + 1);
	}
	/* Every result is interned (the writer numbers origins by
	 * pointer): demangled and joined names are pool strings, a bare
	 * DW_AT_name was added above, an origin's name is interned. */
	d = dent_at(c, i);
	d->flags = (uint8_t)((d->flags & ~F_BUSY) | F_DONE);
	d->res = r;
	return r;
}

static struct ctx *sort_ctx;

static int idx_cmp(const void *a, const void *b)
{
	uint64_t x = dent_at(sort_ctx, *(const uint32_t *)a)->key;
	uint64_t y = dent_at(sort_ctx, *(const uint32_t *)b)->key;

	return x < y ? -1 : x > y;
}

static void resolve_names(struct ctx *c)
{
	struct module *m = c->m;
	struct names_ctx n = { c, NULL };
	const char *omitted;
	size_t i;
	int sorted = 1;

	n.idx = sym_calloc(ndents(c) + 1, sizeof(*n.idx));
	if (!n.idx) {
		m->err = SYM_ENOMEM;
		return;
	}
	for (i = 0; i < ndents(c); i++) {
		n.idx[i] = (uint32_t)i;
		if (i && dent_at(c, (uint32_t)i)->key <
			 dent_at(c, (uint32_t)i - 1)->key)
			sorted = 0;
	}
	if (!sorted) {
		/* qsort with a file-static: resolve_names is not reentrant
		 * across threads, and runs once per file. */
		sort_ctx = c;
		xsort(n.idx, ndents(c), sizeof(*n.idx), idx_cmp);
	}
	for (i = 0; i < m->funcs.n; i++) {
		const char *nm = name_of(&n, c->fdent.v[i], 0);

		m->funcs.v[i].name = nm && nm[0] ? nm : "<name omitted>";
	}
	omitted = spool_add(&m->pool, "<name omitted>", 14);
	for (i = 0; i < m->inl.n + c->ninl2 && omitted; i++) {
		int two = i >= m->inl.n;
		uint64_t key = two ? c->iorig2[i - m->inl.n] : c->iorig.v[i];
		uint32_t o = key ? find_dent(c, n.idx, key) : NONE;
		const char *nm = o != NONE ? name_of(&n, o, 0) : NULL;
		struct minline *in = two ? &m->inl2[i - m->inl.n] : &m->inl.v[i];

		in->origin = nm && nm[0] ? nm : omitted;
	}
	if (!omitted)
		m->err = SYM_ENOMEM;
	sym_free(n.idx);
}

/* Units of one worker: [first, first + n) of the unit list. */
struct worker {
	struct ctx c;
	struct module m;
	const uint64_t *offs;
	size_t first, n;
};

/* Give back the whole pages of a unit read (SYMFMT_ELF_DROP_PAGES). */
static void drop_pages(struct ctx *c, const struct cu *cu)
{
	long pg = sysconf(_SC_PAGESIZE);
	const uint8_t *b = c->e->buf;
	uintptr_t s, e;

	if (!(c->m->flags & SYMFMT_ELF_DROP_PAGES) || pg <= 0 ||
	    c->main.info.p < b || c->main.info.p >= b + c->e->len)
		return;	/* decompressed: our own buffer */
	s = ((uintptr_t)(c->main.info.p + cu->off) + (uintptr_t)pg - 1) &
	    ~((uintptr_t)pg - 1);
	e = (uintptr_t)(c->main.info.p + cu->end) & ~((uintptr_t)pg - 1);
	if (e > s)
		madvise((void *)s, e - s, MADV_DONTNEED);
}

static void run_units(struct worker *w)
{
	size_t i;

	for (i = 0; i < w->n && !w->c.m->err; i++) {
		struct cu cu;

		if (read_unit_header(&cu, &w->c.main, w->offs[w->first + i]))
			continue;
		w->c.unit_index = w->first + i;
		unit(&w->c, &cu, NULL);
		drop_pages(&w->c, &cu);
	}
}

static void *run_thread(void *arg)
{
	run_units(arg);
	return NULL;
}

/* Re-intern a string of another pool, with a one-entry cache. */
static const char *reintern(struct module *m, const char *s,
			    const char **last_in, const char **last_out)
{
	if (!s)
		return NULL;
	if (s != *last_in) {
		*last_in = s;
		*last_out = spool_add(&m->pool, s, strlen(s));
		if (!*last_out)
			m->err = SYM_ENOMEM;
	}
	return *last_out;
}

/* Append src to dst and free src at once (peak memory). */
#define APPEND(m, dst, src) do { \
	void *np_ = (src).n ? sym_reallocarray((dst).v, (dst).n + (src).n, \
					       sizeof(*(dst).v)) : NULL; \
	if ((src).n && !np_) { \
		(m)->err = SYM_ENOMEM; \
	} else if ((src).n) { \
		(dst).v = np_; \
		(dst).cap = (dst).n + (src).n; \
		memcpy((dst).v + (dst).n, (src).v, (src).n * sizeof(*(dst).v)); \
		(dst).n += (src).n; \
	} \
	sym_free((src).v); \
	(src).v = NULL; \
	(src).n = (src).cap = 0; \
} while (0)

/* Move worker b's units after a's: indices shifted, files re-interned. */
static void merge(struct ctx *a, struct worker *b)
{
	struct module *m = a->m, *bm = &b->m;
	size_t nd = a->dents.n, nf = m->funcs.n, i;
	const char *li = NULL, *lo = NULL;

	if (bm->err && !m->err)
		m->err = bm->err;
	APPEND(m, a->fdent, b->c.fdent);
	APPEND(m, m->funcs, bm->funcs);
	if (m->err)
		return;
	/* b's DIEs stay where they are, numbered after a's. */
	a->dents2 = b->c.dents.v;
	a->ndents2 = b->c.dents.n;
	b->c.dents.v = NULL;
	b->c.dents.n = b->c.dents.cap = 0;
	for (i = 0; i < a->ndents2; i++)
		if (a->dents2[i].parent != NONE)
			a->dents2[i].parent += (uint32_t)nd;
	for (i = nf; i < a->fdent.n; i++)
		a->fdent.v[i] += (uint32_t)nd;
	/* b's lines stay where they are: its functions point at them. */
	for (i = 0; i < bm->lines.n; i++)
		bm->lines.v[i].file = reintern(m, bm->lines.v[i].file, &li,
					       &lo);
	m->lines2 = bm->lines.v;
	bm->lines.v = NULL;
	bm->lines.n = bm->lines.cap = 0;
	/* So do its ranges and inlines (and their origin keys). */
	for (i = 0; i < bm->inl.n; i++)
		bm->inl.v[i].call_file = reintern(m, bm->inl.v[i].call_file,
						  &li, &lo);
	m->ranges2 = bm->ranges.v;
	m->inl2 = bm->inl.v;
	a->iorig2 = b->c.iorig.v;
	a->ninl2 = bm->inl.n;
	bm->ranges.v = NULL;
	bm->inl.v = NULL;
	b->c.iorig.v = NULL;
	for (i = nf; i < m->funcs.n; i++) {
		/* no line rows at all: no pointer arithmetic on NULL */
		m->funcs.v[i].lp = m->lines2 ?
			m->lines2 + m->funcs.v[i].lfirst : NULL;
		m->funcs.v[i].rbase = m->ranges2;
		m->funcs.v[i].ibase = m->inl2;
	}
	if (b->c.ndwo) {
		struct dwo **nw = sym_reallocarray(a->dwos, a->ndwo + b->c.ndwo,
						   sizeof(*nw));

		if (!nw) {
			m->err = SYM_ENOMEM;
			return;
		}
		memcpy(nw + a->ndwo, b->c.dwos, b->c.ndwo * sizeof(*nw));
		a->dwos = nw;
		a->ndwo += b->c.ndwo;
		sym_free(b->c.dwos);
		b->c.dwos = NULL;
		b->c.ndwo = 0;
	}
	a->nwarn += b->c.nwarn;
	/* Names of b still point into its pool (demangled later into a's,
	 * but DW_AT_name strings never go through a pool): keep it. */
	spool_adopt(&m->pool, &bm->pool);
}

static void ctx_free(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->ndwo; i++) {
		elfimg_close(&c->dwos[i]->e);
		sym_unmap(&c->dwos[i]->map);
		sym_free(c->dwos[i]);
	}
	sym_free(c->dwos);
	sym_free(c->dents.v);
	sym_free(c->dents2);
	sym_free(c->iorig2);
	sym_free(c->fdent.v);
	sym_free(c->iorig.v);
	sym_free(c->files.v);
	sym_free(c->rows.v);
}

/* .debug_info smaller than this is read on one thread (tests lower it). */
size_t symfmt_dwarf_thread_min = (size_t)4 << 20;

int dwarf_read(struct module *m, struct elfimg *dbg,
	       const struct dwarf_opts *o)
{
	struct worker a, b;
	VEC(uint64_t) offs = { 0 };
	uint64_t off = 0, half, acc = 0;
	size_t k;
	pthread_t th;
	int threaded = 0;

	memset(&a, 0, sizeof(a));
	a.c.m = m;
	a.c.e = dbg;
	a.c.o = o;
	a.c.inl = !!(m->flags & SYMFMT_ELF_INLINES);
	dimg_from(&a.c.main, dbg, 0);
	/* The unit list first: the work splits by bytes across two. */
	while (a.c.main.info.p && off < a.c.main.info.n && !m->err) {
		struct cu cu;
		int rc = read_unit_header(&cu, &a.c.main, off);
		uint64_t *slot;

		if (rc < 0) {
			dwarn(&a.c, "bad compilation unit header", off);
			break;
		}
		if (rc == 0 && (slot = VEC_PUSH(m, offs)))
			*slot = off;
		off = cu.end;
	}
	half = off / 2;
	for (k = 0; k < offs.n && offs.v[k] < half; k++)
		acc = offs.v[k];
	(void)acc;
	a.offs = b.offs = offs.v;
	a.first = 0;
	a.n = offs.n;
	if (off >= symfmt_dwarf_thread_min && offs.n >= 2 && k > 0 && k < offs.n) {
		memset(&b, 0, sizeof(b));
		b.m.flags = m->flags;
		b.c = a.c;
		b.c.m = &b.m;
		b.offs = offs.v;
		b.first = k;
		b.n = offs.n - k;
		a.n = k;
		threaded = pthread_create(&th, NULL, run_thread, &b) == 0;
		if (!threaded)
			a.n = offs.n;
	}
	run_units(&a);
	for (k = 0; k < m->funcs.n; k++) {
		m->funcs.v[k].lp = m->lines.v ?
			m->lines.v + m->funcs.v[k].lfirst : NULL;
		m->funcs.v[k].rbase = m->ranges.v;
		m->funcs.v[k].ibase = m->inl.v;
	}
	if (threaded) {
		pthread_join(th, NULL);
		merge(&a.c, &b);
		ctx_free(&b.c);
		b.m.dwo_keep = NULL;
		module_parts_free(&b.m);
	}
	sym_free(offs.v);
	if (!m->err)
		resolve_names(&a.c);
	if (a.c.nwarn > 20)
		sym_diag_warn(m->diag, 0, SYM_DIAG_NOWHERE,
			      "%lu more DWARF problems", a.c.nwarn - 20);
	/* Names point into the .dwo files: they stay open until the
	 * module is written (dwarf_release). */
	m->dwo_keep = a.c.dwos;
	m->ndwo_keep = a.c.ndwo;
	a.c.dwos = NULL;
	a.c.ndwo = 0;
	ctx_free(&a.c);
	return 0;
}

void dwarf_release(struct module *m)
{
	size_t i;
	struct dwo **w = m->dwo_keep;

	for (i = 0; i < m->ndwo_keep; i++) {
		elfimg_close(&w[i]->e);
		sym_unmap(&w[i]->map);
		sym_free(w[i]);
	}
	sym_free(w);
	m->dwo_keep = NULL;
	m->ndwo_keep = 0;
}

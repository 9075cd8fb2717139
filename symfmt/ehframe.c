/* SPDX-License-Identifier: MIT */
/*
 * ehframe.c - DWARF call frame information (.eh_frame, .debug_frame) to
 * Breakpad STACK CFI records, the way Breakpad's dump_syms writes them:
 * each CFA instruction reports the rule it sets at the current address
 * (the CIE's and the FDE's first ones form the INIT record), a later
 * rule for the same register at the same address replaces the earlier,
 * DW_CFA_restore_state reports every rule that differs from the state
 * it leaves, rules without a Breakpad spelling (undefined, expressions)
 * are dropped, and an FDE whose instructions cannot be run is dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "symfmt/elfsym_int.h"

#define NREG 128
#define MAX_STACK 64

enum { R_NONE, R_UNDEF, R_SAME, R_OFF, R_VALOFF, R_REG, R_EXPR,
       R_VALEXPR };

struct rule {
	uint8_t kind;
	int64_t v;		/* offset, or register */
	const uint8_t *expr;	/* expression rules: identity for equality */
	uint64_t elen;
};

struct rules {
	struct rule cfa;	/* kind R_VALOFF (v: offset, reg) or R_EXPR */
	uint64_t cfa_reg;
	struct rule r[NREG];
};

struct event {
	uint64_t addr;
	uint32_t seq;
	int16_t reg;		/* -1: .cfa */
	char text[44];
};

struct cie {
	uint64_t code_align;
	int64_t data_align;
	uint64_t ra;
	uint8_t fde_enc, lsda_enc;
	int has_z, signal;
	const uint8_t *insns, *insns_end;
	uint8_t addr_size;
};

struct cfictx {
	struct module *m;
	const uint8_t *sec;
	size_t seclen;
	uint64_t secaddr, text_base, data_base;
	int eh;
	uint8_t addr_size;
	const char *const *names;
	size_t nnames;
	/* per FDE */
	struct event *ev;
	size_t nev, cap;
	uint64_t fde_addr;
	struct cie *cie;
	struct rules cie_rules;
	int bad;
};

static const char *const x86_64_names[] = {
	"$rax", "$rdx", "$rcx", "$rbx", "$rsi", "$rdi", "$rbp", "$rsp",
	"$r8", "$r9", "$r10", "$r11", "$r12", "$r13", "$r14", "$r15",
	"$rip",
	"$xmm0", "$xmm1", "$xmm2", "$xmm3", "$xmm4", "$xmm5", "$xmm6",
	"$xmm7", "$xmm8", "$xmm9", "$xmm10", "$xmm11", "$xmm12", "$xmm13",
	"$xmm14", "$xmm15",
	"$st0", "$st1", "$st2", "$st3", "$st4", "$st5", "$st6", "$st7",
	"$mm0", "$mm1", "$mm2", "$mm3", "$mm4", "$mm5", "$mm6", "$mm7",
	"$rflags",
	"$es", "$cs", "$ss", "$ds", "$fs", "$gs", "$unused1", "$unused2",
	"$fs.base", "$gs.base", "$unused3", "$unused4",
	"$tr", "$ldtr",
	"$mxcsr", "$fcw", "$fsw"
};

static const char *const i386_names[] = {
	"$eax", "$ecx", "$edx", "$ebx", "$esp", "$ebp", "$esi", "$edi",
	"$eip", "$eflags", "$unused1",
	"$st0", "$st1", "$st2", "$st3", "$st4", "$st5", "$st6", "$st7",
	"$unused2", "$unused3",
	"$xmm0", "$xmm1", "$xmm2", "$xmm3", "$xmm4", "$xmm5", "$xmm6",
	"$xmm7",
	"$mm0", "$mm1", "$mm2", "$mm3", "$mm4", "$mm5", "$mm6", "$mm7",
	"$fcw", "$fsw", "$mxcsr",
	"$es", "$cs", "$ss", "$ds", "$fs", "$gs", "$unused4", "$unused5",
	"$tr", "$ldtr"
};

static const char *const arm64_names[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
	"x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
	"x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
	"x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
	"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
	"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
	"v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
	"v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15",
	"v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23",
	"v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31"
};

static const char *const arm_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
	"r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc",
	"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7",
	"fps", "cpsr"
};

/* A pointer in encoding enc (DW_EH_PE_*); *ok = 0 if unsupported. */
static uint64_t rd_ptr(struct cfictx *c, struct rd *r, uint8_t enc,
		       uint8_t asz, int *ok)
{
	uint64_t v, pos = c->secaddr + (uint64_t)(r->p - c->sec);

	*ok = 1;
	if (enc == 0xff)	/* DW_EH_PE_omit */
		return 0;
	switch (enc & 0x0f) {
	case 0x00: v = rd_n(r, asz); break;
	case 0x01: v = rd_uleb(r); break;
	case 0x02: v = rd_n(r, 2); break;
	case 0x03: v = rd_n(r, 4); break;
	case 0x04: v = rd_n(r, 8); break;
	case 0x09: v = (uint64_t)rd_sleb(r); break;
	case 0x0a: v = (uint64_t)(int64_t)(int16_t)rd_n(r, 2); break;
	case 0x0b: v = (uint64_t)(int64_t)(int32_t)rd_n(r, 4); break;
	case 0x0c: v = rd_n(r, 8); break;
	default: *ok = 0; return 0;
	}
	switch (enc & 0x70) {
	case 0x00: break;
	case 0x10: v += pos; break;		/* pcrel */
	case 0x20: v += c->text_base; break;	/* textrel */
	case 0x30: v += c->data_base; break;	/* datarel */
	default: *ok = 0; return 0;		/* funcrel, aligned */
	}
	if (asz == 4)
		v &= 0xffffffffu;
	return v;
}

/* ---- rule reporting ---- */
static const char *reg_name(struct cfictx *c, int64_t reg, char *buf,
			    size_t n)
{
	if (reg < 0)
		return ".cfa";
	if ((uint64_t)reg == c->cie->ra)
		return ".ra";
	if ((uint64_t)reg < c->nnames && c->names[reg][0])
		return c->names[reg];
	snprintf(buf, n, "unnamed_register%u", (unsigned)reg);
	return buf;
}

static void emit(struct cfictx *c, int reg, const char *text)
{
	struct event *e;

	if (c->nev == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 64;
		struct event *ne = sym_reallocarray(c->ev, nc, sizeof(*ne));

		if (!ne) {
			c->m->err = SYM_ENOMEM;
			c->bad = 1;
			return;
		}
		c->ev = ne;
		c->cap = nc;
	}
	e = &c->ev[c->nev];
	e->addr = 0;
	e->seq = (uint32_t)c->nev;
	e->reg = (int16_t)reg;
	snprintf(e->text, sizeof(e->text), "%s", text);
	c->nev++;
}

/* Report rule ru for reg (-1: CFA) at addr, in Breakpad's spelling. */
static void report(struct cfictx *c, uint64_t addr, int reg,
		   const struct rule *ru, uint64_t cfa_reg)
{
	char t[64], nb[32];

	switch (ru->kind) {
	case R_SAME:
		snprintf(t, sizeof(t), "%s", reg_name(c, reg, nb, sizeof(nb)));
		break;
	case R_OFF:
		snprintf(t, sizeof(t), ".cfa %lld + ^", (long long)ru->v);
		break;
	case R_VALOFF:
		if (reg < 0)
			snprintf(t, sizeof(t), "%s %lld +",
				 reg_name(c, (int64_t)cfa_reg, nb, sizeof(nb)),
				 (long long)ru->v);
		else
			snprintf(t, sizeof(t), ".cfa %lld +",
				 (long long)ru->v);
		break;
	case R_REG:
		snprintf(t, sizeof(t), "%s",
			 reg_name(c, ru->v, nb, sizeof(nb)));
		break;
	default:
		return;		/* undefined, expressions: no spelling */
	}
	emit(c, reg, t);
	if (c->nev && !c->bad)
		c->ev[c->nev - 1].addr = addr;
}

static int rule_eq(const struct rule *a, const struct rule *b)
{
	return a->kind == b->kind && a->v == b->v && a->expr == b->expr &&
	       a->elen == b->elen;
}

static void set_rule(struct cfictx *c, struct rules *s, uint64_t addr,
		     uint64_t reg, struct rule ru)
{
	if (reg >= NREG) {
		c->bad = 1;
		return;
	}
	s->r[reg] = ru;
	report(c, addr, (int)reg, &ru, 0);
}

static void transition(struct cfictx *c, uint64_t addr,
		       const struct rules *old, const struct rules *nw)
{
	unsigned i;

	if (old->cfa.kind && nw->cfa.kind &&
	    (!rule_eq(&old->cfa, &nw->cfa) || old->cfa_reg != nw->cfa_reg))
		report(c, addr, -1, &nw->cfa, nw->cfa_reg);
	for (i = 0; i < NREG; i++) {
		if (!old->r[i].kind)
			continue;
		if (!nw->r[i].kind) {
			struct rule same = { R_SAME, 0, NULL, 0 };

			report(c, addr, (int)i, &same, 0);
		} else if (!rule_eq(&old->r[i], &nw->r[i])) {
			report(c, addr, (int)i, &nw->r[i], 0);
		}
	}
}

/* Run CFA instructions [p, end) from address *addr on state s. */
static int run(struct cfictx *c, const uint8_t *p, const uint8_t *end,
	       struct rules *s, uint64_t *addr, int in_cie)
{
	struct rd r = { p, end, 0 };
	struct rules *stack = NULL;
	size_t depth = 0;
	const struct cie *ci = c->cie;
	int ok = 1;

	while (r.p < r.end && !r.err && !c->bad) {
		uint8_t op = *r.p++, lo = op & 0x3f;
		uint64_t reg, off;
		struct rule ru = { 0, 0, NULL, 0 };
		int e;

		switch (op >> 6) {
		case 1:
			*addr += lo * ci->code_align;
			continue;
		case 2:
			ru.kind = R_OFF;
			ru.v = (int64_t)rd_uleb(&r) * ci->data_align;
			set_rule(c, s, *addr, lo, ru);
			continue;
		case 3:
			reg = lo;
			goto restore;
		default:
			break;
		}
		switch (op) {
		case 0x00:	/* nop */
			break;
		case 0x01:	/* set_loc */
			*addr = rd_ptr(c, &r, ci->fde_enc, c->addr_size, &e);
			if (!e)
				ok = 0;
			break;
		case 0x02:
			*addr += rd_n(&r, 1) * ci->code_align;
			break;
		case 0x03:
			*addr += rd_n(&r, 2) * ci->code_align;
			break;
		case 0x04:
			*addr += rd_n(&r, 4) * ci->code_align;
			break;
		case 0x05:	/* offset_extended */
			reg = rd_uleb(&r);
			ru.kind = R_OFF;
			ru.v = (int64_t)rd_uleb(&r) * ci->data_align;
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x06:	/* restore_extended */
			reg = rd_uleb(&r);
restore:
			if (in_cie) {
				ok = 0;
				break;
			}
			if (reg >= NREG) {
				ok = 0;
				break;
			}
			ru = c->cie_rules.r[reg];
			if (!ru.kind)
				ru.kind = R_SAME;
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x07:	/* undefined */
			ru.kind = R_UNDEF;
			set_rule(c, s, *addr, rd_uleb(&r), ru);
			break;
		case 0x08:	/* same_value */
			ru.kind = R_SAME;
			set_rule(c, s, *addr, rd_uleb(&r), ru);
			break;
		case 0x09:	/* register */
			reg = rd_uleb(&r);
			ru.kind = R_REG;
			ru.v = (int64_t)rd_uleb(&r);
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x0a:	/* remember_state */
			if (depth == MAX_STACK) {
				ok = 0;
				break;
			}
			if (!stack) {
				stack = sym_malloc(MAX_STACK * sizeof(*stack));
				if (!stack) {
					c->m->err = SYM_ENOMEM;
					ok = 0;
					break;
				}
			}
			stack[depth++] = *s;
			break;
		case 0x0b:	/* restore_state */
			if (!depth) {
				ok = 0;
				break;
			}
			depth--;
			transition(c, *addr, s, &stack[depth]);
			*s = stack[depth];
			break;
		case 0x0c:	/* def_cfa */
			s->cfa_reg = rd_uleb(&r);
			s->cfa.kind = R_VALOFF;
			s->cfa.v = (int64_t)rd_uleb(&r);
			s->cfa.expr = NULL;
			report(c, *addr, -1, &s->cfa, s->cfa_reg);
			break;
		case 0x12:	/* def_cfa_sf */
			s->cfa_reg = rd_uleb(&r);
			s->cfa.kind = R_VALOFF;
			s->cfa.v = rd_sleb(&r) * ci->data_align;
			s->cfa.expr = NULL;
			report(c, *addr, -1, &s->cfa, s->cfa_reg);
			break;
		case 0x0d:	/* def_cfa_register */
			reg = rd_uleb(&r);
			if (!s->cfa.kind) {
				ok = 0;
				break;
			}
			if (s->cfa.kind == R_VALOFF)
				s->cfa_reg = reg;
			report(c, *addr, -1, &s->cfa, s->cfa_reg);
			break;
		case 0x0e:	/* def_cfa_offset */
		case 0x13:	/* def_cfa_offset_sf */
			if (op == 0x0e)
				off = rd_uleb(&r);
			else
				off = (uint64_t)(rd_sleb(&r) * ci->data_align);
			if (!s->cfa.kind) {
				ok = 0;
				break;
			}
			if (s->cfa.kind == R_VALOFF)
				s->cfa.v = (int64_t)off;
			report(c, *addr, -1, &s->cfa, s->cfa_reg);
			break;
		case 0x0f:	/* def_cfa_expression */
			off = rd_uleb(&r);
			if ((uint64_t)(r.end - r.p) < off) {
				ok = 0;
				break;
			}
			s->cfa.kind = R_EXPR;
			s->cfa.expr = r.p;
			s->cfa.elen = off;
			r.p += off;
			break;
		case 0x10:	/* expression */
		case 0x16:	/* val_expression */
			reg = rd_uleb(&r);
			off = rd_uleb(&r);
			if ((uint64_t)(r.end - r.p) < off) {
				ok = 0;
				break;
			}
			ru.kind = op == 0x10 ? R_EXPR : R_VALEXPR;
			ru.expr = r.p;
			ru.elen = off;
			r.p += off;
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x11:	/* offset_extended_sf */
			reg = rd_uleb(&r);
			ru.kind = R_OFF;
			ru.v = rd_sleb(&r) * ci->data_align;
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x14:	/* val_offset */
			reg = rd_uleb(&r);
			ru.kind = R_VALOFF;
			ru.v = (int64_t)rd_uleb(&r) * ci->data_align;
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x15:	/* val_offset_sf */
			reg = rd_uleb(&r);
			ru.kind = R_VALOFF;
			ru.v = rd_sleb(&r) * ci->data_align;
			set_rule(c, s, *addr, reg, ru);
			break;
		case 0x2e:	/* GNU_args_size */
			rd_uleb(&r);
			break;
		case 0x2f:	/* GNU_negative_offset_extended */
			reg = rd_uleb(&r);
			ru.kind = R_OFF;
			ru.v = -(int64_t)rd_uleb(&r) * ci->data_align;
			set_rule(c, s, *addr, reg, ru);
			break;
		default:
			ok = 0;
			break;
		}
		if (!ok)
			break;
	}
	sym_free(stack);
	return ok && !r.err && !c->bad;
}

struct named {
	uint64_t addr;
	uint32_t seq;
	const char *name;
	const char *text;
};

static int named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int k;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	k = strcmp(x->name, y->name);
	if (k)
		return k;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Write the FDE's records: INIT at fde_addr, then one line per address. */
static void write_fde(struct cfictx *c, uint64_t addr, uint64_t len,
		      uint64_t load)
{
	struct named *nm;
	struct sbuf *b = &c->m->cfi;
	size_t i, j;
	char (*bufs)[32];

	nm = sym_calloc(c->nev ? c->nev : 1, sizeof(*nm));
	bufs = sym_calloc(c->nev ? c->nev : 1, sizeof(*bufs));
	if (!nm || !bufs) {
		sym_free(nm);
		sym_free(bufs);
		c->m->err = SYM_ENOMEM;
		return;
	}
	for (i = 0; i < c->nev; i++) {
		nm[i].addr = c->ev[i].addr;
		nm[i].seq = c->ev[i].seq;
		nm[i].name = reg_name(c, c->ev[i].reg, bufs[i],
				      sizeof(bufs[i]));
		nm[i].text = c->ev[i].text;
	}
	xsort(nm, c->nev, sizeof(*nm), named_cmp);
	sb_str(b, "STACK CFI INIT ");
	sb_hex(b, addr - load);
	sb_ch(b, ' ');
	sb_hex(b, len);
	/* Records before the entry address cannot be expressed: Breakpad
	 * files them as changes; keep them as such (they sort first). */
	for (i = 0; i < c->nev; i = j) {
		int init = nm[i].addr == addr;

		if (!init)
			sb_str(b, "\nSTACK CFI "), sb_hex(b, nm[i].addr - load);
		for (j = i; j < c->nev && nm[j].addr == nm[i].addr; j++) {
			if (j + 1 < c->nev && nm[j + 1].addr == nm[j].addr &&
			    strcmp(nm[j + 1].name, nm[j].name) == 0)
				continue;	/* a later rule replaces it */
			sb_ch(b, ' ');
			sb_str(b, nm[j].name);
			sb_str(b, ": ");
			sb_str(b, nm[j].text);
		}
	}
	sb_ch(b, '\n');
	sym_free(nm);
	sym_free(bufs);
}

static int parse_cie(struct cfictx *c, const uint8_t *p, const uint8_t *end,
		     struct cie *ci)
{
	struct rd r = { p, end, 0 };
	const char *aug;
	uint8_t ver;
	int ok;

	memset(ci, 0, sizeof(*ci));
	ci->addr_size = c->addr_size;
	ver = (uint8_t)rd_n(&r, 1);
	if (r.err || (ver != 1 && ver != 3 && ver != 4))
		return -1;
	aug = (const char *)r.p;
	while (r.p < r.end && *r.p)
		r.p++;
	if (r.p >= r.end)
		return -1;
	r.p++;
	if (strcmp(aug, "eh") == 0)
		rd_n(&r, c->addr_size);
	if (ver == 4) {
		ci->addr_size = (uint8_t)rd_n(&r, 1);
		rd_n(&r, 1);	/* segment size */
		if (ci->addr_size != 4 && ci->addr_size != 8)
			return -1;
	}
	ci->code_align = rd_uleb(&r);
	ci->data_align = rd_sleb(&r);
	ci->ra = ver == 1 ? rd_n(&r, 1) : rd_uleb(&r);
	ci->fde_enc = 0;
	if (aug[0] == 'z') {
		uint64_t alen = rd_uleb(&r);
		const uint8_t *aend;
		const char *a;

		if (r.err || (uint64_t)(r.end - r.p) < alen)
			return -1;
		aend = r.p + alen;
		ci->has_z = 1;
		for (a = aug + 1; *a; a++) {
			if (*a == 'L') {
				ci->lsda_enc = (uint8_t)rd_n(&r, 1);
			} else if (*a == 'R') {
				ci->fde_enc = (uint8_t)rd_n(&r, 1);
			} else if (*a == 'P') {
				uint8_t pe = (uint8_t)rd_n(&r, 1);

				rd_ptr(c, &r, pe & 0x7f, c->addr_size, &ok);
				if (!ok)
					return -1;
			} else if (*a == 'S') {
				ci->signal = 1;
			} else {
				break;	/* unknown: skip the rest */
			}
		}
		r.p = aend;
	} else if (aug[0] && strcmp(aug, "eh") != 0) {
		return -1;	/* unrecognized augmentation */
	}
	if (r.err)
		return -1;
	ci->insns = r.p;
	ci->insns_end = r.end;
	return 0;
}

int cfi_read(struct module *m, struct elfimg *e, const char *secname,
	     uint64_t load_addr, const struct elfimg *bounds)
{
	struct cfictx c;
	struct esec *s = elfimg_find(e, secname), *t;
	size_t off = 0, nbad = 0;

	if (!s || !s->len)
		return 0;
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.sec = s->data;
	c.seclen = s->len;
	c.secaddr = s->addr;
	c.eh = strcmp(secname, ".eh_frame") == 0;
	c.addr_size = e->is64 ? 8 : 4;
	if ((t = elfimg_find(e, ".text")))
		c.text_base = t->addr;
	if ((t = elfimg_find(e, ".got")))
		c.data_base = t->addr;
	switch (e->machine) {
	case 62: c.names = x86_64_names; c.nnames = 67; break;
	case 3: c.names = i386_names; c.nnames = 50; break;
	case 183: c.names = arm64_names; c.nnames = 96; break;
	case 40: c.names = arm_names; c.nnames = 26; break;
	default: return 0;	/* Breakpad has no register names */
	}
	while (off + 4 <= c.seclen && !m->err) {
		struct rd r = { c.sec + off, c.sec + c.seclen, 0 };
		uint64_t len = rd_n(&r, 4), id, start, range;
		size_t hdr = 4, idoff;
		const uint8_t *end;
		struct cie ci;
		struct rules st;
		uint64_t addr;
		int ok, is64 = 0;

		if (len == 0xffffffff) {
			len = rd_n(&r, 8);
			hdr = 12;
			is64 = 1;
		}
		if (len == 0) {
			if (c.eh)
				break;	/* terminator */
			off += hdr;
			continue;
		}
		if (r.err || len > c.seclen - off - hdr)
			break;
		end = c.sec + off + hdr + len;
		r.end = end;
		idoff = (size_t)(r.p - c.sec);
		id = rd_n(&r, is64 ? 8 : 4);
		off += hdr + (size_t)len;
		if (c.eh ? id == 0 : id == (is64 ? ~(uint64_t)0 : 0xffffffffu))
			continue;	/* a CIE: parsed from its FDEs */
		/* An FDE: find its CIE. */
		{
			uint64_t coff = c.eh ? idoff - id : id;
			struct rd cr;
			uint64_t clen;
			size_t chdr = 4;

			if (c.eh && id > idoff) {
				nbad++;
				continue;
			}
			if (coff + 4 > c.seclen) {
				nbad++;
				continue;
			}
			cr.p = c.sec + coff;
			cr.end = c.sec + c.seclen;
			cr.err = 0;
			clen = rd_n(&cr, 4);
			if (clen == 0xffffffff) {
				clen = rd_n(&cr, 8);
				chdr = 12;
			}
			if (cr.err || clen > c.seclen - coff - chdr ||
			    clen < (chdr == 12 ? 8u : 4u)) {
				nbad++;
				continue;
			}
			cr.end = c.sec + coff + chdr + clen;
			rd_n(&cr, chdr == 12 ? 8 : 4);
			if (parse_cie(&c, cr.p, cr.end, &ci)) {
				nbad++;
				continue;
			}
		}
		c.cie = &ci;
		c.addr_size = ci.addr_size;
		start = rd_ptr(&c, &r, ci.fde_enc, ci.addr_size, &ok);
		if (!ok) {
			nbad++;
			continue;
		}
		range = rd_ptr(&c, &r, ci.fde_enc & 0x0f, ci.addr_size, &ok);
		if (ci.has_z) {
			uint64_t alen = rd_uleb(&r);

			if ((uint64_t)(r.end - r.p) < alen)
				r.err = 1;
			else
				r.p += alen;
		}
		if (r.err || !ok) {
			nbad++;
			continue;
		}
		if (bounds && !elfimg_in_load(bounds, start))
			continue;
		/* The rules: .ra starts as the return address register. */
		c.nev = 0;
		c.bad = 0;
		memset(&st, 0, sizeof(st));
		addr = start;
		if (ci.ra < c.nnames) {
			emit(&c, (int)ci.ra, c.names[ci.ra]);
			if (c.nev)
				c.ev[0].addr = start;
		}
		ok = run(&c, ci.insns, ci.insns_end, &st, &addr, 1);
		c.cie_rules = st;
		addr = start;
		if (ok)
			ok = run(&c, r.p, end, &st, &addr, 0);
		if (!ok || c.bad) {
			nbad++;
			continue;
		}
		write_fde(&c, start, range, load_addr);
	}
	if (nbad)
		sym_diag_warn(m->diag, 0, SYM_DIAG_NOWHERE,
			      "%s: %zu unreadable call frame entries skipped",
			      secname, nbad);
	sym_free(c.ev);
	return 0;
}

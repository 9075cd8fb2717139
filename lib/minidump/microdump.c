/* SPDX-License-Identifier: MIT */
/*
 * microdump.c - Breakpad's microdump text read into a struct md_dump
 * (see microdump.h).  Each record is parsed as Breakpad's Microdump
 * constructor parses it with C++ streams: whitespace-separated tokens,
 * hex numbers read as strtoull reads them (0 when there are no digits).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/hex.h"
#include "lib/minidump/md_int.h"
#include "lib/minidump/microdump.h"

static const char k_breakpad[] = "google-breakpad";
static const char k_begin[] = "-----BEGIN BREAKPAD MICRODUMP-----";
static const char k_end[] = "-----END BREAKPAD MICRODUMP-----";

#define CTX_ARM_LEN 368
#define CTX_ARM64_LEN 912
#define CTX_ARM64_OLD_LEN 796
#define CTX_X86_LEN 716
#define CTX_MIPS_LEN 600
#define CTX_MIPS_EPC 312	/* after iregs[32], hi/lo and dsp words */
#define CTX_MIPS32_FLAG 0x00040000u

struct span {
	const char *p;
	size_t n;
};

/* Growable byte buffer for the stack. */
struct bytes {
	uint8_t *p;
	size_t n, cap;
};

struct micro {
	struct md_dump *dump;
	struct md_microdump *info;
	struct span arch;
	int have_ctx;
	struct sym_context ctx;
	uint64_t stack_start;
	struct bytes stack;
	struct md_module *mods;
	size_t n_mods, cap_mods;
	size_t upper_from;		/* first module stored truncating */
};

/* Offset of key in s[0, n), or n when absent (std::string::find). */
/* memmem(): a multi-gigabyte binary file is rejected in a second. */
static size_t find(struct span s, const char *key)
{
	const char *hit;

	if (!s.n)
		return 0;
	hit = memmem(s.p, s.n, key, strlen(key));
	return hit ? (size_t)(hit - s.p) : s.n;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' ||
	       c == '\f' || c == '\r';
}

/* istream >> string: the next token of *s, advancing it; 0 at the end. */
static int token(struct span *s, struct span *t)
{
	size_t i = 0;

	while (i < s->n && is_ws(s->p[i]))
		i++;
	if (i == s->n) {
		s->p += i;
		s->n = 0;
		return 0;
	}
	t->p = s->p + i;
	while (i < s->n && !is_ws(s->p[i]))
		i++;
	t->n = (size_t)(s->p + i - t->p);
	s->p += i;
	s->n -= i;
	return 1;
}

/* HexStrToL: the token as strtoull(16) reads it (0 when there are no
 * digits, all ones on overflow). */
static uint64_t hex_value(struct span t)
{
	uint64_t v = 0;
	size_t i = 0, first;
	int neg = 0, over = 0, d;

	if (i < t.n && (t.p[i] == '+' || t.p[i] == '-'))
		neg = t.p[i++] == '-';
	if (i + 2 < t.n && t.p[i] == '0' && (t.p[i + 1] | 0x20) == 'x' &&
	    sym_hex_digit(t.p[i + 2]) >= 0)
		i += 2;
	for (first = i; i < t.n && (d = sym_hex_digit(t.p[i])) >= 0; i++) {
		if (v >> 60)
			over = 1;
		v = v << 4 | (uint64_t)d;
	}
	if (i == first)
		return 0;
	if (over)
		return ~0ULL;
	return neg ? -v : v;
}

/* ParseHexBuf's byte: HexStrToL<uint8_t> of two characters. */
static uint8_t hex_byte(const char *p, size_t n)
{
	int a = sym_hex_digit(p[0]), b = n > 1 ? sym_hex_digit(p[1]) : -1;

	if (a >= 0)
		return (uint8_t)(b >= 0 ? a * 16 + b : a);
	if (b >= 0 && p[0] == '+')
		return (uint8_t)b;
	if (b >= 0 && p[0] == '-')
		return (uint8_t)-b;
	return 0;
}

static int bytes_append_hex(struct bytes *b, struct span hex)
{
	size_t need = (hex.n + 1) / 2, i;

	if (need > b->cap - b->n) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *p;

		while (cap - b->n < need)
			cap *= 2;
		if (!(p = sym_reallocarray(b->p, cap, 1)))
			return SYM_ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	for (i = 0; i < hex.n; i += 2)
		b->p[b->n++] = hex_byte(hex.p + i, hex.n - i);
	return SYM_OK;
}

static char *dup_span(struct micro *m, struct span s)
{
	char *r = md_int_alloc(m->dump, s.n + 1, 1);

	if (r && s.n)	/* an absent field is { NULL, 0 } */
		memcpy(r, s.p, s.n);
	return r;
}

static int arch_is(const struct micro *m, const char *name)
{
	return m->arch.n == strlen(name) && !memcmp(m->arch.p, name, m->arch.n);
}

/* O <os id> <arch> <cpu count> <hw arch> <os version...> */
static int os_record(struct micro *m, struct span s)
{
	struct span id = { "", 0 }, cpus = { "", 0 }, hw, ver = { "", 0 };
	int ok = token(&s, &id) && token(&s, &m->arch) &&
		 token(&s, &cpus) && token(&s, &hw);

	/* getline after the last token: the rest, less its first byte */
	if (ok && s.n) {
		ver.p = s.p + 1;
		ver.n = s.n - 1;
	}
	if (!(m->info->cpu = dup_span(m, m->arch)) ||
	    !(m->info->os_version = dup_span(m, ver)))
		return SYM_ENOMEM;
	m->info->cpu_count = (uint8_t)hex_value(cpus);
	if (id.n == 1 && id.p[0] == 'L') {
		m->info->os = "Linux";
		m->info->os_short = "linux";
	} else if (id.n == 1 && id.p[0] == 'A') {
		m->info->os = "Android";
		m->info->os_short = "android";
		if (m->upper_from > m->n_mods)
			m->upper_from = m->n_mods;
	}
	return SYM_OK;
}

/* S <address> <hex bytes>; the "S 0" header line is skipped. */
static int stack_record(struct micro *m, struct span s)
{
	struct span addr = { "", 0 }, raw = { "", 0 };

	token(&s, &addr);
	token(&s, &raw);
	/* Breakpad asserts (debug builds only) that chunks are contiguous;
	 * it appends them whatever their address */
	if (!m->stack_start)
		m->stack_start = hex_value(addr);
	return bytes_append_hex(&m->stack, raw);
}

static uint64_t rd(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void set_regs(struct sym_context *c, enum sym_cpu cpu,
		     const uint8_t *p, unsigned first, unsigned width)
{
	unsigned i, n = sym_cpu_nregs(cpu);

	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	c->valid = (1ULL << n) - 1;
	c->raw_flags = (uint32_t)rd(p, 4);
	for (i = 0; i < n; i++)
		c->regs[i] = rd(p + first + width * i, width);
}

/* C <hex context>, decoded by the O record's arch */
static int cpu_record(struct micro *m, struct span s)
{
	/* eip, esp, ebp, ebx, esi, edi, eax, ecx, edx, eflags */
	static const uint16_t x86_off[SYM_X86_NREGS] = {
		184, 196, 180, 164, 160, 156, 176, 172, 168, 192,
	};
	struct bytes raw = { NULL, 0, 0 };
	size_t len;
	unsigned i;
	int err;

	if ((err = bytes_append_hex(&raw, s)))
		return err;
	len = raw.n;
	if (arch_is(m, "arm") && len == CTX_ARM_LEN) {
		set_regs(&m->ctx, SYM_CPU_ARM, raw.p, 4, 4);
		m->have_ctx = 1;
	} else if (arch_is(m, "arm64") &&
		   (len == CTX_ARM64_LEN || len == CTX_ARM64_OLD_LEN)) {
		/* both layouts keep x0..x30, sp, pc from offset 8 */
		set_regs(&m->ctx, SYM_CPU_ARM64, raw.p, 8, 8);
		m->have_ctx = 1;
	} else if (arch_is(m, "x86") && len == CTX_X86_LEN) {
		set_regs(&m->ctx, SYM_CPU_X86, raw.p, 0, 0);
		for (i = 0; i < SYM_X86_NREGS; i++)
			m->ctx.regs[i] = rd(raw.p + x86_off[i], 4);
		m->have_ctx = 1;
	} else if ((arch_is(m, "mips") || arch_is(m, "mips64")) &&
		   len == CTX_MIPS_LEN) {
		/* Breakpad's walker picks 32 or 64 bits by the context's
		 * own MD_CONTEXT_MIPS flag */
		set_regs(&m->ctx, rd(raw.p, 4) & CTX_MIPS32_FLAG ?
			 SYM_CPU_MIPS : SYM_CPU_MIPS64, raw.p, 8, 8);
		m->ctx.regs[SYM_MIPS_PC] = rd(raw.p + CTX_MIPS_EPC, 8);
		m->have_ctx = 1;
	}
	sym_free(raw.p);
	return SYM_OK;
}

/* R <signal> <reason> <address> */
static int reason_record(struct micro *m, struct span s)
{
	struct span sig, reason, addr = { "", 0 };

	/* a reason that is not there leaves the last one */
	if (token(&s, &sig) && token(&s, &reason)) {
		if (!(m->info->crash_reason = dup_span(m, reason)))
			return SYM_ENOMEM;
		token(&s, &addr);
	}
	m->info->crash_address = hex_value(addr);
	return SYM_OK;
}

/* G <version>|<vendor>|<renderer>, or G UNKNOWN */
static int gpu_record(struct micro *m, struct span s)
{
	const char **out[3] = { &m->info->gl_version, &m->info->gl_vendor,
				&m->info->gl_renderer };
	struct span part;
	size_t i, bar;

	if (s.n == 7 && !memcmp(s.p, "UNKNOWN", 7))
		return SYM_OK;
	for (i = 0; i < 3 && s.n; i++) {
		bar = find(s, "|");
		part.p = s.p;
		part.n = bar;
		if (!(*out[i] = dup_span(m, part)))
			return SYM_ENOMEM;
		s.p += bar < s.n ? bar + 1 : bar;
		s.n -= bar < s.n ? bar + 1 : bar;
	}
	return SYM_OK;
}

/* M <base> <offset> <size> <identifier> <file> */
static int module_record(struct micro *m, struct span s)
{
	struct span base = { "", 0 }, off = { "", 0 }, size = { "", 0 };
	struct span id = { "", 0 }, file = { "", 0 };
	struct md_module *mod;

	if (token(&s, &base) && token(&s, &off) && token(&s, &size) &&
	    token(&s, &id))
		token(&s, &file);
	if (m->n_mods == m->cap_mods) {
		size_t cap = m->cap_mods ? m->cap_mods * 2 : 64;
		struct md_module *p = sym_reallocarray(m->mods, cap,
						       sizeof(*p));

		if (!p)
			return SYM_ENOMEM;
		m->mods = p;
		m->cap_mods = cap;
	}
	mod = &m->mods[m->n_mods];
	memset(mod, 0, sizeof(*mod));
	mod->base = hex_value(base);
	mod->size = hex_value(size);
	mod->code_file = dup_span(m, file);
	mod->debug_file = mod->code_file;
	mod->code_id = dup_span(m, id);
	mod->debug_id = mod->code_id;
	mod->version = "";
	if (!mod->code_file || !mod->code_id)
		return SYM_ENOMEM;
	m->n_mods++;
	return SYM_OK;
}

/* One line of the microdump; 1 at the END marker. */
static int line(struct micro *m, struct span l, int *in, int *err)
{
	static const struct {
		const char *key;
		int (*fn)(struct micro *m, struct span s);
	} recs[] = {
		{ ": O ", os_record }, { ": S ", stack_record },
		{ ": C ", cpu_record }, { ": R ", reason_record },
		{ ": G ", gpu_record }, { ": M ", module_record },
	};
	struct span rest;
	size_t i, at;

	if (find(l, k_breakpad) == l.n)
		return 0;
	if (find(l, k_begin) < l.n) {
		*in = 1;
		return 0;
	}
	if (!*in)
		return 0;
	if (find(l, k_end) < l.n)
		return 1;
	for (i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		if ((at = find(l, recs[i].key)) == l.n)
			continue;
		if (recs[i].fn == stack_record && find(l, ": S 0 ") < l.n)
			return 0;
		rest.p = l.p + at + 4;
		rest.n = l.n - at - 4;
		*err = recs[i].fn(m, rest);
		return 0;
	}
	return 0;
}

static int read_lines(struct micro *m, const uint8_t *buf, size_t len)
{
	const char *p = (const char *)buf, *end = p + len, *nl;
	struct span l;
	int in = 0, err = SYM_OK;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		l.p = p;
		l.n = (size_t)((nl ? nl : end) - p);
		p = nl ? nl + 1 : end;
		if (l.n && l.p[l.n - 1] == '\r')
			l.n--;
		if (line(m, l, &in, &err) || err)
			break;
	}
	return err;
}

/* The one thread: the context and the stack bytes. */
static int make_thread(struct micro *m)
{
	struct md_dump *d = m->dump;
	struct md_thread *t = md_int_alloc(d, 1, sizeof(*t));
	uint8_t *stack = md_int_alloc(d, m->stack.n, 1);

	if (!t || !stack)
		return SYM_ENOMEM;
	if (m->stack.n)
		memcpy(stack, m->stack.p, m->stack.n);
	t->has_context = 1;
	t->ctx = m->ctx;
	t->has_stack = 1;
	t->stack.start = m->stack_start;
	t->stack.size = m->stack.n;
	t->stack.declared_size = m->stack.n;
	t->stack.data = m->stack.n ? stack : NULL;
	t->stack_desc = t->stack;
	d->threads = t;
	d->n_threads = 1;
	d->has_thread_list = 1;
	/* Breakpad's processor: thread 0 crashed */
	d->has_exception = 1;
	d->system_info.cpu = m->ctx.cpu;
	return SYM_OK;
}

int md_is_microdump(const uint8_t *buf, size_t len)
{
	struct span s = { (const char *)buf, len };

	if (len >= 4 && !memcmp(buf, "MDMP", 4))
		return 0;
	return find(s, k_begin) < len;
}

int md_microdump_open(const uint8_t *buf, size_t len, struct md_dump **out,
		      struct sym_diag *d)
{
	struct micro m;
	int err;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	m.upper_from = (size_t)-1;
	if (!(m.dump = md_int_new(d)))
		return SYM_ENOMEM;
	if (!(m.info = md_int_alloc(m.dump, 1, sizeof(*m.info)))) {
		err = SYM_ENOMEM;
		goto out;
	}
	m.info->os = m.info->os_short = m.info->os_version = "";
	m.info->cpu = m.info->crash_reason = "";
	m.info->gl_version = m.info->gl_vendor = m.info->gl_renderer = "";
	m.dump->microdump = m.info;
	if ((err = read_lines(&m, buf ? buf : (const uint8_t *)"",
			      buf ? len : 0)))
		goto out;
	if (!m.have_ctx) {
		err = SYM_EFORMAT;
		sym_diag_error(d, err, 0, 0,
			       "microdump has no cpu context to walk from");
		goto out;
	}
	if ((err = make_thread(&m)) ||
	    (err = md_int_set_modules(m.dump, m.mods, m.n_mods,
				      m.upper_from)))
		goto out;
	*out = m.dump;
	m.dump = NULL;
out:
	sym_free(m.stack.p);
	sym_free(m.mods);
	md_close(m.dump);
	return err;
}

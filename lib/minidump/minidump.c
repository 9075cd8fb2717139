/* SPDX-License-Identifier: MIT */
/*
 * minidump.c - the minidump reader.
 *
 * Every stream is parsed eagerly into the plain structs of minidump.h.
 * Semantic rules (what is valid, how identifiers are spelled, which
 * context layout applies, how overlapping modules are resolved) follow
 * Breakpad's processor so that reports match minidump_stackwalk.
 * Damage Breakpad would choke on (truncation, counts that do not fit) is
 * clipped with a warning instead.
 *
 * Every allocation is recorded in the state's list and freed together in
 * md_close(), so an allocation failure anywhere just unwinds with
 * SYM_ENOMEM.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/minidump/md_int.h"
#include "lib/minidump/microdump.h"
#include "lib/minidump/minidump.h"

#define MD_SIGNATURE 0x504d444du
#define MD_VERSION 0xa793u

/* Structure sizes on disk. */
#define HEADER_SIZE 32
#define DIRENT_SIZE 12
#define THREAD_SIZE 48
#define THREAD_EX_SIZE 64
#define MODULE_SIZE 108
#define MEMDESC_SIZE 16
#define EXCEPTION_SIZE 168
#define SYSINFO_SIZE 56
#define ASSERTION_SIZE 776
#define THREAD_NAME_SIZE 12
#define UNLOADED_SIZE 24
#define MEMINFO_HDR_SIZE 16
#define MEMINFO_SIZE 48

/* Breakpad's limits that decide validity, not ours. */
#define BP_MAX_STRING 1024
#define BP_MAX_CV 32768
#define BP_MAX_REGION (64u * 1024 * 1024)
#define BP_MAX_XSAVE 16384

/* Context sizes and cpu flags (minidump_cpu_*.h). */
#define CTX_AMD64_SIZE 1232
#define CTX_X86_SIZE 716
#define CTX_ARM_SIZE 368
#define CTX_ARM64_SIZE 912
#define CTX_ARM64_OLD_SIZE 796
#define CTX_PPC64_SIZE 1168
#define CTX_CPU_MASK 0xffffff00u
#define CTX_X86 0x00010000u
#define CTX_AMD64 0x00100000u
#define CTX_ARM 0x40000000u
#define CTX_ARM_OLD 0x00000040u
#define CTX_ARM64 0x00400000u
#define CTX_ARM64_OLD 0x80000000u
#define CTX_PPC 0x20000000u
#define CTX_PPC64 0x01000000u
#define CTX_SPARC 0x10000000u
#define CTX_MIPS 0x00040000u
#define CTX_MIPS64 0x00080000u
#define CTX_RISCV 0x00800000u
#define CTX_RISCV64 0x08000000u

/* MD_CPU_ARCHITECTURE_* */
enum {
	ARCH_X86 = 0, ARCH_MIPS = 1, ARCH_PPC = 3, ARCH_ARM = 5,
	ARCH_AMD64 = 9, ARCH_X86_WIN64 = 10, ARCH_ARM64 = 12,
	ARCH_SPARC = 0x8001, ARCH_PPC64 = 0x8002, ARCH_ARM64_OLD = 0x8003,
	ARCH_MIPS64 = 0x8004, ARCH_RISCV = 0x8005, ARCH_RISCV64 = 0x8006,
};

/* MD_OS_* */
enum {
	OS_WIN32_WINDOWS = 1, OS_WIN32_NT = 2, OS_MAC = 0x8101,
	OS_IOS = 0x8102, OS_LINUX = 0x8201, OS_SOLARIS = 0x8202,
	OS_ANDROID = 0x8203, OS_PS3 = 0x8204, OS_NACL = 0x8205,
	OS_FUCHSIA = 0x8206,
};

#define CV_PDB70 0x53445352u	/* 'RSDS' */
#define CV_PDB20 0x3031424eu	/* 'NB10' */
#define CV_ELF 0x4270454cu	/* 'BpEL' */
#define VS_SIGNATURE 0xfeef04bdu
#define VS_VERSION 0x10000u

/* A RangeMap entry: Breakpad keys ranges by their last address. */
struct range {
	uint64_t high, base;
	size_t entry;
};

struct range_map {
	struct range *r;
	size_t n, cap;
	int truncate_lower;
	int truncate_upper;	/* microdumps from Android */
};

struct md_state {
	const uint8_t *buf;
	size_t len;
	struct sym_diag *d;
	struct md_dump *dump;
	void **allocs;
	size_t n_allocs, cap_allocs;
	/* sorted MemoryList regions, when Breakpad accepts the list */
	struct md_memory *list_regions;
	size_t n_list_regions;
	int memory_list_valid;
	struct md_memory *m64_regions;	/* Memory64List, sorted */
	size_t n_m64_regions;
	struct range_map modmap;
};

/* ---------------------------------------------------------------------
 * Allocation and diagnostics
 */

static int track(struct md_state *st, void *p)
{
	void **n;

	if (st->n_allocs == st->cap_allocs) {
		size_t cap = st->cap_allocs ? st->cap_allocs * 2 : 16;

		n = sym_reallocarray(st->allocs, cap, sizeof(*n));
		if (!n)
			return -1;
		st->allocs = n;
		st->cap_allocs = cap;
	}
	st->allocs[st->n_allocs++] = p;
	return 0;
}

/* Zeroed array of n elements; NULL on failure (overflow or memory). */
static void *st_new(struct md_state *st, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = sym_calloc(n ? n : 1, size ? size : 1);
	if (!p)
		return NULL;
	if (track(st, p)) {
		sym_free(p);
		return NULL;
	}
	return p;
}

static char *st_strndup(struct md_state *st, const char *s, size_t n)
{
	char *r = st_new(st, n + 1, 1);

	if (r)
		memcpy(r, s, n);
	return r;
}

static void warn(struct md_state *st, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct md_state *st, uint64_t off, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (!st->d)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sym_diag_warn(st->d, SYM_DIAG_OFFSET, off, "%s", msg);
}

/* ---------------------------------------------------------------------
 * Little-endian reads at absolute offsets
 */

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* Pointer to buf[off, off+n), or NULL when not all in the file. */
static const uint8_t *at(const struct md_state *st, uint64_t off, uint64_t n)
{
	if (off > st->len || n > st->len - off)
		return NULL;
	return st->buf + off;
}

/* ---------------------------------------------------------------------
 * Strings
 */

/*
 * UTF-16LE to UTF-8 with Breakpad's rules (UTF16ToUTF8): a lone low
 * surrogate (only dc00..dcff counts as one) or an unpaired high one
 * fails.  Returns SYM_OK, SYM_EFORMAT or SYM_ENOMEM.
 */
static int utf16_to_utf8(struct md_state *st, const uint8_t *p, size_t words,
			 char **out)
{
	char *s = st_new(st, words * 3 + 1, 1);
	size_t i, n = 0;

	if (!s)
		return SYM_ENOMEM;
	for (i = 0; i < words; i++) {
		uint32_t c = rd16(p + 2 * i), lo;

		if (c >= 0xdc00 && c <= 0xdcff)
			return SYM_EFORMAT;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (++i == words)
				return SYM_EFORMAT;
			lo = rd16(p + 2 * i);
			if (lo < 0xdc00 || lo > 0xdcff)
				return SYM_EFORMAT;
			c = ((c - 0xd7c0) << 10) | (lo & 0x3ff);
		}
		if (c < 0x80) {
			s[n++] = (char)c;
		} else if (c < 0x800) {
			s[n++] = (char)(0xc0 | (c >> 6));
			s[n++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			s[n++] = (char)(0xe0 | (c >> 12));
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			s[n++] = (char)(0xf0 | (c >> 18));
			s[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
			s[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	s[n] = '\0';
	*out = s;
	return SYM_OK;
}

/* A MINIDUMP_STRING at rva (Breakpad's Minidump::ReadString). */
static int read_string(struct md_state *st, uint64_t rva, char **out)
{
	const uint8_t *p = at(st, rva, 4);
	uint32_t bytes;

	*out = NULL;
	if (!p)
		return SYM_ETRUNC;
	bytes = rd32(p);
	if (bytes % 2 || bytes / 2 > BP_MAX_STRING)
		return SYM_EFORMAT;
	if (!(p = at(st, rva + 4, bytes)))
		return SYM_ETRUNC;
	return utf16_to_utf8(st, p, bytes / 2, out);
}

/* A MinidumpUTF8String at rva (Breakpad's ReadUTF8String). */
static int read_utf8(struct md_state *st, uint64_t rva, char **out)
{
	const uint8_t *p = at(st, rva, 4);
	uint32_t bytes;

	*out = NULL;
	if (!p)
		return SYM_ETRUNC;
	bytes = rd32(p);
	if (bytes > BP_MAX_STRING)
		return SYM_EFORMAT;
	if (!(p = at(st, rva + 4, bytes)))
		return SYM_ETRUNC;
	*out = st_strndup(st, (const char *)p, bytes);
	return *out ? SYM_OK : SYM_ENOMEM;
}

/* A fixed UTF-16 array up to its first NUL; "" when not convertible. */
static int fixed_utf16(struct md_state *st, const uint8_t *p, size_t words,
		       const char **out)
{
	size_t n = 0;
	char *s;
	int err;

	while (n < words && rd16(p + 2 * n))
		n++;
	err = utf16_to_utf8(st, p, n, &s);
	if (err == SYM_ENOMEM)
		return err;
	*out = err ? "" : s;
	return SYM_OK;
}

/* ---------------------------------------------------------------------
 * Streams and counted lists
 */

struct stream {
	uint64_t off;
	uint32_t size;		/* clipped to the file */
	uint32_t declared;
	const uint8_t *p;
};

static const struct md_stream_entry *find_stream(const struct md_dump *dump,
						 uint32_t type, int last)
{
	const struct md_stream_entry *e = NULL;
	uint32_t i;

	for (i = 0; i < dump->n_streams; i++) {
		if (dump->streams[i].type != type)
			continue;
		e = &dump->streams[i];
		if (!last)
			break;
	}
	return e;
}

/* Locate a stream and clip it to the file.  Returns 0 if present. */
static int get_stream(struct md_state *st, uint32_t type, int last,
		      const char *what, struct stream *s)
{
	const struct md_stream_entry *e = find_stream(st->dump, type, last);
	uint64_t avail;

	if (!e)
		return -1;
	s->off = e->rva;
	s->declared = e->size;
	avail = e->rva <= st->len ? st->len - e->rva : 0;
	s->size = e->size <= avail ? e->size : (uint32_t)avail;
	if (s->size < e->size)
		warn(st, e->rva, "%s: stream of %u bytes extends beyond "
		     "end of file", what, e->size);
	s->p = st->buf + (e->rva <= st->len ? e->rva : st->len);
	return 0;
}

/*
 * Number of entries of a list whose count sits at the stream start
 * (hdr bytes of header, then entries of esize, maybe after 4 bytes of
 * padding as Breakpad allows).  Clipped to what the stream holds.
 */
static size_t list_count(struct md_state *st, const struct stream *s,
			 uint64_t count, size_t hdr, size_t esize,
			 const char *what, size_t *first)
{
	uint64_t room = s->size > hdr ? s->size - hdr : 0;

	*first = hdr;
	if (s->declared == hdr + 4 + count * esize && count < UINT32_MAX) {
		*first = hdr + 4;
		room = room > 4 ? room - 4 : 0;
	} else if (count < UINT32_MAX && s->declared != hdr + count * esize) {
		warn(st, s->off, "%s: stream size %u does not match count "
		     "%llu", what, s->declared, (unsigned long long)count);
	}
	if (count > room / esize) {
		warn(st, s->off, "%s: count %llu does not fit in stream at "
		     "offset 0x%llx", what, (unsigned long long)count,
		     (unsigned long long)s->off);
		count = room / esize;
	}
	return (size_t)count;
}

/* ---------------------------------------------------------------------
 * Header and directory
 */

static int read_directory(struct md_state *st)
{
	struct md_dump *dump = st->dump;
	const uint8_t *p = at(st, 0, HEADER_SIZE);
	uint32_t rva, i;
	uint64_t room;

	/* microdumps are text: say so rather than "not a minidump" */
	if (md_is_microdump(st->buf, st->len))
		return sym_diag_error(st->d, SYM_EUNSUP, SYM_DIAG_OFFSET, 0,
				      "a breakpad microdump, not a minidump: "
				      "read it with md_microdump_open");
	if (!p) {
		if (st->len >= 4 && rd32(st->buf) != MD_SIGNATURE)
			return sym_diag_error(st->d, SYM_EFORMAT,
					      SYM_DIAG_OFFSET, 0,
					      "not a minidump");
		return sym_diag_error(st->d, SYM_ETRUNC, SYM_DIAG_OFFSET, 0,
				      "truncated minidump header");
	}
	if (rd32(p) == 0x4d444d50u)
		return sym_diag_error(st->d, SYM_EUNSUP, SYM_DIAG_OFFSET, 0,
				      "big-endian minidump");
	if (rd32(p) != MD_SIGNATURE)
		return sym_diag_error(st->d, SYM_EFORMAT, SYM_DIAG_OFFSET, 0,
				      "not a minidump");
	dump->version = rd32(p + 4);
	if ((dump->version & 0xffff) != MD_VERSION)
		return sym_diag_error(st->d, SYM_EFORMAT, SYM_DIAG_OFFSET, 4,
				      "unknown minidump version 0x%x",
				      dump->version & 0xffff);
	dump->n_streams = rd32(p + 8);
	rva = rd32(p + 12);
	dump->checksum = rd32(p + 16);
	dump->time_date_stamp = rd32(p + 20);
	dump->flags = rd64(p + 24);
	if (!dump->n_streams)
		return SYM_OK;
	if (rva >= st->len)
		return sym_diag_error(st->d, SYM_ETRUNC, SYM_DIAG_OFFSET, 12,
				      "stream directory at rva 0x%x is "
				      "beyond end of file", rva);
	room = (st->len - rva) / DIRENT_SIZE;
	if (dump->n_streams > room) {
		if (!room)
			return sym_diag_error(st->d, SYM_ETRUNC,
					      SYM_DIAG_OFFSET, rva,
					      "truncated stream directory");
		warn(st, rva, "stream directory: count %u does not fit in "
		     "file", dump->n_streams);
		dump->n_streams = (uint32_t)room;
	}
	dump->streams = st_new(st, dump->n_streams, sizeof(*dump->streams));
	if (!dump->streams)
		return SYM_ENOMEM;
	for (i = 0; i < dump->n_streams; i++) {
		p = st->buf + rva + (uint64_t)i * DIRENT_SIZE;
		dump->streams[i].type = rd32(p);
		dump->streams[i].size = rd32(p + 4);
		dump->streams[i].rva = rd32(p + 8);
	}
	return SYM_OK;
}

/* Breakpad reads one stream of each main type; warn about the others. */
static void check_duplicates(struct md_state *st)
{
	static const uint32_t unique[] = {
		MD_STREAM_THREAD_LIST, MD_STREAM_THREAD_NAME_LIST,
		MD_STREAM_MODULE_LIST, MD_STREAM_MEMORY_LIST,
		MD_STREAM_EXCEPTION, MD_STREAM_SYSTEM_INFO,
		MD_STREAM_MISC_INFO, MD_STREAM_BREAKPAD_INFO,
		MD_STREAM_CRASHPAD_INFO,
	};
	size_t i;
	uint32_t j, n;

	for (i = 0; i < sizeof(unique) / sizeof(unique[0]); i++) {
		n = 0;
		for (j = 0; j < st->dump->n_streams; j++)
			if (st->dump->streams[j].type == unique[i] && n++)
				warn(st, HEADER_SIZE, "stream directory: "
				     "duplicate stream of type 0x%x ignored",
				     unique[i]);
	}
}

/* ---------------------------------------------------------------------
 * System info (read first: contexts and identifiers depend on it)
 */

static enum sym_cpu cpu_of_arch(uint16_t arch)
{
	switch (arch) {
	case ARCH_X86:
	case ARCH_X86_WIN64:
		return SYM_CPU_X86;
	case ARCH_AMD64:
		return SYM_CPU_AMD64;
	case ARCH_ARM:
		return SYM_CPU_ARM;
	case ARCH_ARM64:
	case ARCH_ARM64_OLD:
		return SYM_CPU_ARM64;
	case ARCH_PPC:
		return SYM_CPU_PPC;
	case ARCH_PPC64:
		return SYM_CPU_PPC64;
	case ARCH_SPARC:
		return SYM_CPU_SPARC;
	case ARCH_MIPS:
		return SYM_CPU_MIPS;
	case ARCH_MIPS64:
		return SYM_CPU_MIPS64;
	case ARCH_RISCV:
		return SYM_CPU_RISCV;
	case ARCH_RISCV64:
		return SYM_CPU_RISCV64;
	default:
		return SYM_CPU_UNKNOWN;
	}
}

static void x86_cpu_info(struct md_system_info *si, const uint8_t *p)
{
	int i;

	if (si->processor_arch == ARCH_X86 ||
	    si->processor_arch == ARCH_X86_WIN64) {
		memcpy(si->vendor_id, p, 12);
		for (i = 0; i < 12; i++)	/* snprintf %c stops at NUL */
			if (!si->vendor_id[i])
				break;
		si->vendor_id[i] = '\0';
	}
	si->version_information = rd32(p + 12);
	si->feature_information = rd32(p + 16);
	si->amd_extended_features = rd32(p + 20);
	si->processor_features[0] = rd64(p);
	si->processor_features[1] = rd64(p + 8);
}

static int read_system_info(struct md_state *st)
{
	struct md_system_info *si = &st->dump->system_info;
	struct stream s;
	char *csd;
	int err;

	if (get_stream(st, MD_STREAM_SYSTEM_INFO, 0, "system info", &s))
		return SYM_OK;
	if (s.size < SYSINFO_SIZE) {
		warn(st, s.off, "system info: stream of %u bytes is too "
		     "short", s.declared);
		return SYM_OK;
	}
	if (s.declared != SYSINFO_SIZE)
		warn(st, s.off, "system info: unexpected size %u",
		     s.declared);
	si->processor_arch = rd16(s.p);
	si->cpu = cpu_of_arch(si->processor_arch);
	si->processor_level = rd16(s.p + 2);
	si->processor_revision = rd16(s.p + 4);
	si->number_of_processors = s.p[6];
	si->product_type = s.p[7];
	si->major_version = rd32(s.p + 8);
	si->minor_version = rd32(s.p + 12);
	si->build_number = rd32(s.p + 16);
	si->platform_id = rd32(s.p + 20);
	si->suite_mask = rd16(s.p + 28);
	x86_cpu_info(si, s.p + 32);
	err = read_string(st, rd32(s.p + 24), &csd);
	if (err == SYM_ENOMEM)
		return err;
	if (err)
		warn(st, s.off + 24, "system info: unreadable csd version "
		     "at rva 0x%x", rd32(s.p + 24));
	si->csd_version = csd;
	st->dump->has_system_info = 1;
	return SYM_OK;
}

/* ---------------------------------------------------------------------
 * CPU contexts (Breakpad's MinidumpContext::Read)
 */

static uint32_t sysinfo_cpu_flags(const struct md_dump *dump)
{
	if (!dump->has_system_info)
		return 0;
	switch (dump->system_info.processor_arch) {
	case ARCH_X86:
		return CTX_X86;
	case ARCH_MIPS:
		return CTX_MIPS;
	case ARCH_MIPS64:
		return CTX_MIPS64;
	case ARCH_PPC:
		return CTX_PPC;
	case ARCH_PPC64:
		return CTX_PPC64;
	case ARCH_ARM:
		return CTX_ARM;
	case ARCH_ARM64:
		return CTX_ARM64;
	case ARCH_ARM64_OLD:
		return CTX_ARM64_OLD;
	case ARCH_AMD64:
		return CTX_AMD64;
	case ARCH_SPARC:
		return CTX_SPARC;
	case ARCH_RISCV:
		return CTX_RISCV;
	case ARCH_RISCV64:
		return CTX_RISCV64;
	default:
		return 0;
	}
}

/* CheckAgainstSystemInfo: no system info is fine. */
static int matches_sysinfo(const struct md_dump *dump, uint32_t cpu)
{
	uint16_t a = dump->system_info.processor_arch;

	if (!dump->has_system_info)
		return 1;
	switch (cpu) {
	case CTX_X86:
		return a == ARCH_X86 || a == ARCH_X86_WIN64 ||
		       a == ARCH_AMD64;
	case CTX_AMD64:
		return a == ARCH_AMD64;
	case CTX_ARM:
		return a == ARCH_ARM;
	case CTX_ARM64:
		return a == ARCH_ARM64;
	case CTX_ARM64_OLD:
		return a == ARCH_ARM64_OLD;
	default:
		return 0;
	}
}

static void set_all_valid(struct sym_context *ctx, enum sym_cpu cpu)
{
	unsigned n = sym_cpu_nregs(cpu);

	ctx->cpu = cpu;
	ctx->valid = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}

static int ctx_amd64(struct md_state *st, uint64_t rva, uint32_t size,
		     struct sym_context *ctx)
{
	/* offsets of rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8.. rip */
	static const uint16_t off[SYM_AMD64_NREGS] = {
		120, 136, 128, 144, 168, 176, 160, 152,
		184, 192, 200, 208, 216, 224, 232, 240, 248,
	};
	const uint8_t *p = at(st, rva, CTX_AMD64_SIZE);
	uint32_t flags;
	int i;

	if (!p)
		return -1;
	if (size > CTX_AMD64_SIZE &&
	    (size - CTX_AMD64_SIZE > BP_MAX_XSAVE || !at(st, rva, size)))
		return -1;
	flags = rd32(p + 48);
	if ((flags & CTX_CPU_MASK) != CTX_AMD64 ||
	    !matches_sysinfo(st->dump, CTX_AMD64))
		return -1;
	for (i = 0; i < SYM_AMD64_NREGS; i++)
		ctx->regs[i] = rd64(p + off[i]);
	set_all_valid(ctx, SYM_CPU_AMD64);
	ctx->raw_flags = flags;
	return 0;
}

static int ctx_arm64_old(struct md_state *st, uint64_t rva,
			 struct sym_context *ctx)
{
	const uint8_t *p = at(st, rva, CTX_ARM64_OLD_SIZE);
	uint64_t flags;
	uint32_t cpu;
	int i;

	if (!p)
		return -1;
	flags = rd64(p);
	cpu = (uint32_t)flags & CTX_CPU_MASK;
	if (!cpu)
		cpu = sysinfo_cpu_flags(st->dump);
	if (cpu != CTX_ARM64_OLD || !matches_sysinfo(st->dump, cpu))
		return -1;
	for (i = 0; i < SYM_ARM64_NREGS; i++)
		ctx->regs[i] = rd64(p + 8 + 8 * i);
	set_all_valid(ctx, SYM_CPU_ARM64);
	ctx->raw_flags = ((uint32_t)flags & ~CTX_ARM64_OLD) | CTX_ARM64;
	return 0;
}

static int ctx_x86(struct md_state *st, uint64_t rva, uint32_t size,
		   struct sym_context *ctx)
{
	/* eip, esp, ebp, ebx, esi, edi, eax, ecx, edx, eflags */
	static const uint16_t off[SYM_X86_NREGS] = {
		184, 196, 180, 164, 160, 156, 176, 172, 168, 192,
	};
	const uint8_t *p;
	int i;

	/* Breakpad accepts any size up to the xsave limit: the cpu bit
	 * is part of MD_CONTEXT_X86_XSTATE. */
	if (size > CTX_X86_SIZE && size - CTX_X86_SIZE > BP_MAX_XSAVE)
		return -1;
	if (!(p = at(st, rva, CTX_X86_SIZE)))
		return -1;
	for (i = 0; i < SYM_X86_NREGS; i++)
		ctx->regs[i] = rd32(p + off[i]);
	set_all_valid(ctx, SYM_CPU_X86);
	return 0;
}

static int ctx_arm(struct md_state *st, uint64_t rva, uint32_t size,
		   struct sym_context *ctx)
{
	const uint8_t *p = at(st, rva, CTX_ARM_SIZE);
	int i;

	if (size != CTX_ARM_SIZE || !p)
		return -1;
	for (i = 0; i < SYM_ARM_NREGS; i++)
		ctx->regs[i] = rd32(p + 4 + 4 * i);
	set_all_valid(ctx, SYM_CPU_ARM);
	return 0;
}

static int ctx_arm64(struct md_state *st, uint64_t rva, uint32_t size,
		     struct sym_context *ctx)
{
	const uint8_t *p = at(st, rva, CTX_ARM64_SIZE);
	int i;

	if (size != CTX_ARM64_SIZE || !p)
		return -1;
	for (i = 0; i < SYM_ARM64_NREGS; i++)
		ctx->regs[i] = rd64(p + 8 + 8 * i);
	set_all_valid(ctx, SYM_CPU_ARM64);
	return 0;
}

/* Contexts whose layout starts with a 32-bit context_flags. */
static int ctx_flags32(struct md_state *st, uint64_t rva, uint32_t size,
		       struct sym_context *ctx)
{
	const uint8_t *p = at(st, rva, 4);
	uint32_t flags, cpu;
	int r;

	if (!p)
		return -1;
	flags = rd32(p);
	cpu = flags & CTX_CPU_MASK;
	if (!cpu && (flags & CTX_ARM_OLD)) {
		flags = (flags | CTX_ARM) & ~CTX_ARM_OLD;
		cpu = CTX_ARM;
	}
	if (!cpu) {
		cpu = sysinfo_cpu_flags(st->dump);
		flags |= cpu;
	}
	switch (cpu) {
	case CTX_X86:
		r = ctx_x86(st, rva, size, ctx);
		break;
	case CTX_ARM:
		r = ctx_arm(st, rva, size, ctx);
		break;
	case CTX_ARM64:
		r = ctx_arm64(st, rva, size, ctx);
		break;
	default:
		return -1;	/* ppc, sparc, mips, riscv: no walker */
	}
	if (r || !matches_sysinfo(st->dump, cpu))
		return -1;
	ctx->raw_flags = flags;
	return 0;
}

static int read_context(struct md_state *st, uint32_t rva, uint32_t size,
			struct sym_context *ctx)
{
	uint32_t sys = sysinfo_cpu_flags(st->dump);

	memset(ctx, 0, sizeof(*ctx));
	if (size == CTX_AMD64_SIZE ||
	    (sys == CTX_AMD64 && size >= CTX_AMD64_SIZE))
		return ctx_amd64(st, rva, size, ctx);
	if (size == CTX_PPC64_SIZE)
		return -1;
	if (size == CTX_ARM64_OLD_SIZE)
		return ctx_arm64_old(st, rva, ctx);
	return ctx_flags32(st, rva, size, ctx);
}

/* ---------------------------------------------------------------------
 * Memory
 */

/* A region as md_read sees it: clipped to the file. */
static void region_clipped(struct md_state *st, uint64_t start,
			   uint64_t size, uint64_t rva, struct md_memory *m)
{
	uint64_t avail = rva <= st->len ? st->len - rva : 0;

	m->start = start;
	m->declared_size = size;
	m->file_off = rva;
	m->size = size < avail ? size : avail;
	if (m->size > UINT64_MAX - start)
		m->size = UINT64_MAX - start;
	m->data = m->size ? st->buf + rva : NULL;
}

/* A region as Breakpad's MinidumpMemoryRegion reads it: all or none. */
static void region_whole(struct md_state *st, uint64_t start, uint64_t size,
			 uint64_t rva, struct md_memory *m)
{
	m->start = start;
	m->declared_size = size;
	m->file_off = rva;
	m->data = size <= BP_MAX_REGION ? at(st, rva, size) : NULL;
	m->size = m->data ? size : 0;
}

static int cmp_memory(const void *a, const void *b)
{
	const struct md_memory *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->file_off < y->file_off ? -1 : x->file_off > y->file_off;
}

/* Breakpad's MemoryList checks: no empty, wrapping or overlapping
 * region.  list is sorted. */
static int memory_list_ok(const struct md_memory *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!m[i].declared_size ||
		    m[i].declared_size - 1 > UINT64_MAX - m[i].start)
			return 0;
		if (i && m[i].start - m[i - 1].start <
		    m[i - 1].declared_size)
			return 0;
	}
	return 1;
}

static int read_memory_list(struct md_state *st, struct md_memory **out,
			    size_t *n_out)
{
	struct stream s;
	struct md_memory *m, *w;
	size_t n, first, i;
	const uint8_t *p;

	*out = NULL;
	*n_out = 0;
	if (get_stream(st, MD_STREAM_MEMORY_LIST, 0, "memory list", &s))
		return SYM_OK;
	if (s.size < 4) {
		warn(st, s.off, "memory list: stream too short");
		return SYM_OK;
	}
	n = list_count(st, &s, rd32(s.p), 4, MEMDESC_SIZE, "memory list",
		       &first);
	m = st_new(st, n, sizeof(*m));
	w = st_new(st, n, sizeof(*w));
	if (!m || !w)
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		p = s.p + first + i * MEMDESC_SIZE;
		region_clipped(st, rd64(p), rd32(p + 8), rd32(p + 12), &m[i]);
		region_whole(st, rd64(p), rd32(p + 8), rd32(p + 12), &w[i]);
		if (m[i].size < m[i].declared_size)
			warn(st, s.off + first + i * MEMDESC_SIZE,
			     "memory list: region %zu data extends beyond "
			     "end of file", i);
	}
	qsort(w, n, sizeof(*w), cmp_memory);
	st->memory_list_valid = n == rd32(s.p) && memory_list_ok(w, n);
	if (!st->memory_list_valid)
		warn(st, s.off, "memory list: regions are empty, wrap or "
		     "overlap");
	st->list_regions = w;
	st->n_list_regions = n;
	*out = m;
	*n_out = n;
	return SYM_OK;
}

static int read_memory64_list(struct md_state *st, struct md_memory **out,
			      size_t *n_out)
{
	struct stream s;
	struct md_memory *m;
	uint64_t rva, count, room;
	size_t i, n;
	const uint8_t *p;

	*out = NULL;
	*n_out = 0;
	if (get_stream(st, MD_STREAM_MEMORY64_LIST, 0, "memory64 list", &s))
		return SYM_OK;
	if (s.size < 16) {
		warn(st, s.off, "memory64 list: stream too short");
		return SYM_OK;
	}
	count = rd64(s.p);
	rva = rd64(s.p + 8);
	room = (s.size - 16) / MEMDESC_SIZE;
	if (count > room) {
		warn(st, s.off, "memory64 list: count %llu does not fit in "
		     "stream", (unsigned long long)count);
		count = room;
	}
	n = (size_t)count;
	if (!(m = st_new(st, n, sizeof(*m))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		p = s.p + 16 + i * MEMDESC_SIZE;
		region_clipped(st, rd64(p), rd64(p + 8), rva, &m[i]);
		if (m[i].size < m[i].declared_size)
			warn(st, s.off + 16 + i * MEMDESC_SIZE,
			     "memory64 list: range %zu data extends beyond "
			     "end of file", i);
		rva = rd64(p + 8) > UINT64_MAX - rva ? UINT64_MAX :
		      rva + rd64(p + 8);
	}
	if (!(st->m64_regions = st_new(st, n, sizeof(*m))))
		return SYM_ENOMEM;
	if (n)
		memcpy(st->m64_regions, m, n * sizeof(*m));
	qsort(st->m64_regions, n, sizeof(*m), cmp_memory);
	st->n_m64_regions = n;
	*out = m;
	*n_out = n;
	return SYM_OK;
}

static int read_memory(struct md_state *st)
{
	struct md_memory *a, *b;
	size_t na, nb;
	int err;

	if ((err = read_memory_list(st, &a, &na)) ||
	    (err = read_memory64_list(st, &b, &nb)))
		return err;
	st->dump->memory = st_new(st, na + nb, sizeof(*a));
	if (!st->dump->memory)
		return SYM_ENOMEM;
	if (na)
		memcpy(st->dump->memory, a, na * sizeof(*a));
	if (nb)
		memcpy(st->dump->memory + na, b, nb * sizeof(*b));
	st->dump->n_memory = na + nb;
	qsort(st->dump->memory, na + nb, sizeof(*a), cmp_memory);
	return SYM_OK;
}

/* The valid MemoryList region containing addr (Breakpad's
 * GetMemoryRegionForAddress). */
static const struct md_memory *list_region_at(const struct md_state *st,
					      uint64_t addr)
{
	size_t lo = 0, hi = st->n_list_regions;

	if (!st->memory_list_valid)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct md_memory *m = &st->list_regions[mid];

		if (addr < m->start)
			hi = mid;
		else if (addr - m->start >= m->declared_size)
			lo = mid + 1;
		else
			return m;
	}
	return NULL;
}

/* The Memory64List region holding addr, as rust-minidump finds the
 * stack of a full-memory dump (Breakpad reads no Memory64List). */
static const struct md_memory *m64_region_at(const struct md_state *st,
					     uint64_t addr)
{
	size_t lo = 0, hi = st->n_m64_regions, mid;
	const struct md_memory *m;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (st->m64_regions[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	m = &st->m64_regions[lo - 1];
	return addr - m->start < m->size ? m : NULL;
}

/* ---------------------------------------------------------------------
 * Threads
 */

static void thread_stack(struct md_state *st, struct md_thread *t,
			 const uint8_t *p)
{
	uint64_t start = rd64(p + 24);
	uint32_t size = rd32(p + 32), rva = rd32(p + 36);
	const struct md_memory *m;

	region_clipped(st, start, size, rva, &t->stack_desc);
	if (rva && size && size - 1 <= UINT64_MAX - start) {
		t->has_stack = 1;
		region_whole(st, start, size, rva, &t->stack);
		return;
	}
	/* MinidumpProcessor falls back on the memory list. */
	if (start && ((m = list_region_at(st, start)) ||
		      (m = m64_region_at(st, start)))) {
		t->has_stack = 1;
		t->stack = *m;
	}
}

static void read_thread(struct md_state *st, struct md_thread *t,
			const uint8_t *p, uint64_t off)
{
	t->id = rd32(p);
	t->suspend_count = rd32(p + 4);
	t->priority_class = rd32(p + 8);
	t->priority = rd32(p + 12);
	t->teb = rd64(p + 16);
	thread_stack(st, t, p);
	t->has_context = !read_context(st, rd32(p + 44), rd32(p + 40),
				       &t->ctx);
	if (!t->has_context)
		warn(st, off + 40, "thread 0x%x: unreadable context of %u "
		     "bytes at rva 0x%x", t->id, rd32(p + 40),
		     rd32(p + 44));
}

static int read_threads_of(struct md_state *st, uint32_t type,
			   size_t esize, const char *what)
{
	struct md_dump *dump = st->dump;
	struct stream s;
	size_t n, first, i;

	if (get_stream(st, type, 0, what, &s))
		return -1;
	if (s.size < 4) {
		warn(st, s.off, "%s: stream too short", what);
		return -1;
	}
	n = list_count(st, &s, rd32(s.p), 4, esize, what, &first);
	if (!(dump->threads = st_new(st, n, sizeof(*dump->threads))))
		return SYM_ENOMEM;
	dump->n_threads = n;
	for (i = 0; i < n; i++)
		read_thread(st, &dump->threads[i], s.p + first + i * esize,
			    s.off + first + i * esize);
	return SYM_OK;
}

static int read_threads(struct md_state *st)
{
	int r = read_threads_of(st, MD_STREAM_THREAD_LIST, THREAD_SIZE,
				"thread list");

	if (r >= 0) {
		st->dump->has_thread_list = r == SYM_OK;
		return r;
	}
	/* Breakpad ignores ThreadExList; use it only if nothing else. */
	r = read_threads_of(st, MD_STREAM_THREAD_EX_LIST, THREAD_EX_SIZE,
			    "thread ex list");
	if (r == SYM_OK)
		st->dump->threads_from_ex = 1;
	return r > 0 ? r : SYM_OK;
}

struct name_ref {
	uint32_t id;
	size_t index;
	const char *name;
};

static int cmp_name_ref(const void *a, const void *b)
{
	const struct name_ref *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void attach_names(struct md_state *st, struct name_ref *r, size_t n)
{
	size_t i, lo, hi, mid;

	qsort(r, n, sizeof(*r), cmp_name_ref);
	for (i = 0; i < st->dump->n_threads; i++) {
		struct md_thread *t = &st->dump->threads[i];

		lo = 0;
		hi = n;
		while (lo < hi) {	/* first entry with this id wins */
			mid = lo + (hi - lo) / 2;
			if (r[mid].id < t->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && r[lo].id == t->id && r[lo].name[0])
			t->name = r[lo].name;
	}
}

static int read_thread_names(struct md_state *st)
{
	struct stream s;
	struct name_ref *r;
	size_t n, first, i;
	const uint8_t *p;
	char *name;
	int err;

	if (get_stream(st, MD_STREAM_THREAD_NAME_LIST, 0, "thread name list",
		       &s))
		return SYM_OK;
	if (s.size < 4) {
		warn(st, s.off, "thread name list: stream too short");
		return SYM_OK;
	}
	n = list_count(st, &s, rd32(s.p), 4, THREAD_NAME_SIZE,
		       "thread name list", &first);
	first = 4;	/* entries are packed, never padded */
	if (!(r = st_new(st, n, sizeof(*r))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		p = s.p + first + i * THREAD_NAME_SIZE;
		r[i].id = rd32(p);
		r[i].index = i;
		err = read_string(st, rd64(p + 4), &name);
		if (err == SYM_ENOMEM)
			return err;
		if (err) {
			/* Breakpad then drops every name. */
			warn(st, s.off + first + i * THREAD_NAME_SIZE,
			     "thread name list: unreadable name %zu; list "
			     "ignored", i);
			return SYM_OK;
		}
		r[i].name = name;
	}
	attach_names(st, r, n);
	return SYM_OK;
}

/* ---------------------------------------------------------------------
 * Modules
 */

static int cv_record(struct md_state *st, struct md_module *m,
		     uint32_t size, uint32_t rva)
{
	const uint8_t *p;
	uint32_t sig = 0;

	if (!size)
		return 0;
	if (size > BP_MAX_CV || !(p = at(st, rva, size)))
		return -1;
	if (size > 4)
		sig = rd32(p);
	if (sig == CV_PDB70 && (size < 25 || p[size - 1]))
		return -1;
	if (sig == CV_PDB20 && (size < 17 || p[size - 1]))
		return -1;
	m->cv_data = p;
	m->cv_len = size;
	m->cv_kind = sig == CV_PDB70 ? MD_CV_PDB70 : sig == CV_PDB20 ?
		     MD_CV_PDB20 : sig == CV_ELF ? MD_CV_ELF : MD_CV_OTHER;
	return 0;
}

static int misc_record(struct md_state *st, struct md_module *m,
		       uint32_t size, uint32_t rva)
{
	const uint8_t *p;

	if (!size)
		return 0;
	if (size < 12 || size > BP_MAX_CV || !(p = at(st, rva, size)) ||
	    rd32(p + 4) != size)
		return -1;
	m->misc_data = p;
	m->misc_len = size;
	return 0;
}

static void guid_age_id(char *buf, size_t n, const uint8_t *g, uint32_t age)
{
	snprintf(buf, n, "%08X%04X%04X%02X%02X%02X%02X%02X%02X%02X%02X%x",
		 rd32(g), rd16(g + 4), rd16(g + 6), g[8], g[9], g[10], g[11],
		 g[12], g[13], g[14], g[15], age);
}

static int module_code_id(struct md_state *st, struct md_module *m)
{
	char buf[32], *s;
	uint32_t i, n;

	m->code_id = "";
	if (!m->has_debug_info || !st->dump->has_system_info)
		return SYM_OK;
	switch (st->dump->system_info.platform_id) {
	case OS_WIN32_NT:
	case OS_WIN32_WINDOWS:
		snprintf(buf, sizeof(buf), "%08X%x", m->time_date_stamp,
			 (uint32_t)m->size);
		return (m->code_id = st_strndup(st, buf, strlen(buf))) ?
		       SYM_OK : SYM_ENOMEM;
	case OS_ANDROID:
	case OS_FUCHSIA:
	case OS_LINUX:
		if (m->cv_kind == MD_CV_ELF) {
			n = m->cv_len - 4;
			if (!(s = st_new(st, 2 * (size_t)n + 1, 1)))
				return SYM_ENOMEM;
			for (i = 0; i < n; i++)
				snprintf(s + 2 * i, 3, "%02x",
					 m->cv_data[4 + i]);
			m->code_id = s;
			return SYM_OK;
		}
		/* fall through */
	case OS_MAC:
	case OS_IOS:
	case OS_SOLARIS:
	case OS_NACL:
	case OS_PS3:
		m->code_id = "id";
		return SYM_OK;
	default:
		return SYM_OK;
	}
}

static int misc_debug_file(struct md_state *st, struct md_module *m)
{
	const uint8_t *d = m->misc_data + 12;
	size_t n = m->misc_len - 12;
	char *s;
	int err;

	if (!m->misc_data[8]) {
		m->debug_file = st_strndup(st, (const char *)d, n);
		return m->debug_file ? SYM_OK : SYM_ENOMEM;
	}
	if (n % 2)
		return SYM_OK;
	err = utf16_to_utf8(st, d, n / 2, &s);
	if (err == SYM_ENOMEM)
		return err;
	if (!err)
		m->debug_file = s;
	return SYM_OK;
}

static int module_debug(struct md_state *st, struct md_module *m)
{
	char buf[48];
	uint8_t guid[16] = {0};
	const uint8_t *cv = m->cv_data;

	m->debug_file = m->debug_id = "";
	if (!m->has_debug_info)
		return SYM_OK;
	if (m->cv_kind == MD_CV_PDB70) {
		m->debug_file = (const char *)cv + 24;
		guid_age_id(buf, sizeof(buf), cv + 4, rd32(cv + 20));
	} else if (m->cv_kind == MD_CV_PDB20) {
		m->debug_file = (const char *)cv + 16;
		snprintf(buf, sizeof(buf), "%08X%x", rd32(cv + 8),
			 rd32(cv + 12));
	} else if (m->cv_kind == MD_CV_ELF) {
		m->debug_file = m->code_file;
		memcpy(guid, cv + 4, m->cv_len - 4 < 16 ? m->cv_len - 4 : 16);
		guid_age_id(buf, sizeof(buf), guid, 0);
	} else {
		buf[0] = '\0';
	}
	if (buf[0] && !(m->debug_id = st_strndup(st, buf, strlen(buf))))
		return SYM_ENOMEM;
	if (!m->debug_file[0] && m->misc_data)
		return misc_debug_file(st, m);
	return SYM_OK;
}

static int module_version(struct md_state *st, struct md_module *m,
			  const uint8_t *vs)
{
	char buf[48];

	m->version = "";
	m->file_version_hi = rd32(vs + 8);
	m->file_version_lo = rd32(vs + 12);
	m->product_version_hi = rd32(vs + 16);
	m->product_version_lo = rd32(vs + 20);
	if (rd32(vs) != VS_SIGNATURE || !(rd32(vs + 4) & VS_VERSION))
		return SYM_OK;
	m->has_version = 1;
	snprintf(buf, sizeof(buf), "%u.%u.%u.%u", m->file_version_hi >> 16,
		 m->file_version_hi & 0xffff, m->file_version_lo >> 16,
		 m->file_version_lo & 0xffff);
	m->version = st_strndup(st, buf, strlen(buf));
	return m->version ? SYM_OK : SYM_ENOMEM;
}

/* Returns SYM_OK, SYM_ENOMEM, or SYM_EFORMAT when Breakpad would reject
 * the whole list because of this module. */
static int read_module(struct md_state *st, struct md_module *m,
		       const uint8_t *p, uint64_t off)
{
	char *name;
	int err;

	m->base = rd64(p);
	m->size = rd32(p + 8);
	m->checksum = rd32(p + 12);
	m->time_date_stamp = rd32(p + 16);
	if (!m->size || m->size - 1 > UINT64_MAX - m->base) {
		warn(st, off, "module list: module at 0x%llx has size 0x%llx",
		     (unsigned long long)m->base,
		     (unsigned long long)m->size);
		return SYM_EFORMAT;
	}
	err = read_string(st, rd32(p + 20), &name);
	if (err) {
		if (err != SYM_ENOMEM)
			warn(st, off + 20, "module list: unreadable module "
			     "name at rva 0x%x", rd32(p + 20));
		return err == SYM_ENOMEM ? err : SYM_EFORMAT;
	}
	m->code_file = name;
	m->has_debug_info = !cv_record(st, m, rd32(p + 76), rd32(p + 80)) &&
			    !misc_record(st, m, rd32(p + 84), rd32(p + 88));
	if (!m->has_debug_info)
		warn(st, off + 76, "module list: bad debug record for %s",
		     name);
	if ((err = module_version(st, m, p + 24)) ||
	    (err = module_code_id(st, m)))
		return err;
	return module_debug(st, m);
}

/* Breakpad's RangeMap::StoreRange (kExclusiveRanges / kTruncateLower). */
static size_t range_lower_bound(const struct range_map *rm, uint64_t key)
{
	size_t lo = 0, hi = rm->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rm->r[mid].high < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int range_insert(struct md_state *st, struct range_map *rm,
			size_t pos, const struct range *r)
{
	if (rm->n == rm->cap) {
		size_t cap = rm->cap ? rm->cap * 2 : 16;
		struct range *n = st_new(st, cap, sizeof(*n));

		if (!n)
			return SYM_ENOMEM;
		if (rm->n)
			memcpy(n, rm->r, rm->n * sizeof(*n));
		rm->r = n;	/* the old block stays tracked */
		rm->cap = cap;
	}
	memmove(rm->r + pos + 1, rm->r + pos, (rm->n - pos) * sizeof(*r));
	rm->r[pos] = *r;
	rm->n++;
	return SYM_OK;
}

/* Returns 1 stored, 0 refused, or -SYM_ENOMEM. */
static int range_store(struct md_state *st, struct range_map *rm,
		       uint64_t base, uint64_t size, size_t entry)
{
	struct range r;
	size_t ib, ih, o;
	uint64_t high;

	for (;;) {
		if (!size || size - 1 > UINT64_MAX - base)
			return 0;
		high = base + size - 1;
		ib = range_lower_bound(rm, base);
		ih = range_lower_bound(rm, high);
		if (ib != ih)
			o = ib;
		else if (ih < rm->n && rm->r[ih].base <= high)
			o = ih;
		else
			break;
		if (rm->truncate_upper && ib != ih) {
			/* kTruncateUpper: a range ending inside this one
			 * cuts off this one's lower part */
			size -= rm->r[o].high - base + 1;
			base = rm->r[o].high + 1;
			continue;
		}
		if (rm->truncate_upper) {
			/* ... and this one cuts off the lower part of a
			 * range reaching above it */
			if (rm->r[o].high <= high)
				return 0;
			rm->r[o].base = high + 1;
			continue;
		}
		if (!rm->truncate_lower || rm->r[o].base == base)
			return 0;
		if (base < rm->r[o].base) {
			size = rm->r[o].base - base;
			continue;
		}
		/* the lower range ends just before this one; its key
		 * stays in order (see RangeMap) */
		rm->r[o].high = base - 1;
	}
	r.high = high;
	r.base = base;
	r.entry = entry;
	return range_insert(st, rm, ih, &r) ? -SYM_ENOMEM : 1;
}

static const struct md_module *range_find(const struct md_state *st,
					  uint64_t addr)
{
	const struct range_map *rm = &st->modmap;
	size_t i = range_lower_bound(rm, addr);

	if (i == rm->n || addr < rm->r[i].base)
		return NULL;
	return &st->dump->modules[rm->r[i].entry];
}

static int same_module(const struct md_module *a, const struct md_module *b)
{
	return a->base == b->base && a->size == b->size &&
	       !strcmp(a->code_file, b->code_file) &&
	       !strcmp(a->code_id, b->code_id);
}

/* MinidumpModuleList::Read's second pass: may the list stand? */
/*
 * Order in which modules enter the range maps: the file's order, as
 * Breakpad, up to SORTED_ABOVE modules; beyond that (no real process has
 * so many, only hostile dumps) by base address, so that inserting stays
 * O(n log n) instead of quadratic.
 */
#define SORTED_ABOVE 4096

static int cmp_mod_order(const void *a, const void *b, void *ctx)
{
	const struct md_module *mods = ctx;
	const struct md_module *x = &mods[*(const size_t *)a];
	const struct md_module *y = &mods[*(const size_t *)b];

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static size_t *module_order(struct md_state *st, struct md_module *mods,
			    size_t n)
{
	size_t *o = st_new(st, n, sizeof(*o));
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++)
		o[i] = i;
	if (n > SORTED_ABOVE)
		qsort_r(o, n, sizeof(*o), cmp_mod_order, mods);
	return o;
}

static int check_module_ranges(struct md_state *st, struct md_module *mods,
			       size_t n, uint64_t off)
{
	struct range_map rm = { NULL, 0, 0, st->modmap.truncate_lower, 0 };
	int android = st->dump->has_system_info &&
		      st->dump->system_info.platform_id == OS_ANDROID;
	uint64_t last_end = 0, base, size;
	const struct md_module *e;
	size_t i, j, k, *order = module_order(st, mods, n);
	int r;

	if (!order)
		return SYM_ENOMEM;
	for (j = 0; j < n; j++) {
		i = order[j];
		base = mods[i].base;
		size = mods[i].size;
		k = range_lower_bound(&rm, base);
		if (k < rm.n && base >= rm.r[k].base) {
			e = &mods[rm.r[k].entry];
			if (same_module(e, &mods[i]))
				continue;
		}
		r = range_store(st, &rm, base, size, i);
		if (r < 0)
			return -r;
		if (!r && android &&
		    !strncmp(mods[i].code_file, "/dev/ashmem/", 12))
			r = 1;	/* Breakpad ignores these overlaps */
		if (!r && android && base < last_end) {
			/* undo Android's packed relocation correction */
			size -= last_end - base;
			base = last_end;
			r = range_store(st, &rm, base, size, i);
			if (r < 0)
				return -r;
		}
		if (!r) {
			warn(st, off, "module list: module %zu (%s) at "
			     "0x%llx overlaps another; list ignored as "
			     "breakpad does", i, mods[i].code_file,
			     (unsigned long long)mods[i].base);
			return SYM_EFORMAT;
		}
		last_end = base + size;
	}
	return SYM_OK;
}

/* BasicCodeModules: every module stored in file order; refusals
 * (duplicates) are left out. */
static int build_module_map(struct md_state *st)
{
	struct md_dump *dump = st->dump;
	size_t i, j, *order = module_order(st, dump->modules, dump->n_modules);
	int r;

	if (!order)
		return SYM_ENOMEM;
	for (j = 0; j < dump->n_modules; j++) {
		i = order[j];
		r = range_store(st, &st->modmap, dump->modules[i].base,
				dump->modules[i].size, i);
		if (r < 0)
			return -r;
	}
	dump->modules_by_addr = st_new(st, st->modmap.n,
				       sizeof(*dump->modules_by_addr));
	if (!dump->modules_by_addr)
		return SYM_ENOMEM;
	for (i = 0; i < st->modmap.n; i++)
		dump->modules_by_addr[i] =
			&dump->modules[st->modmap.r[i].entry];
	dump->n_modules_by_addr = st->modmap.n;
	return SYM_OK;
}

static int read_modules(struct md_state *st)
{
	struct stream s;
	struct md_module *mods;
	size_t n, first, i;
	int err, os;

	os = st->dump->has_system_info ? (int)st->dump->system_info.platform_id
				       : -1;
	st->modmap.truncate_lower = os == OS_LINUX || os == OS_ANDROID;
	if (get_stream(st, MD_STREAM_MODULE_LIST, 0, "module list", &s))
		return SYM_OK;
	if (s.size < 4) {
		warn(st, s.off, "module list: stream too short");
		return SYM_OK;
	}
	n = list_count(st, &s, rd32(s.p), 4, MODULE_SIZE, "module list",
		       &first);
	if (!(mods = st_new(st, n, sizeof(*mods))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		mods[i].index = (uint32_t)i;
		err = read_module(st, &mods[i], s.p + first + i * MODULE_SIZE,
				  s.off + first + i * MODULE_SIZE);
		if (err == SYM_ENOMEM)
			return err;
		if (err)
			return SYM_OK;
	}
	err = check_module_ranges(st, mods, n, s.off);
	if (err)
		return err == SYM_ENOMEM ? err : SYM_OK;
	st->dump->modules = mods;
	st->dump->n_modules = n;
	st->dump->has_module_list = 1;
	return build_module_map(st);
}

static int read_unloaded(struct md_state *st)
{
	struct md_dump *dump = st->dump;
	struct stream s;
	struct md_unloaded_module *u;
	uint32_t hsize, esize;
	uint64_t count, room;
	size_t i;
	const uint8_t *p;
	char *name;
	int err;

	if (get_stream(st, MD_STREAM_UNLOADED_MODULE_LIST, 0,
		       "unloaded module list", &s))
		return SYM_OK;
	if (s.size < 12 || (hsize = rd32(s.p)) < 12 || hsize > s.size ||
	    (esize = rd32(s.p + 4)) < UNLOADED_SIZE) {
		warn(st, s.off, "unloaded module list: bad header");
		return SYM_OK;
	}
	count = rd32(s.p + 8);
	room = (s.size - hsize) / esize;
	if (count > room) {
		warn(st, s.off, "unloaded module list: count %llu does not "
		     "fit in stream", (unsigned long long)count);
		count = room;
	}
	if (!(u = st_new(st, (size_t)count, sizeof(*u))))
		return SYM_ENOMEM;
	for (i = 0; i < count; i++) {
		p = s.p + hsize + i * esize;
		u[i].base = rd64(p);
		u[i].size = rd32(p + 8);
		u[i].checksum = rd32(p + 12);
		u[i].time_date_stamp = rd32(p + 16);
		err = read_string(st, rd32(p + 20), &name);
		if (err == SYM_ENOMEM)
			return err;
		if (err || !u[i].size ||
		    u[i].size - 1 > UINT64_MAX - u[i].base) {
			warn(st, s.off + hsize + i * esize, "unloaded module "
			     "list: bad module %zu; list ignored", i);
			return SYM_OK;
		}
		u[i].name = name;
	}
	dump->unloaded = u;
	dump->n_unloaded = (size_t)count;
	return SYM_OK;
}

/* ---------------------------------------------------------------------
 * Small fixed streams
 */

static int read_exception(struct md_state *st)
{
	struct md_exception *e = &st->dump->exception;
	struct stream s;
	unsigned i;

	if (get_stream(st, MD_STREAM_EXCEPTION, 0, "exception", &s))
		return SYM_OK;
	if (s.size < EXCEPTION_SIZE) {
		warn(st, s.off, "exception: stream of %u bytes is too short",
		     s.declared);
		return SYM_OK;
	}
	e->thread_id = rd32(s.p);
	e->code = rd32(s.p + 8);
	e->flags = rd32(s.p + 12);
	e->record = rd64(s.p + 16);
	e->address = rd64(s.p + 24);
	e->nparams = rd32(s.p + 32);
	for (i = 0; i < 15; i++)
		e->params[i] = rd64(s.p + 40 + 8 * i);
	e->has_context = !read_context(st, rd32(s.p + 164), rd32(s.p + 160),
				       &e->ctx);
	st->dump->has_exception = 1;
	return SYM_OK;
}

static int read_misc_info(struct md_state *st)
{
	struct md_misc_info *mi = &st->dump->misc_info;
	struct stream s;
	uint32_t n;

	if (get_stream(st, MD_STREAM_MISC_INFO, 0, "misc info", &s))
		return SYM_OK;
	n = s.declared;
	if ((n != 24 && n != 44 && n != 232 && n != 832 && n < 1364) ||
	    s.size < 24 || rd32(s.p) != n || s.size < (n < 44 ? 24 : 44)) {
		warn(st, s.off, "misc info: unexpected size %u", n);
		return SYM_OK;
	}
	mi->size_of_info = n;
	mi->flags1 = rd32(s.p + 4);
	mi->process_id = rd32(s.p + 8);
	mi->process_create_time = rd32(s.p + 12);
	mi->process_user_time = rd32(s.p + 16);
	mi->process_kernel_time = rd32(s.p + 20);
	if (n > 24) {
		mi->processor_max_mhz = rd32(s.p + 24);
		mi->processor_current_mhz = rd32(s.p + 28);
		mi->processor_mhz_limit = rd32(s.p + 32);
		mi->processor_max_idle_state = rd32(s.p + 36);
		mi->processor_current_idle_state = rd32(s.p + 40);
	}
	st->dump->has_misc_info = 1;
	return SYM_OK;
}

static int read_breakpad_info(struct md_state *st)
{
	struct md_breakpad_info *b = &st->dump->breakpad_info;
	struct stream s;

	if (get_stream(st, MD_STREAM_BREAKPAD_INFO, 0, "breakpad info", &s))
		return SYM_OK;
	if (s.declared != 12 || s.size < 12) {
		warn(st, s.off, "breakpad info: unexpected size %u",
		     s.declared);
		return SYM_OK;
	}
	b->validity = rd32(s.p);
	b->dump_thread_id = rd32(s.p + 4);
	b->requesting_thread_id = rd32(s.p + 8);
	st->dump->has_breakpad_info = 1;
	return SYM_OK;
}

static int read_assertion(struct md_state *st)
{
	struct md_assertion *a = &st->dump->assertion;
	struct stream s;
	int err;

	if (get_stream(st, MD_STREAM_ASSERTION_INFO, 0, "assertion", &s))
		return SYM_OK;
	if (s.declared != ASSERTION_SIZE || s.size < ASSERTION_SIZE) {
		warn(st, s.off, "assertion: unexpected size %u", s.declared);
		return SYM_OK;
	}
	if ((err = fixed_utf16(st, s.p, 128, &a->expression)) ||
	    (err = fixed_utf16(st, s.p + 256, 128, &a->function)) ||
	    (err = fixed_utf16(st, s.p + 512, 128, &a->file)))
		return err;
	a->line = rd32(s.p + 768);
	a->type = rd32(s.p + 772);
	st->dump->has_assertion = 1;
	return SYM_OK;
}

static int read_memory_info(struct md_state *st)
{
	struct stream s;
	struct md_memory_info *mi;
	uint64_t count, room;
	size_t i;
	const uint8_t *p;

	if (get_stream(st, MD_STREAM_MEMORY_INFO_LIST, 0, "memory info list",
		       &s))
		return SYM_OK;
	if (s.size < MEMINFO_HDR_SIZE || rd32(s.p) != MEMINFO_HDR_SIZE ||
	    rd32(s.p + 4) != MEMINFO_SIZE) {
		warn(st, s.off, "memory info list: bad header");
		return SYM_OK;
	}
	count = rd64(s.p + 8);
	room = (s.size - MEMINFO_HDR_SIZE) / MEMINFO_SIZE;
	if (count > room) {
		warn(st, s.off, "memory info list: count %llu does not fit "
		     "in stream", (unsigned long long)count);
		count = room;
	}
	if (!(mi = st_new(st, (size_t)count, sizeof(*mi))))
		return SYM_ENOMEM;
	for (i = 0; i < count; i++) {
		p = s.p + MEMINFO_HDR_SIZE + i * MEMINFO_SIZE;
		mi[i].base = rd64(p);
		mi[i].allocation_base = rd64(p + 8);
		mi[i].allocation_protection = rd32(p + 16);
		mi[i].region_size = rd64(p + 24);
		mi[i].state = rd32(p + 32);
		mi[i].protection = rd32(p + 36);
		mi[i].type = rd32(p + 40);
	}
	st->dump->memory_info = mi;
	st->dump->n_memory_info = (size_t)count;
	return SYM_OK;
}

/* ---------------------------------------------------------------------
 * Linux streams
 */

static void read_blob(struct md_state *st, uint32_t type, const char *what,
		      struct md_blob *b)
{
	struct stream s;

	if (get_stream(st, type, 1, what, &s))
		return;
	b->data = s.p;
	b->len = s.size;
}

static int parse_hex(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	int n = 0, c;

	*v = 0;
	while (s < end && n < 16) {
		c = *s;
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			break;
		*v = *v << 4 | (uint64_t)c;
		s++;
		n++;
	}
	*p = s;
	return n ? 0 : -1;
}

static const char *skip_field(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	while (p < end && *p != ' ')
		p++;
	return p;
}

/* "start-end perms offset dev inode   path" */
static int parse_map_line(struct md_state *st, const char *p,
			  const char *end, struct md_linux_map *m)
{
	if (parse_hex(&p, end, &m->start) || p == end || *p++ != '-' ||
	    parse_hex(&p, end, &m->end) || end - p < 6 || *p++ != ' ')
		return -1;
	memcpy(m->perms, p, 4);
	m->perms[4] = '\0';
	p += 4;
	if (*p++ != ' ' || parse_hex(&p, end, &m->offset))
		return -1;
	p = skip_field(p, end);		/* dev */
	p = skip_field(p, end);		/* inode */
	while (p < end && *p == ' ')
		p++;
	m->path = st_strndup(st, p, (size_t)(end - p));
	return m->path ? 0 : SYM_ENOMEM;
}

static int read_maps(struct md_state *st)
{
	const struct md_blob *b = &st->dump->linux_maps;
	const char *p, *end, *nl;
	size_t n = 0, i = 0;
	int r;

	if (!b->len)
		return SYM_OK;
	p = (const char *)b->data;
	end = p + b->len;
	for (nl = p; nl < end; nl++)
		n += *nl == '\n';
	st->dump->maps = st_new(st, n + 1, sizeof(*st->dump->maps));
	if (!st->dump->maps)
		return SYM_ENOMEM;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl > p) {
			r = parse_map_line(st, p, nl, &st->dump->maps[i]);
			if (r == SYM_ENOMEM)
				return r;
			if (r)
				warn(st, (uint64_t)(p - (const char *)st->buf),
				     "linux maps: unparsable line");
			else
				i++;
		}
		p = nl + 1;
	}
	st->dump->n_maps = i;
	return SYM_OK;
}

static int read_linux(struct md_state *st)
{
	struct md_dump *d = st->dump;

	read_blob(st, MD_STREAM_LINUX_CPU_INFO, "linux cpu info",
		  &d->linux_cpu_info);
	read_blob(st, MD_STREAM_LINUX_PROC_STATUS, "linux proc status",
		  &d->linux_proc_status);
	read_blob(st, MD_STREAM_LINUX_LSB_RELEASE, "linux lsb release",
		  &d->linux_lsb_release);
	read_blob(st, MD_STREAM_LINUX_CMD_LINE, "linux cmd line",
		  &d->linux_cmd_line);
	read_blob(st, MD_STREAM_LINUX_ENVIRON, "linux environ",
		  &d->linux_environ);
	read_blob(st, MD_STREAM_LINUX_AUXV, "linux auxv", &d->linux_auxv);
	read_blob(st, MD_STREAM_LINUX_MAPS, "linux maps", &d->linux_maps);
	read_blob(st, MD_STREAM_LINUX_DSO_DEBUG, "linux dso debug",
		  &d->linux_dso_debug);
	return read_maps(st);
}

/* ---------------------------------------------------------------------
 * Crashpad info
 */

/* A count-prefixed array at rva: entries of esize that fit the file. */
static const uint8_t *counted(struct md_state *st, uint32_t rva,
			      size_t esize, size_t *n)
{
	const uint8_t *p = at(st, rva, 4);
	uint64_t count, room;

	if (!p)
		return NULL;
	count = rd32(p);
	room = (st->len - rva - 4) / esize;
	if (count > room) {
		warn(st, rva, "crashpad info: count %llu does not fit in "
		     "file", (unsigned long long)count);
		return NULL;
	}
	*n = (size_t)count;
	return p + 4;
}

struct dict_ent {
	struct md_annotation a;
	size_t index;
};

static int cmp_dict_ent(const void *a, const void *b)
{
	const struct dict_ent *x = a, *y = b;
	int c = strcmp(x->a.key, y->a.key);

	/* equal keys keep dump order: the first one wins (std::map) */
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* A SimpleStringDictionary, sorted by key, first of equal keys kept. */
static int read_dict(struct md_state *st, uint32_t rva,
		     struct md_annotation **out, size_t *n_out)
{
	struct md_annotation *a;
	struct dict_ent *e;
	const uint8_t *p;
	size_t n, i, k;
	char *key, *val;
	int err;

	if (!(p = counted(st, rva, 8, &n)))
		return SYM_EFORMAT;
	if (!(a = st_new(st, n, sizeof(*a))) || !(e = st_new(st, n,
							     sizeof(*e))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((err = read_utf8(st, rd32(p + 8 * i), &key)) ||
		    (err = read_utf8(st, rd32(p + 8 * i + 4), &val)))
			return err == SYM_ENOMEM ? err : SYM_EFORMAT;
		e[i].a.key = key;
		e[i].a.value = val;
		e[i].index = i;
	}
	qsort(e, n, sizeof(*e), cmp_dict_ent);
	for (i = k = 0; i < n; i++)
		if (!k || strcmp(a[k - 1].key, e[i].a.key))
			a[k++] = e[i].a;
	*out = a;
	*n_out = k;
	return SYM_OK;
}

static int read_string_list(struct md_state *st, uint32_t rva,
			    struct md_crashpad_module *m)
{
	const uint8_t *p;
	const char **l;
	size_t n, i;
	char *s;
	int err;

	if (!(p = counted(st, rva, 4, &n)))
		return SYM_EFORMAT;
	if (!(l = st_new(st, n, sizeof(*l))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((err = read_utf8(st, rd32(p + 4 * i), &s)))
			return err == SYM_ENOMEM ? err : SYM_EFORMAT;
		l[i] = s;
	}
	m->list_annotations = l;
	m->n_list = n;
	return SYM_OK;
}

static int read_objects(struct md_state *st, uint32_t rva,
			struct md_crashpad_module *m)
{
	struct md_annotation_object *o;
	const uint8_t *p, *v;
	size_t n, i;
	char *name;
	uint32_t vrva;
	int err;

	if (!(p = counted(st, rva, 12, &n)))
		return SYM_EFORMAT;
	if (!(o = st_new(st, n, sizeof(*o))))
		return SYM_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((err = read_utf8(st, rd32(p + 12 * i), &name)))
			return err == SYM_ENOMEM ? err : SYM_EFORMAT;
		o[i].name = name;
		o[i].type = rd16(p + 12 * i + 4);
		vrva = rd32(p + 12 * i + 8);
		if (!(v = at(st, vrva, 4)) ||
		    !(o[i].value = at(st, (uint64_t)vrva + 4, rd32(v))))
			return SYM_EFORMAT;
		o[i].len = rd32(v);
	}
	m->objects = o;
	m->n_objects = n;
	return SYM_OK;
}

static int read_crashpad_module(struct md_state *st, const uint8_t *link,
				struct md_crashpad_module *m)
{
	const uint8_t *p = at(st, rd32(link + 8), 28);
	int err = SYM_OK;

	m->module_index = rd32(link);
	if (!p)
		return SYM_EFORMAT;
	m->version = rd32(p);
	if (rd32(p + 4))
		err = read_string_list(st, rd32(p + 8), m);
	if (!err && rd32(p + 12))
		err = read_dict(st, rd32(p + 16), &m->simple, &m->n_simple);
	if (!err && rd32(p + 20))
		err = read_objects(st, rd32(p + 24), m);
	return err;
}

static int read_crashpad_body(struct md_state *st, const uint8_t *p,
			      struct md_crashpad_info *ci)
{
	const uint8_t *links;
	size_t n, i;
	int err;

	if (rd32(p + 36) &&
	    (err = read_dict(st, rd32(p + 40), &ci->simple, &ci->n_simple)))
		return err;
	if (!rd32(p + 44))
		return SYM_OK;
	if (!(links = counted(st, rd32(p + 48), 12, &n)))
		return SYM_EFORMAT;
	if (!(ci->modules = st_new(st, n, sizeof(*ci->modules))))
		return SYM_ENOMEM;
	ci->n_modules = n;
	for (i = 0; i < n; i++)
		if ((err = read_crashpad_module(st, links + 12 * i,
						&ci->modules[i])))
			return err;
	return SYM_OK;
}

static int read_crashpad(struct md_state *st)
{
	struct md_crashpad_info *ci = &st->dump->crashpad_info;
	struct stream s;
	int err;

	if (get_stream(st, MD_STREAM_CRASHPAD_INFO, 0, "crashpad info", &s))
		return SYM_OK;
	if (s.size < 52) {
		warn(st, s.off, "crashpad info: stream too short");
		return SYM_OK;
	}
	ci->version = rd32(s.p);
	memcpy(ci->report_id, s.p + 4, 16);
	memcpy(ci->client_id, s.p + 20, 16);
	if (s.size >= 64)
		ci->address_mask = rd64(s.p + 56);
	err = read_crashpad_body(st, s.p, ci);
	if (err == SYM_ENOMEM)
		return err;
	if (err) {
		warn(st, s.off, "crashpad info: unreadable annotations; "
		     "stream ignored");
		memset(ci, 0, sizeof(*ci));
		return SYM_OK;
	}
	st->dump->has_crashpad_info = 1;
	return SYM_OK;
}

/* ---------------------------------------------------------------------
 * Public API
 */

static int parse(struct md_state *st)
{
	int err;

	if ((err = read_directory(st)))
		return err;
	check_duplicates(st);
	if ((err = read_system_info(st)) || (err = read_misc_info(st)) ||
	    (err = read_breakpad_info(st)) || (err = read_memory(st)) ||
	    (err = read_exception(st)) || (err = read_threads(st)) ||
	    (err = read_thread_names(st)) || (err = read_modules(st)) ||
	    (err = read_unloaded(st)) || (err = read_memory_info(st)) ||
	    (err = read_assertion(st)) || (err = read_linux(st)) ||
	    (err = read_crashpad(st)))
		return err;
	return SYM_OK;
}

int md_open(const uint8_t *buf, size_t len, struct md_dump **out,
	    struct sym_diag *d)
{
	struct md_dump *dump;
	struct md_state *st;
	int err;

	*out = NULL;
	if (!(dump = sym_calloc(1, sizeof(*dump))))
		return SYM_ENOMEM;
	if (!(st = sym_calloc(1, sizeof(*st)))) {
		sym_free(dump);
		return SYM_ENOMEM;
	}
	st->buf = buf ? buf : (const uint8_t *)"";
	st->len = buf ? len : 0;
	st->d = d;
	st->dump = dump;
	dump->priv_ = st;
	err = parse(st);
	if (err) {
		if (err == SYM_ENOMEM)
			sym_diag_error(d, err, 0, 0, "out of memory");
		md_close(dump);
		return err;
	}
	*out = dump;
	return SYM_OK;
}

void md_close(struct md_dump *dump)
{
	struct md_state *st;
	size_t i;

	if (!dump)
		return;
	st = dump->priv_;
	if (st) {
		for (i = 0; i < st->n_allocs; i++)
			sym_free(st->allocs[i]);
		sym_free(st->allocs);
		sym_free(st);
	}
	sym_free(dump);
}

int md_memory_read(const struct md_memory *m, uint64_t addr, void *buf,
		   size_t len)
{
	if (!m->data || addr < m->start || addr - m->start > m->size ||
	    len > m->size - (addr - m->start))
		return -1;
	memcpy(buf, m->data + (addr - m->start), len);
	return 0;
}

/* Last region starting at or below addr. */
static const struct md_memory *region_below(const struct md_dump *dump,
					    uint64_t addr)
{
	size_t lo = 0, hi = dump->n_memory, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (dump->memory[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &dump->memory[lo - 1] : NULL;
}

int md_read(const struct md_dump *dump, uint64_t addr, void *buf,
	    size_t len)
{
	uint8_t *out = buf;
	const struct md_memory *m;
	uint64_t n;
	int k;

	while (len) {
		m = region_below(dump, addr);
		/* overlapping regions: a lower one may cover addr; look a
		 * bounded way back so hostile lists stay cheap */
		for (k = 0; m && k < 64 && addr - m->start >= m->size; k++)
			m = m > dump->memory ? m - 1 : NULL;
		if (!m || addr - m->start >= m->size)
			return -1;
		n = m->size - (addr - m->start);
		if (n > len)
			n = len;
		memcpy(out, m->data + (addr - m->start), (size_t)n);
		out += n;
		len -= (size_t)n;
		if (len && addr + n < addr)
			return -1;
		addr += n;
	}
	return 0;
}

const struct md_module *md_module_at(const struct md_dump *dump,
				     uint64_t addr)
{
	if (!dump || !dump->has_module_list)
		return NULL;
	return range_find(dump->priv_, addr);
}

const struct md_module *md_main_module(const struct md_dump *dump)
{
	/* a microdump names no main module: Breakpad's is the one at 0 */
	if (dump && dump->microdump)
		return md_module_at(dump, 0);
	if (!dump || !dump->n_modules)
		return NULL;
	return md_module_at(dump, dump->modules[0].base);
}

/* ---------------------------------------------------------------------
 * For the other readers of lib/minidump (md_int.h)
 */

struct md_dump *md_int_new(struct sym_diag *d)
{
	struct md_dump *dump;
	struct md_state *st;

	if (!(dump = sym_calloc(1, sizeof(*dump))))
		return NULL;
	if (!(st = sym_calloc(1, sizeof(*st)))) {
		sym_free(dump);
		return NULL;
	}
	st->buf = (const uint8_t *)"";
	st->d = d;
	st->dump = dump;
	dump->priv_ = st;
	return dump;
}

void *md_int_alloc(struct md_dump *dump, size_t n, size_t size)
{
	return st_new(dump->priv_, n, size);
}

int md_int_set_modules(struct md_dump *dump, const struct md_module *mods,
		       size_t n, size_t upper_from)
{
	struct md_state *st = dump->priv_;
	struct range_map first = { NULL, 0, 0, 0, 0 };
	struct md_module *kept;
	size_t i;
	int r;

	/* the reader's own map, modules in file order; refusals go */
	for (i = 0; i < n; i++) {
		first.truncate_upper = i >= upper_from;
		r = range_store(st, &first, mods[i].base, mods[i].size, i);
		if (r < 0)
			return -r;
	}
	if (!(kept = st_new(st, first.n, sizeof(*kept))))
		return SYM_ENOMEM;
	for (i = 0; i < first.n; i++) {
		kept[i] = mods[first.r[i].entry];
		kept[i].index = (uint32_t)i;
	}
	dump->modules = kept;
	dump->n_modules = first.n;
	dump->has_module_list = 1;
	/* the processor's copy (BasicCodeModules), in address order */
	memset(&st->modmap, 0, sizeof(st->modmap));
	st->modmap.truncate_upper = upper_from != (size_t)-1;
	return build_module_map(st);
}

/* SPDX-License-Identifier: MIT */
/*
 * mdwriter.c - a minimal Linux x86-64 minidump writer for symkit's test
 * crashes (not part of the library).  mdw_install(path) installs signal
 * handlers; on SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT the handler
 * writes a minidump of the crashing thread: system info, exception
 * (signal, si_code, fault address, context), one thread with its context
 * and stack memory (from the red zone below rsp to the end of its
 * mapping), and the module list from dl_iterate_phdr with each module's
 * GNU build id as a 'BpEL' CodeView record, as Breakpad's writer does.
 * Then the process exits with 128 + the signal number.
 */
#define _GNU_SOURCE 1
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "tests/crash/mdwriter.h"

#define BUF_MAX (8u << 20)
#define STACK_MAX (256u << 10)
#define MODS_MAX 64

static char out_path[4096];
static uint8_t *buf;
static uint32_t used;

struct mod {
	uint64_t base, size;
	char name[512];
	uint8_t id[64];
	uint32_t id_len;
};

static struct mod mods[MODS_MAX];
static unsigned n_mods;

/* Append n bytes (NULL: zeros) 4-aligned; returns their offset. */
static uint32_t put(const void *p, uint32_t n)
{
	uint32_t at = (used + 3) & ~3u;

	if (at + n > BUF_MAX)
		_exit(99);
	if (p)
		memcpy(buf + at, p, n);
	else
		memset(buf + at, 0, n);
	used = at + n;
	return at;
}

static void w32(uint32_t at, uint32_t v)
{
	memcpy(buf + at, &v, 4);
}

static void w16(uint32_t at, uint16_t v)
{
	memcpy(buf + at, &v, 2);
}

static void w64(uint32_t at, uint64_t v)
{
	memcpy(buf + at, &v, 8);
}

/* An MDString (UTF-16LE, ASCII input); returns its offset. */
static uint32_t put_string(const char *s)
{
	uint32_t n = (uint32_t)strlen(s), at = put(NULL, 4 + 2 * n + 2), i;

	w32(at, 2 * n);
	for (i = 0; i < n; i++)
		w16(at + 4 + 2 * i, (uint16_t)(unsigned char)s[i]);
	return at;
}

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct mod *m;
	uint64_t lo = UINT64_MAX, hi = 0;
	int i;

	(void)size;
	(void)data;
	if (n_mods == MODS_MAX)
		return 1;
	m = &mods[n_mods];
	memset(m, 0, sizeof(*m));
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD) {
			if (ph->p_vaddr < lo)
				lo = ph->p_vaddr;
			if (ph->p_vaddr + ph->p_memsz > hi)
				hi = ph->p_vaddr + ph->p_memsz;
		}
		if (ph->p_type == PT_NOTE) {
			const uint8_t *p = (const uint8_t *)(info->dlpi_addr +
							     ph->p_vaddr);
			const uint8_t *end = p + ph->p_memsz;

			while (p + 12 <= end) {
				uint32_t nsz, dsz, type;

				memcpy(&nsz, p, 4);
				memcpy(&dsz, p + 4, 4);
				memcpy(&type, p + 8, 4);
				p += 12;
				if (type == NT_GNU_BUILD_ID && nsz == 4 &&
				    !memcmp(p, "GNU", 4) && dsz <= 64) {
					memcpy(m->id, p + 4, dsz);
					m->id_len = dsz;
				}
				p += ((nsz + 3) & ~3u) + ((dsz + 3) & ~3u);
			}
		}
	}
	if (lo == UINT64_MAX)
		return 0;
	lo &= ~(uint64_t)0xfff;
	m->base = info->dlpi_addr + lo;
	m->size = ((hi + 0xfff) & ~(uint64_t)0xfff) - lo;
	if (info->dlpi_name && info->dlpi_name[0]) {
		snprintf(m->name, sizeof(m->name), "%s", info->dlpi_name);
	} else if (!n_mods) {
		ssize_t k = readlink("/proc/self/exe", m->name,
				     sizeof(m->name) - 1);

		m->name[k > 0 ? k : 0] = '\0';
	} else {
		snprintf(m->name, sizeof(m->name), "linux-gate.so");
	}
	n_mods++;
	return 0;
}

/* The end of the mapping holding addr, from /proc/self/maps. */
static uint64_t mapping_end(uint64_t addr)
{
	static char maps[1 << 16];
	int fd = open("/proc/self/maps", O_RDONLY);
	ssize_t n, k = 0;
	char *s, *nl;

	if (fd < 0)
		return addr;
	while (k < (ssize_t)sizeof(maps) - 1 &&
	       (n = read(fd, maps + k, sizeof(maps) - 1 - (size_t)k)) > 0)
		k += n;
	close(fd);
	maps[k] = '\0';
	for (s = maps; *s; s = nl + 1) {
		uint64_t lo = strtoull(s, &s, 16), hi;

		hi = strtoull(s + 1, NULL, 16);
		if (addr >= lo && addr < hi)
			return hi;
		if (!(nl = strchr(s, '\n')))
			break;
	}
	return addr;
}

static uint32_t put_context(const ucontext_t *uc)
{
	const greg_t *g = uc->uc_mcontext.gregs;
	uint32_t at = put(NULL, 1232);

	w32(at + 48, 0x0010000bu);	/* AMD64 | CONTROL|INTEGER|FLOAT */
	w16(at + 56, (uint16_t)(g[REG_CSGSFS] & 0xffff));
	w32(at + 68, (uint32_t)g[REG_EFL]);
	w64(at + 120, (uint64_t)g[REG_RAX]);
	w64(at + 128, (uint64_t)g[REG_RCX]);
	w64(at + 136, (uint64_t)g[REG_RDX]);
	w64(at + 144, (uint64_t)g[REG_RBX]);
	w64(at + 152, (uint64_t)g[REG_RSP]);
	w64(at + 160, (uint64_t)g[REG_RBP]);
	w64(at + 168, (uint64_t)g[REG_RSI]);
	w64(at + 176, (uint64_t)g[REG_RDI]);
	w64(at + 184, (uint64_t)g[REG_R8]);
	w64(at + 192, (uint64_t)g[REG_R9]);
	w64(at + 200, (uint64_t)g[REG_R10]);
	w64(at + 208, (uint64_t)g[REG_R11]);
	w64(at + 216, (uint64_t)g[REG_R12]);
	w64(at + 224, (uint64_t)g[REG_R13]);
	w64(at + 232, (uint64_t)g[REG_R14]);
	w64(at + 240, (uint64_t)g[REG_R15]);
	w64(at + 248, (uint64_t)g[REG_RIP]);
	return at;
}

static void write_dump(int sig, const siginfo_t *si, const ucontext_t *uc)
{
	uint32_t hdr, dir, ctx, th, ex, sys, ml, stack_at, i, tid;
	uint64_t sp = (uint64_t)uc->uc_mcontext.gregs[REG_RSP] - 128, end;
	uint32_t stack_len;
	int fd;

	tid = (uint32_t)syscall(SYS_gettid);
	hdr = put(NULL, 32);
	dir = put(NULL, 4 * 12);
	w32(hdr, 0x504d444d);		/* MDMP */
	w32(hdr + 4, 0xa793);
	w32(hdr + 8, 4);
	w32(hdr + 12, dir);
	w32(hdr + 20, (uint32_t)time(NULL));

	ctx = put_context(uc);
	end = mapping_end(sp + 128);
	stack_len = end > sp ? (uint32_t)(end - sp) : 0;
	if (stack_len > STACK_MAX)
		stack_len = STACK_MAX;
	stack_at = put((const void *)(uintptr_t)sp, stack_len);

	th = put(NULL, 4 + 48);
	w32(th, 1);
	w32(th + 4, tid);
	w64(th + 4 + 24, sp);
	w32(th + 4 + 32, stack_len);
	w32(th + 4 + 36, stack_at);
	w32(th + 4 + 40, 1232);
	w32(th + 4 + 44, ctx);

	ex = put(NULL, 168);
	w32(ex, tid);
	w32(ex + 8, (uint32_t)sig);
	w32(ex + 12, (uint32_t)si->si_code);
	w64(ex + 24, (uint64_t)(uintptr_t)si->si_addr);
	w32(ex + 160, 1232);
	w32(ex + 164, ctx);

	sys = put(NULL, 56);
	w16(sys, 9);			/* AMD64 */
	buf[sys + 6] = (uint8_t)sysconf(_SC_NPROCESSORS_ONLN);
	w32(sys + 20, 0x8201);		/* Linux */
	w32(sys + 24, put_string("symkit test crash"));

	n_mods = 0;
	dl_iterate_phdr(phdr_cb, NULL);
	ml = put(NULL, 4 + 108 * n_mods);
	w32(ml, n_mods);
	for (i = 0; i < n_mods; i++) {
		uint32_t m = ml + 4 + 108 * i, name, cv;

		name = put_string(mods[i].name);
		cv = put(NULL, 4 + mods[i].id_len);
		w32(cv, 0x4270454c);	/* BpEL */
		memcpy(buf + cv + 4, mods[i].id, mods[i].id_len);
		w64(m, mods[i].base);
		w32(m + 8, (uint32_t)mods[i].size);
		w32(m + 20, name);
		w32(m + 24, 0xfeef04bd);	/* VS_FIXEDFILEINFO signature */
		w32(m + 76, 4 + mods[i].id_len);
		w32(m + 80, cv);
	}

	w32(dir, 3);			/* thread list */
	w32(dir + 4, 4 + 48);
	w32(dir + 8, th);
	w32(dir + 12, 4);		/* module list */
	w32(dir + 16, 4 + 108 * n_mods);
	w32(dir + 20, ml);
	w32(dir + 24, 6);		/* exception */
	w32(dir + 28, 168);
	w32(dir + 32, ex);
	w32(dir + 36, 7);		/* system info */
	w32(dir + 40, 56);
	w32(dir + 44, sys);

	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		if (write(fd, buf, used) != (ssize_t)used)
			_exit(98);
		close(fd);
	}
}

static void handler(int sig, siginfo_t *si, void *uc)
{
	write_dump(sig, si, uc);
	_exit(128 + sig);
}

void mdw_install(const char *path)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
				    SIGABRT };
	struct sigaction sa;
	size_t i;

	snprintf(out_path, sizeof(out_path), "%s", path);
	buf = malloc(BUF_MAX);
	if (!buf)
		abort();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

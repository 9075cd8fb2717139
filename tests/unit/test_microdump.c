/* SPDX-License-Identifier: MIT */
/*
 * test_microdump.c - the microdump reader on small hand-written texts:
 * records anywhere in a line, CRLF, the O/G/R/S/M words, Breakpad's
 * stream parsing of bad numbers, Android's shrinking of overlapping
 * modules against Linux's refusal, and the errors.  Real microdumps are
 * compared with microdump_stackwalk's output by the golden tests.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "lib/core/alloc.h"
#include "lib/minidump/microdump.h"

#define L "W/google-breakpad( 1): "

static char text[8192];

/* A text with an arm context (sp 0x1000, pc 0x20004) between head and
 * tail. */
static size_t build(const char *head, const char *tail)
{
	size_t n = 0;
	unsigned i;

	n += (size_t)snprintf(text + n, sizeof(text) - n, "%s" L "C ", head);
	for (i = 0; i < 368; i++) {
		unsigned v = 0;

		if (i == 4 + 4 * 13 + 1)	/* sp = 0x1000 */
			v = 0x10;
		if (i == 4 + 4 * 15)		/* pc = 0x20004 */
			v = 0x04;
		if (i == 4 + 4 * 15 + 2)
			v = 0x02;
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%02X", v);
	}
	n += (size_t)snprintf(text + n, sizeof(text) - n, "\r\n%s", tail);
	return n;
}

static const char *mod_at(const struct md_dump *d, uint64_t a)
{
	const struct md_module *m = md_module_at(d, a);

	return m ? m->code_file : "";
}

static void test_android(void)
{
	struct md_dump *d = NULL;
	size_t n = build("junk line\n" L "-----BEGIN BREAKPAD MICRODUMP-----\n"
		L "O A arm 0a armv7l Version  words\n"
		"no key here: M 0 0 1000 00 ignored.so\n"
		L "G v1||r3\n" L "R 11 SIGSEGV 0xZZ\n" L "R 6\n"
		L "S 0 1000 1000 4\n" L "S 1000 0102+3G\n",
		L "M 20000 0 1000 ID0 /system/main.so\n"
		L "M 20800 0 1000 ID1 over.so\n"
		L "M 10000 0 40000 ID2 big.so\n"
		L "-----END BREAKPAD MICRODUMP-----\n"
		L "M 90000 0 1000 ID3 after.so\n");

	CHECK(md_is_microdump((const uint8_t *)text, n));
	CHECK(md_microdump_open((const uint8_t *)text, n, &d, NULL) == 0);
	if (!d)
		return;
	CHECK(!strcmp(d->microdump->os, "Android"));
	CHECK(!strcmp(d->microdump->os_version, "Version  words"));
	CHECK(!strcmp(d->microdump->cpu, "arm"));
	CHECK(d->microdump->cpu_count == 10);
	CHECK(!strcmp(d->microdump->gl_version, "v1"));
	CHECK(!strcmp(d->microdump->gl_vendor, ""));
	CHECK(!strcmp(d->microdump->gl_renderer, "r3"));
	/* "R 6" has no reason: the last one stays; 0xZZ reads as 0 */
	CHECK(!strcmp(d->microdump->crash_reason, "SIGSEGV"));
	CHECK(d->microdump->crash_address == 0);
	CHECK(d->n_threads == 1 && d->threads[0].has_context);
	CHECK(d->threads[0].ctx.cpu == SYM_CPU_ARM);
	CHECK(d->threads[0].ctx.regs[SYM_ARM_SP] == 0x1000);
	CHECK(d->threads[0].ctx.regs[SYM_ARM_PC] == 0x20004);
	/* "0102+3G": 01 02, "+3" is 3, "G" is no digit: 0 */
	CHECK(d->threads[0].stack.start == 0x1000);
	CHECK(d->threads[0].stack.size == 4 &&
	      !memcmp(d->threads[0].stack.data, "\1\2\3\0", 4));
	/* Android shrinks overlaps from below: over.so starts where
	 * main.so ends, big.so keeps only what is above both */
	CHECK(d->n_modules == 3);
	CHECK(!strcmp(mod_at(d, 0x20900), "/system/main.so"));
	CHECK(!strcmp(mod_at(d, 0x21100), "over.so"));
	CHECK(!strcmp(mod_at(d, 0x30000), "big.so"));
	CHECK(!strcmp(mod_at(d, 0x10000), ""));
	CHECK(!strcmp(mod_at(d, 0x90000), ""));	/* after END */
	CHECK(!md_main_module(d));
	CHECK(!strcmp(d->modules[0].debug_id, "ID0"));
	md_close(d);
}

static void test_linux(void)
{
	struct md_dump *d = NULL;
	size_t n = build(L "-----BEGIN BREAKPAD MICRODUMP-----\n"
			 L "O L arm 01 armv7l\n",
			 L "M 20000 0 1000 ID0 a.so\n"
			 L "M 20800 0 1000 ID1 b.so\n"
			 L "M 0 0 100 ID2 zero.so\n");

	CHECK(md_microdump_open((const uint8_t *)text, n, &d, NULL) == 0);
	if (!d)
		return;
	CHECK(!strcmp(d->microdump->os, "Linux"));
	CHECK(!strcmp(d->microdump->os_version, ""));
	CHECK(!strcmp(d->microdump->gl_version, ""));
	/* overlaps are refused; a module at 0 is the main one */
	CHECK(d->n_modules == 2);
	CHECK(!strcmp(mod_at(d, 0x20900), "a.so"));
	CHECK(md_main_module(d) && !strcmp(md_main_module(d)->code_file,
					   "zero.so"));
	md_close(d);
}

/* The marker is found anywhere, up to the last byte; a 64 MB binary file
 * without it is rejected at memmem() speed, not byte by byte. */
static void test_big(void)
{
	static const char k[] = "-----BEGIN BREAKPAD MICRODUMP-----";
	size_t big = (size_t)64 << 20;
	uint8_t *z = calloc(1, big);

	CHECK(z != NULL);
	if (!z)
		return;
	CHECK(!md_is_microdump(z, big));
	memcpy(z + big - strlen(k), k, strlen(k));
	CHECK(md_is_microdump(z, big));
	CHECK(!md_is_microdump(z, big - 1));
	free(z);
}

static void test_errors(void)
{
	static const char none[] = L "-----BEGIN BREAKPAD MICRODUMP-----\n"
		L "O A arm64 02 aarch64 v\n" L "C 00\n";
	static const char mips[] = L "-----BEGIN BREAKPAD MICRODUMP-----\n"
		L "O A mips 02 mips v\n" L "C 00\n";
	struct md_dump *d = NULL;
	unsigned long i;
	size_t n;
	int r;

	CHECK(!md_is_microdump((const uint8_t *)"MDMP" L
			       "-----BEGIN BREAKPAD MICRODUMP-----", 60));
	CHECK(md_microdump_open((const uint8_t *)none, strlen(none), &d,
				NULL) == SYM_EFORMAT && !d);
	/* a mips context of the wrong size is skipped, as any */
	CHECK(md_microdump_open((const uint8_t *)mips, strlen(mips), &d,
				NULL) == SYM_EFORMAT && !d);
	CHECK(md_microdump_open(NULL, 0, &d, NULL) == SYM_EFORMAT);
	CHECK(!md_is_microdump(NULL, 0));
	/* every allocation failure is an error, never a crash or a leak */
	n = build(L "-----BEGIN BREAKPAD MICRODUMP-----\n" L "O A arm 1 a\n",
		  L "M 20000 0 1000 ID0 a.so\n");
	for (i = 1; i < 200; i++) {
		sym_alloc_fail_at(i);
		r = md_microdump_open((const uint8_t *)text, n, &d, NULL);
		sym_alloc_fail_at(0);
		CHECK(r == SYM_OK || r == SYM_ENOMEM);
		md_close(d);
		d = NULL;
		if (r == SYM_OK)
			break;
	}
	CHECK(r == SYM_OK);
}

int main(void)
{
	test_android();
	test_linux();
	test_errors();
	test_big();
	return unit_done("microdump");
}

/* SPDX-License-Identifier: MIT */
/*
 * microdump.h - Breakpad's microdump, the text crash dump its Android
 * client writes to logcat, read into the same struct md_dump as a
 * minidump: one crashed thread (its context and stack bytes), the
 * module list, and the system and crash words in dump->microdump.
 *
 * Reading follows Breakpad's Microdump class: only lines containing
 * "google-breakpad" count, from the BEGIN marker to the END marker; the
 * O (os, cpu), S (stack), C (context), R (crash reason), G (gpu) and M
 * (module) records are recognised anywhere in a line, every other line
 * is ignored, and malformed values read as Breakpad's stream parsing
 * reads them (a bad hex number is 0, a context of the wrong size is
 * skipped).
 */
#ifndef SYMKIT_MICRODUMP_H
#define SYMKIT_MICRODUMP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/minidump/minidump.h"

/* 1 when buf looks like a microdump (a BEGIN marker, no MDMP header). */
int md_is_microdump(const uint8_t *buf, size_t len);

/*
 * Read the microdump in buf[0, len) into *out (free with md_close(); it
 * does not point into buf).  Errors: SYM_EFORMAT when there is no
 * context Breakpad could walk from (no C record of the right size, or
 * none after an O record naming a cpu it knows: arm, arm64, x86, mips,
 * mips64), SYM_ENOMEM.
 */
int md_microdump_open(const uint8_t *buf, size_t len, struct md_dump **out,
		      struct sym_diag *d);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * report_int.h - helpers shared by the report writers (not public).
 */
#ifndef SYMKIT_REPORT_INT_H
#define SYMKIT_REPORT_INT_H

#include <stdio.h>

#include "lib/core/path.h"
#include "lib/minidump/minidump.h"
#include "lib/process/process.h"

/* The report writers' old name for sym_path_basename() (lib/core). */
#define sym_report_basename(path) sym_path_basename(path)

/* The module of a frame, or NULL. */
const struct md_module *sym_report_frame_module(const struct sym_process *p,
						const struct sym_frame *f);

/* The modules Breakpad lists, in its order (by base address; a
 * microdump's in its range map's order), *n of them; *out is freed with
 * sym_free() (NULL when there are none).  SYM_OK or SYM_ENOMEM. */
int sym_report_sorted_modules(const struct md_dump *d,
			      const struct md_module ***out, size_t *n);

/* Symbol state of a module as Breakpad's module list shows it. */
enum sym_module_syms sym_report_module_syms(const struct sym_process *p,
					    const struct md_module *m);

/* Breakpad's PrintStackContents for frame i of t and its caller (-s);
 * prints nothing for the last frame or when either stack pointer is
 * unknown.  SYM_OK or SYM_ENOMEM. */
int sym_report_stack_contents(FILE *out, const struct sym_process *p,
			      const struct sym_thread *t, size_t i);

/* Breakpad's MDGUIDToString of 16 raw GUID bytes ("%08x-%04x-..."). */
int sym_report_guid(char *buf, size_t n, const uint8_t g[16]);

#endif

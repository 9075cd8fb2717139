/* SPDX-License-Identifier: MIT */
/*
 * report.h - writers for a processed dump: Breakpad's human text and
 * machine ("-m") formats, byte for byte, and rust-minidump's JSON.
 * They write to a stream the caller gives; they never open files.
 */
#ifndef SYMKIT_REPORT_H
#define SYMKIT_REPORT_H

#include <stdio.h>

#include "lib/process/process.h"

enum sym_report_flags {
	SYM_REPORT_ONLY_CRASHED = 1 << 0,	/* -c */
	SYM_REPORT_BRIEF = 1 << 1,		/* -b: no module list... */
	SYM_REPORT_STACK_CONTENTS = 1 << 2,	/* -s */
	SYM_REPORT_PRETTY = 1 << 3,		/* JSON indentation */
	SYM_REPORT_CRASHPAD = 1 << 4,		/* human: Crashpad info
						 * after the module list */
};

/* Each returns SYM_OK or SYM_EIO when writing fails. */
int sym_report_human(FILE *out, const struct sym_process *p, unsigned flags);
int sym_report_machine(FILE *out, const struct sym_process *p,
		       unsigned flags);
int sym_report_json(FILE *out, const struct sym_process *p, unsigned flags);
/* The Crashpad info stream as Breakpad's MinidumpCrashpadInfo::Print
 * lays it out (a blank line first); nothing without the stream. */
int sym_report_crashpad(FILE *out, const struct sym_process *p);

#endif

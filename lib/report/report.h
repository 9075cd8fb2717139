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
#include "lib/sig/sig.h"

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

/*
 * The crash signature of p (lib/sig's native rules over the crashing or
 * dump-requesting thread; "EMPTY: no crashing thread identified" when
 * there is none).  rules NULL: the built-in lists; max_frames 0: the
 * default.  out is released with sig_result_release().  SYM_OK or
 * SYM_ENOMEM.
 */
int sym_report_signature(const struct sym_process *p,
			 const struct sig_rules *rules, unsigned max_frames,
			 struct sig_result *out);

/*
 * sym_report_json() with the signature given (sig NULL: computed with
 * the built-in rules).  The document gains "signature", "fingerprint"
 * (16 hex digits) and "timestamp" (the dump header's time, seconds since
 * 1970, null when 0).
 */
int sym_report_json_sig(FILE *out, const struct sym_process *p,
			unsigned flags, const struct sig_result *sig);

#endif

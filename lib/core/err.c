/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "lib/core/err.h"

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "symkit reads little-endian files with memcpy: build on a little-endian host"
#endif

static const char *const messages[] = {
#define X(code, msg) msg,
	SYM_ERRORS(X)
#undef X
};

const char *sym_strerror(int err)
{
	if (err < 0)
		err = -err;
	if ((size_t)err >= sizeof(messages) / sizeof(messages[0]))
		return "unknown error";
	return messages[err];
}

void sym_diag_init(struct sym_diag *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = file;
}

int sym_diag_error(struct sym_diag *d, int err, unsigned flags,
		   uint64_t where, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->err)
		return err;
	d->err = err;
	d->flags = flags;
	if (flags & SYM_DIAG_LINE)
		d->line = (unsigned long)where;
	else
		d->offset = where;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}

void sym_diag_warn(struct sym_diag *d, unsigned flags, uint64_t where,
		   const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!d)
		return;
	d->nwarnings++;
	if (!d->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->warn(d->warn_ctx, d,
		(flags & SYM_DIAG_LINE) ? 0 :
		(flags & SYM_DIAG_OFFSET) ? where : SYM_DIAG_NOWHERE,
		(flags & SYM_DIAG_LINE) ? (unsigned long)where : 0, msg);
}

/* SPDX-License-Identifier: MIT */
/*
 * storewrite.h - put a .sym file into a symbol store, atomically.
 */
#ifndef SYMKIT_STOREWRITE_H
#define SYMKIT_STOREWRITE_H

#include <stddef.h>

#include "lib/core/err.h"

/*
 * Write data[0, len) to root/<name>/<id>/<name>.sym: the folders are
 * created as needed, the bytes go to a temporary file in the final folder
 * which is then renamed over the target, so readers never see a partial
 * file and a failed write leaves nothing behind.  name must not contain
 * '/' and must not be "." or "..".  If path is not NULL, the final path
 * is copied into path[0, path_size).  Errors: SYM_EFORMAT (bad name),
 * SYM_EIO (with diag naming the path and the system error).
 */
int sym_store_write(const char *root, const char *name, const char *id,
		    const char *data, size_t len, char *path,
		    size_t path_size, struct sym_diag *d);

#endif

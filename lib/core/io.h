/* SPDX-License-Identifier: MIT */
/*
 * io.h - whole-file input: mmap for regular files, a capped buffer for
 * pipes and stdin.  Both look the same to parsers: {data, len}.
 */
#ifndef SYMKIT_IO_H
#define SYMKIT_IO_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"

struct sym_map {
	const uint8_t *data;
	size_t len;
	/* private */
	void *base_;
	size_t maplen_;
	int mapped_;
};

/* Largest input read from a pipe or stdin. */
#define SYM_MAP_PIPE_CAP ((size_t)1 << 32)

/*
 * Map `path` read-only ("-" is standard input).  The fd is closed before
 * returning.  An empty file gives data == NULL, len == 0.  Errors:
 * SYM_ENOENT (no such file), SYM_EIO, SYM_ENOMEM, SYM_ETOOBIG.
 * Release with sym_unmap().
 */
int sym_map_file(const char *path, struct sym_map *m, struct sym_diag *d);

/* Same for an open descriptor; the caller keeps and closes fd. */
int sym_map_fd(int fd, struct sym_map *m, struct sym_diag *d);

/* Release a mapping; safe on a zeroed or already released struct. */
void sym_unmap(struct sym_map *m);

/*
 * Hint that bytes [off, off+len) are no longer needed (drops mapped pages
 * so a sequential pass over a huge file does not grow the RSS).
 */
void sym_map_drop(const struct sym_map *m, size_t off, size_t len);

/* Make m own a malloc'd buffer buf[0, len): sym_unmap() frees it. */
void sym_map_from_buffer(struct sym_map *m, void *buf, size_t len);

/* Is m a read-only mapping of a file (not a buffer read from a pipe)? */
static inline int sym_map_is_file(const struct sym_map *m)
{
	return m->mapped_;
}

/* Flush standard output and report whether everything written to it so
 * far arrived: SYM_OK, or SYM_EIO (a full disk, a closed pipe). */
int sym_flush_stdout(void);

#endif

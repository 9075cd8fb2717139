/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"

static int read_all(int fd, struct sym_map *m, struct sym_diag *d)
{
	size_t cap = 1 << 16, len = 0;
	uint8_t *buf = sym_malloc(cap), *nb;
	ssize_t r;

	if (!buf)
		return SYM_ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap >= SYM_MAP_PIPE_CAP) {
				sym_free(buf);
				return sym_diag_error(d, SYM_ETOOBIG, 0, 0,
						      "input larger than %zu bytes",
						      (size_t)SYM_MAP_PIPE_CAP);
			}
			nb = sym_reallocarray(buf, cap, 2);
			if (!nb) {
				sym_free(buf);
				return SYM_ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			sym_free(buf);
			return sym_diag_error(d, SYM_EIO, 0, 0, "%s",
					      strerror(errno));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	m->data = buf;
	m->len = len;
	m->base_ = buf;
	m->maplen_ = cap;
	m->mapped_ = 0;
	return SYM_OK;
}

int sym_map_fd(int fd, struct sym_map *m, struct sym_diag *d)
{
	struct stat st;
	void *p;

	memset(m, 0, sizeof(*m));
	if (fstat(fd, &st) < 0)
		return sym_diag_error(d, SYM_EIO, 0, 0, "%s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return read_all(fd, m, d);
	if (st.st_size == 0)
		return SYM_OK;
	if ((uint64_t)st.st_size > SIZE_MAX)
		return sym_diag_error(d, SYM_ETOOBIG, 0, 0, "file too large");
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return read_all(fd, m, d);
	m->data = p;
	m->len = (size_t)st.st_size;
	m->base_ = p;
	m->maplen_ = (size_t)st.st_size;
	m->mapped_ = 1;
	return SYM_OK;
}

int sym_map_file(const char *path, struct sym_map *m, struct sym_diag *d)
{
	int fd, err;

	memset(m, 0, sizeof(*m));
	if (!strcmp(path, "-"))
		return sym_map_fd(STDIN_FILENO, m, d);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno == ENOENT ? SYM_ENOENT : SYM_EIO;
		return sym_diag_error(d, err, 0, 0, "%s", strerror(errno));
	}
	err = sym_map_fd(fd, m, d);
	close(fd);
	return err;
}

void sym_unmap(struct sym_map *m)
{
	if (m->base_) {
		if (m->mapped_)
			munmap(m->base_, m->maplen_);
		else
			sym_free(m->base_);
	}
	memset(m, 0, sizeof(*m));
}

void sym_map_drop(const struct sym_map *m, size_t off, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t start, end;

	if (!m->mapped_ || pg <= 0 || off >= m->len)
		return;
	if (len > m->len - off)
		len = m->len - off;
	/* Whole pages inside the range only. */
	start = ((uintptr_t)m->base_ + off + (uintptr_t)pg - 1) &
		~((uintptr_t)pg - 1);
	end = ((uintptr_t)m->base_ + off + len) & ~((uintptr_t)pg - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_DONTNEED);
}

void sym_map_from_buffer(struct sym_map *m, void *buf, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->data = buf;
	m->len = len;
	m->base_ = buf;
	m->maplen_ = len;
}

int sym_flush_stdout(void)
{
	return fflush(stdout) || ferror(stdout) ? SYM_EIO : SYM_OK;
}

/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/process/storewrite.h"

static int bad_component(const char *s)
{
	return !*s || strchr(s, '/') || strcmp(s, ".") == 0 ||
	       strcmp(s, "..") == 0;
}

static int mkdir_one(const char *p, struct sym_diag *d)
{
	struct stat st;

	if (mkdir(p, 0777) == 0 || (errno == EEXIST && stat(p, &st) == 0 &&
				    S_ISDIR(st.st_mode)))
		return 0;
	return sym_diag_error(d, SYM_EIO, 0, 0, "cannot create %s: %s", p,
			      strerror(errno));
}

int sym_store_write(const char *root, const char *name, const char *id,
		    const char *data, size_t len, char *path,
		    size_t path_size, struct sym_diag *d)
{
	char dir[PATH_MAX], fin[PATH_MAX], tmp[PATH_MAX];
	size_t off = 0;
	int fd, err;

	if (bad_component(name) || bad_component(id))
		return sym_diag_error(d, SYM_EFORMAT, 0, 0,
				      "bad module name or id for the store");
	if ((size_t)snprintf(fin, sizeof(fin), "%s/%s/%s/%s.sym", root, name,
			     id, name) >= sizeof(fin))
		return sym_diag_error(d, SYM_EIO, 0, 0, "store path too long");
	if ((err = mkdir_one(root, d)))
		return err;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", root, name) >=
	    sizeof(dir) || (err = mkdir_one(dir, d)))
		return err ? err : SYM_EIO;
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s/%s", root, name, id) >=
	    sizeof(dir) || (err = mkdir_one(dir, d)))
		return err ? err : SYM_EIO;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.sym.XXXXXX", dir,
			     name) >= sizeof(tmp))
		return sym_diag_error(d, SYM_EIO, 0, 0, "store path too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return sym_diag_error(d, SYM_EIO, 0, 0, "cannot create %s: %s",
				      tmp, strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, fin))
		goto fail;
	if (path)
		snprintf(path, path_size, "%s", fin);
	return SYM_OK;
fail:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return sym_diag_error(d, SYM_EIO, 0, 0, "cannot write %s: %s", fin,
			      strerror(err));
}

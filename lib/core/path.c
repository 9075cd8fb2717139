/* SPDX-License-Identifier: MIT */
#include "lib/core/path.h"

const char *sym_path_basename(const char *path)
{
	const char *s = path ? path : "", *p;

	for (p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	return s;
}

/* SPDX-License-Identifier: MIT */
/*
 * path.h - path names as crash reports print them.
 */
#ifndef SYMKIT_PATH_H
#define SYMKIT_PATH_H

/* Breakpad's PathnameStripper::File(): the part after the last '/' or
 * '\'; "" for NULL.  Points into path. */
const char *sym_path_basename(const char *path);

#endif

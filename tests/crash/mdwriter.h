/* SPDX-License-Identifier: MIT */
/*
 * mdwriter.h - a minimal minidump writer for test crashes (see
 * mdwriter.c): a crash of this process writes a minidump to path.
 */
#ifndef SYMKIT_MDWRITER_H
#define SYMKIT_MDWRITER_H

void mdw_install(const char *path);

#endif

/* SPDX-License-Identifier: MIT */
/*
 * hex.h - the value of one hexadecimal digit, for every parser that
 * reads hex text (regex escapes, microdump records, percent-encoding).
 */
#ifndef SYMKIT_HEX_H
#define SYMKIT_HEX_H

/* 0-15 for [0-9a-fA-F], else -1 (any byte value, EOF included). */
static inline int sym_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif

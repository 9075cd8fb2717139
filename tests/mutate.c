/* SPDX-License-Identifier: MIT */
/*
 * mutate - write a damaged copy of a file for tests/robust.sh:
 *   mutate IN OUT SEED N    flip N random bytes (xorshift, fixed seed)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	FILE *in, *out;
	unsigned char *buf;
	long len, i, n;
	uint64_t x;

	if (argc != 5)
		return 2;
	in = fopen(argv[1], "rb");
	if (!in || fseek(in, 0, SEEK_END) || (len = ftell(in)) <= 0)
		return 1;
	rewind(in);
	buf = malloc((size_t)len);
	if (!buf || fread(buf, 1, (size_t)len, in) != (size_t)len)
		return 1;
	fclose(in);
	x = strtoull(argv[3], NULL, 10) * 2654435761u + 1;
	n = strtol(argv[4], NULL, 10);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[(x >> 8) % (uint64_t)len] ^= (unsigned char)(x | 1);
	}
	out = fopen(argv[2], "wb");
	if (!out || fwrite(buf, 1, (size_t)len, out) != (size_t)len)
		return 1;
	free(buf);
	return fclose(out) ? 1 : 0;
}

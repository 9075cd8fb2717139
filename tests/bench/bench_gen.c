/* SPDX-License-Identifier: MIT */
/*
 * bench_gen.c - make a huge Breakpad .sym for the benchmark: copy a real
 * one, then append N synthetic FUNC records with 12 line records each,
 * at addresses far past the real module's code (so a stack walk over
 * the real dump is unchanged).  With "win", each FUNC also gets a STACK
 * WIN frame-data record with a program string, as Windows x86 symbols
 * have.  Usage: bench_gen real.sym N [win] > big.sym
 */
#include <stdio.h>
#include <stdlib.h>

static char *hex(char *p, unsigned long long v)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *dec(char *p, unsigned long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	unsigned long n, i, k;
	int win;
	unsigned long long a = 0x10000000;
	FILE *in;
	size_t r;
	char *p;

	if (argc < 3 || argc > 4 || !(in = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: bench_gen real.sym count [win]\n");
		return 2;
	}
	win = argc == 4;
	while ((r = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, r, stdout);
	fclose(in);
	n = strtoul(argv[2], NULL, 10);
	for (i = 0; i < n; i++) {
		p = str(buf, "FUNC ");
		p = hex(p, a);
		p = str(p, " 100 0 synthetic::Function");
		p = dec(p, i);
		p = str(p, "(int, char const*)\n");
		for (k = 0; k < 12; k++) {
			p = hex(p, a + k * 0x10);
			p = str(p, k < 11 ? " 10 " : " 50 ");
			p = dec(p, 100 + (i * 7 + k) % 5000);
			p = str(p, " 0\n");
		}
		if (win) {
			p = str(p, "STACK WIN 4 ");
			p = hex(p, a);
			p = str(p, " 100 4 0 8 4 10 0 1 $T0 $ebp = $eip $T0 4 + ^"
				" = $ebp $T0 ^ = $esp $T0 8 + = $L $T0 .cbSavedRegs"
				" - = $P $T0 8 + .cbParams + =\n");
		}
		fwrite(buf, 1, (size_t)(p - buf), stdout);
		a += 0x100;
	}
	return ferror(stdout) ? 1 : 0;
}

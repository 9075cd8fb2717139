/* Own test program, C part: static functions, an inline helper. */
static inline int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int __attribute__((noinline)) mix(int a, int b)
{
	int r = 0;

	for (int i = 0; i < a; i++) {
		if (i & 1) {
			r += clampi(i * b, -100, 100);
		}
	}
	return r;
}

int c_part(int x)
{
	return mix(x, 3) & 1;
}

#!/bin/sh
# tests/fuzz/gen_symindex.sh - regenerate testdata/fuzz/symindex/: an
# index for small .sym files of testdata (FUNC/line/CFI, INLINE, STACK
# WIN), and damaged variants (flipped bytes with checksums fixed, cut
# short); found-* and crash-* files are inputs libFuzzer found, kept
# as they are.  Run from the top after `make`.
set -e
: "${BUILD:=build/default}"
out=testdata/fuzz/symindex
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O1 -D_GNU_SOURCE -I. -o "$tmp/seed" tests/fuzz/symindex_seed.c \
	"$BUILD/libsymkit.a" -lxxhash -lpthread
mkdir -p "$out"
P=testdata/breakpad/processor-testdata
L=testdata/breakpad/linux-cases
n=0
for s in $L/a1_null_write_gcc_O0/symbols-inline/a_null_write/*/a_null_write.sym \
	 $L/e1_cfi_omitfp_gxx_O2/symbols/e_cfi/*/e_cfi.sym \
	 $P/symbols-linux_inline-new/linux_inline/*/linux_inline.sym \
	 testdata/fuzz/breakpad_sym/stack_win.sym; do
	n=$((n + 1))
	"$tmp/seed" "$s" "$tmp/idx" "$out/seed$n.bin"
	for off in 20 130 200 300 400 600 1000; do
		"$tmp/seed" "$s" "$tmp/idx" "$out/seed$n-flip$off.bin" flip $off
	done
	"$tmp/seed" "$s" "$tmp/idx" "$out/seed$n-cut.bin" cut 700
done

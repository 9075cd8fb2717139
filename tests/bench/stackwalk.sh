#!/bin/sh
# tests/bench/stackwalk.sh - stackwalk benchmark: a >= 250 MB symbol file, loaded and
# looked up.  Generates build/bench/symbols (the real a_null_write.sym
# plus ~1.1 million synthetic FUNCs with line records past the module's
# code), then times bench_lookup and, when it exists, bin/stackwalk on
# the a1 dump, whose output must not change.
set -e
: "${CC:=cc}"
: "${BUILD:=build/default}"
out=build/bench
case=testdata/breakpad/linux-cases/a1_null_write_gcc_O0
id=1F79C9DC66641C1730F1F9D2D1A86FF30
real=$case/symbols/a_null_write/$id/a_null_write.sym
sym=$out/symbols/a_null_write/$id/a_null_write.sym
count=${BENCH_FUNCS:-1100000}

mkdir -p "$out" "$(dirname "$sym")"
$CC -O2 -o "$out/bench_gen" tests/bench/bench_gen.c
$CC -O2 -D_GNU_SOURCE -I. -o "$out/bench_lookup" tests/bench/bench_lookup.c \
	"$BUILD/libsymkit.a" -lxxhash -lpthread
if [ ! -s "$sym" ] || [ "$real" -nt "$sym" ]; then
	"$out/bench_gen" "$real" "$count" >"$sym.tmp"
	mv "$sym.tmp" "$sym"
fi
size=$(wc -c <"$sym")
echo "bench: $sym: $((size / 1048576)) MB"
[ "$size" -ge 262144000 ] || { echo "bench: symbol file too small"; exit 1; }
cat "$sym" >/dev/null	# warm the page cache: measure parsing, not the disk

"$out/bench_lookup" "$out/symbols"
if [ -x bin/stackwalk ]; then
	/usr/bin/time -v bin/stackwalk "$case/a1_null_write_gcc_O0.dmp" \
		"$out/symbols" >"$out/stackwalk.out" 2>"$out/time.txt"
	grep -E 'Elapsed|Maximum resident' "$out/time.txt" | sed 's/^\t*/bench: stackwalk: /'
	# ---- symcache (issue 7): cold peak RSS well under the file's size
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
		"$out/time.txt")
	if [ "${rss:-0}" -ge 102400 ]; then
		echo "bench: stackwalk: peak RSS $((rss / 1024)) MB" \
		     "(bound < 100 MB): FAILED"
		exit 1
	fi
	# ---- end symcache
	if cmp -s "$out/stackwalk.out" "$case/expected.txt"; then
		echo "bench: stackwalk output matches expected.txt"
	else
		echo "bench: stackwalk output differs from expected.txt"
		diff -u "$case/expected.txt" "$out/stackwalk.out" | head -n 20
		exit 1
	fi
fi

# x86: Windows STACK WIN symbols.  build/bench/symbols-x86 holds the real
# test_app.sym of minidump2 plus synthetic FUNCs, each with line records
# and a STACK WIN program, and the real kernel32.sym; the walk of
# minidump2 (STACK WIN programs and FPO data) must stay Breakpad's.
# Bounds: 3 s wall, 160 MB peak RSS (the 0xff scan and the index pass
# give the mapped file's pages back as they go).
pt=testdata/breakpad/processor-testdata
xid=5A9832E5287241C1838ED98914E9B7FF1
xreal=$pt/symbols/test_app.pdb/$xid/test_app.sym
xsym=$out/symbols-x86/test_app.pdb/$xid/test_app.sym
xcount=${BENCH_WIN_FUNCS:-800000}
mkdir -p "$(dirname "$xsym")" "$out/symbols-x86/kernel32.pdb"
if [ ! -s "$xsym" ] || [ "$xreal" -nt "$xsym" ]; then
	"$out/bench_gen" "$xreal" "$xcount" win >"$xsym.tmp"
	mv "$xsym.tmp" "$xsym"
fi
rm -rf "$out/symbols-x86/kernel32.pdb"
cp -r "$pt/symbols/kernel32.pdb" "$out/symbols-x86/"
size=$(wc -c <"$xsym")
echo "bench: $xsym: $((size / 1048576)) MB"
[ "$size" -ge 262144000 ] || { echo "bench: x86 symbol file too small"; exit 1; }
cat "$xsym" >/dev/null
if [ -x bin/stackwalk ]; then
	/usr/bin/time -v bin/stackwalk "$pt/minidump2.dmp" "$out/symbols-x86" \
		>"$out/stackwalk-x86.out" 2>"$out/time-x86.txt"
	grep -E 'Elapsed|Maximum resident' "$out/time-x86.txt" |
		sed 's/^\t*/bench: stackwalk x86: /'
	if cmp -s "$out/stackwalk-x86.out" "$pt/minidump2.stackwalk.out"; then
		echo "bench: stackwalk x86 output matches minidump2.stackwalk.out"
	else
		echo "bench: stackwalk x86 output differs from minidump2.stackwalk.out"
		diff -u "$pt/minidump2.stackwalk.out" "$out/stackwalk-x86.out" |
			head -n 20
		exit 1
	fi
	wall=$(sed -n 's/.*Elapsed.*: \(.*\)/\1/p' "$out/time-x86.txt" |
	       awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i;
			  print s }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
		"$out/time-x86.txt")
	if awk -v w="$wall" 'BEGIN { exit !(w > 3) }' ||
	   [ "$rss" -gt 163840 ]; then
		echo "bench: stackwalk x86 over its bound (3 s, 160 MB)"
		exit 1
	fi
fi

# ---- arm64 walk ------------------------------------------------------
# The real Linux arm64 dump of other-arches walked with its symbols and
# the system libraries' (libc: 1.3 MB, 20k STACK CFI lines), ARM64_RUNS
# times in a row; the output must stay Breakpad's.  Bounds: 100 ms a walk
# (wall, mean) and 32 MB peak RSS.
oa=testdata/breakpad/other-arches
a64=$oa/arm64_cfi_gxx_O2_omitfp
runs=${ARM64_RUNS:-20}
if [ -x bin/stackwalk ]; then
	: >"$out/arm64.out"
	/usr/bin/time -v sh -c 'i=0; while [ $i -lt "$1" ]; do
		bin/stackwalk "$2/arm64_cfi_gxx_O2_omitfp.dmp" "$2/symbols" \
			"$3/_system_symbols" >"$4" || exit 1; i=$((i + 1)); done' \
		sh "$runs" "$a64" "$oa" "$out/arm64.out" 2>"$out/time-arm64.txt"
	cmp -s "$out/arm64.out" "$a64/expected.sys.txt" ||
		{ echo "bench: arm64 walk differs from expected.sys.txt"; exit 1; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$out/time-arm64.txt")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' \
		"$out/time-arm64.txt")
	ms=$(echo "$wall" | awk -F: -v n="$runs" '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%d", s * 1000 / n }')
	echo "bench: stackwalk arm64: $runs walks, $ms ms a walk, peak RSS $((rss / 1024)) MB (bounds 100 ms, 32 MB; no arm64 anchor installed)"
	[ "$ms" -le 100 ] && [ "$rss" -le 32768 ] ||
		{ echo "bench: arm64 walk over its bounds"; exit 1; }
fi
# ---- end of arm64 walk -----------------------------------------------

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

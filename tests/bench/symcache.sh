#!/bin/sh
# tests/bench/symcache.sh - stackwalk at crash-server scale: the >= 250 MB
# .sym of tests/bench/stackwalk.sh (generated the same way when missing)
# walked cold (no cache: the text is indexed in memory, as before the
# cache existed: the anchor), cold with --symbols-cache (index built),
# and warm (index mapped); then --batch over 1,000 dumps with warm
# symbols on 2 threads.  Outputs must match expected.txt and the single
# runs.  Exits 1 when a figure passes its bound (the README's claims):
#   cold:  peak RSS < 100 MB (a quarter of the file), wall < 1.5 s
#   warm:  wall < 10 ms, peak RSS < 10 MB (best of 5 runs)
#   batch: >= 1,000 dumps/s with -j 2
set -e
: "${CC:=cc}"
: "${BUILD:=build/default}"
out=build/bench
case=testdata/breakpad/linux-cases/a1_null_write_gcc_O0
dmp=$case/a1_null_write_gcc_O0.dmp
id=1F79C9DC66641C1730F1F9D2D1A86FF30
real=$case/symbols/a_null_write/$id/a_null_write.sym
sym=$out/symbols/a_null_write/$id/a_null_write.sym
sw=bin/stackwalk
status=0

[ -x "$sw" ] || { echo "bench: no $sw"; exit 1; }
mkdir -p "$out" "$(dirname "$sym")"
if [ ! -s "$sym" ] || [ "$real" -nt "$sym" ]; then
	$CC -O2 -o "$out/bench_gen" tests/bench/bench_gen.c
	"$out/bench_gen" "$real" "${BENCH_FUNCS:-1100000}" >"$sym.tmp"
	mv "$sym.tmp" "$sym"
fi
size=$(wc -c <"$sym")
echo "bench: symcache: $sym: $((size / 1048576)) MB"
cat "$sym" >/dev/null	# the page cache, not the disk

now_us() { echo $(($(date +%s%N) / 1000)); }

# run LABEL OUTFILE ARGS...: sets $wall_us and $rss_kb
run() {
	label=$1
	o=$2
	shift 2
	t0=$(now_us)
	/usr/bin/time -f %M -o "$out/rss.txt" "$sw" "$@" >"$o" \
		2>"$out/err.txt"
	wall_us=$(($(now_us) - t0))
	rss_kb=$(tail -n 1 "$out/rss.txt")
	if ! cmp -s "$o" "$case/expected.txt"; then
		echo "bench: $label: output differs from expected.txt"
		diff -u "$case/expected.txt" "$o" | head -n 10
		status=1
	fi
}

bound() {	# label value limit unit
	if [ "$2" -lt "$3" ]; then
		echo "bench: $1: $2 $4 (bound < $3 $4): ok"
	else
		echo "bench: $1: $2 $4 (bound < $3 $4): FAILED"
		status=1
	fi
}

cache=$out/symcache
rm -rf "$cache"

# cold, no cache (the anchor: what every run cost before the cache)
best_wall=999999999
best_rss=0
for i in 1 2 3; do
	run "cold" "$out/cold.out" "$dmp" "$out/symbols"
	[ "$wall_us" -lt "$best_wall" ] && best_wall=$wall_us
	best_rss=$rss_kb
done
echo "bench: symcache: cold (no cache, anchor): $((best_wall / 1000)) ms," \
     "$((best_rss / 1024)) MB peak RSS"
bound "cold peak RSS" $((best_rss / 1024)) 100 MB
bound "cold wall" $((best_wall / 1000)) 1500 ms

# cold with the cache: indexes and writes the index
run "index build" "$out/build.out" --symbols-cache "$cache" "$dmp" \
	"$out/symbols"
echo "bench: symcache: cold with --symbols-cache (index written):" \
     "$((wall_us / 1000)) ms, $((rss_kb / 1024)) MB peak RSS," \
     "index $(($(wc -c <"$cache/a_null_write/$id/a_null_write.symidx") \
     / 1048576)) MB"
bound "index build peak RSS" $((rss_kb / 1024)) 100 MB

# warm: the index mapped (the first run after the build reads the
# index back from disk, not measured)
"$sw" --symbols-cache "$cache" "$dmp" "$out/symbols" >/dev/null
set -- $(python3 tests/bench/measure.py 5 "$out/warm.out" "$sw" \
	--symbols-cache "$cache" "$dmp" "$out/symbols")
best_wall=$1
best_rss=$2
if ! cmp -s "$out/warm.out" "$case/expected.txt"; then
	echo "bench: warm: output differs from expected.txt"
	status=1
fi
echo "bench: symcache: warm (index mapped): $best_wall us," \
     "$best_rss KB peak RSS (best of 5)"
bound "warm wall" "$best_wall" 10000 us
bound "warm peak RSS" "$best_rss" 10240 KB
# for scale: the same binary doing nothing but start
set -- $(python3 tests/bench/measure.py 5 "$out/version.out" "$sw" --version)
echo "bench: symcache: stackwalk --version for scale: $1 us, $2 KB"

# batch: 1,000 dumps (the linux cases repeated) with warm symbols
L=testdata/breakpad/linux-cases
S="$L/a1_null_write_gcc_O0/symbols $L/c_shlib_crash_gcc_O0/symbols"
S="$S $L/e1_cfi_omitfp_gxx_O2/symbols $L/_system_symbols"
: >"$out/list"
: >"$out/single"
for d in "$L"/*/*.dmp; do
	# shellcheck disable=SC2086
	"$sw" --json --symbols-cache "$cache" "$d" $S >>"$out/single"
done
nd=$(wc -l <"$out/single")
i=0
while [ $i -lt 1000 ]; do
	for d in "$L"/*/*.dmp; do
		[ $i -lt 1000 ] && echo "$d" >>"$out/list"
		i=$((i + 1))
	done
done
best=999999999
for r in 1 2 3; do
	t0=$(now_us)
	# shellcheck disable=SC2086
	"$sw" --batch "$out/list" -j 2 --symbols-cache "$cache" $S \
		>"$out/batch.out"
	t=$(($(now_us) - t0))
	[ "$t" -lt "$best" ] && best=$t
done
rate=$((1000 * 1000000 / best))
echo "bench: symcache: batch of 1000 dumps, -j 2, warm: $((best / 1000)) ms," \
     "$rate dumps/s (best of 3)"
bound "batch time for 1000 dumps" $((best / 1000)) 1000 ms
sed 's/^{"path":"[^"]*",/{/' "$out/batch.out" | head -n "$nd" >"$out/b"
if cmp -s "$out/single" "$out/b" && [ "$(wc -l <"$out/batch.out")" = 1000 ]
then
	# the list cycles through the dumps: every line is one of them
	sed 's/^{"path":"[^"]*",/{/' "$out/batch.out" >"$out/ball"
	n=$(sort -u "$out/ball" | wc -l)
	if [ "$n" = "$nd" ]; then
		echo "bench: symcache: batch documents identical to single runs"
	else
		echo "bench: symcache: batch has $n distinct documents, want $nd"
		status=1
	fi
else
	echo "bench: symcache: batch output differs from single runs"
	status=1
fi
exit $status

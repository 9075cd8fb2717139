#!/bin/sh
# tests/bench/crash-group.sh - signatures and crash grouping.
# 1. Signature cost per crash (bench_sig over the 72 real dumps of
#    testdata/sig-variants), next to the dumps' own stackwalk time: bound
#    100 us per signature and 1 ms per rules load.
# 2. crash-group over 1 million JSON lines (1,000 signatures, a user field
#    for --distinct), next to a plain Python json grouping script (the
#    anchor) on the same input; then over 100,000 lines of the same 1,000
#    groups: peak RSS must not grow with the lines (bound: within 4 MB) and
#    stays under 64 MB; 1 million lines in under 20 s.
set -e
: "${CC:=cc}"
: "${BUILD:=build/default}"
out=build/bench/crash-group
mkdir -p "$out"
$CC -O2 -D_GNU_SOURCE -I. -o "$out/bench_sig" tests/bench/bench_sig.c \
	"$BUILD/libsymkit.a" -ljson-c -lelf -lz -lzstd -llzma -lcurl -lxxhash \
	-ldwarf -lstdc++ -lpthread -lm
"$out/bench_sig" testdata/sig-variants/symbols \
	testdata/sig-variants/dumps/*.dmp | tee "$out/sig.txt"
us=$(sed -n 's/^bench: signature: \([0-9.]*\) us.*/\1/p' "$out/sig.txt")
lus=$(sed -n 's/^bench: rules load: \([0-9.]*\) us.*/\1/p' "$out/sig.txt")
t0=$(date +%s.%N)
for d in testdata/sig-variants/dumps/*.dmp; do
	bin/stackwalk "$d" testdata/sig-variants/symbols >/dev/null
done
t1=$(date +%s.%N)
echo "bench: stackwalk (anchor): $(awk "BEGIN { printf \"%d\", ($t1 - $t0) * 1000000 / 72 }") us per dump, whole process"

gen() {	# lines
	python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
w = sys.stdout.write
for i in range(n):
    g = (i * 7919) % 1000
    w('{"signature":"app::Module%d::handler | app::dispatch | main",'
      '"timestamp":%d,"user":"u%d","system_info":{"os":"Linux"}}\n'
      % (g, 1764547200 + i, i % 5000))
PY
}
[ -s "$out/1m.jsonl" ] || gen 1000000 >"$out/1m.jsonl"
[ -s "$out/100k.jsonl" ] || gen 100000 >"$out/100k.jsonl"
echo "bench: input: $(wc -l <"$out/1m.jsonl") lines, $(($(wc -c <"$out/1m.jsonl") / 1048576)) MB"

measure() {	# name command...
	n=$1
	shift
	/usr/bin/time -v "$@" >"$out/$n.out" 2>"$out/$n.time"
	w=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$n.time")
	r=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$n.time")
	echo "bench: $n: wall $w, peak RSS $((r / 1024)) MB"
	eval "rss_$n=$r"
	eval "wall_$n=\$(echo \"$w\" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + \$i; print s }')"
}
measure crashgroup_1m bin/crash-group --distinct user "$out/1m.jsonl"
measure crashgroup_100k bin/crash-group --distinct user "$out/100k.jsonl"
measure python_1m python3 -c '
import json, sys
g = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    e = g.setdefault(o["signature"], [0, set()])
    e[0] += 1
    e[1].add(o["user"])
for s, (c, u) in sorted(g.items(), key=lambda x: -x[1][0]):
    print(c, len(u), s)
' "$out/1m.jsonl"
groups=$(wc -l <"$out/crashgroup_1m.out")
echo "bench: groups: $groups"
ok=0
[ "$groups" -eq 1000 ] || { echo "bench: expected 1000 groups"; ok=1; }
lt() { awk "BEGIN { exit !($1 < $2) }"; }
lt "$us" 100 || { echo "bench: signature over 100 us"; ok=1; }
lt "$lus" 1000 || { echo "bench: rules load over 1 ms"; ok=1; }
[ "$rss_crashgroup_1m" -le $((rss_crashgroup_100k + 4096)) ] ||
	{ echo "bench: RSS grows with lines"; ok=1; }
[ "$rss_crashgroup_1m" -le 65536 ] || { echo "bench: RSS over 64 MB"; ok=1; }
lt "$wall_crashgroup_1m" 20 || { echo "bench: 1M lines over 20 s"; ok=1; }
exit $ok

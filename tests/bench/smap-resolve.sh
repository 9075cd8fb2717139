#!/bin/sh
# tests/bench/smap-resolve.sh - smap-resolve on a real >= 10 MB source
# map: typescript's lib/typescript.js minified by esbuild --sourcemap
# (both from npm, generated under build/bench/smap, never committed),
# next to mozilla source-map 0.7.6 and @jridgewell/trace-mapping 0.3.31
# under node, all in the same run:
#   one-shot: one process, one lookup (wall time, peak RSS);
#   100k:     one process, 100,000 lookups.
# Bounds (the README's claims): one-shot at least 7x faster than the
# faster anchor, 100k at least 5x faster, and less peak memory than
# either anchor.  Exits 1 past a bound; prints a line and exits 0 when
# node or the npm packages cannot be had.
set -e
out=build/bench/smap
npmdir=build/npm
mkdir -p "$out"

if ! command -v node >/dev/null 2>&1; then
	echo "bench: smap-resolve: node not found; install nodejs and npm"
	exit 0
fi
mods=$npmdir/node_modules
if [ ! -f "$mods/typescript/lib/typescript.js" ] || [ ! -x "$mods/.bin/esbuild" ] ||
   [ ! -d "$mods/source-map" ] || [ ! -d "$mods/@jridgewell/trace-mapping" ]; then
	if ! command -v npm >/dev/null 2>&1; then
		echo "bench: smap-resolve: npm not found"
		exit 0
	fi
	mkdir -p "$npmdir"
	[ -f "$npmdir/package.json" ] || echo '{"name":"scratch","private":true}' >"$npmdir/package.json"
	(cd "$npmdir" && npm install --no-audit --no-fund source-map@0.7.6 \
		@jridgewell/trace-mapping@0.3.31 esbuild typescript@5 >/dev/null 2>&1) || {
		echo "bench: smap-resolve: npm install failed"
		exit 0
	}
fi

js=$out/typescript.min.js
map=$js.map
if [ ! -s "$map" ]; then
	"$mods/.bin/esbuild" "./$mods/typescript/lib/typescript.js" --minify \
		--sourcemap --outfile="$js" --log-level=error
fi
size=$(wc -c <"$map")
echo "bench: $map: $((size / 1048576)) MB"
[ "$size" -ge 10485760 ] || { echo "bench: map smaller than 10 MB"; exit 1; }

# 100,000 positions (1-based line and column) spread over the bundle,
# the same for everyone; the one-shot lookup is the first of them.
node -e '
const fs = require("fs");
const lines = fs.readFileSync(process.argv[1], "utf8").split("\n");
let seed = 7, out = [];
const r = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
while (out.length < 100000) {
  const l = r(lines.length);
  if (!lines[l].length) continue;
  out.push((l + 1) + ":" + (r(lines[l].length) + 1));
}
fs.writeFileSync(process.argv[2], out.join("\n") + "\n");' "$js" "$out/positions.txt"
first=$(head -n 1 "$out/positions.txt")

cat >"$out/anchor.js" <<'EOF'
// anchor.js LIB MAP POSITIONS N: N lookups (1-based line:column input)
const fs = require("fs");
const [lib, mapPath, posPath, n] = process.argv.slice(2);
const raw = fs.readFileSync(mapPath, "utf8");
const pos = fs.readFileSync(posPath, "utf8").split("\n").slice(0, +n)
  .map((s) => s.split(":").map(Number));
let out = 0;
(async () => {
  if (lib === "source-map") {
    const sm = require("source-map");
    const c = await new sm.SourceMapConsumer(raw);
    for (const [l, col] of pos)
      if (c.originalPositionFor({ line: l, column: col - 1 }).source) out++;
    c.destroy();
  } else {
    const tm = require("@jridgewell/trace-mapping");
    const m = new tm.TraceMap(raw);
    for (const [l, col] of pos)
      if (tm.originalPositionFor(m, { line: l, column: col - 1 }).source) out++;
  }
  console.log(out);
})();
EOF
cat "$map" "$js" >/dev/null	# warm the page cache

# measure NAME CMD...: best of 3 wall seconds and its peak RSS in kB
measure() {
	name=$1
	shift
	best=
	for i in 1 2 3; do
		/usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/$name.out" \
			2>/dev/null </dev/null || { echo "bench: $name failed"; exit 1; }
		set -- "$@"
		t=$(cut -d' ' -f1 "$out/time.txt")
		k=$(cut -d' ' -f2 "$out/time.txt")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then
			best=$t
			rss=$k
		fi
	done
	echo "bench: $name: $best s, $((rss / 1024)) MB peak RSS"
	eval "t_$name=$best; m_$name=$rss"
}

NODE_PATH=$mods
export NODE_PATH
measure ours_one bin/smap-resolve "$map" "$first"
measure sm_one node "$out/anchor.js" source-map "$map" "$out/positions.txt" 1
measure tm_one node "$out/anchor.js" trace-mapping "$map" "$out/positions.txt" 1
# 100k: positions on standard input, one answer a line
/usr/bin/time -f "%e %M" -o "$out/time.txt" bin/smap-resolve "$map" \
	<"$out/positions.txt" >"$out/ours_100k.out"
t_ours_100k=$(cut -d' ' -f1 "$out/time.txt")
m_ours_100k=$(cut -d' ' -f2 "$out/time.txt")
echo "bench: ours_100k: $t_ours_100k s, $((m_ours_100k / 1024)) MB peak RSS"
measure sm_100k node "$out/anchor.js" source-map "$map" "$out/positions.txt" 100000
measure tm_100k node "$out/anchor.js" trace-mapping "$map" "$out/positions.txt" 100000

# the answers agree: as many positions mapped as mozilla
mapped=$(grep -vc '^<unknown>$' "$out/ours_100k.out" || true)
echo "bench: mapped positions: ours $mapped, source-map $(cat "$out/sm_100k.out"), trace-mapping $(cat "$out/tm_100k.out")"

fail=0
check() {	# label value bound: fail when value > bound
	if awk "BEGIN{exit !($2 <= $3)}"; then
		echo "bench: ok   $1 ($2 <= $3)"
	else
		echo "bench: FAIL $1 ($2 > $3)"
		fail=1
	fi
}
fast1=$(awk "BEGIN{print ($t_sm_one < $t_tm_one) ? $t_sm_one : $t_tm_one}")
fast100=$(awk "BEGIN{print ($t_sm_100k < $t_tm_100k) ? $t_sm_100k : $t_tm_100k}")
minrss=$(awk "BEGIN{print ($m_sm_one < $m_tm_one) ? $m_sm_one : $m_tm_one}")
minrss100=$(awk "BEGIN{print ($m_sm_100k < $m_tm_100k) ? $m_sm_100k : $m_tm_100k}")
echo "bench: one-shot speedup $(awk "BEGIN{printf \"%.1f\", $fast1 / ($t_ours_one > 0 ? $t_ours_one : 0.005)}")x, 100k speedup $(awk "BEGIN{printf \"%.1f\", $fast100 / $t_ours_100k}")x"
check "one-shot time x7 vs the faster anchor" \
	"$(awk "BEGIN{print $t_ours_one * 7}")" "$fast1"
check "100k lookups time x5 vs the faster anchor" \
	"$(awk "BEGIN{print $t_ours_100k * 5}")" "$fast100"
check "one-shot peak RSS below both anchors" "$m_ours_one" "$minrss"
check "100k peak RSS below both anchors" "$m_ours_100k" "$minrss100"
[ "$(cat "$out/sm_100k.out")" = "$mapped" ] || {
	echo "bench: FAIL mapped count differs from mozilla"
	fail=1
}
exit $fail

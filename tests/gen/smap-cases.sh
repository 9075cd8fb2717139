#!/bin/sh
# tests/gen/smap-cases.sh - regenerate testdata/sourcemap/own/: small
# programs (tests/gen/smap-programs/) bundled by esbuild, terser, rollup
# and webpack from npm, run under node without and with
# --enable-source-maps, and the expected lookups and frames computed by
# mozilla source-map (tests/gen/smap-expect.js).  Needs node and npm;
# make check only reads the committed results.  Run from the top of
# the tree:  sh tests/gen/smap-cases.sh
set -e
top=$(pwd)
npmdir=$top/build/npm
work=$top/build/smap-cases
out=$top/testdata/sourcemap/own
progs=$top/tests/gen/smap-programs

if [ ! -x "$npmdir/node_modules/.bin/webpack" ]; then
	mkdir -p "$npmdir"
	[ -f "$npmdir/package.json" ] || echo '{"name":"scratch","private":true}' >"$npmdir/package.json"
	(cd "$npmdir" && npm install --no-audit --no-fund source-map@0.7.6 \
		@jridgewell/trace-mapping@0.3.31 esbuild terser rollup \
		@rollup/plugin-terser webpack webpack-cli typescript@5 acorn)
fi
bin=$npmdir/node_modules/.bin
export NODE_PATH=$npmdir/node_modules

stage() {	# case program
	rm -rf "$work/$1"
	mkdir -p "$work/$1/dist"
	cp -r "$progs/$2" "$work/$1/src"
}

finish() {	# case: run it, keep the results with machine paths removed
	d=$work/$1
	(cd "$d/dist" && node app.js >raw.txt 2>&1 || true)
	(cd "$d/dist" && node --enable-source-maps app.js >node-expected.txt 2>&1 || true)
	mkdir -p "$out/$1"
	for f in app.js app.js.map raw.txt node-expected.txt; do
		[ -f "$d/dist/$f" ] || continue
		sed "s|$d|/app/$1|g" "$d/dist/$f" >"$out/$1/$f"
	done
	node "$top/tests/gen/smap-expect.js" "$out/$1"
	echo "$1: $(grep -c . "$out/$1/positions.jsonl") lookups, $(grep -c . "$out/$1/frames.jsonl") frames"
}

# esbuild: bundle and minify CommonJS for node
stage esbuild-shop shop
"$bin/esbuild" "$work/esbuild-shop/src/main.js" --bundle --minify \
	--platform=node --sourcemap --outfile="$work/esbuild-shop/dist/app.js" --log-level=warning
finish esbuild-shop

# esbuild, then terser on its output with the first map as input
stage terser-ledger ledger
"$bin/esbuild" "$work/terser-ledger/src/main.js" --bundle --platform=node \
	--sourcemap --outfile="$work/terser-ledger/dist/bundle.js" --log-level=warning
(cd "$work/terser-ledger/dist" && "$bin/terser" bundle.js -c -m \
	--source-map "content='bundle.js.map',url='app.js.map',includeSources" \
	-o app.js && rm bundle.js bundle.js.map)
finish terser-ledger

# rollup + @rollup/plugin-terser, ES modules to CommonJS
stage rollup-geom geom
cat >"$work/rollup-geom/rollup.config.mjs" <<'EOF'
import terser from '@rollup/plugin-terser';
export default {
  input: 'src/main.js',
  output: { file: 'dist/app.js', format: 'cjs', sourcemap: true, plugins: [terser()] },
};
EOF
(cd "$work/rollup-geom" && NODE_PATH=$npmdir/node_modules "$bin/rollup" -c --silent \
	--configPlugin "" 2>/dev/null || (cd "$work/rollup-geom" && ln -sf "$npmdir/node_modules" node_modules && "$bin/rollup" -c --silent))
finish rollup-geom

# webpack 5 production build for node
stage webpack-shop shop
cat >"$work/webpack-shop/webpack.config.js" <<'EOF'
module.exports = {
  mode: 'production',
  target: 'node',
  entry: './src/main.js',
  devtool: 'source-map',
  output: { path: __dirname + '/dist', filename: 'app.js' },
};
EOF
(cd "$work/webpack-shop" && ln -sf "$npmdir/node_modules" node_modules && "$bin/webpack" --no-stats >/dev/null)
finish webpack-shop

# esbuild with an inline data: URL map
stage esbuild-inline-geom geom
"$bin/esbuild" "$work/esbuild-inline-geom/src/main.js" --bundle --minify \
	--platform=node --format=cjs --sourcemap=inline \
	--outfile="$work/esbuild-inline-geom/dist/app.js" --log-level=warning
(cd "$work/esbuild-inline-geom/dist" && node -e '
const fs = require("fs");
const js = fs.readFileSync("app.js", "utf8");
const m = /sourceMappingURL=data:application\/json;base64,(\S+)/.exec(js);
fs.writeFileSync("app.js.map", Buffer.from(m[1], "base64"));')
finish esbuild-inline-geom

# TypeScript -> tsc (ES modules + maps) -> rollup + terser: a chain of
# two maps; node --enable-source-maps follows only the first one
stage ts-chain tsapp
d=$work/ts-chain
mv "$d/src" "$d/proj"
mv "$d/proj/src" "$d/src"
mv "$d/proj/tsconfig.json" "$d/"
rmdir "$d/proj" "$d/dist"
(cd "$d" && "$bin/tsc" -p tsconfig.json)
sed -e "s|'./inventory'|'./inventory.js'|" "$d/out/main.js" >"$d/out/main.js.tmp" && mv "$d/out/main.js.tmp" "$d/out/main.js"
cat >"$d/rollup.config.mjs" <<'EOF2'
import terser from '@rollup/plugin-terser';
export default {
  input: 'out/main.js',
  output: { file: 'app.js', format: 'cjs', sourcemap: true, plugins: [terser()] },
};
EOF2
(cd "$d" && ln -sf "$npmdir/node_modules" node_modules && "$bin/rollup" -c --silent)
(cd "$d" && node app.js >raw.txt 2>&1 || true)
(cd "$d" && node --enable-source-maps app.js >node-expected-1level.txt 2>&1 || true)
mkdir -p "$out/ts-chain/out"
for f in app.js app.js.map raw.txt node-expected-1level.txt out/main.js out/main.js.map \
	 out/inventory.js out/inventory.js.map; do
	sed "s|$d|/app/ts-chain|g" "$d/$f" >"$out/ts-chain/$f"
done
node "$top/tests/gen/smap-expect.js" "$out/ts-chain"
echo "ts-chain: $(grep -c . "$out/ts-chain/frames.jsonl") frames"

#!/bin/sh
# tests/sig_js/make.sh - regenerate testdata/sig-js/: real JavaScript
# crashes for the signature tests.  The program in tests/sig_js/src (four
# bugs: an order and a user check throwing through the same fail()
# wrapper with the same message, a TypeError, a RangeError) is bundled
# from the source as is and reformatted (every line shifted), by esbuild
# (--minify) and by terser (esbuild's plain bundle compressed and mangled,
# the maps chained back to the sources), then run under node with two
# message ids.  Per build BUILD = SRC-TOOL: dist/BUILD.js and its map, and
# traces/BUILD.txt (the eight uncaught-error outputs of node, paths
# rewritten to /app/dist).  js.jsonl is the "signature" objects of
# `smap-resolve --trace --json -d dist` over them.
# Needs node and npm (esbuild and terser are installed under build/npm);
# run from the top of the tree after make.
set -e
top=$(pwd)
out=$top/testdata/sig-js
w=$top/build/sig-js
bin=$top/build/npm/node_modules/.bin
[ -x "$bin/esbuild" ] && [ -x "$bin/terser" ] ||
	(mkdir -p build/npm && cd build/npm &&
	 npm install --no-audit --no-fund esbuild terser)
rm -rf "$w" "$out/maps" "$out/traces" "$out/dist"
mkdir -p "$w/src-plain" "$w/src-shifted" "$out/dist" "$out/traces"
cp tests/sig_js/src/*.js "$w/src-plain/"
for f in tests/sig_js/src/*.js; do
	{ printf '// Reformatted copy.\n//\n//\n\n'
	  sed 's/^\(function\|class\|const\) /\n\1 /' "$f"; } \
		> "$w/src-shifted/$(basename "$f")"
done
run=$w/app/dist
mkdir -p "$run"
for src in plain shifted; do
	(cd "$w/src-$src" && "$bin/esbuild" main.js --bundle --platform=node \
		--minify --sourcemap --outfile="$run/$src-esbuild.js" \
		--log-level=warning)
	(cd "$w/src-$src" && "$bin/esbuild" main.js --bundle --platform=node \
		--sourcemap --outfile="$w/$src-plain-bundle.js" \
		--log-level=warning)
	"$bin/terser" "$w/$src-plain-bundle.js" --compress --mangle \
		--source-map "content='$w/$src-plain-bundle.js.map',url='$src-terser.js.map'" \
		-o "$run/$src-terser.js"
done
for b in plain-esbuild plain-terser shifted-esbuild shifted-terser; do
	: >"$out/traces/$b.txt"
	for bug in order user parse buffer; do
		for id in 7 1234; do
			(cd "$run" && node "$b.js" $bug $id \
				2>>"$out/traces/$b.txt" >/dev/null) || true
		done
	done
	sed -i "s|$w/app|/app|g" "$out/traces/$b.txt"
	cp "$run/$b.js" "$run/$b.js.map" "$out/dist/"
done
sed -i "s|$w|/build|g" "$out"/dist/*.map
: >"$out/js.jsonl"
for b in plain-esbuild plain-terser shifted-esbuild shifted-terser; do
	bin/smap-resolve --trace --json -d "$out/dist" "$out/traces/$b.txt" |
		grep '"kind":"signature"' >>"$out/js.jsonl"
done

#!/bin/sh
# tests/dumpsyms/own.sh TMPDIR - dump-syms on testdata/dumpsyms/own (our
# own program, built by build.sh there in many DWARF packagings).
# Prints "own: N passed, N failed".
tmp=$1
O=testdata/dumpsyms/own
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL own: $*"; }
ds() { bin/dump-syms "$@" 2>"$tmp/own.err"; }
body() { grep -v '^MODULE \|^INFO ' "$1"; }
same() {	# what a b: records equal after resolving ids, both ways
	body "$2" >"$tmp/a.sym"; body "$3" >"$tmp/b.sym"
	if python3 tests/dumpsyms/sym_contains.py "$tmp/a.sym" "$tmp/b.sym" \
		>"$tmp/c1" && python3 tests/dumpsyms/sym_contains.py \
		"$tmp/b.sym" "$tmp/a.sym" >"$tmp/c2"; then ok
	else bad "$1"; head -n 4 "$tmp/c1" "$tmp/c2"; fi
}

# llvm-symbolizer truth for gcc and clang, -O0/-O2, DWARF 4 and 5
for b in gcc-O2 clang-O2 gcc-O0-dw4 clang-O0-dw4 gcc-O0-dw2 gcc-O2-dw3; do
	for f in "" -d; do
		ds $f $O/$b >"$tmp/o.sym" || { bad "$b $f exit"; continue; }
		python3 tests/dumpsyms/check_sym.py $O/$b.truth "$tmp/o.sym" \
			--json --samples 1000 >"$tmp/s.json"
		if python3 - "$tmp/s.json" $O/allowed-names <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["scores"]
allowed = {tuple(l.rstrip("\n").split("\t")) for l in open(sys.argv[2])}
bad = 0
for k, v in d.items():
    for m in v["mismatch_samples"]:
        if k == "func" and (m["sym"], m["truth"]) in allowed:
            continue
        if k == "inline" and len(m["sym"]) + 1 == len(m["truth"]):
            # llvm-symbolizer names an inlined DIE without linkage name
            # by its DW_AT_name alone; ours is qualified (Breakpad's way)
            ok = True
            for i, (name, line) in enumerate(m["sym"]):
                t = m["truth"][i][0]
                if not (name == t or name.endswith("::" + t) or
                        (name, t) in allowed) or line != m["truth"][i + 1][1]:
                    ok = False
            if ok:
                continue
        print(k, m)
        bad = 1
sys.exit(bad)
PY
		then ok; else bad "$b $f truth"; fi
	done
done
ds -d $O/gcc-O2 >"$tmp/base.sym"
for v in zlib zstd zdebug; do
	ds -d $O/$v >"$tmp/v.sym" && same "$v = uncompressed" "$tmp/base.sym" "$tmp/v.sym"
done
ds -d $O/stripped $O/debug >"$tmp/v.sym" && same "debuglink" "$tmp/base.sym" "$tmp/v.sym"
ds -d $O/stripped-bid $O/debug >"$tmp/v.sym" && same "build-id dir" "$tmp/base.sym" "$tmp/v.sym"
for n in 5 4 c; do
	ds -d $O/nosplit$n >"$tmp/a$n.sym"
	ds -d $O/split$n $O/dwo$n >"$tmp/b$n.sym" &&
		same "split DWARF $n" "$tmp/a$n.sym" "$tmp/b$n.sym"
	grep -q '^FUNC ' "$tmp/b$n.sym" || bad "split $n: no FUNC"
done
# no DWARF: PUBLIC and the same CFI; MiniDebugInfo: the same PUBLICs
ds $O/nodwarf >"$tmp/nd.sym"
if ! grep -q '^FUNC' "$tmp/nd.sym" && grep -q '^PUBLIC .* own::fold' "$tmp/nd.sym" &&
   [ "$(grep '^STACK' "$tmp/nd.sym")" = "$(grep '^STACK' "$tmp/base.sym")" ]; then ok
else bad "no DWARF"; fi
ds $O/minidebug >"$tmp/md.sym"
# (.gnu_debugdata keeps the T/t symbols, as Fedora's recipe does)
if grep -q '^PUBLIC [0-9a-f]* 0 mix' "$tmp/md.sym" &&
   grep -q '^PUBLIC [0-9a-f]* 0 own::fold(' "$tmp/md.sym" &&
   grep -q '^PUBLIC [0-9a-f]* 0 c_part$' "$tmp/md.sym" &&
   [ "$(grep '^STACK' "$tmp/md.sym")" = "$(grep '^STACK' "$tmp/base.sym")" ]
then ok; else bad "MiniDebugInfo"; fi
# no build-id: Breakpad's hash of the first page of .text
python3 - $O/nobuildid "$(ds $O/nobuildid | head -n 2 | tr '\n' ' ')" <<'PY' && ok || bad "no build-id"
import subprocess, sys
out = subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True, text=True).stdout
for l in out.splitlines():
    p = l.split()
    if ".text" in p:
        i = p.index(".text")
        off, size = int(p[i + 3], 16), int(p[i + 4], 16)
data = open(sys.argv[1], "rb").read()[off:off + min(size, 4096)]
g = bytearray(16)
for i, c in enumerate(data):
    g[i % 16] ^= c
code = g.hex().upper()
g[0:4] = g[0:4][::-1]; g[4:6] = g[4:6][::-1]; g[6:8] = g[6:8][::-1]
want = "MODULE Linux x86_64 %s0 nobuildid INFO CODE_ID %s " % (g.hex().upper(), code)
if sys.argv[2] != want:
    print(sys.argv[2]); print(want); sys.exit(1)
PY
echo "own: $pass passed, $fail failed"

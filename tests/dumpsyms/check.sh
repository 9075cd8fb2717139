#!/bin/sh
# tests/dumpsyms/check.sh - dump-syms against references (run by
# tests/run.sh from the top of the tree, bin/ built):
# 1. testdata/dwarf cases: our .sym scored by check_sym.py against the
#    llvm-symbolizer/libdw truth must be 100% (inline: except the
#    demangler spellings listed in <case>/allowed-inline), and must hold
#    every record of Breakpad's .sym (sym_contains.py), default and -d;
# 2. testdata/breakpad/linux-cases: with symbols written by
#    `dump-syms -o STORE`, stackwalk reproduces Breakpad's outputs;
# 3. testdata/dumpsyms/own: our own binaries (see build.sh there) give
#    the same records whatever the DWARF packaging, and match their
#    llvm-symbolizer truth.
# Prints "dump-syms checks: N passed, N failed".
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dsck.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL dump-syms: $*"; }

# 1. truth and Breakpad containment
for c in testdata/dwarf/*/; do
	c=${c%/}
	n=${c##*/}
	b=$(ls "$c"/corpus* | head -n 1)
	for f in "" -d; do
		bin/dump-syms $f "$b" >"$tmp/o.sym" 2>"$tmp/err" || {
			bad "$n $f: exit $?"; continue; }
		python3 tests/dumpsyms/check_sym.py "$c" "$tmp/o.sym" --json \
			--samples 50 >"$tmp/s.json" || { bad "$n: checker"; continue; }
		if python3 - "$tmp/s.json" "$c/allowed-inline" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))["scores"]
allowed = set()
if os.path.exists(sys.argv[2]):
    allowed = {l.split()[0] for l in open(sys.argv[2]) if l.strip()}
bad = 0
for k, v in d.items():
    miss = [s["addr"] for s in v["mismatch_samples"]]
    if k == "inline":
        miss = [a for a in miss if a not in allowed]
        short = v["compared"] - v["matched"] - len(v["mismatch_samples"])
        if short > 0:
            miss.append("(+%d)" % short)
    elif v["matched"] != v["compared"]:
        miss = miss or ["?"]
    if miss:
        print("%s: %d/%d %s" % (k, v["matched"], v["compared"], miss[:5]))
        bad = 1
sys.exit(bad)
PY
		then ok; else bad "$n $f: truth"; fi
		if [ -z "$f" ]; then ref=breakpad.sym.gz; else ref=breakpad-inline.sym.gz; fi
		gzip -dc "$c/$ref" >"$tmp/bp.sym"
		if python3 tests/dumpsyms/sym_contains.py "$tmp/bp.sym" \
			"$tmp/o.sym" >"$tmp/cont"; then ok
		else bad "$n $f: Breakpad records missing"; head -n 5 "$tmp/cont"; fi
	done
done

# 2. stackwalk with our symbols
L=testdata/breakpad/linux-cases
walk() {	# case store expected [flags]
	if bin/stackwalk $4 "$L/$1/$1.dmp" "$2" $5 >"$tmp/w.txt" 2>/dev/null &&
	   cmp -s "$tmp/w.txt" "$L/$1/$3"; then ok
	else bad "stackwalk $1 $3"; diff "$L/$1/$3" "$tmp/w.txt" | head -n 10; fi
}
for c in a1_null_write_gcc_O0 c_shlib_crash_gcc_O0 e1_cfi_omitfp_gxx_O2; do
	rm -rf "$tmp/st" "$tmp/sti" "$tmp/stc"
	for b in "$L/$c"/*; do
		[ -f "$b" ] && [ -x "$b" ] || continue
		case $b in *.so|*/a_null_write|*/c_shlib_main|*/e_cfi) ;; *) continue;; esac
		bin/dump-syms -o "$tmp/st" "$b" &&
		bin/dump-syms -d -o "$tmp/sti" "$b" &&
		bin/dump-syms -c -o "$tmp/stc" "$b" || bad "store $b"
	done
	walk $c "$tmp/st" expected.txt
	walk $c "$tmp/st" expected.machine.txt -m
	walk $c "$tmp/sti" expected.inline.txt
	walk $c "$tmp/sti" expected.inline.machine.txt -m
	walk $c "$tmp/st" expected.sys.txt "" "$L/_system_symbols"
	if [ -f "$L/$c/expected.nocfi.txt" ]; then
		walk $c "$tmp/stc" expected.nocfi.txt
		walk $c "$tmp/stc" expected.nocfi.machine.txt -m
	fi
done

# 4. damaged binaries: cut every 1024 bytes and bit-flipped (fixed
# seeds): exit 0 or 1 in time, no sanitizer report, an error names the
# file ("dump-syms: FILE: ...")
mut=${BUILD:-build/default}/tools/mutate
for b in testdata/breakpad/linux-cases/e1_cfi_omitfp_gxx_O2/e_cfi \
	 testdata/dwarf/clang-O2/corpus testdata/dumpsyms/own/split5; do
	size=$(wc -c <"$b")
	off=0
	while [ "$off" -lt "$size" ]; do
		head -c "$off" "$b" >"$tmp/cut"
		timeout 20 bin/dump-syms -d "$tmp/cut" testdata/dumpsyms/own/dwo5 \
			>/dev/null 2>"$tmp/err"
		rc=$?
		if [ $rc -gt 1 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err" ||
		   { [ $rc = 1 ] && ! grep -q "^dump-syms: $tmp/cut: " "$tmp/err"; }; then
			bad "$b cut at $off: exit $rc"; head -n 5 "$tmp/err"
		else ok; fi
		off=$((off + 1024))
	done
	if [ -x "$mut" ]; then
		seed=1
		while [ $seed -le 30 ]; do
			"$mut" "$b" "$tmp/flip" $seed $((seed % 16 + 1))
			timeout 20 bin/dump-syms -d "$tmp/flip" >/dev/null 2>"$tmp/err"
			rc=$?
			if [ $rc -gt 1 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
				bad "$b flipped, seed $seed: exit $rc"; head -n 5 "$tmp/err"
			else ok; fi
			seed=$((seed + 1))
		done
	fi
done

# 3. our own binaries
if [ -f tests/dumpsyms/own.sh ]; then
	out=$(sh tests/dumpsyms/own.sh "$tmp" 2>&1)
	p=$(echo "$out" | sed -n 's/^own: \([0-9]*\) passed, \([0-9]*\) failed/\1/p')
	f=$(echo "$out" | sed -n 's/^own: \([0-9]*\) passed, \([0-9]*\) failed/\2/p')
	echo "$out" | grep '^FAIL' | head -n 20
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-1}))
fi
echo "dump-syms checks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

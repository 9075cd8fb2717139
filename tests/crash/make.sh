#!/bin/sh
# tests/crash/make.sh - regenerate testdata/sig-variants/: real crashes
# of tests/crash/bugs.c written by tests/crash/mdwriter.c, for the
# signature tests (test_sigvariants, golden cases).  Four bugs (null,
# order and user through the shared fatal() wrapper, ratio), each built
# six ways (gcc -O0/-O1/-O2, clang -O1/-O2, gcc -O1 with every line
# shifted by a reformat) and run three ways (message ids, 1 to 4
# threads, ASLR on), gives 72 dumps named BUG-BUILD-RUN.dmp.  The
# program's symbols come from bin/dump-syms (else tests/crash/mksym.py);
# the system libc's (tests/crash/mksym.py: its .dynsym and .eh_frame) are
# cut down to the functions and CFI the dumps' stacks touch.
# Run from the top of the tree after `make`; needs gcc, clang, binutils,
# python3.
set -e
top=$(pwd)
out=testdata/sig-variants
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out/dumps" "$out/symbols"
mkdir -p "$out/dumps" "$out/symbols"

# the reformat: 17 comment lines on top and every statement re-indented
{ i=0; while [ $i -lt 17 ]; do echo "/* shifted line $i */"; i=$((i+1)); done
  sed 's/^\t/    /' tests/crash/bugs.c; } > "$tmp/bugs_shift.c"

build() {	# name compiler flags source
	n=$1; cc=$2; fl=$3; src=$4
	$cc -g $fl -fno-omit-frame-pointer -fdebug-prefix-map="$top"=. \
		-fdebug-prefix-map="$tmp"=. -I"$top" -o "$tmp/bugs_$n" \
		"$src" tests/crash/mdwriter.c -lpthread
	if [ -x bin/dump-syms ]; then	# symkit's own, with lines and CFI
		bin/dump-syms "$tmp/bugs_$n" > "$tmp/sym"
		id=$(head -n 1 "$tmp/sym" | cut -d' ' -f4)
		mkdir -p "$out/symbols/bugs_$n/$id"
		mv "$tmp/sym" "$out/symbols/bugs_$n/$id/bugs_$n.sym"
	else
		python3 tests/crash/mksym.py "$tmp/bugs_$n" "$out/symbols"
	fi
}
build gcc-O0 gcc -O0 tests/crash/bugs.c
build gcc-O1 gcc -O1 tests/crash/bugs.c
build gcc-O2 gcc "-O2 -fomit-frame-pointer" tests/crash/bugs.c
build clang-O1 clang -O1 tests/crash/bugs.c
build clang-O2 clang -O2 tests/crash/bugs.c
build gcc-O1-shifted gcc -O1 "$tmp/bugs_shift.c"

for bug in null order user ratio; do
	for b in gcc-O0 gcc-O1 gcc-O2 clang-O1 clang-O2 gcc-O1-shifted; do
		for run in "1 3 1" "2 77 4" "3 512 2"; do
			set -- $run
			timeout 20 "$tmp/bugs_$b" "$out/dumps/$bug-$b-$1.dmp" \
				$bug $2 $3 2>/dev/null || true
		done
	done
done

# libc: full symbols in $tmp, then only what the stacks touch
libc=$(ldd "$tmp/bugs_gcc-O1" | sed -n 's/.*libc.so.6 => \([^ ]*\).*/\1/p')
python3 tests/crash/mksym.py "$libc" "$tmp/full"
for d in "$out"/dumps/*.dmp; do
	bin/stackwalk --json "$d" "$out/symbols" "$tmp/full"
done | python3 -c '
import json, sys
for line in sys.stdin:
    for t in json.loads(line)["threads"]:
        for f in t["frames"]:
            if f["module"] == "libc.so.6":
                print(f["module_offset"])' | sort -u > "$tmp/offsets"
python3 - "$tmp/full" "$out/symbols" "$tmp/offsets" <<'PY'
import glob, os, sys
full, store, offs = sys.argv[1:]
want = set()
for line in open(offs):
    # a frame's module offset (callers: the return address), and the
    # call instruction just before it
    if line.strip():
        want.add(int(line, 16))
        want.add(int(line, 16) - 1)
src = glob.glob(os.path.join(full, 'libc.so.6', '*', 'libc.so.6.sym'))[0]
dst = os.path.join(store, os.path.relpath(src, full))
os.makedirs(os.path.dirname(dst), exist_ok=True)
keep = False
with open(src) as f, open(dst, 'w') as o:
    for line in f:
        p = line.split()
        if p[0] == 'MODULE':
            o.write(line)
        elif p[0] == 'FUNC':
            a, s = int(p[1], 16), int(p[2], 16)
            if any(a <= w < a + s for w in want):
                o.write(line)
        elif p[:3] == ['STACK', 'CFI', 'INIT']:
            a, s = int(p[3], 16), int(p[4], 16)
            keep = any(a <= w < a + s for w in want)
            if keep:
                o.write(line)
        elif p[:2] == ['STACK', 'CFI'] and keep:
            o.write(line)
PY
# the cut-down file must give the same stacks
for d in "$out"/dumps/*.dmp; do
	bin/stackwalk -m "$d" "$out/symbols" "$tmp/full" > "$tmp/a"
	bin/stackwalk -m "$d" "$out/symbols" > "$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || { echo "libc cut changes $d"; exit 1; }
done
ls "$out/dumps" | wc -l
# crash-group's input: one stackwalk --json line per dump
for d in "$out"/dumps/*.dmp; do
	bin/stackwalk --json "$d" "$out/symbols"
done > "$out/native.jsonl"

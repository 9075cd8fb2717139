#!/bin/sh
# tests/run.sh - the test runner behind `make check`.
#
# 1. every unit test binary ($BUILD/tests/test_*), which prints
#    "name: N passed, N failed";
# 2. every fuzz corpus replay ($BUILD/fuzz/replay_X over testdata/fuzz/X);
# 3. every golden case testdata/<tool>/<case>/: `args` holds the command
#    line (run from the case folder), compared with expected.out, and with
#    expected.err and expected.rc when present (rc defaults to 0);
# 4. tests/robust.sh: damaged inputs never crash or hang;
# 5. tests/check_*.sh and tests/<tool>/check.sh: comparisons with
#    reference outputs.
# Ends with "N passed, N failed"; exits 1 on any failure.
# UPDATE=1 rewrites expected.out (and .err/.rc when present).

: "${BUILD:=build/default}"
top=$(pwd)
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

add() {	# add counts from a "N passed, N failed" line
	p=$(echo "$1" | sed -n 's/.*: *\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' | tail -n 1)
	f=$(echo "$1" | sed -n 's/.*: *\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' | tail -n 1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-1}))
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	out=$("$t" 2>"$tmp/err"); rc=$?
	line=$(echo "$out" | grep 'passed, .* failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $(basename "$t"): no summary (exit $rc)"
		cat "$tmp/err"
		fail=$((fail + 1))
		continue
	fi
	[ $rc -ne 0 ] && { echo "FAIL $line"; cat "$tmp/err"; }
	[ $rc -ne 0 ] && echo "$line" | grep -q ' 0 failed' && fail=$((fail + 1))
	add "$line"
done

for r in "$BUILD"/fuzz/replay_*; do
	[ -x "$r" ] || continue
	n=${r##*/replay_}
	[ -d "testdata/fuzz/$n" ] || continue
	if out=$(timeout 300 "$r" "$n" "testdata/fuzz/$n" 2>"$tmp/err"); then
		add "$out"
	else
		echo "FAIL replay $n"; tail -n 30 "$tmp/err"
		fail=$((fail + 1))
	fi
done

golden() {	# golden case folder
	c=$1
	exp_rc=0
	[ -f "$c/expected.rc" ] && exp_rc=$(cat "$c/expected.rc")
	tool=$(basename "$(dirname "$c")")
	# shellcheck disable=SC2046
	(cd "$c" && exec timeout 60 "$top/bin/$tool" $(cat args)) \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ -n "$UPDATE" ]; then
		cp "$tmp/out" "$c/expected.out"
		[ -f "$c/expected.err" ] && cp "$tmp/err" "$c/expected.err"
		[ -f "$c/expected.rc" ] && echo $rc >"$c/expected.rc"
		pass=$((pass + 1))
		return
	fi
	ok=1
	if ! cmp -s "$tmp/out" "$c/expected.out"; then
		ok=0
		echo "FAIL $c: stdout differs"
		diff -u "$c/expected.out" "$tmp/out" | head -n 40
	fi
	if [ -f "$c/expected.err" ] && ! cmp -s "$tmp/err" "$c/expected.err"; then
		ok=0
		echo "FAIL $c: stderr differs"
		diff -u "$c/expected.err" "$tmp/err" | head -n 20
	fi
	if [ "$rc" != "$exp_rc" ]; then
		ok=0
		echo "FAIL $c: exit $rc, expected $exp_rc"
		head -n 5 "$tmp/err"
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}

for c in testdata/*/*/; do
	c=${c%/}
	[ -f "$c/args" ] || continue
	golden "$c"
done

if [ -f tests/robust.sh ]; then
	out=$(sh tests/robust.sh 2>&1); rc=$?
	line=$(echo "$out" | grep 'passed, .* failed' | tail -n 1)
	[ $rc -ne 0 ] && echo "$out" | tail -n 30
	if [ -n "$line" ]; then add "$line"; else fail=$((fail + 1)); fi
fi

# 5. tool-specific comparisons with reference outputs that golden cases
#    cannot express: tests/check_*.sh and tests/<tool>/check.sh, each
#    ending with "name: N passed, N failed".
for t in tests/check_*.sh tests/*/check.sh; do
	[ -f "$t" ] || continue
	out=$(BUILD=$BUILD sh "$t" 2>&1); rc=$?
	line=$(echo "$out" | grep 'passed, .* failed' | tail -n 1)
	[ $rc -ne 0 ] && echo "$out" | tail -n 40
	if [ -n "$line" ]; then add "$line"; else fail=$((fail + 1)); fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

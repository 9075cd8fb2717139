#!/bin/sh
# tests/check_retrace.sh - retrace against reference outputs (run by
# tests/run.sh).  testdata/retrace/ref/:
#   r8-suite/, r8-regex/   R8 retrace's own expectations: byte-exact,
#                          default and --verbose (regex.txt: --regex);
#   rust-proguard/         compared after rust-proguard's whitespace
#                          normalisation (trimmed lines, no empty lines);
#   proguard-roundtrip/,   real ProGuard runs: tests/retrace_frames.py
#   roundtrip/             verdict must be the case's target verdict
#                          (roundtrip/: tests/retrace_roundtrip.sh).
# Prints "check_retrace: N passed, N failed".
: "${BUILD:=build/default}"
B=$(pwd)/bin/retrace
R=testdata/retrace/ref
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL retrace $1"; }

for d in "$R"/r8-suite/* "$R"/r8-regex/* "$R"/own/*; do
	[ -f "$d/mapping.txt" ] || continue
	for v in "" --verbose; do
		exp=$d/expected.txt
		[ -n "$v" ] && exp=$d/expected.verbose.txt
		[ -f "$exp" ] || continue
		if [ -f "$d/regex.txt" ]; then
			"$B" $v --regex "$(head -n 1 "$d/regex.txt")" \
				"$d/mapping.txt" "$d/obfuscated.txt" \
				>"$tmp/out" 2>"$tmp/err"
		else
			"$B" $v "$d/mapping.txt" "$d/obfuscated.txt" \
				>"$tmp/out" 2>"$tmp/err"
		fi
		if cmp -s "$tmp/out" "$exp"; then ok; else
			ko "$d $v"
			diff -u "$exp" "$tmp/out" | head -n 20
		fi
	done
done

norm() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$1" | grep -v '^$'; }
for d in "$R"/rust-proguard/*; do
	[ -f "$d/mapping.txt" ] || continue
	"$B" "$d/mapping.txt" "$d/obfuscated.txt" >"$tmp/out" 2>"$tmp/err"
	norm "$tmp/out" >"$tmp/a"
	norm "$d/expected.txt" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then ok; else
		ko "$d"
		diff -u "$tmp/b" "$tmp/a" | head -n 20
	fi
done

if command -v python3 >/dev/null 2>&1; then
	for d in "$R"/proguard-roundtrip/* "$R"/roundtrip/*; do
		[ -f "$d/mapping.txt" ] || continue
		want=$(sed -n 's/^target_frames_verdict=//p' "$d/case.properties")
		nl=
		grep -q '^frames_compare=nolines' "$d/case.properties" && nl=--no-lines
		"$B" "$d/mapping.txt" "$d/obfuscated.txt" >"$tmp/out" 2>"$tmp/err"
		got=$(python3 tests/retrace_frames.py $nl "$d/groundtruth.txt" "$tmp/out")
		case "$got" in
		"$want"*) ok ;;
		*) ko "$d: $got, want $want" ;;
		esac
	done
fi
# damaged maps: cut real mappings at many offsets and flip bytes; retrace
# must exit 0 (or 1) without a crash or sanitizer report
for m in testdata/retrace/r8-real-sourcefile/mapping.txt \
	 testdata/retrace/ref/roundtrip/inv-opt-cause/mapping.txt; do
	t=$(dirname "$m")/obfuscated.txt
	[ -f "$t" ] || t=$(dirname "$m")/trace.txt
	size=$(wc -c <"$m")
	step=$((size / 24 + 1))
	off=0
	while [ "$off" -lt "$size" ]; do
		head -c "$off" "$m" >"$tmp/cut.txt"
		if [ $((off % 2)) = 1 ]; then
			# and a flipped byte in the middle of what is left
			python3 -c "import sys; b = bytearray(open(sys.argv[1], 'rb').read()); b[len(b) // 2:len(b) // 2 + 1] = b'\\xff' if b else b''; open(sys.argv[1], 'wb').write(b)" "$tmp/cut.txt" 2>/dev/null
		fi
		timeout 20 "$B" --verbose "$tmp/cut.txt" "$t" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $rc -gt 1 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
			ko "$m cut at $off: exit $rc"
			head -n 5 "$tmp/err"
		else
			ok
		fi
		off=$((off + step))
	done
done

echo "check_retrace: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# tests/bench.sh - `make bench`: runs every tests/bench/<tool>.sh (or only
# those named in BENCH="stackwalk retrace ..."), each of which measures
# its tool, prints "bench: ..." lines and exits non-zero when a figure
# passes the bound its README claim states.  Ends with
# "N passed, N failed" over the benchmarks.
pass=0
fail=0
failed=
for b in tests/bench/*.sh; do
	n=$(basename "$b" .sh)
	if [ -n "$BENCH" ]; then
		case " $BENCH " in *" $n "*) ;; *) continue;; esac
	fi
	echo "bench: == $n"
	if sh "$b"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $n"
		echo "bench: $n FAILED"
	fi
done
[ -n "$failed" ] && echo "bench: failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

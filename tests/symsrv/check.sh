#!/bin/sh
# tests/symsrv/check.sh - stackwalk against symbol servers, the symbol
# cache and its precompiled index, and --batch.  Starts
# tests/symsrv/symserver.py on 127.0.0.1 (a free port it picks), serving a
# store built from testdata/, and stops it on exit.  Every expectation
# is the output of a plain local run on the same files.
# Prints "symsrv: N passed, N failed".
: "${BUILD:=build/default}"
top=$(pwd)
sw="$top/bin/stackwalk"
L=$top/testdata/breakpad/linux-cases
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/symsrv.XXXXXX")
srvpid=
cleanup() {
	[ -n "$srvpid" ] && kill "$srvpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ok() {	# name, condition already evaluated in $?
	if [ "$1" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL symsrv: $2"
	fi
}

same() {	# name, expected file, actual file
	if cmp -s "$2" "$3"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL symsrv: $1"
		diff -u "$2" "$3" | head -n 20 | cut -c 1-160
	fi
}

command -v python3 >/dev/null || { echo "symsrv: python3 missing"; \
	echo "symsrv: 0 passed, 1 failed"; exit 1; }

# the store: every symbol tree of the linux cases in one layout
root=$tmp/root
mkdir -p "$root/buildid"
for d in "$L"/*/symbols "$L/_system_symbols"; do
	cp -R "$d"/. "$root/"
done
a1=$L/a1_null_write_gcc_O0/a1_null_write_gcc_O0.dmp
e1=$L/e1_cfi_omitfp_gxx_O2/e1_cfi_omitfp_gxx_O2.dmp
c1=$L/c_shlib_crash_gcc_O0/c_shlib_crash_gcc_O0.dmp
# Tecken's code file lookup: a_null_write by its code file and code id
echo "a_null_write DCC9791F6466171C30F1F9D2D1A86FF3C955AB68" \
     "a_null_write 1F79C9DC66641C1730F1F9D2D1A86FF30" >"$root/code-map.txt"
# debuginfod: the a1 test binary by its build id
cp "$L/a1_null_write_gcc_O0/a_null_write" \
   "$root/buildid/dcc9791f6466171c30f1f9d2d1a86ff3c955ab68"

python3 tests/symsrv/symserver.py "$root" "$tmp/port" "$tmp/log" 120 \
	2>"$tmp/server.err" &
srvpid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$tmp/port" ] || { echo "symsrv: server did not start"; \
	echo "symsrv: 0 passed, 1 failed"; exit 1; }
url=http://127.0.0.1:$(cat "$tmp/port")

# references: local runs
"$sw" "$a1" "$root" >"$tmp/ref.a1" 2>"$tmp/ref.a1.err"
# no symbols found (an empty symbol path: a store that has nothing)
mkdir -p "$tmp/empty"
"$sw" "$a1" "$tmp/empty" >"$tmp/nosym.a1" 2>/dev/null
"$sw" --json "$a1" "$root" >"$tmp/ref.a1.json" 2>/dev/null

# symbols over HTTP: same output as local, in every encoding
for m in ok gzip redirect; do
	"$sw" --symbols-url "$url/$m" "$a1" >"$tmp/out" 2>"$tmp/err"
	ok $? "$m: exit status"
	same "$m: output as local" "$tmp/ref.a1" "$tmp/out"
done
# a first server that has nothing, then one that does
"$sw" --symbols-url "$url/ok/nothing" --symbols-url "$url/ok" "$a1" \
	>"$tmp/out" 2>/dev/null
same "second server" "$tmp/ref.a1" "$tmp/out"

# 404, 500, garbage, truncated: no symbols, never wrong ones
for m in ok/nothing e500 garbage truncated; do
	"$sw" -v --symbols-url "$url/$m" "$a1" >"$tmp/out" 2>"$tmp/err"
	ok $? "$m: exit status"
	same "$m: output as without symbols" "$tmp/nosym.a1" "$tmp/out"
done
"$sw" -v --symbols-url "$url/ok/nothing" "$a1" >/dev/null 2>"$tmp/err"
grep -q "^stackwalk: $url/ok/nothing/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym: not found$" "$tmp/err"
ok $? "404: -v names the URL tried"
"$sw" -v --symbols-url "$url/e500" "$a1" >/dev/null 2>"$tmp/err"
grep -q "a_null_write.sym: HTTP 500$" "$tmp/err"
ok $? "500: -v says so"
"$sw" -v --symbols-url "$url/garbage" "$a1" >/dev/null 2>"$tmp/err"
grep -q "a_null_write.sym: not a Breakpad symbol file$" "$tmp/err"
ok $? "garbage: -v says so"
"$sw" --json --symbols-url "$url/ok/nothing" "$a1" >"$tmp/out" 2>/dev/null
grep -q "\"symbol_url\":\"$url/ok/nothing/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym\"" "$tmp/out"
ok $? "404: JSON symbol_url is the URL tried"
"$sw" --json --symbols-url "$url/ok" "$a1" >"$tmp/out" 2>/dev/null
grep -q "\"symbol_url\":\"$url/ok/libc.so.6/EC61AC938E5A39B16F9FBD350E3169A50/libc.so.6.sym\"" "$tmp/out"
ok $? "found: JSON symbol_url is the URL used"
# without a server, symbol_url stays null: the JSON is the local one
sed "s|\"symbol_url\":\"[^\"]*\"|\"symbol_url\":null|g" "$tmp/out" \
	>"$tmp/out2"
same "found: JSON as local but symbol_url" "$tmp/ref.a1.json" "$tmp/out2"

# a slow server past the timeout
start=$(date +%s)
"$sw" --symbols-timeout 0.5 --symbols-url "$url/slow" "$a1" \
	>"$tmp/out" 2>/dev/null
ok $? "slow: exit status"
same "slow: output as without symbols" "$tmp/nosym.a1" "$tmp/out"
[ $(($(date +%s) - start)) -lt 10 ]
ok $? "slow: timeout honoured"

# Tecken: the debug id is unknown, the code file and id are redirected
"$sw" --symbols-url "$url/tecken" "$a1" >"$tmp/out" 2>/dev/null
grep -q "a_null_write!store_value" "$tmp/out"
ok $? "code file lookup finds a_null_write"

# the cache: downloads kept in the store layout, with their index
c=$tmp/cache
"$sw" --symbols-cache "$c" --symbols-url "$url/ok" "$a1" >"$tmp/out" \
	2>/dev/null
same "cache: first run" "$tmp/ref.a1" "$tmp/out"
s=$c/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym
cmp -s "$s" "$root/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym"
ok $? "cache: the .sym is kept as served"
[ -s "$s""idx" ]
ok $? "cache: an index beside it"
ls -a "$c"/*/*/ | grep -q symkit-dl
[ $? != 0 ]
ok $? "cache: no temporary files left"
: >"$tmp/log"
"$sw" --symbols-cache "$c" --symbols-url "$url/e500" "$a1" >"$tmp/out" \
	2>/dev/null
same "cache: second run from the cache" "$tmp/ref.a1" "$tmp/out"
! grep -q a_null_write "$tmp/log"
ok $? "cache: no request for a cached file"
# a cache directory whose parents do not exist yet
"$sw" --symbols-cache "$tmp/new/deep/cache" --symbols-url "$url/ok" "$a1" \
	>"$tmp/out" 2>/dev/null
same "new cache directory: output" "$tmp/ref.a1" "$tmp/out"
[ -s "$tmp/new/deep/cache/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.symidx" ]
ok $? "new cache directory: made, with the index"
# misses are remembered
c2=$tmp/cache2
"$sw" --symbols-cache "$c2" --symbols-url "$url/ok/nothing" "$a1" \
	>/dev/null 2>&1
: >"$tmp/log"
"$sw" --symbols-cache "$c2" --symbols-url "$url/ok/nothing" "$a1" \
	>"$tmp/out" 2>/dev/null
same "miss: output" "$tmp/nosym.a1" "$tmp/out"
[ ! -s "$tmp/log" ]
ok $? "miss: not asked again"
# a failed download (500) is not remembered as a miss
c3=$tmp/cache3
"$sw" --symbols-cache "$c3" --symbols-url "$url/e500" "$a1" >/dev/null 2>&1
"$sw" --symbols-cache "$c3" --symbols-url "$url/ok" "$a1" >"$tmp/out" \
	2>/dev/null
same "500 then ok" "$tmp/ref.a1" "$tmp/out"

# two processes filling one cache at once
c4=$tmp/cache4
pids=
for n in 1 2 3 4; do
	"$sw" --symbols-cache "$c4" --symbols-url "$url/gzip" "$a1" \
		>"$tmp/par$n" 2>/dev/null &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
for n in 1 2 3 4; do
	same "concurrent run $n" "$tmp/ref.a1" "$tmp/par$n"
done
"$sw" --symbols-cache "$c4" "$a1" >"$tmp/out" 2>/dev/null
same "concurrent: the cache serves alone" "$tmp/ref.a1" "$tmp/out"
ls -a "$c4"/*/*/ | grep -q '\.tmp\.\|symkit-dl'
[ $? != 0 ]
ok $? "concurrent: no temporary files left"

# the index: byte-identical output with and without, all formats
c5=$tmp/cache5
for d in "$a1" "$e1" "$c1"; do
	for f in "" -m --json "-s"; do
		# shellcheck disable=SC2086
		"$sw" $f "$d" "$root" >"$tmp/plain" 2>"$tmp/plain.err"
		# shellcheck disable=SC2086
		"$sw" $f --symbols-cache "$c5" "$d" "$root" >"$tmp/cold" \
			2>"$tmp/cold.err"
		# shellcheck disable=SC2086
		"$sw" $f --symbols-cache "$c5" "$d" "$root" >"$tmp/warm" \
			2>"$tmp/warm.err"
		same "index $(basename "$d") $f: cold" "$tmp/plain" "$tmp/cold"
		same "index $(basename "$d") $f: warm" "$tmp/plain" "$tmp/warm"
		same "index $(basename "$d") $f: warm stderr" \
			"$tmp/plain.err" "$tmp/warm.err"
	done
done

# a .sym with bad lines: its warnings come back from the index
bad=$tmp/bad
mkdir -p "$bad"
cp -R "$root"/. "$bad/"
s=$bad/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym
printf 'FUNC zz\nbad line\n' >>"$s"
"$sw" "$a1" "$bad" >"$tmp/plain" 2>"$tmp/plain.err"
"$sw" --symbols-cache "$tmp/cache6" "$a1" "$bad" >/dev/null 2>&1
"$sw" --symbols-cache "$tmp/cache6" "$a1" "$bad" >"$tmp/warm" \
	2>"$tmp/warm.err"
same "corrupt .sym: output from the index" "$tmp/plain" "$tmp/warm"
same "corrupt .sym: warnings from the index" "$tmp/plain.err" \
	"$tmp/warm.err"
grep -q "Corrupt symbols" "$tmp/warm"
ok $? "corrupt .sym: still flagged"

# stale: the .sym changed after its index was built
idx=$tmp/cache6/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.symidx
cp "$root/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym" "$s"
"$sw" -v --symbols-cache "$tmp/cache6" "$a1" "$bad" >"$tmp/out" \
	2>"$tmp/err"
same "stale index: output" "$tmp/ref.a1" "$tmp/out"
grep -q "stale.*rebuilding" "$tmp/err"
ok $? "stale index: detected"
# corrupt: bytes of the index overwritten in place
sz=$(wc -c <"$idx")
printf 'XXXXXXXX' | dd of="$idx" bs=1 seek=$((sz / 2)) conv=notrunc \
	2>/dev/null
"$sw" -v --symbols-cache "$tmp/cache6" "$a1" "$bad" >"$tmp/out" \
	2>"$tmp/err"
same "corrupt index: output" "$tmp/ref.a1" "$tmp/out"
grep -q "checksum mismatch.*rebuilding" "$tmp/err"
ok $? "corrupt index: detected"
"$sw" -v --symbols-cache "$tmp/cache6" "$a1" "$bad" >"$tmp/out" \
	2>"$tmp/err"
! grep -q "rebuilding" "$tmp/err"
ok $? "corrupt index: rebuilt once"
# truncated
head -c $((sz / 3)) "$idx" >"$idx.t" && mv "$idx.t" "$idx"
"$sw" -v --symbols-cache "$tmp/cache6" "$a1" "$bad" >"$tmp/out" \
	2>"$tmp/err"
same "truncated index: output" "$tmp/ref.a1" "$tmp/out"
grep -q "truncated.*rebuilding" "$tmp/err"
ok $? "truncated index: detected"
# garbage in place of the index
head -c 4096 /dev/urandom >"$idx"
"$sw" -v --symbols-cache "$tmp/cache6" "$a1" "$bad" >"$tmp/out" \
	2>"$tmp/err"
same "garbage index: output" "$tmp/ref.a1" "$tmp/out"

# --batch: one line per dump, identical to single runs, in order
: >"$tmp/list"
: >"$tmp/single"
for n in 1 2 3 4 5; do
	for d in "$a1" "$e1" "$c1"; do
		echo "$d" >>"$tmp/list"
		"$sw" --json "$d" "$root" >>"$tmp/single" 2>/dev/null
	done
done
echo "$tmp/missing.dmp" >>"$tmp/list"
echo "$top/README.md" >>"$tmp/list"
for j in 1 2 4; do
	"$sw" --batch "$tmp/list" -j $j --symbols-cache "$tmp/cache7" \
		"$root" >"$tmp/batch" 2>/dev/null
	rc=$?
	[ $rc = 1 ]
	ok $? "batch -j $j: exit 1 with unreadable dumps"
	head -n 15 "$tmp/batch" | sed 's/^{"path":"[^"]*",/{/' >"$tmp/b"
	same "batch -j $j: documents as single runs" "$tmp/single" "$tmp/b"
	cut -d'"' -f4 "$tmp/batch" >"$tmp/paths"
	same "batch -j $j: paths in order" "$tmp/list" "$tmp/paths"
	tail -n 2 "$tmp/batch" | grep -c '"error":' | grep -q '^2$'
	ok $? "batch -j $j: error objects"
done
# the signature options reach every batch document: one frame, and an
# extra list file, as in single runs
printf '[native-skip]\n*crash*\n' >"$tmp/extra.txt"
head -n 3 "$tmp/list" >"$tmp/list3"
: >"$tmp/single3"
while read -r d; do
	"$sw" --json --sig-frames 1 --siglist "$tmp/extra.txt" "$d" "$root" \
		>>"$tmp/single3" 2>/dev/null
done <"$tmp/list3"
"$sw" --batch "$tmp/list3" -j 2 --sig-frames 1 --siglist "$tmp/extra.txt" \
	"$root" 2>/dev/null | sed 's/^{"path":"[^"]*",/{/' >"$tmp/b"
same "batch: --sig-frames and --siglist as in single runs" "$tmp/single3" \
	"$tmp/b"
"$sw" --batch "$tmp/list3" "$root" 2>/dev/null |
	sed 's/^{"path":"[^"]*",/{/' >"$tmp/b0"
! cmp -s "$tmp/b0" "$tmp/b"
ok $? "batch: the signature options change the signatures"
# each symbol file read once for the whole batch: one index written per
# file, one request per file
: >"$tmp/log"
"$sw" -v --batch "$tmp/list" -j 4 --symbols-cache "$tmp/cache9" \
	--symbols-url "$url/ok" >/dev/null 2>"$tmp/err"
n1=$(grep -c "index written" "$tmp/err")
n2=$(find "$tmp/cache9" -name '*.symidx' | wc -l)
[ "$n1" -gt 0 ] && [ "$n1" = "$n2" ]
ok $? "batch: each index written once ($n1 for $n2 files)"
[ "$(grep -c '^/ok/a_null_write/' "$tmp/log")" = 1 ]
ok $? "batch: one request for a file five dumps need"
# from stdin, symbols over HTTP
head -n 3 "$tmp/list" | "$sw" --batch - -j 2 --symbols-url "$url/ok" \
	>"$tmp/batch" 2>/dev/null
ok $? "batch from stdin: exit 0"
head -n 3 "$tmp/batch" | sed 's/^{"path":"[^"]*",/{/' | \
	sed "s|\"symbol_url\":\"[^\"]*\"|\"symbol_url\":null|g" >"$tmp/b"
head -n 3 "$tmp/single" >"$tmp/s3"
same "batch from stdin over HTTP" "$tmp/s3" "$tmp/b"

# debuginfod: the a1 binary by build id, made into symbols as dump-syms
# makes them; the reference is a local store written by dump-syms
ds=$tmp/dsstore
"$top/bin/dump-syms" -o "$ds" "$L/a1_null_write_gcc_O0/a_null_write" \
	>/dev/null 2>&1
"$sw" "$a1" "$ds" >"$tmp/ref.ds" 2>/dev/null
grep -q "a_null_write!store_value" "$tmp/ref.ds"
ok $? "debuginfod: reference from dump-syms"
"$sw" -v --debuginfod "$url" "$a1" >"$tmp/out" 2>"$tmp/err"
ok $? "debuginfod: exit status"
same "debuginfod: output as the local dump-syms store" "$tmp/ref.ds" \
	"$tmp/out"
grep -q "$url/buildid/dcc9791f6466171c30f1f9d2d1a86ff3c955ab68/debuginfo: found" "$tmp/err"
ok $? "debuginfod: /buildid/ID/debuginfo asked"
DEBUGINFOD_URLS="http://127.0.0.1:1/nothing $url" "$sw" "$a1" \
	>"$tmp/out" 2>/dev/null
same "debuginfod: DEBUGINFOD_URLS, second server" "$tmp/ref.ds" "$tmp/out"
"$sw" --json --debuginfod "$url" "$a1" >"$tmp/out" 2>/dev/null
grep -q "\"symbol_url\":\"$url/buildid/dcc9791f6466171c30f1f9d2d1a86ff3c955ab68/debuginfo\"" "$tmp/out"
ok $? "debuginfod: JSON symbol_url"
# /executable when there is no debuginfo
: >"$root/buildid/dcc9791f6466171c30f1f9d2d1a86ff3c955ab68.nodebug"
"$sw" -v --debuginfod "$url" "$a1" >"$tmp/out" 2>"$tmp/err"
same "debuginfod: /executable fallback" "$tmp/ref.ds" "$tmp/out"
grep -q "debuginfo: not found" "$tmp/err" && \
	grep -q "executable: found" "$tmp/err"
ok $? "debuginfod: /executable asked after a 404"
rm -f "$root/buildid/dcc9791f6466171c30f1f9d2d1a86ff3c955ab68.nodebug"
# kept in the cache: a later run needs no server
"$sw" --symbols-cache "$tmp/cache8" --debuginfod "$url" "$a1" \
	>/dev/null 2>&1
[ -s "$tmp/cache8/a_null_write/1F79C9DC66641C1730F1F9D2D1A86FF30/a_null_write.sym" ]
ok $? "debuginfod: .sym kept in the cache"
"$sw" --symbols-cache "$tmp/cache8" --debuginfod "$url/e500" "$a1" \
	>"$tmp/out" 2>/dev/null
same "debuginfod: second run from the cache" "$tmp/ref.ds" "$tmp/out"
# garbage where an ELF file should be: no symbols, no crash
head -c 3000 /dev/urandom >"$root/buildid/dcc9791f6466171c30f1f9d2d1a86ff3c955ab68"
"$sw" -v --debuginfod "$url" "$a1" >"$tmp/out" 2>"$tmp/err"
ok $? "debuginfod garbage: exit status"
same "debuginfod garbage: output as without symbols" "$tmp/nosym.a1" \
	"$tmp/out"
grep -q "cannot make symbols" "$tmp/err"
ok $? "debuginfod garbage: -v says so"

# usage errors
"$sw" --symbols-timeout x "$a1" >/dev/null 2>&1
[ $? = 2 ]
ok $? "bad --symbols-timeout: exit 2"
"$sw" --batch "$tmp/list" -j 0 >/dev/null 2>&1
[ $? = 2 ]
ok $? "bad -j: exit 2"

echo "symsrv: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

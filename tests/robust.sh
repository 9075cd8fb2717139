#!/bin/sh
# tests/robust.sh - damaged minidumps never crash or hang stackwalk.
# (At the end: dumps with the symbols of another cpu under their own module
# id never crash; writing to a full device is an error for stackwalk and
# dump-syms.)
# Each real dump is cut at every 512-byte boundary and, separately, has
# random bytes flipped (fixed seeds).  Every run must exit 0 or 1 within
# the time limit with no sanitizer report; a cut dump must either give
# the same output as the whole one or say what is wrong, with an offset,
# as "stackwalk: FILE: ...".
: "${BUILD:=build/default}"
sw=bin/stackwalk
mut=$BUILD/tools/mutate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
lc=testdata/breakpad/linux-cases
pt=testdata/breakpad/processor-testdata
oa=testdata/breakpad/other-arches

run() {	# dump syms... ; sets rc, writes $tmp/out $tmp/err
	timeout 20 "$sw" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

check_rc() {	# what
	if [ "$rc" -gt 1 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
		echo "FAIL $1: exit $rc"
		head -n 20 "$tmp/err"
		fail=$((fail + 1))
		return 1
	fi
	return 0
}

flips() {	# dump syms...: 40 runs with random bytes flipped
	dmp=$1
	shift
	seed=1
	while [ "$seed" -le 40 ]; do
		"$mut" "$dmp" "$tmp/flip.dmp" "$seed" $((seed % 8 + 1))
		# every other run also prints stack contents and JSON
		if [ $((seed % 2)) = 0 ]; then
			run -s "$tmp/flip.dmp" "$@"
		else
			run --json "$tmp/flip.dmp" "$@"
		fi
		check_rc "$dmp flipped, seed $seed" && pass=$((pass + 1))
		seed=$((seed + 1))
	done
}

for case in "$lc/a1_null_write_gcc_O0/a1_null_write_gcc_O0.dmp $lc/a1_null_write_gcc_O0/symbols" \
	    "$lc/e1_cfi_omitfp_gxx_O2/e1_cfi_omitfp_gxx_O2.dmp $lc/e1_cfi_omitfp_gxx_O2/symbols" \
	    "$pt/linux_inline.dmp $pt/symbols-linux_inline-new" \
	    "$pt/minidump2.dmp $pt/symbols" \
	    "$pt/tiny-exe-with-cet-xsave-x86.dmp $pt/symbols" \
	    "$oa/x86_cfi_gxx_O2_omitfp/x86_cfi_gxx_O2_omitfp.dmp $oa/x86_cfi_gxx_O2_omitfp/symbols $oa/_system_symbols_x86" \
	    "testdata/breakpad/memory64/minidump2-mem64.dmp $pt/symbols" \
	    "$oa/arm64_cfi_gxx_O2_omitfp/arm64_cfi_gxx_O2_omitfp.dmp $oa/arm64_cfi_gxx_O2_omitfp/symbols" \
	    "$oa/arm_cfi_gxx_O2_thumb/arm_cfi_gxx_O2_thumb.dmp $oa/arm_cfi_gxx_O2_thumb/symbols"; do
	set -- $case
	dmp=$1
	shift
	run "$dmp" "$@"
	cp "$tmp/out" "$tmp/full"
	size=$(wc -c <"$dmp")
	off=0
	while [ "$off" -lt "$size" ]; do
		head -c "$off" "$dmp" >"$tmp/cut.dmp"
		run "$tmp/cut.dmp" "$@"
		if check_rc "$dmp cut at $off"; then
			if cmp -s "$tmp/out" "$tmp/full" ||
			   grep -q "^stackwalk: $tmp/cut.dmp: .*offset" "$tmp/err"; then
				pass=$((pass + 1))
			else
				echo "FAIL $dmp cut at $off: no diagnostic"
				fail=$((fail + 1))
			fi
		fi
		off=$((off + 512))
	done
	flips "$dmp" "$@"
done
# microdumps (text): a cut one is still a microdump, so only the exit
# status and the sanitizers are checked
for case in "$pt/microdump-arm.dmp $pt/symbols/microdump" \
	    "$pt/microdump-arm64.dmp $pt/symbols/microdump"; do
	set -- $case
	dmp=$1
	shift
	size=$(wc -c <"$dmp")
	off=0
	while [ "$off" -lt "$size" ]; do
		head -c "$off" "$dmp" >"$tmp/cut.dmp"
		run "$tmp/cut.dmp" "$@"
		check_rc "$dmp cut at $off" && pass=$((pass + 1))
		off=$((off + 512))
	done
	flips "$dmp" "$@"
done
# a dump of one cpu with the symbols of another under its module's name
# and id (STACK CFI naming the other cpu's registers): no crash, no hang
wrong() {	# dump module id sym-from
	rm -rf "$tmp/wa"
	mkdir -p "$tmp/wa/$2/$3"
	sed "1s/.*/MODULE Linux other $3 $2/" "$4" >"$tmp/wa/$2/$3/$2.sym"
	run "$1" "$tmp/wa"
	check_rc "$1 with $4" && pass=$((pass + 1))
	run -s --json "$1" "$tmp/wa"
	check_rc "$1 with $4, json" && pass=$((pass + 1))
}
e1sym=$lc/e1_cfi_omitfp_gxx_O2/symbols/e_cfi/742AD600A5A9E97CE2318D230D36CA700/e_cfi.sym
a64=$oa/arm64_cfi_gxx_O2_omitfp
a32=$oa/arm_cfi_gxx_O2_thumb
x86=$oa/x86_cfi_gxx_O2_omitfp
wrong "$lc/e1_cfi_omitfp_gxx_O2/e1_cfi_omitfp_gxx_O2.dmp" e_cfi \
	742AD600A5A9E97CE2318D230D36CA700 "$a64/symbols/m_cfi/715070434983956B13057429C1FFAC280/m_cfi.sym"
wrong "$a64/arm64_cfi_gxx_O2_omitfp.dmp" m_cfi 715070434983956B13057429C1FFAC280 "$e1sym"
wrong "$a32/arm_cfi_gxx_O2_thumb.dmp" m_cfi BE61AA9C73E311037115F1B4526E64F40 \
	"$x86/symbols/m_cfi/9520FBA2D70481D3C2DBD27E09BDCB950/m_cfi.sym"
wrong "$x86/x86_cfi_gxx_O2_omitfp.dmp" m_cfi 9520FBA2D70481D3C2DBD27E09BDCB950 \
	"$a32/symbols/m_cfi/BE61AA9C73E311037115F1B4526E64F40/m_cfi.sym"
wrong "$pt/microdump-arm64.dmp" breakpad_unittests \
	D6D1FEC9A15DE7F38A236898871A2E770 "$e1sym"

# a full output device is an error (exit 1, a message), never exit 0
if [ -w /dev/full ]; then
	e1=$lc/e1_cfi_omitfp_gxx_O2
	for c in "$sw $e1/e1_cfi_omitfp_gxx_O2.dmp" "$sw --json $e1/e1_cfi_omitfp_gxx_O2.dmp" \
		 "bin/dump-syms $e1/e_cfi" "bin/dump-syms --help" \
		 "bin/dump-syms --version" "$sw --help" "$sw --version" \
		 "bin/retrace --help" "bin/retrace --version" \
		 "bin/smap-resolve --help" "bin/smap-resolve --version" \
		 "bin/crash-group --help" "bin/crash-group --version"; do
		$c >/dev/full 2>"$tmp/err" </dev/null
		rc=$?
		if [ $rc = 1 ] && [ -s "$tmp/err" ]; then pass=$((pass + 1))
		else echo "FAIL $c >/dev/full: exit $rc"; fail=$((fail + 1)); fi
	done
fi
echo "robust: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

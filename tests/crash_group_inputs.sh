#!/bin/sh
# tests/crash_group_inputs.sh - regenerate testdata/crash-group/data/
# native.jsonl: one `stackwalk --json` line per real dump of
# testdata/breakpad (the linux cases with and without their symbols,
# Breakpad's Linux processor test dumps).  Run from the top of the tree
# after `make`.
set -e
B=testdata/breakpad
out=testdata/crash-group/data/native.jsonl
: >"$out"
for c in a1_null_write_gcc_O0 c_shlib_crash_gcc_O0 e1_cfi_omitfp_gxx_O2; do
	d=$B/linux-cases/$c
	bin/stackwalk --json "$d/$c.dmp" "$d/symbols" >>"$out"
	bin/stackwalk --json "$d/$c.dmp" "$d/symbols-inline" \
		"$B/linux-cases/_system_symbols" >>"$out"
	bin/stackwalk --json "$d/$c.dmp" >>"$out"
done
for f in "$B"/processor-testdata/linux_*.dmp; do
	bin/stackwalk --json "$f" "$B/processor-testdata/symbols" >>"$out"
done

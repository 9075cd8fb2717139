#!/bin/sh
# tests/sig_java/make.sh - regenerate testdata/sig-jvm/: real JVM crashes
# for the signature tests.  The program in tests/sig_java/src (four bugs:
# an order and a user check that fail through the same Checks.fail()
# wrapper with the same message, a NullPointerException, a
# NumberFormatException wrapped in a RuntimeException) is compiled as is
# and reformatted (every line shifted), obfuscated by ProGuard 6.2.2 with
# two configurations (noopt: -dontoptimize; opt: 3 optimisation passes and
# -repackageclasses), and run with two message ids: per build
# BUILD = SRC-CFG, maps/BUILD.txt and traces/BUILD.txt (the eight traces,
# one after another).  jvm.jsonl is `retrace --json` over all of them,
# jvm-1frame.jsonl the same with --sig-frames 1.
# Needs a JDK and proguard-cli; run from the top of the tree after make.
set -e
top=$(pwd)
out=$top/testdata/sig-jvm
w=$top/build/sig-jvm
pgjar=/usr/share/java/proguard.jar
rm -rf "$w" "$out/maps" "$out/traces" "$out/dist"
mkdir -p "$w" "$out/maps" "$out/traces"
sh tests/retrace_jbase.sh "$w"

# the reformat: a licence block on top, blank lines between members
mkdir -p "$w/src-shifted"
(cd tests/sig_java/src && find . -name '*.java') | while read -r f; do
	mkdir -p "$w/src-shifted/$(dirname "$f")"
	{ printf '/*\n * Reformatted copy.\n *\n *\n *\n */\n'
	  sed 's/^    \([a-zA-Z].*[;{]\)$/\n    \1/' "tests/sig_java/src/$f"; } \
		> "$w/src-shifted/$f"
done

for src in plain shifted; do
	d=tests/sig_java/src
	[ $src = shifted ] && d=$w/src-shifted
	rm -rf "$w/classes"
	mkdir -p "$w/classes"
	javac --release 8 -g -d "$w/classes" $(find "$d" -name '*.java') \
		2>/dev/null
	(cd "$w/classes" && jar cf "../in-$src.jar" .)
	for cfg in noopt opt; do
		b=$src-$cfg
		case $cfg in
		noopt) opts="-dontoptimize" ;;
		opt) opts="-optimizationpasses 3
-repackageclasses ''" ;;
		esac
		cat >"$w/$b.pro" <<PRO
-injars $w/in-$src.jar
-outjars $w/out-$b.jar
-libraryjars $w/jbase.jar
-keep public class com.example.orders.Main { public static void main(java.lang.String[]); }
-printmapping $out/maps/$b.txt
-keepattributes SourceFile,LineNumberTable
-renamesourcefileattribute SourceFile
-dontwarn
$opts
PRO
		java -jar "$pgjar" @"$w/$b.pro" >"$w/pg-$b.log" 2>&1
		: >"$out/traces/$b.txt"
		for bug in order user parse import; do
			for id in 7 1234; do
				java -cp "$w/out-$b.jar" com.example.orders.Main \
					$bug $id 2>>"$out/traces/$b.txt" \
					>/dev/null || true
			done
		done
	done
done
: >"$out/jvm.jsonl"
for m in "$out"/maps/*.txt; do
	b=$(basename "$m" .txt)
	bin/retrace --json "$m" "$out/traces/$b.txt" |
		grep '"kind":"signature"' >>"$out/jvm.jsonl"
done
# one-frame signatures: the two wrapper bugs fall together (split check)
: >"$out/jvm-1frame.jsonl"
for m in "$out"/maps/*.txt; do
	b=$(basename "$m" .txt)
	bin/retrace --json --sig-frames 1 "$m" "$out/traces/$b.txt" |
		grep '"kind":"signature"' >>"$out/jvm-1frame.jsonl"
done

#!/bin/sh
# tests/retrace_roundtrip.sh - regenerate the retrace round-trip cases.
#
# Needs a JDK and Debian's proguard-cli (apt-get install default-jdk-headless
# proguard-cli); make check does not run this, it only checks the committed
# results.  The Java program in tests/retrace_java/inv is compiled, run
# unobfuscated (groundtruth.txt), obfuscated by ProGuard with four configs
# (noopt, opt, aggr, nolines; see below), run again (obfuscated.txt), and
# the mapping saved.  Cases where the obfuscated program itself behaves
# differently are dropped.  Each case gets case.properties with the frame verdict
# (tests/retrace_frames.py) bin/retrace reached when it was generated: the
# check in tests/check_retrace.sh keeps it from regressing.  proguard.txt is
# ProGuard ReTrace 6.2.2's output, for comparison only.
set -e
top=$(pwd)
out=$top/testdata/retrace/ref/roundtrip
w=$top/build/retrace-rt
pgjar=/usr/share/java/proguard.jar
rtjar=/usr/share/java/proguard-retrace.jar
rm -rf "$w"
mkdir -p "$w/classes" "$out"
javac --release 8 -g -d "$w/classes" $(find tests/retrace_java/inv -name '*.java') \
	2>/dev/null
(cd "$w/classes" && jar cf ../in.jar .)
sh tests/retrace_jbase.sh "$w"
scenarios="npe cause lambda array deep suppressed cast enum"
main=com.example.inventory.Main

for v in noopt opt aggr nolines; do
	case $v in
	noopt) opts="-dontoptimize
-keepattributes SourceFile,LineNumberTable
-renamesourcefileattribute SourceFile" ;;
	opt) opts="-optimizationpasses 5
-keepattributes SourceFile,LineNumberTable
-renamesourcefileattribute SourceFile" ;;
	aggr) opts="-optimizationpasses 5
-allowaccessmodification
-mergeinterfacesaggressively
-overloadaggressively
-repackageclasses ''
-keepattributes SourceFile,LineNumberTable
-renamesourcefileattribute SourceFile" ;;
	nolines) opts="-dontoptimize
-overloadaggressively" ;;
	esac
	cat >"$w/$v.pro" <<PRO
-injars $w/in.jar
-outjars $w/out-$v.jar
-libraryjars $w/jbase.jar
-keep public class $main { public static void main(java.lang.String[]); }
-printmapping $w/mapping-$v.txt
-dontwarn
$opts
PRO
	java -jar "$pgjar" @"$w/$v.pro" >"$w/pg-$v.log" 2>&1
	for s in $scenarios; do
		c=$out/inv-$v-$s
		mkdir -p "$c"
		cp "$w/mapping-$v.txt" "$c/mapping.txt"
		java -cp "$w/in.jar" $main $s >/dev/null 2>"$c/groundtruth.txt" || :
		java -cp "$w/out-$v.jar" $main $s >/dev/null 2>"$c/obfuscated.txt" || :
		java -cp "$rtjar" proguard.retrace.ReTrace "$c/mapping.txt" \
			"$c/obfuscated.txt" >"$c/proguard.txt" 2>/dev/null || :
		nl=
		cmp=default
		[ $v = nolines ] && { nl=--no-lines; cmp=nolines; }
		bin/retrace "$c/mapping.txt" "$c/obfuscated.txt" >"$c/expected.txt"
		verdict=$(python3 tests/retrace_frames.py $nl "$c/groundtruth.txt" \
			"$c/expected.txt" | sed 's/ .*//')
		pgv=$(python3 tests/retrace_frames.py $nl "$c/groundtruth.txt" \
			"$c/proguard.txt" | sed 's/ .*//')
		if [ "$verdict" = MISMATCH ]; then
			# the obfuscated program behaved differently (reflection
			# on renamed enums, optimised-away casts, elided frames):
			# nothing a retracer can recover
			echo "$v $s: skipped (program output differs)"
			rm -rf "$c"
			continue
		fi
		cat >"$c/case.properties" <<P
program=inv
main=$main
scenario=$s
variant=$v
frames_compare=$cmp
retrace_pg622_frames_verdict=$pgv
target_frames_verdict=$verdict
P
		echo "$v $s: retrace $verdict, proguard $pgv"
	done
done

#!/bin/sh
# tests/bench/retrace.sh - retrace speed and memory next to ProGuard's
# ReTrace 6.2.2 (Debian proguard-cli) on the same inputs, in the same run.
#
# Maps: real ProGuard 6.2.2 mappings, built here (cached in build/) by
# obfuscating Debian jars with -dontshrink -dontoptimize:
#   medium: guava, guice, commons-lang3, commons-io   (must be >= 2 MB)
#   large:  every jar in /usr/share/java + java.base   (must be >= 7 MB)
# Trace: 10,000 frames drawn from the map (tests/bench/retrace_gen.py).
# Bounds (README): retrace needs at most 1/20 of ReTrace's CPU time and
# 1/5 of its peak RSS on both maps (best of 5 runs each).  Wall times and
# their ratio are printed too; on a shared machine they mostly measure the
# scheduler (retrace's 10,000 frames take 20-40 ms of CPU).  Then a synthetic R8-style map over
# 2 GiB (generated in build/, never committed) must retrace, indexing it
# once: its wall time and RSS are printed, bounded at 60 s and 256 MB.
# Needs java, proguard-cli (installed with apt-get when root) and python3
# (its wait4() gives the same wall, CPU and peak RSS as /usr/bin/time -v).
mkdir -p build/bench-retrace
w=$(cd build/bench-retrace && pwd)
rc=0
pgjar=/usr/share/java/proguard.jar
rtjar=/usr/share/java/proguard-retrace.jar

if [ ! -f "$rtjar" ] || ! command -v javac >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y proguard-cli default-jdk-headless >/dev/null 2>&1
	fi
fi
if [ ! -f "$rtjar" ] || ! command -v java >/dev/null 2>&1; then
	echo "bench: retrace: needs proguard-cli and a JDK:" \
		"apt-get install proguard-cli default-jdk-headless"
	exit 1
fi

measure() {	# name cmd... -> wall (s), cpu (s), rss (KB): best of 5 runs
	best "$@"
	bw=$wall bc=$cpu br=$rss
	for i in 2 3 4 5; do
		best "$@"
		if awk -v a="$wall" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
			bw=$wall bc=$cpu
		fi
		[ "$rss" -lt "$br" ] && br=$rss
	done
	wall=$bw cpu=$bc rss=$br
}

best() {	# one run of measure
	mn=$1
	shift
	set -- $(python3 tests/bench/retrace_gen.py run "$w/$mn.out" "$@")
	wall=$1 cpu=$2 rss=$3
}

jbase() {	# java.base that ProGuard 6.2.2 can read
	sh tests/retrace_jbase.sh "$w"
}

mkmap() {	# name jars...
	n=$1
	shift
	[ -s "$w/$n.map" ] && return
	jbase
	{
		for j in "$@"; do echo "-injars $j(!META-INF/**,!module-info.class)"; done
		echo "-outjars $w/$n-out.jar"
		case " $* " in
		*" $w/jbase.jar "*) ;;	# java.base itself is obfuscated
		*) echo "-libraryjars $w/jbase.jar" ;;
		esac
		echo "-dontshrink"
		echo "-dontoptimize"
		echo "-dontpreverify"
		echo "-dontwarn"
		echo "-ignorewarnings"
		echo "-keepattributes SourceFile,LineNumberTable"
		echo "-renamesourcefileattribute SourceFile"
		echo "-printmapping $w/$n.map"
	} >"$w/$n.pro"
	nice -n 10 java -jar "$pgjar" @"$w/$n.pro" >"$w/$n.pglog" 2>&1
}

J=/usr/share/java
mkmap medium $J/guava.jar $J/guice.jar $J/commons-lang3.jar $J/commons-io.jar
# every distinct jar of /usr/share/java (guava, maven, plexus, proguard...)
# and OpenJDK's java.base itself
jbase
mkmap large $(for j in $J/*.jar; do readlink -f "$j"; done | sort -u) \
	"$w/jbase.jar"

for n in medium large; do
	min=2
	[ $n = large ] && min=7
	if [ ! -s "$w/$n.map" ]; then
		echo "bench: retrace: ProGuard made no $n map (see $w/$n.pglog)"
		rc=1
		continue
	fi
	size=$(wc -c <"$w/$n.map")
	mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')
	if [ "$size" -lt $((min * 1048576)) ]; then
		echo "bench: retrace: $n map is $mb MB, under $min MB"
		rc=1
		continue
	fi
	python3 tests/bench/retrace_gen.py trace "$w/$n.map" 10000 "$w/$n.trace"
	measure ours-$n bin/retrace "$w/$n.map" "$w/$n.trace"
	ow=$wall orss=$rss ocpu=$cpu
	measure pg-$n java -cp "$rtjar" proguard.retrace.ReTrace "$w/$n.map" \
		"$w/$n.trace"
	pw=$wall prss=$rss pcpu=$cpu
	echo "bench: retrace $n map ($mb MB, 10000 frames): ${ow} s wall" \
		"(${ocpu} s cpu) ${orss} KB; ProGuard ReTrace: ${pw} s wall" \
		"(${pcpu} s cpu) ${prss} KB"
	awk -v o="$ow" -v p="$pw" -v oc="$ocpu" -v pc="$pcpu" -v orss="$orss" \
	    -v prss="$prss" -v n=$n 'BEGIN {
		if (o < 0.001) o = 0.001
		if (oc < 0.01) oc = 0.01
		sp = p / o; spc = pc / oc; mem = orss / prss
		printf "bench: retrace %s: %.0fx faster (wall), %.0fx less cpu, %.1f%% of the memory\n",
			n, sp, spc, mem * 100
		exit !(spc >= 20 && mem <= 0.2) }' || rc=1
done

# synthetic map over 2 GiB
if [ ! -s "$w/huge.map" ] || [ "$(wc -c <"$w/huge.map")" -lt 2147483648 ]; then
	nice -n 10 python3 tests/bench/retrace_gen.py big "$w/huge.map" 2100 >"$w/huge.n"
fi
n=$(cat "$w/huge.n" 2>/dev/null || echo 0)
last=$((n - 1))
{
	echo 'java.lang.IllegalStateException: far away'
	echo "	at a$((last % 89)).b$last.c(SourceFile:25)"
	echo "	at a0.b0.a(SourceFile:5)"
	echo "	at a$((n / 2 % 89)).b$((n / 2)).l(SourceFile:111)"
} >"$w/huge.trace"
measure ours-huge bin/retrace "$w/huge.map" "$w/huge.trace"
hsize=$(wc -c <"$w/huge.map")
echo "bench: retrace synthetic map ($(awk -v s="$hsize" 'BEGIN { printf "%.2f", s / 1073741824 }') GiB): ${wall} s ${rss} KB"
if ! grep -q "com.example.generated.pkg$((last % 97)).Class$last.method2(Class$last.kt:" "$w/ours-huge.out"; then
	echo "bench: retrace: synthetic map lookup failed"
	cat "$w/ours-huge.out"
	rc=1
fi
awk -v t="$wall" -v r="$rss" 'BEGIN { exit !(t <= 60 && r <= 262144) }' || {
	echo "bench: retrace: synthetic map over its bound (60 s, 256 MB)"
	rc=1
}
exit $rc

#!/bin/sh
# Rebuild the own test binaries and their truth (run from this folder;
# needs gcc, g++, clang, binutils, xz, llvm-symbolizer, python3).
# Variants: gcc/clang, -O0/-O2, DWARF 4 and 5, split DWARF (GNU and
# DWARF 5), separate debug file (.gnu_debuglink and .build-id), zlib,
# zstd and legacy .zdebug sections, no DWARF, no build-id, MiniDebugInfo.
set -e
P="-ffile-prefix-map=$(pwd)=/own"
b() {	# name compiler-c compiler-cxx flags...
	n=$1; cc=$2; cxx=$3; shift 3
	$cc $P "$@" -c own_c.c -o $n.c.o
	$cxx $P "$@" -c own.cc -o $n.cc.o
	$cxx "$@" -o $n $n.cc.o $n.c.o
	rm -f $n.c.o $n.cc.o
}
b gcc-O2 gcc g++ -O2 -g
b gcc-O0-dw4 gcc g++ -O0 -gdwarf-4
b clang-O2 clang clang++ -O2 -g
b clang-O0-dw4 clang clang++ -O0 -gdwarf-4
b nobuildid gcc g++ -O2 -g -Wl,--build-id=none
mkdir -p dwo5 dwo4
(cd dwo5 && P="-ffile-prefix-map=$(pwd)=/own5" && gcc $P -O2 -g -gsplit-dwarf -c ../own_c.c -o c.o && g++ $P -O2 -g -gsplit-dwarf -c ../own.cc -o cc.o && g++ -o ../split5 cc.o c.o && rm -f c.o cc.o)
(cd dwo5 && P="-ffile-prefix-map=$(pwd)=/own5" && gcc $P -O2 -g -c ../own_c.c -o c.o && g++ $P -O2 -g -c ../own.cc -o cc.o && g++ -o ../nosplit5 cc.o c.o && rm -f c.o cc.o)
(cd dwo4 && P="-ffile-prefix-map=$(pwd)=/own4" && gcc $P -O2 -gdwarf-4 -c ../own_c.c -o c.o && g++ $P -O2 -gdwarf-4 -c ../own.cc -o cc.o && g++ -o ../nosplit4 cc.o c.o && rm -f c.o cc.o)
(cd dwo4 && P="-ffile-prefix-map=$(pwd)=/own4" && gcc $P -O2 -gdwarf-4 -gsplit-dwarf -c ../own_c.c -o c.o && g++ $P -O2 -gdwarf-4 -gsplit-dwarf -c ../own.cc -o cc.o && g++ -o ../split4 cc.o c.o && rm -f c.o cc.o)
mkdir -p dwoc
(cd dwoc && P="-ffile-prefix-map=$(pwd)=/ownc" && clang $P -O2 -g -gsplit-dwarf -c ../own_c.c -o c.o && clang++ $P -O2 -g -gsplit-dwarf -c ../own.cc -o cc.o && clang++ -o ../splitc cc.o c.o && rm -f c.o cc.o)
(cd dwoc && P="-ffile-prefix-map=$(pwd)=/ownc" && clang $P -O2 -g -c ../own_c.c -o c.o && clang++ $P -O2 -g -c ../own.cc -o cc.o && clang++ -o ../nosplitc cc.o c.o && rm -f c.o cc.o)
b gcc-O0-dw2 gcc g++ -O0 -gdwarf-2
b gcc-O2-dw3 gcc g++ -O2 -gdwarf-3
objcopy --compress-debug-sections=zlib gcc-O2 zlib
objcopy --compress-debug-sections=zstd gcc-O2 zstd
objcopy --compress-debug-sections=zlib-gnu gcc-O2 zdebug
# separate debug file, found by .gnu_debuglink and by .build-id
mkdir -p debug
objcopy --only-keep-debug gcc-O2 debug/stripped.debug
objcopy --strip-debug --add-gnu-debuglink=debug/stripped.debug gcc-O2 stripped
id=$(readelf -n gcc-O2 | sed -n 's/.*Build ID: //p')
mkdir -p debug/.build-id/$(echo $id | cut -c1-2)
cp debug/stripped.debug debug/.build-id/$(echo $id | cut -c1-2)/$(echo $id | cut -c3-).debug
objcopy --strip-debug gcc-O2 stripped-bid
# no DWARF at all; MiniDebugInfo (the Fedora recipe)
strip --strip-debug -o nodwarf gcc-O2
nm -D gcc-O2 --format=posix --defined-only | awk '{print $1}' | sort >dyn.tmp
nm gcc-O2 --format=posix --defined-only | awk '$2 ~ /[tT]/ {print $1}' | sort >fn.tmp
comm -13 dyn.tmp fn.tmp >keep.tmp
objcopy --only-keep-debug gcc-O2 mini.tmp
objcopy -S --remove-section .comment --keep-symbols=keep.tmp mini.tmp mini2.tmp
xz -f mini2.tmp
strip --strip-all -R .comment -o minidebug gcc-O2
objcopy --add-section .gnu_debugdata=mini2.tmp.xz minidebug
rm -f *.tmp *.tmp.xz
python3 truth.py gcc-O2 clang-O2 gcc-O0-dw4 clang-O0-dw4 gcc-O0-dw2 gcc-O2-dw3

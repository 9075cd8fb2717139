#!/bin/sh
# tests/retrace_jbase.sh DIR - write DIR/jbase.jar: the JDK's java.base with
# class file versions lowered to Java 11, so ProGuard 6.2.2 (which reads
# class files up to Java 13) can use it as library jar; only the API shape
# matters to it.  Used by tests/retrace_roundtrip.sh and the retrace bench.
set -e
w=$1
[ -f "$w/jbase.jar" ] && exit 0
jmod=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")/jmods/java.base.jmod
rm -rf "$w/jbase"
mkdir -p "$w"
jmod extract --dir "$w/jbase" "$jmod"
python3 - "$w/jbase/classes" <<'PY'
import os, sys
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        p = os.path.join(d, f)
        if f.endswith('.class') and f != 'module-info.class':
            b = bytearray(open(p, 'rb').read())
            if b[6] * 256 + b[7] > 55:
                b[6], b[7] = 0, 55
                open(p, 'wb').write(b)
PY
(cd "$w/jbase/classes" && jar cf ../../jbase.jar java javax)
rm -rf "$w/jbase"

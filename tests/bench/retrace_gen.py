#!/usr/bin/env python3
"""Helpers for tests/bench/retrace.sh.

  retrace_gen.py trace MAPPING N OUT     N-frame obfuscated trace from MAPPING
  retrace_gen.py big OUT SIZE_MB         synthetic mapping of SIZE_MB (R8 style)
  retrace_gen.py run OUT CMD...          run CMD (stdout to OUT), print
                                         "wall cpu maxrss_kb" (wait4's rusage,
                                         what /usr/bin/time -v reports, in us)

The trace picks methods with line ranges from the map (fixed seed) and
writes them as frames of exceptions ("Caused by:" every 40 frames), as a
JVM prints them for the obfuscated program.
"""
import os
import random
import re
import sys
import time

MEMBER = re.compile(r'^\s+(\d+):(\d+):\S+ [^ (]+\(.*\)(?::\d+(?::\d+)?)? -> (\S+)$')


def trace(mapping, n, out):
    rnd = random.Random(42)
    frames = []
    cls = None
    with open(mapping, encoding='utf-8', errors='replace') as f:
        for line in f:
            if line[:1] not in (' ', '\t', '#') and line.rstrip().endswith(':'):
                cls = line.rstrip()[:-1].split(' -> ')[-1]
                continue
            m = MEMBER.match(line.rstrip('\n'))
            if m and cls:
                frames.append((cls, m.group(3), int(m.group(1)), int(m.group(2))))
    with open(out, 'w') as o:
        for i in range(n):
            if i % 40 == 0:
                o.write('%sjava.lang.IllegalStateException: failure %d\n'
                        % ('Caused by: ' if i else 'Exception in thread "main" ', i))
            c, m, a, b = frames[rnd.randrange(len(frames))]
            o.write('\tat %s.%s(SourceFile:%d)\n' % (c, m, rnd.randint(a, b)))


def big(out, size_mb):
    limit = size_mb << 20
    written = 0
    i = 0
    with open(out, 'w') as o:
        o.write('# compiler: R8\n# {"id":"com.android.tools.r8.mapping","version":"2.2"}\n')
        while written < limit:
            chunk = []
            for j in range(1000):
                k = i + j
                chunk.append('com.example.generated.pkg%d.Class%d -> a%d.b%d:\n'
                             % (k % 97, k, k % 89, k))
                chunk.append('# {"id":"sourceFile","fileName":"Class%d.kt"}\n' % k)
                chunk.append('    int field%d -> a\n' % k)
                for m in range(12):
                    chunk.append('    %d:%d:void method%d(int,java.lang.String):%d:%d -> %s\n'
                                 % (m * 10 + 1, m * 10 + 9, m, 100 + m * 10, 108 + m * 10,
                                    chr(97 + m)))
                    chunk.append('    %d:%d:void caller%d():%d -> %s\n'
                                 % (m * 10 + 1, m * 10 + 9, m, 50 + m, chr(97 + m)))
            s = ''.join(chunk)
            o.write(s)
            written += len(s)
            i += 1000
    print(i)


def run(out, cmd):
    with open(out, 'wb') as o, open(os.devnull, 'rb') as i:
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.dup2(i.fileno(), 0)
            os.dup2(o.fileno(), 1)
            os.execvp(cmd[0], cmd)
        _, status, ru = os.wait4(pid, 0)
        t1 = time.monotonic()
    print('%.4f %.4f %d %d' % (t1 - t0, ru.ru_utime + ru.ru_stime, ru.ru_maxrss,
                               os.waitstatus_to_exitcode(status)))


if __name__ == '__main__':
    if sys.argv[1] == 'run':
        run(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == 'trace':
        trace(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        big(sys.argv[2], int(sys.argv[3]))

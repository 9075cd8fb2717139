#!/usr/bin/env python3
# tests/bench/measure.py - run a command N times under /usr/bin/time;
# print the best wall time in microseconds (time's own start included,
# well under a millisecond) and the peak RSS in KB of that run, as
# "WALL_US RSS_KB".  The RSS comes from /usr/bin/time, a small parent:
# a child forked from python would inherit python's high-water mark.
# stdout goes to OUT, stderr to OUT.err.
# Usage: measure.py N OUT cmd args...
import os
import sys
import time

n, out = int(sys.argv[1]), sys.argv[2]
cmd = ["/usr/bin/time", "-f", "%M", "-o", out + ".rss"] + sys.argv[3:]
best = None
for _ in range(n):
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    err = os.open(out + ".err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                  0o644)
    t0 = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1),
                                       (os.POSIX_SPAWN_DUP2, err, 2)])
    _, status = os.waitpid(pid, 0)
    wall = int((time.perf_counter() - t0) * 1e6)
    os.close(fd)
    os.close(err)
    if os.waitstatus_to_exitcode(status) != 0:
        print("measure: %s exited %d" % (cmd[5],
              os.waitstatus_to_exitcode(status)), file=sys.stderr)
        sys.exit(1)
    with open(out + ".rss") as f:
        rss = int(f.read().split()[-1])
    if best is None or wall < best[0]:
        best = (wall, rss)
print(best[0], best[1])

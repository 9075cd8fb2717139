#!/usr/bin/env python3
"""sym_contains.py THEIRS OURS: does OURS hold every record of THEIRS?

Records are compared after resolving FILE and INLINE_ORIGIN ids to their
names (our ids differ when we find more files or origins than Breakpad).
A line or INLINE record belongs to the FUNC record it follows.  Allowed:
a PUBLIC of theirs where ours has a FUNC starting at that address (we
found the function Breakpad lost), and INLINE records of theirs whose
ranges are all empty (we skip zero-length inlines).  Prints the missing
records (up to 20) and "N of M records held"; exit 1 if any is missing.
"""
import sys


def records(path):
    files, origins = {}, {}
    out = []
    funcs = set()
    cur = None
    with open(path, errors="replace") as f:
        lines = [l.rstrip("\n") for l in f]
    for l in lines:
        if l.startswith("FILE "):
            _, n, name = l.split(" ", 2)
            files[n] = name
        elif l.startswith("INLINE_ORIGIN "):
            _, n, name = l.split(" ", 2)
            origins[n] = name
    for l in lines:
        p = l.split(" ")
        if l.startswith(("FILE ", "INLINE_ORIGIN ")):
            continue
        if l.startswith("FUNC "):
            q = p[1:]
            if q[0] == "m":
                q = q[1:]
            cur = (q[0], q[1], " ".join(q[3:]))
            funcs.add(q[0])
            out.append(("FUNC",) + cur)
        elif l.startswith("INLINE "):
            rng = tuple(p[5:])
            if all(int(rng[i + 1], 16) == 0 for i in range(0, len(rng), 2)):
                continue
            out.append(("INLINE", cur, p[1], p[2], files.get(p[3], p[3]),
                        origins.get(p[4], p[4]), rng))
        elif l.startswith(("PUBLIC ", "STACK ", "MODULE ", "INFO ")):
            out.append((l,))
        elif cur is not None and len(p) == 4:
            out.append(("LINE", cur, p[0], p[1], p[2], files.get(p[3], p[3])))
        else:
            out.append((l,))
    return out, funcs


def main():
    theirs, _ = records(sys.argv[1])
    ours, ofuncs = records(sys.argv[2])
    have = set(ours)
    missing = []
    for r in theirs:
        if r in have:
            continue
        if r[0].startswith("PUBLIC ") and r[0].split(" ")[1] in ofuncs:
            continue
        missing.append(r)
    for r in missing[:20]:
        print("missing:", r)
    print("%d of %d records held" % (len(theirs) - len(missing), len(theirs)))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

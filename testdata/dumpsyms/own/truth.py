#!/usr/bin/env python3
"""truth.py BIN...: <bin>.truth/ in check_sym.py's format (lookups.jsonl,
functions.jsonl, truth-meta.json) from llvm-symbolizer (the .cold
suffix of symbol table names dropped) and readelf."""
import json, os, random, re, subprocess, sys


def build_id(b):
    out = subprocess.run(["readelf", "-n", b], capture_output=True, text=True).stdout
    m = re.search(r"Build ID: ([0-9a-f]+)", out)
    return m.group(1) if m else None


def meta(b):
    bid = bytes.fromhex(build_id(b))
    g = bytearray((bid + bytes(16))[:16])
    g[0:4] = g[0:4][::-1]
    g[4:6] = g[4:6][::-1]
    g[6:8] = g[6:8][::-1]
    return {"breakpad_debug_id": g.hex().upper() + "0",
            "breakpad_code_id": bid.hex().upper(),
            "breakpad_module_name": os.path.basename(b)}


def text_range(b):
    out = subprocess.run(["readelf", "-SW", b], capture_output=True, text=True).stdout
    for l in out.splitlines():
        p = l.split()
        if ".text" in p:
            i = p.index(".text")
            return int(p[i + 2], 16), int(p[i + 4], 16)


def main():
    random.seed(1)
    for b in sys.argv[1:]:
        lo, size = text_range(b)
        addrs = sorted(set(random.randrange(lo, lo + size) for _ in range(300)))
        res = subprocess.run(["llvm-symbolizer", "--output-style=JSON",
                              "--obj=" + b] + ["0x%x" % a for a in addrs],
                             capture_output=True, text=True).stdout
        d = os.path.join(b + ".truth")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "lookups.jsonl"), "w") as f:
            for r in json.loads(res):
                fr = r.get("Symbol", [])
                if not fr or not fr[0].get("FunctionName") or fr[0]["FunctionName"] == "??":
                    continue
                frames = []
                for s in fr:
                    fn = s["FunctionName"]
                    if fn.endswith(".cold"):
                        # the symbol table's name for the cold part of
                        # a function whose DWARF name has no suffix
                        fn = fn[:-5]
                    if fn.startswith("_Z"):
                        # llvm's demangler gives up on some names the GNU
                        # one (c++filt, __cxa_demangle) spells: use it
                        fn = subprocess.run(["c++filt", fn], capture_output=True,
                                            text=True).stdout.strip()
                    frames.append({"function": fn, "short": fn.split("(")[0],
                                   "file": s["FileName"], "line": s["Line"]})
                if not frames[0]["file"]:
                    continue
                if fr[0]["Line"] == 0 and fr[0]["StartLine"] == 0:
                    # no DWARF here: the name is the symbol table's
                    f.write(json.dumps({"addr": r["Address"], "source": "symtab",
                                        "symbol": frames[-1]["function"],
                                        "frames": frames}) + "\n")
                    continue
                f.write(json.dumps({"addr": r["Address"], "source": "dwarf",
                                    "frames": frames}) + "\n")
        json.dump(meta(b), open(os.path.join(d, "truth-meta.json"), "w"))
        open(os.path.join(d, "functions.jsonl"), "w").close()


main()

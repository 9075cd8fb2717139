#!/usr/bin/env python3
# tests/crash/mksym.py - a Breakpad .sym for a test binary, from binutils
# only (Breakpad's dump_syms is not packaged): MODULE with the debug id
# Breakpad derives from the GNU build id, FUNC records from `nm -S -C`
# (no line records), STACK CFI from `readelf --debug-dump=frames-interp`
# (.eh_frame).  Writes STORE/<name>/<ID>/<name>.sym.
#   mksym.py BINARY STORE
import os
import re
import subprocess
import sys


def run(*args):
    # readelf exits 1 on some of glibc's notes but prints the tables
    return subprocess.run(args, capture_output=True, text=True).stdout


def debug_id(path):
    m = re.search(r'Build ID: ([0-9a-f]+)', run('readelf', '-n', path))
    b = bytes.fromhex(m.group(1))[:16].ljust(16, b'\0')
    guid = b[3::-1] + b[5:3:-1] + b[7:5:-1] + b[8:]
    return guid.hex().upper() + '0'


def funcs(path):
    """Text symbols of .symtab, else of .dynsym (stripped libraries);
    one name per address (the first in nm's order)."""
    out = {}
    for dyn in ([], ['-D']):
        text = run('nm', '-S', '-C', '--defined-only', *dyn, path)
        for line in text.splitlines():
            p = line.split(None, 3)
            if len(p) == 4 and p[2] in 'tTwWi' and int(p[1], 16):
                out.setdefault(int(p[0], 16), (int(p[1], 16),
                                               p[3].split('@')[0]))
        if out:
            break
    return sorted((a, s, n) for a, (s, n) in out.items())


def rule(reg, val):
    m = re.fullmatch(r'c([+-]\d+)', val)
    if not m:
        return None
    name = '.ra' if reg == 'ra' else '$' + reg
    return '%s: .cfa %s + ^' % (name, m.group(1))


def cfa_rule(val):
    m = re.fullmatch(r'([a-z0-9]+)([+-]\d+)', val)
    if not m:
        return None
    return '.cfa: $%s %d +' % (m.group(1), int(m.group(2)))


def cfi(path):
    text = run('readelf', '--debug-dump=frames-interp', path)
    cies, fdes, cur = {}, [], None
    for line in text.splitlines():
        m = re.match(r'([0-9a-f]+) [0-9a-f]+ [0-9a-f]+ CIE', line)
        if m:
            cur = {'rows': [], 'cols': None}
            cies[m.group(1)] = cur
            continue
        m = re.match(r'[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ FDE cie=([0-9a-f]+) '
                     r'pc=([0-9a-f]+)\.\.([0-9a-f]+)', line)
        if m:
            cur = {'rows': [], 'cols': None, 'cie': m.group(1),
                   'lo': int(m.group(2), 16), 'hi': int(m.group(3), 16)}
            fdes.append(cur)
            continue
        if cur is None:
            continue
        s = line.split()
        if s and s[0] == 'LOC':
            cur['cols'] = s[1:]
        elif s and cur['cols'] and re.fullmatch(r'[0-9a-f]{8,}', s[0]):
            cur['rows'].append((int(s[0], 16), dict(zip(cur['cols'],
                                                         s[1:]))))
    out = []
    for f in fdes:
        rows = f['rows']
        if not rows:
            cie = cies.get(f['cie'])
            if not cie or not cie['rows']:
                continue
            rows = [(f['lo'], cie['rows'][0][1])]
        lines, ok = [], True
        for i, (loc, cols) in enumerate(rows):
            rules = [cfa_rule(cols.get('CFA', ''))]
            if rules[0] is None:
                ok = False
                break
            for reg, val in cols.items():
                if reg != 'CFA':
                    r = rule(reg, val)
                    if r:
                        rules.append(r)
            if i == 0:
                lines.append('STACK CFI INIT %x %x %s' %
                             (f['lo'], f['hi'] - f['lo'], ' '.join(rules)))
            else:
                lines.append('STACK CFI %x %s' % (loc, ' '.join(rules)))
        if ok and f['hi'] > f['lo']:
            out.extend(lines)
    return out


def main():
    path, store = sys.argv[1], sys.argv[2]
    name = os.path.basename(path)
    did = debug_id(path)
    d = os.path.join(store, name, did)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + '.sym'), 'w') as f:
        f.write('MODULE Linux x86_64 %s %s\n' % (did, name))
        for addr, size, fn in funcs(path):
            f.write('FUNC %x %x 0 %s\n' % (addr, size, fn))
        for line in cfi(path):
            f.write(line + '\n')


main()

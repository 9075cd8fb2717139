#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Rewrite a minidump as a full-memory dump: its MemoryList becomes a
Memory64List (data appended at the end of the file, in one block as
MiniDumpWriteDump lays it out) and every thread's stack descriptor loses its
RVA and size, so a reader must find the stacks in the Memory64List.

usage: mem64.py in.dmp out.dmp
"""
import struct
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    d = bytearray(open(src, 'rb').read())
    n, dir_rva = struct.unpack_from('<II', d, 8)
    ranges = None
    for i in range(n):
        off = dir_rva + 12 * i
        typ, size, rva = struct.unpack_from('<III', d, off)
        if typ == 5:    # MemoryListStream
            count = struct.unpack_from('<I', d, rva)[0]
            ranges = [struct.unpack_from('<QII', d, rva + 4 + 16 * k)
                      for k in range(count)]
            list_entry = off
        elif typ == 3:  # ThreadListStream: zero each stack's size and RVA
            count = struct.unpack_from('<I', d, rva)[0]
            for k in range(count):
                struct.pack_into('<II', d, rva + 4 + 48 * k + 32, 0, 0)
    if ranges is None:
        sys.exit('no memory list')
    while len(d) % 8:
        d.append(0)
    data_rva = len(d)
    for start, size, rva in ranges:
        d += d[rva:rva + size]
    stream_rva = len(d)
    d += struct.pack('<QQ', len(ranges), data_rva)
    for start, size, rva in ranges:
        d += struct.pack('<QQ', start, size)
    struct.pack_into('<III', d, list_entry, 9, len(d) - stream_rva,
                     stream_rva)
    open(dst, 'wb').write(d)


main()

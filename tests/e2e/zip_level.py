#!/usr/bin/env python3
"""zip_level.py XLSX LEVEL: exits 0 when every deflated member of XLSX is exactly what zlib
produces at LEVEL (raw deflate, the same zlib as the workbook stage), else prints the first
member that differs. Checks that the workbook stage's compression level (lxwhooks.c) takes."""
import sys
import zipfile
import zlib

path, level = sys.argv[1], int(sys.argv[2])
with zipfile.ZipFile(path) as z:
    members = [i for i in z.infolist() if i.compress_type == zipfile.ZIP_DEFLATED]
    if not members:
        sys.exit(f"{path}: no deflated member")
    for info in members:
        data = z.read(info.filename)
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        size = len(c.compress(data) + c.flush())
        if size != info.compress_size:
            sys.exit(f"{path}: {info.filename}: {info.compress_size} bytes compressed, "
                     f"zlib level {level} gives {size}")

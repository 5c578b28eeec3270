#!/usr/bin/env python3
"""fontsubset.py — the charts stage's smaller copy of the report font, made at build time.

usage: fontsubset.py OUTDIR [FAMILY]   (FAMILY: default "Noto Sans CJK SC", the report's font)

Writes OUTDIR/<Regular|Bold>.otf: the font fontconfig gives for FAMILY in that style, cut to
the characters of Chinese administrative text (GB 2312: 6,763 hanzi and its symbols; ASCII,
Latin-1, general punctuation, CJK symbols, full-width forms, arrows, shapes, enclosed numbers),
glyph ids, outlines, hinting, metrics and layout tables unchanged, the family renamed "Qtr
subset of FAMILY" so fontconfig keeps it apart. Then OUTDIR/fonts.txt, one line per style:
    family <TAB> style <TAB> source file <TAB> face index <TAB> size <TAB> mtime_ns <TAB> file <TAB> subset family
qtr-charts (fontsub.c) adds the two files to fontconfig and asks for "subset family,FAMILY" only
when fontconfig still gives those very source files (path, face, size and time): a character
outside the subset comes from FAMILY itself, and a reinstalled font makes the stage fall back
to the whole font, never to other glyphs. Why: cairo copies a font's whole CFF table (16 MB for
Noto Sans CJK) twice for every PDF it finishes; at 3.6 MB the charts stage takes a third less
time and half the memory (bench/gains.md).

Needs python3-fonttools (a build-time dependency, README.md). Without it, or without the font,
this prints why on stderr, writes nothing and exits 0: the stage then uses the whole font.
"""
import os
import subprocess
import sys


def ranges():
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for b1 in range(0xA1, 0xF8):  # GB 2312's rows: symbols, then level 1 and 2 hanzi
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    for lo, hi in [(0x2000, 0x206F),  # general punctuation (— … ‰ ‹ ›)
                   (0x2100, 0x214F),  # letterlike (℃ № ™)
                   (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ)
                   (0x2190, 0x21FF),  # arrows
                   (0x2200, 0x22FF),  # mathematical operators (≥ ≤ ≈ ×)
                   (0x2460, 0x24FF),  # enclosed numbers (① ⑴ ⒈)
                   (0x2500, 0x257F),  # box drawing
                   (0x25A0, 0x25FF),  # geometric shapes (▲ ▼ ● ■ ◆)
                   (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆)
                   (0x2700, 0x27BF),  # dingbats (✓ ✗)
                   (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》【】)
                   (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊀)
                   (0xFE30, 0xFE4F),  # CJK compatibility forms
                   (0xFF00, 0xFFEF)]:  # full-width forms (，：（）％)
        chars.update(range(lo, hi + 1))
    return sorted(chars)


def match(family, style):
    """fontconfig's file, face index and family for FAMILY:style=STYLE, or None."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{family[0]}",
                              "%s:style=%s" % (family, style)],
                             check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        print("fontsubset: fc-match failed: %s" % e, file=sys.stderr)
        return None
    parts = out.split("\t")
    if len(parts) != 3 or parts[2] != family:
        print("fontsubset: '%s' is not installed (fontconfig offers '%s')"
              % (family, parts[-1] if parts else ""), file=sys.stderr)
        return None
    return parts[0], int(parts[1])


def subset(job):
    src, index, out, subfamily, family = job
    import logging
    from fontTools import subset as fs
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "BASE NOT subset; dropped": unused
    opts = fs.Options()
    opts.layout_features = ["*"]      # every GSUB/GPOS feature: the same shaping
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.retain_gids = True           # glyph ids as in the source
    opts.notdef_outline = True
    opts.glyph_names = True
    opts.hinting = True
    opts.legacy_kern = True
    opts.prune_unicode_ranges = False
    opts.drop_tables = []
    opts.font_number = index
    font = fs.load_font(src, opts, dontLoadGlyphNames=False)
    sub = fs.Subsetter(options=opts)
    sub.populate(unicodes=ranges())
    sub.subset(font)
    # fontTools drops what it cannot subset: BASE (the baselines HarfBuzz aligns runs of two
    # fonts by: a line mixing the subset and the whole font moved by 0.55 pt without it). With
    # the glyph ids kept, the source's tables hold as they are.
    from fontTools.ttLib import TTFont
    source = TTFont(src, fontNumber=index, lazy=True)
    for tag in source.keys():
        if tag not in font and tag != "GlyphOrder":
            font[tag] = source[tag]
    # a family of its own (fontconfig keeps it apart); the PostScript name (6) stays, so the
    # PDF names the embedded font as before
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = rec.toUnicode().replace(family, subfamily)
    tmp = out + ".tmp"
    fs.save_font(font, tmp, opts)
    os.replace(tmp, out)
    return out


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 64
    outdir = sys.argv[1]
    family = sys.argv[2] if len(sys.argv) == 3 else "Noto Sans CJK SC"
    subfamily = "Qtr subset of " + family
    try:
        import fontTools.subset  # noqa: F401
    except ImportError:
        print("fontsubset: python3-fonttools is not installed: qtr-charts uses the whole CJK font "
              "(slower; `make deps` installs it)", file=sys.stderr)
        return 0
    jobs, lines = [], []
    for style in ("Regular", "Bold"):
        m = match(family, style)
        if m is None:
            return 0
        src, index = m
        st = os.stat(src)
        out = os.path.join(outdir, style + ".otf")
        jobs.append((src, index, out, subfamily, family))
        lines.append("\t".join([family, style, src, str(index), str(st.st_size), str(st.st_mtime_ns),
                                style + ".otf", subfamily]))
    os.makedirs(outdir, exist_ok=True)
    try:  # the two styles on two cores
        from multiprocessing import Pool
        with Pool(2) as pool:
            pool.map(subset, jobs)
    except (ImportError, OSError):
        for j in jobs:
            subset(j)
    tmp = os.path.join(outdir, "fonts.txt.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
    os.replace(tmp, os.path.join(outdir, "fonts.txt"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""tests/e2e/readable.py — every text a person reads, scanned for what must never be there.

usage: readable.py CONFIG DIR TERMINAL [DIR TERMINAL ...]

For each published folder DIR (one run of the plan CONFIG) and the terminal summary run.sh
printed for it (TERMINAL), the texts people read — the terminal, compare.txt's sentences, the
PDF's text (pdftotext) and every text cell of the workbook (openpyxl) — are scanned for:
  - `nan`, `inf`, `infinity` (a number that failed);
  - a number with more decimals than any figure is written with (docs/formats.md, figures for
    people): more than 2, or a percentage with more than 1;
  - a fraction of a whole count: a number with decimals followed by the unit of a count
    indicator of the plan (个, 家, 名 …; units that a non-count indicator of the plan also uses,
    like Gansu's 件 of 万人发明专利拥有量, are left out);
  - a target that is not there: a '/' followed directly by a unit ('532.2 /  亿元').
Each finding is printed as "FAIL: <dir> <source>: <what>: <the text around it>"; the exit status
is 1 when there is one, 0 otherwise. Paths, digests and the program's version are not figures
and are taken out of the texts before the scan.
"""
import configparser
import os
import re
import subprocess
import sys

COUNT_UNITS = {"个", "项", "家", "名", "场", "件", "人", "次", "所"}
UNITS = ["亿元", "万元", "元", "万人", "个", "项", "家", "名", "场", "件", "人", "次", "所", "%"]

BAD_WORD = re.compile(r"(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])", re.I)
LONG_DECIMAL = re.compile(r"(?<![\d.])\d[\d,]*\.\d{3,}(?![\d.])")
LONG_PERCENT = re.compile(r"(?<![\d.])\d[\d,]*\.\d{2,}\s*[%％]")
NO_TARGET = re.compile(r"/\s*(?:超过\s*)?(?:" + "|".join(re.escape(u) for u in UNITS) + r")")
# not figures: paths, digests, versions, dates and times, file names
NOT_FIGURES = [re.compile(p) for p in (
    r"\S*/\S*/\S*",              # paths (a plain 'a / b' keeps its spaces and is not one)
    r"[0-9a-f]{64}",             # sha256
    r"\d+\.\d+\.\d+(?:\.\d+)*",  # versions
    r"\d{4}-\d{2}-\d{2}T[\d:.]+Z?",
    r"\S+\.(?:csv|xlsx|pdf|ini|txt|json|png|svg)\b",
    r"如262\.5个显示为263个",     # 说明's example of how a needed count is rounded
)]


def load_plan(config):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), interpolation=None, strict=False)
    with open(config, encoding="utf-8-sig") as f:
        cp.read_string(f.read())
    inds = {}
    for sec in cp.sections():
        if sec.startswith("indicator."):
            s = cp[sec]
            inds[sec[len("indicator."):]] = (s.get("kind", "flow").strip(), s.get("unit", "").strip())
    count_units = {u for k, u in inds.values() if k not in ("ratio", "coverage") and u in COUNT_UNITS}
    other_units = {u for k, u in inds.values() if k in ("ratio", "coverage") or u not in COUNT_UNITS}
    units = count_units - other_units
    frac = re.compile(r"(?<![\d.])\d[\d,]*\.\d+\s*(?:" + "|".join(sorted(units)) + r")(?!百分点)") if units else None
    return frac


def texts(dir_, terminal):
    """(source, text) of everything people read in one published folder."""
    out = []
    with open(terminal, encoding="utf-8") as f:
        out.append(("terminal", f.read()))
    with open(os.path.join(dir_, "compare.txt"), encoding="utf-8") as f:
        words = [ln for ln in f.read().splitlines()
                 if ln.split("=", 1)[0] in ("headline", "missing_text", "input_text", "indicator")]
        out.append(("compare.txt", "\n".join(words)))
    pdfs = [n for n in os.listdir(dir_) if n.endswith(".pdf")]
    xlsxs = [n for n in os.listdir(dir_) if n.endswith(".xlsx")]
    if len(pdfs) != 1 or len(xlsxs) != 1:
        raise SystemExit(f"FAIL: {dir_}: expected one PDF and one workbook, found {pdfs} {xlsxs}")
    pdf = subprocess.run(["pdftotext", "-layout", os.path.join(dir_, pdfs[0]), "-"],
                         capture_output=True, text=True, check=True).stdout
    # the 文字通报 pages wrap lines anywhere, also inside 个百分点: rejoin it so that "9.0 个百分\n点"
    # is not read as 9.0 个
    pdf = re.sub(r"个(?:\s*\n\s*)?百(?:\s*\n\s*)?分(?:\s*\n\s*)?点", "个百分点", pdf)
    out.append(("PDF", pdf))
    brief = os.path.join(dir_, "briefing.txt")
    if os.path.exists(brief):
        with open(brief, encoding="utf-8") as f:
            out.append(("briefing.txt", f.read()))
    import openpyxl  # noqa: E402 (only where a workbook is read)
    wb = openpyxl.load_workbook(os.path.join(dir_, xlsxs[0]))
    for ws in wb.worksheets:
        cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        # formulas are not text people read
        out.append((f"workbook {ws.title}", "\n".join(v for v in cells if not v.startswith("="))))
    return out


def scan(frac, source, text):
    for p in NOT_FIGURES:
        text = p.sub(" ", text)
    found = []
    checks = [("nan or inf", BAD_WORD), ("more than 2 decimals", LONG_DECIMAL),
              ("a percentage with more than 1 decimal", LONG_PERCENT),
              ("no target before the unit", NO_TARGET)]
    if frac:
        checks.append(("a fraction of a count", frac))
    for line in text.splitlines():
        for what, rx in checks:
            m = rx.search(line)
            if m:
                found.append(f"{source}: {what}: '{m.group(0)}' in: {line.strip()[:160]}")
    return found


def main(argv):
    if len(argv) < 4 or len(argv) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    frac = load_plan(argv[1])
    bad = 0
    for dir_, terminal in zip(argv[2::2], argv[3::2]):
        for source, text in texts(dir_, terminal):
            for f in scan(frac, source, text):
                print(f"FAIL: {os.path.basename(os.path.dirname(dir_))}/{os.path.basename(dir_)} {f}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

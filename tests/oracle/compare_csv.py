#!/usr/bin/python3
"""compare_csv.py — compares CSV files written by the product with the oracle's.

    compare_csv.py [--known FILE] [--plan ID] [--period P] GOT EXPECTED [[--plan ID] GOT EXPECTED ...]

Each pair must have the same header (names and order: an extra, missing or moved column is a
difference), the same rows in the same order, equal text, and numbers equal within a relative
1e-9 (or 1e-10 absolute, for figures that are 0 and come out as 1e-15). An empty field
against a number is a difference. Every difference is printed as

    GOT:line column: got X, expected Y

--known FILE names differences that are known product bugs, one per line:
    plan|period|unit|indicator|column      (# comments and blank lines ignored)
where period and column may each list several, separated by blanks.
A difference is matched by its row's plan, period, unit and indicator columns (quarterly.csv has
no plan column: --plan names it; its period is the row's quarter) and the column's name; --plan
and --period apply to the pairs that follow them (--period overrides the row's period). A match
is printed with "known: " in front and counted apart.

Exit: 0 no difference; 1 a difference not known; 3 only known differences; 2 usage or a file
that cannot be read.
"""

import csv
import math
import re
import sys

NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
REL, ABS = 1e-9, 1e-10


def read(path):
    with open(path, encoding="utf-8", newline="") as f:  # a BOM shows in the first name
        return list(csv.reader(f))


def same(got, want):
    if got == want:
        return True
    if NUMBER.match(got) and NUMBER.match(want):
        return math.isclose(float(got), float(want), rel_tol=REL, abs_tol=ABS)
    return False


def load_known(path):
    """plan|periods|unit|indicator|columns lines; periods and columns may each list several,
    separated by blanks (one line stands for every combination)."""
    known = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 5 or not all(parts):
                raise ValueError(f"{path}: '{line}' is not plan|period|unit|indicator|column")
            for period in parts[1].split():
                for column in parts[4].split():
                    known.add((parts[0], period, parts[2], parts[3], column))
    return known


def compare(got_path, want_path, known, plan, period):
    """Returns (unknown differences, known differences) and prints each."""
    got, want = read(got_path), read(want_path)
    unknown = known_n = 0

    def report(line, column, g, w, key=None):
        nonlocal unknown, known_n
        msg = f"{got_path}:{line} {column}: got {g!r}, expected {w!r}"
        if key is not None and key in known:
            known_n += 1
            print("known: " + msg)
        else:
            unknown += 1
            print(msg)

    if not got or not want:
        report(1, "(header)", got[0] if got else "(empty file)", want[0] if want else "(empty file)")
        return unknown, known_n
    header, want_header = got[0], want[0]
    if header != want_header:
        for i in range(max(len(header), len(want_header))):
            g = header[i] if i < len(header) else "(no column)"
            w = want_header[i] if i < len(want_header) else "(no column)"
            if g != w:
                report(1, f"(header column {i + 1})", g, w)
        return unknown, known_n  # columns do not line up: nothing more can be compared
    col = {name: i for i, name in enumerate(header)}

    def key_of(row, column):
        def f(name, default):
            return row[col[name]] if name in col and col[name] < len(row) else default
        return (f("plan", plan), period if period is not None else f("period", None),
                f("unit", None), f("indicator", None), column)

    for n in range(1, max(len(got), len(want))):
        line = n + 1
        if n >= len(got):
            report(line, "(row)", "(no row)", ",".join(want[n]))
            continue
        if n >= len(want):
            report(line, "(row)", ",".join(got[n]), "(no row)")
            continue
        g, w = got[n], want[n]
        if len(g) != len(header) or len(w) != len(header):
            report(line, "(row)", f"{len(g)} fields", f"{len(w)} fields")
            continue
        for i, name in enumerate(header):
            if not same(g[i], w[i]):
                report(line, name, g[i], w[i], key_of(w, name))
    return unknown, known_n


def main(argv):
    args = list(argv)
    known, plan, period = set(), None, None
    jobs = []  # (got, expected, plan, period)
    pending = []
    try:
        while args:
            a = args.pop(0)
            if a == "--known":
                known = load_known(args.pop(0))
            elif a == "--plan":
                plan = args.pop(0)
            elif a == "--period":
                period = args.pop(0)
            elif a.startswith("--"):
                raise IndexError
            else:
                pending.append(a)
                if len(pending) == 2:
                    jobs.append((pending[0], pending[1], plan, period))
                    pending = []
        if pending or not jobs:
            raise IndexError
    except IndexError:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"compare_csv: {e}", file=sys.stderr)
        return 2
    unknown = known_n = 0
    for got_path, want_path, job_plan, job_period in jobs:
        try:
            u, k = compare(got_path, want_path, known, job_plan, job_period)
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            print(f"compare_csv: {e}", file=sys.stderr)
            return 2
        unknown += u
        known_n += k
    if unknown:
        return 1
    return 3 if known_n else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

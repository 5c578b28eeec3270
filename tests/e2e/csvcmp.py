#!/usr/bin/python3
"""Compares two CSV files by column name: text exactly, numbers numerically (relative 1e-12).

usage: csvcmp.py EXPECTED ACTUAL   (exit 0 when equal, 1 with the differences listed)
Two writers may print the same double differently (docs/formats.md), hence the numeric
comparison.
"""
import csv
import sys


def as_number(s):
    try:
        return float(s)
    except ValueError:
        return None


def main(expected_path, actual_path):
    with open(expected_path, newline="", encoding="utf-8") as f:
        exp = list(csv.DictReader(f))
    with open(actual_path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        act = list(reader)
        act_cols = reader.fieldnames or []
    problems = []
    if len(exp) != len(act):
        problems.append(f"{len(act)} rows, expected {len(exp)}")
    for i, (e, a) in enumerate(zip(exp, act), start=2):
        for col, ev in e.items():
            if col not in act_cols:
                problems.append(f"column {col} missing")
                continue
            av = a[col]
            en, an = as_number(ev), as_number(av)
            if en is not None and an is not None:
                if abs(en - an) > 1e-12 * max(1.0, abs(en)):
                    problems.append(f"line {i} {col}: {av!r}, expected {ev!r}")
            elif ev != av:
                problems.append(f"line {i} {col}: {av!r}, expected {ev!r}")
    for p in problems[:30]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

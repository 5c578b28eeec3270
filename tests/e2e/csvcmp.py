#!/usr/bin/python3
"""Compares two CSV files: the header exactly (the same names in the same order: a missing,
extra, renamed or moved column is a difference), then every row field by field: text exactly,
numbers numerically (relative 1e-12).

usage: csvcmp.py EXPECTED ACTUAL   (exit 0 when equal, 1 with the differences listed)
       csvcmp.py --columns-of EXPECTED ACTUAL
With --columns-of, only EXPECTED's columns are compared: each must be in ACTUAL's header, in the
same order (ACTUAL may have more); used where a second computation gives only some columns.
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


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return (rows[0] if rows else []), rows[1:]


def project(head, rows, columns):
    """The rows restricted to columns (each in head), in that order."""
    idx = [head.index(c) for c in columns]
    return list(columns), [[r[i] if i < len(r) else "" for i in idx] for r in rows]


def compare(expected_path, actual_path, columns_of=False):
    exp_head, exp = read(expected_path)
    act_head, act = read(actual_path)
    problems = []
    if columns_of:
        missing = [c for c in exp_head if c not in act_head]
        if missing:
            return [f"columns missing: {', '.join(missing)}"]
        if [c for c in act_head if c in exp_head] != exp_head:
            return ["the same columns in another order"]
        act_head, act = project(act_head, act, exp_head)
    if act_head != exp_head:
        problems.append(f"header {act_head!r}, expected {exp_head!r}")
        missing = [c for c in exp_head if c not in act_head]
        extra = [c for c in act_head if c not in exp_head]
        if missing:
            problems.append(f"columns missing: {', '.join(missing)}")
        if extra:
            problems.append(f"columns not expected: {', '.join(extra)}")
        if not missing and not extra:
            problems.append("the same columns in another order")
        return problems
    if len(exp) != len(act):
        problems.append(f"{len(act)} rows, expected {len(exp)}")
    for i, (e, a) in enumerate(zip(exp, act), start=2):
        if len(e) != len(a):
            problems.append(f"line {i}: {len(a)} fields, expected {len(e)}")
            continue
        for col, ev, av in zip(exp_head, e, a):
            en, an = as_number(ev), as_number(av)
            if en is not None and an is not None:
                if abs(en - an) > 1e-12 * max(1.0, abs(en)):
                    problems.append(f"line {i} {col}: {av!r}, expected {ev!r}")
            elif ev != av:
                problems.append(f"line {i} {col}: {av!r}, expected {ev!r}")
    return problems


def main(argv):
    columns_of = bool(argv) and argv[0] == "--columns-of"
    if columns_of:
        argv = argv[1:]
    if len(argv) != 2:
        print("usage: csvcmp.py [--columns-of] EXPECTED ACTUAL", file=sys.stderr)
        return 2
    expected_path, actual_path = argv
    problems = compare(expected_path, actual_path, columns_of)
    for p in problems[:30]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

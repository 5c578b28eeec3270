#!/usr/bin/python3
"""compute_expected.py — this case's facts.csv and the original twenty columns of its progress.csv,
computed from input/ by the formulas in words (neither by qtr nor by tests/oracle/oracle.py):
facts as read (万元 / 10000 = 亿元; an empty cell is a fact without a value), and progress.csv at
a quarter (2025Q4 is the case's --period).

usage: compute_expected.py QUARTER(1-4) OUTDIR   (writes OUTDIR/facts.csv, OUTDIR/progress.csv)

expected/progress.csv is the oracle's (tests/e2e/cases/make_expected.sh; it has the columns the
second release appended too); tests/e2e/golden.sh runs this script at Q4 and checks that its
facts.csv is expected/facts.csv byte for byte and that its twenty columns agree with
expected/progress.csv: two independent computations of the same figures.

Formulas (annual plan 2025, P = q / 4): flow actual = sum of the year's quarters (an empty
quarter counts 0 and is a missing quarter); stock actual = the quarter's level; stock baseline B
= the units' 2024Q4 levels; completion C = A / T; progress R = (A − B) / (T − B) for a stock
with T > B, else C; pace gap (R − P) × 100; expected B + (T − B) × P (stock) or T × P; gap
D = max(0, T − A), for a strict > on a whole count (个, 家, 名, 场) max(0, T + 1 − A) (超过1300家 is
first met at 1301); forecast A / P (flow) or B + (A − B) / P (stock); required per quarter (flows,
q < 4) D / (4 − q); status: achieved when A meets T (> strictly), else missed in Q4,
else on_track (R >= P), lagging (P − R <= 0.10), critical. Unit rows carry a target only where
the config gives one (企业技术需求发布).
"""
import csv
import os
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
COLS = {"企业技术需求发布数(个)": "demands", "挂牌成果数(个)": "listings", "科技成果转化对接活动(场)": "events",
        "技术经纪人累计人数(名)": "brokers", "高新技术企业数(家)": "hightech", "技术合同成交额(万元)": "contract_volume",
        "支持规上工业企业研发(家)": "rd_enterprises"}
ORDER = ["demands", "listings", "events", "brokers", "hightech", "contract_volume", "rd_enterprises"]
UNITS = ["城关区", "七里河区", "兰州新区"]
META = {"demands": ("企业技术需求发布", "个", "flow", ">=", 1500), "listings": ("挂牌成果", "个", "flow", ">=", 350),
        "events": ("科技成果转化对接活动", "场", "flow", ">=", 20), "brokers": ("技术经纪(理)人", "名", "stock", ">=", 900),
        "hightech": ("高新技术企业", "家", "stock", ">", 1300),
        "contract_volume": ("技术合同成交额", "亿元", "flow", ">=", 135),
        "rd_enterprises": ("规上工业企业研发提升", "家", "flow", ">=", 50)}
WHOLE = {"个", "家", "名", "场"}  # whole counts: a strict > target T is first met at T + 1
UNIT_TARGETS = {"demands": {"城关区": 600, "七里河区": 500, "兰州新区": 400}}
HEAD = ("plan,period,unit,indicator,name,measure_unit,kind,comparator,target,actual,completion,time_progress,"
        "progress,pace_gap_pp,expected,gap_to_target,forecast,required_per_quarter,status,missing_quarters").split(",")


def read_facts():
    facts, vals = [], {}
    for f in sorted(os.listdir(os.path.join(HERE, "input"))):
        with open(os.path.join(HERE, "input", f), encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        for line, r in enumerate(rows[1:], 2):
            for h, cell in zip(rows[0][2:], r[2:]):
                ind = COLS[h]
                v = ""
                if cell != "":
                    d = Decimal(cell) / (Decimal(10000) if ind == "contract_volume" else 1)
                    vals[(r[0], r[1], ind)] = d
                    v = format(d.normalize(), "f")
                facts.append([r[0], r[1], ind, v, f, str(line)])
    return facts, vals


def progress(vals, q):
    quarters = ["2025Q%d" % k for k in range(1, q + 1)]
    p = q / 4

    def actual(u, ind):
        if META[ind][2] == "flow":
            return sum(vals.get((x, u, ind), Decimal(0)) for x in quarters)
        return vals[(quarters[-1], u, ind)]

    def missing(units, ind):
        return ";".join("Q%d" % (k + 1) for k, x in enumerate(quarters)
                        if any((x, u, ind) not in vals for u in units))

    def row(unit, ind, a, t, b, miss):
        name, mu, kind, cmp_, _ = META[ind]
        a = float(a)
        out = {k: "" for k in HEAD}
        out.update(plan="statuses-2025", period=quarters[-1], unit=unit, indicator=ind, name=name, measure_unit=mu,
                   kind=kind, comparator=cmp_, actual=repr(a), time_progress=repr(p), missing_quarters=miss)
        out["forecast"] = repr(a / p if b is None else b + (a - b) / p)
        if t is None:
            return out
        c = a / t
        stock = b is not None and t > b
        r = (a - b) / (t - b) if stock else c
        met = a > t if cmp_ == ">" else a >= t
        gap = max(0, t + (1 if cmp_ == ">" and mu in WHOLE else 0) - a)
        status = ("achieved" if met else "missed" if q == 4 else "on_track" if r >= p
                  else "lagging" if p - r <= 0.10 else "critical")
        out.update(target=repr(float(t)), completion=repr(c), progress=repr(r), pace_gap_pp=repr((r - p) * 100),
                   expected=repr(float(b + (t - b) * p if stock else t * p)),
                   gap_to_target=repr(float(gap)), status=status)
        if kind == "flow" and q < 4:
            out["required_per_quarter"] = repr(gap / (4 - q))
        return out

    rows = []
    for ind in ORDER:
        b = float(sum(vals[("2024Q4", u, ind)] for u in UNITS)) if META[ind][2] == "stock" else None
        rows.append(row("全市", ind, sum(actual(u, ind) for u in UNITS), META[ind][4], b, missing(UNITS, ind)))
    for u in UNITS:
        for ind in ORDER:
            b = float(vals[("2024Q4", u, ind)]) if META[ind][2] == "stock" else None
            rows.append(row(u, ind, actual(u, ind), UNIT_TARGETS.get(ind, {}).get(u), b, missing([u], ind)))
    return rows


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("1", "2", "3", "4"):
        sys.exit("usage: compute_expected.py QUARTER(1-4) OUTDIR")
    q = int(sys.argv[1])
    out = sys.argv[2]
    facts, vals = read_facts()
    with open(os.path.join(out, "facts.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["period", "unit", "indicator", "value", "source", "line"])
        w.writerows(facts)
    with open(os.path.join(out, "progress.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, HEAD, lineterminator="\n")
        w.writeheader()
        w.writerows(progress(vals, q))


if __name__ == "__main__":
    main()

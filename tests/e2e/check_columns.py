#!/usr/bin/env python3
"""progress.csv's year-on-year and rank columns (docs/formats.md) are filled, and empty only where
the docs say: checked on every row of the quarters given, from the row itself, facts.csv and the
config (its unit targets, from unit_targets and [units] targets_file), not from qtr's code.

  prev_year_actual  empty only when some part of it was not reported: a flow's quarters 1..q of
                    the year before, a stock's level at that quarter (a region row: any unit's);
                    checked for flows and stocks (ratios, coverage and period flows: filled or
                    not, the oracle checks the value)
  yoy_growth        filled exactly when prev_year_actual is filled and not 0 (and actual filled)
  rank              empty on region rows; on unit rows exactly when the unit has no value this
                    year (no actual, or every quarter of the year missing) or, ranked by
                    completion, no completion
  rank_basis        empty on region rows; else completion where the indicator has unit targets,
                    actual otherwise
  yoy_rank          filled exactly when the unit has a value this year and a yoy_growth
  rank_prev         empty in Q1 and on region rows
  card              green / yellow / red from the status where a target exists, else empty

usage: check_columns.py CONFIG FACTS PROGRESS... ; prints FAIL lines and one summary line.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import readback as rb  # noqa: E402

CARD = {"achieved": "green", "on_track": "green", "above_range": "green", "not_due": "green",
        "lagging": "yellow", "critical": "red", "missed": "red"}


def unit_targets(config, plan):
    """indicator id -> set of units with a target (INI unit_targets and the targets file)."""
    out = {i.id: set(i.unit_targets) for i in plan.indicators}
    import configparser
    cp = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"), strict=False)
    with open(config, encoding="utf-8-sig") as fh:
        cp.read_file(fh)
    tf = cp["units"].get("targets_file", "").strip() if cp.has_section("units") else ""
    if tf:
        path = tf if os.path.isabs(tf) else os.path.join(os.path.dirname(os.path.abspath(config)), tf)
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        for row in csv.DictReader(text.splitlines()):
            if (row.get("unit") or "").strip():
                out[row["indicator"].strip()].add(row["unit"].strip())
    return out


def main():
    config, facts_path, progress = sys.argv[1], sys.argv[2], sys.argv[3:]
    plan = rb.Plan(config)
    targets = unit_targets(config, plan)
    # aliases in the targets file or unit_targets: compare by roster name where it matters
    reported = {}  # (period, unit, series) -> has a value
    for f in rb.read_csv(facts_path):
        reported[(f["period"], f["unit"], f["indicator"])] = f["value"] != ""
    fails = oks = 0

    def check(cond, where, msg):
        nonlocal fails, oks
        if cond:
            oks += 1
        else:
            fails += 1
            print("FAIL: columns %s: %s" % (where, msg))

    for path in progress:
        rows = rb.read_csv(path)
        units = []
        for r in rows:
            if r["unit"] != plan.total_name and r["unit"] not in units:
                units.append(r["unit"])
        for r in rows:
            year, q = rb.period_parts(r["period"])
            ind = plan.by_id[r["indicator"]]
            city = r["unit"] == plan.total_name
            where = "%s %s %s %s" % (plan.id, r["period"], r["unit"], r["indicator"])
            prev, yoy = r["prev_year_actual"], r["yoy_growth"]
            if ind.kind in ("flow", "stock"):
                who = units if city else [r["unit"]]
                qs = range(1, q + 1) if ind.kind == "flow" else [q]
                parts = [("%dQ%d" % (year - 1, k), u) for k in qs for u in who]
                complete = all(reported.get((p, u, ind.id), False) for p, u in parts)
                check((prev != "") == complete, where + " prev_year_actual",
                      "%r, but last year's parts are %s" % (prev, "all reported" if complete else "not all reported"))
            want_yoy = prev != "" and float(prev) != 0 and r["actual"] != ""
            check((yoy != "") == want_yoy, where + " yoy_growth", "%r with prev_year_actual %r" % (yoy, prev))
            if city:
                for c in ("rank", "rank_basis", "yoy_rank", "rank_prev"):
                    check(r[c] == "", where + " " + c, "%r on a region row" % r[c])
            else:
                basis = "completion" if targets[ind.id] else "actual"
                check(r["rank_basis"] == basis, where + " rank_basis", "%r, want %r" % (r["rank_basis"], basis))
                has_value = r["actual"] != "" and rb.reported_this_year(r, q)
                ranked = has_value and (basis == "actual" or r["completion"] != "")
                check((r["rank"] != "") == ranked, where + " rank", "%r (has a value this year: %s, completion %r)"
                      % (r["rank"], has_value, r["completion"]))
                check((r["yoy_rank"] != "") == (has_value and yoy != ""), where + " yoy_rank",
                      "%r with a value this year: %s, yoy_growth %r" % (r["yoy_rank"], has_value, yoy))
                if q == 1:
                    check(r["rank_prev"] == "", where + " rank_prev", "%r in Q1" % r["rank_prev"])
            want_card = CARD.get(r["status"], "") if r["target"] != "" else ""
            check(r["card"] == want_card, where + " card", "%r with status %r, target %r" % (r["card"], r["status"], r["target"]))
        # in Q2..Q4 the previous quarter's rank is there for some unit
        by_ind = {}
        for r in rows:
            if r["unit"] != plan.total_name and r["rank_prev"]:
                by_ind[r["indicator"]] = True
        if rows and rb.period_parts(rows[0]["period"])[1] > 1:
            ranked = {r["indicator"] for r in rows if r["unit"] != plan.total_name and r["rank"]}
            check(ranked <= set(by_ind), "%s %s rank_prev" % (plan.id, rows[0]["period"]),
                  "no rank_prev at all for %r" % sorted(ranked - set(by_ind)))
    print("columns %s: %d ok, %d failed" % (plan.id, oks, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

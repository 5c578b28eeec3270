#!/usr/bin/env python3
"""check_card.py — the summary card (<plan>-<period>-summary.png) read back.

usage: check_card.py --date YYYY-MM-DD PNG TEXTLOG DIR CONFIG

PNG is the card as published; TEXTLOG the text layout log qtr-charts --card-text wrote while
drawing that same card (the caller checks the two runs gave byte-identical PNGs); DIR the
published folder (progress.csv, compare.txt); CONFIG the plan.

Checks, from the PNG's own bytes: a PNG 1080 px wide, 8-bit RGB, with no chunk but IHDR, IDAT
and IEND (no time or text: reruns are byte-identical), as tall as its content. From the log:
every text at least 28 px, none cut with "…", inside the 56 px margins, no two overlapping.
Against progress.csv, compare.txt and the config, independently of the product's code: the plan
name and quarter, the headline and the names of what lags under it, one row per indicator in plan order (up to 60, then "另有 N 项指标")
with its completion, name,
status word, compare.txt's sentence (whose completion and actual agree with progress.csv) and the
※缺报 mark exactly when the row misses a quarter; the 重点关注 block naming every lagging,
critical or missed indicator worst first, with its completion and the units behind it (with
unit targets: the attention units, lowest completion first; else the lowest year-on-year
growth) and those missing a quarter; the data notice exactly when input was rejected or a report is missing; the footer's
date and PDF name. Greyscale: every text's luminance contrast against the pixels behind it is
at least 4.5:1 (what a greyscale print or a phone in the sun keeps), and every status mark
beside its word stands 3:1 off the background (2:1 for the light ring of 未评估).
Exit 0 when every check passes; each failure is printed.
"""
import argparse
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import readback as rb  # noqa: E402

WIDTH, PAD, MIN_TEXT = 1080, 56, 28.0
ROWS = 60  # indicator rows on the card; the rest are counted in one line
LABELS = dict(rb.STATUS_LABEL, not_due="未到期", **{"": "未评估"})
ATTENTION = ["critical", "missed", "lagging"]

failures = []


def bad(msg):
    failures.append(msg)
    print("FAIL:", msg)


def check(cond, msg):
    if not cond:
        bad(msg)
    return cond


# ---------------------------------------------------------------- the PNG

def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        bad("%s: not a PNG" % path)
        return None
    pos, chunks, idat = 8, [], b""
    while pos < len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        chunks.append(kind)
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    check(chunks[0] == b"IHDR" and chunks[-1] == b"IEND", "PNG chunks start with IHDR and end with IEND")
    extra = sorted({k.decode("latin-1") for k in chunks} - {"IHDR", "IDAT", "IEND"})
    check(not extra, "PNG has no chunk but IHDR, IDAT, IEND (found %s)" % extra)
    check(w == WIDTH, "PNG is %d px wide (want %d)" % (w, WIDTH))
    check(depth == 8 and ctype == 2, "PNG is 8-bit RGB (depth %d, colour type %d)" % (depth, ctype))
    raw = zlib.decompress(idat)
    return {"w": w, "h": h, "raw": raw, "rows": {}}


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def png_row(png, y):
    """Row y as bytes RGB, unfiltered. A row filtered with None or Sub stands alone; one filtered
    with Up, Average or Paeth needs the row above, decoded first."""
    rows, stride, raw = png["rows"], png["w"] * 3, png["raw"]
    todo = [y]
    while raw[todo[-1] * (stride + 1)] > 1 and todo[-1] > 0 and todo[-1] - 1 not in rows:
        todo.append(todo[-1] - 1)
    for r in reversed(todo):
        if r in rows:
            continue
        off = r * (stride + 1)
        ft, line = raw[off], bytearray(raw[off + 1:off + 1 + stride])
        prev = rows.get(r - 1, bytes(stride)) if ft > 1 else b""
        if ft == 1:
            for i in range(3, stride):
                line[i] = (line[i] + line[i - 3]) & 255
        elif ft == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ft == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - 3] if i >= 3 else 0) + prev[i]) // 2) & 255
        elif ft == 4:
            for i in range(stride):
                line[i] = (line[i] + paeth(line[i - 3] if i >= 3 else 0, prev[i], prev[i - 3] if i >= 3 else 0)) & 255
        rows[r] = bytes(line)
    return rows[y]


def luminance(rgb):
    def lin(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def pixel(png, x, y):
    row = png_row(png, int(y))
    x = int(x)
    return tuple(row[3 * x:3 * x + 3])


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


# ---------------------------------------------------------------- the text log

def read_log(path):
    items = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        f = line.rstrip("\n").split("\t")
        if len(f) != 9:
            bad("%s:%d: %d fields, want 9" % (path, n, len(f)))
            continue
        x, y, w, h, size = map(float, f[:5])
        items.append({"x": x, "y": y, "w": w, "h": h, "size": size, "cut": f[5] == "1",
                      "color": tuple(int(f[6][i:i + 2], 16) for i in (1, 3, 5)), "section": f[7], "text": f[8]})
    return items


def overlaps(a, b, eps=0.5):
    return (a["x"] + eps < b["x"] + b["w"] and b["x"] + eps < a["x"] + a["w"] and
            a["y"] + eps < b["y"] + b["h"] and b["y"] + eps < a["y"] + a["h"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--date", required=True)
    ap.add_argument("png")
    ap.add_argument("log")
    ap.add_argument("dir")
    ap.add_argument("config")
    a = ap.parse_args()
    plan = rb.Plan(a.config)
    rows = rb.read_csv(os.path.join(a.dir, "progress.csv"))
    cmp = rb.read_kv(os.path.join(a.dir, "compare.txt"))
    period = rows[0]["period"]
    city = [r for r in rows if r["unit"] == plan.total_name]
    units = [r for r in rows if r["unit"] != plan.total_name]
    png = read_png(a.png)
    items = read_log(a.log)
    if png is None or not items:
        bad("nothing to check")
        return 1

    # geometry: legible, uncut, inside the margins, apart, and the card as tall as its content
    for it in items:
        where = "%s %r" % (it["section"], it["text"][:30])
        check(it["size"] >= MIN_TEXT, "%s: %.1f px, below %d" % (where, it["size"], MIN_TEXT))
        check(not it["cut"], "%s: cut with …" % where)
        check(it["x"] >= PAD - 0.5 and it["x"] + it["w"] <= WIDTH - PAD + 0.5,
              "%s: x %.1f..%.1f outside the margins" % (where, it["x"], it["x"] + it["w"]))
        check(it["y"] >= 0 and it["y"] + it["h"] <= png["h"] - PAD + 0.5, "%s: below the card's end" % where)
    for i, p in enumerate(items):
        for q in items[i + 1:]:
            check(not overlaps(p, q), "texts overlap: %r and %r" % (p["text"][:20], q["text"][:20]))
    bottom = max(it["y"] + it["h"] for it in items)
    check(abs(png["h"] - (bottom + PAD)) <= 1.5, "card height %d for content ending at %.1f" % (png["h"], bottom))

    by = {}
    for it in items:
        by.setdefault(it["section"], []).append(it)
    texts = lambda s: [it["text"] for it in by.get(s, [])]  # noqa: E731

    # title and headline
    horizon = rb.horizon_cn(plan)
    want_sub = "%s · %s截至%s · 进展速览" % (plan.region, horizon + " · " if horizon else "", rb.period_cn(period))
    check(texts("title") == [plan.name, want_sub], "title: %r, want %r" % (texts("title"), [plan.name, want_sub]))
    def names(most=None):
        out = ""
        for st in ATTENTION:
            these = [r["name"] for r in city if r["status"] == st]
            if these:
                shown = these if most is None else these[:most]
                more = " 等 %d 项" % len(these) if len(these) > len(shown) else ""
                out += "%s：%s%s。" % (LABELS[st], "；".join(shown), more)
        return out or "各项指标均无滞后。"
    # a few lagging indicators are named in full; many, up to 3 of each status with the count
    lagging = sum(1 for r in city if r["status"] in ATTENTION)
    allowed = [names()] + ([names(m) for m in (3, 2, 1)] if lagging > 6 else [])
    got = texts("headline")
    check(got[:1] == cmp["headline"] and len(got) == 2 and got[1] in allowed,
          "headline %r, want %r and one of %r" % (got, cmp["headline"], allowed))
    check(texts("section")[:1] == ["各项指标"], "the rows' section head")

    # one row per indicator, plan order
    sentences = {}
    for line in cmp.get("indicator", []):
        f = line.split("|")
        sentences[f[0]] = f[4]
    row_items = list(by.get("row", []))
    check([r["indicator"] for r in city] == [i.id for i in plan.indicators], "progress.csv city rows in plan order")
    k = 0
    for r in city[:ROWS]:
        ind = plan.by_id[r["indicator"]]
        nk = rb.numkind(r["measure_unit"], r["kind"])
        comp = rb.person_text(rb.num(r["completion"]), "percent") or "—"
        got = [it["text"] for it in row_items[k:k + 4]]
        want = [comp, r["name"], LABELS[r["status"]], sentences.get(r["indicator"])]
        check(got == want, "row %s: %r, want %r" % (ind.id, got, want))
        sentence = got[3] if len(got) == 4 else ""
        if "提升进度 " in sentence:  # a ratio with a baseline: the sentence tells the progress its status follows
            prog = rb.person_text(rb.num(r["progress"]), "percent")
            check("提升进度 " + prog in sentence, "row %s: the sentence's 提升进度 is progress.csv's %s" % (ind.id, prog))
        elif rb.num(r["completion"]) is not None:
            check("完成 " + comp in sentence, "row %s: the sentence's completion is progress.csv's %s" % (ind.id, comp))
        actual = rb.person_text(rb.num(r["actual"]), nk)
        if actual is not None:
            check(sentence.startswith(actual) or sentence.startswith("实际 " + actual),
                  "row %s: the sentence starts with the actual %s: %r" % (ind.id, actual, sentence))
        if k + 2 < len(row_items):
            label = row_items[k + 2]
            check(contrast(label["color"], pixel(png, label["x"] - 3, label["y"] + 3)) >= 4.5,
                  "row %s: the status word's contrast" % ind.id)
            # the mark left of the word, along its middle line: a graphic's 3:1 against the
            # background (WCAG 1.4.11) for every status, 未评估's open grey ring too
            cy = label["y"] + label["h"] / 2
            darkest = min((pixel(png, x, cy) for x in range(PAD, int(label["x"]) - 2)), key=luminance)
            want = 3.0
            got = contrast(darkest, pixel(png, PAD - 8, cy))
            check(got >= want, "row %s: status mark at %.1f:1 in greyscale, want %.1f:1" % (ind.id, got, want))
        k += 4
        nxt = row_items[k]["text"] if k < len(row_items) else ""
        marked = nxt.startswith("※缺报") or nxt.startswith("未覆盖")
        if r["missing_quarters"]:
            check(nxt.startswith("※缺报" + rb.missing_text(r["missing_quarters"])),
                  "row %s: mark ※缺报%s, got %r" % (ind.id, r["missing_quarters"], nxt))
        zero = [u["unit"] for u in units if u["indicator"] == ind.id and rb.num(u["actual"]) == 0]
        if r["kind"] == "coverage" and zero:
            check(marked and "未覆盖：" + zero[0] in nxt, "row %s: mark 未覆盖：%s, got %r" % (ind.id, zero[0], nxt))
        check(marked == bool(r["missing_quarters"] or (r["kind"] == "coverage" and zero)),
              "row %s: a mark exactly when a quarter is missing or a unit not covered" % ind.id)
        if marked:
            k += 1
    if len(city) > ROWS:
        got = row_items[k]["text"] if k < len(row_items) else ""
        check(got == "另有 %d 项指标，见完整报告。" % (len(city) - ROWS), "rows beyond %d: %r" % (ROWS, got))
        k += 1
    check(k == len(row_items), "row section: %d texts left over" % (len(row_items) - k))

    # 重点关注: the lagging, critical and missed indicators, worst first
    lag = [r for s in ATTENTION for r in city if r["status"] == s]
    lag_items = texts("lag")
    check(("重点关注" in texts("section")) == bool(lag), "重点关注 exactly when something lags")
    shown = lag[:6]
    for j, r in enumerate(shown):
        head = "%s（%s）" % (r["name"], LABELS[r["status"]])
        got = lag_items[2 * j:2 * j + 2]
        if not check(len(got) == 2 and got[0] == head, "重点关注 item %d: %r, want %r" % (j + 1, got[:1], head)):
            continue
        body = got[1]
        comp = rb.person_text(rb.num(r["completion"]), "percent")
        check(body.startswith("完成 " + comp), "重点关注 %s: starts with 完成 %s: %r" % (r["indicator"], comp, body))
        mine = [u for u in units if u["indicator"] == r["indicator"]]
        if any(u["rank_basis"] == "completion" for u in mine):
            behind = sorted((rb.num(u["completion"]), i, u["unit"]) for i, u in enumerate(mine)
                            if u["status"] in ATTENTION and u["completion"] != "")
            if behind:
                first = behind[0]
                missed = sum(mine[i]["status"] == "missed" for _, i, _ in behind)
                label = "单位滞后" if missed == 0 else "单位未完成" if missed == len(behind) else "单位滞后或未完成"
                want = "%s：%s（完成 %s" % (label, first[2], rb.person_text(first[0], "percent"))
                check(want in body, "重点关注 %s: names %r" % (r["indicator"], want))
                for _, _, name in behind[:3]:
                    check(name in body, "重点关注 %s: names the unit %s" % (r["indicator"], name))
            else:
                check("分解到单位的目标均未滞后" in body, "重点关注 %s: no unit lags" % r["indicator"])
        else:
            yoy = sorted((rb.num(u["yoy_growth"]), i, u["unit"]) for i, u in enumerate(mine) if u["yoy_growth"] != "")
            if yoy:
                check("同比最低：" + yoy[0][2] in body, "重点关注 %s: lowest growth %s first" % (r["indicator"], yoy[0][2]))
        late = [u["unit"] for u in mine if u["missing_quarters"]]
        check(("；缺报：" in body) == bool(late), "重点关注 %s: 缺报 exactly when a unit misses a quarter" % r["indicator"])
        if late:
            check("；缺报：" + late[0] + " " in body, "重点关注 %s: names %s first as missing a quarter" % (r["indicator"], late[0]))
    more = len(lag) - len(shown)
    check(len(lag_items) == 2 * len(shown) + (1 if more else 0),
          "重点关注: %d texts for %d items" % (len(lag_items), len(shown)))
    if more:
        where = "完整报告" if len(city) > ROWS else "上方各行"
        check(lag_items[-1] == "另有 %d 项，见%s。" % (more, where), "重点关注: 另有 %d 项，见%s" % (more, where))

    # the data notice, the footer
    in_scope = int(cmp.get("input.errors_in_scope", ["0"])[0] or 0)
    missing = int(cmp["units_missing"][0])
    notice = texts("notice")
    check(bool(notice) == (in_scope > 0 or missing > 0), "notice exactly when input was rejected or reports are missing")
    if notice:
        check(notice[0] == "数据质量提示", "notice head")
        if missing:
            check(cmp["missing_text"][0].split("、")[0] in notice[1], "notice names the first unit with missing reports")
    y, m, d = (int(x) for x in a.date.split("-"))
    want = "生成日期：%d年%d月%d日 · 完整报告：%s-%s.pdf" % (y, m, d, plan.id, period)
    check(texts("footer") == [want], "footer %r, want %r" % (texts("footer"), [want]))

    # greyscale: every text against the pixels behind it
    for it in items:
        bg = pixel(png, max(0, it["x"] - 3), it["y"] + 3)
        c = contrast(it["color"], bg)
        check(c >= 4.5, "%s %r: contrast %.1f:1 on %s" % (it["section"], it["text"][:20], c, bg))
    print("%s %s: %d texts, %d rows, %d lagging, %dx%d px: %s" % (plan.id, period, len(items), len(city), len(lag),
                                                                   png["w"], png["h"], "FAILED" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

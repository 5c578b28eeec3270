#!/usr/bin/python3
"""account.py — checks that qtr-ingest lost nothing of one input file (docs/input.md, What is
rejected and how; issue 5).

    account.py --config PLAN.ini --facts facts.csv --rejects rejects.csv [--source NAME]
               [--expect WORDS]... [--verbatim TEXT]... FILE...

Several FILEs (each named in facts.csv and rejects.csv as given) are checked in one run; then
--source, --expect and --verbatim are not allowed.

Re-reads FILE independently of qtr: decodes it the way docs/input.md says (UTF-8 with or without
BOM, UTF-16 with BOM, else GB18030; a NUL byte or an undecodable byte rejects the whole file),
splits it into records with a mirror of pipeline/core/csvr.c (libcsv strict mode fed one
physical line at a time, with the same recovery), and maps the header with a simplified
version of the header rules. Then it checks:

  * accounting: every cell of a mapped column in every data row is a fact (source, line,
    indicator) or is covered by a reject (that cell, its row, or its column at line 1); every
    unmapped column is listed exactly once at line 1; syntax errors are rejects at their line;
    a file rejected whole has a reject saying so, and nothing else of it is a fact;
  * facts and rejects point at real records: each fact's line starts a data row whose header
    maps that indicator; each reject's line starts a record or a syntax-error span;
  * every reject is one clean line: no control characters, raw cut to about 200 bytes;
  * --expect WORDS: some reject of the file has the code WORDS (docs/formats.md) or its reason
    contains WORDS (case-insensitive); "L12:WORDS"
    requires it on line 12; "-" expects nothing;
  * --verbatim TEXT: TEXT appears unchanged in rejects.csv (raw or reason) and nowhere in
    facts.csv (formula-looking text stays text).
  * task progress files (docs/input.md, Task progress: a header with a task id column and a
    status column): every data row is a status of task_facts.csv (--task-facts; its source and
    line) or has a reject on its line, never both; no fact of facts.csv comes from such a file;
    every column that is neither read nor for the reader is listed once at line 1.

Prints one line per problem and exits 1 when there is any; 0 otherwise.
"""
import argparse
import configparser
import csv
import io
import os
import re
import sys

csv.field_size_limit(1 << 30)

CONTROL = re.compile("[\x00-\x1f\x7f]")
BLANKS = set(" \t\r\n\v\f\u00a0\u3000\ufeff")
# the codes of rejects.csv (docs/formats.md) that concern a file or folder not read at all
WHOLE_FILE = {"file_unreadable", "file_binary", "file_undecodable", "file_too_large",
              "file_replaced", "not_a_file", "file_empty", "file_no_rows", "no_unit_column",
              "header_unreadable", "lock_file", "link_outside", "link_loop", "same_folder_twice",
              "output_folder_skipped", "published_report_skipped", "folder_unreadable",
              "folder_too_deep", "path_too_long"}
UNDECODABLE = {"file_binary", "file_undecodable"}


# ---------------------------------------------------------------- text rules (pipeline/core/text.c)

def trim(s):
    i, j = 0, len(s)
    while i < j and s[i] in BLANKS:
        i += 1
    while j > i and s[j - 1] in BLANKS:
        j -= 1
    return s[i:j]


def norm_key(s):
    out = []
    for ch in s:
        if ch in BLANKS:
            continue
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        if "A" <= ch <= "Z":
            ch = ch.lower()
        out.append(ch)
    return "".join(out)


def excerpt(s, limit=200):
    """qtr_excerpt: cut to `limit` bytes on a UTF-8 boundary, controls become spaces, '…'."""
    b = s.encode("utf-8", "surrogatepass")
    cut = len(b) > limit
    if cut:
        n = limit
        while n > 0 and (b[n] & 0xC0) == 0x80:
            n -= 1
        b = b[:n]
    b = bytes(0x20 if (c < 0x20 or c == 0x7F) else c for c in b)
    return b.decode("utf-8", "replace") + ("\u2026" if cut else "")


# ---------------------------------------------------------------- the plan (simplified)

def split_list(v):
    return [t for t in (trim(x) for x in v.replace("\uff0c", ",").split(",")) if t]


def split_header(h):
    key = norm_key(h)
    if len(key.encode()) > 2 and key.endswith(")"):
        o = key.rfind("(")
        if o > 0:
            return key[:o], key[o + 1:-1]
    return key, ""


class Plan:
    def __init__(self, path):
        cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), strict=False,
                                       interpolation=None)
        with open(path, encoding="utf-8-sig") as fh:
            cp.read_file(fh)

        def get(sec, key, default=None):
            if cp.has_option(sec, key):
                v = trim(cp.get(sec, key)).strip('"')
                return v if v else default
            return default
        self.period_headers = [norm_key(x) for x in split_list(get("input", "period_headers", "报告期"))]
        self.unit_headers = [norm_key(x) for x in split_list(get("input", "unit_headers", "填报单位"))]
        totals = split_list(get("input", "total_names", "全市, 合计, 总计"))
        totals.append(get("plan", "total_name", "全市"))
        self.total_keys = {norm_key(t) for t in totals}
        self.series = {}   # id -> list of (name key, unit)
        for sec in cp.sections():
            if sec.startswith("indicator.") or sec.startswith("series."):
                heads = get(sec, "headers")
                if heads:
                    self.series[sec.split(".", 1)[1]] = [split_header(h) for h in split_list(heads)]

    def match_series(self, key):
        name, _unit = split_header(key) if key.endswith(")") else (key, "")
        for sid, heads in self.series.items():
            for hk, hu in heads:
                full = hk + ("(%s)" % hu if hu else "")
                if full == key or hk == name or hk == key:
                    return sid
        return None


# ---------------------------------------------------------------- decoding (docs/input.md)

def decode(data):
    """(text, None) or (None, why) when qtr must reject the whole file."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data[2:].decode("utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be")
        except UnicodeDecodeError:
            return None, "undecodable UTF-16"
        return (None, "NUL character") if "\0" in text else (text, None)
    if b"\0" in data:
        return None, "NUL byte"
    if data[:3] == b"\xef\xbb\xbf":
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError:
            return None, "invalid UTF-8 after a BOM"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), None
    except UnicodeDecodeError:
        return None, "neither UTF-8 nor GB18030"


# ---------------------------------------------------------------- CSV (mirror of csvr.c + libcsv)

ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN, FIELD_MIGHT_HAVE_ENDED = range(4)
MAX_FIELDS = 16384
MAX_REPARSE = 8


def physical_lines(text):
    """Lines with their terminators: LF, CRLF or a lone CR."""
    out, start, i, n = [], 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n" or c == "\r":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            out.append(text[start:i + 1])
            start = i + 1
        i += 1
    if start < n:
        out.append(text[start:])
    return out


class Reader:
    """Records as (line, fields) and syntax errors as (line, end_line, reason)."""

    def __init__(self, sep=","):
        self.sep = sep  # "\t" for Excel's "Unicode text" (UTF-16, tab-separated)
        self.records, self.errors = [], []
        self.line = 0
        self.reparses = 0
        self.rec_lines = []
        self.in_record = False
        self.start_line = 0
        self.restart()

    def restart(self):
        self.state, self.quoted, self.spaces = ROW_NOT_BEGUN, False, 0
        self.entry, self.fields = [], []

    def submit_field(self):
        if not self.quoted and self.spaces:
            del self.entry[-self.spaces:]
        self.fields.append("".join(self.entry))
        self.state, self.entry, self.quoted, self.spaces = FIELD_NOT_BEGUN, [], False, 0

    def submit_row(self):
        if len(self.fields) > MAX_FIELDS:
            self.errors.append((self.start_line, self.line, "too many fields"))
        else:
            self.records.append((self.start_line, self.fields))
        self.fields = []
        self.state, self.entry, self.quoted, self.spaces = ROW_NOT_BEGUN, [], False, 0
        self.in_record = False
        self.rec_lines = []

    def parse(self, s):
        """libcsv csv_parse in strict mode; False on a strict error."""
        for c in s:
            st = self.state
            if st in (ROW_NOT_BEGUN, FIELD_NOT_BEGUN):
                if c in " \t" and c != self.sep:
                    continue
                if c in "\r\n":
                    if st == FIELD_NOT_BEGUN:
                        self.submit_field()
                        self.submit_row()
                    continue
                if c == self.sep:
                    self.submit_field()
                elif c == '"':
                    self.state, self.quoted = FIELD_BEGUN, True
                else:
                    self.state, self.quoted = FIELD_BEGUN, False
                    self.entry.append(c)
            elif st == FIELD_BEGUN:
                if c == '"':
                    if self.quoted:
                        self.entry.append(c)
                        self.state = FIELD_MIGHT_HAVE_ENDED
                    else:
                        return False
                elif c == self.sep:
                    if self.quoted:
                        self.entry.append(c)
                    else:
                        self.submit_field()
                elif c in "\r\n":
                    if not self.quoted:
                        self.submit_field()
                        self.submit_row()
                    else:
                        self.entry.append(c)
                elif not self.quoted and c in " \t" and c != self.sep:
                    self.entry.append(c)
                    self.spaces += 1
                else:
                    self.entry.append(c)
                    self.spaces = 0
            else:  # FIELD_MIGHT_HAVE_ENDED
                if c == self.sep or c in "\r\n":
                    del self.entry[len(self.entry) - self.spaces - 1:]
                    self.spaces = 0
                    self.submit_field()
                    if c != ",":
                        self.submit_row()
                elif c in " \t" and c != self.sep:
                    self.entry.append(c)
                    self.spaces += 1
                elif c == '"':
                    if self.spaces:
                        return False
                    self.state = FIELD_BEGUN
                else:
                    return False
        return True

    def fini(self):
        """libcsv csv_fini with CSV_STRICT_FINI; False for an unclosed quote."""
        if self.state == FIELD_BEGUN and self.quoted:
            return False
        if self.state == FIELD_MIGHT_HAVE_ENDED:
            del self.entry[len(self.entry) - self.spaces - 1:]
            self.spaces = 0
        if self.state != ROW_NOT_BEGUN:
            self.submit_field()
            self.submit_row()
        return True

    def feed_line(self, s):
        self.line += 1
        if not self.in_record and s.strip(" \r\n" if self.sep == "\t" else " \t\r\n"):
            self.in_record, self.start_line, self.rec_lines = True, self.line, []
        if self.in_record:
            self.rec_lines.append(s)
        if self.state == ROW_NOT_BEGUN and '"' not in s:  # fast path, same result as parse()
            body = s.rstrip("\r\n")
            if body.strip(" " if self.sep == "\t" else " \t"):
                self.fields = [f.strip(" \t") for f in body.split(self.sep)]
                self.submit_row()
            return
        if not self.parse(s):
            start = self.start_line if self.in_record else self.line
            self.errors.append((start, self.line, "malformed quotes"))
            self.restart()
            self.in_record, self.rec_lines = False, []

    def read(self, text):
        for s in physical_lines(text):
            self.feed_line(s)
        while not self.fini():
            swallowed, bad, last = self.rec_lines, self.start_line, self.line
            self.restart()
            self.in_record, self.rec_lines = False, []
            if self.reparses >= MAX_REPARSE:
                self.errors.append((bad, last, "rest of the file"))
                break
            self.reparses += 1
            self.errors.append((bad, bad, "quote never closed"))
            self.line = bad
            for s in swallowed[1:]:
                self.feed_line(s)
        return self


# ---------------------------------------------------------------- the checks

class Check:
    def __init__(self):
        self.problems = []

    def fail(self, msg):
        self.problems.append(msg)


def load_csv(chk, path):
    """The rows of one of qtr's outputs, which must be valid UTF-8."""
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        chk.fail("%s is not valid UTF-8 (byte %d: %r)" % (os.path.basename(path), e.start,
                                                          data[max(0, e.start - 20):e.start + 4]))
        text = data.decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def check_reject_text(chk, rejects):
    for r in rejects:
        for col in ("raw", "reason", "column"):
            v = r[col]
            bad = CONTROL.search(v)
            if bad:
                chk.fail("reject line %s: control character %r in %s: %r" % (r["line"], bad.group(), col, v[:80]))
        if len(r["raw"].encode()) > 210 or len(r["column"].encode()) > 210:
            chk.fail("reject line %s: raw or column not cut to ~200 bytes" % r["line"])
        if not r["reason"]:
            chk.fail("reject line %s has no reason" % r["line"])


def check_expect(chk, rejects, expects):
    for e in expects:
        if e == "-":
            continue
        line = None
        if e.startswith("L") and ":" in e and e[1:e.index(":")].isdigit():
            line, e = e[1:e.index(":")], e[e.index(":") + 1:]
        hits = [r for r in rejects if (e.lower() in r["reason"].lower() or e == r.get("code"))
                and (line is None or r["line"] == line)]
        if not hits:
            chk.fail("no reject says %r%s" % (e, " on line %s" % line if line else ""))


def check_verbatim(chk, rejects, facts, texts):
    for t in texts:
        if not any(t in r["raw"] or t in r["reason"] for r in rejects):
            chk.fail("%r does not appear verbatim in rejects.csv" % t)
        for f in facts:
            if any(t in v for v in f.values()):
                chk.fail("%r appears in facts.csv: %r" % (t, f))


def separator(data, text):
    """qtr reads UTF-16 text whose first non-blank line has tabs and no comma as tab-separated."""
    if data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return ","
    for line in text.replace("\r", "\n").split("\n"):
        if line.strip(" \t"):
            return "\t" if "\t" in line and "," not in line else ","
    return ","


# ---------------------------------------------------------------- task progress files

TASK_ROLES = {
    "id": ("任务编号", "任务序号", "task", "task_id"),
    "status": ("进展状态", "完成状态", "任务状态", "状态", "status"),
    "period": ("报告期", "period"),
    "note": ("进展说明", "情况说明", "备注", "说明", "note"),
    "info": ("任务名称", "重点任务", "name", "责任部门", "责任单位", "牵头部门", "lead", "完成时限",
             "时间进度", "due"),
}


def is_task_header(keys):
    return (any(k in TASK_ROLES["id"] for k in keys)
            and any(k in TASK_ROLES["status"] for k in keys))


def account_tasks(chk, plan, source, keys, names, hline, data, hfields, facts, rejects, rej_at,
                  task_facts, span_lines):
    """A task progress file: each data row is one status of task_facts.csv or a reject."""
    if facts:
        chk.fail("%d facts of facts.csv from a task progress file" % len(facts))
    seen, ignored = set(), []
    for i, k in enumerate(keys):
        role = next((r for r, ks in TASK_ROLES.items() if k in ks
                     or (r == "period" and k in plan.period_headers)), None)
        if role == "info":
            continue
        if role is None or role in seen:
            ignored.append(i)
        else:
            seen.add(role)
    line1 = rej_at.get(str(hline), [])
    for i in ignored:
        n = sum(1 for x in line1 if x["column"] == names[i] or
                (not names[i] and "第 %d 列" % (i + 1) in x["reason"]))
        if n < 1:
            chk.fail("column %d (%r) is not read but not listed at line %d" % (i + 1, names[i][:40], hline))
    mine = {}
    for t in task_facts:
        if t["source"] == source:
            mine.setdefault(t["line"], []).append(t)
    data_lines = set()
    for line, fields in data:
        sl = str(line)
        data_lines.add(sl)
        here = [x for x in rej_at.get(sl, [])]
        got = mine.get(sl, [])
        if len(got) > 1:
            chk.fail("line %d: %d statuses in task_facts.csv" % (line, len(got)))
        if got and any(x["severity"] == "error" for x in here):
            chk.fail("line %d: both a status in task_facts.csv and an error in rejects.csv" % line)
        if not got and not here:
            chk.fail("line %d: task row %r is neither in task_facts.csv nor in rejects.csv"
                     % (line, ",".join(fields)[:60]))
    for sl in mine:
        if sl not in data_lines:
            chk.fail("task_facts.csv has a status on line %s, which starts no data row" % sl)
    record_lines = data_lines | {str(hline)} | {str(a) for a in span_lines}
    for r in rejects:
        if r["line"] and r["line"] not in record_lines:
            chk.fail("reject on line %s (%s), which starts no record" % (r["line"], r["reason"][:60]))


def account(chk, plan, text, source, facts, rejects, sep=",", task_facts=None):
    rd = Reader(sep).read(text)
    starts = {}
    header = None
    data = []
    for line, fields in rd.records:
        if all(not trim(f) for f in fields):
            continue
        if header is None:
            header = (line, fields)
        else:
            data.append((line, fields))
    span_lines = {a for a, _b, _w in rd.errors}
    rej_at = {}
    for r in rejects:
        rej_at.setdefault(r["line"], []).append(r)
    for a, b, why in rd.errors:
        if str(a) not in rej_at:
            chk.fail("syntax error (%s) on lines %d-%d is not a reject" % (why, a, b))
    if header is None:
        return
    hline, hfields = header
    names = [excerpt(trim(h)) for h in hfields]
    keys = [norm_key(h) for h in hfields]
    role, series = {}, {}
    if is_task_header(keys):
        if task_facts is None:
            chk.fail("a task progress file: give task_facts.csv (--task-facts) to account for it")
            return
        account_tasks(chk, plan, source, keys, names, hline, data, hfields, facts, rejects, rej_at,
                      task_facts, span_lines)
        return
    is_long = all(k in keys for k in ("period", "unit", "indicator", "value"))
    if is_long:
        vcol = max(i for i, k in enumerate(keys) if k == "value")
        ucol = max(i for i, k in enumerate(keys) if k == "unit")
    else:
        pcol = ucol = None
        for i, k in enumerate(keys):
            if k in plan.period_headers:  # a second one is checked against the first
                if pcol is None:
                    pcol, role[i] = i, "period"
                else:
                    role[i] = "check"
            elif k in plan.unit_headers:
                if ucol is None:
                    ucol, role[i] = i, "unit"
                else:
                    role[i] = "check"
            else:
                sid = plan.match_series(k)
                role[i] = "series" if sid else "unmapped"
                if sid:
                    series[i] = sid
        line1 = rej_at.get(str(hline), [])
        unmapped = [i for i, r in role.items() if r == "unmapped"]
        warned, want = {}, {}
        for x in line1:
            if x.get("code") in ("column_unknown", "column_no_header"):
                n = re.match("第 ([0-9]+) 列", x["reason"])
                k = x["column"] or ("column %s" % n.group(1) if n else x["reason"])
                warned[k] = warned.get(k, 0) + 1
        for i in unmapped:
            k = names[i] or "column %d" % (i + 1)
            want[k] = want.get(k, 0) + 1
        for i in unmapped:
            k = names[i] or "column %d" % (i + 1)
            if warned.get(k, 0) != want[k]:
                chk.fail("unmapped column %d (%r) listed %d times, not once" % (i + 1, k[:40], warned.get(k, 0)))
                break
    fact_keys = {}
    for f in facts:
        fact_keys.setdefault((f["line"], f["indicator"]), 0)
        fact_keys[(f["line"], f["indicator"])] += 1
    rej_cell = {(r["line"], r["column"]) for r in rejects}
    col_errors = {(r["line"], r["column"]) for r in rejects if r["severity"] == "error"}
    data_lines = set()
    for line, fields in data:
        sl = str(line)
        data_lines.add(sl)
        here = rej_at.get(sl, [])
        if len(fields) != len(hfields):
            if not here:
                chk.fail("line %d: %d fields (header %d) but no reject" % (line, len(fields), len(hfields)))
            continue
        if norm_key(fields[ucol]) in plan.total_keys:
            continue  # a total row: skipped, warned only when it differs
        checks = [names[i] for i, r in role.items() if r == "check"]
        row_level = [x for x in here if x["column"] in ("",) or
                     (not is_long and x["column"] in [names[pcol] if pcol is not None else None, names[ucol]] + checks)
                     or (is_long and x["column"] in ("period", "unit", "indicator"))]
        if is_long:
            if not row_level and not here and not any(k[0] == sl for k in fact_keys):
                chk.fail("line %d: long-format value %r is neither a fact nor a reject" % (line, fields[vcol][:40]))
            continue
        for i, sid in series.items():
            if (fact_keys.get((sl, sid)) or row_level or (sl, names[i]) in rej_cell
                    or (str(hline), names[i]) in col_errors):
                continue
            chk.fail("line %d column %d (%s) %r: not in facts.csv nor in rejects.csv"
                     % (line, i + 1, names[i][:30], fields[i][:40]))
    # the other direction: facts and rejects point at records
    for f in facts:
        if f["line"] not in data_lines:
            chk.fail("fact %s %s %s on line %s, which starts no data row" % (f["period"], f["unit"], f["indicator"], f["line"]))
        elif not is_long and f["indicator"] not in series.values():
            chk.fail("fact on line %s for %s, which no column maps" % (f["line"], f["indicator"]))
    record_lines = data_lines | {str(hline)} | {str(a) for a in span_lines}
    for r in rejects:
        if r["line"] and r["line"] not in record_lines:
            chk.fail("reject on line %s (%s), which starts no record" % (r["line"], r["reason"][:60]))


def check_file(plan, path, source, all_facts, all_rejects, expect, verbatim, task_facts=None):
    """The problems of one input file (a list of texts)."""
    chk = Check()
    facts = [f for f in all_facts if f["source"] == source]
    rejects = [r for r in all_rejects if r["source"] == source]
    check_expect(chk, rejects, expect)
    check_verbatim(chk, rejects, facts, verbatim)
    with open(path, "rb") as fh:
        data = fh.read()
    text, why = decode(data)
    whole = [r for r in rejects if r.get("code") in WHOLE_FILE]
    if text is None:
        if not any(r.get("code") in UNDECODABLE for r in rejects):
            chk.fail("the file is not text (%s) but no reject says it cannot be decoded" % why)
        if facts:
            chk.fail("%d facts from a file that cannot be decoded" % len(facts))
    elif any(r.get("code") in UNDECODABLE for r in rejects):
        chk.fail("qtr could not decode the file, but it is valid %s" %
                 ("UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "UTF-8 or GB18030"))
    elif whole:
        if facts:
            chk.fail("%d facts from a file rejected whole (%s)" % (len(facts), whole[0]["reason"]))
    else:
        account(chk, plan, text, source, facts, rejects, separator(data, text), task_facts)
    return chk.problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--facts", required=True)
    ap.add_argument("--rejects", required=True)
    ap.add_argument("--source", help="the file's name in facts/rejects (default: FILE as given)")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--verbatim", action="append", default=[])
    ap.add_argument("--task-facts", help="task_facts.csv: the task progress files are accounted for too")
    ap.add_argument("file", nargs="+", help="input files, each named in facts/rejects as given")
    a = ap.parse_args()
    if len(a.file) > 1 and (a.source or a.expect or a.verbatim):
        ap.error("--source, --expect and --verbatim take one FILE")
    plan = Plan(a.config)
    chk = Check()
    all_facts = load_csv(chk, a.facts)
    all_rejects = load_csv(chk, a.rejects)
    check_reject_text(chk, all_rejects)
    task_facts = load_csv(chk, a.task_facts) if a.task_facts else None
    bad = 0
    for p in chk.problems[:50]:
        print("account: %s" % p)
    bad += len(chk.problems)
    for path in a.file:
        source = a.source or path
        problems = check_file(plan, path, source, all_facts, all_rejects, a.expect, a.verbatim,
                              task_facts)
        for p in problems[:50]:
            print("account %s: %s" % (os.path.basename(source), p))
        if len(problems) > 50:
            print("account %s: ... and %d more" % (os.path.basename(source), len(problems) - 50))
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

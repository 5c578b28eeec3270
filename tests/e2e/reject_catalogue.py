#!/usr/bin/python3
"""reject_catalogue.py — checks tests/e2e/reject_catalogue.txt against the code and qtr-ingest.

usage: reject_catalogue.py ROOT BIN SCRATCH

(a) every message literal of the scanned C files is catalogued and every catalogued text is still
    in the code; (b) every catalogued kind is written to rejects.csv, with its severity, by
    qtr-ingest (BIN/qtr-ingest) run on its fixture. Prints "ok: ..." per kind, "SKIP: ..." for a
    kind no fixture can produce, "FAIL: ..." per problem; exits 1 when there is any problem.
"""
import csv
import os
import re
import subprocess
import sys

CONVERSION = re.compile(r"%[-0-9.]*(?:zu|ld|lu|lld|d|u|s|c|x|X|f|g)")
PROSE = re.compile(r"[a-z]{2,} [a-z]")  # a literal holding an English phrase is a message
# in the files of the "scan-zh" line, a literal holding Chinese and a full-width colon or
# semicolon (the reasons' "…；整行拒收", "…：已忽略") is a message too
PROSE_ZH = re.compile(r"[\u4e00-\u9fff][^\n]*[：；]|[：；][^\n]*[\u4e00-\u9fff]")


def literals(path):
    """(line, text) of every string literal of a C file, adjacent literals joined."""
    src = open(path, encoding="utf-8").read()
    src = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), src, flags=re.S)
    src = re.sub(r"//[^\n]*", "", src)
    src = re.sub(r"'(?:[^'\\\n]|\\.)'", "' '", src)  # character constants ('"')
    out = []
    for m in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', src):
        text = "".join(re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0)))
        text = text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") \
            if "\\" in text else text
        out.append((src.count("\n", 0, m.start()) + 1, text))
    return out


def pattern(text):
    """A regular expression for text: printf conversions and '*' stand for any text."""
    pieces = re.split(r"%[-0-9.]*(?:zu|ld|lu|lld|d|u|s|c|x|X|f|g)|\*", text)
    return re.compile(".*?".join(re.escape(p) for p in pieces), re.S)


def read_catalogue(path, problems):
    scan, scan_zh, entries, keys = [], [], [], set()
    for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "scan":
            scan = cols[1].split()
            continue
        if cols[0] == "scan-zh":
            scan_zh = cols[1].split()
            continue
        if len(cols) not in (4, 5):
            problems.append("catalogue line %d: %d columns, expected 4 or 5" % (n, len(cols)))
            continue
        key, sev, fixture, text = cols[:4]
        expect = cols[4] if len(cols) == 5 else None
        if key in keys:
            problems.append("catalogue line %d: key %s twice" % (n, key))
        keys.add(key)
        if sev not in ("error", "warning", "none"):
            problems.append("catalogue line %d: severity %r" % (n, sev))
        if fixture == "-" and not expect:
            problems.append("catalogue line %d: %s has no fixture and does not say why" % (n, key))
        if sev == "none" and fixture != "-":
            problems.append("catalogue line %d: %s is no reject but names a fixture" % (n, key))
        entries.append({"key": key, "sev": sev, "fixture": fixture, "text": text, "expect": expect,
                        "line": n})
    if not scan:
        problems.append("catalogue: no 'scan' line")
    return scan + scan_zh, set(scan_zh), entries


def check_code(root, scan, scan_zh, entries, problems):
    """(a): the code's message literals and the catalogue's texts are the same set."""
    texts = {e["text"] for e in entries}
    found = set()
    for rel in scan:
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            problems.append("scan: %s does not exist" % rel)
            continue
        for line, text in literals(path):
            if not PROSE.search(text) and not (rel in scan_zh and PROSE_ZH.search(text)):
                continue
            found.add(text)
            if text not in texts:
                problems.append("%s:%d: %r is in no catalogue entry (a new kind of reject? add it "
                                "with a fixture, or as severity none)" % (rel, line, text))
    for e in entries:
        if e["text"] not in found:
            problems.append("catalogue line %d: %s's text %r is no longer in the scanned code"
                            % (e["line"], e["key"], e["text"]))
        if e["expect"] and e["fixture"] != "-" and not pattern(e["text"]).search(e["expect"]):
            problems.append("catalogue line %d: %s's expect does not contain its text" % (e["line"], e["key"]))


def make_fixture(name, scratch):
    """gen:NAME fixtures: (folder or file, its config or None)."""
    d = os.path.join(scratch, name)
    os.makedirs(d, exist_ok=True)
    if name == "dangling-link":
        link = os.path.join(d, "2025Q1.csv")
        if not os.path.lexists(link):
            os.symlink(os.path.join(d, "no-such-file.csv"), link)
        return d
    if name == "too-many-fields":
        path = os.path.join(d, "2025Q1.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("报告期,填报单位,企业技术需求发布数(个)\n2025Q1,城关区,1\n")
            f.write("2025Q1,七里河区," + ",".join(["1"] * 16383) + "\n")
        return path
    raise ValueError("unknown generated fixture " + name)


def run_fixture(root, binary, scratch, fixture, cache, problems):
    """The rejects (list of dicts) qtr-ingest writes for a fixture; None when it cannot run."""
    if fixture in cache:
        return cache[fixture]
    path = make_fixture(fixture[4:], scratch) if fixture.startswith("gen:") else os.path.join(root, fixture)
    config = os.path.join(root, "config", "lanzhou-2025.ini")
    out = os.path.join(scratch, "out-%d" % len(cache))
    os.makedirs(out, exist_ok=True)
    args = [os.path.join(binary, "qtr-ingest"), "--config", None, "--facts", os.path.join(out, "facts.csv"),
            "--rejects", os.path.join(out, "rejects.csv")]
    if os.path.isdir(path):
        for name in ("plan.ini", "config.ini"):
            if os.path.exists(os.path.join(path, name)):
                config = os.path.join(path, name)
        args += ["--input", path]
        cwd = scratch
    elif os.path.isfile(path):
        args += ["--", os.path.basename(path)]
        cwd = os.path.dirname(path)
    else:
        problems.append("fixture %s does not exist" % fixture)
        cache[fixture] = None
        return None
    args[2] = config
    r = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode >= 128 or r.returncode < 0 or r.returncode in (98, 99):
        problems.append("fixture %s: qtr-ingest crashed (exit %d): %s"
                        % (fixture, r.returncode, r.stderr.decode("utf-8", "replace")[-300:]))
        cache[fixture] = None
        return None
    try:
        with open(os.path.join(out, "rejects.csv"), encoding="utf-8", newline="") as f:
            cache[fixture] = list(csv.DictReader(f))
    except OSError as e:
        problems.append("fixture %s: no rejects.csv (exit %d): %s" % (fixture, r.returncode, e))
        cache[fixture] = None
    return cache[fixture]


def main(root, binary, scratch):
    problems = []
    scan, scan_zh, entries = read_catalogue(os.path.join(root, "tests", "e2e", "reject_catalogue.txt"), problems)
    check_code(root, scan, scan_zh, entries, problems)
    cache, kinds, produced = {}, 0, 0
    for e in entries:
        if e["sev"] == "none":
            continue
        kinds += 1
        if e["fixture"] == "-":
            print("SKIP: reject kind %s (%r) cannot be produced by a fixture: %s" % (e["key"], e["text"], e["expect"]))
            continue
        rejects = run_fixture(root, binary, scratch, e["fixture"], cache, problems)
        if rejects is None:
            continue
        want = pattern(e["expect"] or e["text"])
        if any(r["severity"] == e["sev"] and want.search(r["reason"]) for r in rejects):
            produced += 1
            print("ok: %s: %s writes it" % (e["key"], e["fixture"]))
        else:
            near = [r["severity"] + ": " + r["reason"] for r in rejects][:3]
            problems.append("%s: %s writes no %s reason like %r (it writes %s)"
                            % (e["key"], e["fixture"], e["sev"], e["expect"] or e["text"], near))
    for p in problems:
        print("FAIL: " + p)
    print("%d kinds of reject catalogued, %d produced by their fixtures, %d problem(s)"
          % (kinds, produced, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

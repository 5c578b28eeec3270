#!/usr/bin/python3
"""reject_catalogue.py — the message catalogue: checks tests/e2e/reject_catalogue.txt against
the code, docs/formats.md and qtr-ingest.

usage: reject_catalogue.py ROOT BIN SCRATCH

(a) every message literal of the scanned C files is catalogued and every catalogued text is still
    in the code; every code literal is catalogued and every catalogued code is in the code and in
    docs/formats.md's table of codes (and no other code is there); (b) every catalogued kind is
    written to rejects.csv, with its code and severity, by qtr-ingest (BIN/qtr-ingest) run on its
    fixture; (c) every row of every fixture's rejects.csv has a catalogued code and a reason in
    Chinese. Prints "ok: ..." per kind, "SKIP: ..." for a kind no fixture can produce here,
    "FAIL: ..." per problem; exits 1 when there is any problem.
"""
import csv
import os
import re
import shutil
import subprocess
import sys

CONVERSION = re.compile(r"%[-0-9.]*(?:zu|ld|lu|lld|d|u|s|c|x|X|f|g)")
PROSE = re.compile(r"[a-z]{2,} [a-z]")  # a literal holding an English phrase is a message
CJK = re.compile("[\u4e00-\u9fff]")  # ... and so is one holding three Chinese characters or more
CODE = re.compile(r"[a-z]+(?:_[a-z]+)+")  # what a code looks like (some have no '_': catalogued)
QUOTED = re.compile("「[^」]*」")  # the input's text quoted in a reason


# in the files of the "scan-zh" line (whose tables hold Chinese header names), a literal is a
# message when it holds Chinese and a full-width colon or semicolon (the reasons' "…：整行未读取")
PROSE_ZH = re.compile(r"[\u4e00-\u9fff][^\n]*[：；]|[：；][^\n]*[\u4e00-\u9fff]")


def is_message(text, zh_only=False):
    if zh_only:
        return bool(PROSE.search(text)) or bool(PROSE_ZH.search(text))
    return bool(PROSE.search(text)) or len(CJK.findall(text)) >= 3


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
        if len(cols) not in (5, 6):
            problems.append("catalogue line %d: %d columns, expected 5 or 6" % (n, len(cols)))
            continue
        key, code, sev, fixture, text = cols[:5]
        expect = cols[5] if len(cols) == 6 else None
        if key in keys:
            problems.append("catalogue line %d: key %s twice" % (n, key))
        keys.add(key)
        if sev not in ("error", "warning", "none"):
            problems.append("catalogue line %d: severity %r" % (n, sev))
        if fixture == "-" and not expect:
            problems.append("catalogue line %d: %s has no fixture and does not say why" % (n, key))
        if sev == "none" and (fixture != "-" or code != "-"):
            problems.append("catalogue line %d: %s is no reject but names a fixture or code" % (n, key))
        if sev != "none" and not re.fullmatch(r"[a-z]+(?:_[a-z]+)*", code):
            problems.append("catalogue line %d: %s has no code (a reject needs one)" % (n, key))
        if sev != "none" and not CJK.search(text + (expect or "")):
            problems.append("catalogue line %d: %s's reason is not Chinese" % (n, key))
        entries.append({"key": key, "code": code, "sev": sev, "fixture": fixture, "text": text,
                        "expect": expect, "line": n})
    if not scan:
        problems.append("catalogue: no 'scan' line")
    return scan + scan_zh, set(scan_zh), entries


def check_code(root, scan, scan_zh, entries, problems):
    """(a): the code's message literals and the catalogue's texts are the same set."""
    texts = {e["text"] for e in entries}
    codes = {e["code"] for e in entries if e["sev"] != "none"}
    found, found_codes = set(), set()
    for rel in scan:
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            problems.append("scan: %s does not exist" % rel)
            continue
        for line, text in literals(path):
            # (a file of the scan-zh line may hold header names that look like codes: task_id)
            if text in codes or (CODE.fullmatch(text) and rel not in scan_zh):
                found_codes.add(text)
                if text not in codes:
                    problems.append("%s:%d: code %r is in no catalogue entry (a new kind of reject? "
                                    "add it with a fixture, and to docs/formats.md)" % (rel, line, text))
                continue
            if not is_message(text, rel in scan_zh):
                continue
            found.add(text)
            if text not in texts:
                problems.append("%s:%d: %r is in no catalogue entry (a new kind of reject? add it "
                                "with its code and a fixture, or as severity none)" % (rel, line, text))
    for e in entries:
        if e["text"] not in found:
            problems.append("catalogue line %d: %s's text %r is no longer in the scanned code"
                            % (e["line"], e["key"], e["text"]))
    for c in sorted(codes - found_codes):
        problems.append("catalogue: code %s is in no scanned file" % c)
        if e["expect"] and e["fixture"] != "-" and not pattern(e["text"]).search(e["expect"]):
            problems.append("catalogue line %d: %s's expect does not contain its text" % (e["line"], e["key"]))


def check_docs(root, entries, problems):
    """The codes of docs/formats.md's table are exactly the catalogued ones."""
    text = open(os.path.join(root, "docs", "formats.md"), encoding="utf-8").read()
    start = text.find("### The codes")
    if start < 0:
        problems.append("docs/formats.md: no section 'The codes'")
        return
    section = text[start:text.find("\n## ", start)]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))
    codes = {e["code"] for e in entries if e["sev"] != "none"}
    for c in sorted(codes - documented):
        problems.append("docs/formats.md: code %s is not in the table of codes" % c)
    for c in sorted(documented - codes):
        problems.append("docs/formats.md: code %s is documented but not catalogued" % c)


GOOD = "报告期,填报单位,企业技术需求发布数(个)\n2025Q1,城关区,1\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def link(target, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.lexists(path):
        os.symlink(target, path)


def make_fixture(root, name, scratch):
    """gen:NAME fixtures: (folder or file, extra arguments of qtr-ingest), or (None, why) when
    the fixture cannot be made here (counted as a skip)."""
    d = os.path.join(scratch, name)
    os.makedirs(d, exist_ok=True)
    if name == "dangling-link":
        link(os.path.join(d, "no-such-file.csv"), os.path.join(d, "2025Q1.csv"))
        return d, []
    if name == "missing-file":
        return os.path.join(d, "2025Q1-gone.csv"), []
    if name == "too-many-fields":
        path = os.path.join(d, "2025Q1.csv")
        write(path, "报告期,填报单位,企业技术需求发布数(个)\n2025Q1,城关区,1\n"
              + "2025Q1,七里河区," + ",".join(["1"] * 16383) + "\n")
        return path, []
    if name == "lock-files":
        write(os.path.join(d, "2025Q1.csv"), GOOD)
        write(os.path.join(d, "~$2025Q1.csv"), "")
        write(os.path.join(d, ".~lock.2025Q1.csv#"), "")
        return d, []
    if name == "links":
        write(os.path.join(d, "d", "2025Q1.csv"), GOOD)
        write(os.path.join(scratch, "outside.csv"), GOOD)
        link(os.path.join(scratch, "outside.csv"), os.path.join(d, "out.csv"))
        link("self.csv", os.path.join(d, "self.csv"))
        link("..", os.path.join(d, "d", "back"))
        link("..", os.path.join(d, "d", "e", "up"))
        link("d", os.path.join(d, "alias"))
        return d, []
    if name == "deep":
        write(os.path.join(d, *(["x"] * 17), "2025Q1.csv"), GOOD)
        return d, []
    if name in ("fifo", "fifo-arg"):
        path = os.path.join(d, "2025Q1.csv")
        if not os.path.exists(path):
            os.mkfifo(path)
        return (d if name == "fifo" else path), []
    if name == "too-large":
        plan = open(os.path.join(root, "config", "lanzhou-2025.ini"), encoding="utf-8").read()
        plan = re.sub(r"(?m)^targets_file\s*=.*$", "", plan)  # a file beside the shipped config
        write(os.path.join(d, "plan.ini"), plan.replace("[input]", "[input]\nmax_file_mb = 1", 1))
        write(os.path.join(d, "2025Q1.csv"), GOOD + "2025Q1,七里河区,1\n" * 80000)
        return d, []
    if name == "skip-output":
        write(os.path.join(d, "2025Q1.csv"), GOOD)
        os.makedirs(os.path.join(d, "out"), exist_ok=True)
        return d, ["--skip", os.path.join(d, "out")]
    if name == "skip-root":
        write(os.path.join(d, "2025Q1.csv"), GOOD)
        write(os.path.join(d, "lanzhou-2025", "2025Q1", "manifest.json"), "{}")
        write(os.path.join(d, "lanzhou-2025", "2025Q1", "facts.csv"), "period,unit,indicator,value\n")
        return d, ["--skip", d]
    if name == "after-plan-multi":
        plan = open(os.path.join(root, "config", "weihai-2025.ini"), encoding="utf-8").read()
        write(os.path.join(d, "plan.ini"), plan)
        write(os.path.join(d, "2027Q1.csv"), "报告期,填报单位,产学研对接活动(场)\n2027Q1,环翠区,3\n")
        return d, []
    if name == "unreadable-folder":
        # root reads any folder: the case then runs as nobody (uid 65534) through setpriv, as
        # tests/e2e/lib.sh's permission cases do
        if os.geteuid() == 0 and not shutil.which("setpriv"):
            return None, "run as root and setpriv (util-linux) is not installed"
        write(os.path.join(d, "2025Q1.csv"), GOOD)
        write(os.path.join(d, "closed", "2025Q2.csv"), GOOD)
        for x in (scratch, d, os.path.join(d, "2025Q1.csv")):
            os.chmod(x, 0o755 if os.path.isdir(x) else 0o644)
        os.chmod(os.path.join(d, "closed"), 0)
        return d, []
    if name == "long-path":
        # 15 folders of 255-byte names and a 250-byte file name: over PATH_MAX (4096) in all,
        # each made relative to its parent (no single call sees the whole path)
        write(os.path.join(d, "2025Q1.csv"), GOOD)
        fd = os.open(d, os.O_RDONLY)
        try:
            for _ in range(15):
                try:
                    os.mkdir("y" * 255, dir_fd=fd)
                except FileExistsError:
                    pass
                nfd = os.open("y" * 255, os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = nfd
            os.close(os.open("z" * 246 + ".csv", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd))
        finally:
            os.close(fd)
        return d, []
    raise ValueError("unknown generated fixture " + name)


def run_fixture(root, binary, scratch, fixture, cache, problems):
    """The rejects (list of dicts) qtr-ingest writes for a fixture; None when it cannot run,
    a string (why) when it cannot be made here."""
    if fixture in cache:
        return cache[fixture]
    extra = []
    if fixture.startswith("gen:"):
        path, extra = make_fixture(root, fixture[4:], scratch)
        if path is None:
            cache[fixture] = extra
            return extra
    else:
        path = os.path.join(root, fixture)
    config = os.path.join(root, "config", "lanzhou-2025.ini")
    out = os.path.join(scratch, "out-%d" % len(cache))
    os.makedirs(out, exist_ok=True)
    as_nobody = fixture == "gen:unreadable-folder" and os.geteuid() == 0
    if as_nobody:
        # a checkout under /root (mode 700): nobody can read the config or run the program there,
        # as tests/e2e/lib.sh's permission cases find
        for need, flag in ((config, "-r"), (os.path.join(binary, "qtr-ingest"), "-x")):
            if subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                               "test", flag, need]).returncode != 0:
                cache[fixture] = "uid 65534 cannot read %s" % need
                return cache[fixture]
        os.chmod(out, 0o777)
    args = [os.path.join(binary, "qtr-ingest"), "--config", None, "--facts", os.path.join(out, "facts.csv"),
            "--rejects", os.path.join(out, "rejects.csv")]
    if os.path.isdir(path):
        for name in ("plan.ini", "config.ini"):
            if os.path.exists(os.path.join(path, name)):
                config = os.path.join(path, name)
        args += ["--input", path] + extra
        cwd = scratch
    elif os.path.isfile(path) or fixture.startswith("gen:"):  # a generated name may be no file
        args += ["--", os.path.basename(path)]
        cwd = os.path.dirname(path)
    else:
        problems.append("fixture %s does not exist" % fixture)
        cache[fixture] = None
        return None
    args[2] = config
    if as_nobody:
        args = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + args
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
    check_docs(root, entries, problems)
    codes = {e["code"] for e in entries if e["sev"] != "none"}
    cache, kinds, produced = {}, 0, 0
    for e in entries:
        if e["sev"] == "none":
            continue
        kinds += 1
        if e["fixture"] == "-":
            print("SKIP: reject kind %s (%s, %r) cannot be produced by a fixture: %s"
                  % (e["key"], e["code"], e["text"], e["expect"]))
            continue
        rejects = run_fixture(root, binary, scratch, e["fixture"], cache, problems)
        if rejects is None:
            continue
        if isinstance(rejects, str):
            print("SKIP: reject kind %s (%s): fixture %s cannot be made here: %s"
                  % (e["key"], e["code"], e["fixture"], rejects))
            continue
        want = pattern(e["expect"] or e["text"])
        if any(r["severity"] == e["sev"] and r.get("code") == e["code"] and want.search(r["reason"])
               for r in rejects):
            produced += 1
            print("ok: %s: %s writes it (%s)" % (e["key"], e["fixture"], e["code"]))
        else:
            near = [r["severity"] + " " + str(r.get("code")) + ": " + r["reason"] for r in rejects][:4]
            problems.append("%s: %s writes no %s %s reason like %r (it writes %s)"
                            % (e["key"], e["fixture"], e["sev"], e["code"], e["expect"] or e["text"], near))
    # (c) whatever the fixtures wrote: a catalogued code and a Chinese reason on every row
    rows = 0
    for fixture, rejects in sorted(cache.items()):
        for r in rejects if isinstance(rejects, list) else []:
            rows += 1
            where = "%s: %s:%s" % (fixture, r["source"], r["line"])
            if r.get("code") not in codes:
                problems.append("%s: code %r is not catalogued (reason %r)" % (where, r.get("code"), r["reason"]))
            outside = QUOTED.sub("", r["reason"])
            if not CJK.search(outside) or PROSE.search(outside):
                problems.append("%s: the reason is not plain Chinese: %r" % (where, r["reason"]))
    print("%d rows of rejects.csv from the fixtures checked for a code and a Chinese reason" % rows)
    for p in problems:
        print("FAIL: " + p)
    print("%d kinds of reject catalogued, %d produced by their fixtures, %d problem(s)"
          % (kinds, produced, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))

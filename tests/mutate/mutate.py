#!/usr/bin/python3
"""mutate.py — `make mutate`: does the test suite catch small bugs?

Each mutant of tests/mutate/catalogue.txt is one small change to one source file (a comparison
flipped, an off-by-one, two columns swapped, a write dropped, a wrong label, a wrong exit code).
They are applied one at a time to a scratch copy of the checkout, which is rebuilt (incrementally)
and run against the tests the mutant names; a mutant is killed when one of them fails. The
unmutated copy must pass the same tests first. Prints one line per mutant, the survivors, and
last `mutate: K/N killed`; exits 1 when fewer than 90% are killed, 2 on a problem of the setup
or the catalogue (a mutant whose text is not found exactly once, or one that does not build).

Catalogue blocks, separated by blank lines:
    M07 pipeline/core/progress.c | unit:test_progress e2e:oracle
    # what the mutant breaks, and why a test must see it
    - the exact original text (one line, found exactly once in the file)
    + its replacement
    (more "- / +" pairs may follow: all are applied, e.g. two lines swapped)
Tests: unit:<name> runs build/tests/<name>; e2e:<name> runs tests/e2e/<name>.sh with QTR_BIN set.

usage: mutate.py [--only ID ...] [--list] [--keep]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOGUE = os.path.join(ROOT, "tests", "mutate", "catalogue.txt")
TARGET = 0.90
TEST_TIMEOUT = 300
# what the scratch copy leaves out: history, other builds, outputs, generated bench data
SKIP = {".git", "output", "build/san", "build/fuzz", "build/test-logs", "bench/work"}


class Mutant:
    def __init__(self, ident, path, tests, lineno):
        self.id, self.path, self.tests, self.line = ident, path, tests, lineno
        self.why, self.pairs = [], []


def parse(path):
    mutants, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip():
                cur = None
                continue
            if cur is None:
                if line.startswith("#"):
                    continue  # a comment between blocks
                m = re.fullmatch(r"(M\d+)\s+(\S+)\s*\|\s*(.+)", line)
                if not m:
                    raise SystemExit("%s:%d: expected 'ID FILE | TESTS'" % (path, n))
                cur = Mutant(m.group(1), m.group(2), m.group(3).split(), n)
                mutants.append(cur)
            elif line.startswith("# "):
                cur.why.append(line[2:])
            elif line.startswith("- ") and (not cur.pairs or cur.pairs[-1][1] is not None):
                cur.pairs.append([line[2:], None])
            elif line.startswith("+ ") and cur.pairs and cur.pairs[-1][1] is None:
                cur.pairs[-1][1] = line[2:]
            else:
                raise SystemExit("%s:%d: unexpected line in %s" % (path, n, cur.id))
    ids = [m.id for m in mutants]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit("%s: ids given twice: %s" % (path, ", ".join(sorted(dup))))
    for m in mutants:
        if not m.pairs or any(new is None or old == new for old, new in m.pairs):
            raise SystemExit("%s:%d: %s needs '- old' lines each followed by a different '+ new'" % (path, m.line, m.id))
        for t in m.tests:
            if not re.fullmatch(r"(unit|e2e):[A-Za-z0-9_.-]+", t):
                raise SystemExit("%s:%d: %s: test '%s' is not unit:NAME or e2e:NAME" % (path, m.line, m.id, t))
    return mutants


def copy_tree(dst):
    def ignore(folder, names):
        rel = os.path.relpath(folder, ROOT)
        out = set()
        for n in names:
            path = n if rel == "." else rel + "/" + n
            if path in SKIP or (rel == "build" and n.startswith("plain-")):
                out.add(n)
        return out
    shutil.copytree(ROOT, dst, symlinks=True, ignore=ignore)


def run(cmd, cwd, env=None, timeout=None):
    t0 = time.time()
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), time.time() - t0
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b"").decode("utf-8", "replace"), time.time() - t0


def build(tree, tests=None):
    """make all and the unit tests named (every unit test when tests is None)."""
    if tests is None:
        targets = ["all", "unit"]
    else:
        targets = ["all"] + ["build/tests/" + t.split(":", 1)[1] for t in tests if t.startswith("unit:")]
    return run(["make", "-s", "-j2"] + targets, tree)


def test_cmd(tree, test):
    kind, name = test.split(":", 1)
    env = dict(os.environ, QTR_BIN=os.path.join(tree, "build", "bin"), QTR_ROOT=tree,
               QTR_BUILD_TAG="plain", LC_ALL="C.UTF-8")
    if kind == "unit":
        return [os.path.join(tree, "build", "tests", name)], env
    return [os.path.join(tree, "tests", "e2e", name + ".sh")], env


def run_test(tree, test):
    cmd, env = test_cmd(tree, test)
    code, out, secs = run(cmd, tree, env, TEST_TIMEOUT)
    return code, out, secs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--list", action="store_true", help="list the catalogue and stop")
    ap.add_argument("--keep", action="store_true", help="keep the scratch copy")
    a = ap.parse_args()
    mutants = parse(CATALOGUE)
    if a.only:
        mutants = [m for m in mutants if m.id in a.only]
    if a.list:
        for m in mutants:
            print("%s %s | %s  %s" % (m.id, m.path, " ".join(m.tests), m.why[0] if m.why else ""))
        return 0
    t_start = time.time()
    scratch = tempfile.mkdtemp(prefix="qtr-mutate-")
    tree = os.path.join(scratch, "tree")
    try:
        copy_tree(tree)
        code, out, _ = build(tree)
        if code != 0:
            print(out[-2000:])
            print("mutate: the unmutated copy does not build")
            return 2
        # every file text is found exactly once before anything runs
        problems = []
        for m in mutants:
            path = os.path.join(tree, m.path)
            if not os.path.isfile(path):
                problems.append("%s: %s does not exist" % (m.id, m.path))
                continue
            text = open(path, encoding="utf-8").read()
            for old, _ in m.pairs:
                count = text.count(old)
                if count != 1:
                    problems.append("%s: '%s' found %d times in %s" % (m.id, old.strip(), count, m.path))
        if problems:
            print("\n".join(problems))
            print("mutate: the catalogue does not fit the code (fix catalogue.txt)")
            return 2
        # the tests pass on the unmutated copy
        tests = sorted({t for m in mutants for t in m.tests})
        for t in tests:
            code, out, secs = run_test(tree, t)
            if code != 0:
                print(out[-3000:])
                print("mutate: %s fails without any mutation; nothing it says can count" % t)
                return 2
            print("baseline %-28s ok (%.1f s)" % (t, secs), flush=True)
        killed, survivors, invalid = 0, [], []
        for m in mutants:
            path = os.path.join(tree, m.path)
            original = open(path, encoding="utf-8").read()
            # every pair at its place in the original, so that pairs may swap two lines
            spans = sorted((original.index(old), old, new) for old, new in m.pairs)
            mutated, at = "", 0
            for i, old, new in spans:
                mutated += original[at:i] + new
                at = i + len(old)
            mutated += original[at:]
            open(path, "w", encoding="utf-8").write(mutated)
            t0 = time.time()
            try:
                code, out, _ = build(tree, m.tests)
                if code != 0:
                    invalid.append(m)
                    print("%s does not build: %s" % (m.id, out.strip().splitlines()[-1] if out.strip() else ""),
                          flush=True)
                    continue
                by = None
                for t in m.tests:
                    code, _, _ = run_test(tree, t)
                    if code != 0:
                        by = t
                        break
                if by:
                    killed += 1
                    print("%s killed by %-24s %5.1f s  %s" % (m.id, by, time.time() - t0, m.why[0] if m.why else ""),
                          flush=True)
                else:
                    survivors.append(m)
                    print("%s SURVIVED (%s) %5.1f s  %s" % (m.id, " ".join(m.tests), time.time() - t0,
                                                             m.why[0] if m.why else ""), flush=True)
            finally:
                open(path, "w", encoding="utf-8").write(original)
        code, out, _ = build(tree)
        if code != 0:
            print("mutate: the copy does not build again after the mutants")
            return 2
        n = len(mutants) - len(invalid)
        print()
        if survivors:
            print("survivors:")
            for m in survivors:
                print("  %s %s: %s" % (m.id, m.path, " / ".join(m.why)))
                for old, new in m.pairs:
                    print("    - %s\n    + %s" % (old.strip(), new.strip()))
        if invalid:
            print("mutants that do not build (fix them in the catalogue): " + ", ".join(m.id for m in invalid))
        minutes = (time.time() - t_start) / 60
        print("mutate: %d/%d killed (%.0f%%) in %.1f min" % (killed, n, 100.0 * killed / n if n else 0, minutes))
        if invalid:
            return 2
        return 0 if n and killed >= TARGET * n else 1
    finally:
        if a.keep:
            print("scratch copy kept in " + tree)
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

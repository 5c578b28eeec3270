#!/usr/bin/env bash
# template.sh — the districts' fill-in template (run.sh --template, docs/cli.md): for every
# shipped plan, the templates of the baseline quarter and of the horizon's first quarter are
# checked as Python opens them (BOM kept, the exact recognised headers with units, one row per
# roster unit, the period filled; tests/e2e/template.py), then filled with whole numbers and read
# back by qtr-ingest: zero rows in rejects.csv, exit 0, and every value in facts.csv, converted to
# the series' unit (computed by template.py from the config). Without --period the template is
# of the quarter run.sh would report.
. "$(dirname "$0")/lib.sh"
T=$QTR_ROOT/tests/e2e/template.py

check "run.sh --help names --template" bash -c "'$QTR_ROOT/run.sh' --help | grep -q -- '--template'"

for cfg in "$QTR_ROOT"/config/*.ini; do
	id=$(basename "$cfg" .ini)
	start=$(sed -n 's/^start_year *= *\([0-9]*\).*/\1/p' "$cfg" | head -n 1)
	base="$((start - 1))Q4" first="${start}Q1"
	out=$work/out-$id in=$work/in-$id
	mkdir -p "$in"
	for p in "$base" "$first"; do
		if ! run_qtr --config "$cfg" --output "$out" --template --period "$p" --quiet >"$work/t.out" 2>"$work/t.err"; then
			fail "$id $p: run.sh --template failed: $(head -c 300 "$work/t.err")"
			continue
		fi
		check "$id $p: run.sh --template --quiet prints nothing" [ ! -s "$work/t.out" ]
		csv=$(find "$out" -name "*-$p-填报模板.csv" | head -n 1)
		notes=$(find "$out" -name "*-$p-填报说明.txt" | head -n 1)
		check "$id $p: the template and its notes are in <output>/<plan-id>/template/" \
			test -f "$out/$id/template/$id-$p-填报模板.csv" -a -f "$out/$id/template/$id-$p-填报说明.txt"
		[ -n "$csv" ] && [ -n "$notes" ] || continue
		check "$id $p: the template as Python opens it (BOM, headers, roster, period)" \
			"$PY" "$T" check "$cfg" "$p" "$csv" "$notes"
		"$PY" "$T" fill "$cfg" "$csv" "$in/$p.csv" "$work/values-$id-$p.csv"
	done
	"$QTR_BIN/qtr-ingest" --config "$cfg" --input "$in" --facts "$work/facts-$id.csv" \
		--rejects "$work/rejects-$id.csv" --period "$first" >"$work/ing.out" 2>"$work/ing.err"
	rc=$?
	check "$id: the filled templates ingest with exit 0 (got $rc)" [ "$rc" = 0 ]
	check "$id: rejects.csv of the filled templates has no row" \
		[ "$(wc -l <"$work/rejects-$id.csv")" = 1 ]
	[ "$(wc -l <"$work/rejects-$id.csv")" = 1 ] || sed -n '2,6p' "$work/rejects-$id.csv" | sed 's/^/    /' >&2
	check "$id: every filled value arrives in facts.csv, in the series' unit" \
		"$PY" - "$work/facts-$id.csv" "$work/values-$id-$base.csv" "$work/values-$id-$first.csv" <<'PYEOF'
import csv, sys
from decimal import Decimal
got = {(r["period"], r["unit"], r["indicator"]): r["value"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
want = {}
for path in sys.argv[2:]:
    for r in csv.DictReader(open(path, encoding="utf-8")):
        want[(r["period"], r["unit"], r["indicator"])] = r["value"]
bad = [k for k in want if k not in got or got[k] == "" or Decimal(got[k]) != Decimal(want[k])]
extra = [k for k in got if k not in want]
for k in (bad + extra)[:5]:
    print("value of %s: facts.csv %r, filled %r" % (k, got.get(k), want.get(k)))
print("%d values filled, %d in facts.csv" % (len(want), len(got)))
sys.exit(1 if bad or extra or not want else 0)
PYEOF
	# without --period: the quarter the report would be of (ingest's choice on the plan's input)
	"$QTR_BIN/qtr-ingest" --config "$cfg" --input "$QTR_ROOT/input/$id" --facts "$work/f.csv" \
		--rejects "$work/r.csv" --summary "$work/s.txt" >/dev/null 2>&1
	want=$(sed -n 's/^period=//p' "$work/s.txt")
	if run_qtr --config "$cfg" --output "$work/dflt-$id" --template >"$work/t.out" 2>"$work/t.err"; then
		check "$id: without --period the template is of $want, the quarter the report is of" \
			test -n "$want" -a -f "$work/dflt-$id/$id/template/$id-$want-填报模板.csv"
		check "$id: run.sh says where the template went" grep -q "填报模板已写到 .*$id-$want-填报模板.csv" "$work/t.out"
	else
		fail "$id: run.sh --template without --period failed: $(head -c 300 "$work/t.err")"
	fi
done

# the output folder is the input folder: the empty template written there is no input
same=$work/same
cp -r "$QTR_ROOT/input/lanzhou-2025" "$same"
run_qtr --input "$same" --output "$same" --template --period 2025Q3 --quiet
"$QTR_BIN/qtr-ingest" --config "$QTR_ROOT/config/lanzhou-2025.ini" --input "$same" --skip "$same" \
	--facts "$work/same-facts.csv" --rejects "$work/same-rejects.csv" >/dev/null 2>&1
check "output = input: the template folder is skipped (one warning), none of it read" \
	"$PY" -c "
import csv, sys
rej = list(csv.DictReader(open('$work/same-rejects.csv', encoding='utf-8')))
facts = list(csv.DictReader(open('$work/same-facts.csv', encoding='utf-8')))
skipped = [r for r in rej if r['source'] == 'lanzhou-2025' and r['code'] == 'published_report_skipped']
read = [r for r in rej + facts if 'template' in r['source']]
sys.exit(0 if len(skipped) == 1 and not read else 1)"

expect_exit 64 "a template of a quarter outside the plan is refused" \
	run_qtr --output "$work/bad" --template --period 2023Q4
finish

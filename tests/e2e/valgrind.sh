#!/usr/bin/env bash
# Every stage under valgrind on the bundled sample: no invalid access, no leak of the project's
# own memory, nor of a cairo or pango object it fails to free. Suppressed are only what
# fontconfig allocates itself and a cairo 1.16 leak inside cairo_surface_finish of the PDF
# (tests/valgrind.supp says why). Runs in the plain pass only (ASan and valgrind do not mix):
# qtr-test: plain-only
. "$(dirname "$0")/lib.sh"
[ "${QTR_BUILD_TAG:-plain}" = plain ] || skip_all "valgrind cannot run the sanitizer build"
command -v valgrind >/dev/null || skip_all "valgrind is not installed"
# --num-callers: the suppressions name frames up to the project's caller (tests/valgrind.supp)
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --num-callers=40 --suppressions="$QTR_ROOT/tests/valgrind.supp")
cfg=$QTR_ROOT/config/lanzhou-2025.ini
d=$work/d
mkdir -p "$d"
check "ingest: clean under valgrind" "${vg[@]}" "$QTR_BIN/qtr-ingest" --config "$cfg" \
	--input "$QTR_ROOT/input/lanzhou-2025" --facts "$d/facts.csv" --rejects "$d/rejects.csv" \
	--summary "$d/ingest.txt" --inputs "$d/inputs.csv"
check "compare: clean under valgrind" "${vg[@]}" "$QTR_BIN/qtr-compare" --config "$cfg" \
	--facts "$d/facts.csv" --progress "$d/progress.csv" --quarterly "$d/quarterly.csv" --summary "$d/compare.txt" \
	--ingest-summary "$d/ingest.txt" --briefing "$d/briefing.txt"
check "workbook: clean under valgrind" "${vg[@]}" "$QTR_BIN/qtr-workbook" --config "$cfg" \
	--progress "$d/progress.csv" --quarterly "$d/quarterly.csv" --summary "$d/compare.txt" \
	--facts "$d/facts.csv" --rejects "$d/rejects.csv" --inputs "$d/inputs.csv" --out "$d/w.xlsx" \
	--districts "$d/districts"
check "charts: clean under valgrind" "${vg[@]}" --trace-children=no "$QTR_BIN/qtr-charts" --config "$cfg" \
	--progress "$d/progress.csv" --quarterly "$d/quarterly.csv" --summary "$d/compare.txt" \
	--briefing "$d/briefing.txt" --out "$d/r.pdf" --image-dir "$d/img" --card "$d/card.png" --card-text "$d/card.txt" \
	--districts "$d/districts" --rejects "$d/rejects.csv"
mkdir -p "$d/stage" && cp "$d/progress.csv" "$d/stage/"
check "publish: clean under valgrind" "${vg[@]}" "$QTR_BIN/qtr-publish" "$d/stage" "$d/published"
finish

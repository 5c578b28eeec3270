#!/usr/bin/env bash
# tests/e2e/fontsub.sh — the report font's build-time subset (pipeline/charts/fontsub.h) changes
# no pixel: qtr-charts on tests/fixtures/charts with the subset (the default) and without it
# (QTR_FONT_SUBSET=0) writes the same PNGs and SVGs byte for byte, PDFs whose every page renders
# to the same pixels (pdftoppm) with the same text (pdftotext), and the subset is really used
# (the PDF is smaller: cairo embeds glyphs cut from the smaller font). Also with a character
# outside the subset (堃, not in GB 2312) in an indicator name: drawn from the whole font, the
# same pixels and PNGs, the SVGs the same drawing (their glyph symbols numbered otherwise). The
# units' PDFs are compared too (--districts).
set -u
. "$(dirname "$0")/lib.sh"
fx=$QTR_ROOT/tests/fixtures/charts
charts=$QTR_BIN/qtr-charts
DATE=2025-10-15T08:00:00Z
[ -f "$QTR_BIN/fonts/fonts.txt" ] || skip_all "$QTR_BIN/fonts/fonts.txt not made (the font was not installed at build time): nothing to compare"
command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null || skip_all "poppler-utils not installed"

cp "$fx/plan.ini" "$fx/progress.csv" "$fx/quarterly.csv" "$fx/compare.txt" "$work/"
printf 'source,line,column,raw,severity,reason,unit,period,code\n' >"$work/rejects.csv"

run() { # out-dir [config]: the charts with the environment as given
	"$charts" --config "${2:-$work/plan.ini}" --progress "$work/progress.csv" --quarterly "$work/quarterly.csv" \
		--summary "$work/compare.txt" --out "$1/report.pdf" --image-dir "$1/img" --date "$DATE" \
		--districts "$1/districts" --rejects "$work/rejects.csv"
}

same_pdf() { # a.pdf b.pdf: both written, every page the same pixels, the same text
	[ -s "$1" ] && [ -s "$2" ] && [ "$(pdftoppm -r 50 -png "$1" | md5sum)" = "$(pdftoppm -r 50 -png "$2" | md5sum)" ] &&
		cmp -s <(pdftotext "$1" -) <(pdftotext "$2" -)
}

# an SVG with each glyph's use replaced by its outline: cairo numbers its glyph symbols per font,
# so a character taken from the whole font moves to another symbol group, the drawing the same
svg_drawn() {
	$PY - "$1" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
sym = dict(re.findall(r'<symbol overflow="visible" id="([^"]+)">\s*<path style="[^"]*" d="([^"]*)"', s))
body = re.sub(r'<defs>.*?</defs>', '', s, count=1, flags=re.S)
body = re.sub(r'xlink:href="#([^"]+)"', lambda m: 'd="%s"' % sym.get(m.group(1), "?" + m.group(1)), body)
# each element with the styles of the groups around it: a run split in two groups draws the same
stack = []
for tag in re.findall(r'<[^>]*>', body):
    if tag.startswith("<g"):
        stack.append(tag)
    elif tag.startswith("</g"):
        stack.pop()
    else:
        print("".join(stack) + tag)
PY
}

same_images() { # dir-a dir-b: the PNGs byte for byte, the SVGs the same drawing
	local f n=0
	for f in "$1"/*.png "$1"/*.svg; do
		[ -f "$f" ] || return 1
		n=$((n + 1))
		case $f in
		*.png) cmp -s "$f" "$2/${f##*/}" || return 1 ;;
		*.svg) cmp -s <(svg_drawn "$f") <(svg_drawn "$2/${f##*/}") || return 1 ;;
		esac
	done
	[ "$n" -ge 2 ]
}

compare() { # label config
	local label=$1 config=$2 a=$work/$1-whole b=$work/$1-subset
	mkdir -p "$a" "$b"
	QTR_FONT_SUBSET=0 run "$a" "$config" >"$work/err-a.txt" 2>&1
	check "$label: whole font: exit 0" test $? -eq 0
	run "$b" "$config" >"$work/err-b.txt" 2>&1
	check "$label: subset: exit 0" test $? -eq 0
	check "$label: the same PNGs (byte for byte) and SVGs (drawing)" same_images "$a/img" "$b/img"
	check "$label: the report's pages the same pixels and text" same_pdf "$a/report.pdf" "$b/report.pdf"
	local n=0 bad=0 f
	for f in "$a"/districts/*.pdf; do
		n=$((n + 1))
		same_pdf "$f" "$b/districts/${f##*/}" || { bad=$((bad + 1)); echo "differs: ${f##*/}"; }
	done
	check "$label: the $n units' PDFs the same pixels and text" test "$n" -gt 0 -a "$bad" -eq 0
	check "$label: the subset is used (the PDF is smaller: $(stat -c %s "$b/report.pdf") < $(stat -c %s "$a/report.pdf") bytes)" \
		test "$(stat -c %s "$b/report.pdf")" -lt "$(stat -c %s "$a/report.pdf")"
}

compare fixture "$work/plan.ini"
check "fixture: the SVGs byte for byte too" diff -r "$work/fixture-whole/img" "$work/fixture-subset/img"

# 堃 (U+5803) is not in GB 2312, so not in the subset: fontconfig gives the whole font for it
sed 's/^name = 挂牌成果$/name = 挂牌成果堃/' "$work/plan.ini" >"$work/rare.ini"
sed -i 's/,挂牌成果,/,挂牌成果堃,/' "$work/progress.csv"
compare "outside the subset" "$work/rare.ini"
check "outside the subset: the character is in the PDF's text" grep -q '挂牌成果堃' <(pdftotext "$work/outside the subset-subset/report.pdf" -)

finish

#!/usr/bin/env bash
# tests/e2e/readback-cards.sh — the shipped Lanzhou sample with unit targets on three indicators
# (tests/fixtures/cards/make_config.sh): the PDF's card grid (亮牌), the units' statuses on the ranking
# pages and the units named in page 1's 重点关注 block, read back against progress.csv
# (check_pdf.py), with the workbook's checks as for every plan (readback_lib.sh).
. "$(dirname "$0")/readback_lib.sh"
"$QTR_ROOT/tests/fixtures/cards/make_config.sh" "$QTR_ROOT/config/lanzhou-2025.ini" "$work/lanzhou-cards.ini" ||
	fail "make_config.sh failed"
for p in 2025Q3 2025Q2; do
	readback_publish lanzhou-cards "$work/lanzhou-cards.ini" "$QTR_ROOT/input/lanzhou-2025" "$p"
done
readback_check
finish

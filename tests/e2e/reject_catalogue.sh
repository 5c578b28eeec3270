#!/usr/bin/env bash
# reject_catalogue.sh — the message catalogue: every kind of reject and warning qtr-ingest can write
# has a Chinese reason and a code (docs/formats.md) and is catalogued in
# tests/e2e/reject_catalogue.txt with a fixture that produces it: a reason added to the code
# without an entry fails, an entry whose fixture no longer produces it fails (reject_catalogue.py).
# A kind that no input can produce is counted as skipped, with the catalogue's reason.
. "$(dirname "$0")/lib.sh"
check "reject catalogue agrees with the code and its fixtures" \
	"$PY" "$QTR_ROOT/tests/e2e/reject_catalogue.py" "$QTR_ROOT" "$QTR_BIN" "$work"
finish

#!/usr/bin/env bash
# tests/e2e/cases/make_expected.sh — rewrites expected/progress.csv of golden cases with the
# independent oracle (tests/oracle/oracle.py), not with qtr: the oracle reads the case's config
# (config.ini, or the default plan config/lanzhou-2025.ini) and the case's expected/facts.csv,
# at the case's period (--period of its args file; without one, the latest quarter with a value,
# the quarter run.sh reports). expected/facts.csv, rejects.csv and exit_code are left as they are.
#
# usage: tests/e2e/cases/make_expected.sh [CASE...]   (default: every case)
# Review the diff (git diff tests/e2e/cases) figure by figure before committing it.
# statuses-2025 is computed a second time by its own compute_expected.py (the original twenty
# columns); tests/e2e/golden.sh checks that both computations agree.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
oracle=$root/tests/oracle/oracle.py
if [ "$#" -eq 0 ]; then
	set --
	for d in "$here"/*/; do
		set -- "$@" "$(basename "$d")"
	done
fi
for name in "$@"; do
	dir=$here/$name
	[ -f "$dir/expected/facts.csv" ] || { echo "$name: no expected/facts.csv" >&2; exit 1; }
	config=$dir/config.ini
	[ -f "$config" ] || config=$root/config/lanzhou-2025.ini
	period=()
	if [ -f "$dir/args" ]; then
		read -r -a args <"$dir/args"
		for ((i = 0; i < ${#args[@]}; i++)); do
			[ "${args[$i]}" = --period ] && period=(--period "${args[$((i + 1))]}")
		done
	fi
	/usr/bin/python3 "$oracle" --config "$config" --facts "$dir/expected/facts.csv" "${period[@]}" \
		--progress "$dir/expected/progress.csv"
	echo "$name: expected/progress.csv from the oracle (${period[1]:-latest quarter with a value})"
done

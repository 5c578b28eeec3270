# tests/e2e/lib.sh — shared by the end-to-end scripts (sourced). QTR_BIN and QTR_ROOT come from
# tests/run.sh; each script gets a fresh scratch folder in $work, removed at exit.
# A check that cannot run here calls `skip "reason"` (one "SKIP: reason" line on stdout, which
# tests/run.sh counts as skipped, never as passed); `skip_all "reason"` ends a script of which
# nothing can run (exit 77). See the top of tests/run.sh.
set -u
QTR_ROOT=${QTR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
QTR_BIN=${QTR_BIN:-$QTR_ROOT/build/bin}
export QTR_BIN
PY=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/qtr-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

skip() { # reason: a check that cannot run here (a tool missing, a case that cannot be set up)
	echo "SKIP: $*"
}

skip_all() { # reason: nothing more of this script can run here
	echo "SKIP: $*"
	[ "$failures" -eq 0 ] || finish
	exit 77
}

check() { # description, command...
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else fail "$what"; fi
}

expect_exit() { # expected-code, description, command...
	local want=$1 what=$2 got
	shift 2
	"$@" >"$work/out.txt" 2>"$work/err.txt"
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok: $what (exit $got)"
	else
		fail "$what: exit $got, expected $want"
		sed 's/^/    stderr: /' "$work/err.txt" | head -n 10 >&2
	fi
}

run_qtr() { # run.sh with the binaries under test
	"$QTR_ROOT/run.sh" "$@"
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	exit 0
}

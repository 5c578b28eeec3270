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

# ---- permission cases. Root may read and write any file, so a case about a permission runs its
# command as nobody (uid and gid 65534, no supplementary groups) through setpriv (util-linux);
# as another user the command runs as is. `unprivileged_setup PATH...` prepares it: $work
# becomes traversable, the folder a case denies should be chowned to $as_uid (so that its mode,
# not its owner, is what denies), and each PATH (programs, configs, fixtures the command needs)
# must be readable by that user. It returns 1 with the reason in $unprivileged_why when the
# case cannot be set up here (the caller then counts a skip, never a pass).
as_user_prefix=()
as_uid=$(id -u)
unprivileged_why=""
unprivileged_setup() { # paths the user must be able to read...
	local p
	if [ "$(id -u)" = 0 ]; then
		if ! command -v setpriv >/dev/null 2>&1; then
			unprivileged_why="running as root and setpriv (util-linux) is not installed"
			return 1
		fi
		as_user_prefix=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
		as_uid=65534
		if [ "$(as_user id -u 2>/dev/null)" != 65534 ]; then
			unprivileged_why="running as root and setpriv cannot switch to uid 65534 here"
			return 1
		fi
		chmod 755 "$work"
	fi
	for p in "$@"; do
		if ! as_user test -r "$p"; then
			unprivileged_why="uid $as_uid cannot read $p"
			return 1
		fi
	done
	mkdir "$work/.probe" && chown "$as_uid" "$work/.probe" && chmod 000 "$work/.probe"
	if as_user test -r "$work/.probe"; then
		unprivileged_why="uid $as_uid still reads a folder of mode 000"
		rmdir "$work/.probe"
		return 1
	fi
	rmdir "$work/.probe"
}

as_user() { # command...: run as the unprivileged user of unprivileged_setup
	"${as_user_prefix[@]}" "$@"
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

#!/usr/bin/env bash
# run.sh on a source checkout: when it must build and Debian packages are missing, root gets
# them installed, anyone else (and any --quiet run) the apt-get command and exit 69; a built
# checkout run with --quiet calls neither make nor apt. Runs on a copy of the checkout whose
# build/bin links to the programs under test, with make, apt-get and dpkg-query shadowed on PATH
# by stand-ins that log their calls (nothing is installed or built for real). The tests/fresh-debian.sh
# script does the same on a real fresh Debian.
. "$(dirname "$0")/lib.sh"
chmod 755 "$work"
copy=$work/qtr
fake=$work/fake
log=$work/calls.log
mkdir -p "$copy/build/bin" "$copy/tools" "$copy/tests/fuzz" "$fake"
cp -r "$QTR_ROOT/config" "$QTR_ROOT/input" "$QTR_ROOT/pipeline" "$copy/"
cp "$QTR_ROOT/run.sh" "$QTR_ROOT/Makefile" "$copy/"
cp "$QTR_ROOT/tools/deps.sh" "$copy/tools/"
cp "$QTR_ROOT/tests/fuzz/fuzz.mk" "$copy/tests/fuzz/"
for s in ingest compare workbook charts publish; do ln -s "$QTR_BIN/qtr-$s" "$copy/build/bin/qtr-$s"; done
touch "$copy/build/.built"
: >"$log"
chmod 666 "$log"
deps_run=$(make -s --no-print-directory -C "$QTR_ROOT" print-deps-run)

# stand-ins: dpkg-query reports every package installed only when $fake/all-installed exists;
# `make ... all` just marks the copy built; apt-get succeeds
cat >"$fake/dpkg-query" <<EOF
#!/bin/sh
echo "dpkg-query \$*" >>"$log"
shift 2
[ -e "$fake/all-installed" ] && for p; do printf 'ii %s ' "\$p"; done
exit 0
EOF
cat >"$fake/make" <<EOF
#!/bin/sh
echo "make \$*" >>"$log"
case " \$* " in *" all "*) touch "$copy/build/.built"; exit 0 ;; esac
exec /usr/bin/make "\$@"
EOF
cat >"$fake/apt-get" <<EOF
#!/bin/sh
echo "apt-get \$*" >>"$log"
EOF
chmod 755 "$fake"/*
path=$fake:$PATH
run_copy() { env -u QTR_BIN PATH="$path" "$copy/run.sh" "$@"; }
stale() { sleep 0.01; touch "$copy/pipeline/ingest/main.c"; }
line="  sudo apt-get update && sudo apt-get install -y --no-install-recommends $deps_run"

# a built checkout under cron: quiet, and neither make nor apt-get nor dpkg-query is called
expect_exit 1 "built, --quiet: the sample" run_copy --quiet --output "$work/o-built"
check "built, --quiet: nothing on stdout" test ! -s "$work/out.txt"
check "built, --quiet: stderr only the sample's 2 rejected cells" test "$(wc -l <"$work/err.txt")" = 2
check "built, --quiet: no make, apt-get or dpkg-query" test ! -s "$log"

# stale, --quiet, packages missing: the command, exit 69, no apt-get (root or not)
stale
expect_exit 69 "stale, --quiet, packages missing" run_copy --quiet --output "$work/o-quiet"
check "stale, --quiet: prints the exact apt-get line with the Makefile's DEPS_RUN" grep -qxF "$line" "$work/err.txt"
check "stale, --quiet: names run.sh" grep -q '^run.sh: install them as root' "$work/err.txt"
check "stale, --quiet: no apt-get" sh -c "! grep -q '^apt-get' '$log'"
check "stale, --quiet: nothing built, nothing published" sh -c "! grep -q ' all$' '$log' && test ! -e '$work/o-quiet'"

# stale, packages missing, not root: the command and exit 69
: >"$log"
if [ "$(id -u)" != 0 ]; then
	expect_exit 69 "stale, packages missing, not root" run_copy --output "$work/o-user"
elif command -v setpriv >/dev/null; then
	expect_exit 69 "stale, packages missing, not root (nobody)" \
		setpriv --reuid=65534 --regid=65534 --clear-groups env -u QTR_BIN PATH="$path" "$copy/run.sh" --output "$work/o-user"
else
	echo "skipped: the non-root case (root, and no setpriv)"
fi
check "not root: prints the exact apt-get line" grep -qxF "$line" "$work/err.txt"
check "not root: no apt-get, nothing published" sh -c "! grep -q '^apt-get' '$log' && test ! -e '$work/o-user'"

# stale, packages missing, root: installs them (saying so on stderr), builds, runs
: >"$log"
if [ "$(id -u)" = 0 ]; then
	expect_exit 1 "stale, packages missing, root: installs, builds, publishes" run_copy --output "$work/o-root"
	check "root: says what it installs, on stderr" grep -qxF "run.sh: installing $deps_run (Debian packages; a few minutes)" "$work/err.txt"
	check "root: apt-get update, then install of the Makefile's DEPS_RUN" \
		grep -qxF "apt-get install -y --no-install-recommends $deps_run" "$log"
	check "root: update before install" sh -c "grep '^apt-get' '$log' | head -n 1 | grep -qx 'apt-get update -qq'"
	check "root: then builds" grep -q '^make -s -C .* all$' "$log"
	check "root: publishes" grep -q '^qtr lanzhou-2025 2025Q3：报告已发布到 ' "$work/out.txt"
else
	echo "skipped: the root case (installing; not root)"
fi

# stale, every package present: builds without apt-get, quietly
: >"$log"
touch "$fake/all-installed"
stale
expect_exit 1 "stale, packages present, --quiet: builds and runs" run_copy --quiet --output "$work/o-present"
check "packages present: no apt-get" sh -c "! grep -q '^apt-get' '$log'"
check "packages present: builds" grep -q '^make -s -C .* all$' "$log"
check "packages present, --quiet: nothing on stdout" test ! -s "$work/out.txt"
finish

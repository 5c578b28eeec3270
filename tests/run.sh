#!/usr/bin/env bash
# tests/run.sh — runs every test of qtr; the line before the last is "N skipped (could not run
# here)" with the list, when any; the last line is the plain "N passed, N failed".
#   unit tests: build/tests/test_* (cmocka), and build/san/tests/test_* (ASan+UBSan)
#   end-to-end: tests/e2e/*.sh, each run with QTR_BIN pointing at the normal and san builds
# QTR_NO_SAN=1 skips the sanitizer pass. Each test's output goes to build/test-logs/.
#
# What a test program tells this script (the skip protocol):
#   exit 0        passed (counted in "passed")
#   exit 77       (end-to-end scripts only) skipped as a whole: nothing of it could run here
#                 (counted in "skipped", never in "passed"); its reason is its last "SKIP: "
#                 line. A unit test's 77 is a failure (cmocka exits with its failure count).
#   other exits   failed
#   a stdout line "SKIP: <reason>" (at the start of a line; tests/e2e/lib.sh's skip helper
#                 prints it): one check inside the program that could not run here, e.g. a
#                 tool that is not installed. Each such line counts one in "skipped" and is
#                 printed with its reason; the program's other checks still pass or fail.
# "passed" and "failed" count test programs; "skipped" counts the checks (or programs) that
# did not run. A check never passes by not running. A script whose first lines hold the line
# "# qtr-test: plain-only" is not run in the sanitizer pass (valgrind and ASan do not mix):
# it is not part of that pass, so it is neither run nor counted there.
# The exit status is 0 when nothing failed (skips do not fail the run; they are listed).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0
skipped=0
failures=()
skips=()

export LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
# GLib's slice allocator hands GObjects (a PangoLayout, a PangoContext) out of big chunks it keeps:
# LeakSanitizer would never see one leaked (valgrind is detected by GLib, which then uses malloc)
export G_SLICE=always-malloc
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

run_one() { # name, whole-skip-allowed (0|1), command...
	local name=$1 may_skip=$2 rc n reason
	shift 2
	local log="$logs/$(echo "$name" | tr '/ ' '__').log"
	"$@" >"$log" 2>&1
	rc=$?
	n=0
	while IFS= read -r reason; do
		n=$((n + 1))
		skips+=("$name: $reason")
	done < <(sed -n 's/^SKIP: //p' "$log")
	if [ "$rc" = 77 ] && [ "$may_skip" = 1 ]; then
		reason=$(sed -n 's/^SKIP: //p' "$log" | tail -n 1)
		if [ "$n" = 0 ]; then
			n=1
			skips+=("$name: ${reason:-skipped as a whole (no reason given)}")
		fi
		skipped=$((skipped + n))
		printf 'skip  %s: %s\n' "$name" "${reason:-no reason given}"
		return
	fi
	skipped=$((skipped + n))
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1))
		if [ "$n" = 0 ]; then
			printf 'ok    %s\n' "$name"
		else
			printf 'ok    %s (%d check(s) skipped)\n' "$name" "$n"
			sed -n 's/^SKIP: /      skipped: /p' "$log"
		fi
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL  %s (exit %d; log: %s)\n' "$name" "$rc" "$log"
		tail -n 15 "$log" | sed 's/^/      /'
	fi
}

builds=(build)
[ "${QTR_NO_SAN:-0}" = 1 ] || builds+=(build/san)

for b in "${builds[@]}"; do
	tag=${b#build}
	tag=${tag#/}
	tag=${tag:-plain}
	for src in tests/unit/test_*.c tests/unit/*/test_*.c; do
		t=$b/tests/$(basename "$src" .c)
		if [ ! -x "$t" ]; then # never "not run" in silence
			run_one "$tag unit $(basename "$t")" 0 sh -c "echo '$t is not built (make unit)'; exit 1"
			continue
		fi
		run_one "$tag unit $(basename "$t")" 0 "$t" # cmocka exits with the number of failures
	done
	for e in tests/e2e/*.sh; do
		case $e in # libraries sourced by the others: lib.sh, readback_lib.sh
		tests/e2e/lib.sh | tests/e2e/*_lib.sh) continue ;;
		esac
		if [ ! -x "$e" ]; then
			run_one "$tag e2e $(basename "$e" .sh)" 0 sh -c "echo '$e is not executable: it would never run'; exit 1"
			continue
		fi
		if [ "$tag" != plain ] && head -n 10 "$e" | grep -qx '# qtr-test: plain-only'; then
			continue
		fi
		run_one "$tag e2e $(basename "$e" .sh)" 1 env QTR_BIN="$root/$b/bin" QTR_ROOT="$root" QTR_BUILD_TAG="$tag" "$e"
	done
done

if [ "$failed" -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failures[@]}"
fi
if [ "$skipped" -gt 0 ]; then
	echo "$skipped skipped (could not run here):"
	printf '  %s\n' "${skips[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

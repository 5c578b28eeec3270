#!/usr/bin/env bash
# tests/run.sh — runs every test of qtr and ends with the line "N passed, N failed".
#   unit tests: build/tests/test_* (cmocka), and build/san/tests/test_* (ASan+UBSan)
#   end-to-end: tests/e2e/*.sh, each run with QTR_BIN pointing at the normal and san builds
# QTR_NO_SAN=1 skips the sanitizer pass. Each test's output goes to build/test-logs/.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0
failures=()

export LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

run_one() { # name, command...
	local name=$1
	shift
	local log="$logs/$(echo "$name" | tr '/ ' '__').log"
	if "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		printf 'ok    %s\n' "$name"
	else
		failed=$((failed + 1))
		failures+=("$name")
		printf 'FAIL  %s (log: %s)\n' "$name" "$log"
		tail -n 15 "$log" | sed 's/^/      /'
	fi
}

builds=(build)
[ "${QTR_NO_SAN:-0}" = 1 ] || builds+=(build/san)

for b in "${builds[@]}"; do
	tag=${b#build}
	tag=${tag#/}
	tag=${tag:-plain}
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] || continue
		run_one "$tag unit $(basename "$t")" "$t"
	done
	for e in tests/e2e/*.sh; do
		[ -x "$e" ] || continue
		run_one "$tag e2e $(basename "$e" .sh)" env QTR_BIN="$root/$b/bin" QTR_ROOT="$root" QTR_BUILD_TAG="$tag" "$e"
	done
done

if [ "$failed" -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# tools/deps.sh — installs the Debian packages that qtr needs when they are missing.
# The lists live in the Makefile only (DEPS_RUN, DEPS_TEST); `make deps`, `make check` and
# run.sh pass them here:
#
#   tools/deps.sh [--no-install] WHO PACKAGE...
#
# Prints nothing and exits 0 when every package is installed (or when this is not a Debian
# system: there the build says what it lacks). As root, and without --no-install, it says on
# stderr what it installs and apt-gets it. Otherwise it prints the exact command to type and
# exits 69 (EX_UNAVAILABLE); 69 too when apt-get fails. WHO starts each message ("run.sh").
set -u -o pipefail

install=1
if [ "${1:-}" = --no-install ]; then
	install=0
	shift
fi
[ $# -ge 1 ] || { echo "usage: tools/deps.sh [--no-install] WHO PACKAGE..." >&2; exit 64; }
who=$1
shift

command -v dpkg-query >/dev/null 2>&1 || exit 0

# one dpkg-query for all: "ii <name> " for each installed package
have=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package} ' "$@" 2>/dev/null) "
missing=()
for p in "$@"; do
	case $have in
	*" ii $p "*) ;;
	*) missing+=("$p") ;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

apt_install=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$install" = 0 ] || [ "$(id -u)" != 0 ]; then
	{
		echo "$who: these Debian packages are needed and not installed: ${missing[*]}"
		echo "$who: install them as root, then try again:"
		echo "  sudo apt-get update && sudo ${apt_install[*]}"
	} >&2
	exit 69
fi

echo "$who: installing ${missing[*]} (Debian packages; a few minutes)" >&2
log=$(mktemp "${TMPDIR:-/tmp}/qtr-apt.XXXXXX") || exit 69
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${apt_install[@]}"; } </dev/null >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	echo "$who: apt-get failed (the whole log: $log)" >&2
	exit 69
fi
rm -f "$log"

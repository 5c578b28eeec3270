#!/usr/bin/env bash
# tests/fresh-debian.sh — the README's two commands on a fresh Debian 12, from a clean clone.
# Not part of `make check`: it needs root, the network (Debian's mirror) and about half an hour.
#
#   sudo tests/fresh-debian.sh DIR
#
# DIR (outside any git work tree) gets base/, a Debian 12 (bookworm) minbase root with only git,
# make and gcc added (made once with debootstrap, then reused), and root/, a fresh copy of it for
# this run, left in place afterwards. Into root/ the chroot's git clones the committed HEAD of
# this checkout, and with LANG unset (as under cron), at most 1024 open files (Debian's default
# soft limit) and /proc, /sys and /dev mounted:
#   1. as the user qtr:  ./run.sh and make check print the apt-get command and stop (69, failure);
#   2. as root: ./run.sh --quiet stops the same way and installs nothing (cron never apt-gets);
#   3. as root: ./run.sh installs what the build needs, builds and publishes the sample (exit 1);
#   4. as root: make check installs the test tools and passes; ./run.sh --quiet is then silent;
#   5. as qtr, on a fresh clone: ./run.sh and make check pass (the non-root checks run there).
# Logs go to DIR/logs/, a summary with timings to DIR/results.txt. The mirror is the host's
# (its apt sources) unless MIRROR is set. Exits 0 when every step did what it should.
set -u -o pipefail

die() { echo "fresh-debian: $*" >&2; exit 2; }
[ $# -eq 1 ] || die "usage: tests/fresh-debian.sh DIR"
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
repo=$(cd "$(dirname "$0")/.." && pwd)
head=$(git -C "$repo" rev-parse HEAD) || die "$repo is not a git checkout"
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] ||
	echo "fresh-debian: note: uncommitted changes in $repo are not tested (HEAD $head is)" >&2
mkdir -p "$1" || die "cannot create $1"
dir=$(cd "$1" && pwd)
if git -C "$dir" rev-parse --show-toplevel >/dev/null 2>&1; then
	die "$dir is inside a git work tree; choose a folder outside it"
fi
base=$dir/base
root=$dir/root
logs=$dir/logs
results=$dir/results.txt
user=qtr
chroot_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# ---------------------------------------------------------------- the base system (once)
host_mirror() { # the host's Debian mirror for bookworm, from its apt sources
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk 'BEGIN { RS = "" } /Suites:[^\n]*bookworm([ \n]|$)/ && !/security/ {
			if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { u = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", u); print u; exit }
		}' "$f"
	done | head -n 1
	[ -r /etc/apt/sources.list ] && awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list
}

make_base() {
	local mirror=${MIRROR:-$(host_mirror | head -n 1)}
	[ -n "$mirror" ] || die "no bookworm mirror in the host's apt sources; set MIRROR"
	if ! command -v debootstrap >/dev/null; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
			die "cannot install debootstrap"
	fi
	rm -rf "$base"
	echo "fresh-debian: debootstrap bookworm (minbase) into $base"
	debootstrap --variant=minbase bookworm "$base" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
		die "debootstrap failed (log: $logs/debootstrap.log)"
	# the host's Debian sources (updates and security too), as on an installed machine
	if [ -r /etc/apt/sources.list.d/debian.sources ] && grep -q bookworm /etc/apt/sources.list.d/debian.sources; then
		cp /etc/apt/sources.list.d/debian.sources "$base/etc/apt/sources.list.d/" && rm -f "$base/etc/apt/sources.list"
	fi
	chroot "$base" env -i PATH=$chroot_path DEBIAN_FRONTEND=noninteractive sh -c '
		apt-get update -qq && apt-get install -y -qq --no-install-recommends git make gcc &&
		useradd -m -s /bin/bash '"$user"' && apt-get clean && rm -rf /var/lib/apt/lists/*' \
		>"$logs/base.log" 2>&1 || die "installing git, make and gcc failed (log: $logs/base.log)"
	touch "$base/.qtr-base"
}

mkdir -p "$logs"
t0=$SECONDS
[ -f "$base/.qtr-base" ] || make_base
base_secs=$((SECONDS - t0))

# ---------------------------------------------------------------- this run's root
mounted=()
unmount_all() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -R "${mounted[i]}" 2>/dev/null || umount -lR "${mounted[i]}"
	done
	mounted=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

if [ -d "$root" ]; then
	grep -q " $root/" /proc/mounts && die "$root has something mounted; unmount it first"
	rm -rf "$root"
fi
cp -a "$base" "$root" || die "cannot copy $base"
mount -t proc proc "$root/proc" && mounted+=("$root/proc") || die "cannot mount /proc"
mount -t sysfs sysfs "$root/sys" && mounted+=("$root/sys") || die "cannot mount /sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" && mounted+=("$root/dev") ||
	die "cannot mount /dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# the committed HEAD as a bundle that the chroot's git clones from (a bundle is a plain file:
# no "dubious ownership" refusal when root and qtr both clone it)
branch=$(git -C "$repo" symbolic-ref -q --short HEAD)
mkdir -p "$root/srv"
git -C "$repo" bundle create -q "$root/srv/qtr.bundle" HEAD ${branch:+"$branch"} 2>"$logs/bundle.log" ||
	die "cannot bundle the repository (log: $logs/bundle.log)"
chmod a+r "$root/srv/qtr.bundle"

# Debian's default soft limit of open files (1024: systemd, cron, a login) for root too, not
# the caller's; the user gets it from runuser's PAM session
as_root() { # command line, in /root/qtr
	chroot "$root" env -i PATH=$chroot_path HOME=/root USER=root SHELL=/bin/bash \
		bash -c "ulimit -Sn 1024; cd /root/qtr 2>/dev/null || cd /root; $1"
}
as_user() { # command line, in ~qtr/qtr
	chroot "$root" env -i PATH=$chroot_path HOME=/home/$user USER=$user SHELL=/bin/bash \
		runuser -u "$user" -- bash -c "cd ~/qtr 2>/dev/null || cd ~; $1"
}

# ---------------------------------------------------------------- steps
passed=0 failed=0
: >"$results"
say() { printf '%s\n' "$*" | tee -a "$results"; }
step() { # name, want (exit code, or "nonzero"), who, command line; output in $logs/<name>.{out,err}
	local name=$1 want=$2 who=$3 cmd=$4 t=$SECONDS rc
	"as_$who" "$cmd" >"$logs/$name.out" 2>"$logs/$name.err"
	rc=$?
	last_secs=$((SECONDS - t))
	if [ "$rc" = "$want" ] || { [ "$want" = nonzero ] && [ "$rc" != 0 ]; }; then
		return 0
	fi
	fail "$name: exit $rc, expected $want (log: $logs/$name.err)"
	tail -n 20 "$logs/$name.err" | sed 's/^/    /' >&2
	return 1
}
ok() { passed=$((passed + 1)); say "ok    $*"; }
fail() { failed=$((failed + 1)); say "FAIL  $*"; }
expect() { # description, command...
	local what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}
installed() { chroot "$root" dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'; }
apt_line() { grep -qF 'sudo apt-get update && sudo apt-get install -y --no-install-recommends' "$1" && grep -q 'libcsv-dev' "$1"; }

say "fresh-debian: $(date -u +%Y-%m-%dT%H:%MZ), commit $head, Debian $(cat "$root/etc/debian_version")"
say "      base system: $([ "$base_secs" -gt 2 ] && echo "made in ${base_secs}s" || echo reused)"

as_user "git clone -q /srv/qtr.bundle ~/qtr" >"$logs/clone-user.log" 2>&1 || die "clone as $user failed"
as_root "git clone -q /srv/qtr.bundle /root/qtr" >"$logs/clone-root.log" 2>&1 || die "clone as root failed"
expect "clones are at $head" test "$(as_root 'git rev-parse HEAD')" = "$head"

# 1. a user without root on the bare system
step user-run 69 user ./run.sh && ok "user: ./run.sh exits 69 (${last_secs}s)"
expect "user: ./run.sh prints the apt-get line" apt_line "$logs/user-run.err"
expect "user: ./run.sh's line has the build tools but no test tools" \
	sh -c "grep -q 'build-essential' '$logs/user-run.err' && ! grep -q 'valgrind' '$logs/user-run.err'"
expect "user: ./run.sh printed nothing on stdout" test ! -s "$logs/user-run.out"
step user-check nonzero user "make check" && ok "user: make check fails (${last_secs}s)"
expect "user: make check prints the apt-get line, test tools included" \
	sh -c "grep -qF 'sudo apt-get update && sudo apt-get install -y' '$logs/user-check.err' && grep -q valgrind '$logs/user-check.err'"
expect "user: nothing was built" test ! -e "$root/home/$user/qtr/build/bin/qtr-ingest"

# 2. cron as root on the bare system: no apt
step root-quiet-bare 69 root "./run.sh --quiet" && ok "root: ./run.sh --quiet exits 69 (${last_secs}s)"
expect "root: ./run.sh --quiet prints the apt-get line" apt_line "$logs/root-quiet-bare.err"
expect "root: ./run.sh --quiet installed nothing" sh -c "! chroot '$root' dpkg-query -W -f='\${db:Status-Abbrev}' libcsv-dev 2>/dev/null | grep -q '^ii'"

# 3. root: the first README command
step root-run 1 root ./run.sh && ok "root: ./run.sh installs, builds and publishes the sample: exit 1 (${last_secs}s)"
expect "root: ./run.sh says what it installs" grep -q '^run.sh: installing .*libcsv-dev' "$logs/root-run.err"
expect "root: ./run.sh published the report" grep -q '^qtr lanzhou-2025 2025Q3：报告已发布到 ' "$logs/root-run.out"
# the headline tests/e2e/sample.sh expects of the sample (one place to change when the sample does)
headline=$(sed -n 's/^check "stdout headline" grep -q "\(.*\)" .*/\1/p' "$repo/tests/e2e/sample.sh")
expect "root: the headline ($headline)" sh -c "[ -n '$headline' ] && grep -qF '$headline' '$logs/root-run.out'"
pub=$root/root/qtr/output/lanzhou-2025/2025Q3
expect "root: PDF, workbook, charts and summary card published" test -s "$pub/lanzhou-2025-2025Q3.pdf" -a \
	-s "$pub/lanzhou-2025-2025Q3.xlsx" -a -s "$pub/chart-01-dashboard.png" -a -s "$pub/lanzhou-2025-2025Q3-summary.png"
expect "root: ./run.sh installed no test tool" sh -c "! chroot '$root' dpkg-query -W -f='\${db:Status-Abbrev}' valgrind 2>/dev/null | grep -q '^ii'"
if installed fonts-noto-cjk; then ok "root: fonts-noto-cjk installed"; else fail "root: fonts-noto-cjk installed"; fi
expect "root: fontconfig finds a CJK font" sh -c "chroot '$root' fc-match 'Noto Sans CJK SC' | grep -q 'NotoSansCJK'"

# 4. root: the second README command, then a cron run
step root-check 0 root "make check" && ok "root: make check passes (${last_secs}s)"
expect "root: make check ends with 'N passed, 0 failed'" sh -c 'tail -n 1 "$1" | grep -qE "^[0-9]+ passed, 0 failed$"' sh "$logs/root-check.out"
say "      root: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/root-check.out" | tail -n 1)"
expect "root: the fuzz regressions replayed through the clang harnesses" \
	grep -q 'clean through fuzz_' "$root/root/qtr/build/test-logs/plain_e2e_fuzz_regressions.log"
say "      root: skipped: $(grep -rhiE '^skip' "$root/root/qtr/build/test-logs/" | sort -u | paste -sd ';' -)"
step root-quiet 1 root "./run.sh --quiet" && ok "root: ./run.sh --quiet on the built checkout: exit 1 (${last_secs}s)"
expect "root: ./run.sh --quiet prints nothing on stdout" test ! -s "$logs/root-quiet.out"
expect "root: ./run.sh --quiet: stderr only the sample's two rejected cells" \
	sh -c "[ \$(wc -l <'$logs/root-quiet.err') = 2 ] && ! grep -qE 'run.sh|apt|make' '$logs/root-quiet.err'"

# 5. a user on the installed system, fresh clone (exit_codes and workbook run their non-root checks)
as_user "cd ~ && rm -rf ~/qtr && git clone -q /srv/qtr.bundle ~/qtr" >>"$logs/clone-user.log" 2>&1 || die "second clone as $user failed"
step user-run2 1 user ./run.sh && ok "user: ./run.sh builds and publishes: exit 1 (${last_secs}s)"
step user-check2 0 user "make check" && ok "user: make check passes (${last_secs}s)"
say "      user: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/user-check2.out" | tail -n 1)"

say "fresh-debian: $passed passed, $failed failed; logs in $logs"
unmount_all
[ "$failed" = 0 ]

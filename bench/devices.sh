#!/usr/bin/env bash
# bench/devices.sh — `make bench-devices`: what each performance device of qtr buys, so that each
# stays only where it pays (README, Performance). For every device the job runs with it (build/)
# and without it (build/plain-<device>/, built by `make PLAIN=<device>`), at N = 12 and at
# N = 3000 × Y = 10, RUNS times each (default 7), the two builds alternating so that the machine's
# slow and fast phases hit both alike. Reports the median wall time of the stage the device sits
# in and of the whole run.sh, and the share of the whole run it saves. Writes bench/devices.md.
#   hash     ingest hashes each input on a second thread while it parses it
#   csv      the CSV reader splits lines without quotes itself instead of through libcsv
#   fork     the charts stage draws the PNGs in a child process, the PDF and SVGs in the parent
#   deflate  the workbook deflates big workbooks at zlib level 1 instead of libxlsxwriter's 6
#   tmpfiles the workbook keeps libxlsxwriter's temporary files in memory for workbooks held in
#            memory (the districts' and small reports'), instead of files next to the output
#   zipmembers  the workbook deflates those workbooks' zip members itself, on one zlib stream,
#            reusing a member's deflated bytes when it repeats (theme, styles, ...), and
#            writes each such archive to its file in one go
#   printf   the workbook prints libxlsxwriter's cells itself (its fprintf formats of text, %s,
#            %d and %.16G, and lxw_rowcol_to_cell) instead of through the C library's printf
#   deflating  the workbook deflates a big workbook's parts as libxlsxwriter writes them while
#            it packs the archive, instead of writing each to a file and reading it back
#   preassemble  the workbook assembles and deflates a big workbook's 数据 on a second thread as
#            soon as its rows are written, instead of in workbook_close after the other sheets
#   rows     the workbook prints a big workbook's 数据 rows itself, the library's bytes, instead
#            of cell by cell through libxlsxwriter
#   unitmemo  ingest remembers what each unit cell's text names for the whole run, instead of
#            normalising the name and looking it up in the roster on every row
#   fcthreads  the charts stage runs Pango's font matching on the thread that asks for it,
#            instead of on two new threads for every font size and weight
#   laymemo  the charts stage lays out a text once per process for the same style and box (and
#            kind of surface) and draws it from there, instead of laying it out every time
#   unitbatch  the charts stage draws up to 16 units' pages as one PDF and cuts it into their
#            files (pdfsplit.c), instead of a document for each unit
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${RUNS:-7}
work=$root/bench/work
mkdir -p "$work"
cc -O2 -o "$work/gen" bench/gen.c

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

gen() { # N Y [long] -> the dataset folder (the same as bench/run.sh's)
	local d=$work/n$1-y$2${3:+-$3}
	if [ ! -f "$d/.done" ]; then
		rm -rf "$d"
		"$work/gen" "$d" "$1" "$2" ${3:-}
		/usr/bin/python3 - "$d" <<'PY'
import re, sys
d = sys.argv[1]
s = open(d + "/plan.ini", encoding="utf-8").read()
names = re.search(r"roster = (.*)\n", s).group(1).split(", ")
open(d + "/roster.csv", "w", encoding="utf-8").write("name,aliases\n" + "".join(n + ",\n" for n in names))
open(d + "/plan.ini", "w", encoding="utf-8").write(re.sub(r"roster = .*\n", "roster_file = roster.csv\n", s))
PY
		touch "$d/.done"
	fi
	echo "$d"
}

# one run: prints "<stage seconds> <whole seconds>" for the stage of interest
run_once() { # bin-dir dataset stage
	local bin=$1 d=$2 stage=$3 t0 t1
	rm -rf "$d/out"
	: >"$d/stages.txt"
	t0=$EPOCHREALTIME
	QTR_BIN=$bin QTR_STAGE_TIME="$d/stages.txt" ./run.sh --config "$d/plan.ini" --input "$d/input" \
		--output "$d/out" --quiet >/dev/null 2>&1 || true
	t1=$EPOCHREALTIME
	awk -v s="$stage" -v a="$t0" -v b="$t1" '$1 == s { st = $2 } END { printf "%s %.4f\n", st, b - a }' "$d/stages.txt"
}

declare -A STAGE=([hash]=ingest [csv]=compare [fork]=charts [deflate]=workbook [tmpfiles]=workbook [zipmembers]=workbook [printf]=workbook [deflating]=workbook [preassemble]=workbook [rows]=workbook [unitmemo]=ingest [fcthreads]=charts [laymemo]=charts [unitbatch]=charts)
rows=()
for size in "12 1" "3000 10" "3000 10 long"; do
	set -- $size
	d=$(gen "$1" "$2" ${3:-})
	for dev in hash csv fork deflate tmpfiles zipmembers printf deflating preassemble rows unitmemo fcthreads laymemo unitbatch; do
		with_s=() with_w=() without_s=() without_w=()
		for r in $(seq "$runs"); do
			read -r s w < <(run_once "$root/build/bin" "$d" "${STAGE[$dev]}")
			with_s+=("$s") with_w+=("$w")
			read -r s w < <(run_once "$root/build/plain-$dev/bin" "$d" "${STAGE[$dev]}")
			without_s+=("$s") without_w+=("$w")
		done
		ms=$(printf '%s\n' "${with_s[@]}" | median)
		mw=$(printf '%s\n' "${with_w[@]}" | median)
		ns=$(printf '%s\n' "${without_s[@]}" | median)
		nw=$(printf '%s\n' "${without_w[@]}" | median)
		line=$(awk -v n="$1" -v y="$2${3:+ ($3 facts)}" -v dev="$dev" -v st="${STAGE[$dev]}" -v ms="$ms" -v mw="$mw" \
			-v ns="$ns" -v nw="$nw" 'BEGIN {
			printf "| %s × %s | %s | %s | %.2f s | %.2f s | %.2f s | %.2f s | %+.1f%% |", n, y, dev, st,
				ns, ms, nw, mw, (nw > 0 ? (nw - mw) / nw * 100 : 0) }')
		rows+=("$line")
		echo "$line"
	done
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
	echo "# What each performance device buys"
	echo
	echo "Machine: $(nproc) cores, ${cpu:-unknown CPU}; $(uname -sr); $(date -u +%Y-%m-%d). Each"
	echo "cell is the median of $runs runs; the builds with and without the device alternate."
	echo "'saves' is the whole run's time without the device minus with it, over the time without."
	echo "A device stays when it saves more than 5% at some size (README, Performance)."
	echo
	echo "| units × years | device | stage | stage without | stage with | run.sh without | run.sh with | saves |"
	echo "|---|---|---|---:|---:|---:|---:|---:|"
	printf '%s\n' "${rows[@]}"
} >bench/devices.md
echo "wrote bench/devices.md"

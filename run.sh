#!/usr/bin/env bash
# run.sh — the quarterly job of qtr (the cron entry point; its command line is a contract:
# docs/cli.md).
#
#   run.sh [--config FILE] [--input DIR] [--output DIR] [--period YYYYQn] [--quiet]
#   run.sh --template [--config FILE] [--input DIR] [--output DIR] [--period YYYYQn] [--quiet]
#
# Runs the stages (ingest, compare, workbook, charts) for one quarter into a staging folder
# under the output folder, writes a manifest, and publishes the folder atomically to
# <output>/<plan-id>/<period>/. Holds an exclusive flock on <output>/.lock for the whole run.
# Exit codes (sysexits): 0 published, clean; 1 published, but input was rejected or reports are
# missing; 64 usage; 65 no data for the quarter; 66 input cannot be opened; 73 output cannot be
# created; 74 write failed; 75 another run holds the lock; 78 bad configuration; 70 a stage
# crashed or failed unexpectedly (a bug: please report it with the input), or the build failed;
# 69 Debian packages needed to build are missing (the message gives the apt-get command).
#
# From a source checkout (not an installed copy) it first builds when a source is newer than
# the last build; as root it apt-gets the Debian packages the build lacks (tools/deps.sh).
set -u -o pipefail

# Set by `make install`; empty when run from a source checkout.
QTR_LIBEXEC=""
QTR_SHARE=""

# Forks are kept out of the job's path: each costs milliseconds (bench/results.md); parameter
# expansions and printf -v do the path and date work. This script's folder: its path made
# absolute; readlink -f only for a link (make install links qtr-run to it) or a path with
# . or .. in it.
self=${BASH_SOURCE[0]}
self=${self#./}
case $self in /*) ;; *) self=$PWD/$self ;; esac
case $self in
*/./* | */../* | *//*) self=$(readlink -f "$self") ;;
*) [ ! -L "$self" ] || self=$(readlink -f "$self") ;;
esac
here=${self%/*}
here=${here:-/}
share=${QTR_SHARE:-$here}

usage() {
	cat <<EOF
usage: run.sh [--config FILE] [--input DIR] [--output DIR] [--period YYYYQn] [--quiet]
       run.sh --template [--config FILE] [--period YYYYQn] [--input DIR] [--output DIR] [--quiet]

Runs the quarterly job: checks the districts' CSV files, compares them with the plan's
targets and publishes facts.csv, rejects.csv, progress.csv, the workbook (.xlsx), the
leaders' PDF, chart images, the summary card for chats (PNG) and manifest.json to
<output>/<plan-id>/<period>/.

  --config FILE   plan INI (default: $share/config/lanzhou-2025.ini)
  --input DIR     folder scanned recursively for *.csv (default: the config's [run] input_dir,
                  else $share/input/<config name>)
  --output DIR    where reports are published (default: the config's [run] output_dir,
                  else $here/output)
  --period P      quarter to report, e.g. 2025Q3 (default: the latest quarter with data)
  --quiet         print nothing on success
  --template      instead of the report, write the districts' fill-in template of the quarter
                  (--period, default: the quarter the report would be of) to
                  <output>/<plan-id>/template/: <plan-id>-<period>-填报模板.csv (UTF-8 with BOM,
                  the headers qtr recognises, one row per unit) and <plan-id>-<period>-填报说明.txt
  --help          this text

Exit codes: 0 published, all input accepted and no report missing; 1 published, but input
was rejected or some unit's report is missing; 64 bad usage; 65 no data for the quarter;
66 the input folder cannot be opened; 73 the output folder cannot be created;
74 a write failed (previous output untouched); 75 another run holds the lock (try later);
78 the configuration is invalid; 70 a stage failed unexpectedly (a bug; nothing published)
or the build failed; 69 Debian packages needed to build qtr are missing.

From a source checkout, run.sh builds first when needed. If Debian packages are missing
for that, as root it installs them (saying so on stderr); as another user, or with
--quiet, it prints the exact apt-get command to run as root and exits 69.
EOF
}

die() { # code, message
	echo "run.sh: $2" >&2
	exit "$1"
}

abspath() { # variable path: relative paths are relative to the caller's directory
	case $2 in
	/*) printf -v "$1" '%s' "$2" ;;
	*) printf -v "$1" '%s' "$PWD/$2" ;;
	esac
}

config="" input="" output="" period="" quiet=0 template=0
while [ $# -gt 0 ]; do
	case $1 in
	--config | --input | --output | --period)
		[ $# -ge 2 ] || { usage >&2; exit 64; }
		opt=${1#--}
		printf -v "$opt" '%s' "$2"
		shift 2
		;;
	--config=* | --input=* | --output=* | --period=*)
		opt=${1%%=*}
		opt=${opt#--}
		printf -v "$opt" '%s' "${1#*=}"
		shift
		;;
	--quiet | -q) quiet=1; shift ;;
	--template) template=1; shift ;;
	--help | -h) usage; exit 0 ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
	esac
done
if [ -n "$period" ] && ! [[ $period =~ ^[0-9]{4}-?[Qq][1-4]$ ]]; then
	die 64 "--period '$period' is not a quarter such as 2025Q3"
fi
# SOURCE_DATE_EPOCH pins the report's date: whole seconds since 1970 up to the year 9999
if [ -n "${SOURCE_DATE_EPOCH:-}" ] &&
	! { [[ $SOURCE_DATE_EPOCH =~ ^[0-9]{1,12}$ ]] && [ "$((10#$SOURCE_DATE_EPOCH))" -le 253402300799 ]; }; then
	die 64 "SOURCE_DATE_EPOCH '$SOURCE_DATE_EPOCH' is not a number of seconds since 1970-01-01 (e.g. 1735689600); unset it to date the report from the input files"
fi

abspath config "${config:-$share/config/lanzhou-2025.ini}"
[ -r "$config" ] || die 78 "$config: cannot read the configuration file"
config_dir=${config%/*}
config_dir=${config_dir:-/}

plan_name=${config##*/}
[ "$plan_name" = .ini ] || plan_name=${plan_name%.ini}

# 0 when a file or folder of pipeline/ or tools/ (hidden ones aside), or the Makefile, is
# newer than the last build (build/.built); globbing, not find: no process to start
sources_newer() {
	local f found=1
	shopt -s globstar nullglob
	for f in "$here"/pipeline "$here"/pipeline/** "$here"/tools "$here"/tools/** "$here"/Makefile; do
		if [[ $f -nt $here/build/.built ]]; then
			found=0
			break
		fi
	done
	shopt -u globstar nullglob
	return $found
}

# ---------------------------------------------------------------- programs
if [ -n "${QTR_BIN:-}" ]; then # tests point this at the sanitizer build
	bin=$QTR_BIN
elif [ -n "$QTR_LIBEXEC" ]; then
	bin=$QTR_LIBEXEC
else
	bin=$here/build/bin
	# build when the last build is missing or a source is newer than it (make touches .built)
	stale=1
	if [ -f "$here/build/.built" ] && [ -x "$bin/qtr-ingest" ] && [ -x "$bin/qtr-compare" ] &&
		[ -x "$bin/qtr-workbook" ] && [ -x "$bin/qtr-charts" ] && [ -x "$bin/qtr-publish" ]; then
		sources_newer || stale=0
	fi
	if [ $stale = 1 ]; then
		# the Debian packages to build and run (their list is the Makefile's): as root they are
		# installed, else (and always with --quiet: cron never apt-gets) the command is printed, 69
		command -v make >/dev/null || die 69 "building qtr needs make: as root, run: apt-get install -y make"
		deps=$(make -s --no-print-directory -C "$here" print-deps-run) || die 70 "make print-deps-run failed"
		no_install=()
		[ $quiet = 1 ] && no_install=(--no-install)
		# shellcheck disable=SC2086 # a list of package names
		"$here/tools/deps.sh" "${no_install[@]}" run.sh $deps || exit $?
		log=$(mktemp "${TMPDIR:-/tmp}/qtr-build.XXXXXX") || die 70 "cannot create a temporary file for the build log"
		if ! make -s -C "$here" all >"$log" 2>&1; then
			cat "$log" >&2
			rm -f "$log"
			die 70 "the build failed (output above)"
		fi
		rm -f "$log"
	fi
fi
for s in ingest compare workbook charts publish; do
	[ -x "$bin/qtr-$s" ] || die 70 "$bin/qtr-$s is missing; run 'make'"
done

# The configuration first: a bad config is 78 whatever else is wrong, and touches nothing.
# The plan's own loader resolves its [run] folders (relative to the config file's folder).
run_cfg=$("$bin/qtr-ingest" --config "$config" --check-config --print-run)
rc=$?
case $rc in
0) ;;
78) exit 78 ;;
*) die 70 "qtr-ingest --check-config failed unexpectedly (exit $rc); nothing was published" ;;
esac
declare -A CFG
while IFS='=' read -r k v; do
	[ -n "$k" ] && CFG[$k]=$v
done <<<"$run_cfg"
input_why= # what to say when the folder is not there: where its path came from
if [ -n "$input" ]; then
	abspath input "$input"
elif [ -n "${CFG[input_dir]:-}" ]; then
	input=${CFG[input_dir]} input_why=" (the config's [run] input_dir)"
else
	input=$share/input/$plan_name
	input_why=" (the default: give --input DIR, or input_dir in the config's [run] section)"
fi
if [ -n "$output" ]; then abspath output "$output"; else output=${CFG[output_dir]:-$here/output}; fi

# ---------------------------------------------------------------- --template
if [ $template = 1 ]; then
	dest=$output/${CFG[plan]}/template
	mkdir -p "$dest" 2>/dev/null || die 73 "$dest: cannot create the template folder"
	targs=(--config "$config" --template "$dest")
	if [ -n "$period" ]; then
		targs+=(--period "$period")
	else # the quarter the report would be of: read from the input
		[ -d "$input" ] && [ -r "$input" ] && [ -x "$input" ] || die 66 "$input: cannot open the input folder$input_why"
		targs+=(--input "$input" --skip "$output")
	fi
	written=$("$bin/qtr-ingest" "${targs[@]}")
	rc=$?
	case $rc in
	0) ;;
	64 | 65 | 66 | 73 | 74 | 78) exit $rc ;;
	*) die 70 "qtr-ingest --template failed unexpectedly (exit $rc)" ;;
	esac
	if [ $quiet = 0 ]; then
		{ read -r csv; read -r notes; } <<<"$written"
		echo "qtr ${CFG[plan]}：填报模板已写到 $csv"
		echo "  填报说明：$notes"
	fi
	exit 0
fi
[ -d "$input" ] && [ -r "$input" ] && [ -x "$input" ] || die 66 "$input: cannot open the input folder$input_why"

# ---------------------------------------------------------------- lock and staging
[ -d "$output" ] || mkdir -p "$output" 2>/dev/null || die 73 "$output: cannot create the output folder"
{ exec 9>>"$output/.lock"; } 2>/dev/null || die 73 "$output/.lock: cannot create the lock file"
flock -n 9 || die 75 "another run holds $output/.lock; try again later"

leftover=("$output"/.staging-*) # left by a run that was killed (and their .times)
{ [ -e "${leftover[0]}" ] || [ -L "${leftover[0]}" ]; } && rm -rf "${leftover[@]}" 2>/dev/null
# a new name (the lock is held and older staging folders are gone), created with its mode
stage=$output/.staging-$$-$RANDOM
mkdir -m 755 "$stage" 2>/dev/null || die 73 "$output: cannot create a staging folder"
wb_pid= wb_go=
stop_workbook() { # the EXIT trap of a run that fails while the workbook runs (see below)
	[ -n "$wb_go" ] && exec {wb_go}>&-
	[ -n "$wb_pid" ] && wait "$wb_pid" 2>/dev/null
}
trap 'stop_workbook; rm -rf "$stage" "$stage.times"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap '' XFSZ # past a file-size limit writes fail (exit 74) instead of killing the run

run_stage() { # name, command...
	local name=$1 t0=$EPOCHREALTIME rc
	shift
	if [ -n "${QTR_STAGE_TIME:-}" ]; then # make bench: seconds and peak RSS of each stage
		/usr/bin/time -a -o "$QTR_STAGE_TIME" -f "$name %e %M" "$@"
	else
		"$@"
	fi
	rc=$?
	local t1=$EPOCHREALTIME
	local us=$(( (${t1/./} - ${t0/./}) ))
	# a file, not a variable: the workbook and charts stages run in background subshells
	printf '%s %d.%06d %d\n' "$name" $((us / 1000000)) $((us % 1000000)) "$rc" >>"$stage.times"
	case $rc in
	0 | 64 | 65 | 66 | 73 | 74 | 78) return $rc ;;
	75) [ "$name" = workbook ] && return $rc ;& # called off (--go-fd): the run is failing already
	*) # a crash or an unexpected code: never let it look like "published" (0/1)
		echo "run.sh: stage $name failed unexpectedly (exit $rc); nothing was published" >&2
		return 70 ;;
	esac
}

# key=value summaries of the stages, read once
declare -A ING CMP
read_summary() { # file array-name
	local -n arr=$2
	local k v
	while IFS='=' read -r k v; do
		[ -n "$k" ] && [ -z "${arr[$k]+set}" ] && arr[$k]=$v
	done <"$1"
}

period_opt=()
[ -n "$period" ] && period_opt=(--period "$period")

# A performance device (bench/gains.md): glibc backs the stages' big heap blocks with 2 MiB
# pages where the kernel offers them on request (transparent huge pages in "madvise" mode), a
# page fault per 2 MiB instead of per 4 KiB: the stages fill and refill tens of MB (ingest's
# buckets, cairo's copies of the font's tables, the chart images). Outputs are the same; a
# machine without them runs as before. (The charts stage of a roster over 5000 units ran without
# them while it used the whole CJK font; with the font's subset its peak at 10,000 units is 69 MB.)
export GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1

# --skip: the output folder is never read as input, should it lie inside the input folder
run_stage ingest "$bin/qtr-ingest" --config "$config" --input "$input" --skip "$output" \
	--facts "$stage/facts.csv" --rejects "$stage/rejects.csv" --summary "$stage/ingest.txt" \
	--inputs "$stage/inputs.csv" --task-facts "$stage/task_facts.csv" "${period_opt[@]}" || exit $?
read_summary "$stage/ingest.txt" ING
plan_id=${ING[plan]}
period=${ING[period]}

# The report's date is the data's date (newest input or config, from ingest), so reruns of the
# same files are byte-identical; SOURCE_DATE_EPOCH overrides it.
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
	epoch=$((10#$SOURCE_DATE_EPOCH)) # checked above; leading zeros are not octal
else
	epoch=${ING[newest_mtime]:-0}
fi
TZ=UTC0 printf -v report_date '%(%Y-%m-%dT%H:%M:%SZ)T' "$epoch"
base="$plan_id-$period"

# The workbook starts now, beside compare (two cores): it reads ingest's files and, for a big
# 数据, writes that sheet; then it waits for the line "go" on its standard input (compare's
# files are complete) before it reads them and writes the rest. If compare fails, "go" never
# comes: the EXIT trap closes the pipe and waits for the workbook to stop (exit 75) before the
# staging folder goes. (A coprocess: bash keeps its pipe out of the other stages.)
coproc WB { run_stage workbook "$bin/qtr-workbook" --config "$config" --period "$period" --go-fd 0 \
	--progress "$stage/progress.csv" --quarterly "$stage/quarterly.csv" --summary "$stage/compare.txt" \
	--facts "$stage/facts.csv" --rejects "$stage/rejects.csv" --inputs "$stage/inputs.csv" \
	--date "$report_date" --tasks "$stage/tasks.csv" --districts "$stage/districts" \
	--out "$stage/$base.xlsx" >/dev/null; }
# (a workbook that has already ended has been reaped: WB is unset then, and wait still has its
# exit code)
wb_pid=$! wb_go=${WB[1]:-}

run_stage compare "$bin/qtr-compare" --config "$config" --facts "$stage/facts.csv" \
	--period "$period" --progress "$stage/progress.csv" --quarterly "$stage/quarterly.csv" \
	--summary "$stage/compare.txt" --ingest-summary "$stage/ingest.txt" \
	--task-facts "$stage/task_facts.csv" --tasks "$stage/tasks.csv" \
	--briefing "$stage/briefing.txt" || exit $?
read_summary "$stage/compare.txt" CMP
# go (a workbook that has already failed has closed its end: no SIGPIPE for run.sh, and its
# exit code is read below)
if [ -n "$wb_go" ]; then
	trap '' PIPE
	printf 'go\n' >&"$wb_go" 2>/dev/null
	trap - PIPE
	exec {wb_go}>&-
	wb_go=
fi

# The charts only read the staged files: they run beside the rest of the workbook.
charts_rc=0
run_stage charts "$bin/qtr-charts" --config "$config" --progress "$stage/progress.csv" \
	--quarterly "$stage/quarterly.csv" --summary "$stage/compare.txt" --tasks "$stage/tasks.csv" \
	--briefing "$stage/briefing.txt" --date "$report_date" --out "$stage/$base.pdf" --image-dir "$stage" \
	--card "$stage/$base-summary.png" --districts "$stage/districts" --rejects "$stage/rejects.csv" || charts_rc=$?
wb_rc=0
wait "$wb_pid" || wb_rc=$?
wb_pid=
[ "$wb_rc" = 0 ] || exit "$wb_rc"
[ "$charts_rc" = 0 ] || exit "$charts_rc"

# The report's exit code is compare's (its summary): 1 when input of the quarter's scope was
# rejected or some unit's report is missing.
code=${CMP[exit_code]:-1}

# ---------------------------------------------------------------- publish
dest="$output/$plan_id/$period"
# qtr-publish writes manifest.json (inputs, timings, counts) into the staging folder, then moves it
# (creating $output/$plan_id when it is new: exit 73 when it cannot)
"$bin/qtr-publish" --times "$stage.times" --report-date "$report_date" --input-dir "$input" \
	"$stage" "$dest"
rc=$?
case $rc in
0) ;;
65 | 66 | 73 | 74) exit $rc ;;
*) die 70 "stage publish failed unexpectedly (exit $rc)" ;; # a crash, never "published"
esac
trap - EXIT # (qtr-publish has removed $stage.times)

# The summary: compare's sentences (compare.txt), the same words as the workbook and the PDF.
if [ $quiet = 0 ]; then
	printf 'qtr %s %s：报告已发布到 %s\n' "$plan_id" "$period" "$dest"
	printf '  输入：%s%s\n' "${CMP[input_text]}" "$([ "${CMP[input.errors]:-0}" != 0 ] && echo '，详见 rejects.csv')"
	printf '  %s\n' "${CMP[headline]}"
	[ -z "${CMP[missing_text]}" ] || printf '  缺报：%s\n' "${CMP[missing_text]}"
	while IFS= read -r line; do
		case $line in
		config_warning=*) printf '  配置提示：%s\n' "${line#config_warning=}"; continue ;;
		indicator=*) ;;
		*) continue ;;
		esac
		IFS='|' read -r _ _ label name sentence <<<"${line#indicator=}"
		printf '  [%s] %s：%s\n' "$label" "$name" "$sentence"
	done <"$dest/compare.txt"
	# the task ledger, for plans that have one ([tasks] file)
	[ -z "${CMP[tasks_text]:-}" ] || printf '  %s\n' "${CMP[tasks_text]}"
fi
exit $code

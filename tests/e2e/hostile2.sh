#!/usr/bin/env bash
# hostile2.sh — issue 15, "hardening, round two": one block per finding of the second hostile
# run, each through run.sh (or qtr-ingest where the stage alone tells), plain and sanitizer
# builds:
#   1 configs that lie (duplicates, unknown keys, a BOM with an error)   5 unreadable input
#   2 the output folder inside (or equal to) the input folder            6 Office lock files,
#   3 symbolic links leaving the input folder, link loops                  UTF-16 tab-separated
#   4 bounded memory: a 3 GB sparse file, max_file_mb, binary files      7 CSV injection
#   8 raw is the cell's text, SOURCE_DATE_EPOCH, periods after the horizon, two unit/period
#     columns that disagree, limits documented
# A check that cannot run here says "skipped:" and is not counted as passed.
. "$(dirname "$0")/lib.sh"
cases=$QTR_ROOT/tests/e2e/cases
clean_cfg=$cases/clean/config.ini
lanzhou=$QTR_ROOT/config/lanzhou-2025.ini
account=$QTR_ROOT/tests/e2e/account.py
san=0
[ "${QTR_BUILD_TAG:-plain}" = san ] || [[ $QTR_BIN == */san/* ]] && san=1

crashed() { [ "$1" -ge 128 ] || [ "$1" = 98 ] || [ "$1" = 99 ]; }

as=() # a command run.sh runs under (section 5: without root's capabilities)
run() { # name, expected exit, run.sh arguments...: stdout/stderr in $work/<name>.out/.err
	local name=$1 want=$2 got
	shift 2
	"${as[@]}" "$QTR_ROOT/run.sh" "$@" >"$work/$name.out" 2>"$work/$name.err"
	got=$?
	if crashed "$got"; then
		fail "$name: crashed (exit $got)"
		grep -m 3 -E 'ERROR|SUMMARY|runtime error' "$work/$name.err" | sed 's/^/    /' >&2
		return 1
	fi
	check "$name: exit $got (expected $want)" [ "$got" = "$want" ]
	if [ "$got" != "$want" ]; then head -n 5 "$work/$name.err" | sed 's/^/    stderr: /' >&2; fi
	[ "$got" = "$want" ]
}

csvq() { # python expression over rows of a CSV: csvq FILE 'expr using rows' -> prints the result
	$PY - "$1" "$2" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
print(eval(sys.argv[2]))
EOF
}

clean_input() { # a fresh copy of the clean case's input in folder $1
	rm -rf "$1" && mkdir -p "$1" && cp "$cases/clean/input/"*.csv "$1/"
}

# ==================================================================== 1. configs that lie
cfg_with() { # out.ini, python replacement over the clean config's text
	$PY - "$clean_cfg" "$1" "$2" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
old, new = sys.argv[3].split("=>", 1)
old, new = old.replace("\\n", "\n"), new.replace("\\n", "\n")
assert old in text, old
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(old, new, 1))
EOF
}
clean_input "$work/in1"
cfg_with "$work/dupkey.ini" 'target = 100\n=>target = 1500\ntarget = 15\n'
if run cfg-dupkey 78 --config "$work/dupkey.ini" --input "$work/in1" --output "$work/o1"; then
	check "duplicate key: file, line, section and key named" \
		grep -qF "$work/dupkey.ini:17: [indicator.demands] target:" "$work/cfg-dupkey.err"
	check "duplicate key: both values shown" grep -q "第 16 行为「1500」，本行为「15」" "$work/cfg-dupkey.err"
	check "duplicate key: nothing published" [ ! -e "$work/o1/clean-2025" ]
fi
cfg_with "$work/dupsec.ini" '[indicator.brokers]=>[indicator.demands]\ntarget = 15\n[indicator.brokers]'
run cfg-dupsec 78 --config "$work/dupsec.ini" --input "$work/in1" --output "$work/o1" &&
	check "duplicate section named with both lines" \
		grep -qF "dupsec.ini:26: [indicator.demands]: 节 [indicator.demands] 出现两次（第 12 行已有）" "$work/cfg-dupsec.err"
cfg_with "$work/alias.ini" '[indicator.demands]=>[aliases]\n甲 = 甲区\n甲 = 乙区\n\n[indicator.demands]'
run cfg-alias 78 --config "$work/alias.ini" --input "$work/in1" --output "$work/o1" &&
	check "alias mapped twice: named with both units" \
		grep -qF "alias.ini:14: [aliases] 甲: 别名 甲 映射了两次：第 13 行为「甲区」，本行为「乙区」" "$work/cfg-alias.err"
cfg_with "$work/typo.ini" 'target = 50\n=>target = 50\nbasline = 20\n'
run cfg-typo 78 --config "$work/typo.ini" --input "$work/in1" --output "$work/o1" &&
	check "unknown key: named with the section's keys" \
		grep -qF "[indicator.brokers] basline: 未知的键 basline（拼写错误？）；[indicator.brokers] 节可用的键：name, kind, comparator, unit, headers, basis, target, milestones, growth, baseline," "$work/cfg-typo.err"
cfg_with "$work/typo2.ini" 'start_year = 2025\n=>start_year = 2025\nmilestone = 2025:50\n'
run cfg-typo2 78 --config "$work/typo2.ini" --input "$work/in1" --output "$work/o1" &&
	check "unknown [plan] key named" grep -qF "typo2.ini:7: [plan] milestone: 未知的键 milestone" "$work/cfg-typo2.err"
{ printf '\xef\xbb\xbf'; cat "$clean_cfg"; printf 'a line without equals\n'; } >"$work/bom.ini"
if run cfg-bom 78 --config "$work/bom.ini" --input "$work/in1" --output "$work/o1"; then
	check "BOM + syntax error: the config itself is named, with its line" \
		grep -qF "$work/bom.ini:32: [indicator.brokers]: 无法识别这一行「a line without equals」" "$work/cfg-bom.err"
	check "BOM + syntax error: no temporary file named" bash -c "! grep -q 'qtr-config-' '$work/cfg-bom.err'"
fi
# what must keep working: the shipped configs, [run] and [report] of the stages, quoted values
# with '#' and ';', a section of another tool
for c in "$QTR_ROOT"/config/*.ini "$cases"/*/config.ini; do
	"$QTR_BIN/qtr-ingest" --config "$c" --check-config >/dev/null 2>"$work/cc.err" ||
		fail "$(basename "$(dirname "$c")")/$(basename "$c") no longer loads: $(head -n 1 "$work/cc.err")"
done
echo "ok: every shipped and test config still loads"
{ cat "$clean_cfg"; printf '[report]\nfont = Noto Sans CJK SC\nauthor = "科技局 #2; 统计科"\n[run]\noutput_dir = out ; a comment\n[other-tool]\nanything = 1\n'; } >"$work/ok.ini"
expect_exit 0 "[report], [run], a quoted value with # and ;, another tool's section: accepted" \
	"$QTR_BIN/qtr-ingest" --config "$work/ok.ini" --check-config

# ==================================================================== 2. output inside input
clean_input "$work/in2"
if run out-inside-1 0 --config "$clean_cfg" --input "$work/in2" --output "$work/in2/reports"; then
	# a district corrects a value after the quarter was published, and the job runs again
	sed -i 's/^2025Q1,甲区,20,/2025Q1,甲区,21,/' "$work/in2/2025Q1.csv"
	if run out-inside-2 0 --config "$clean_cfg" --input "$work/in2" --output "$work/in2/reports"; then
		d=$work/in2/reports/clean-2025/2025Q1
		check "output inside input: one warning names the skipped output folder" \
			[ "$(csvq "$d/rejects.csv" 'sum(1 for r in rows if r["source"] == "reports" and "输出文件夹" in r["reason"] and r["severity"] == "warning")')" = 1 ]
		check "output inside input: nothing else in rejects.csv (its own files are not read back)" \
			[ "$(csvq "$d/rejects.csv" 'len(rows)')" = 1 ]
		check "output inside input: the correction wins (甲区 demands 2025Q1 = 21)" \
			[ "$(csvq "$d/facts.csv" '[r["value"] for r in rows if r["unit"] == "甲区" and r["indicator"] == "demands" and r["period"] == "2025Q1"]')" = "['21']" ]
		check "output inside input: facts only from the districts' two files" \
			[ "$(csvq "$d/facts.csv" 'sorted({r["source"] for r in rows})')" = "['2024Q4.csv', '2025Q1.csv']" ]
	fi
fi
clean_input "$work/in3"
mkdir -p "$work/in3/.staging-abc" && cp "$work/in3/2025Q1.csv" "$work/in3/.staging-abc/facts.csv"
if run out-same-1 0 --config "$clean_cfg" --input "$work/in3" --output "$work/in3" &&
	run out-same-2 0 --config "$clean_cfg" --input "$work/in3" --output "$work/in3"; then
	d=$work/in3/clean-2025/2025Q1
	check "output = input: the published report folder is skipped with a warning" \
		[ "$(csvq "$d/rejects.csv" '[(r["source"], r["severity"]) for r in rows]')" = "[('clean-2025', 'warning')]" ]
	check "output = input: .staging-* and .lock are not read" \
		[ "$(csvq "$d/facts.csv" 'sorted({r["source"] for r in rows})')" = "['2024Q4.csv', '2025Q1.csv']" ]
fi

# ==================================================================== 3. symbolic links
clean_input "$work/in4"
mkdir -p "$work/secret"
printf '报告期,填报单位,企业技术需求发布数(个)\n2025Q1,甲区,TOPSECRET-77\n' >"$work/secret/s.csv"
ln -s "$work/secret/s.csv" "$work/in4/leak.csv"
ln -s ../secret "$work/in4/leakdir"
ln -s . "$work/in4/loop"     # back to the input folder itself
ln -s self "$work/in4/self"  # a link to itself: ELOOP
mkdir -p "$work/in4/sub" && ln -s .. "$work/in4/sub/up"
if run links 1 --config "$clean_cfg" --input "$work/in4" --output "$work/o4"; then
	d=$work/o4/clean-2025/2025Q1
	for l in leak.csv leakdir; do
		check "link leaving the input folder ($l): an error naming the link" \
			[ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['source'] == '$l' and r['severity'] == 'error' and '输入文件夹之外' in r['reason'] and r['raw'] == '')")" = 1 ]
	done
	for l in loop self sub/up; do
		check "link loop ($l): an error, the run goes on" \
			[ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['source'] == '$l' and r['severity'] == 'error' and '循环' in r['reason'])")" = 1 ]
	done
	leaked=0
	for f in "$d"/*.csv "$d"/*.json "$d"/*.txt; do grep -q "TOPSECRET" "$f" && leaked=1; done
	for x in "$d"/*.xlsx; do unzip -p "$x" | grep -q "TOPSECRET" && leaked=1; done
	check "nothing of the linked file reaches any output (csv, json, txt, xlsx)" [ "$leaked" = 0 ]
	check "the links' targets are not in inputs.csv" bash -c "! grep -q 'secret' '$d/inputs.csv'"
	check "the districts' facts are all there" [ "$(csvq "$d/facts.csv" 'len(rows)')" = 12 ]
fi

# ==================================================================== 4. bounded memory
clean_input "$work/in5"
truncate -s 3G "$work/in5/huge.csv"
limit="" rss_max=400000
if [ "$san" = 1 ]; then
	echo "skipped: ulimit -v under the sanitizer build (ASan reserves terabytes of address space); peak RSS measured instead"
	rss_max=1000000
else
	limit=1500000 # KB: 1.5 GB of address space for a 3 GB file
fi
start=$(date +%s)
( [ -z "$limit" ] || ulimit -v "$limit"
	exec /usr/bin/time -f '%M' -o "$work/rss.txt" "$QTR_ROOT/run.sh" --config "$clean_cfg" \
		--input "$work/in5" --output "$work/o5" --quiet) >"$work/huge.out" 2>"$work/huge.err"
got=$?
secs=$(($(date +%s) - start))
if crashed "$got"; then
	fail "3 GB file: crashed (exit $got)"
else
	check "3 GB sparse file${limit:+ under ulimit -v 1.5 GB}: exit $got (expected 1)" [ "$got" = 1 ]
	d=$work/o5/clean-2025/2025Q1
	check "3 GB file: rejected from its size, which is named" \
		[ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['source'] == 'huge.csv' and '3072.0 MB（3221225472 字节）' in r['reason'] and 'max_file_mb' in r['reason'])")" = 1 ]
	rss=$(tail -n 1 "$work/rss.txt")
	check "3 GB file: peak memory of any process of the run ${rss} KB < $((rss_max / 1000)) MB" \
		[ "${rss:-999999999}" -lt "$rss_max" ]
	check "3 GB file: the run took ${secs} s (< 60 s)" [ "$secs" -lt 60 ]
	check "3 GB file: the other files are read" [ "$(csvq "$d/facts.csv" 'len(rows)')" = 12 ]
fi
rm -f "$work/in5/huge.csv"
# a sparse 200 MB file under the limit: binary (NUL), rejected from its first bytes
truncate -s 200M "$work/in5/zeros.csv"
( [ -z "$limit" ] || ulimit -v "$limit"
	exec /usr/bin/time -f '%M' -o "$work/rss2.txt" "$QTR_BIN/qtr-ingest" --config "$clean_cfg" \
		--input "$work/in5" --facts "$work/z-facts.csv" --rejects "$work/z-rejects.csv") >/dev/null 2>&1
got=$?
check "200 MB of NUL bytes: qtr-ingest exit $got (expected 0)" [ "$got" = 0 ]
check "200 MB of NUL bytes: rejected as binary" grep -q '^zeros.csv,1,,00 00 00 00 00 00 00 00,error,文件第 0 字节处是 NUL 字节.*,file_binary$' "$work/z-rejects.csv"
rss=$(tail -n 1 "$work/rss2.txt")
check "200 MB of NUL bytes: only its first bytes read (peak ${rss} KB < $((rss_max / 4000)) MB)" [ "${rss:-999999999}" -lt $((rss_max / 4)) ]
rm -f "$work/in5/zeros.csv"
# [input] max_file_mb
{ cat "$clean_cfg"; printf '\n[input]\nmax_file_mb = 1\n'; } >"$work/small.ini"
$PY -c '
import sys
rows = ["报告期,填报单位,企业技术需求发布数(个)"] + ["2025Q1,甲区,20"] * 120000
open(sys.argv[1], "w").write("\n".join(rows) + "\n")' "$work/in5/big.csv"
if run max-file-mb 1 --config "$work/small.ini" --input "$work/in5" --output "$work/o5b"; then
	check "[input] max_file_mb = 1: a 1.8 MB file is rejected unread, the limit named" \
		[ "$(csvq "$work/o5b/clean-2025/2025Q1/rejects.csv" "sum(1 for r in rows if r['source'] == 'big.csv' and '上限 1 MB' in r['reason'])")" = 1 ]
fi

# ==================================================================== 5. what cannot be read
clean_input "$work/in6"
mkdir -p "$work/in6/locked" && cp "$work/in6/2025Q1.csv" "$work/in6/locked/copy.csv"
printf '报告期,填报单位,企业技术需求发布数(个)\n2025Q1,甲区,20\n' >"$work/in6/noread.csv"
chmod 000 "$work/in6/locked" "$work/in6/noread.csv"
mkdir -p "$work/in7" && chmod 000 "$work/in7"
unpriv=ok
if [ "$(id -u)" = 0 ]; then # root reads everything: run without the capabilities that allow it
	if command -v setpriv >/dev/null; then
		as=(setpriv --bounding-set -dac_override,-dac_read_search)
	else
		unpriv=none
	fi
fi
if [ "$unpriv" = none ]; then
	echo "skipped: unreadable input (running as root without setpriv)"
else
	if run unreadable 1 --config "$clean_cfg" --input "$work/in6" --output "$work/o6"; then
		d=$work/o6/clean-2025/2025Q1
		check "unreadable subfolder: an error in rejects.csv, report published" \
			[ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['source'] == 'locked' and r['severity'] == 'error' and r['code'] == 'folder_unreadable' and '无法打开文件夹（没有读取权限）' in r['reason'])")" = 1 ]
		check "unreadable file: an error in rejects.csv" \
			[ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['source'] == 'noread.csv' and r['severity'] == 'error' and r['code'] == 'file_unreadable' and '没有读取权限' in r['reason'])")" = 1 ]
		check "unreadable subfolder and file: named on stderr" grep -q "^locked: 无法打开文件夹" "$work/unreadable.err"
	fi
	run unreadable-root 66 --config "$clean_cfg" --input "$work/in7" --output "$work/o7" &&
		check "the input folder itself unreadable: 66, nothing published" [ ! -e "$work/o7/clean-2025" ]
	as=()
fi
chmod 755 "$work/in6/locked" "$work/in7"
chmod 644 "$work/in6/noread.csv"

# ==================================================================== 6. lock files, UTF-16 text
clean_input "$work/in8"
cp "$work/in8/2025Q1.csv" "$work/in8/~\$2025Q1.csv"
printf ',root,host,1234;1700000000;' >"$work/in8/.~lock.2025Q1.csv#"
if run lockfiles 0 --config "$clean_cfg" --input "$work/in8" --output "$work/o8"; then
	d=$work/o8/clean-2025/2025Q1
	check "Excel's ~\$ owner file: skipped with a warning (exit 0)" \
		[ "$(csvq "$d/rejects.csv" "[r['severity'] for r in rows if r['source'] == '~\$2025Q1.csv' and 'Excel' in r['reason']]")" = "['warning']" ]
	check "LibreOffice/WPS lock file: skipped with a warning" \
		[ "$(csvq "$d/rejects.csv" "[r['severity'] for r in rows if r['source'] == '.~lock.2025Q1.csv#' and '2025Q1.csv' in r['reason']]")" = "['warning']" ]
	check "lock files are not counted as files" grep -qx "files=2" "$d/ingest.txt"
fi
mkdir -p "$work/in9"
cp "$cases/clean/input/2024Q4.csv" "$work/in9/"
$PY - "$cases/clean/input/2025Q1.csv" "$work/in9/2025Q1.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
# what Excel's "Unicode text" writes: UTF-16LE with BOM, tabs, CRLF, numbers as displayed
text = "".join("\t".join(r) + "\r\n" for r in rows)
open(sys.argv[2], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
EOF
if run utf16-tsv 0 --config "$clean_cfg" --input "$work/in9" --output "$work/o9"; then
	d=$work/o9/clean-2025/2025Q1
	check "UTF-16 tab-separated: the same facts as the CSV" \
		[ "$(csvq "$d/facts.csv" 'sorted((r["period"], r["unit"], r["indicator"], r["value"]) for r in rows)')" = \
			"$(csvq "$cases/clean/expected/facts.csv" 'sorted((r["period"], r["unit"], r["indicator"], r["value"]) for r in rows)')" ]
	check "UTF-16 tab-separated: every cell accounted for" \
		$PY "$account" --config "$clean_cfg" --facts "$d/facts.csv" --rejects "$d/rejects.csv" --source 2025Q1.csv "$work/in9/2025Q1.csv"
fi
printf '报告期\t填报单位\t企业技术需求发布数(个)\n2025Q1\t甲区\t20\n' >"$work/tab.csv"
"$QTR_BIN/qtr-ingest" --config "$clean_cfg" --facts "$work/t-facts.csv" --rejects "$work/t-rejects.csv" "$work/tab.csv" 2>/dev/null
check "UTF-8 tab-separated: rejected with a word on tabs and how to save a CSV" \
	grep -q "表头用制表符而不是逗号分隔：请在 Excel 或 WPS 中另存为「CSV（逗号分隔）」" "$work/t-rejects.csv"

# ==================================================================== 7. CSV injection
mkdir -p "$work/in10"
cp "$cases/clean/input/2024Q4.csv" "$work/in10/"
printf '%s\n' '报告期,填报单位,企业技术需求发布数(个),技术合同成交额(万元),技术经纪人累计人数(名),"=HYPERLINK(""http://x"",""y"")"' \
	'2025Q1,甲区,20,"15,000",24,' \
	'2025Q1,乙区,"=HYPERLINK(""http://evil"",""click"")","+cmd|'"'"' /C calc'"'"'!A0",@SUM(1),' \
	'2025Q1,-2+3,1,2,3,' \
	"2025Q1,乙区,-5,'quoted,12," >"$work/in10/2025Q1.csv"
printf '报告期,填报单位,企业技术需求发布数(个)\n2025Q1,乙区,6\n' >"$work/in10/=1+2 2025Q1.csv"
if run injection 1 --config "$clean_cfg" --input "$work/in10" --output "$work/o10"; then
	d=$work/o10/clean-2025/2025Q1
	check "no text field of rejects.csv, facts.csv or inputs.csv starts a formula" $PY - "$d" <<'EOF'
import csv, re, sys
number = re.compile(r"^[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
bad = []
for name in ("rejects.csv", "facts.csv", "inputs.csv"):
    for row in csv.reader(open(sys.argv[1] + "/" + name, encoding="utf-8", newline="")):
        for v in row:
            if v and v[0] in "=+-@\t\r" and not number.match(v):
                bad.append((name, v))
for b in bad:
    print("    formula-like:", b)
sys.exit(1 if bad else 0)
EOF
	for want in "'=HYPERLINK(\"http://evil\",\"click\")" "'+cmd|' /C calc'!A0" "'@SUM(1)" "'=HYPERLINK(\"http://x\",\"y\")" "''quoted"; do
		check "guarded in rejects.csv: $want" [ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['raw'] == '''$want''')")" -ge 1 ]
	done
	check "a negative number stays a number: raw -5" [ "$(csvq "$d/rejects.csv" "sum(1 for r in rows if r['raw'] == '-5')")" = 1 ]
	check "a formula-like file name is guarded in facts.csv" \
		[ "$(csvq "$d/facts.csv" "sorted({r['source'] for r in rows})")" = "[\"'=1+2 2025Q1.csv\", '2024Q4.csv', '2025Q1.csv']" ]
	check "a formula-like file name is guarded in inputs.csv" grep -q "^input,'=1+2 2025Q1.csv," "$d/inputs.csv"
	for x in "$d"/*.xlsx; do
		check "the workbook shows the texts without the guarding quote" $PY - "$x" <<'EOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])  # 数据质量 (rejects), 数据 (facts), 说明 (inputs)
texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
want = {'=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "@SUM(1)", "=1+2 2025Q1.csv"}
missing = want - texts
print("    not shown as is:", missing) if missing else None
sys.exit(1 if missing or any(t.startswith("'=") for t in texts) else 0)
EOF
	done
fi

# ==================================================================== 8. raw, environment, odd corners
mkdir -p "$work/in11"
cp "$cases/clean/input/2024Q4.csv" "$work/in11/"
printf '报告期,填报单位,企业技术需求发布数(个),技术合同成交额(万元),技术经纪人累计人数(名)\n2025Q1,甲区,０７７,"21,067.69",24\n2025Q1,乙区,6,"95,000.50",12\n' >"$work/in11/a.csv"
printf '报告期,填报单位,企业技术需求发布数(个),技术合同成交额(万元),技术经纪人累计人数(名)\n2025Q1,甲区,78,"21,067.70",24\n2025Q1,乙区,6,95000.5,12\n' >"$work/in11/b.csv"
if run raw 1 --config "$clean_cfg" --input "$work/in11" --output "$work/o11"; then
	d=$work/o11/clean-2025/2025Q1
	check "conflicting duplicates: raw is each cell's text" \
		[ "$(csvq "$d/rejects.csv" "sorted(r['raw'] for r in rows if r['code'] == 'duplicate_conflict')")" = "['21,067.69', '21,067.70', '78', '０７７']" ]
	check "identical duplicates: raw is the cell's text (95000.5)" \
		[ "$(csvq "$d/rejects.csv" "[r['raw'] for r in rows if r['code'] == 'duplicate' and r['column'].startswith('技术合同')]")" = "['95000.5']" ]
fi
clean_input "$work/in12"
if SOURCE_DATE_EPOCH=yesterday run epoch-bad 64 --config "$clean_cfg" --input "$work/in12" --output "$work/o12"; then
	check "a bad SOURCE_DATE_EPOCH is named" \
		grep -q "^run.sh: SOURCE_DATE_EPOCH 'yesterday' is not a number of seconds" "$work/epoch-bad.err"
	check "a bad SOURCE_DATE_EPOCH: nothing written" [ ! -e "$work/o12" ]
fi
SOURCE_DATE_EPOCH=1735689600 run epoch-ok 0 --config "$clean_cfg" --input "$work/in12" --output "$work/o12" &&
	check "SOURCE_DATE_EPOCH=1735689600 dates the report 2025-01-01" \
		grep -q '"report_date": "2025-01-01T00:00:00Z"' "$work/o12/clean-2025/2025Q1/manifest.json"
printf '报告期,填报单位,企业技术需求发布数(个)\n2031Q1,甲区,5\n2031Q1,乙区,6\n2052Q3,甲区,7\n' >"$work/in12/late.csv"
if run future 0 --config "$clean_cfg" --input "$work/in12" --output "$work/o12b"; then
	check "periods after the horizon: one warning per file and quarter, exit unchanged" \
		[ "$(csvq "$work/o12b/clean-2025/2025Q1/rejects.csv" "[(r['line'], r['severity'], r['raw']) for r in rows if '计划期' in r['reason']]")" = "[('2', 'warning', '2031Q1'), ('4', 'warning', '2052Q3')]" ]
	check "periods after the horizon: still read into facts.csv" \
		[ "$(csvq "$work/o12b/clean-2025/2025Q1/facts.csv" "sum(1 for r in rows if r['source'] == 'late.csv')")" = 3 ]
fi
rm -f "$work/in12/late.csv"
printf '报告期,填报单位,企业技术需求发布数(个),统计期,单位\n2025Q1,城关区,20,2025Q1,城关区\n2025Q1,七里河区,6,2025Q2,\n2025Q1,七里河区,7,,城关区\n2025Q1,兰州高新区,8,2025年第一季度,高新区\n' >"$work/two.csv"
"$QTR_BIN/qtr-ingest" --config "$lanzhou" --facts "$work/two-facts.csv" --rejects "$work/two-rejects.csv" "$work/two.csv" 2>/dev/null
check "two period columns that disagree: the row is rejected naming both" \
	grep -q "^$work/two.csv,3,统计期,.*,error,两个报告期列不一致：「报告期」（第 1 列）为「2025Q1」，「统计期」（第 4 列）为「2025Q2」；整行拒收" "$work/two-rejects.csv"
check "two unit columns that disagree: the row is rejected naming both" \
	grep -q "^$work/two.csv,4,单位,.*,error,两个填报单位列不一致：「填报单位」（第 2 列）为「七里河区」，「单位」（第 5 列）为「城关区」" "$work/two-rejects.csv"
check "two columns that agree (also as another spelling or an alias): the rows are read" \
	[ "$(csvq "$work/two-facts.csv" "[(r['unit'], r['value']) for r in rows]")" = "[('城关区', '20'), ('兰州高新区', '8')]" ]
for doc in "input.md:max_file_mb" "input.md:16384" "input.md:## Limits" "config.md:1000 bytes" "config.md:16 MB" \
	"cli.md:SOURCE_DATE_EPOCH 'yesterday'" "formats.md:OWASP" "cli.md:--skip DIR"; do
	check "documented: docs/${doc%%:*} has '${doc#*:}'" grep -qF -- "${doc#*:}" "$QTR_ROOT/docs/${doc%%:*}"
done
finish

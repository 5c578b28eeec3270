#!/usr/bin/env bash
# tests/e2e/cards_config.sh SRC DST — writes DST, a copy of the shipped plan SRC
# (config/lanzhou-2025.ini) whose demands, new_carriers and rd_enterprises are broken down to the
# units with `unit_targets` (each list adds up to the city target; illustrative figures), and
# whose input_dir is the shipped sample's. The PDF then has a card grid (亮牌) and unit statuses
# on the ranking pages and in the 重点关注 block of page 1.
set -eu
src=$1 dst=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
awk -v input="$root/input/lanzhou-2025" '
/^input_dir[ \t]*=/ { print "input_dir  = " input; next }
{ print }
/^\[indicator\.demands\]/ { print "unit_targets = 城关区:300, 七里河区:180, 西固区:120, 安宁区:150, 红古区:60, 永登县:40, 皋兰县:40, 榆中县:80, 兰州新区:200, 兰州高新区:200, 兰州经济区:90, 市本级:40" }
/^\[indicator\.new_carriers\]/ { print "unit_targets = 城关区:8, 七里河区:5, 西固区:4, 安宁区:4, 红古区:3, 永登县:3, 皋兰县:2, 榆中县:3, 兰州新区:6, 兰州高新区:8, 兰州经济区:3, 市本级:1" }
/^\[indicator\.rd_enterprises\]/ { print "unit_targets = 城关区:5, 七里河区:5, 西固区:5, 安宁区:4, 红古区:3, 永登县:3, 皋兰县:3, 榆中县:4, 兰州新区:5, 兰州高新区:6, 兰州经济区:4, 市本级:3" }
' "$src" >"$dst"

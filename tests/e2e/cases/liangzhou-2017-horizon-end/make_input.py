# make_input.py — wrote this case's added quarters (2019Q4–2020Q4) from the shipped 2019Q3 file:
# illustrative figures (the task files were written by hand). usage: python3 make_input.py input
import csv, os, sys
from decimal import Decimal as D
out = sys.argv[1]
units = ['黄羊镇', '武南镇', '清源镇', '永昌镇', '丰乐镇', '城区街道', '武威工业园区', '黄羊工业园区',
         '武威国家农业科技园区', '区直部门']
hdr = ['报告期', '填报单位', '技术合同交易额(万元)', '转化重大科技成果(项)', '省级技术转移示范机构(家)',
       '市级技术转移示范机构(家)', '省级众创空间(家)', '市级众创空间(家)', '省级专业化技术转移人才(名)',
       '市级专业化技术转移人才(名)', '市级科技成果转移转化示范区(个)']
# 2019Q3 levels of the stocks (columns 4..10), 永昌镇 from 2019Q2 (it did not report 2019Q3)
level = {
    '黄羊镇': [0, 0, 0, 1, 0, 1, 0], '武南镇': [0, 0, 0, 0, 0, 1, 0], '清源镇': [0, 0, 0, 0, 0, 0, 0],
    '永昌镇': [0, 0, 0, 0, 0, 0, 0], '丰乐镇': [0, 0, 0, 0, 0, 0, 0], '城区街道': [0, 0, 1, 1, 0, 1, 0],
    '武威工业园区': [1, 1, 0, 1, 1, 1, 0], '黄羊工业园区': [0, 1, 0, 1, 0, 1, 0],
    '武威国家农业科技园区': [1, 1, 0, 1, 1, 2, 0], '区直部门': [0, 1, 0, 0, 1, 3, 0]}
# (quarter, unit, column index 0..6 of the stocks, increment)
steps = [('2020Q1', '城区街道', 1, 1),            # 市级技术转移示范机构 4 -> 5 (6 due: missed)
         ('2020Q1', '区直部门', 3, 1),            # 市级众创空间 5 -> 6 (achieved)
         ('2020Q2', '武威工业园区', 2, 1),        # 省级众创空间 1 -> 2
         ('2020Q4', '武威国家农业科技园区', 2, 1),  # -> 3 (achieved)
         ('2020Q2', '清源镇', 5, 1),              # 市级人才 10 -> 11 (achieved)
         ('2020Q2', '武威国家农业科技园区', 6, 1),  # 市级示范区 0 -> 1: late for 2019's node, met in 2020
         ('2020Q3', '黄羊工业园区', 0, 1),        # 省级技术转移示范机构 2 -> 3 (achieved)
         ('2020Q3', '黄羊工业园区', 4, 1)]        # 省级人才 3 -> 4 (5 due: missed)
# flows: 技术合同交易额 (万元) shares and 转化重大科技成果 per quarter
share = [D('1359.15'), D('484.84'), D('544.59'), D('299.77'), D('451.31'), D('1924.82'),
         D('4505.93'), D('2613.25'), D('2803.16'), D('4672.48')]
contract = {'2019Q4': D('25000'), '2020Q1': D('15000'), '2020Q2': D('18000'),
            '2020Q3': D('20000'), '2020Q4': D('24000')}    # 2019: 4.47 + 2.50; 2020: 7.70 亿元
major = {'2019Q4': {'武威工业园区': 1, '武威国家农业科技园区': 1}, '2020Q1': {'区直部门': 1},
         '2020Q2': {'黄羊工业园区': 1}, '2020Q3': {'武威国家农业科技园区': 1},
         '2020Q4': {'武威工业园区': 1, '城区街道': 1}}   # 12 -> 19 of 20
for q in ['2019Q4', '2020Q1', '2020Q2', '2020Q3', '2020Q4']:
    for sq, u, i, n in steps:
        if sq == q:
            level[u][i] += n
    tot = contract[q]
    parts = [(tot * s / sum(share)).quantize(D('0.01')) for s in share]
    parts[-1] += tot - sum(parts)
    rows = [[q, u, str(p), str(major[q].get(u, 0))] + [str(x) for x in level[u]]
            for u, p in zip(units, parts)]
    with open(os.path.join(out, q[:4], q + '.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(hdr)
        w.writerows(rows)
# 科技特派员: poor villages and villages with an envoy (2019Q3 levels; 永昌镇 2019Q2's 9 of 14)
poor = {'黄羊镇': 12, '武南镇': 8, '清源镇': 10, '永昌镇': 14, '丰乐镇': 9}
envoy = {'2019Q4': {'黄羊镇': 9, '武南镇': 6, '清源镇': 8, '永昌镇': 10, '丰乐镇': 6},
         '2020Q1': {'黄羊镇': 10, '武南镇': 7, '清源镇': 8, '永昌镇': 11, '丰乐镇': 7},
         '2020Q2': {'黄羊镇': 11, '武南镇': 7, '清源镇': 9, '永昌镇': 12, '丰乐镇': 8},
         '2020Q3': {'黄羊镇': 12, '武南镇': 8, '清源镇': 10, '永昌镇': 13, '丰乐镇': 8},
         '2020Q4': {'黄羊镇': 12, '武南镇': 8, '清源镇': 10, '永昌镇': 14, '丰乐镇': 9}}
files = {'2019': '2019/2019年第四季度-科技特派员.csv', '2020': '2020/2020年各季度-科技特派员.csv'}
for y, name in files.items():
    with open(os.path.join(out, name), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['报告期', '填报单位', '贫困村数(个)', '已选派科技特派员的贫困村(个)'])
        for q in sorted(envoy):
            if q.startswith(y):
                w.writerows([q, u, poor.get(u, 0), envoy[q].get(u, 0)] for u in units)

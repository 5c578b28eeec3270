# make_input.py — wrote this case's added quarters 2020Q1–2020Q4 from the shipped 2019Q4 levels:
# illustrative figures. usage (from this folder): python3 make_input.py input
import csv, os, sys
from decimal import Decimal as D
out = sys.argv[1]
hdr = ['报告期', '填报单位', '技术合同成交额(万元)', '市级以上技术转移机构数(家)', '专业化技术转移人才(名)',
       '技术合同登记机构数(家)']
units = ['越秀区', '海珠区', '荔湾区', '天河区', '白云区', '黄埔区', '番禺区', '花都区', '南沙区', '从化区', '增城区']
share = [D(x) for x in ['223448.38', '162889.56', '56547.91', '502207.10', '97127.80', '402373.87',
                        '137736.26', '40197.93', '85014.15', '20537.10', '33919.94']]
inst = [9, 7, 2, 16, 3, 12, 6, 1, 4, 1, 2]          # 2019Q4: 63 家 (target 48 × 1.5 = 72)
talent = [53, 42, 12, 117, 26, 97, 35, 7, 26, 4, 11]  # 430 名 (target 500)
agency = [1, 1, 1, 2, 1, 1, 1, 1, 1, 0, 1]            # 10 of 11 districts
contract = {'2020Q1': D('1050000'), '2020Q2': D('1180000'), '2020Q3': D('1250000'),
            '2020Q4': D('1396000')}                    # 2020: 487.60 亿元 of 500 (missed)
# (quarter, list, district, increment)
steps = [('2020Q1', inst, '天河区', 1), ('2020Q1', inst, '黄埔区', 1),
         ('2020Q2', inst, '南沙区', 1), ('2020Q2', inst, '番禺区', 1), ('2020Q2', inst, '海珠区', 1),
         ('2020Q3', inst, '越秀区', 1), ('2020Q3', inst, '天河区', 1), ('2020Q3', inst, '白云区', 1),
         ('2020Q4', inst, '黄埔区', 1), ('2020Q4', inst, '增城区', 1), ('2020Q4', inst, '花都区', 1),  # 74
         ('2020Q1', talent, '天河区', 6), ('2020Q1', talent, '黄埔区', 5), ('2020Q1', talent, '越秀区', 4),
         ('2020Q2', talent, '天河区', 5), ('2020Q2', talent, '海珠区', 4), ('2020Q2', talent, '南沙区', 6),
         ('2020Q3', talent, '黄埔区', 8), ('2020Q3', talent, '番禺区', 5), ('2020Q3', talent, '白云区', 5),
         ('2020Q4', talent, '天河区', 7), ('2020Q4', talent, '从化区', 3), ('2020Q4', talent, '增城区', 4),  # 492
         ('2020Q3', agency, '从化区', 1)]                                                           # 11 of 11
for q in sorted(contract):
    for sq, lst, u, n in steps:
        if sq == q:
            lst[units.index(u)] += n
    tot = contract[q]
    parts = [(tot * s / sum(share)).quantize(D('0.01')) for s in share]
    parts[0] += tot - sum(parts)
    with open(os.path.join(out, '2020', q + '.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(hdr)
        w.writerows([q, u, str(p), i, t, a] for u, p, i, t, a in zip(units, parts, inst, talent, agency))

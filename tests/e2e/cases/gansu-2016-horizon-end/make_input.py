# make_input.py — wrote this case's added quarters (2019Q3–2020Q4) from the shipped 2019Q2 files:
# illustrative figures, region increments spread over the units by their 2019Q2 weights.
# usage (from this folder): python3 make_input.py input   (the task file 2020Q4 was written by hand)
import csv, io, sys, os
from decimal import Decimal as D
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../input/gansu-2016')
out = sys.argv[1]
units = "兰州市, 嘉峪关市, 金昌市, 白银市, 天水市, 武威市, 张掖市, 平凉市, 酒泉市, 庆阳市, 定西市, 陇南市, 临夏回族自治州, 甘南藏族自治州, 兰州新区".split(', ')
quarters = ['2019Q3', '2019Q4', '2020Q1', '2020Q2', '2020Q3', '2020Q4']
def rows(path):
    with open(path, encoding='utf-8-sig') as f:
        return list(csv.reader(f))
main = rows(src + '/2019/2019Q2.csv')
mhdr = main[0]
last = {r[1]: r for r in main[1:]}
flow = rows(src + '/2019/2019年各季度-科技扶贫与六个一百.csv')
fhdr = flow[0]
flast = {r[1]: r for r in flow[1:] if r[0] == '2019Q2'}
q1 = {r[1]: r for r in flow[1:] if r[0] == '2019Q1'}
for i in range(3, 8):  # 酒泉市 2019Q2's empty poverty counts carry 2019Q1's
    flast['酒泉市'][i] = q1['酒泉市'][i]
def split(total, weights):
    """total (int) over units by weights, largest remainder, ties by roster order"""
    s = sum(weights)
    base = [total * w // s for w in weights]
    rem = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % s), i))
    for i in rem[:total - sum(base)]:
        base[i] += 1
    return base
# region per-quarter plans
# main: stocks as region increments per quarter; flows as region totals per quarter
stock_inc = {2: [0]*6,                     # 省级示范区 stays 1 (兰州): 2020年底节点 2 个未完成
             3: [3, 3, 3, 3, 3, 3],        # 技术转移示范机构 83 -> 101
             4: [3, 3, 3, 3, 3, 3],        # 众创空间 72 -> 90
             8: [200]*6,                   # 有效发明专利 +1200
             10: [4, 4, 4, 4, 4, 4]}       # 知识产权优势企业 131 -> 155
flow_tot = {5: [4, 5, 6, 5, 6, 5],         # 技术转移人才 (名)
            6: [440000, 505000, 400000, 480000, 520000, 632500],  # 技术合同交易额 (万元)
            7: [45, 45, 45, 45, 45, 45]}   # 转化重大科技成果
weights = {i: [int(D(last[u][i])) + 1 for u in units] for i in range(2, 11)}
cur = {u: list(last[u]) for u in units}
allmain = {}
for k, q in enumerate(quarters):
    rs = []
    for i, inc in stock_inc.items():
        parts = split(inc[k], weights[i])
        for u, p in zip(units, parts):
            cur[u][i] = str(int(cur[u][i]) + p)
    for i, tot in flow_tot.items():
        parts = split(tot[k] * (100 if i == 6 else 1), weights[i])
        for u, p in zip(units, parts):
            cur[u][i] = ('%d.%02d' % divmod(p, 100)) if i == 6 else str(p)
    for u in units:
        r = list(cur[u]); r[0] = q
        rs.append(r)
    allmain[q] = rs
    with open(os.path.join(out, q[:4], q + '.csv'), 'w', encoding='utf-8-sig', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(mhdr); w.writerows(rs)
# flow file: 选派 (flow), poverty stocks, six100 period flows
ftot = {2: [262, 275, 230, 250, 250, 255],   # 选派科技人员: 2019 480+537=1017, 2020 985
        8: [4, 4, 4, 4, 3, 3],                # 新产品 82 -> 104
        9: [4, 4, 4, 4, 4, 4],                # 转化重大成果 74 -> 98
        10: [6, 6, 6, 6, 5, 5],               # 高新技术企业 66 -> 100
        11: [6, 5, 5, 5, 5, 6],               # 创新平台 71 -> 103
        12: [6, 6, 6, 6, 6, 6],               # 创新团队 52 -> 88
        13: [6000000, 6200000, 5900000, 6100000, 6200000, 7423000]}  # 投入 (万元 ×100) 63.27 -> 101.50 亿元
fw = {i: [int(D(flast[u][i])) + 1 for u in units] for i in range(2, 14)}
fcur = {u: list(flast[u]) for u in units}
byyear = {'2019': [], '2020': []}
for k, q in enumerate(quarters):
    for i, tot in ftot.items():
        parts = split(tot[k], fw[i])
        for u, p in zip(units, parts):
            fcur[u][i] = ('%d.%02d' % divmod(p, 100)) if i == 13 else str(p)
    for u in units:
        r = fcur[u]
        pv, env, demo, pc, bases = (int(x) for x in r[3:8])
        # coverage series close in: every poor village has an envoy by 2020Q4, every poor county
        # two bases; 科技示范户 reach 97% of poor villages
        left = len(quarters) - k
        env += (pv - env) // left if left > 1 else pv - env
        goal = pv * 97 // 100
        demo += max(0, goal - demo) // left if left > 1 else max(0, goal - demo)
        bases += (pc - bases) // left if left > 1 else pc - bases
        r[4:8] = [str(env), str(demo), str(pc), str(bases)]
        rr = list(r); rr[0] = q
        byyear[q[:4]].append(rr)
names = {'2019': '2019/2019年第三、四季度-科技扶贫与六个一百.csv', '2020': '2020/2020年各季度-科技扶贫与六个一百.csv'}
for y, rs in byyear.items():
    with open(os.path.join(out, names[y]), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(fhdr); w.writerows(rs)

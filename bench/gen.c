/* bench/gen.c — generates scaled input for `make bench`: a plan with N reporting units and the
 * nine Lanzhou indicators, and Y years of quarterly district files (one file per quarter, all
 * units), optionally as long-format facts. Deterministic (fixed-seed LCG).
 *
 *   bench-gen DIR N Y [long]
 * writes DIR/plan.ini and DIR/input/<year>/<year>Qn.csv for the years 2025-Y+1 .. 2025
 * (plus the 2024Q4 or earlier baseline quarter), all quarters up to 2025Q3.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static unsigned next(unsigned max)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((rng >> 33) % max);
}

static const char *const headers[9] = {
    "企业技术需求发布数(个)", "挂牌成果数(个)", "科技成果转化对接活动(场)",
    "促成转化重点科技成果(项)", "新增孵化载体和技术转移机构(家)", "技术经纪人累计人数(名)",
    "高新技术企业数(家)", "技术合同成交额(万元)", "支持规上工业企业研发(家)"};
static const char *const ids[9] = {"demands", "listings", "events", "key_achievements",
                                   "new_carriers", "brokers", "hightech", "contract_volume",
                                   "rd_enterprises"};

static int mkdirs(const char *p)
{
    char b[4096];
    snprintf(b, sizeof b, "%s", p);
    for (char *s = b + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(b, 0755) && errno != EEXIST)
                return -1;
            *s = '/';
        }
    return mkdir(b, 0755) && errno != EEXIST ? -1 : 0;
}

static void write_plan(const char *dir, int n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/plan.ini", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fprintf(f, "[plan]\nid = bench-%d\nname = 基准测试计划\nregion = 基准省\ntotal_name = 全省\n"
               "start_year = 2025\nindicators = demands, listings, events, key_achievements, "
               "new_carriers, brokers, hightech, contract_volume, rd_enterprises\n[units]\nroster = ", n);
    for (int u = 0; u < n; u++)
        fprintf(f, "%s单位%04d", u ? ", " : "", u + 1);
    fprintf(f, "\n");
    static const char *const units[9] = {"个", "个", "场", "项", "家", "名", "家", "亿元", "家"};
    static const char *const kinds[9] = {"flow", "flow", "flow", "flow", "flow", "stock", "stock", "flow", "flow"};
    for (int i = 0; i < 9; i++)
        fprintf(f, "[indicator.%s]\nname = 指标%d\nunit = %s\nkind = %s\ntarget = %d\nheaders = %s\n%s",
                ids[i], i + 1, units[i], kinds[i], (i == 7 ? 12 : 125) * n, headers[i],
                i == 0 || i == 7 ? "key = yes\n" : "");
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench-gen DIR N Y [long]\n");
        return 64;
    }
    const char *dir = argv[1];
    int n = atoi(argv[2]), years = atoi(argv[3]);
    int longfmt = argc > 4 && strcmp(argv[4], "long") == 0;
    if (n < 1 || years < 1 || n > 100000 || years > 50) {
        fprintf(stderr, "bench-gen: N in 1..100000, Y in 1..50\n");
        return 64;
    }
    if (mkdirs(dir)) {
        perror(dir);
        return 1;
    }
    write_plan(dir, n);
    int first = 2025 - years + 1;
    for (int y = first - 1; y <= 2025; y++)
        for (int q = (y == first - 1 ? 4 : 1); q <= 4; q++) {
            if (y == 2025 && q == 4)
                break;
            char path[4096];
            snprintf(path, sizeof path, "%s/input/%d", dir, y);
            if (mkdirs(path)) {
                perror(path);
                return 1;
            }
            snprintf(path, sizeof path, "%s/input/%d/%dQ%d.csv", dir, y, y, q);
            FILE *f = fopen(path, "w");
            if (!f) {
                perror(path);
                return 1;
            }
            if (longfmt)
                fprintf(f, "period,unit,indicator,value\n");
            else {
                fprintf(f, "报告期,填报单位");
                for (int i = 0; i < 9; i++)
                    fprintf(f, ",%s", headers[i]);
                fprintf(f, "\n");
            }
            for (int u = 0; u < n; u++) {
                int v[9] = {(int)next(60), (int)next(15), (int)next(2), (int)next(6), (int)next(3),
                            40 + (y - first) * 8 + q * 2 + (int)next(4),
                            60 + (y - first) * 10 + q * 3 + (int)next(5), 0, (int)next(5)};
                unsigned money = 2000 + next(60000); /* 万元, with two decimals */
                unsigned cents = next(100);
                if (longfmt) {
                    for (int i = 0; i < 9; i++) {
                        if (i == 7)
                            fprintf(f, "%dQ%d,单位%04d,%s,%u.%02u\n", y, q, u + 1, ids[i], money / 10000, 0u);
                        else
                            fprintf(f, "%dQ%d,单位%04d,%s,%d\n", y, q, u + 1, ids[i], v[i]);
                    }
                } else {
                    fprintf(f, "%dQ%d,单位%04d", y, q, u + 1);
                    for (int i = 0; i < 9; i++) {
                        if (i == 7)
                            fprintf(f, ",\"%u,%03u.%02u\"", money / 1000, money % 1000, cents);
                        else
                            fprintf(f, ",%d", v[i]);
                    }
                    fprintf(f, "\n");
                }
            }
            if (fclose(f)) {
                perror(path);
                return 1;
            }
        }
    return 0;
}

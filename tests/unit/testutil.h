/* testutil.h — helpers shared by the unit tests: temporary files and a small plan. */
#ifndef QTR_TESTUTIL_H
#define QTR_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a new temporary file; returns its path (static buffer per call slot). */
static inline const char *write_temp(const char *text, size_t n, int slot)
{
    static char paths[8][64];
    char *p = paths[slot & 7];
    snprintf(p, 64, "/tmp/qtr-test-XXXXXX");
    int fd = mkstemp(p);
    if (fd < 0)
        abort();
    if (write(fd, text, n) != (ssize_t)n)
        abort();
    close(fd);
    return p;
}

/* A compact plan in the shape of the default one: two flows (one money, one count), one
 * stock, one strict stock, per-unit targets for u1 on demands. */
static const char TEST_PLAN[] =
    "[plan]\n"
    "id = test-2025\nname = 测试计划\nregion = 测试市\nstart_year = 2025\n"
    "indicators = demands, money, brokers, hightech\n"
    "[units]\nroster = 甲区, 乙区, 丙县\n"
    "[aliases]\n甲 = 甲区\n"
    "[indicator.demands]\nname = 需求\nunit = 个\nkind = flow\ntarget = 100\n"
    "headers = 需求数(个), 需求(个)\nunit_targets = 甲区:60\n"
    "[indicator.money]\nname = 成交额\nunit = 亿元\nkind = flow\ntarget = 10\n"
    "headers = 成交额(万元), 成交额(亿元)\n"
    "[indicator.brokers]\nname = 经纪人\nunit = 名\nkind = stock\ntarget = 90\n"
    "headers = 经纪人(名)\n"
    "[indicator.hightech]\nname = 高企\nunit = 家\nkind = stock\ncomparator = >\ntarget = 50\n"
    "headers = 高企(家)\n";

#endif

/* units.c — the unit table. */
#include "units.h"

#include <string.h>

static const struct {
    const char *name;
    qtr_unit_family family;
    int pow10;
} table[] = {
    {"元", QTR_UNIT_MONEY, 0},   {"万元", QTR_UNIT_MONEY, 4}, {"亿元", QTR_UNIT_MONEY, 8},
    {"个", QTR_UNIT_COUNT, 0},   {"项", QTR_UNIT_COUNT, 0},   {"家", QTR_UNIT_COUNT, 0},
    {"名", QTR_UNIT_COUNT, 0},   {"场", QTR_UNIT_COUNT, 0},   {"件", QTR_UNIT_COUNT, 0},
    {"人", QTR_UNIT_COUNT, 0},   {"次", QTR_UNIT_COUNT, 0},   {"所", QTR_UNIT_COUNT, 0},
    {"万人", QTR_UNIT_COUNT, 4}, {"%", QTR_UNIT_PERCENT, 0},
};

qtr_unit_family qtr_unit_lookup(const char *name, size_t n, int *pow10)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strlen(table[i].name) == n && memcmp(table[i].name, name, n) == 0) {
            if (pow10)
                *pow10 = table[i].pow10;
            return table[i].family;
        }
    return QTR_UNIT_UNKNOWN;
}

int qtr_unit_convert(const char *from, size_t from_n, const char *to, int *pow10)
{
    int pf, pt;
    qtr_unit_family ff = qtr_unit_lookup(from, from_n, &pf);
    qtr_unit_family ft = qtr_unit_lookup(to, strlen(to), &pt);
    if (ff == QTR_UNIT_UNKNOWN || ff != ft)
        return -1;
    *pow10 = pf - pt;
    return 0;
}

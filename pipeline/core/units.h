/* units.h — measure units read from header parentheses and their conversion (docs/input.md,
 * Units and conversion).
 * Money: 元, 万元, 亿元 (powers of ten apart). Counts: 个, 项, 家, 名, 场, 件, 人 and others count
 * 1:1 with each other; 万人 is ten thousand people.
 */
#ifndef QTR_UNITS_H
#define QTR_UNITS_H

#include <stddef.h>

typedef enum { QTR_UNIT_UNKNOWN = 0, QTR_UNIT_MONEY, QTR_UNIT_COUNT, QTR_UNIT_PERCENT } qtr_unit_family;

/* The family and power of ten of a unit name ("万元" -> MONEY, 4). Unknown: QTR_UNIT_UNKNOWN. */
qtr_unit_family qtr_unit_lookup(const char *name, size_t n, int *pow10);

/* The power of ten that converts a value given in unit `from` into unit `to`
 * (万元 -> 亿元: -4). Returns 0 on success, -1 when the units do not convert. */
int qtr_unit_convert(const char *from, size_t from_n, const char *to, int *pow10);

#endif

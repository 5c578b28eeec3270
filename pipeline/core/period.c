/* period.c — parsing and formatting of reporting quarters. */
#include "period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

static const char *const cn_digit[] = {"一", "二", "三", "四"};

/* Folds full-width ASCII to ASCII and drops blanks; out holds n+1 bytes. */
static size_t fold(const char *s, size_t n, char *out)
{
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned cp;
        size_t k = qtr_utf8_decode(s + i, n - i, &cp);
        if (!k) {
            out[o++] = s[i++];
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            out[o++] = (char)(cp - 0xFEE0);
        } else if (qtr_is_blank_cp(cp)) {
            out[o++] = ' ';
        } else {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = '\0';
    return o;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Matches a spelling at p (year first). On success returns the number of bytes used and the
 * period; 0 when nothing matches. */
static size_t match_at(const char *p, qtr_period *out)
{
    if (!(is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3])))
        return 0;
    int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    if (year < QTR_YEAR_MIN || year > QTR_YEAR_MAX)
        return 0;
    const char *q = p + 4;
    int quarter = 0;
    /* 2025Q1, 2025-Q1, 2025 Q1, 2025_Q1 */
    const char *r = q;
    if (*r == '-' || *r == ' ' || *r == '_')
        r++;
    if ((*r == 'Q' || *r == 'q') && r[1] >= '1' && r[1] <= '4') {
        quarter = r[1] - '0';
        q = r + 2;
    } else if (strncmp(q, "年", 3) == 0) {
        r = q + 3;
        if (strncmp(r, "第", 3) == 0)
            r += 3;
        if (*r >= '1' && *r <= '4') {
            quarter = *r - '0';
            r++;
        } else {
            for (int i = 0; i < 4; i++)
                if (strncmp(r, cn_digit[i], 3) == 0) {
                    quarter = i + 1;
                    r += 3;
                    break;
                }
        }
        if (!quarter || strncmp(r, "季度", 6) != 0)
            return 0;
        q = r + 6;
    } else {
        return 0;
    }
    *out = qtr_period_make(year, quarter);
    return (size_t)(q - p);
}

qtr_period qtr_period_parse(const char *s, size_t n)
{
    s = qtr_trim(s, &n);
    char *f = malloc(n + 1);
    if (!f)
        return QTR_PERIOD_NONE;
    size_t len = fold(s, n, f);
    qtr_period p = QTR_PERIOD_NONE;
    size_t used = len ? match_at(f, &p) : 0;
    if (used != len)
        p = QTR_PERIOD_NONE;
    free(f);
    return p;
}

qtr_period qtr_period_from_name(const char *name, int *ambiguous)
{
    size_t n = strlen(name);
    char *f = malloc(n + 1);
    if (ambiguous)
        *ambiguous = 0;
    if (!f)
        return QTR_PERIOD_NONE;
    fold(name, n, f);
    qtr_period found = QTR_PERIOD_NONE;
    for (size_t i = 0; f[i]; i++) {
        if (i > 0 && is_digit(f[i - 1]))
            continue;
        qtr_period p;
        size_t used = match_at(f + i, &p);
        if (!used || is_digit(f[i + used]))
            continue;
        if (found != QTR_PERIOD_NONE && found != p) {
            if (ambiguous)
                *ambiguous = 1;
            found = QTR_PERIOD_NONE;
            break;
        }
        found = p;
        i += used - 1;
    }
    free(f);
    return found;
}

char *qtr_period_format(qtr_period p, char *buf)
{
    int y = qtr_period_year(p), q = qtr_period_quarter(p);
    buf[0] = (char)('0' + y / 1000 % 10);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = 'Q';
    buf[5] = (char)('0' + q);
    buf[6] = '\0';
    return buf;
}

char *qtr_period_format_cn(qtr_period p, char *buf)
{
    snprintf(buf, 32, "%d年第%s季度", qtr_period_year(p), cn_digit[qtr_period_quarter(p) - 1]);
    return buf;
}

/* ---------------------------------------------------------------- report dates */

/* n digits at s as a number, or -1 when one of them is not a digit. */
static int date_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int qtr_date_parse(const char *s, time_t *out)
{
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return -1;
    int y = date_digits(s, 4), mo = date_digits(s + 5, 2), d = date_digits(s + 8, 2);
    int h = date_digits(s + 11, 2), mi = date_digits(s + 14, 2), sec = date_digits(s + 17, 2);
    if (y < 1980 || y > 2999 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
        h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
        return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
                    .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    *out = timegm(&tm);
    return 0;
}

char *qtr_date_format(time_t t, char *buf)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 21, "1980-01-01T00:00:00Z");
    return buf;
}

time_t qtr_period_end_time(qtr_period p)
{
    int q = qtr_period_quarter(p);
    struct tm tm = {.tm_year = qtr_period_year(p) - 1900, .tm_mon = q * 3 - 1,
                    .tm_mday = days_in_month(qtr_period_year(p), q * 3)};
    return timegm(&tm);
}

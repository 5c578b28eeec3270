/* num.h — exact decimal quantities and the parser for the value spellings of docs/input.md,
 * Values.
 *
 * A qtr_qty is a quantity in 10^-12 of the indicator's unit held in a 128-bit integer, so every
 * value the input can spell (after unit conversion by powers of ten) is held, summed and printed
 * exactly: 95,000.50 万元 is 9.50005 亿元 to the last digit, with no binary rounding.
 * Ratios (completion, progress...) are computed in double from qtr_qty_to_double().
 */
#ifndef QTR_NUM_H
#define QTR_NUM_H

#include <stddef.h>

__extension__ typedef __int128 qtr_qty;
__extension__ typedef unsigned __int128 qtr_uqty;

#define QTR_QTY_DECIMALS 12
/* Values must stay below 10^18 in the indicator's unit (at most 18 integer digits). */
#define QTR_QTY_MAX_DIGITS 18

typedef enum {
    QTR_NUM_OK = 0,       /* a value was parsed */
    QTR_NUM_MISSING,      /* empty, "—", "-", "/": not reported (not zero) */
    QTR_NUM_ERROR         /* not an accepted spelling; reason says why */
} qtr_num_result;

/* Parses one cell (UTF-8, surrounding blanks allowed) and converts it by 10^pow10 (the unit
 * conversion, e.g. -4 for 万元 -> 亿元). On QTR_NUM_OK *out holds the quantity; on
 * QTR_NUM_ERROR reason (when not NULL) receives a static Chinese explanation that says what
 * was found and what to write instead (it reads after the cell's text: 「约100」不是数字：…). */
qtr_num_result qtr_num_parse(const char *s, size_t n, int pow10, qtr_qty *out, const char **reason);

/* The stable code of a reason given by qtr_num_parse (rejects.csv's `code`, docs/formats.md:
 * not_a_number, negative...); "not_a_number" for NULL or an unknown text. Static. */
const char *qtr_num_reason_code(const char *reason);

/* Parses a plain decimal such as those qtr writes ("-12.5", "1e3"); used to read facts.csv and
 * config values. Negative numbers allowed. Returns 0 on success, -1 otherwise. */
int qtr_qty_from_decimal(const char *s, qtr_qty *out);

/* Writes the exact decimal form (shortest: no trailing zeros, no exponent) into buf; returns buf.
 * buf must hold QTR_QTY_BUFSIZE bytes. */
#define QTR_QTY_BUFSIZE 64
char *qtr_qty_format(qtr_qty q, char *buf);

/* The same; returns the length written (without the terminating NUL). */
size_t qtr_qty_format_len(qtr_qty q, char *buf);

/* Writes v in decimal at o (at most 20 digits, no NUL); returns the end. */
char *qtr_u64_format(char *o, unsigned long long v);

/* The double nearest to q (correctly rounded). */
double qtr_qty_to_double(qtr_qty q);

/* The quantity for a whole number of units. */
qtr_qty qtr_qty_from_int(long long v);

/* Shortest decimal that reads back as the same double ("%.15g".."%.17g"); "" for NaN/inf.
 * buf must hold 32 bytes. Returns buf. */
char *qtr_double_format(double v, char *buf);

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 qtr_u128;

/* |v| 10^k computed exactly (v = m 2^e, in 128-bit integers), for 0 <= k <= 31: its integer
 * part in *q and, in *up, whether it rounds up to *q + 1 — half to even, as glibc's printf
 * rounds — so that the digits of "%.Ng" and "%.*f" come out as glibc's. 0, or -1 when v is not
 * finite or the integer part does not fit 127 bits. (qtr_double_format; the charts stage's
 * printing of cairo's coordinates, fixedfmt.c.) */
int qtr_scale10(double v, int k, qtr_u128 *q, int *up);
#endif

/* Parses a double written by qtr (strtod with full-string check). Returns 0 on success. */
int qtr_double_parse(const char *s, double *out);

#endif

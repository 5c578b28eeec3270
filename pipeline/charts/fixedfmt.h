/* fixedfmt.h — snprintf's "%.*f" of a double computed in integers, and the stage's own
 * __snprintf_chk that uses it for cairo's numbers (fixedfmt.c says why).
 */
#ifndef QTR_CHARTS_FIXEDFMT_H
#define QTR_CHARTS_FIXEDFMT_H

/* What snprintf(out, 64, "%.*f", prec, d) writes, for 0 <= prec <= 18 and |d| < 1e15 (also
 * -0.0 and values that round to zero, with their sign), in the C locale's digits and point.
 * Returns the length, or -1 outside that range (NaN, infinities, bigger numbers). */
int fixedfmt(double d, int prec, char out[64]);

#endif

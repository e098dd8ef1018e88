/*
 * valueset.h - named sets of values that rules record while one report is
 * correlated (correlate.c), each value with a tally.
 *
 * Values that are IP addresses compare as addresses: "::ffff:192.0.2.1",
 * "192.0.2.1" and "192.0.2.1 (host.example.net)" are the same value, and
 * a lookup may ask for the value itself or for its network (the same
 * IPv4 /24 or IPv6 /64).  Any other value (a user name, a host name
 * alone) compares byte for byte.
 *
 * Report text is written by strangers, so everything is bounded: at most
 * VALUESET_MAX_SETS sets and VALUESET_MAX_VALUES values per report, and
 * no value longer than VALUESET_MAX_LEN bytes.  What does not fit is not
 * recorded; the report is still annotated.
 */
#ifndef MAILGLOSS_VALUESET_H
#define MAILGLOSS_VALUESET_H

#include <glib.h>

#define VALUESET_MAX_SETS	64
#define VALUESET_MAX_VALUES	50000	/* some 20 MB more at worst, measured */
#define VALUESET_MAX_LEN	255
#define VALUESET_MAX_WEIGHT	1e9	/* one record adds at most this much */

struct valueset;

struct valueset *valueset_new(void);
void valueset_free(struct valueset **vsp);

/*
 * Adds weight (clamped to 0 .. VALUESET_MAX_WEIGHT) to the tally of value
 * in the named set.  Returns 1 when a tally grew or a value was new, 0
 * when nothing changed (also when a limit refused the value).
 */
int valueset_add(struct valueset *vs, const char *set, const char *value, double weight);

/*
 * The tally of value in the named set; with near, the highest tally of
 * any value in the same network (for a value that is not an address,
 * near changes nothing).  0 when the set or value is unknown.
 */
double valueset_tally(const struct valueset *vs, const char *set, const char *value, int near);

/* Values refused because a limit was reached (for diagnostics). */
unsigned valueset_refused(const struct valueset *vs);

/*
 * The comparison keys of a value: *exact_r for "the same value", *net_r
 * for "the same network".  Both newly allocated; -1 (and nothing
 * allocated) for an empty or over-long value.  Exposed for the tests.
 */
int valueset_keys(const char *value, char **exact_r, char **net_r);

#endif

/*
 * verdict.h - the six verdicts of SPEC section 3.
 */
#ifndef MAILGLOSS_VERDICT_H
#define MAILGLOSS_VERDICT_H

enum verdict {
	VERDICT_NOISE = 0,
	VERDICT_INFO,
	VERDICT_CHECK,
	VERDICT_ACTION,
	VERDICT_URGENT,
	VERDICT_UNKNOWN,
};
#define VERDICT_COUNT 6

/* Stable English name ("noise"), never translated: JSON, headers, rules. */
const char *verdict_name(enum verdict v);
/* Parses a stable name.  0, or -1. */
int verdict_parse(const char *s, enum verdict *v_r);
/* Severity order: noise < info < check < action < urgent; unknown is apart. */
int verdict_more_severe(enum verdict a, enum verdict b);
/* The more severe of a and b, treating unknown as below noise. */
enum verdict verdict_max(enum verdict a, enum verdict b);

#endif

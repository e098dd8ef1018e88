/*
 * rules_prefilter.c - which of a rule's literals a line contains, asked
 * of a bitmap of the line's byte pairs before strstr.
 *
 * A line the match cache has not seen is tried against the rules of its
 * scope one after another, each with a list of literals one of which any
 * match contains (util_pattern_literals).  Most of them are not in the
 * line, and a strstr over the line for each was a fifth of the time a
 * new line cost.  The bitmap is built once per line, on first need; a
 * literal one of whose first two byte pairs has no bit in it cannot
 * occur, and only the others are searched for.  Pairs share bits (4096
 * for all 65536 pairs), which can only let a literal through to strstr,
 * never keep one out: the answer is always strstr's.
 *
 * A rule whose pattern has other runs of text that every match contains
 * (util_pattern_all_literals) is then asked for all of them, in the same
 * way: the literal one of which a line holds often occurs in lines that
 * lack the rest ("Level ..." and " Time(s)").
 */
#include <string.h>

#include "util.h"
#include "knowledge/rules_private.h"

/* pair_index - the bit of the byte pair a, b */
static inline unsigned
pair_index(unsigned char a, unsigned char b)
{
	return (((unsigned)a << 5) ^ b) & (TEXT_PAIRS_BITS - 1);
}

/* pair_set - is the pair's bit set? */
static inline int
pair_set(const struct text_pairs *tp, unsigned char a, unsigned char b)
{
	unsigned i = pair_index(a, b);

	return (tp->bits[i / 64] >> (i % 64)) & 1;
}

/* text_pairs_init - nothing known yet of text (the bitmap is built on first need) */
void
text_pairs_init(struct text_pairs *tp, const char *text)
{
	tp->text = text;
	tp->lead = util_lead_byte(text);
	tp->ready = 0;
}

/* text_pairs_build - the bit of every byte pair of the text */
static void
text_pairs_build(struct text_pairs *tp)
{
	const unsigned char *p = (const unsigned char *)tp->text;
	const unsigned char *end = p + strlen(tp->text);
	unsigned i;

	memset(tp->bits, 0, sizeof(tp->bits));
	for (; p + 1 < end; p++) {
		i = pair_index(p[0], p[1]);
		tp->bits[i / 64] |= (guint64)1 << (i % 64);
	}
	tp->ready = 1;
}

/* text_pairs_has_literal - does the text contain one of literals (NULL: no prefilter)? */
int
text_pairs_has_literal(struct text_pairs *tp, char *const *literals)
{
	if (!literals)
		return 1;
	if (!tp->ready)
		text_pairs_build(tp);
	for (; *literals; literals++) {
		const unsigned char *l = (const unsigned char *)*literals;

		if (l[0] && l[1] && (!pair_set(tp, l[0], l[1]) || (l[2] && !pair_set(tp, l[1], l[2]))))
			continue;	/* a pair of it is missing from the text */
		if (strstr(tp->text, *literals))
			return 1;
	}
	return 0;
}

/* text_pairs_has_all - does the text contain every one of literals (NULL: yes)? */
int
text_pairs_has_all(struct text_pairs *tp, char *const *literals)
{
	char *const *l;

	if (!literals)
		return 1;
	if (!tp->ready)
		text_pairs_build(tp);
	/* the bitmap for all of them first: a missing pair is the cheap answer */
	for (l = literals; *l; l++) {
		const unsigned char *u = (const unsigned char *)*l;

		if (!pair_set(tp, u[0], u[1]) || !pair_set(tp, u[1], u[2]))
			return 0;
	}
	for (l = literals; *l; l++)
		if (!strstr(tp->text, *l))
			return 0;
	return 1;
}

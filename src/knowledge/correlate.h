/*
 * correlate.h - report-level rules: what one line of a report means can
 * depend on other lines of the same report.
 *
 * Line-by-line matching stays a pure function of (kind, section, heading
 * path, line).  Afterwards this pass lets rules with "record" keys put
 * captured values into named sets (the addresses that guessed passwords)
 * and lets rules with "when" conditions on those sets take a line over
 * (a login from one of those addresses).  It repeats until nothing
 * changes, at most CORRELATE_MAX_ROUNDS times; a verdict only ever rises.
 */
#ifndef MAILGLOSS_CORRELATE_H
#define MAILGLOSS_CORRELATE_H

#include <stddef.h>

#include "knowledge/rules.h"
#include "knowledge/valueset.h"
#include "report/report.h"

#define CORRELATE_MAX_ROUNDS	8

/* One line some rule explains, as annotate.c hands it over. */
struct correlate_item {
	int line;			/* report line index */
	const struct rule *rule;	/* in: the per-line rule; out: maybe a "when" rule */
	enum verdict verdict;		/* in and out; never lowered */
};

/*
 * How annotate.c shows a line to rules: its text (with joined lines) and
 * its heading path.  Both newly allocated.
 */
typedef char *(*correlate_text_fn)(const struct report *r, int line);

/* Has the ruleset any rule with "when"?  If not, correlation changes nothing. */
int correlate_wanted(const struct ruleset *rs);

/* Correlates the items of one report; returns how many items changed. */
int correlate(const struct report *r, struct ruleset *rs, struct correlate_item *items, size_t n,
	      correlate_text_fn text, correlate_text_fn context);

/* Do all "when" conditions of rule hold for these captures and sets? */
int correlate_when_holds(const struct rule *rule, const struct rule_captures *caps,
			 const struct valueset *vs);

/* Is rule a tried before rule b in the order of matching (fallback rules last)? */
int correlate_before(const struct rule *a, const struct rule *b);

/*
 * For "rules check" (correlate_check.c): every set is both recorded and
 * tested, every capture named exists, and every example of a "when" rule
 * holds with its example_set values and would raise the verdict of the
 * rule that explains it line by line.  Returns the problems found.
 */
int correlate_check_rules(struct ruleset *rs);

#endif

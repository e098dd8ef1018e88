/*
 * annotate.h - a report with a verdict for every entry.
 *
 * Rules are matched line by line (with the heading path as context);
 * neighbouring lines that one rule explains with one verdict become one
 * entry, so 65 rotated log files get one note with a count, not 65.
 */
#ifndef MAILGLOSS_ANNOTATE_H
#define MAILGLOSS_ANNOTATE_H

#include "knowledge/rules.h"
#include "report/report.h"

enum entry_origin {
	ORIGIN_RULE,		/* a catalogue rule matched */
	ORIGIN_UNKNOWN,		/* nothing matched */
	ORIGIN_HEADING,		/* a heading, judged by the lines below it */
	ORIGIN_SUMMARY,		/* a summary row, judged by what it summarises */
};

struct entry {
	int section;
	const int *lines;	/* line indexes, in order (in the annotation's block) */
	guint nlines;
	const struct rule *rule;	/* for ORIGIN_RULE */
	enum verdict verdict;
	enum entry_origin origin;
};

struct annotation {
	struct report *report;
	GArray *entries;		/* struct entry, in line order */
	int *line_entry;		/* line index -> entry index, or -1 */
	int *entry_lines;		/* every entry's lines, one after another */
	int counts[VERDICT_COUNT];	/* entries per verdict (rule and unknown entries) */
	enum verdict verdict;		/* the most severe entry verdict; unknown if none */
	/* What the limits below kept from being matched (shown in summaries). */
	int too_long;			/* lines over ANNOTATE_MAX_LINE bytes */
	int over_budget;		/* entry lines past ANNOTATE_MAX_UNITS */
};

/*
 * Limits: a line longer than this is not matched against rules (it is
 * shown as unknown), and past this many entry lines a report is shown
 * without matching the rest.  The mail still arrives either way.
 */
#define ANNOTATE_MAX_LINE	65536
#define ANNOTATE_MAX_UNITS	200000

struct annotation *annotate(struct report *r, struct ruleset *rs);
void annotation_free(struct annotation **ap);

/*
 * The same on two threads (annotate.c): split_new plans the units of r;
 * then a helper thread may run split_help with rules of its own (loaded
 * like rs, from the same files) while the owner runs split_finish with
 * rs, helped saying whether a helper was given rules.  split_finish
 * waits for the helper and gives what annotate(r, rs) gives.  A split
 * that is not finished is freed with split_free.
 */
struct annotate_split;
struct annotate_split *annotate_split_new(struct report *r);
void annotate_split_help(struct annotate_split *s, struct ruleset *rs);
struct annotation *annotate_split_finish(struct annotate_split *s, struct ruleset *rs, int helped);
void annotate_split_free(struct annotate_split **sp);

/* Id of the rule that produced an entry ("mailgloss.heading" for built-ins), or NULL. */
const char *entry_rule_id(const struct entry *e);
/* Does the entry count (and deserve its own note)? */
int entry_counts(const struct entry *e);

/* The heading path of line i, e.g. "Users logging in through sshd: > root:". */
char *annotate_context(const struct report *r, int i);

#endif

/*
 * rules.h - the explanation catalogue: rule files parsed into rules, and
 * matching a report line against the rules that apply to its place.
 *
 * The file format is documented in doc/mailgloss.rules.5.
 */
#ifndef MAILGLOSS_RULES_H
#define MAILGLOSS_RULES_H

#include <glib.h>
#include <pcre2.h>

#include "knowledge/verdict.h"

enum cond_op { COND_LT, COND_LE, COND_GT, COND_GE, COND_EQ, COND_NE };

struct rule_cond {
	char *name;		/* named capture */
	enum cond_op op;
	double value;
};

/* Does v (the capture's number) satisfy the comparison? (rules_match.c) */
int rule_cond_holds(const struct rule_cond *c, double v);

struct rule_verdict_if {
	enum verdict verdict;
	GArray *conds;		/* struct rule_cond, all must hold */
};

/*
 * Correlation across one report (correlate.c): "record" puts a captured
 * value into a named set, "when" makes a rule depend on a set.
 */
struct rule_record {
	char *set;
	char *capture;		/* the value recorded */
	char *count;		/* capture holding how many times, or NULL (1) */
	GArray *conds;		/* struct rule_cond, all must hold; may be empty */
	int line;
};

struct rule_when {
	char *capture;
	int near;		/* "near": same /24 or /64 network; "in": same value */
	char *set;
	double min;		/* the tally must reach this */
	int line;
};

struct rule_example_set {
	char *set;
	char *value;
	double count;
};

/*
 * A rule, its strings, section list and examples belong to its ruleset
 * (most strings point into the rule file's text, which the ruleset
 * keeps): never free them.
 */
struct rule {
	char *id;
	char *kind;		/* "logwatch", or "*" */
	char **sections;	/* globs on the section title (shared); NULL = any */
	char *pattern;
	pcre2_code *re;
	char *context;		/* pattern on the heading path, or NULL */
	struct rule_context *ctx;	/* its compiled form (shared), once needed */
	enum verdict verdict;	/* when no condition holds */
	GArray *ifs;		/* struct rule_verdict_if, tried in order; NULL: none */
	char *what, *why, *todo, *unless;
	char **examples;		/* n_examples lines the rule explains */
	guint n_examples;
	char *example_context;		/* the last one given */
	char **example_contexts;	/* per example, for the first n_example_contexts */
	guint n_example_contexts;
	int fallback;		/* tried after every other rule of its scope */
	/* Correlation (correlate.c); a rule with whens is not matched line by line. */
	GArray *records;	/* struct rule_record */
	GArray *whens;		/* struct rule_when, all must hold */
	GArray *example_sets;	/* struct rule_example_set, for testing the examples */
	int seq;		/* position in load order */
	char *file;
	int line;
	/* Site override (from a local rules directory). */
	int overridden;
	enum verdict shipped_verdict;
	char *owner;
	char *expires;		/* YYYY-MM-DD */
	int lapsed;		/* the override's date has passed */
	int limit_warned;
	int nameset;		/* bit 2: an unconditional verdict was given */
	int pattern_line;	/* line of "match", for diagnostics */
	int prepared;		/* patterns compiled (lazily, on first use) */
	int broken;		/* a pattern did not compile: the rule never matches */
	unsigned evals;		/* evaluations so far (for JIT on demand) */
	int literal_done;	/* its prefilters were made (rs->filters, rules_match.c) */
};

struct ruleset;

struct rule_match {
	const struct rule *rule;
	enum verdict verdict;
};

struct ruleset *ruleset_new(void);
void ruleset_free(struct ruleset **rsp);

/*
 * Loads a rule file or every *.rules file below a directory (sorted).
 * site != 0 marks local rules, which may override shipped ones by id.
 * Problems are reported with msg_warn as "file:line: reason" and the
 * broken rule is skipped; the return value is the number of problems.
 */
int ruleset_load(struct ruleset *rs, const char *path, int site);
/* The same, and the same bytes into twin if not NULL (only fit to be freed after problems). */
int ruleset_load_pair(struct ruleset *rs, struct ruleset *twin, const char *path, int site);

/* Strict loading (rules check): patterns are compiled as they are read. */
void ruleset_set_strict(struct ruleset *rs, int strict);

/* Sets "today" (YYYY-MM-DD) for override expiry; default: the clock. */
void ruleset_set_today(struct ruleset *rs, const char *today);

/* All rules, in order. */
guint ruleset_count(const struct ruleset *rs);
const struct rule *ruleset_rule(const struct ruleset *rs, guint i);
const struct rule *ruleset_find(const struct ruleset *rs, const char *id);

/*
 * Finds the first rule for kind/section/context that matches text.
 * Returns 1 with *m filled, or 0.
 */
int ruleset_match(struct ruleset *rs, const char *kind, const char *section,
		  const char *context, const char *text, struct rule_match *m);

/* Evaluates one rule against text; 1 and *v_r when it matches. */
int rule_eval(struct ruleset *rs, const struct rule *rule, const char *context,
	      const char *text, enum verdict *v_r);

/*
 * What a rule captured (rules_capture.c, for correlate.c): NULL when the
 * rule does not match the line in its context, else its verdict in *v_r
 * and its named groups; a name set in the line wins over the same name
 * in the heading path.  With (?J), the first group of a name that is set.
 */
struct rule_captures;
struct rule_captures *rule_captures_match(struct ruleset *rs, const struct rule *rule,
					  const char *context, const char *text, enum verdict *v_r);
const char *rule_captures_get(const struct rule_captures *c, const char *name);
int rule_captures_number(const struct rule_captures *c, const char *name, double *v_r);
void rule_captures_free(struct rule_captures **cp);
/* Does the rule's pattern or context have a group of this name?  (patterns compiled) */
int rule_defines_capture(const struct rule *rule, const char *name);
/* Does the rule apply to lines of this kind and section title? */
int rule_in_scope(const struct rule *rule, const char *kind, const char *section);

/*
 * The heading path example k is tested with: the example_context written
 * after it (before the next example_context), else the last one given.
 */
const char *rule_example_context(const struct rule *rule, guint k);

/* The rules with "when" (correlate.c), in load order; the ruleset keeps the list. */
const GPtrArray *ruleset_when_rules(const struct ruleset *rs);

/* Compiles every rule's patterns now; returns how many did not compile. */
int ruleset_prepare_all(struct ruleset *rs);

/* Checks every rule's patterns and examples (rules check).  Returns problems found. */
int ruleset_check_examples(struct ruleset *rs);

/* Writes a PO template of the rules' texts to stdout (rules pot). */
void ruleset_write_pot(const struct ruleset *rs);

#endif

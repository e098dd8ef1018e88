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

struct rule_verdict_if {
	enum verdict verdict;
	GArray *conds;		/* struct rule_cond, all must hold */
};

struct rule {
	char *id;
	char *kind;		/* "logwatch", or "*" */
	char **sections;	/* globs on the section title; NULL = any */
	char *pattern;
	pcre2_code *re;
	char *context;		/* pattern on the heading path, or NULL */
	struct rule_context *ctx;	/* its compiled form (shared), once needed */
	enum verdict verdict;	/* when no condition holds */
	GArray *ifs;		/* struct rule_verdict_if, tried in order */
	char *what, *why, *todo, *unless;
	GPtrArray *examples;
	char *example_context;		/* the last one given */
	GPtrArray *example_contexts;	/* per example, when several were given */
	int fallback;		/* tried after every other rule of its scope */
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
	char **literals;	/* a match contains one of these (prefilter), or NULL */
	int literal_done;
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
 * The heading path example k is tested with: the example_context written
 * after it (before the next example_context), else the last one given.
 */
const char *rule_example_context(const struct rule *rule, guint k);

/* Compiles every rule's patterns now; returns how many did not compile. */
int ruleset_prepare_all(struct ruleset *rs);

/* Checks every rule's patterns and examples (rules check).  Returns problems found. */
int ruleset_check_examples(struct ruleset *rs);

/* Writes a PO template of the rules' texts to stdout (rules pot). */
void ruleset_write_pot(const struct ruleset *rs);

#endif

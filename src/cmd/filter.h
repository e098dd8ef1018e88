/*
 * filter.h - the parts of "mailgloss filter" that do no I/O, for the
 * unit tests: what one message becomes, and the Subject tag.
 */
#ifndef MAILGLOSS_FILTER_H
#define MAILGLOSS_FILTER_H

#include <glib.h>

#include "config.h"
#include "knowledge/rules.h"

struct filter_settings {
	struct ruleset *rs;
	int rule_problems;		/* problems loading rs: annotate nothing */
	/* set: load the rules (and the site's rules_dir) while the message is
	 * parsed on another thread, and leave them to the process's exit
	 * (filter's child, which then _exit()s) */
	int load_rules;
	const char *rules_dir;
	const struct config *cfg;
	const char *loop;		/* X-Mailgloss-Loop value (sendmail target), or NULL */
};

enum filter_outcome {
	FILTER_ANNOTATED,	/* out holds the annotated message */
	FILTER_PASS,		/* deliver the original unchanged */
	FILTER_FAILED,		/* deliver the original; *why_r says what went wrong */
};

/*
 * What one message (without its From_ line) becomes.  *why_r (g_free)
 * may get a reason with FILTER_PASS and always does with FILTER_FAILED.
 */
enum filter_outcome filter_rewrite(const char *msg, size_t len, const struct filter_settings *fs,
				   GString *out, char **why_r);

/*
 * The same; when a_r is not NULL and the message was analysed, *a_r gets
 * the analysis (engine_free it), so a caller need not analyse twice.
 */
struct analysis;
enum filter_outcome filter_rewrite_analysis(const char *msg, size_t len,
					    const struct filter_settings *fs, GString *out,
					    char **why_r, struct analysis **a_r);

/* The Subject tag for a message verdict under cfg, or NULL; g_free it. */
char *filter_subject_tag(const struct config *cfg, enum verdict v);

/* Length of a leading From_ envelope line with its newline (0: none). */
size_t filter_envelope_len(const char *buf, size_t len);

#endif

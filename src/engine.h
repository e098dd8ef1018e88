/*
 * engine.h - one message through the whole pipeline: mail bytes ->
 * decoded text -> report model -> annotation.  explain, filter and batch
 * all use this, so they always agree.
 */
#ifndef MAILGLOSS_ENGINE_H
#define MAILGLOSS_ENGINE_H

#include "mail/mail.h"
#include "render/render.h"

struct analysis {
	struct mail *mail;
	struct report_input input;
	struct explained x;
};

/* Loads the shipped catalogue plus an optional site directory. */
struct ruleset *engine_rules(const char *site_dir, int *problems_r);
/* The same; strict compiles every pattern while loading (rules check). */
struct ruleset *engine_rules_strict(const char *site_dir, int strict, int *problems_r);
/* The same, parsed from the rule files even when the pattern cache has them parsed. */
struct ruleset *engine_rules_parsed(const char *site_dir, int *problems_r);

/* Analyses one message or bare text.  0, or -1 with errstr. */
int engine_analyse(const char *buf, size_t len, const char *source, int index,
		   struct ruleset *rs, struct analysis **a_r, char **errstr);
/* The same in two steps: decode, detect and parse (no rules needed), then annotate. */
int engine_parse(const char *buf, size_t len, const char *source, int index,
		 struct analysis **a_r, char **errstr);
void engine_annotate(struct analysis *a, struct ruleset *rs);
/*
 * filter's child: loads the rules while a second thread parses, then
 * both threads match (two copies of the rules: *rs_r and *twin_r, the
 * latter NULL if none was made).  The message is annotated unless the
 * rules have problems (*problems_r).  0, or -1 with errstr.
 */
int engine_analyse_paired(const char *buf, size_t len, const char *source, int index,
			  const char *site_dir, struct ruleset **rs_r, struct ruleset **twin_r,
			  int *problems_r, struct analysis **a_r, char **errstr);
void engine_free(struct analysis **ap);
/* A thread that analysed messages ends: frees its caches. */
void engine_thread_end(void);

#endif

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

/*
 * The same rules, loaded on a thread of their own while the caller goes
 * on (filter parses and inspects the message meanwhile); join waits for
 * them.  Join returns the same ruleset each time; the caller frees it
 * (ruleset_free), and the loader with engine_loader_free.
 */
struct engine_loader;
struct engine_loader *engine_rules_start(const char *site_dir);
struct ruleset *engine_rules_join(struct engine_loader *l, int *problems_r);
void engine_loader_free(struct engine_loader **lp);

/* Analyses one message or bare text.  0, or -1 with errstr. */
int engine_analyse(const char *buf, size_t len, const char *source, int index,
		   struct ruleset *rs, struct analysis **a_r, char **errstr);
/* The same in two steps: decode, detect and parse (no rules needed), then annotate. */
int engine_parse(const char *buf, size_t len, const char *source, int index,
		 struct analysis **a_r, char **errstr);
void engine_annotate(struct analysis *a, struct ruleset *rs);
void engine_free(struct analysis **ap);
/* A thread that analysed messages ends: frees its caches. */
void engine_thread_end(void);

#endif

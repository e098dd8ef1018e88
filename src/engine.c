/*
 * engine.c - the pipeline for one message.
 */
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include "i18n.h"
#include "msg.h"
#include "engine.h"
#include "knowledge/pattern_cache.h"
#include "knowledge/annotate.h"
#include "knowledge/rules_image.h"

/*
 * engine_load - the shipped rules into a new ruleset: from the pattern
 * cache's image if it may (rules_image.c), which is the same ruleset
 * made faster, else from their files
 */
static struct ruleset *
engine_load(int strict, int image, int *problems_r)
{
	const char *dir = i18n_datadir_explanations();
	struct ruleset *rs = ruleset_new();

	*problems_r = 0;
	if (image && !strict) {
		if (ruleset_load_image(rs, dir) == 0) {
			msg_debug("%s: rules loaded from the copy parsed in the pattern cache", dir);
			return rs;
		}
		msg_debug("%s: rules parsed from their files (the pattern cache holds no copy of these)", dir);
		ruleset_free(&rs);	/* it may hold part of the image */
		rs = ruleset_new();
	}
	ruleset_set_strict(rs, strict);
	*problems_r = ruleset_load(rs, dir, 0);
	return rs;
}

/*
 * engine_rules_how - shipped rules (strictly, from the image), then the
 * site's; if twin_r, a second copy for another thread into it, or NULL
 * when that would cost a parse of the shipped files or there were problems
 */
static struct ruleset *
engine_rules_how(const char *site_dir, int strict, int image, int *problems_r,
		 struct ruleset **twin_r)
{
	struct ruleset *rs, *twin = NULL;
	int problems;

	/* Now, on this thread: batch's workers only look patterns up. */
	pattern_cache_open(NULL);
	rs = engine_load(strict, image, &problems);
	if (twin_r && problems == 0) {
		twin = ruleset_new();
		if (ruleset_image_twin(twin, rs, i18n_datadir_explanations()) < 0)
			ruleset_free(&twin);
	}
	if (site_dir && *site_dir && g_file_test(site_dir, G_FILE_TEST_EXISTS))
		problems += ruleset_load_pair(rs, twin, site_dir, 1);
	if (problems > 0 && twin)
		ruleset_free(&twin);
	if (twin_r)
		*twin_r = twin;
	if (problems_r)
		*problems_r = problems;
	return rs;
}

/* engine_rules - shipped rules, then the site's */
struct ruleset *
engine_rules(const char *site_dir, int *problems_r)
{
	return engine_rules_strict(site_dir, 0, problems_r);
}

/* engine_rules_strict - the same, optionally compiling every pattern now */
struct ruleset *
engine_rules_strict(const char *site_dir, int strict, int *problems_r)
{
	return engine_rules_how(site_dir, strict, 1, problems_r, NULL);
}

/* engine_rules_parsed - the same, always parsed from the files ("rules cache") */
struct ruleset *
engine_rules_parsed(const char *site_dir, int *problems_r)
{
	return engine_rules_how(site_dir, 0, 0, problems_r, NULL);
}

/*
 * A message being parsed on a thread of its own.  When the thread is to
 * help match as well (engine_analyse_paired), it plans the matching
 * after the parse, says it has parsed, and waits to be handed rules of
 * its own (or none).
 */
struct engine_parser {
	pthread_t thread;
	const char *buf;
	size_t len;
	const char *source;
	int index;
	struct analysis *a;
	char *err;
	int rc;
	int started;		/* thread runs (else the caller parsed already) */
	int helps;		/* the thread waits for rules to match with */
	struct annotate_split *split;	/* the matching planned, or NULL */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int parsed;		/* rc, a, err and split are set */
	int given;		/* twin is set */
	struct ruleset *twin;	/* the helper's rules, or NULL: no help */
};

/* engine_parser_main - the parsing thread; its detection caches end with it */
static void *
engine_parser_main(void *arg)
{
	struct engine_parser *p = arg;
	struct ruleset *twin;

	p->rc = engine_parse(p->buf, p->len, p->source, p->index, &p->a, &p->err);
	if (p->helps) {
		if (p->rc == 0)
			p->split = annotate_split_new(p->a->x.report);
		pthread_mutex_lock(&p->lock);
		p->parsed = 1;
		pthread_cond_signal(&p->cond);
		while (!p->given)
			pthread_cond_wait(&p->cond, &p->lock);
		twin = p->twin;
		pthread_mutex_unlock(&p->lock);
		if (twin && p->split)
			annotate_split_help(p->split, twin);
	}
	if (p->started)
		engine_thread_end();
	return NULL;
}

/*
 * engine_parse_begin - start decoding, detecting and parsing a message on
 * a thread of its own, while the caller loads the rules (filter: each
 * takes about as long).  The rules are loaded on the caller's processor,
 * warm from reading the message; the parse goes to another one, which
 * is named outright: left to the scheduler, a new thread waited on the
 * busy processor until an idle one took it on at its next balancing
 * tick, and nothing ran side by side.  buf must outlive the join.
 */
static struct engine_parser *
engine_parse_begin(const char *buf, size_t len, const char *source, int index, int helps)
{
	struct engine_parser *p = g_new0(struct engine_parser, 1);
	pthread_attr_t attr;
	cpu_set_t cpus;
	int here = sched_getcpu();

	/*
	 * The pattern cache is opened here, once, before two threads could
	 * race to open it: the rules are compiled from it while the
	 * detectors take their patterns from it too.
	 */
	pattern_cache_open(NULL);
	p->buf = buf;
	p->len = len;
	p->source = source;
	p->index = index;
	p->helps = helps;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_attr_init(&attr);
	if (here >= 0 && here < CPU_SETSIZE && sched_getaffinity(0, sizeof(cpus), &cpus) == 0
	    && CPU_ISSET(here, &cpus) && CPU_COUNT(&cpus) > 1) {
		CPU_CLR(here, &cpus);
		pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
	}
	p->started = 1;
	if (pthread_create(&p->thread, &attr, engine_parser_main, p) != 0) {
		p->started = 0;
		p->helps = 0;		/* nobody to help: parse it now */
		engine_parser_main(p);
	}
	pthread_attr_destroy(&attr);
	return p;
}

/* engine_parser_free - the thread joined, the parser and what it still holds freed */
static void
engine_parser_free(struct engine_parser **pp)
{
	struct engine_parser *p = *pp;

	if (p->started)
		pthread_join(p->thread, NULL);
	annotate_split_free(&p->split);
	g_free(p->err);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	g_free(p);
	*pp = NULL;
}

/*
 * engine_analyse_paired - filter's child: the message is decoded and
 * parsed on a second thread while this one loads the rules, and a second
 * copy of them for that thread; then both threads match (annotate.c).
 * *rs_r gets the rules, *problems_r their problems (the message is then
 * parsed, not annotated); the second copy is the caller's in *twin_r
 * (NULL if none was made).  0, or -1 with errstr when the message could
 * not be parsed.
 */
int
engine_analyse_paired(const char *buf, size_t len, const char *source, int index,
		      const char *site_dir, struct ruleset **rs_r, struct ruleset **twin_r,
		      int *problems_r, struct analysis **a_r, char **errstr)
{
	struct engine_parser *p = engine_parse_begin(buf, len, source, index, 1);
	struct ruleset *twin = NULL;
	struct ruleset *rs = engine_rules_how(site_dir, 0, 1, problems_r, p->helps ? &twin : NULL);
	int rc;

	if (p->helps) {
		pthread_mutex_lock(&p->lock);
		p->twin = twin;
		p->given = 1;
		pthread_cond_signal(&p->cond);
		while (!p->parsed)
			pthread_cond_wait(&p->cond, &p->lock);
		pthread_mutex_unlock(&p->lock);
	}
	rc = p->rc;
	*a_r = p->a;
	if (rc < 0) {
		*errstr = p->err;
		p->err = NULL;
	} else if (*problems_r == 0) {
		if (p->split) {
			p->a->x.ann = annotate_split_finish(p->split, rs, twin != NULL);
			p->split = NULL;
		} else {
			engine_annotate(p->a, rs);
		}
	}
	engine_parser_free(&p);
	*rs_r = rs;
	*twin_r = twin;
	return rc;
}

/* engine_parse - decode, detect, parse: everything before the rules */
int
engine_parse(const char *buf, size_t len, const char *source, int index,
	     struct analysis **a_r, char **errstr)
{
	struct analysis *a = g_new0(struct analysis, 1);

	if (mail_parse(buf, len, &a->mail, errstr) < 0) {
		g_free(a);
		return -1;
	}
	a->input.subject = a->mail->subject;
	a->input.from = a->mail->from;
	a->x.source = source;
	a->x.index = index;
	a->x.subject = a->mail->subject;
	a->x.host = a->mail->host;
	a->x.notes = a->mail->notes;
	a->x.report = report_new(a->mail->text, a->mail->text_len, &a->input);
	report_analyse(a->x.report);
	*a_r = a;
	return 0;
}

/* engine_annotate - the rules' verdicts on a parsed message */
void
engine_annotate(struct analysis *a, struct ruleset *rs)
{
	a->x.ann = annotate(a->x.report, rs);
}

/* engine_analyse - decode, detect, parse, annotate */
int
engine_analyse(const char *buf, size_t len, const char *source, int index,
	       struct ruleset *rs, struct analysis **a_r, char **errstr)
{
	if (engine_parse(buf, len, source, index, a_r, errstr) < 0)
		return -1;
	engine_annotate(*a_r, rs);
	return 0;
}

/* engine_free - release everything of one message */
void
engine_free(struct analysis **ap)
{
	struct analysis *a = *ap;

	if (!a)
		return;
	annotation_free(&a->x.ann);
	report_free(&a->x.report);
	mail_free(&a->mail);
	g_free(a);
	*ap = NULL;
}

/* engine_thread_end - the per-thread caches of a worker that ends */
void
engine_thread_end(void)
{
	report_thread_end();
}

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

/* engine_rules_how - shipped rules (strictly, from the image), then the site's */
static struct ruleset *
engine_rules_how(const char *site_dir, int strict, int image, int *problems_r)
{
	struct ruleset *rs;
	int problems;

	/* Now, on this thread: batch's workers only look patterns up. */
	pattern_cache_open(NULL);
	rs = engine_load(strict, image, &problems);
	if (site_dir && *site_dir && g_file_test(site_dir, G_FILE_TEST_EXISTS))
		problems += ruleset_load(rs, site_dir, 1);
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
	return engine_rules_how(site_dir, strict, 1, problems_r);
}

/* engine_rules_parsed - the same, always parsed from the files ("rules cache") */
struct ruleset *
engine_rules_parsed(const char *site_dir, int *problems_r)
{
	return engine_rules_how(site_dir, 0, 0, problems_r);
}

/* A message being parsed on a thread of its own. */
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
};

/* engine_parser_main - the parsing thread; its detection caches end with it */
static void *
engine_parser_main(void *arg)
{
	struct engine_parser *p = arg;

	p->rc = engine_parse(p->buf, p->len, p->source, p->index, &p->a, &p->err);
	if (p->started)
		engine_thread_end();
	return NULL;
}

/*
 * engine_parse_start - start decoding, detecting and parsing a message on
 * a thread of its own, while the caller loads the rules (filter: each
 * takes about as long).  The rules are loaded on the caller's processor,
 * warm from reading the message; the parse goes to another one, which
 * is named outright: left to the scheduler, a new thread waited on the
 * busy processor until an idle one took it on at its next balancing
 * tick, and nothing ran side by side.  buf must outlive the join.
 */
struct engine_parser *
engine_parse_start(const char *buf, size_t len, const char *source, int index)
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
	pthread_attr_init(&attr);
	if (here >= 0 && here < CPU_SETSIZE && sched_getaffinity(0, sizeof(cpus), &cpus) == 0
	    && CPU_ISSET(here, &cpus) && CPU_COUNT(&cpus) > 1) {
		CPU_CLR(here, &cpus);
		pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
	}
	p->started = 1;
	if (pthread_create(&p->thread, &attr, engine_parser_main, p) != 0) {
		p->started = 0;
		engine_parser_main(p);	/* no thread: parse it now */
	}
	pthread_attr_destroy(&attr);
	return p;
}

/* engine_parse_join - wait for the parse: engine_parse's result, and the parser freed */
int
engine_parse_join(struct engine_parser **pp, struct analysis **a_r, char **errstr)
{
	struct engine_parser *p = *pp;
	int rc;

	if (p->started)
		pthread_join(p->thread, NULL);
	rc = p->rc;
	*a_r = p->a;
	if (rc < 0)
		*errstr = p->err;
	else
		g_free(p->err);
	g_free(p);
	*pp = NULL;
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

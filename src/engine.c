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
	struct ruleset *rs = ruleset_new();
	int problems;

	/* Now, on this thread: batch's workers only look patterns up. */
	pattern_cache_open(NULL);
	ruleset_set_strict(rs, strict);
	problems = ruleset_load(rs, i18n_datadir_explanations(), 0);
	if (site_dir && *site_dir && g_file_test(site_dir, G_FILE_TEST_EXISTS))
		problems += ruleset_load(rs, site_dir, 1);
	if (problems_r)
		*problems_r = problems;
	return rs;
}

/* The rules being loaded on their own thread. */
struct engine_loader {
	pthread_t thread;
	char *site_dir;
	struct ruleset *rs;
	int problems;
	int started;		/* thread runs (else rs was loaded by the caller) */
	int joined;
};

/* engine_loader_main - the loading thread */
static void *
engine_loader_main(void *arg)
{
	struct engine_loader *l = arg;

	l->rs = engine_rules(l->site_dir, &l->problems);
	return NULL;
}

/*
 * engine_rules_start - start loading the rules on a thread of their own.
 * The thread is placed on another processor than this one: left to the
 * scheduler, it waited on this busy one for the caller's whole parse
 * (an idle processor takes on work only at its next balancing tick),
 * so nothing ran side by side.
 */
struct engine_loader *
engine_rules_start(const char *site_dir)
{
	struct engine_loader *l = g_new0(struct engine_loader, 1);
	pthread_attr_t attr;
	cpu_set_t cpus;
	int here = sched_getcpu();

	/*
	 * The pattern cache is opened here, once, before the two threads
	 * could race to open it: the loader compiles the rules from it while
	 * the caller's detectors take their patterns from it too.
	 */
	pattern_cache_open(NULL);
	l->site_dir = g_strdup(site_dir);
	pthread_attr_init(&attr);
	if (here >= 0 && here < CPU_SETSIZE && sched_getaffinity(0, sizeof(cpus), &cpus) == 0
	    && CPU_ISSET(here, &cpus) && CPU_COUNT(&cpus) > 1) {
		CPU_CLR(here, &cpus);
		pthread_attr_setaffinity_np(&attr, sizeof(cpus), &cpus);
	}
	if (pthread_create(&l->thread, &attr, engine_loader_main, l) == 0)
		l->started = 1;
	else
		engine_loader_main(l);	/* no thread: load them now */
	pthread_attr_destroy(&attr);
	return l;
}

/* engine_rules_join - wait for the rules; they are the caller's to free */
struct ruleset *
engine_rules_join(struct engine_loader *l, int *problems_r)
{
	if (l->started && !l->joined) {
		pthread_join(l->thread, NULL);
		l->joined = 1;
	}
	if (problems_r)
		*problems_r = l->problems;
	return l->rs;
}

/* engine_loader_free - join if need be and free the loader (not its rules) */
void
engine_loader_free(struct engine_loader **lp)
{
	struct engine_loader *l = *lp;

	if (!l)
		return;
	engine_rules_join(l, NULL);
	g_free(l->site_dir);
	g_free(l);
	*lp = NULL;
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

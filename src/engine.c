/*
 * engine.c - the pipeline for one message.
 */
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

/* engine_analyse - decode, detect, parse, annotate */
int
engine_analyse(const char *buf, size_t len, const char *source, int index,
	       struct ruleset *rs, struct analysis **a_r, char **errstr)
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
	a->x.ann = annotate(a->x.report, rs);
	*a_r = a;
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

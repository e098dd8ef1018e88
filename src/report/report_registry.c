/*
 * report_registry.c - the NULL-terminated list of report kinds.
 *
 * Adding a kind is one file report_<id>.c and one line here.
 */
#include <pthread.h>
#include <string.h>

#include "report/report.h"
#include "report/kinds.h"

static const struct report_kind *const report_registry[] = {
	&report_kind_logwatch,
	&report_kind_tripwire,
	&report_kind_cron,
	&report_kind_webalizer,
	&report_kind_logcheck,
	&report_kind_chkrootkit,
	&report_kind_rkhunter,
	&report_kind_smartd,
	&report_kind_mdadm,
	&report_kind_sudo,
	&report_kind_fail2ban,
	&report_kind_apticron,
	&report_kind_unattended_upgrades,
	&report_kind_aide,
	&report_kind_ossec,
	&report_kind_exim_paniclog,
	NULL,
};

/* report_kinds - every registered kind */
const struct report_kind *const *
report_kinds(void)
{
	return report_registry;
}

/* report_kind_by_id - look a kind up by its id */
const struct report_kind *
report_kind_by_id(const char *id)
{
	const struct report_kind *const *k;

	for (k = report_registry; *k; k++)
		if (strcmp((*k)->id, id) == 0)
			return *k;
	return NULL;
}

static const char **report_all_patterns;

/* report_patterns_init - every kind's patterns in one list */
static void
report_patterns_init(void)
{
	const struct report_kind *const *k;
	const char *const *p;
	GPtrArray *list = g_ptr_array_new();

	for (k = report_registry; *k; k++)
		for (p = (*k)->patterns; p && *p; p++)
			g_ptr_array_add(list, (gpointer)*p);
	g_ptr_array_add(list, NULL);
	report_all_patterns = (const char **)g_ptr_array_free(list, FALSE);
}

/* report_patterns - the list, made once (batch's threads may ask together) */
const char *const *
report_patterns(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, report_patterns_init);
	return report_all_patterns;
}

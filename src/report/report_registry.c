/*
 * report_registry.c - the NULL-terminated list of report kinds.
 *
 * Adding a kind is one file report_<id>.c and one line here.
 */
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

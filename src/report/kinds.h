/*
 * kinds.h - the report kinds known to the registry (one file each).
 */
#ifndef MAILGLOSS_KINDS_H
#define MAILGLOSS_KINDS_H

#include "report/report.h"

extern const struct report_kind report_kind_logwatch;
extern const struct report_kind report_kind_tripwire;
extern const struct report_kind report_kind_cron;
extern const struct report_kind report_kind_webalizer;

#endif

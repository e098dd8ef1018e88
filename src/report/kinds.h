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
extern const struct report_kind report_kind_logcheck;
extern const struct report_kind report_kind_chkrootkit;
extern const struct report_kind report_kind_rkhunter;
extern const struct report_kind report_kind_smartd;
extern const struct report_kind report_kind_mdadm;
extern const struct report_kind report_kind_sudo;
extern const struct report_kind report_kind_fail2ban;
extern const struct report_kind report_kind_apticron;
extern const struct report_kind report_kind_unattended_upgrades;
extern const struct report_kind report_kind_aide;
extern const struct report_kind report_kind_ossec;
extern const struct report_kind report_kind_exim_paniclog;

#endif

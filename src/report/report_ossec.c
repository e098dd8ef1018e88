/*
 * report_ossec.c - alert mails of OSSEC HIDS and Wazuh.
 *
 * "OSSEC HIDS Notification." (or "Wazuh Notification."), the date,
 * "Received From: (agent) IP->/var/log/auth.log", "Rule: 5712 fired
 * (level 10) -> "DESCRIPTION"", optional "Src IP:" / "User:" lines,
 * "Portion of the log(s):" with the log lines, and " --END OF
 * NOTIFICATION".  A grouped mail repeats the block.  One section; log
 * lines sit under "Portion of the log(s):", the end marker is a frame.
 */
#include "report/kinds.h"

#define OS_STRONG \
	"^(OSSEC HIDS Notification\\.|Wazuh Notification\\.|Received From: |" \
	"Rule: \\d+ fired \\(level \\d+\\) -> |Portion of the log\\(s\\):|\\s*--END OF NOTIFICATION)"
#define OS_LOG_HEAD	"^Portion of the log\\(s\\):\\s*$"
#define OS_END		"^\\s*--END OF NOTIFICATION\\s*$"
#define OS_SUBJECT	"^(OSSEC|Wazuh) (Notification|Alert)"

/* os_detect - the notification banner and rule lines, or the subject */
static int
os_detect(const struct report *r, int first, int last)
{
	int strong = report_count_matches(r, first, last, 2000, OS_STRONG);

	if (strong >= 2)
		return 90;
	if (report_subject_matches(r, first, OS_SUBJECT))
		return 85;
	return strong > 0 ? 50 : 0;
}

/* os_parse - one section; log lines under their heading */
static void
os_parse(struct report *r, int first, int last, const char *hint)
{
	report_parse_lists(r, "ossec", hint ? hint : "ossec", first, last, OS_END, NULL, OS_LOG_HEAD);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const os_patterns[] = {
	OS_STRONG, OS_LOG_HEAD, OS_END, OS_SUBJECT,
	NULL,
};

const struct report_kind report_kind_ossec = {
	.id = "ossec",
	.name = "OSSEC/Wazuh",
	.detect = os_detect,
	.parse = os_parse,
	.patterns = os_patterns,
};

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
	int i, strong = 0;

	for (i = first; i <= last && i < first + 2000; i++)
		strong += report_line_matches(r, i, OS_STRONG);
	if (strong >= 2)
		return 90;
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, OS_SUBJECT))
		return 85;
	return strong > 0 ? 50 : 0;
}

/* os_parse - one section; log lines under their heading */
static void
os_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "ossec", hint ? hint : "ossec", first, last);
	int i, head = -1;

	report_mark_entries(r, s, first, last);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (report_line_matches(r, i, OS_END)) {
			report_frame(r, i);
			head = -1;
		} else if (report_line_matches(r, i, OS_LOG_HEAD)) {
			head = i;
		} else if (head >= 0) {
			r->lines[i].parent = head;
			r->lines[head].heading = 1;
		}
	}
}

const struct report_kind report_kind_ossec = {
	.id = "ossec",
	.name = "OSSEC/Wazuh",
	.detect = os_detect,
	.parse = os_parse,
};

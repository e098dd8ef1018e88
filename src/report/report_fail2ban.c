/*
 * report_fail2ban.c - mails of fail2ban's sendmail and mail actions.
 *
 * Subjects "[Fail2Ban] JAIL: banned IP from HOST", "... started on HOST",
 * "... stopped on HOST", "... summary from HOST".  The body says "The IP
 * 203.0.113.5 has just been banned by Fail2Ban after 5 attempts against
 * sshd." (smtp.py: "... banned for 600 seconds / by Fail2Ban after ..."),
 * then optionally "Here is more information about IP :" with whois output,
 * "Lines containing failures of IP" with log lines, "Matches:" (or "Matches
 * for ...:") with the matched lines, or in the buffered actions' summary
 * "These hosts have been banned by Fail2Ban." with one line per ban; and
 * "Regards, Fail2Ban".
 * One section; the whois and log lines sit under their introducing line.
 */
#include "report/kinds.h"

#define FB_STRONG \
	"^(The IP \\S+ has just been banned (by Fail2Ban after|for \\d+ seconds)|" \
	"The jail \\S+ has been (started successfully|stopped)\\.|" \
	"These hosts have been banned by Fail2Ban\\.|" \
	"Here is more information about \\S+\\s*:|" \
	"Lines containing failures of \\S+|Fail2Ban\\s*$)"
#define FB_LIST_HEAD	"^(Here is more information about \\S+\\s*:|Lines containing failures of \\S+.*|" \
			"Matches( for .*| with \\d+ failures IP:\\S*)?:?|These hosts have been banned by Fail2Ban\\.)\\s*$"
#define FB_LIST_END	"^(Regards,|Fail2Ban)\\s*$"
#define FB_SUBJECT	"^\\[Fail2Ban\\] "

/* fb_detect - fail2ban's phrases or its subject */
static int
fb_detect(const struct report *r, int first, int last)
{
	int strong = report_count_matches(r, first, last, 30, FB_STRONG);

	if (report_subject_matches(r, first, FB_SUBJECT))
		return 92;
	return strong >= 2 ? 85 : strong > 0 ? 50 : 0;
}

/* fb_parse - one section; whois/log lines under their heading */
static void
fb_parse(struct report *r, int first, int last, const char *hint)
{
	report_parse_lists(r, "fail2ban", hint ? hint : "fail2ban", first, last, NULL, FB_LIST_END,
			   FB_LIST_HEAD);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const fb_patterns[] = {
	FB_STRONG, FB_LIST_HEAD, FB_LIST_END, FB_SUBJECT,
	NULL,
};

const struct report_kind report_kind_fail2ban = {
	.id = "fail2ban",
	.name = "fail2ban",
	.detect = fb_detect,
	.parse = fb_parse,
	.patterns = fb_patterns,
};

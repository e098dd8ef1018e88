/*
 * report_exim_paniclog.c - Debian exim4-base's daily paniclog alert.
 *
 * /etc/cron.daily/exim4-base mails "exim paniclog /var/log/exim4/paniclog
 * on HOST has non-zero size, mail system might be broken. The last N
 * lines are quoted below." (exim4-base 4.96 of Debian 12: subject "exim
 * paniclog on HOST has non-zero size", body "... Up to N lines are quoted
 * below.") followed by the last lines of the panic log
 * ("2025-10-20 06:25:01 socket bind() to port 25 ... failed").  The alert
 * repeats every day until someone empties the file.  One section; the
 * quoted lines sit under the alert line.
 */
#include "report/kinds.h"

#define EP_ALERT	"^exim paniclog \\S+ on \\S+ has non-zero size"
#define EP_SUBJECT	"^exim paniclog (\\S+ )?on \\S+ has non-zero size"

/* ep_detect - the alert line or its subject */
static int
ep_detect(const struct report *r, int first, int last)
{
	if (report_count_matches(r, first, last, 50, EP_ALERT) > 0)
		return 92;
	if (report_subject_matches(r, first, EP_SUBJECT))
		return 88;
	return 0;
}

/* ep_parse - one section; the quoted lines under the alert */
static void
ep_parse(struct report *r, int first, int last, const char *hint)
{
	report_parse_lists(r, "exim-paniclog", hint ? hint : "exim paniclog", first, last, NULL, NULL,
			   EP_ALERT);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const ep_patterns[] = {
	EP_ALERT, EP_SUBJECT,
	NULL,
};

const struct report_kind report_kind_exim_paniclog = {
	.id = "exim-paniclog",
	.name = "exim paniclog",
	.detect = ep_detect,
	.parse = ep_parse,
	.patterns = ep_patterns,
};

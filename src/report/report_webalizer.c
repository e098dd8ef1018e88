/*
 * report_webalizer.c - what Webalizer prints when run from cron.
 *
 * Webalizer's messages come from its language file (webalizer_lang.h):
 * progress lines with -v or without -q, and "Error:"/"Warning:" lines
 * about records it skipped or truncated.  One section; each line is an
 * entry.
 */
#include "report/kinds.h"

#define WEB_STRONG \
	"^(Webalizer V\\d|Stone Steps Webalizer|(Error|Warning): .*(oversized|log record|" \
	"[Hh]istory|[Rr]un data|[Ii]ncremental|[Tt]runcat|[Ss]kipping|[Ii]nvalid|DNS)|" \
	"Processed \\d+ records|Generating (summary )?report|Hostname for reports is|" \
	"Using logfile |Creating output in |Saving (history|current run)|" \
	"Reading (history|previous run)|History file not found|Previous run data not found|" \
	"No valid records found|Skipping bad record|Ignoring records before|" \
	"Using default GeoIP|DNS Lookup)"

/* web_detect - mostly Webalizer's own phrases (never on a blank line) */
static int
web_detect(const struct report *r, int first, int last)
{
	int i, strong = report_count_matches(r, first, last, 2000, WEB_STRONG), text = 0;

	if (strong == 0)
		return 0;
	for (i = first; i <= last && i < first + 2000; i++)
		text += !report_is_blank(r, i);
	return strong * 2 >= text ? 90 : 45;
}

/* web_parse - one section of entries */
static void
web_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "webalizer", hint ? hint : "webalizer", first, last);

	report_mark_entries(r, s, first, last);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const web_patterns[] = {
	WEB_STRONG,
	NULL,
};

const struct report_kind report_kind_webalizer = {
	.id = "webalizer",
	.name = "Webalizer",
	.detect = web_detect,
	.parse = web_parse,
	.patterns = web_patterns,
};

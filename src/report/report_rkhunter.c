/*
 * report_rkhunter.c - Rootkit Hunter (rkhunter 1.4) output and the
 * Debian daily mail "[rkhunter] HOST - Daily report".
 *
 * With --cronjob --report-warnings-only rkhunter prints one "Warning:
 * MESSAGE" per finding; details follow on lines indented by nine blanks
 * ("         File: /usr/bin/curl", "Current hash: ...").  Those details
 * continue the warning's entry, so a rule sees the whole finding.  A full
 * run adds "Checking ... [ OK ]" lines and a "System checks summary"; its
 * screen output (what people paste) is mostly such lines, each check's
 * result in brackets at the end.  One section.
 */
#include <string.h>

#include "report/kinds.h"

#define RK_WARNING	"^Warning: \\S"
#define RK_DETAIL	"^ {5,}\\S"
#define RK_STRONG \
	"(rkhunter|Rootkit Hunter|has been (added to|removed from) the (passwd|group) file|" \
	"The file properties have changed|Hidden (file|directory) found|" \
	"The modules file '/proc/modules' is missing|kernel modules directory .* is missing|" \
	"No running system logging daemon|SSH and rkhunter configuration|" \
	"has been replaced by a script|Suspicious file types found in|" \
	"Found preloaded shared library|is listening on the network|" \
	"Package manager verification has failed|Possible rootkit|" \
	"Checking for prerequisites|The following processes are using deleted files|" \
	"root equivalent|Found enabled (x)?inetd service|Checking system commands|" \
	"Rootkit checks|System checks summary|Performing file properties checks)"
#define RK_SUBJECT	"^\\[rkhunter\\] "

/*
 * A check's result at the end of the line, as "rkhunter --check" shows it
 * on screen; each result whole, so that the detectors' prefilter looks
 * for "[ OK ]" and the like, not for "[ " (which kernel time stamps have).
 */
#define RK_RESULT	"\\[ OK \\]\\s*$|\\[ Warning \\]\\s*$|\\[ Found \\]\\s*$|\\[ Not found \\]\\s*$|" \
			"\\[ None found \\]\\s*$|\\[ Skipped \\]\\s*$|\\[ Allowed \\]\\s*$|" \
			"\\[ Not allowed \\]\\s*$|\\[ Not set \\]\\s*$|\\[ Whitelisted \\]\\s*$|" \
			"\\[ None missing \\]\\s*$|\\[ Updated \\]\\s*$|\\[ No update \\]\\s*$|" \
			"\\[ Update failed \\]\\s*$|\\[ Version check failed \\]\\s*$"

/* rk_detect - rkhunter's warnings and phrases, or its mail subject */
static int
rk_detect(const struct report *r, int first, int last)
{
	int i, warnings = 0, strong = 0, text = 0;

	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, RK_SUBJECT))
		return 92;
	/* rkhunter's own phrases first: most text has none, and then the
	 * warning count does not matter (a blank line holds none) */
	strong = report_count_matches(r, first, last, 3000, RK_STRONG);
	if (strong == 0)
		return report_count_matches(r, first, last, 3000, RK_RESULT) >= 10 ? 60 : 0;
	for (i = first; i <= last && i < first + 3000; i++) {
		if (report_is_blank(r, i))
			continue;
		text++;
		if (report_line_matches(r, i, RK_WARNING) || report_line_matches(r, i, RK_DETAIL))
			warnings++;
	}
	if (warnings * 10 >= text * 8)
		return 85;
	if (strong * 3 >= text)
		return 65;
	/* the screen output: a result on most lines */
	return report_count_matches(r, first, last, 3000, RK_RESULT) * 2 >= text ? 80 : 0;
}

/* rk_parse - one section; detail lines join their warning */
static void
rk_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "rkhunter", hint ? hint : "rkhunter", first, last);
	int i, open = 0;

	report_mark_entries(r, s, first, last);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (open && report_line_matches(r, i, RK_DETAIL))
			r->lines[i].join = 1;
		else
			open = report_line_matches(r, i, RK_WARNING);
	}
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const rk_patterns[] = {
	RK_WARNING, RK_DETAIL, RK_STRONG, RK_SUBJECT, RK_RESULT,
	NULL,
};

const struct report_kind report_kind_rkhunter = {
	.id = "rkhunter",
	.name = "Rootkit Hunter",
	.detect = rk_detect,
	.parse = rk_parse,
	.patterns = rk_patterns,
};

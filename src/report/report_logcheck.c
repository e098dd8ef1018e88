/*
 * report_logcheck.c - logcheck 1.x mails.
 *
 * logcheck mails the log lines its ignore rules did not filter out, under
 * headings "Security Alerts", "Security Events", "System Events" and
 * "Logcheck Warnings", each underlined with "=-=-=-" as long as the
 * heading.  Before them may come its notices (first check of the systemd
 * journal) and the intro from /etc/logcheck/header.txt.  The text before
 * the first heading is the section "logcheck"; each heading opens a
 * section of that name whose lines are entries.
 */
#include <string.h>

#include "report/kinds.h"

#define LC_HEADING	"^(Security Alerts|Security Events|System Events|Logcheck Warnings)" \
			"( for [^\\s]+)?\\s*$"
#define LC_RULER	"^=(-=)+-?\\s*$"
#define LC_INTRO	"^(This email is sent by logcheck\\.|This is the first time logcheck has checked)"
#define LC_SUBJECT	"(Security Alerts|Security Events|System Events)\\s*$"

/* lc_is_heading - line i is a section heading with its ruler below */
static int
lc_is_heading(const struct report *r, int i, int last)
{
	return i < last && report_line_matches(r, i, LC_HEADING)
	       && report_line_matches(r, i + 1, LC_RULER);
}

/* lc_detect - an underlined heading, the intro, or logcheck's subject */
static int
lc_detect(const struct report *r, int first, int last)
{
	int i, headings = 0, intro = 0;

	for (i = first; i <= last; i++) {
		const char *t = r->lines[i].text;

		if ((t[0] == 'S' || t[0] == 'L') && lc_is_heading(r, i, last))
			headings++;
		else if (t[0] == 'T' && report_line_matches(r, i, LC_INTRO))
			intro++;
	}
	if (headings > 0)
		return intro > 0 ? 93 : 85;
	if (intro > 0)
		return 70;
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, LC_SUBJECT))
		return 35;
	return 0;
}

/* lc_parse - the intro, then one section per heading */
static void
lc_parse(struct report *r, int first, int last, const char *hint)
{
	int i, start = first, s = -1;

	for (i = first; i <= last + 1; i++) {
		if (i <= last && !lc_is_heading(r, i, last))
			continue;
		if (i - 1 >= start) {
			if (s < 0)
				s = report_section_add(r, "logcheck", hint ? hint : "logcheck",
						       start, i - 1);
			report_mark_entries(r, s, start, i - 1);
			report_section(r, s)->last = i - 1;
		}
		if (i > last)
			break;
		{
			char *title = g_strstrip(g_strdup(r->lines[i].text));

			s = report_section_add(r, "logcheck", title, i, i + 1);
			g_free(title);
		}
		report_frame(r, i);
		report_frame(r, i + 1);
		i++;
		start = i + 1;
	}
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const lc_patterns[] = {
	LC_HEADING, LC_RULER, LC_INTRO, LC_SUBJECT,
	NULL,
};

const struct report_kind report_kind_logcheck = {
	.id = "logcheck",
	.name = "logcheck",
	.detect = lc_detect,
	.parse = lc_parse,
	.patterns = lc_patterns,
};

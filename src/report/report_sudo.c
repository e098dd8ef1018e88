/*
 * report_sudo.c - sudo's "*** SECURITY information for HOST ***" mails.
 *
 * sudo mails root (mail_badpass, mail_no_user, ...) one log line per
 * event: "HOST : DATE : USER : MESSAGE ; TTY=pts/0 ; PWD=/home/u ;
 * USER=root ; COMMAND=/bin/sh".  Long lines may be wrapped onto indented
 * continuation lines, which join the event's entry.  One section.
 */
#include "report/kinds.h"

#define SU_EVENT	"^\\S+ : .+ : \\S+ : .*(TTY=|COMMAND=|sudoers|password|not allowed|" \
			"authenticat|NOT authorized|unknown user)"
#define SU_SUBJECT	"^\\*\\*\\* SECURITY information for \\S+ \\*\\*\\*"

/* su_detect - the subject, or lines in sudo's mail log format (never blank) */
static int
su_detect(const struct report *r, int first, int last)
{
	int i, events = report_count_matches(r, first, last, 200, SU_EVENT), text = 0;

	for (i = first; i <= last && i < first + 200; i++)
		text += !report_is_blank(r, i);
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, SU_SUBJECT))
		return 92;
	return events > 0 && events * 2 >= text ? 70 : 0;
}

/* su_parse - one section; indented lines continue the event above */
static void
su_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "sudo", hint ? hint : "sudo", first, last);
	int i, open = 0;

	report_mark_entries(r, s, first, last);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (open && r->lines[i].indent > 0)
			r->lines[i].join = 1;
		else
			open = report_line_matches(r, i, SU_EVENT);
	}
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const su_patterns[] = {
	SU_EVENT, SU_SUBJECT,
	NULL,
};

const struct report_kind report_kind_sudo = {
	.id = "sudo",
	.name = "sudo",
	.detect = su_detect,
	.parse = su_parse,
	.patterns = su_patterns,
};

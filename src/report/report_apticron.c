/*
 * report_apticron.c - apticron's pending-upgrade mails.
 *
 * "apticron report [DATE]", a ruler of "=", "apticron has detected that
 * some packages need upgrading on:", the host and addresses, "The
 * following packages are currently pending an upgrade:" with one
 * tab-indented "PACKAGE VERSION" line each, "Package Details:" with the
 * apt-listchanges text, the apt-get command, notes about held packages
 * and a "--" / "apticron" signature.  One section; rulers are frames and
 * each part's lines sit under the part's first line.
 */
#include "report/kinds.h"

#define AC_STRONG \
	"^(apticron report \\[|apticron has detected that some packages need upgrading on:|" \
	"The following packages are currently pending an upgrade|" \
	"Install 'apt-listchanges' to see what's new in these packages\\.|" \
	"You can perform the upgrade by issuing the command:|No new packages today\\.)"
#define AC_RULER	"^={20,}\\s*$"
#define AC_PART		"^(The following packages are currently pending an upgrade.*:|Package Details:|" \
			"INFO: the following packages are on hold.*|WARNING: the following packages were put on hold.*)\\s*$"
#define AC_SUBJECT	"^(\\d+ \\S+ package update\\(s\\) for |No updates for )"

/* ac_detect - apticron's phrases or its subject */
static int
ac_detect(const struct report *r, int first, int last)
{
	int i, strong = 0;

	for (i = first; i <= last && i < first + 3000; i++)
		strong += report_line_matches(r, i, AC_STRONG);
	if (strong >= 2)
		return 90;
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, AC_SUBJECT) && strong > 0)
		return 88;
	return strong > 0 ? 55 : 0;
}

/* ac_parse - rulers are frames; part lines sit under the part title */
static void
ac_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "apticron", hint ? hint : "apticron", first, last);
	int i, part = -1;

	report_mark_entries(r, s, first, last);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (report_line_matches(r, i, AC_RULER)) {
			report_frame(r, i);
			part = -1;
		} else if (report_line_matches(r, i, AC_PART)) {
			part = i;
		} else if (part >= 0) {
			r->lines[i].parent = part;
			r->lines[part].heading = 1;
		}
	}
}

const struct report_kind report_kind_apticron = {
	.id = "apticron",
	.name = "apticron",
	.detect = ac_detect,
	.parse = ac_parse,
};

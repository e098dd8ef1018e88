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
	int strong = report_count_matches(r, first, last, 3000, AC_STRONG);

	if (strong >= 2)
		return 90;
	if (strong > 0 && report_subject_matches(r, first, AC_SUBJECT))
		return 88;
	return strong > 0 ? 55 : 0;
}

/* ac_parse - rulers are frames; part lines sit under the part title */
static void
ac_parse(struct report *r, int first, int last, const char *hint)
{
	report_parse_lists(r, "apticron", hint ? hint : "apticron", first, last, AC_RULER, NULL, AC_PART);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const ac_patterns[] = {
	AC_STRONG, AC_RULER, AC_PART, AC_SUBJECT,
	NULL,
};

const struct report_kind report_kind_apticron = {
	.id = "apticron",
	.name = "apticron",
	.detect = ac_detect,
	.parse = ac_parse,
	.patterns = ac_patterns,
};

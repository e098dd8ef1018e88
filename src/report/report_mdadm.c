/*
 * report_mdadm.c - event mails of "mdadm --monitor" (Linux software RAID).
 *
 * "This is an automatically generated mail message from mdadm running on
 * HOST", "A DegradedArray event had been detected on md device /dev/md0.",
 * sometimes "It could be related to component device /dev/sda1.", then a
 * copy of /proc/mdstat ("md0 : active raid1 sdb1[1] sda1[0](F)", "[2/1]
 * [_U]").  One section; mdstat's indented lines sit under their array.
 */
#include "report/kinds.h"

#define MD_STRONG \
	"^(This is an automatically generated mail message from mdadm|" \
	"A \\w+ event had been detected on md device |" \
	"P\\.S\\. The /proc/mdstat file currently contains the following:|" \
	"Personalities : \\[)"
#define MD_SUBJECT	"^\\w+ event on /dev/\\S+:"

/* md_detect - mdadm's mail phrases or its subject */
static int
md_detect(const struct report *r, int first, int last)
{
	int strong = report_count_matches(r, first, last, 200, MD_STRONG);

	if (strong >= 2)
		return 90;
	if (strong > 0 && report_subject_matches(r, first, MD_SUBJECT))
		return 88;
	return strong > 0 ? 55 : 0;
}

/* md_parse - one section; mdstat rows under their array line */
static void
md_parse(struct report *r, int first, int last, const char *hint)
{
	report_parse_flat(r, "mdadm", hint ? hint : "mdadm", first, last);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const md_patterns[] = {
	MD_STRONG, MD_SUBJECT,
	NULL,
};

const struct report_kind report_kind_mdadm = {
	.id = "mdadm",
	.name = "mdadm",
	.detect = md_detect,
	.parse = md_parse,
	.patterns = md_patterns,
};

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
	int i, strong = 0;

	for (i = first; i <= last && i < first + 200; i++)
		strong += report_line_matches(r, i, MD_STRONG);
	if (strong >= 2)
		return 90;
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, MD_SUBJECT) && strong > 0)
		return 88;
	return strong > 0 ? 55 : 0;
}

/* md_parse - one section; mdstat rows under their array line */
static void
md_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "mdadm", hint ? hint : "mdadm", first, last);

	report_mark_entries(r, s, first, last);
	report_tree_by_indent(r, first, last);
}

const struct report_kind report_kind_mdadm = {
	.id = "mdadm",
	.name = "mdadm",
	.detect = md_detect,
	.parse = md_parse,
};

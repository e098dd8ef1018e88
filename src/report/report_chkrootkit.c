/*
 * report_chkrootkit.c - chkrootkit 0.4x-0.5x output and Debian's daily
 * chkrootkit mail.
 *
 * chkrootkit prints one "Checking `NAME'... RESULT" or "Searching for
 * THING... RESULT" line per test (only the findings with -q).  A finding
 * is a "WARNING: MESSAGE:" line followed by a list (suspicious files,
 * ifpromisc or chkutmp output) that ends at a blank line.  Debian's
 * chkrootkit-daily wraps the output in "--- [ BEGIN: cat log.today ] ---"
 * frames on the first run, or in a unified diff against log.expected
 * later.  One section; each WARNING line is the heading of its list.
 */
#include <string.h>

#include "report/kinds.h"

#define CK_TEST		"^[-+ ]?(Checking `[^']+'\\.\\.\\.|Searching for .+\\.\\.\\.)(\\s|$)"
#define CK_STRONG \
	"^[-+ ]?(ROOTDIR is `|WARNING: (The following suspicious|Output from ifpromisc|" \
	"chkutmp output|Possible .* installed|The following (known )?suspicious|" \
	"output from (chklastlog|chkwtmp):|(chkutmp|z2|wted) not tested: |" \
	"not tested: can't exec \\./|chk(proc|dirs): Possible LKM)|" \
	"No file /var/log/chkrootkit/log\\.expected|chkrootkit output was not as expected|" \
	"--- \\[ (BEGIN|END): (cat|diff -u) /var/log/chkrootkit/|" \
	"\\S+: (not promisc and no packet sniffer sockets|PACKET SNIFFER\\())"
#define CK_LIST_HEAD	"^[-+ ]?WARNING: .*:\\s*$"
#define CK_FRAME	"^(--- \\[ (BEGIN|END): .* \\] ---|--- /\\S+.*|\\+\\+\\+ /\\S+.*|@@ .* @@.*)\\s*$"
#define CK_SUBJECT	"^\\[chkrootkit\\] "

/* ck_detect - chkrootkit's test lines and messages, or its mail subject */
static int
ck_detect(const struct report *r, int first, int last)
{
	int i, tests = 0, strong = 0, text = 0;

	for (i = first; i <= last && i < first + 5000; i++) {
		if (report_is_blank(r, i))
			continue;
		text++;
		if (report_line_matches(r, i, CK_TEST))
			tests++;
		else if (report_line_matches(r, i, CK_STRONG))
			strong++;
	}
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, CK_SUBJECT))
		return 92;
	if (tests >= 5 || (tests > 0 && strong > 0) || strong >= 2)
		return 88;
	if (strong > 0)
		return text <= 400 ? 75 : 50;
	return tests > 0 && tests * 2 >= text ? 60 : 0;
}

/* ck_list - lines below a "WARNING: ...:" heading up to a blank line */
static int
ck_list(struct report *r, int head, int last)
{
	int i;

	for (i = head + 1; i <= last; i++) {
		if (report_is_blank(r, i) || report_line_matches(r, i, CK_TEST)
		    || report_line_matches(r, i, CK_LIST_HEAD))
			break;
		r->lines[i].parent = head;
		r->lines[head].heading = 1;
	}
	return i - 1;
}

/* ck_parse - one section; frames for the daily script's wrappers */
static void
ck_parse(struct report *r, int first, int last, const char *hint)
{
	int s = report_section_add(r, "chkrootkit", hint ? hint : "chkrootkit", first, last);
	int i;

	report_mark_entries(r, s, first, last);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (report_line_matches(r, i, CK_FRAME))
			report_frame(r, i);
		else if (report_line_matches(r, i, CK_LIST_HEAD))
			i = ck_list(r, i, last);
	}
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const ck_patterns[] = {
	CK_TEST, CK_STRONG, CK_LIST_HEAD, CK_FRAME, CK_SUBJECT,
	NULL,
};

const struct report_kind report_kind_chkrootkit = {
	.id = "chkrootkit",
	.name = "chkrootkit",
	.detect = ck_detect,
	.parse = ck_parse,
	.patterns = ck_patterns,
};

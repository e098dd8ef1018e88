/*
 * report_tripwire.c - Tripwire 2.x integrity check reports, levels 0-4.
 *
 * Parts, each between "=====" rulers: the header, "Report Summary:",
 * "Rule Summary:" (a table, one row per policy rule; "*" marks rules with
 * violations), "Object Summary:" (level 2: "Rule Name:" blocks with
 * Added:/Removed:/Modified: lists of [x] "path" lines), "Object Detail:"
 * (level 3-4: "Added Objects: N", "Modified object name: path" and a
 * property table), "Error Report:".  A Rule Summary row and each "Rule
 * Name:" line stand for the objects found under that rule.
 */
#include <string.h>

#include "report/kinds.h"

#define TW_TITLE	"^(Open Source )?Tripwire\\(R\\) [0-9.]+ .*Report"
#define TW_PART		"^(Report Summary|Rule Summary|Object Summary|Object Detail|Error Report|Integrity Check Report|Report Header):\\s*$"
#define TW_RULER	"^\\s*[-=]{10,}\\s*$"
#define TW_SECTION	"^\\s*#?\\s*Section: "
#define TW_RULE_NAME	"^Rule Name: (.+?)\\s*$"
#define TW_TABLE_HEAD	"^\\s*Rule Name\\s+Severity Level\\s+Added\\s+Removed\\s+Modified\\s*$"
#define TW_TABLE_RULE	"^\\s*-{5,}\\s+-{5,}"
#define TW_ROW		"^([* ]) (\\S.*?)\\s{2,}\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s*$"
#define TW_ROW_NUMS	"^\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s*$"
#define TW_LIST_HEAD	"^\\s*(Added|Removed|Modified|Changed):\\s*$"
#define TW_COUNT_HEAD	"^\\s*(Added|Removed|Modified|Changed) Objects: \\d+\\s*$"
#define TW_OBJECT	"^(Added|Removed|Modified|Changed) object name: "
#define TW_PROP_HEAD	"^\\s*Property:\\s+Expected\\s+Observed"
#define TW_ERROR	"^\\s*\\d+\\.\\s+\\S"
#define TW_END		"^\\*\\*\\* End of report \\*\\*\\*"
/* Report level 1 (twprint -m r --report-level 1): one object per line. */
#define TW_LEVEL1	"^(Added|Removed|Modified|Changed):\\s+\"/"
#define TW_LISTED	"^\\s*(\\[[x ]\\]\\s*)?\"/"
#define TW_NOTE		"^Note: Report is not encrypted\\.\\s*$"
#define TW_SUBJECT	"^TWReport "
#define TW_ROW_PATH	"^\\s+\\(.*\\)\\s*$"
#define TW_SEVERITY	"^Severity Level: \\d+\\s*$"
#define TW_REMOVE_X	"^Remove the \"x\" from the adjacent box"
#define TW_NEW_VALUES	"^with the new values for this object\\."
#define TW_TOTAL	"^Total (objects scanned|violations found):"
#define TW_PROP_ROW	"^[* ] \\S"

/*
 * tw_detect - the report title line or the TWReport subject.  Object
 * lines (level 1 lines and the note: never the same line, never blank)
 * count against the text lines.  A part of a report pasted on its own
 * (what people quote when they ask about one) has no title: "Rule Name:"
 * with "Severity Level:" blocks, or "Modified object name:" lines, give
 * it away.
 */
static int
tw_detect(const struct report *r, int first, int last)
{
	int i, parts, objects, text = 0;

	if (report_count_matches(r, first, last, 400, TW_TITLE) > 0)
		return 95;
	parts = report_count_matches(r, first, last, 400, TW_PART);
	objects = report_count_matches(r, first, last, 400, TW_LEVEL1)
		  + report_count_matches(r, first, last, 400, TW_NOTE);
	for (i = first; i <= last && i < first + 400; i++)
		text += !report_is_blank(r, i);
	if (objects > 0 && objects * 2 >= text)
		return 80;
	if (first == 0 && r->input && r->input->subject
	    && report_text_matches(r->input->subject, TW_SUBJECT))
		return 90;
	if (parts >= 2)
		return 70;
	if (report_count_matches(r, first, last, 400, TW_RULE_NAME) > 0
	    && report_count_matches(r, first, last, 400, TW_SEVERITY) > 0)
		return 60;
	return report_count_matches(r, first, last, 400, TW_OBJECT) >= 2 ? 50 : 0;
}

struct tw_state {
	struct report *r;
	int section;		/* current section index */
	const char *part;	/* current part title */
	int heading;		/* current Added:/Modified: heading line, or -1 */
	int object;		/* current detail object line, or -1 */
	int row;		/* last Rule Summary row, or -1 */
	int error;		/* current numbered error line, or -1 */
	int ended;		/* after "*** End of report ***" */
};

/* tw_new_section - start a section titled title at line i */
static void
tw_new_section(struct tw_state *st, const char *title, int i)
{
	st->section = report_section_add(st->r, "tripwire", title, i, i);
	st->heading = st->object = st->row = st->error = -1;
}

/* tw_entry - line i is an entry of the current section */
static void
tw_entry(struct tw_state *st, int i, int parent)
{
	struct report_line *l = &st->r->lines[i];

	l->role = LINE_ENTRY;
	l->section = st->section;
	l->parent = parent;
	if (parent >= 0)
		st->r->lines[parent].heading = 1;
	report_section(st->r, st->section)->last = i;
}

/* tw_join - line i continues the entry at line i-1 (or further up) */
static void
tw_join(struct tw_state *st, int i)
{
	tw_entry(st, i, -1);
	st->r->lines[i].join = 1;
}

/* tw_frame - line i is structure */
static void
tw_frame(struct tw_state *st, int i)
{
	st->r->lines[i].section = st->section;
	report_frame(st->r, i);
	report_section(st->r, st->section)->last = i;
}

/* tw_row_has_changes - do the Added/Removed/Modified columns hold any? */
static int
tw_row_has_changes(const char *t)
{
	const char *p = t + strlen(t);
	int fields = 0;

	while (fields < 3 && p > t) {
		while (p > t && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
		if (p == t || !g_ascii_isdigit(p[-1]))
			return 0;
		while (p > t && g_ascii_isdigit(p[-1])) {
			if (p[-1] != '0')
				return 1;
			p--;
		}
		fields++;
	}
	return 0;
}

/* tw_rule_summary_row - one row of the Rule Summary table */
static void
tw_rule_summary_row(struct tw_state *st, int i)
{
	struct report *r = st->r;
	const char *t = r->lines[i].text;

	if (report_line_matches(r, i, TW_ROW)) {
		char *name = g_strdup(t + 2), *e = strstr(name, "  ");

		if (e)
			*e = 0;
		tw_entry(st, i, -1);
		if (t[0] == '*' || tw_row_has_changes(t))
			report_set_summary(r, i, name);
		st->row = i;
		g_free(name);
		return;
	}
	if (report_line_matches(r, i, TW_ROW_NUMS) && st->row >= 0) {
		tw_join(st, i);
		return;
	}
	if (st->row >= 0 && report_line_matches(r, i, TW_ROW_PATH)) {
		tw_join(st, i);	/* "(/dev/kmem)" under a row */
		return;
	}
	/* A rule name too long for its column: the numbers follow. */
	if (i + 1 < r->nlines && report_line_matches(r, i + 1, TW_ROW_NUMS)) {
		tw_entry(st, i, -1);
		if (t[0] == '*')
			report_set_summary(r, i, t + 2);
		st->row = i;
		return;
	}
	tw_entry(st, i, -1);
	st->row = -1;
}

/* tw_list_has_objects - does an Added:/Modified: heading list anything? */
static int
tw_list_has_objects(const struct report *r, int i)
{
	int j;

	for (j = i + 1; j < r->nlines; j++) {
		if (report_is_blank(r, j) || report_line_matches(r, j, TW_RULER))
			continue;
		return report_line_matches(r, j, TW_OBJECT) || report_line_matches(r, j, TW_LISTED);
	}
	return 0;
}

/* tw_line - classify one non-blank line */
static void
tw_line(struct tw_state *st, int i)
{
	struct report *r = st->r;
	const char *t = r->lines[i].text;

	if (st->ended || report_line_matches(r, i, TW_END)) {
		st->ended = 1;
		tw_frame(st, i);
		return;
	}
	if (report_line_matches(r, i, TW_RULER) || report_line_matches(r, i, TW_SECTION)
	    || report_line_matches(r, i, TW_TITLE) || report_line_matches(r, i, TW_NOTE)) {
		tw_frame(st, i);
		return;
	}
	if (report_line_matches(r, i, TW_PART)) {
		char *title = g_strndup(t, strcspn(t, ":"));

		tw_new_section(st, title, i);
		st->part = report_section(r, st->section)->title;
		tw_frame(st, i);
		g_free(title);
		return;
	}
	if (report_line_matches(r, i, TW_RULE_NAME)) {
		char *title = g_strstrip(g_strdup(t + strlen("Rule Name:")));

		tw_new_section(st, title, i);
		tw_entry(st, i, -1);
		report_set_summary(r, i, title);
		g_free(title);
		return;
	}
	if (report_line_matches(r, i, TW_SEVERITY)
	    || report_line_matches(r, i, TW_TABLE_HEAD) || report_line_matches(r, i, TW_TABLE_RULE)
	    || report_line_matches(r, i, TW_PROP_HEAD)
	    || report_line_matches(r, i, TW_REMOVE_X)
	    || report_line_matches(r, i, TW_NEW_VALUES)) {
		tw_frame(st, i);
		return;
	}
	if (st->part && strcmp(st->part, "Rule Summary") == 0
	    && !report_line_matches(r, i, TW_TOTAL)) {
		tw_rule_summary_row(st, i);
		return;
	}
	if (report_line_matches(r, i, TW_LIST_HEAD) || report_line_matches(r, i, TW_COUNT_HEAD)) {
		if (!tw_list_has_objects(r, i)) {
			tw_frame(st, i);	/* an empty list says nothing */
			return;
		}
		tw_entry(st, i, -1);
		st->heading = i;
		st->object = -1;
		return;
	}
	if (report_line_matches(r, i, TW_OBJECT) || report_line_matches(r, i, TW_LISTED)) {
		tw_entry(st, i, st->heading);
		st->object = i;
		return;
	}
	if (st->object >= 0 && report_line_matches(r, i, TW_PROP_ROW)) {
		tw_join(st, i);	/* property row of the object above */
		return;
	}
	if (st->part && strcmp(st->part, "Error Report") == 0) {
		if (report_line_matches(r, i, TW_ERROR)) {
			tw_entry(st, i, -1);
			st->error = i;
		} else if (st->error >= 0 && r->lines[i].indent > 0) {
			tw_join(st, i);
		} else {
			tw_entry(st, i, -1);
		}
		return;
	}
	st->object = -1;
	tw_entry(st, i, st->heading >= 0 && r->lines[i].indent > r->lines[st->heading].indent
		 ? st->heading : -1);
}

/* tw_parse - walk the report once */
static void
tw_parse(struct report *r, int first, int last, const char *hint)
{
	struct tw_state st = { .r = r, .heading = -1, .object = -1, .row = -1, .error = -1 };
	int i;

	tw_new_section(&st, hint ? hint : "Tripwire", first);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i)) {
			r->lines[i].section = st.section;
			if (st.error >= 0 && i + 1 <= last && !report_is_blank(r, i + 1)
			    && r->lines[i + 1].indent == 0)
				st.error = -1;
			continue;
		}
		tw_line(&st, i);
	}
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const tw_patterns[] = {
	TW_TITLE, TW_PART, TW_RULER, TW_SECTION, TW_RULE_NAME, TW_TABLE_HEAD, TW_TABLE_RULE,
	TW_ROW, TW_ROW_NUMS, TW_LIST_HEAD, TW_COUNT_HEAD, TW_OBJECT, TW_PROP_HEAD, TW_ERROR,
	TW_END, TW_LEVEL1, TW_LISTED, TW_NOTE, TW_SUBJECT, TW_ROW_PATH, TW_SEVERITY,
	TW_REMOVE_X, TW_NEW_VALUES, TW_TOTAL, TW_PROP_ROW,
	NULL,
};

const struct report_kind report_kind_tripwire = {
	.id = "tripwire",
	.name = "Tripwire",
	.detect = tw_detect,
	.parse = tw_parse,
	.patterns = tw_patterns,
};

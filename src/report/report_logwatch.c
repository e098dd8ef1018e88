/*
 * report_logwatch.c - LogWatch 2.x-7.x text reports.
 *
 * Layout: a "#### LogWatch x.y ####" banner with a header block (closed by
 * a line of hashes, which some copies lack), then one section per service
 * between "---- NAME Begin ----" and "---- NAME End ----" lines (older
 * versions: "---- Disk Space ----" with no End), then "#### LogWatch End
 * ####".  Inside a section the lines form a tree by indentation ("Illegal
 * users from:" above its user lines).
 */
#include <string.h>

#include "report/kinds.h"

#define LW_BANNER	"(?i)^\\s*#{3,}\\s*logwatch\\s+[0-9][^#]*#{3,}\\s*$"
#define LW_END		"(?i)^\\s*#{3,}\\s*logwatch\\s+end\\s*#{3,}\\s*$"
#define LW_HASHES	"^\\s*#{3,}\\s*$"
/* The fields LogWatch prints between the banner and the hashes; "Date
 * Range Processed" continues on lines like "( 2004-Dec-13 )" and "Period
 * is day.". */
#define LW_HEADER	"(?i)^\\s*(?:(?:processing initiated|date range processed"\
			"|detail level of output|type of output(?:/format)?"\
			"|logfiles for host)\\s*:|\\(\\s*[0-9][^()]*\\)\\s*$"\
			"|period is \\w+\\.?\\s*$)"
#define LW_BEGIN	"^\\s*-{3,}\\s+.*\\S\\s+Begin\\s+-{3,}\\s*$"
#define LW_CLOSE	"^\\s*-{3,}\\s+.*\\S\\s+End\\s+-{3,}\\s*$"
#define LW_PLAIN	"^\\s*-{3,}\\s+[A-Za-z].*[^-\\s]\\s+-{3,}\\s*$"
#define LW_RULER	"^\\s*[-=_]{5,}(\\s+[-=_]{3,})*\\s*$"
/* The HTML layout, once converted to text: a table of contents, then each
 * section's title on a line of its own, closed by a "Back to Top" link. */
#define LW_HTML_BANNER	"(?i)^\\s*logwatch\\s+[0-9][0-9.]*\\s*\\(.*\\)\\s*$"
#define LW_HTML_TOP	"^\\s*Back to Top\\s*$"
#define LW_HTML_TRAILER	"^\\s*Logwatch (Ended at|\\S+Copyright|Copyright)"
#define LW_SUBJECT	"(?i)^\\s*log[Ww]atch\\b"
/* Sections whose rows start with a count (lw_count_indent). */
#define LW_COUNTED	"(?i)^(?:postfix|amavis)"
/* A "---- Disk Space ----" title holds no digit. */
#define LW_DIGIT	"\\d"

/* lw_detect - a banner, or Begin/End section frames */
static int
lw_detect(const struct report *r, int first, int last)
{
	int i, begins = 0, ends = 0, score = 0;

	for (i = first; i <= last; i++) {
		const char *t = r->lines[i].text;

		if (!strchr(t, '#') && !strchr(t, '-'))
			continue;
		if (report_line_matches(r, i, LW_BANNER))
			return 95;
		if (report_line_matches(r, i, LW_HTML_TOP))
			ends++, begins += score == 0;
		if (report_line_matches(r, i, LW_BEGIN))
			begins++;
		else if (report_line_matches(r, i, LW_CLOSE))
			ends++;
		else if (report_line_matches(r, i, LW_END))
			score = 80;
	}
	if (begins > 0 && ends > 0)
		score = score > 85 ? score : 85;
	if (r->input && r->input->subject && first == 0
	    && report_text_matches(r->input->subject, LW_SUBJECT))
		score = score > 60 ? score + 10 : 60;
	return score;
}

/* lw_title - the NAME of a "---- NAME Begin ----" frame line */
static char *
lw_title(const char *line, const char *suffix)
{
	const char *p = report_skip_space(line), *e;
	size_t slen = strlen(suffix);

	while (*p == '-')
		p++;
	p = report_skip_space(p);
	e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '-' || e[-1] == '\t'))
		e--;
	if (slen && (size_t)(e - p) > slen && g_ascii_strncasecmp(e - slen, suffix, slen) == 0) {
		e -= slen;
		while (e > p && e[-1] == ' ')
			e--;
	}
	return g_strndup(p, e - p);
}

/*
 * lw_count_indent - postfix-logwatch (and amavis-logwatch) right-align a
 * count in front of every row ("      26   SASL authentication failed",
 * "       9         203.0.113.200    unknown") and nest detail rows by the
 * column of the text after the count, so that column is the row's depth.
 */
#define LW_COUNT_ROW	"^\\s*[0-9][0-9.,]*[KMGT]?\\s+\\S"

static void
lw_count_indent(struct report *r, int start, int end)
{
	int i;

	for (i = start; i <= end; i++) {
		struct report_line *l = &r->lines[i];
		const char *p = l->text;
		int col = 0;

		if (l->role != LINE_ENTRY || !report_line_matches(r, i, LW_COUNT_ROW))
			continue;
		for (; *p == ' ' || *p == '\t'; p++)
			col = (*p == '\t') ? (col / 8 + 1) * 8 : col + 1;
		for (; *p && *p != ' ' && *p != '\t'; p++)
			col++;
		for (; *p == ' ' || *p == '\t'; p++)
			col = (*p == '\t') ? (col / 8 + 1) * 8 : col + 1;
		l->indent = col;
	}
}

/* lw_close_section - finish the section [start, end] */
static void
lw_close_section(struct report *r, int s, int start, int end)
{
	int i;

	if (s < 0 || start > end)
		return;
	report_mark_entries(r, s, start, end);
	for (i = start; i <= end; i++)
		if (report_line_matches(r, i, LW_RULER))
			report_frame(r, i);
	if (report_text_matches(report_section(r, s)->title, LW_COUNTED))
		lw_count_indent(r, start, end);
	report_tree_by_indent(r, start, end);
	report_section(r, s)->last = end;
}

/* lw_is_html - the converted HTML layout ("Back to Top" links)? */
static int
lw_is_html(const struct report *r, int first, int last)
{
	int i;

	for (i = first; i <= last; i++)
		if (r->lines[i].text[0] != ' ' && report_line_matches(r, i, LW_HTML_TOP))
			return 1;
	return 0;
}

/* lw_parse_html - sections of the HTML layout */
static void
lw_parse_html(struct report *r, int first, int last)
{
	int i, s = -1, start = first, after_top = 0, trailer = 0;

	s = report_section_add(r, "logwatch", "LogWatch", first, first);
	for (i = first; i <= last; i++) {
		char *title;

		if (report_is_blank(r, i))
			continue;
		if (!trailer && report_line_matches(r, i, LW_HTML_TRAILER)) {
			if (s >= 0 && strcmp(report_section(r, s)->title, "LogWatch") != 0)
				lw_close_section(r, s, start, i - 1);
			s = report_section_add(r, "logwatch", "LogWatch", i, i);
			trailer = 1;
		}
		if (trailer || report_line_matches(r, i, LW_HTML_TOP)
		    || (s >= 0 && strcmp(report_section(r, s)->title, "LogWatch") == 0)) {
			if (!trailer && s >= 0 && strcmp(report_section(r, s)->title, "LogWatch") != 0)
				lw_close_section(r, s, start, i - 1);
			r->lines[i].section = report_nsections(r) - 1;
			report_frame(r, i);
			after_top = report_line_matches(r, i, LW_HTML_TOP);
			if (after_top || trailer)
				s = -1;
			continue;
		}
		if (after_top) {
			title = g_strstrip(g_strdup(r->lines[i].text));
			s = report_section_add(r, "logwatch", title, i, i);
			report_frame(r, i);
			start = i + 1;
			after_top = 0;
			g_free(title);
			continue;
		}
	}
	if (s >= 0)
		lw_close_section(r, s, start, last);
}

/*
 * lw_ends_header - does line i end the block under the banner without
 * being part of it: a section frame (Begin, End, or an old "---- Disk
 * Space ----"), the end banner, or the next report's banner?
 */
static int
lw_ends_header(const struct report *r, int i)
{
	const char *t = r->lines[i].text;

	if (t[strspn(t, " \t")] == '-')
		return report_line_matches(r, i, LW_BEGIN) || report_line_matches(r, i, LW_CLOSE)
		       || (report_line_matches(r, i, LW_PLAIN) && !report_line_matches(r, i, LW_DIGIT));
	return report_line_matches(r, i, LW_END) || report_line_matches(r, i, LW_BANNER);
}

/*
 * lw_header_line - line i of the block under the banner joins the banner's
 * section hdr: the known fields and the closing hashes as frame, anything
 * else as an entry, so that no rule-less line there goes unseen.
 */
static void
lw_header_line(struct report *r, int hdr, int i)
{
	report_mark_entries(r, hdr, i, i);
	if (report_line_matches(r, i, LW_HEADER) || report_line_matches(r, i, LW_HASHES))
		report_frame(r, i);
	report_section(r, hdr)->last = i;
}

/* lw_parse - sections between Begin/End frames */
static void
lw_parse(struct report *r, int first, int last, const char *hint)
{
	int i, s = -1, start = first, hdr = -1, in_frame = 0;

	if (lw_is_html(r, first, last)) {
		lw_parse_html(r, first, last);
		return;
	}
	for (i = first; i <= last; i++) {
		const char *t = r->lines[i].text;
		int is_frame = 0;
		char *title = NULL;

		if (report_is_blank(r, i)) {
			r->lines[i].section = s;
			continue;
		}
		/* The header block ends at its hashes or, when they are
		 * missing, at the first frame, which then opens its section. */
		if (hdr >= 0 && !lw_ends_header(r, i)) {
			lw_header_line(r, hdr, i);
			if (report_line_matches(r, i, LW_HASHES))
				hdr = -1;
			continue;
		}
		hdr = -1;
		if (report_line_matches(r, i, LW_BANNER)) {
			lw_close_section(r, s, start, i - 1);
			hdr = report_section_add(r, "logwatch", "LogWatch", i, i);
			report_frame(r, i);
			in_frame = 0;
			start = i + 1;
			s = -1;
			continue;
		}
		if (t[strspn(t, " \t")] == '-') {
			/* "---- Disk Space ----" titles a section only outside a
			 * Begin/End frame (LogWatch 5); inside one, such lines are
			 * the service's own headings (exim's "--- Queue Runners
			 * ---", zz-network's "---- Network statistics ----"). */
			if (report_line_matches(r, i, LW_BEGIN))
				title = lw_title(t, "Begin"), in_frame = 1;
			else if (report_line_matches(r, i, LW_CLOSE))
				is_frame = 2;
			else if (!in_frame && report_line_matches(r, i, LW_PLAIN)
				 && !report_line_matches(r, i, LW_DIGIT))
				title = lw_title(t, "");
		}
		if (report_line_matches(r, i, LW_END))
			is_frame = 2;
		if (title) {
			lw_close_section(r, s, start, i - 1);
			s = report_section_add(r, "logwatch", title, i, i);
			report_frame(r, i);
			start = i + 1;
			g_free(title);
			continue;
		}
		if (is_frame) {
			in_frame = 0;
			lw_close_section(r, s, start, i - 1);
			if (s < 0)
				s = report_section_add(r, "logwatch", "LogWatch", i, i);
			r->lines[i].section = s;
			report_frame(r, i);
			s = -1;
			start = i + 1;
			continue;
		}
		if (s < 0) {
			/* Text outside any section: keep it visible. */
			s = report_section_add(r, "logwatch", hint ? hint : "LogWatch", i, i);
			start = i;
		}
	}
	lw_close_section(r, s, start, last);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const lw_patterns[] = {
	LW_BANNER, LW_END, LW_HASHES, LW_HEADER, LW_BEGIN, LW_CLOSE, LW_PLAIN, LW_RULER,
	LW_HTML_TOP, LW_HTML_TRAILER, LW_SUBJECT, LW_COUNTED, LW_DIGIT, LW_COUNT_ROW,
	NULL,
};

const struct report_kind report_kind_logwatch = {
	.id = "logwatch",
	.name = "LogWatch",
	.detect = lw_detect,
	.parse = lw_parse,
	.patterns = lw_patterns,
};

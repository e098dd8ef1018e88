/*
 * report_cron.c - mails from cron and anacron, especially run-parts.
 *
 * "run-parts --report" prints "/etc/cron.daily/NAME:" before the output of
 * each script that printed anything, and "run-parts: /etc/cron.daily/NAME
 * exited with return code N" after one that failed.  Each script's block
 * is a section of its own; a block that holds another report (LogWatch,
 * Webalizer, ...) is handed back to the registry as a sub-report.
 */
#include <string.h>

#include "report/kinds.h"

#define CRON_BLOCK	"^/etc/cron\\.[a-z]+/[^\\s:]+:\\s*$"
#define CRON_EXITED	"^run-parts: /\\S+ exited with return code \\d+\\s*$"
#define CRON_SUBJECT	"^(Cron <[^>]*>|Anacron job )"
#define CRON_FROM	"\\(Cron Daemon\\)"

/* cron_detect - block headers, or a cron daemon's mail */
static int
cron_detect(const struct report *r, int first, int last)
{
	int i, blocks = 0, first_text = -1;

	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (first_text < 0)
			first_text = i;
		if (r->lines[i].text[0] == '/' && report_line_matches(r, i, CRON_BLOCK))
			blocks++;
		else if (r->lines[i].text[0] == 'r' && report_line_matches(r, i, CRON_EXITED))
			blocks++;
	}
	if (first_text >= 0 && blocks > 0 && (report_line_matches(r, first_text, CRON_BLOCK)
					      || report_line_matches(r, first_text, CRON_EXITED)))
		return 97;
	if (first == 0 && r->input && ((r->input->subject
					&& report_text_matches(r->input->subject, CRON_SUBJECT))
				       || (r->input->from
					   && report_text_matches(r->input->from, CRON_FROM))))
		return blocks > 0 ? 90 : 40;
	return blocks > 0 ? 50 : 0;
}

/* cron_block_name - "logrotate" from "/etc/cron.daily/logrotate:" */
static char *
cron_block_name(const char *line)
{
	const char *slash = strrchr(line, '/');
	char *name = g_strdup(slash ? slash + 1 : line);
	char *colon = strrchr(name, ':');

	if (colon)
		*colon = 0;
	return name;
}

/* cron_plain_section - a block nobody else claimed */
static void
cron_plain_section(struct report *r, const char *title, int first, int last)
{
	int s = report_section_add(r, "cron", title, first, last);

	report_mark_entries(r, s, first, last);
	report_tree_by_indent(r, first, last);
}

/* cron_block - one script's output, lines [first, last] after its header */
static void
cron_block(struct report *r, const char *name, int header, int first, int last)
{
	int tail = last + 1, s;

	/* run-parts' own verdict on the script stays a cron entry. */
	while (tail - 1 >= first && (report_is_blank(r, tail - 1)
				     || report_line_matches(r, tail - 1, CRON_EXITED)))
		tail--;
	s = report_section_add(r, "cron", name, header, header);
	report_frame(r, header);
	if (tail - 1 >= first && !report_parse_range(r, first, tail - 1, name))
		cron_plain_section(r, name, first, tail - 1);
	if (tail <= last) {
		s = report_section_add(r, "cron", name, tail, last);
		report_mark_entries(r, s, tail, last);
	}
}

/* cron_subject_command - the command of "Cron <user@host> COMMAND" */
static char *
cron_subject_command(const struct report *r)
{
	const char *s = r->input ? r->input->subject : NULL;
	const char *gt;

	if (!s)
		return g_strdup("cron");
	gt = strchr(s, '>');
	if (strncmp(s, "Cron <", 6) == 0 && gt)
		return g_strstrip(g_strdup(gt + 1));
	return g_strdup(s);
}

/* cron_parse - split into script blocks */
static void
cron_parse(struct report *r, int first, int last, const char *hint)
{
	int i, start = first, header = -1;
	char *name = NULL;

	for (i = first; i <= last + 1; i++) {
		if (i <= last && !(r->lines[i].text[0] == '/'
				   && report_line_matches(r, i, CRON_BLOCK)))
			continue;
		if (header >= 0) {
			cron_block(r, name, header, start, i - 1);
		} else if (i - 1 >= start) {
			int j, any = 0;

			for (j = start; j < i; j++)
				any |= !report_is_blank(r, j);
			if (any) {
				char *cmd = hint ? g_strdup(hint) : cron_subject_command(r);

				if (!report_parse_range(r, start, i - 1, cmd))
					cron_plain_section(r, cmd, start, i - 1);
				g_free(cmd);
			}
		}
		if (i > last)
			break;
		g_free(name);
		name = cron_block_name(r->lines[i].text);
		header = i;
		start = i + 1;
	}
	g_free(name);
}

/* Every pattern the detector and the parser ask (report_patterns). */
static const char *const cron_patterns[] = {
	CRON_BLOCK, CRON_EXITED, CRON_SUBJECT, CRON_FROM,
	NULL,
};

const struct report_kind report_kind_cron = {
	.id = "cron",
	.name = "cron",
	.detect = cron_detect,
	.parse = cron_parse,
	.patterns = cron_patterns,
};

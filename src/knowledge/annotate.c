/*
 * annotate.c - match every entry line of a report against the catalogue
 * and group the results into entries.
 *
 * Four passes: rules for every line; then report-level rules that look
 * across lines (correlate.c) may raise some verdicts; then headings
 * without a rule of their own take the mildest verdict found below them
 * (a heading names a category, so one bad line below it does not make
 * the title bad); then summary rows take the most severe verdict of what
 * they summarise.
 */
#include <string.h>

#include "msg.h"
#include "util.h"
#include "knowledge/annotate.h"
#include "knowledge/correlate.h"

struct unit {
	int line;		/* first line; join lines follow */
	const struct rule *rule;
	enum verdict verdict;
	enum entry_origin origin;
};

/* The units of a report, in line order: at most one per line. */
struct units {
	struct unit *v;
	guint len;
	int *line_unit;		/* line index -> unit index, or -1 */
};

#define ANNOTATE_MAX_DEPTH	32	/* headings in a context, innermost first */

/* annotate_append_trimmed - line l without leading and trailing white space onto s */
static void
annotate_append_trimmed(GString *s, const struct report_line *l)
{
	const char *t = l->text, *end = l->text + l->len;	/* len is strlen(text) */

	while (t < end && g_ascii_isspace(*t))
		t++;
	while (end > t && g_ascii_isspace(end[-1]))
		end--;
	util_put(s, t, (size_t)(end - t));
}

/* annotate_context_into - the heading path above line i, into s */
static void
annotate_context_into(GString *s, const struct report *r, int i)
{
	const struct report_line *path[ANNOTATE_MAX_DEPTH];
	int p, n = 0;

	g_string_truncate(s, 0);
	for (p = r->lines[i].parent; p >= 0 && n < ANNOTATE_MAX_DEPTH; p = r->lines[p].parent)
		path[n++] = &r->lines[p];
	while (n > 0) {
		if (s->len)
			util_put(s, " > ", 3);
		annotate_append_trimmed(s, path[--n]);
	}
}

/* annotate_context - heading path above line i */
char *
annotate_context(const struct report *r, int i)
{
	GString *s = g_string_sized_new(128);	/* room for most paths: no growing */

	annotate_context_into(s, r, i);
	return g_string_free(s, FALSE);
}

/* annotate_text_into - trimmed line i and its continuation lines, into s */
static void
annotate_text_into(GString *s, const struct report *r, int i)
{
	int j;

	g_string_truncate(s, 0);
	for (j = i; j < r->nlines; j++) {
		if (j > i && (!r->lines[j].join || r->lines[j].role != LINE_ENTRY)) {
			if (r->lines[j].role == LINE_ENTRY)
				break;
			continue;	/* blank and frame lines inside an entry (a property table's head) */
		}
		if (j > i)
			g_string_append_c(s, '\n');
		annotate_append_trimmed(s, &r->lines[j]);
	}
}

/* annotate_has_join - does a continuation line follow line i (past blank and frame lines)? */
static int
annotate_has_join(const struct report *r, int i)
{
	int j;

	for (j = i + 1; j < r->nlines; j++)
		if (r->lines[j].role == LINE_ENTRY)
			return r->lines[j].join;
	return 0;
}

/*
 * annotate_text_alone - does line i stand alone with nothing to trim at
 * its end (most lines do)?  Then what annotate_text_into would build is
 * the line from *t_r on, *n_r bytes.
 */
static int
annotate_text_alone(const struct report *r, int i, const char **t_r, size_t *n_r)
{
	const char *t = r->lines[i].text;
	size_t n;

	while (*t && g_ascii_isspace(*t))
		t++;
	n = (size_t)r->lines[i].len - (size_t)(t - r->lines[i].text);
	*t_r = t;
	*n_r = n;
	return (n == 0 || !g_ascii_isspace(t[n - 1])) && !annotate_has_join(r, i);
}

/*
 * annotate_text_view - what annotate_text_into would build: a line that
 * stands alone is handed over where it lies, not copied into s
 */
static const char *
annotate_text_view(GString *s, const struct report *r, int i)
{
	const char *t;
	size_t n;

	if (annotate_text_alone(r, i, &t, &n))
		return t;
	annotate_text_into(s, r, i);
	return s->str;
}

/* annotate_text - trimmed line i and its continuation lines */
static char *
annotate_text(const struct report *r, int i)
{
	const char *t;
	size_t n;
	GString *s;

	if (annotate_text_alone(r, i, &t, &n))
		return g_strndup(t, n);
	s = g_string_sized_new(n + 64);
	annotate_text_into(s, r, i);
	return g_string_free(s, FALSE);
}

/*
 * What annotate_match keeps from line to line: the heading path of the
 * last line matched (lines of one block share their heading, so the
 * path is built once per block) and the buffer a text is built in when
 * it cannot be matched where it lies.
 */
struct context_memo {
	int parent;		/* -2: nothing remembered */
	GString *context;
	GString *text;
};

/* annotate_match - the rule verdict of one unit */
static void
annotate_match(struct report *r, struct ruleset *rs, struct unit *u, struct context_memo *cm)
{
	const struct report_line *l = &r->lines[u->line];
	const struct report_section *sec = report_section(r, l->section);
	const char *text = annotate_text_view(cm->text, r, u->line);
	struct rule_match m;

	if (cm->parent != l->parent) {
		annotate_context_into(cm->context, r, u->line);
		cm->parent = l->parent;
	}
	if (ruleset_match(rs, sec->kind, sec->title, cm->context->str, text, &m)) {
		u->rule = m.rule;
		u->verdict = m.verdict;
		u->origin = ORIGIN_RULE;
	} else if (l->heading) {
		u->origin = ORIGIN_HEADING;
		u->verdict = VERDICT_UNKNOWN;
	} else {
		u->origin = ORIGIN_UNKNOWN;
		u->verdict = VERDICT_UNKNOWN;
	}
	if (l->summary_of && u->origin != ORIGIN_RULE)
		u->origin = ORIGIN_SUMMARY;
	else if (l->summary_of)
		u->origin = ORIGIN_SUMMARY;	/* the objects decide; the rule explains */
}

/* annotate_correlate - report-level rules may raise verdicts (correlate.c) */
static void
annotate_correlate(struct report *r, struct ruleset *rs, struct units *us)
{
	struct correlate_item *items;
	guint k, n = 0;

	if (!correlate_wanted(rs))
		return;
	items = g_new(struct correlate_item, us->len + 1);
	for (k = 0; k < us->len; k++) {
		struct unit *u = &us->v[k];

		if (u->origin != ORIGIN_RULE)
			continue;
		items[n].line = u->line;
		items[n].rule = u->rule;
		items[n++].verdict = u->verdict;
	}
	correlate(r, rs, items, n, annotate_text, annotate_context);
	for (k = 0, n = 0; k < us->len; k++) {
		struct unit *u = &us->v[k];

		if (u->origin != ORIGIN_RULE)
			continue;
		u->rule = items[n].rule;
		u->verdict = items[n++].verdict;
	}
	g_free(items);
}

/* annotate_headings - headings take the mildest known verdict below */
static void
annotate_headings(struct report *r, struct units *us)
{
	int k;

	for (k = (int)us->len - 1; k >= 0; k--) {
		struct unit *u = &us->v[k];
		enum verdict best = VERDICT_UNKNOWN;
		int j;

		if (u->origin != ORIGIN_HEADING)
			continue;
		for (j = u->line + 1; j < r->nlines; j++) {
			struct unit *c;

			if (r->lines[j].section != r->lines[u->line].section)
				break;
			if (r->lines[j].parent != u->line || us->line_unit[j] < 0)
				continue;
			c = &us->v[us->line_unit[j]];
			if (c->verdict == VERDICT_UNKNOWN || c->origin == ORIGIN_SUMMARY)
				continue;
			if (best == VERDICT_UNKNOWN || verdict_more_severe(best, c->verdict))
				best = c->verdict;
		}
		u->verdict = best;
	}
}

/* annotate_title_matches - section title is name or "name (...)" */
static int
annotate_title_matches(const char *title, const char *name)
{
	size_t n = strlen(name);

	return g_ascii_strncasecmp(title, name, n) == 0 && (title[n] == 0 || title[n] == ' ');
}

/* annotate_summary_worst - the worst verdict of the units a summary row stands for */
static enum verdict
annotate_summary_worst(struct report *r, struct units *us, const char *name, char *match)
{
	enum verdict worst = VERDICT_UNKNOWN;
	int s, n = report_nsections(r);
	guint j;

	/* The title test once per section, not once per unit. */
	for (s = 0; s < n; s++)
		match[s] = (char)annotate_title_matches(report_section(r, s)->title, name);
	for (j = 0; j < us->len; j++) {
		struct unit *o = &us->v[j];

		if (o->origin == ORIGIN_SUMMARY || !match[r->lines[o->line].section])
			continue;
		worst = verdict_max(worst, o->verdict);
	}
	return worst;
}

/* annotate_summaries - summary rows take the worst verdict they stand for */
static void
annotate_summaries(struct report *r, struct units *us)
{
	char *match = NULL;
	guint k;

	for (k = 0; k < us->len; k++) {
		struct unit *u = &us->v[k];
		enum verdict worst;

		if (u->origin != ORIGIN_SUMMARY)
			continue;
		if (!match)
			match = g_new(char, report_nsections(r) + 1);
		worst = annotate_summary_worst(r, us, r->lines[u->line].summary_of, match);
		if (worst != VERDICT_UNKNOWN) {
			u->verdict = worst;
		} else if (u->rule) {
			u->origin = ORIGIN_RULE;	/* nothing listed below: the rule decides */
		} else {
			u->origin = ORIGIN_UNKNOWN;
		}
	}
	g_free(match);
}

/* annotate_same_group - may unit b join the entry that ends with unit a? */
static int
annotate_same_group(const struct report *r, const struct unit *a, const struct unit *b)
{
	if (r->lines[a->line].section != r->lines[b->line].section)
		return 0;
	if (a->origin != b->origin || a->verdict != b->verdict)
		return 0;
	if (a->origin == ORIGIN_UNKNOWN)
		return 1;
	return a->origin == ORIGIN_RULE && a->rule == b->rule
	       && !r->lines[a->line].heading && !r->lines[b->line].heading;
}

/* annotate_unit_lines - the lines of a unit (its line and join lines) into lines; how many */
static guint
annotate_unit_lines(const struct report *r, const struct unit *u, int *lines)
{
	guint n = 0;
	int j;

	for (j = u->line; j < r->nlines; j++) {
		if (j > u->line && !(r->lines[j].join && r->lines[j].role == LINE_ENTRY)) {
			if (r->lines[j].role == LINE_ENTRY)
				break;
			continue;	/* as in annotate_text */
		}
		lines[n++] = j;
	}
	return n;
}

/* annotate_entry_add - a new entry made like unit u, of lines[0..n) (in a->entry_lines) */
static void
annotate_entry_add(struct annotation *a, const struct unit *u, const int *lines, guint n)
{
	struct entry e = { 0 };
	guint i;

	e.section = a->report->lines[u->line].section;
	e.lines = lines;
	e.nlines = n;
	e.rule = u->rule;
	e.verdict = u->verdict;
	e.origin = u->origin;
	g_array_append_val(a->entries, e);
	for (i = 0; i < n; i++)
		a->line_entry[lines[i]] = (int)a->entries->len - 1;
}

/*
 * annotate_group - units to entries.  The line lists of all entries lie
 * one after another in one block (a->entry_lines): one allocation a
 * report, not two an entry.
 */
static void
annotate_group(struct annotation *a, struct units *us)
{
	struct report *r = a->report;
	const struct unit *head = NULL;
	guint k, n = 0, from = 0;

	a->entry_lines = g_new(int, r->nlines + 1);
	for (k = 0; k < us->len; k++) {
		const struct unit *u = &us->v[k];

		if (head && !annotate_same_group(r, u - 1, u)) {
			annotate_entry_add(a, head, a->entry_lines + from, n - from);
			head = NULL;
			from = n;
		}
		if (!head)
			head = u;
		n += annotate_unit_lines(r, u, a->entry_lines + n);
	}
	if (head)
		annotate_entry_add(a, head, a->entry_lines + from, n - from);
}

/* annotate_units - the rule verdict of every entry line that starts a unit */
static void
annotate_units(struct annotation *a, struct ruleset *rs, struct units *us)
{
	struct report *r = a->report;
	struct context_memo cm = { -2, g_string_sized_new(256), g_string_sized_new(256) };
	int i;

	for (i = 0; i < r->nlines; i++) {
		struct unit u = { .line = i };

		a->line_entry[i] = us->line_unit[i] = -1;
		if (r->lines[i].role != LINE_ENTRY || r->lines[i].join || r->lines[i].section < 0)
			continue;
		if (r->lines[i].len > ANNOTATE_MAX_LINE) {
			u.origin = ORIGIN_UNKNOWN;
			u.verdict = VERDICT_UNKNOWN;
			a->too_long++;
		} else if (us->len >= ANNOTATE_MAX_UNITS) {
			u.origin = ORIGIN_UNKNOWN;
			u.verdict = VERDICT_UNKNOWN;
			a->over_budget++;
		} else {
			annotate_match(r, rs, &u, &cm);
		}
		us->line_unit[i] = (int)us->len;
		us->v[us->len++] = u;
	}
	g_string_free(cm.context, TRUE);
	g_string_free(cm.text, TRUE);
}

/* annotate - classify and group */
struct annotation *
annotate(struct report *r, struct ruleset *rs)
{
	struct annotation *a = g_new0(struct annotation, 1);
	struct units us = { g_new(struct unit, r->nlines + 1), 0, g_new(int, r->nlines + 1) };
	guint k;

	a->report = r;
	a->line_entry = g_new(int, r->nlines + 1);
	annotate_units(a, rs, &us);
	/* At most one entry a unit: room for all, so that adding one never moves them. */
	a->entries = g_array_sized_new(FALSE, TRUE, sizeof(struct entry), us.len);
	annotate_correlate(r, rs, &us);
	annotate_headings(r, &us);
	annotate_summaries(r, &us);
	annotate_group(a, &us);
	a->verdict = VERDICT_UNKNOWN;
	for (k = 0; k < a->entries->len; k++) {
		struct entry *e = &g_array_index(a->entries, struct entry, k);

		if (e->origin == ORIGIN_HEADING && e->verdict == VERDICT_UNKNOWN)
			e->origin = ORIGIN_UNKNOWN;
		if (!entry_counts(e))
			continue;
		a->counts[e->verdict]++;
		if (e->verdict != VERDICT_UNKNOWN)
			a->verdict = verdict_max(a->verdict, e->verdict);
	}
	g_free(us.v);
	g_free(us.line_unit);
	return a;
}

/* entry_counts - rule and unknown entries count; derived ones do not */
int
entry_counts(const struct entry *e)
{
	return e->origin == ORIGIN_RULE || e->origin == ORIGIN_UNKNOWN;
}

/* entry_rule_id - the rule id that decided an entry */
const char *
entry_rule_id(const struct entry *e)
{
	switch (e->origin) {
	case ORIGIN_RULE:
		return e->rule->id;
	case ORIGIN_HEADING:
		return "mailgloss.heading";
	case ORIGIN_SUMMARY:
		return "mailgloss.summary";
	default:
		return NULL;
	}
}

/* annotation_free - release and clear */
void
annotation_free(struct annotation **ap)
{
	struct annotation *a = *ap;

	if (!a)
		return;
	g_free(a->entry_lines);
	g_array_free(a->entries, TRUE);
	g_free(a->line_entry);
	g_free(a);
	*ap = NULL;
}

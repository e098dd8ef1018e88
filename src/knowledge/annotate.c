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
#include "knowledge/annotate.h"
#include "knowledge/correlate.h"

struct unit {
	int line;		/* first line; join lines follow */
	const struct rule *rule;
	enum verdict verdict;
	enum entry_origin origin;
};

#define ANNOTATE_MAX_DEPTH	32	/* headings in a context, innermost first */

/* annotate_append_trimmed - t without leading and trailing white space onto s */
static void
annotate_append_trimmed(GString *s, const char *t)
{
	size_t n;

	while (*t && g_ascii_isspace(*t))
		t++;
	n = strlen(t);
	while (n > 0 && g_ascii_isspace(t[n - 1]))
		n--;
	g_string_append_len(s, t, (gssize)n);
}

/* annotate_context_into - the heading path above line i, into s */
static void
annotate_context_into(GString *s, const struct report *r, int i)
{
	const char *path[ANNOTATE_MAX_DEPTH];
	int p, n = 0;

	g_string_truncate(s, 0);
	for (p = r->lines[i].parent; p >= 0 && n < ANNOTATE_MAX_DEPTH; p = r->lines[p].parent)
		path[n++] = r->lines[p].text;
	while (n > 0) {
		if (s->len)
			g_string_append(s, " > ");
		annotate_append_trimmed(s, path[--n]);
	}
}

/* annotate_context - heading path above line i */
char *
annotate_context(const struct report *r, int i)
{
	GString *s = g_string_new(NULL);

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
		annotate_append_trimmed(s, r->lines[j].text);
	}
}

/* annotate_text - trimmed line i and its continuation lines */
static char *
annotate_text(const struct report *r, int i)
{
	GString *s = g_string_new(NULL);

	annotate_text_into(s, r, i);
	return g_string_free(s, FALSE);
}

/*
 * What annotate_match keeps from line to line: the heading path of the
 * last line matched (lines of one block share their heading, so the
 * path is built once per block) and the buffer the text is built in.
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
	struct rule_match m;

	if (cm->parent != l->parent) {
		annotate_context_into(cm->context, r, u->line);
		cm->parent = l->parent;
	}
	annotate_text_into(cm->text, r, u->line);
	if (ruleset_match(rs, sec->kind, sec->title, cm->context->str, cm->text->str, &m)) {
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
annotate_correlate(struct report *r, struct ruleset *rs, GArray *units)
{
	struct correlate_item *items;
	guint k, n = 0;

	if (!correlate_wanted(rs))
		return;
	items = g_new(struct correlate_item, units->len + 1);
	for (k = 0; k < units->len; k++) {
		struct unit *u = &g_array_index(units, struct unit, k);

		if (u->origin != ORIGIN_RULE)
			continue;
		items[n].line = u->line;
		items[n].rule = u->rule;
		items[n++].verdict = u->verdict;
	}
	correlate(r, rs, items, n, annotate_text, annotate_context);
	for (k = 0, n = 0; k < units->len; k++) {
		struct unit *u = &g_array_index(units, struct unit, k);

		if (u->origin != ORIGIN_RULE)
			continue;
		u->rule = items[n].rule;
		u->verdict = items[n++].verdict;
	}
	g_free(items);
}

/* annotate_headings - headings take the mildest known verdict below */
static void
annotate_headings(struct report *r, GArray *units, int *line_unit)
{
	int k;

	for (k = (int)units->len - 1; k >= 0; k--) {
		struct unit *u = &g_array_index(units, struct unit, k);
		enum verdict best = VERDICT_UNKNOWN;
		int j;

		if (u->origin != ORIGIN_HEADING)
			continue;
		for (j = u->line + 1; j < r->nlines; j++) {
			struct unit *c;

			if (r->lines[j].section != r->lines[u->line].section)
				break;
			if (r->lines[j].parent != u->line || line_unit[j] < 0)
				continue;
			c = &g_array_index(units, struct unit, line_unit[j]);
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

/* annotate_summaries - summary rows take the worst verdict they stand for */
static void
annotate_summaries(struct report *r, GArray *units, int *line_unit)
{
	guint k;

	for (k = 0; k < units->len; k++) {
		struct unit *u = &g_array_index(units, struct unit, k);
		const char *name = r->lines[u->line].summary_of;
		enum verdict worst = VERDICT_UNKNOWN;
		guint j;

		if (u->origin != ORIGIN_SUMMARY)
			continue;
		for (j = 0; j < units->len; j++) {
			struct unit *o = &g_array_index(units, struct unit, j);
			const struct report_section *sec = report_section(r, r->lines[o->line].section);

			if (o->origin == ORIGIN_SUMMARY || !annotate_title_matches(sec->title, name))
				continue;
			worst = verdict_max(worst, o->verdict);
		}
		if (worst != VERDICT_UNKNOWN) {
			u->verdict = worst;
		} else if (u->rule) {
			u->origin = ORIGIN_RULE;	/* nothing listed below: the rule decides */
		} else {
			u->origin = ORIGIN_UNKNOWN;
		}
	}
	(void)line_unit;
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

/* annotate_group - units to entries */
static void
annotate_group(struct annotation *a, GArray *units)
{
	struct report *r = a->report;
	guint k;
	int j;

	for (k = 0; k < units->len; k++) {
		struct unit *u = &g_array_index(units, struct unit, k);
		struct entry *e = NULL;

		if (k > 0 && annotate_same_group(r, u - 1, u))
			e = &g_array_index(a->entries, struct entry, a->entries->len - 1);
		if (!e) {
			struct entry ne = { 0 };

			ne.section = r->lines[u->line].section;
			ne.lines = g_array_new(FALSE, FALSE, sizeof(int));
			ne.rule = u->rule;
			ne.verdict = u->verdict;
			ne.origin = u->origin;
			g_array_append_val(a->entries, ne);
			e = &g_array_index(a->entries, struct entry, a->entries->len - 1);
		}
		for (j = u->line; j < r->nlines; j++) {
			if (j > u->line && !(r->lines[j].join && r->lines[j].role == LINE_ENTRY)) {
				if (r->lines[j].role == LINE_ENTRY)
					break;
				continue;	/* as in annotate_text */
			}
			g_array_append_val(e->lines, j);
			a->line_entry[j] = (int)a->entries->len - 1;
		}
	}
}

/* annotate - classify and group */
struct annotation *
annotate(struct report *r, struct ruleset *rs)
{
	struct annotation *a = g_new0(struct annotation, 1);
	GArray *units = g_array_new(FALSE, TRUE, sizeof(struct unit));
	int *line_unit = g_new(int, r->nlines + 1);
	struct context_memo cm = { -2, g_string_sized_new(256), g_string_sized_new(256) };
	guint k;
	int i;

	a->report = r;
	a->entries = g_array_new(FALSE, TRUE, sizeof(struct entry));
	a->line_entry = g_new(int, r->nlines + 1);
	for (i = 0; i < r->nlines; i++) {
		struct unit u = { .line = i };

		a->line_entry[i] = line_unit[i] = -1;
		if (r->lines[i].role != LINE_ENTRY || r->lines[i].join || r->lines[i].section < 0)
			continue;
		if (r->lines[i].len > ANNOTATE_MAX_LINE) {
			u.origin = ORIGIN_UNKNOWN;
			u.verdict = VERDICT_UNKNOWN;
			a->too_long++;
		} else if (units->len >= ANNOTATE_MAX_UNITS) {
			u.origin = ORIGIN_UNKNOWN;
			u.verdict = VERDICT_UNKNOWN;
			a->over_budget++;
		} else {
			annotate_match(r, rs, &u, &cm);
		}
		line_unit[i] = (int)units->len;
		g_array_append_val(units, u);
	}
	g_string_free(cm.context, TRUE);
	g_string_free(cm.text, TRUE);
	annotate_correlate(r, rs, units);
	annotate_headings(r, units, line_unit);
	annotate_summaries(r, units, line_unit);
	annotate_group(a, units);
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
	g_array_free(units, TRUE);
	g_free(line_unit);
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
	guint k;

	if (!a)
		return;
	for (k = 0; k < a->entries->len; k++)
		g_array_free(g_array_index(a->entries, struct entry, k).lines, TRUE);
	g_array_free(a->entries, TRUE);
	g_free(a->line_entry);
	g_free(a);
	*ap = NULL;
}

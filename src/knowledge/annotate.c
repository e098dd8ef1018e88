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
#include <pthread.h>
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

/*
 * annotate_plan - the units of a report: every entry line that starts
 * one.  Those to match go to todo (unit numbers, in line order); how
 * many.  Lines past the limits are unknown at once.
 */
static guint
annotate_plan(struct annotation *a, struct units *us, guint *todo)
{
	struct report *r = a->report;
	guint n = 0;
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
			todo[n++] = us->len;
		}
		us->line_unit[i] = (int)us->len;
		us->v[us->len++] = u;
	}
	return n;
}

/* annotate_match_some - the rule verdicts of units todo[lo..hi), with rs */
static void
annotate_match_some(struct report *r, struct ruleset *rs, struct units *us, const guint *todo,
		    guint lo, guint hi, struct context_memo *cm)
{
	guint k;

	for (k = lo; k < hi; k++)
		annotate_match(r, rs, &us->v[todo[k]], cm);
}

/* annotate_memo_new, annotate_memo_free - what annotate_match keeps between lines */
static void
annotate_memo_new(struct context_memo *cm)
{
	cm->parent = -2;
	cm->context = g_string_sized_new(256);
	cm->text = g_string_sized_new(256);
}

static void
annotate_memo_free(struct context_memo *cm)
{
	g_string_free(cm->context, TRUE);
	g_string_free(cm->text, TRUE);
}

/* annotate_begin - an annotation of r and room for its units */
static struct annotation *
annotate_begin(struct report *r, struct units *us)
{
	struct annotation *a = g_new0(struct annotation, 1);

	a->report = r;
	a->line_entry = g_new(int, r->nlines + 1);
	us->v = g_new(struct unit, r->nlines + 1);
	us->len = 0;
	us->line_unit = g_new(int, r->nlines + 1);
	return a;
}

/* annotate_end - every unit has its rule verdict: the passes after it, and the counts */
static struct annotation *
annotate_end(struct annotation *a, struct ruleset *rs, struct units *us)
{
	struct report *r = a->report;
	guint k;

	/* At most one entry a unit: room for all, so that adding one never moves them. */
	a->entries = g_array_sized_new(FALSE, TRUE, sizeof(struct entry), us->len);
	annotate_correlate(r, rs, us);
	annotate_headings(r, us);
	annotate_summaries(r, us);
	annotate_group(a, us);
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
	g_free(us->v);
	g_free(us->line_unit);
	return a;
}

/*
 * Matching shared by two threads (filter's child: the thread that parsed
 * the message would otherwise sit idle while the other matches).  Each
 * thread matches with a ruleset of its own, as batch's workers do: the
 * rules' compiled patterns, caches and memos are not shared.  The two
 * rulesets must be made from the same bytes (engine.c loads the second
 * from the same image and the same reads of the site's files), so the
 * same rule sits at the same place in both.  The owner takes units from
 * the front, the helper from the back, a chunk at a time, until they
 * meet; the helper's answers then name the owner's rules, and the passes
 * after matching run on the owner's thread as usual.  The answers are
 * the same whoever matched a unit.
 */
#define ANNOTATE_CHUNK	16	/* units taken at a time */

struct annotate_split {
	struct annotation *a;
	struct units us;
	guint *todo;
	guint front, back;	/* todo[front..back) not taken yet */
	guint8 *by_helper;	/* per unit: matched with the helper's rules */
	int helper_done;
	pthread_mutex_t lock;
	pthread_cond_t done;
};

/* annotate_split_new - the units of r, ready to be matched by two threads */
struct annotate_split *
annotate_split_new(struct report *r)
{
	struct annotate_split *s = g_new0(struct annotate_split, 1);

	s->a = annotate_begin(r, &s->us);
	s->todo = g_new(guint, r->nlines + 1);
	s->back = annotate_plan(s->a, &s->us, s->todo);
	s->by_helper = g_new0(guint8, s->us.len + 1);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->done, NULL);
	return s;
}

/* annotate_split_take - the next chunk, from the back or the front; 0 when none is left */
static int
annotate_split_take(struct annotate_split *s, int from_back, guint *lo_r, guint *hi_r)
{
	guint n;

	pthread_mutex_lock(&s->lock);
	n = MIN(ANNOTATE_CHUNK, s->back - s->front);
	if (from_back) {
		*hi_r = s->back;
		*lo_r = s->back -= n;
	} else {
		*lo_r = s->front;
		*hi_r = s->front += n;
	}
	pthread_mutex_unlock(&s->lock);
	return n > 0;
}

/* annotate_split_help - the helper's share, with its own rules */
void
annotate_split_help(struct annotate_split *s, struct ruleset *rs)
{
	struct report *r = s->a->report;
	struct context_memo cm;
	guint lo, hi, k;

	annotate_memo_new(&cm);
	while (annotate_split_take(s, 1, &lo, &hi)) {
		annotate_match_some(r, rs, &s->us, s->todo, lo, hi, &cm);
		for (k = lo; k < hi; k++)
			s->by_helper[s->todo[k]] = 1;
	}
	annotate_memo_free(&cm);
	pthread_mutex_lock(&s->lock);
	s->helper_done = 1;
	pthread_cond_signal(&s->done);
	pthread_mutex_unlock(&s->lock);
}

/*
 * annotate_split_finish - the owner's share with rs, then (if a helper
 * was given rules, helped) its end waited for; the annotation, and s freed
 */
struct annotation *
annotate_split_finish(struct annotate_split *s, struct ruleset *rs, int helped)
{
	struct report *r = s->a->report;
	struct annotation *a = s->a;
	struct context_memo cm;
	guint lo, hi, k;

	annotate_memo_new(&cm);
	while (annotate_split_take(s, 0, &lo, &hi))
		annotate_match_some(r, rs, &s->us, s->todo, lo, hi, &cm);
	pthread_mutex_lock(&s->lock);
	while (helped && !s->helper_done)
		pthread_cond_wait(&s->done, &s->lock);
	pthread_mutex_unlock(&s->lock);
	annotate_memo_free(&cm);
	for (k = 0; k < s->us.len; k++)
		if (s->by_helper[k] && s->us.v[k].rule)
			s->us.v[k].rule = ruleset_rule(rs, (guint)s->us.v[k].rule->seq);
	a = annotate_end(a, rs, &s->us);
	s->a = NULL;
	annotate_split_free(&s);
	return a;
}

/* annotate - classify and group (on this thread alone) */
struct annotation *
annotate(struct report *r, struct ruleset *rs)
{
	return annotate_split_finish(annotate_split_new(r), rs, 0);
}

/* annotate_split_free - release a split not finished (or finished) */
void
annotate_split_free(struct annotate_split **sp)
{
	struct annotate_split *s = *sp;

	if (!s)
		return;
	if (s->a) {
		g_free(s->us.v);
		g_free(s->us.line_unit);
		annotation_free(&s->a);
	}
	g_free(s->todo);
	g_free(s->by_helper);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->done);
	g_free(s);
	*sp = NULL;
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
	if (a->entries)
		g_array_free(a->entries, TRUE);
	g_free(a->line_entry);
	g_free(a);
	*ap = NULL;
}

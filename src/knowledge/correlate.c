/*
 * correlate.c - the second pass over an annotated report: rules that
 * "record" fill named sets, rules with "when" take lines over.
 *
 * First every line whose rule records is recorded.  Then, round after
 * round, every line is offered to the "when" rules of its scope that come
 * before its current rule in the order of matching (a "when" rule keeps
 * its place in its file); the first whose pattern, context and conditions
 * hold and whose verdict is more severe takes the line, and what it
 * records is recorded.  The rounds stop when no tally grew, or after
 * CORRELATE_MAX_ROUNDS.  Sets only grow and a line only moves to an
 * earlier rule, so the result does not depend on the order of the lines
 * (pam_unix comes before SSHD in a LogWatch mail).
 */
#include <string.h>

#include "msg.h"
#include "knowledge/correlate.h"

struct corr {
	const struct report *r;
	struct ruleset *rs;
	correlate_text_fn text, context;
	struct valueset *vs;
	unsigned grown;			/* tallies that grew so far */
	const GPtrArray *whens;		/* every rule with "when", in load order (the ruleset's) */
	GPtrArray **scoped;		/* per section: its "when" rules, made on first use */
	const struct rule **recorded;	/* per item: the rule whose values it recorded */
	int context_parent;		/* the heading line of the path kept, or -2 */
	char *context_kept;
	int text_line;			/* the line whose text is kept, or -1 */
	char *text_kept;
};

/* correlate_before - a is tried before b (fallback rules last) */
int
correlate_before(const struct rule *a, const struct rule *b)
{
	if (a->fallback != b->fallback)
		return a->fallback < b->fallback;
	return a->seq < b->seq;
}

/* correlate_wanted - any rule with "when"? */
int
correlate_wanted(const struct ruleset *rs)
{
	return ruleset_when_rules(rs)->len > 0;
}

/* corr_cond_holds - one numeric comparison of a record's "if" */
static int
corr_cond_holds(const struct rule_cond *c, const struct rule_captures *caps)
{
	double v;

	return rule_captures_number(caps, c->name, &v) == 0 && rule_cond_holds(c, v);
}

/* correlate_when_holds - every "when" of the rule, against the sets */
int
correlate_when_holds(const struct rule *rule, const struct rule_captures *caps,
		     const struct valueset *vs)
{
	guint i;

	for (i = 0; rule->whens && i < rule->whens->len; i++) {
		const struct rule_when *w = &g_array_index(rule->whens, struct rule_when, i);
		const char *value = rule_captures_get(caps, w->capture);

		if (!value || valueset_tally(vs, w->set, value, w->near) < w->min)
			return 0;
	}
	return 1;
}

/* corr_scoped - the "when" rules that apply to a section, in matching order */
static GPtrArray *
corr_scoped(struct corr *c, int section)
{
	const struct report_section *sec;
	GPtrArray *list;
	guint i;

	if (c->scoped[section])
		return c->scoped[section];
	sec = report_section(c->r, section);
	list = g_ptr_array_new();
	for (i = 0; i < c->whens->len; i++)
		if (rule_in_scope(c->whens->pdata[i], sec->kind, sec->title))
			g_ptr_array_add(list, c->whens->pdata[i]);
	/* Load order already; fallback rules go last, as in matching. */
	for (i = 0; i < c->whens->len; i++) {
		const struct rule *w = c->whens->pdata[i];

		if (w->fallback && g_ptr_array_remove(list, (gpointer)w))
			g_ptr_array_add(list, (gpointer)w);
	}
	c->scoped[section] = list;
	return list;
}

/*
 * corr_context - the heading path of a line, kept: it is the path of the
 * line's heading (report.h), so the lines under one heading, which come
 * one after another, share one
 */
static const char *
corr_context(struct corr *c, int line)
{
	int parent = c->r->lines[line].parent;

	if (c->context_parent != parent || !c->context_kept) {
		g_free(c->context_kept);
		c->context_kept = c->context(c->r, line);
		c->context_parent = parent;
	}
	return c->context_kept;
}

/* corr_text - the text of a line, kept: a line taken over is recorded at once */
static const char *
corr_text(struct corr *c, int line)
{
	if (c->text_line != line || !c->text_kept) {
		g_free(c->text_kept);
		c->text_kept = c->text(c->r, line);
		c->text_line = line;
	}
	return c->text_kept;
}

/* corr_record - record what the item's current rule records, once per rule */
static void
corr_record(struct corr *c, size_t i, struct correlate_item *it)
{
	const struct rule *rule = it->rule;
	struct rule_captures *caps;
	enum verdict v;
	guint k, j;

	if (!rule->records || c->recorded[i] == rule)
		return;
	c->recorded[i] = rule;
	caps = rule_captures_match(c->rs, rule, corr_context(c, it->line), corr_text(c, it->line), &v);
	for (k = 0; caps && k < rule->records->len; k++) {
		const struct rule_record *rec = &g_array_index(rule->records, struct rule_record, k);
		const char *value = rule_captures_get(caps, rec->capture);
		double weight = 1;
		int all = 1;

		for (j = 0; j < rec->conds->len && all; j++)
			all = corr_cond_holds(&g_array_index(rec->conds, struct rule_cond, j), caps);
		if (!value || !all)
			continue;
		if (rec->count && rule_captures_number(caps, rec->count, &weight) < 0)
			weight = 1;
		c->grown += valueset_add(c->vs, rec->set, value, weight);
	}
	rule_captures_free(&caps);
}

/* corr_take_over - offer an item to the "when" rules before its rule; 1 if one took it */
static int
corr_take_over(struct corr *c, struct correlate_item *it)
{
	int section = c->r->lines[it->line].section;
	GPtrArray *list = corr_scoped(c, section);
	const char *context = NULL, *text = NULL;
	int taken = 0;
	guint k;

	for (k = 0; k < list->len && !taken; k++) {
		const struct rule *w = list->pdata[k];
		struct rule_captures *caps;
		enum verdict v;

		if (!correlate_before(w, it->rule))
			break;
		if (!text) {
			context = corr_context(c, it->line);
			text = corr_text(c, it->line);
		}
		if (!(caps = rule_captures_match(c->rs, w, context, text, &v)))
			continue;
		if (correlate_when_holds(w, caps, c->vs) && verdict_more_severe(v, it->verdict)) {
			it->rule = w;
			it->verdict = v;
			taken = 1;
		}
		rule_captures_free(&caps);
	}
	return taken;
}

/* corr_init - the "when" rules and empty sets */
static void
corr_init(struct corr *c, const struct report *r, struct ruleset *rs, size_t n,
	  correlate_text_fn text, correlate_text_fn context)
{
	c->r = r;
	c->rs = rs;
	c->text = text;
	c->context = context;
	c->vs = valueset_new();
	c->grown = 0;
	c->whens = ruleset_when_rules(rs);
	c->scoped = g_new0(GPtrArray *, report_nsections(r) + 1);
	c->recorded = g_new0(const struct rule *, n + 1);
	c->context_parent = -2;
	c->context_kept = NULL;
	c->text_line = -1;
	c->text_kept = NULL;
}

/* corr_done - release a run's state */
static void
corr_done(struct corr *c)
{
	int s;

	for (s = 0; s < report_nsections(c->r); s++)
		if (c->scoped[s])
			g_ptr_array_free(c->scoped[s], TRUE);
	g_free(c->scoped);
	g_free(c->recorded);
	g_free(c->context_kept);
	g_free(c->text_kept);
	if (valueset_refused(c->vs))
		msg_debug("correlation: %u values over the limits were not recorded",
			 valueset_refused(c->vs));
	valueset_free(&c->vs);
}

/* correlate - record, then take over until nothing grows */
int
correlate(const struct report *r, struct ruleset *rs, struct correlate_item *items, size_t n,
	  correlate_text_fn text, correlate_text_fn context)
{
	struct corr c;
	int changed = 0, round;
	unsigned before;
	size_t i;

	corr_init(&c, r, rs, n, text, context);
	if (c.whens->len == 0) {
		corr_done(&c);
		return 0;
	}
	for (i = 0; i < n; i++)
		corr_record(&c, i, &items[i]);
	for (round = 0; round < CORRELATE_MAX_ROUNDS; round++) {
		before = c.grown;
		for (i = 0; i < n; i++) {
			if (!corr_take_over(&c, &items[i]))
				continue;
			changed++;
			corr_record(&c, i, &items[i]);
		}
		if (c.grown == before)
			break;
	}
	corr_done(&c);
	return changed;
}

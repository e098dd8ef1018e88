/*
 * correlate_check.c - "rules check" for the correlation keys.
 *
 * Reports as "file:line: reason": a set that is tested but never recorded
 * (the "when" rule could never apply) or recorded but never tested (work
 * for nothing, usually a misspelt name); a capture named by "record" or
 * "when" that neither the pattern nor the context defines; and an example
 * of a "when" rule that does not hold with its example_set values, or
 * that the rule could never take over from the rule that explains it
 * line by line (none does, that rule comes first, or its verdict is not
 * milder).
 */
#include <string.h>

#include "msg.h"
#include "knowledge/correlate.h"

/* check_capture - does the rule define a capture it names? */
static int
check_capture(const struct rule *rule, const char *name, int line)
{
	if (!name || rule_defines_capture(rule, name))
		return 0;
	msg_warn("%s:%d: rule %s names capture \"%s\", which neither its match nor its context defines",
		 rule->file, line, rule->id, name);
	return 1;
}

/* check_rule_captures - every capture a rule's record and when keys name */
static int
check_rule_captures(const struct rule *rule)
{
	int problems = 0;
	guint i, j;

	for (i = 0; rule->records && i < rule->records->len; i++) {
		const struct rule_record *rec = &g_array_index(rule->records, struct rule_record, i);

		problems += check_capture(rule, rec->capture, rec->line);
		problems += check_capture(rule, rec->count, rec->line);
		for (j = 0; j < rec->conds->len; j++)
			problems += check_capture(rule, g_array_index(rec->conds, struct rule_cond, j).name,
						  rec->line);
	}
	for (i = 0; rule->whens && i < rule->whens->len; i++) {
		const struct rule_when *w = &g_array_index(rule->whens, struct rule_when, i);

		problems += check_capture(rule, w->capture, w->line);
	}
	return problems;
}

/* check_sets - every set recorded somewhere and tested somewhere */
static int
check_sets(struct ruleset *rs)
{
	GHashTable *recorded = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *tested = g_hash_table_new(g_str_hash, g_str_equal);
	int problems = 0;
	guint i, k;

	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *rule = ruleset_rule(rs, i);

		for (k = 0; rule->records && k < rule->records->len; k++)
			g_hash_table_add(recorded, g_array_index(rule->records, struct rule_record, k).set);
		for (k = 0; rule->whens && k < rule->whens->len; k++)
			g_hash_table_add(tested, g_array_index(rule->whens, struct rule_when, k).set);
	}
	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *rule = ruleset_rule(rs, i);

		for (k = 0; rule->whens && k < rule->whens->len; k++) {
			const struct rule_when *w = &g_array_index(rule->whens, struct rule_when, k);

			if (g_hash_table_contains(recorded, w->set))
				continue;
			msg_warn("%s:%d: rule %s tests set \"%s\", which no rule records",
				 rule->file, w->line, rule->id, w->set);
			problems++;
		}
		for (k = 0; rule->records && k < rule->records->len; k++) {
			const struct rule_record *rec = &g_array_index(rule->records, struct rule_record, k);

			if (g_hash_table_contains(tested, rec->set))
				continue;
			msg_warn("%s:%d: rule %s records set \"%s\", which no rule tests with \"when\"",
				 rule->file, rec->line, rule->id, rec->set);
			problems++;
		}
	}
	g_hash_table_destroy(recorded);
	g_hash_table_destroy(tested);
	return problems;
}

/* check_title - a section title the rule applies to: its first glob without wildcards */
static char *
check_title(const struct rule *rule)
{
	GString *s = g_string_new(NULL);
	const char *p;

	for (p = rule->sections ? rule->sections[0] : ""; *p; p++)
		if (*p != '*')
			g_string_append_c(s, *p == '?' ? 'x' : *p);
	return g_string_free(s, FALSE);
}

/* check_takes_over - would the rule take its example over from the line's own rule? */
static int
check_takes_over(struct ruleset *rs, const struct rule *rule, const char *ex, const char *ctx,
		 enum verdict v)
{
	char *title = check_title(rule);
	struct rule_match m;
	int found;

	if (strcmp(rule->kind, "*") == 0) {
		g_free(title);
		return 0;	/* no one kind to try it in */
	}
	found = ruleset_match(rs, rule->kind, title, ctx, ex, &m);
	g_free(title);
	if (!found) {
		msg_warn("%s:%d: example \"%s\" of %s: no other rule explains it, and a \"when\" rule only takes lines over",
			 rule->file, rule->line, ex, rule->id);
		return 1;
	}
	if (!correlate_before(rule, m.rule)) {
		msg_warn("%s:%d: example \"%s\" of %s: the rule comes after %s, which explains it",
			 rule->file, rule->line, ex, rule->id, m.rule->id);
		return 1;
	}
	if (!verdict_more_severe(v, m.verdict)) {
		msg_warn("%s:%d: example \"%s\" of %s: its verdict %s would not raise %s (%s)",
			 rule->file, rule->line, ex, rule->id, verdict_name(v), m.rule->id,
			 verdict_name(m.verdict));
		return 1;
	}
	return 0;
}

/* check_when_examples - the examples of a "when" rule, with its example_set values */
static int
check_when_examples(struct ruleset *rs, const struct rule *rule)
{
	struct valueset *vs = valueset_new();
	int problems = 0;
	guint k;

	for (k = 0; rule->example_sets && k < rule->example_sets->len; k++) {
		const struct rule_example_set *es = &g_array_index(rule->example_sets,
								   struct rule_example_set, k);

		valueset_add(vs, es->set, es->value, es->count);
	}
	for (k = 0; k < rule->n_examples; k++) {
		const char *ex = rule->examples[k];
		const char *ctx = rule_example_context(rule, k);
		struct rule_captures *caps;
		enum verdict v;

		/* Not matching at all is reported by ruleset_check_examples(). */
		if (!(caps = rule_captures_match(rs, rule, ctx, ex, &v)))
			continue;
		if (!correlate_when_holds(rule, caps, vs)) {
			msg_warn("%s:%d: example \"%s\" of %s does not satisfy its \"when\" with its example_set values",
				 rule->file, rule->line, ex, rule->id);
			problems++;
		} else {
			problems += check_takes_over(rs, rule, ex, ctx, v);
		}
		rule_captures_free(&caps);
	}
	valueset_free(&vs);
	return problems;
}

/* correlate_check_rules - the correlation keys of every rule */
int
correlate_check_rules(struct ruleset *rs)
{
	int problems;
	guint i;

	ruleset_prepare_all(rs);	/* broken patterns were reported already */
	problems = check_sets(rs);
	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *rule = ruleset_rule(rs, i);

		if (rule->broken)
			continue;
		problems += check_rule_captures(rule);
		if (rule->whens && !rule->example_sets) {
			msg_warn("%s:%d: rule %s has \"when\" but no example_set to test its examples with",
				 rule->file, rule->line, rule->id);
			problems++;
		} else if (rule->whens) {
			problems += check_when_examples(rs, rule);
		}
	}
	return problems;
}

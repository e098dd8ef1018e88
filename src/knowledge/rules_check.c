/*
 * rules_check.c - what "rules check" and "rules pot" ask of the
 * catalogue as a whole: every example matches its own rule and no rule
 * that could see the same line with another verdict, and the texts to
 * translate.
 */
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "knowledge/rules_private.h"

/* rules_overlap - could the two rules ever see the same line? */
static int
rules_overlap(const struct rule *a, const struct rule *b)
{
	char **g;

	if (strcmp(a->kind, "*") && strcmp(b->kind, "*") && strcmp(a->kind, b->kind))
		return 0;
	if (!a->sections || !b->sections)
		return 1;
	for (g = a->sections; *g; g++)
		if (rule_in_section(b, *g))
			return 1;
	for (g = b->sections; *g; g++)
		if (rule_in_section(a, *g))
			return 1;
	return 0;
}

/* ruleset_check_examples - every example matches its rule and no rival */
int
ruleset_check_examples(struct ruleset *rs)
{
	int problems = ruleset_prepare_all(rs);
	guint i, j, k;

	for (i = 0; i < rs->rules->len; i++) {
		const struct rule *rule = rs->rules->pdata[i];

		if (rule->broken)
			continue;
		for (k = 0; k < rule->n_examples; k++) {
			const char *ex = rule->examples[k];
			const char *ctx = rule_example_context(rule, k);
			enum verdict v, v2;

			if (!rule_eval(rs, rule, ctx, ex, &v)) {
				msg_warn("%s:%d: rule %s does not match its example \"%s\"",
					 rule->file, rule->line, rule->id, ex);
				problems++;
				continue;
			}
			for (j = 0; j < rs->rules->len; j++) {
				const struct rule *other = rs->rules->pdata[j];

				if (other == rule || other->fallback || !rules_overlap(rule, other))
					continue;
				if (rule->whens || other->whens)
					continue;	/* correlate_check_rules() judges those */
				if (rule_eval(rs, other, ctx, ex, &v2) && v2 != v) {
					msg_warn("%s:%d: example \"%s\" of %s (%s) also matches %s (%s) at %s:%d",
						 rule->file, rule->line, ex, rule->id, verdict_name(v),
						 other->id, verdict_name(v2), other->file, other->line);
					problems++;
				}
			}
		}
	}
	return problems;
}

/* pot_string - print a msgid with C escapes */
static void
pot_string(const char *s)
{
	fputs("msgid \"", stdout);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	fputs("\"\nmsgstr \"\"\n\n", stdout);
}

/* ruleset_write_pot - the translatable texts of every rule */
void
ruleset_write_pot(const struct ruleset *rs)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	guint i;

	printf("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	       "\"Content-Transfer-Encoding: 8bit\\n\"\n\n");
	for (i = 0; i < rs->rules->len; i++) {
		const struct rule *rule = rs->rules->pdata[i];
		const char *texts[] = { rule->what, rule->why, rule->todo, rule->unless };
		size_t t;

		for (t = 0; t < G_N_ELEMENTS(texts); t++) {
			if (!texts[t] || g_hash_table_contains(seen, texts[t]))
				continue;
			g_hash_table_add(seen, (gpointer)texts[t]);
			printf("#. %s\n#: %s:%d\n", rule->id, rule->file, rule->line);
			pot_string(texts[t]);
		}
	}
	g_hash_table_destroy(seen);
}

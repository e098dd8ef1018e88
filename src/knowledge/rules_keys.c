/*
 * rules_keys.c - the "key = value" lines inside a rule block: texts,
 * patterns, verdicts with their conditions, examples, correlation and
 * site-override keys (doc/mailgloss.rules.5).
 *
 * Problems are reported through rules_problem() as "file:line: reason".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/rules_parse.h"

/* rules_valid_date - YYYY-MM-DD */
static int
rules_valid_date(const char *s)
{
	int i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !g_ascii_isdigit(s[i]))
			return 0;
	return s[10] == 0;
}

/* rules_parse_cond - "count >= 20 and rhost == 0" */
static int
rules_parse_cond(struct rules_file *rf, int line, const char *expr, GArray *conds)
{
	char **parts = g_regex_split_simple("\\s+and\\s+", expr, 0, 0);
	int i, ok = 1;

	for (i = 0; parts[i] && ok; i++) {
		static const char *const ops[] = { "<=", ">=", "==", "!=", "<", ">" };
		static const enum cond_op codes[] = { COND_LE, COND_GE, COND_EQ, COND_NE, COND_LT, COND_GT };
		struct rule_cond c = { 0 };
		char *p = g_strstrip(parts[i]), *end;
		size_t k, n;

		for (n = 0; g_ascii_isalnum(p[n]) || p[n] == '_'; n++)
			;
		if (n == 0) {
			rules_problem(rf, line, "condition needs a capture name: \"%s\"", p);
			ok = 0;
			break;
		}
		c.name = g_strndup(p, n);
		p = (char *)g_strchug(p + n);
		for (k = 0; k < G_N_ELEMENTS(ops); k++)
			if (strncmp(p, ops[k], strlen(ops[k])) == 0)
				break;
		if (k == G_N_ELEMENTS(ops)) {
			rules_problem(rf, line, "condition needs <, <=, >, >=, == or !=: \"%s\"", expr);
			g_free(c.name);
			ok = 0;
			break;
		}
		c.op = codes[k];
		p = g_strchug(p + strlen(ops[k]));
		errno = 0;
		c.value = strtod(p, &end);
		if (end == p || *g_strchug(end) || errno) {
			rules_problem(rf, line, "condition needs a number: \"%s\"", expr);
			g_free(c.name);
			ok = 0;
			break;
		}
		g_array_append_val(conds, c);
	}
	g_strfreev(parts);
	return ok ? 0 : -1;
}

/* rules_set_verdict - "verdict = noise" or "verdict = check if count > 9" */
static void
rules_set_verdict(struct rules_file *rf, int line, const char *value)
{
	struct rule *rule = rf->rule;
	struct rule_verdict_if vi = { 0 };
	const char *ifp = strstr(value, " if ");
	char *name = g_strstrip(g_strndup(value, ifp ? (size_t)(ifp - value) : strlen(value)));

	if (verdict_parse(name, &vi.verdict) < 0 || vi.verdict == VERDICT_UNKNOWN) {
		rules_problem(rf, line, "unknown verdict \"%s\" (noise, info, check, action, urgent)", name);
		g_free(name);
		return;
	}
	g_free(name);
	if (!ifp) {
		rule->verdict = vi.verdict;
		rule->nameset |= 2;	/* has an unconditional verdict */
		return;
	}
	vi.conds = g_array_new(FALSE, TRUE, sizeof(struct rule_cond));
	if (rules_parse_cond(rf, line, ifp + 4, vi.conds) < 0) {
		g_array_free(vi.conds, TRUE);
		return;
	}
	g_array_append_val(rule->ifs, vi);
}

/* rules_set_record - "record = SET CAPTURE [COUNT] [if CONDITION]" */
static void
rules_set_record(struct rules_file *rf, int line, const char *value)
{
	const char *ifp = strstr(value, " if ");
	char *head = g_strndup(value, ifp ? (size_t)(ifp - value) : strlen(value));
	struct rule_record *rec;
	char *err = NULL;

	if (rule_parse_record(rf->rule, head, line, &rec, &err) < 0)
		rules_problem(rf, line, "%s", err);
	else if (ifp)
		rules_parse_cond(rf, line, ifp + 4, rec->conds);
	g_free(err);
	g_free(head);
}

/* rules_set_correlation - "when" and "example_set" */
static void
rules_set_correlation(struct rules_file *rf, int line, const char *key, const char *value)
{
	char *err = NULL;
	int rc;

	if (strcmp(key, "when") == 0)
		rc = rule_parse_when(rf->rule, value, line, &err);
	else
		rc = rule_parse_example_set(rf->rule, value, &err);
	if (rc < 0)
		rules_problem(rf, line, "%s", err);
	g_free(err);
}

/* rules_append_text - set or extend (continuation line) a text key */
static void
rules_append_text(struct rules_file *rf, char **field, char *value)
{
	*field = *field ? ruleset_join(rf->rs, *field, " ", value) : value;
}

/* rules_set - one "key = value" inside a block */
void
rules_set(struct rules_file *rf, int line, const char *key, char *value)
{
	struct rule *rule = rf->rule;

	/* most frequent keys first */
	if (strcmp(key, "what") == 0) {
		rules_append_text(rf, &rule->what, value);
	} else if (strcmp(key, "why") == 0) {
		rules_append_text(rf, &rule->why, value);
	} else if (strcmp(key, "todo") == 0) {
		rules_append_text(rf, &rule->todo, value);
	} else if (strcmp(key, "match") == 0) {
		rule->pattern = value;
		rule->pattern_line = line;
	} else if (strcmp(key, "verdict") == 0) {
		rules_set_verdict(rf, line, value);
	} else if (strcmp(key, "example") == 0) {
		g_ptr_array_add(rule->examples, value);
	} else if (strcmp(key, "unless") == 0) {
		rules_append_text(rf, &rule->unless, value);
	} else if (strcmp(key, "example_context") == 0) {
		rule->example_context = value;
		/* It applies to the examples above it that have none yet. */
		if (!rule->example_contexts)
			rule->example_contexts = g_ptr_array_new();
		while (rule->example_contexts->len < rule->examples->len)
			g_ptr_array_add(rule->example_contexts, value);
	} else if (strcmp(key, "context") == 0) {
		rule->context = value;
	} else if (strcmp(key, "kind") == 0) {
		rule->kind = value;
	} else if (strcmp(key, "section") == 0) {
		rule->sections = ruleset_sections(rf->rs, value);
	} else if (strcmp(key, "example_join") == 0) {
		/* A line the parser joins to the example above (property rows). */
		if (rule->examples->len == 0) {
			rules_problem(rf, line, "example_join needs an example above it%s", "");
		} else {
			gpointer *last = &rule->examples->pdata[rule->examples->len - 1];

			*last = ruleset_join(rf->rs, *last, "\n", value);
		}
	} else if (strcmp(key, "fallback") == 0) {
		rule->fallback = strcmp(value, "yes") == 0;
	} else if (strcmp(key, "record") == 0) {
		rules_set_record(rf, line, value);
	} else if (strcmp(key, "when") == 0 || strcmp(key, "example_set") == 0) {
		rules_set_correlation(rf, line, key, value);
	} else if (strcmp(key, "owner") == 0 && rf->site) {
		rule->owner = value;
	} else if (strcmp(key, "expires") == 0 && rf->site) {
		if (!rules_valid_date(value))
			rules_problem(rf, line, "expires wants YYYY-MM-DD, not \"%s\"", value);
		rule->expires = value;
	} else {
		rules_problem(rf, line, "unknown key \"%s\"", key);
	}
}

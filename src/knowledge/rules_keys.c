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

/*
 * rules_split_and - expr cut at each "\s+and\s+".  Compiling that regex
 * costs more than the rest of a condition, and almost no condition has
 * "and": without it the answer is what the split gives for no match.
 */
static char **
rules_split_and(const char *expr)
{
	char **parts;

	if (strstr(expr, "and"))
		return g_regex_split_simple("\\s+and\\s+", expr, 0, 0);
	parts = g_new0(char *, 2);
	if (*expr)
		parts[0] = g_strdup(expr);	/* "" splits into no part at all */
	return parts;
}

/* rules_parse_cond - "count >= 20 and rhost == 0" */
static int
rules_parse_cond(struct rules_file *rf, int line, const char *expr, GArray *conds)
{
	char **parts = rules_split_and(expr);
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
	const char *end = ifp ? ifp : value + strlen(value);
	char name[16];		/* longer than any verdict's name */
	size_t n, k;

	while (value < end && g_ascii_isspace(*value))
		value++;
	while (end > value && g_ascii_isspace(end[-1]))
		end--;
	n = (size_t)(end - value);
	k = n < sizeof(name) ? n : 0;	/* a longer name is no verdict: "" is parsed */
	memcpy(name, value, k);
	name[k] = 0;
	if (verdict_parse(name, &vi.verdict) < 0 || vi.verdict == VERDICT_UNKNOWN) {
		char *shown = g_strndup(value, n);

		rules_problem(rf, line, "unknown verdict \"%s\" (noise, info, check, action, urgent)", shown);
		g_free(shown);
		return;
	}
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
	if (!rule->ifs)
		rule->ifs = g_array_new(FALSE, TRUE, sizeof(struct rule_verdict_if));
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
rules_set_correlation(struct rules_file *rf, int line, enum rules_key key, const char *value)
{
	char *err = NULL;
	int rc;

	if (key == RULES_KEY_WHEN)
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

/* Key names by code, to confirm what rules_key_lookup() guesses. */
static const char *const rules_key_names[] = {
	[RULES_KEY_WHAT] = "what", [RULES_KEY_WHY] = "why", [RULES_KEY_TODO] = "todo",
	[RULES_KEY_UNLESS] = "unless", [RULES_KEY_MATCH] = "match",
	[RULES_KEY_VERDICT] = "verdict", [RULES_KEY_CONTEXT] = "context",
	[RULES_KEY_KIND] = "kind", [RULES_KEY_SECTION] = "section",
	[RULES_KEY_FALLBACK] = "fallback", [RULES_KEY_EXAMPLE] = "example",
	[RULES_KEY_EXAMPLE_CONTEXT] = "example_context",
	[RULES_KEY_EXAMPLE_JOIN] = "example_join", [RULES_KEY_RECORD] = "record",
	[RULES_KEY_WHEN] = "when", [RULES_KEY_EXAMPLE_SET] = "example_set",
	[RULES_KEY_OWNER] = "owner", [RULES_KEY_EXPIRES] = "expires",
};

/* rules_key_guess - the only key name can be, judged by a letter or two */
static enum rules_key
rules_key_guess(const char *name)
{
	switch (name[0]) {
	case 'c': return RULES_KEY_CONTEXT;
	case 'f': return RULES_KEY_FALLBACK;
	case 'k': return RULES_KEY_KIND;
	case 'm': return RULES_KEY_MATCH;
	case 'o': return RULES_KEY_OWNER;
	case 'r': return RULES_KEY_RECORD;
	case 's': return RULES_KEY_SECTION;
	case 't': return RULES_KEY_TODO;
	case 'u': return RULES_KEY_UNLESS;
	case 'v': return RULES_KEY_VERDICT;
	case 'w':	/* what, when, why */
		if (name[1] != 'h')
			return RULES_KEY_UNKNOWN;
		return name[2] == 'a' ? RULES_KEY_WHAT : name[2] == 'e' ? RULES_KEY_WHEN : RULES_KEY_WHY;
	case 'e':	/* example, example_context, example_join, example_set, expires */
		if (strncmp(name, "example", 7) != 0)
			return RULES_KEY_EXPIRES;
		if (name[7] != '_')
			return RULES_KEY_EXAMPLE;
		return name[8] == 'c' ? RULES_KEY_EXAMPLE_CONTEXT
		       : name[8] == 'j' ? RULES_KEY_EXAMPLE_JOIN : RULES_KEY_EXAMPLE_SET;
	default:
		return RULES_KEY_UNKNOWN;
	}
}

/* rules_key_lookup - a key's code; owner and expires exist in site files only */
enum rules_key
rules_key_lookup(const char *name, int site)
{
	enum rules_key key = rules_key_guess(name);

	if (key == RULES_KEY_UNKNOWN || strcmp(name, rules_key_names[key]) != 0)
		return RULES_KEY_UNKNOWN;
	if ((key == RULES_KEY_OWNER || key == RULES_KEY_EXPIRES) && !site)
		return RULES_KEY_UNKNOWN;
	return key;
}

/* rules_set_example_context - the heading path examples are tested with */
static void
rules_set_example_context(struct rules_file *rf, char *value)
{
	rf->rule->example_context = value;
	/* It applies to the examples above it that have none yet. */
	while (rf->example_contexts->len < rf->examples->len)
		g_ptr_array_add(rf->example_contexts, value);
}

/* rules_set_example_join - a line the parser joins to the example above (property rows) */
static void
rules_set_example_join(struct rules_file *rf, int line, const char *value)
{
	GPtrArray *examples = rf->examples;

	if (examples->len == 0) {
		rules_problem(rf, line, "example_join needs an example above it%s", "");
		return;
	}
	examples->pdata[examples->len - 1] =
		ruleset_join(rf->rs, examples->pdata[examples->len - 1], "\n", value);
}

/* rules_set - one "key = value" inside a block (key from rules_key_lookup) */
void
rules_set(struct rules_file *rf, int line, enum rules_key key, char *value)
{
	struct rule *rule = rf->rule;

	switch (key) {
	case RULES_KEY_WHAT:
		rules_append_text(rf, &rule->what, value);
		break;
	case RULES_KEY_WHY:
		rules_append_text(rf, &rule->why, value);
		break;
	case RULES_KEY_TODO:
		rules_append_text(rf, &rule->todo, value);
		break;
	case RULES_KEY_UNLESS:
		rules_append_text(rf, &rule->unless, value);
		break;
	case RULES_KEY_MATCH:
		rule->pattern = value;
		rule->pattern_line = line;
		break;
	case RULES_KEY_VERDICT:
		rules_set_verdict(rf, line, value);
		break;
	case RULES_KEY_EXAMPLE:
		g_ptr_array_add(rf->examples, value);
		break;
	case RULES_KEY_EXAMPLE_CONTEXT:
		rules_set_example_context(rf, value);
		break;
	case RULES_KEY_EXAMPLE_JOIN:
		rules_set_example_join(rf, line, value);
		break;
	case RULES_KEY_CONTEXT:
		rule->context = value;
		break;
	case RULES_KEY_KIND:
		rule->kind = value;
		break;
	case RULES_KEY_SECTION:
		rule->sections = ruleset_sections(rf->rs, value);
		break;
	case RULES_KEY_FALLBACK:
		rule->fallback = strcmp(value, "yes") == 0;
		break;
	case RULES_KEY_RECORD:
		rules_set_record(rf, line, value);
		break;
	case RULES_KEY_WHEN:
	case RULES_KEY_EXAMPLE_SET:
		rules_set_correlation(rf, line, key, value);
		break;
	case RULES_KEY_OWNER:
		rule->owner = value;
		break;
	case RULES_KEY_EXPIRES:
		if (!rules_valid_date(value))
			rules_problem(rf, line, "expires wants YYYY-MM-DD, not \"%s\"", value);
		rule->expires = value;
		break;
	case RULES_KEY_UNKNOWN:
		break;
	}
}

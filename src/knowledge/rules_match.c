/*
 * rules_match.c - which rule explains a line.
 *
 * The rules that apply to a (kind, section) pair are worked out once and
 * cached, so a line is only tried against its own scope's rules, each a
 * separately JIT-compiled pattern (faster than one big alternation, see
 * notes/tech.md).  Every match runs under PCRE2 match and depth limits:
 * a rule that hits one counts as no match and is reported once.
 *
 * Report lines repeat (the same LogWatch sections arrive every day, and
 * "batch" sees a year of them), so the result of a (scope, context,
 * line) is remembered: a bounded cache, emptied when it fills up and
 * whenever rules are loaded.  It lives in the scopes table under a key
 * no scope can have, so it goes wherever the cached scopes go.  A cached
 * answer is the answer the rules gave for exactly the same input, so
 * ruleset_match() behaves exactly as without it.
 */
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "util.h"
#include "knowledge/rules_private.h"

#define MATCH_CACHE_KEY	"\x1e" "match-cache"	/* kinds never start with \x1e */
#define MATCH_CACHE_MAX	16384			/* entries before it is emptied */
#define MATCH_CACHE_LINE	512			/* longer lines are not cached */

/* One remembered answer of ruleset_match(). */
struct match_cached {
	const struct rule *rule;	/* NULL: no rule matched */
	enum verdict verdict;
};

/* match_cache - the cache of ruleset_match() answers, made on first use */
static GHashTable *
match_cache(struct ruleset *rs)
{
	GPtrArray *holder = g_hash_table_lookup(rs->scopes, MATCH_CACHE_KEY);

	if (!holder) {
		/* A one-element array: the scopes table frees it with g_ptr_array_unref. */
		holder = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_destroy);
		g_ptr_array_add(holder, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free));
		g_hash_table_insert(rs->scopes, g_strdup(MATCH_CACHE_KEY), holder);
	}
	return holder->pdata[0];
}

/* ruleset_scopes_reset - forget cached scopes after loading */
void
ruleset_scopes_reset(struct ruleset *rs)
{
	g_hash_table_remove_all(rs->scopes);
}

/* rule_in_section - does the rule apply to this section title? */
static int
rule_in_section(const struct rule *rule, const char *section)
{
	char **g;

	if (!rule->sections)
		return 1;
	for (g = rule->sections; *g; g++)
		if (util_glob_match(*g, section))
			return 1;
	return 0;
}

/* ruleset_scope - the ordered rules of (kind, section), cached */
static GPtrArray *
ruleset_scope(struct ruleset *rs, const char *kind, const char *section)
{
	char *key = g_strconcat(kind, "\x1f", section, NULL);
	GPtrArray *scope = g_hash_table_lookup(rs->scopes, key);
	int pass;
	guint i;

	if (scope) {
		g_free(key);
		return scope;
	}
	scope = g_ptr_array_new();
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < rs->rules->len; i++) {
			struct rule *rule = rs->rules->pdata[i];

			if (rule->fallback != pass)
				continue;
			if (strcmp(rule->kind, "*") && strcmp(rule->kind, kind))
				continue;
			if (rule_in_section(rule, section))
				g_ptr_array_add(scope, rule);
		}
	g_hash_table_insert(rs->scopes, key, scope);
	return scope;
}

/* rule_run - one pattern against text under the limits; 1 = match */
static int
rule_run(struct ruleset *rs, const struct rule *rule, pcre2_code *re, const char *text)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)text, strlen(text), 0, 0, rs->md, rs->mctx);

	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH && !rule->limit_warned) {
		PCRE2_UCHAR buf[128];

		pcre2_get_error_message(rc, buf, sizeof(buf));
		msg_warn("rule %s (%s:%d) gave up on a line: %s; treated as no match",
			 rule->id, rule->file, rule->line, (char *)buf);
		((struct rule *)rule)->limit_warned = 1;
	}
	return 0;
}

/* rule_capture - the number in named capture name, 0 or -1 */
static int
rule_capture(struct ruleset *rs, const struct rule *rule, const char *text, const char *name,
	     double *value_r)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rs->md);
	int n = pcre2_substring_number_from_name(rule->re, (PCRE2_SPTR)name);

	if (n < 0 || (uint32_t)n >= pcre2_get_ovector_count(rs->md))
		return -1;
	if (ov[2 * n] == PCRE2_UNSET)
		return -1;
	return util_parse_number(text + ov[2 * n], ov[2 * n + 1] - ov[2 * n], value_r);
}

/* rule_cond_holds - one comparison */
static int
rule_cond_holds(const struct rule_cond *c, double v)
{
	switch (c->op) {
	case COND_LT: return v < c->value;
	case COND_LE: return v <= c->value;
	case COND_GT: return v > c->value;
	case COND_GE: return v >= c->value;
	case COND_EQ: return v == c->value;
	case COND_NE: return v != c->value;
	}
	return 0;
}

/* rule_verdict - the verdict after a match (match data still valid) */
static enum verdict
rule_verdict(struct ruleset *rs, const struct rule *rule, const char *text)
{
	guint i, j;

	for (i = 0; i < rule->ifs->len; i++) {
		struct rule_verdict_if *vi = &g_array_index(rule->ifs, struct rule_verdict_if, i);
		int all = 1;

		for (j = 0; j < vi->conds->len && all; j++) {
			struct rule_cond *c = &g_array_index(vi->conds, struct rule_cond, j);
			double v;

			all = rule_capture(rs, rule, text, c->name, &v) == 0 && rule_cond_holds(c, v);
		}
		if (all)
			return vi->verdict;
	}
	return rule->verdict;
}

/* rule_eval - one rule against a line in its context */
int
rule_eval(struct ruleset *rs, const struct rule *rule, const char *context, const char *text,
	  enum verdict *v_r)
{
	if (!rule->re)
		return 0;
	if (rule->ctx_re && !rule_run(rs, rule, rule->ctx_re, context ? context : ""))
		return 0;
	if (!rule_run(rs, rule, rule->re, text))
		return 0;
	*v_r = rule_verdict(rs, rule, text);
	return 1;
}

/* ruleset_match_scope - the first rule of the scope that matches */
static int
ruleset_match_scope(struct ruleset *rs, const char *kind, const char *section,
		    const char *context, const char *text, struct rule_match *m)
{
	GPtrArray *scope = ruleset_scope(rs, kind, section);
	guint i;

	for (i = 0; i < scope->len; i++) {
		const struct rule *rule = scope->pdata[i];

		if (rule_eval(rs, rule, context, text, &m->verdict)) {
			m->rule = rule;
			return 1;
		}
	}
	return 0;
}

/* ruleset_match - the first rule of the scope that matches, remembered */
int
ruleset_match(struct ruleset *rs, const char *kind, const char *section, const char *context,
	      const char *text, struct rule_match *m)
{
	GHashTable *cache;
	struct match_cached *c;
	char *key;
	int found;

	if (!section)
		section = "";
	if (strlen(text) > MATCH_CACHE_LINE)
		return ruleset_match_scope(rs, kind, section, context, text, m);
	cache = match_cache(rs);
	key = g_strjoin("\x1f", kind, section, context ? context : "\x1e", text, NULL);
	c = g_hash_table_lookup(cache, key);
	if (c) {
		g_free(key);
		if (!c->rule)
			return 0;	/* m untouched, as without the cache */
		m->rule = c->rule;
		m->verdict = c->verdict;
		return 1;
	}
	found = ruleset_match_scope(rs, kind, section, context, text, m);
	if (g_hash_table_size(cache) >= MATCH_CACHE_MAX)
		g_hash_table_remove_all(cache);
	c = g_new(struct match_cached, 1);
	c->rule = found ? m->rule : NULL;
	c->verdict = found ? m->verdict : VERDICT_UNKNOWN;
	g_hash_table_insert(cache, key, c);
	return found;
}

/* ruleset_count - number of rules */
guint
ruleset_count(const struct ruleset *rs)
{
	return rs->rules->len;
}

/* ruleset_rule - rule i */
const struct rule *
ruleset_rule(const struct ruleset *rs, guint i)
{
	return rs->rules->pdata[i];
}

/* ruleset_find - rule by id */
const struct rule *
ruleset_find(const struct ruleset *rs, const char *id)
{
	return g_hash_table_lookup(rs->by_id, id);
}

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
	int problems = 0;
	guint i, j, k;

	for (i = 0; i < rs->rules->len; i++) {
		const struct rule *rule = rs->rules->pdata[i];

		for (k = 0; k < rule->examples->len; k++) {
			const char *ex = rule->examples->pdata[k];
			enum verdict v, v2;

			if (!rule_eval(rs, rule, rule->example_context, ex, &v)) {
				msg_warn("%s:%d: rule %s does not match its example \"%s\"",
					 rule->file, rule->line, rule->id, ex);
				problems++;
				continue;
			}
			for (j = 0; j < rs->rules->len; j++) {
				const struct rule *other = rs->rules->pdata[j];

				if (other == rule || other->fallback || !rules_overlap(rule, other))
					continue;
				if (rule_eval(rs, other, rule->example_context, ex, &v2) && v2 != v) {
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

/*
 * rules_capture.c - the named captures of a matching rule, for the
 * correlation pass (correlate.c).
 *
 * Line-by-line matching only needs to know whether a rule matches; the
 * correlation pass also needs what the rule's groups captured, in the
 * line and in the heading path.  It asks only for the few lines whose
 * rule records or tests a set, so running the patterns once more for
 * them costs little and leaves rules_match.c and its cache alone.
 */
#include <string.h>

#include "util.h"
#include "knowledge/rules_private.h"

struct rule_captures {
	GHashTable *values;	/* name -> captured text */
};

/* captures_collect - named groups of one match that are set, unless already known */
static void
captures_collect(GHashTable *values, const pcre2_code *re, pcre2_match_data *md,
		 const char *subject)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t count, size, ovn = pcre2_get_ovector_count(md), i;
	PCRE2_SPTR table;

	if (pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count) != 0 || count == 0)
		return;
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	/* Entries are sorted by name; with (?J) a name can stand for several groups. */
	for (i = 0; i < count; i++, table += size) {
		uint32_t n = ((uint32_t)table[0] << 8) | table[1];
		const char *name = (const char *)table + 2;

		if (n >= ovn || ov[2 * n] == PCRE2_UNSET || g_hash_table_contains(values, name))
			continue;
		g_hash_table_insert(values, g_strdup(name),
				    g_strndup(subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n]));
	}
}

/* captures_run - match re against subject and collect its groups; 1 = matched */
static int
captures_run(struct ruleset *rs, GHashTable *values, const pcre2_code *re, const char *subject)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, PCRE2_NO_UTF_CHECK, md,
			     rs->mctx);

	if (rc >= 0)
		captures_collect(values, re, md, subject);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* rule_captures_match - a rule's verdict and named captures, or NULL */
struct rule_captures *
rule_captures_match(struct ruleset *rs, const struct rule *rule, const char *context,
		    const char *text, enum verdict *v_r)
{
	struct rule_captures *c;
	char *vc, *vt;

	/* rule_eval applies the limits and the prefilter, and compiles what it needs. */
	if (!rule_eval(rs, rule, context, text, v_r) || !rule->re)
		return NULL;
	vc = g_utf8_make_valid(context ? context : "", -1);
	vt = g_utf8_make_valid(text, -1);
	c = g_new(struct rule_captures, 1);
	c->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	/* The line's captures first: they win over the heading path's. */
	if (!captures_run(rs, c->values, rule->re, vt)
	    || (rule->ctx && rule->ctx->re && !captures_run(rs, c->values, rule->ctx->re, vc)))
		rule_captures_free(&c);	/* a limit hit on the second run: no answer */
	g_free(vc);
	g_free(vt);
	return c;
}

/* rule_captures_get - the text a named group captured, or NULL */
const char *
rule_captures_get(const struct rule_captures *c, const char *name)
{
	return g_hash_table_lookup(c->values, name);
}

/* rule_captures_number - the number a named group captured; 0, or -1 */
int
rule_captures_number(const struct rule_captures *c, const char *name, double *v_r)
{
	const char *s = rule_captures_get(c, name);

	return s ? util_parse_number(s, strlen(s), v_r) : -1;
}

/* rule_captures_free - release and clear */
void
rule_captures_free(struct rule_captures **cp)
{
	if (!*cp)
		return;
	g_hash_table_destroy((*cp)->values);
	g_free(*cp);
	*cp = NULL;
}

/* pattern_has_name - does a compiled pattern have a group of that name? */
static int
pattern_has_name(const pcre2_code *re, const char *name)
{
	PCRE2_SPTR first, last;

	return re && pcre2_substring_nametable_scan(re, (PCRE2_SPTR)name, &first, &last) > 0;
}

/* rule_defines_capture - can the rule's pattern or context capture name? */
int
rule_defines_capture(const struct rule *rule, const char *name)
{
	return pattern_has_name(rule->re, name)
	       || (rule->ctx && pattern_has_name(rule->ctx->re, name));
}

/*
 * ruleset.c - a ruleset's life: made empty, filled by ruleset_load()
 * (rules_load.c), released with every rule it holds.
 *
 * The rules' strings are not theirs: they point into the rule files'
 * text, which the ruleset keeps (the parser cuts lines and values in
 * place), or into its string chunk (texts joined from several lines).
 * The rules themselves and their example lists are carved from large
 * arena blocks.  Loading the catalogue for one mail thus copies almost
 * nothing and makes few allocations; everything goes with the ruleset.
 */
#include <string.h>
#include <time.h>

#include "knowledge/rules_private.h"

#define RULESET_ARENA_BLOCK	65536	/* bytes; about 250 rules */

/* rule_clear - release what a rule holds of its own (the rest is the ruleset's) */
void
rule_clear(struct rule *rule)
{
	if (!rule)
		return;
	pcre2_code_free(rule->re);
	rule_drop_ifs(rule);
	if (rule->ifs)
		g_array_free(rule->ifs, TRUE);
	rule_free_correlation(rule);
}

/* rule_drop_ifs - forget the conditional verdicts (their conditions freed) */
void
rule_drop_ifs(struct rule *rule)
{
	guint i, j;

	for (i = 0; rule->ifs && i < rule->ifs->len; i++) {
		struct rule_verdict_if *vi = &g_array_index(rule->ifs, struct rule_verdict_if, i);

		for (j = 0; j < vi->conds->len; j++)
			g_free(g_array_index(vi->conds, struct rule_cond, j).name);
		g_array_free(vi->conds, TRUE);
	}
	if (rule->ifs)
		g_array_set_size(rule->ifs, 0);
}

/* ruleset_keep_text - a rule file's contents, which its rules point into */
void
ruleset_keep_text(struct ruleset *rs, char *text)
{
	g_ptr_array_add(rs->blocks, text);
}

/* ruleset_alloc - zeroed memory that lives as long as the ruleset */
void *
ruleset_alloc(struct ruleset *rs, size_t size)
{
	void *p;

	size = (size + 15) & ~(size_t)15;	/* as aligned as malloc's */
	if (size > rs->arena_left) {
		rs->arena_left = MAX(size, RULESET_ARENA_BLOCK);
		rs->arena = g_malloc(rs->arena_left);
		g_ptr_array_add(rs->blocks, rs->arena);
	}
	p = rs->arena;
	rs->arena += size;
	rs->arena_left -= size;
	return memset(p, 0, size);	/* piece by piece: most of a block may stay unused */
}

/* ruleset_copy_list - list's pointers, NULL-terminated, in the arena; NULL if empty */
char **
ruleset_copy_list(struct ruleset *rs, GPtrArray *list)
{
	char **copy;

	if (list->len == 0)
		return NULL;
	copy = ruleset_alloc(rs, (list->len + 1) * sizeof(char *));
	memcpy(copy, list->pdata, list->len * sizeof(char *));
	return copy;
}

/* ruleset_intern - a copy of s that lives as long as the ruleset */
char *
ruleset_intern(struct ruleset *rs, const char *s)
{
	return g_string_chunk_insert(rs->strings, s);
}

/* ruleset_join - a, sep and b as one string that lives as long as the ruleset */
char *
ruleset_join(struct ruleset *rs, const char *a, const char *sep, const char *b)
{
	char *joined = g_strconcat(a, sep, b, NULL);
	char *kept = g_string_chunk_insert(rs->strings, joined);

	g_free(joined);
	return kept;
}

/*
 * ruleset_sections - the globs of a "section" value, NULL for "*"; rules
 * with the same value (usually all of a file) share one list.
 */
char **
ruleset_sections(struct ruleset *rs, const char *spec)
{
	char **globs;

	if (strcmp(spec, "*") == 0)
		return NULL;
	globs = g_hash_table_lookup(rs->section_lists, spec);
	if (!globs) {
		globs = g_strsplit(spec, "|", -1);
		g_hash_table_insert(rs->section_lists, g_strdup(spec), globs);
	}
	return globs;
}

/* rule_example_context - the heading path an example is tested with */
const char *
rule_example_context(const struct rule *rule, guint k)
{
	if (k < rule->n_example_contexts)
		return rule->example_contexts[k];
	return rule->example_context;
}

/* ruleset_new - an empty ruleset */
struct ruleset *
ruleset_new(void)
{
	struct ruleset *rs = g_new0(struct ruleset, 1);
	time_t now = time(NULL);
	struct tm tm;

	rs->rules = g_ptr_array_new();
	rs->by_id = g_hash_table_new(g_str_hash, g_str_equal);
	rs->kind_rules = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					       (GDestroyNotify)g_ptr_array_unref);
	rs->scopes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   (GDestroyNotify)g_ptr_array_unref);
	rs->contexts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, rule_context_free);
	rs->md = pcre2_match_data_create(64, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(rs->mctx, 200000);
	pcre2_set_depth_limit(rs->mctx, 5000);
	rs->blocks = g_ptr_array_new_with_free_func(g_free);
	rs->strings = g_string_chunk_new(4096);
	rs->section_lists = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
						  (GDestroyNotify)g_strfreev);
	gmtime_r(&now, &tm);
	strftime(rs->today, sizeof(rs->today), "%Y-%m-%d", &tm);
	return rs;
}

/* ruleset_set_strict - compile patterns while loading, to report them */
void
ruleset_set_strict(struct ruleset *rs, int strict)
{
	rs->strict = strict;
}

/* ruleset_set_today - fix the date used for override expiry (tests) */
void
ruleset_set_today(struct ruleset *rs, const char *today)
{
	g_strlcpy(rs->today, today, sizeof(rs->today));
}

/* ruleset_free - release every rule and clear the pointer */
void
ruleset_free(struct ruleset **rsp)
{
	struct ruleset *rs = *rsp;
	guint i;

	if (!rs)
		return;
	for (i = 0; i < rs->rules->len; i++)
		rule_clear(rs->rules->pdata[i]);
	g_ptr_array_free(rs->rules, TRUE);
	g_hash_table_destroy(rs->by_id);
	g_hash_table_destroy(rs->scopes);
	g_hash_table_destroy(rs->kind_rules);
	g_hash_table_destroy(rs->contexts);
	if (rs->matches)
		g_hash_table_destroy(rs->matches);
	if (rs->match_key)
		g_string_free(rs->match_key, TRUE);
	g_free(rs->match_index);
	g_free(rs->match_tags);
	captures_cache_free(&rs->captures);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	g_hash_table_destroy(rs->section_lists);
	g_string_chunk_free(rs->strings);
	if (rs->image)
		g_mapped_file_unref(rs->image);
	g_ptr_array_free(rs->blocks, TRUE);
	g_free(rs);
	*rsp = NULL;
}

/*
 * rules_capture.c - the named captures of a matching rule, for the
 * correlation pass (correlate.c).
 *
 * Line-by-line matching only needs to know whether a rule matches; the
 * correlation pass also needs what the rule's groups captured, in the
 * line and in the heading path.  The line's groups are read from the
 * match that gave the verdict (the ruleset's match data still holds
 * it), so a recorded line is matched once, not twice; the heading path
 * is matched again for its groups.  The answer is one block: the names
 * point into the patterns' name tables, the values follow the table.
 *
 * Answers are remembered per (rule, heading path, line), as ruleset_match
 * remembers verdicts: the same lines come back report after report.  A
 * bounded cache, emptied when it fills up and whenever rules are loaded;
 * a remembered answer is the one the rule gave for the same input.
 */
#include <string.h>

#include "util.h"
#include "knowledge/rules_private.h"

#define CAPTURES_LOCAL	16	/* groups collected without an allocation */

#define CAPTURES_CACHE_MAX	4096	/* answers before the cache is emptied */
#define CAPTURES_CACHE_LINE	512	/* longer lines and heading paths are not cached */

struct capture {
	const char *name;	/* in the pattern's name table */
	size_t value;		/* offset of the NUL-terminated text in the block */
};

struct rule_captures {
	guint n;
	size_t size;		/* of the whole block, which can be copied as it is */
	struct capture v[];
};

/* A remembered answer: the verdict and the captures, or no match. */
struct captures_answer {
	enum verdict verdict;
	struct rule_captures *caps;	/* NULL: no answer */
};

struct captures_cache {
	GHashTable *answers;	/* struct match_key -> struct captures_answer */
	GString *key;		/* built here to look one up */
	guint64 seed;		/* of the keys' hash */
};

/* A group one of a rule's matches set, before it is copied into the block. */
struct span {
	const char *name;
	const char *p;
	size_t len;
};

struct spans {
	struct span *v;
	guint n, size;
	size_t bytes;		/* of the values, NULs included */
};

/* spans_has - is a group of that name collected already? */
static int
spans_has(const struct spans *s, const char *name)
{
	guint i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return 1;
	return 0;
}

/* captures_collect - named groups of one match that are set, unless already known */
static void
captures_collect(struct spans *s, const pcre2_code *re, pcre2_match_data *md, const char *subject)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	uint32_t count, size, ovn = pcre2_get_ovector_count(md), i;
	PCRE2_SPTR table;

	if (pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count) != 0 || count == 0)
		return;
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	/* Entries are sorted by name; with (?J) a name can stand for several groups. */
	for (i = 0; i < count && s->n < s->size; i++, table += size) {
		uint32_t n = ((uint32_t)table[0] << 8) | table[1];
		const char *name = (const char *)table + 2;

		if (n >= ovn || ov[2 * n] == PCRE2_UNSET || spans_has(s, name))
			continue;
		s->v[s->n].name = name;
		s->v[s->n].p = subject + ov[2 * n];
		s->v[s->n].len = ov[2 * n + 1] - ov[2 * n];
		s->bytes += s->v[s->n++].len + 1;
	}
}

/* captures_md - the ruleset's match data if it has room for every group of re, else NULL */
static pcre2_match_data *
captures_md(struct ruleset *rs, const pcre2_code *re)
{
	uint32_t top;

	if (pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &top) == 0
	    && top < pcre2_get_ovector_count(rs->md))
		return rs->md;
	return NULL;
}

/* captures_run - match re against subject and collect its groups; 1 = matched */
static int
captures_run(struct ruleset *rs, struct spans *s, pcre2_code *re, const char *subject)
{
	pcre2_match_data *md = captures_md(rs, re);
	pcre2_match_data *own = md ? NULL : pcre2_match_data_create_from_pattern(re, NULL);
	int rc = util_pcre2_match(re, subject, strlen(subject), PCRE2_NO_UTF_CHECK, md ? md : own,
				  rs->mctx);

	if (rc >= 0)
		captures_collect(s, re, md ? md : own, subject);
	if (own)
		pcre2_match_data_free(own);
	return rc >= 0;
}

/* captures_names - how many named groups re has */
static uint32_t
captures_names(const pcre2_code *re)
{
	uint32_t count = 0;

	if (re)
		pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	return count;
}

/* captures_block - the collected groups as one rule_captures */
static struct rule_captures *
captures_block(const struct spans *s)
{
	size_t head = sizeof(struct rule_captures) + s->n * sizeof(struct capture);
	struct rule_captures *c = g_malloc(head + s->bytes);
	char *p = (char *)c + head;
	guint i;

	c->n = s->n;
	c->size = head + s->bytes;
	for (i = 0; i < s->n; i++) {
		c->v[i].name = s->v[i].name;
		c->v[i].value = (size_t)(p - (char *)c);
		memcpy(p, s->v[i].p, s->v[i].len);
		p[s->v[i].len] = 0;
		p += s->v[i].len + 1;
	}
	return c;
}

/* captures_valid - s when it is valid UTF-8, else a valid copy left in *copy_r */
static const char *
captures_valid(const char *s, char **copy_r)
{
	*copy_r = NULL;
	if (g_utf8_validate(s, -1, NULL))
		return s;
	return *copy_r = g_utf8_make_valid(s, -1);
}

/* captures_gather - the groups of a rule that matched vt in vc; 0, or -1 on a limit */
static int
captures_gather(struct ruleset *rs, const struct rule *rule, const char *vc, const char *vt,
		struct spans *s)
{
	/* The line's groups first, from the verdict's match: they win over the heading path's. */
	if (captures_md(rs, rule->re))
		captures_collect(s, rule->re, rs->md, vt);
	else if (!captures_run(rs, s, rule->re, vt))
		return -1;
	/*
	 * rule_eval_valid has just seen the context match vc (or remembered
	 * that it does, with the same compiled code), so a context without
	 * named groups would only match again.
	 */
	if (captures_names(rule->ctx ? rule->ctx->re : NULL) == 0)
		return 0;
	if (!captures_run(rs, s, rule->ctx->re, vc))
		return -1;	/* a limit hit on the second run: no answer */
	return 0;
}

/* captures_compute - a rule's verdict and named captures, or NULL */
static struct rule_captures *
captures_compute(struct ruleset *rs, const struct rule *rule, const char *context,
		 const char *text, enum verdict *v_r)
{
	struct rule_captures *c = NULL;
	char *cc, *ct;
	const char *vc = captures_valid(context ? context : "", &cc);
	const char *vt = captures_valid(text, &ct);
	struct span local[CAPTURES_LOCAL];
	struct spans s = { local, 0, CAPTURES_LOCAL, 0 };

	/* rule_eval_valid applies the limits and the prefilter, and compiles what it needs. */
	if (rule_eval_valid(rs, rule, vc, vt, NULL, v_r) && rule->re) {
		s.size = captures_names(rule->re) + (rule->ctx ? captures_names(rule->ctx->re) : 0);
		if (s.size > CAPTURES_LOCAL)
			s.v = g_new(struct span, s.size);
		if (captures_gather(rs, rule, vc, vt, &s) == 0)
			c = captures_block(&s);
		if (s.v != local)
			g_free(s.v);
	}
	g_free(cc);
	g_free(ct);
	return c;
}

/* captures_answer_free - one remembered answer (the cache's values) */
static void
captures_answer_free(gpointer p)
{
	struct captures_answer *a = p;

	g_free(a->caps);
	g_free(a);
}

/* captures_cache - the ruleset's cache of answers, made on first use */
static struct captures_cache *
captures_cache(struct ruleset *rs)
{
	struct captures_cache *cc = rs->captures;

	if (!cc) {
		cc = rs->captures = g_new(struct captures_cache, 1);
		cc->answers = g_hash_table_new_full(match_key_hash, match_key_equal, g_free,
						    captures_answer_free);
		cc->key = g_string_sized_new(256);
		cc->seed = ((guint64)g_random_int() << 32) | g_random_int();
	}
	return cc;
}

/* captures_cache_reset - forget every answer (rules were loaded) */
void
captures_cache_reset(struct ruleset *rs)
{
	if (rs->captures)
		g_hash_table_remove_all(rs->captures->answers);
}

/* captures_cache_free - release and clear */
void
captures_cache_free(struct captures_cache **cp)
{
	struct captures_cache *cc = *cp;

	if (!cc)
		return;
	g_hash_table_destroy(cc->answers);
	g_string_free(cc->key, TRUE);
	g_free(cc);
	*cp = NULL;
}

/*
 * captures_key - the rule, the heading path and the line as a key, in the
 * cache's buffer (the rule's address has a fixed size, and neither text
 * holds a NUL, so one NUL between them keeps keys apart)
 */
static struct match_key *
captures_key(struct captures_cache *cc, const struct rule *rule, const char *context, size_t cl,
	     const char *text, size_t tl)
{
	struct match_key *k;
	char *p;

	g_string_set_size(cc->key, MATCH_KEY_HEAD + sizeof(rule) + cl + 1 + tl);
	p = cc->key->str + MATCH_KEY_HEAD;
	memcpy(p, &rule, sizeof(rule));
	p += sizeof(rule);
	memcpy(p, context, cl);
	p[cl] = 0;
	memcpy(p + cl + 1, text, tl);
	k = (struct match_key *)cc->key->str;	/* malloc()ed: aligned */
	k->len = (guint)(cc->key->len - MATCH_KEY_HEAD);
	k->hash = util_hash_bytes(k->bytes, k->len, cc->seed);
	return k;
}

/* captures_copy - a copy of c for the caller, or NULL */
static struct rule_captures *
captures_copy(const struct rule_captures *c)
{
	return c ? g_memdup2(c, (guint)c->size) : NULL;
}

/* rule_captures_match - a rule's verdict and named captures, or NULL; remembered */
struct rule_captures *
rule_captures_match(struct ruleset *rs, const struct rule *rule, const char *context,
		    const char *text, enum verdict *v_r)
{
	size_t cl = context ? strlen(context) : 0, tl = strlen(text);
	struct captures_cache *cc;
	struct captures_answer *a;
	struct match_key *k;

	if (cl > CAPTURES_CACHE_LINE || tl > CAPTURES_CACHE_LINE)
		return captures_compute(rs, rule, context, text, v_r);
	cc = captures_cache(rs);
	k = captures_key(cc, rule, context ? context : "", cl, text, tl);
	if ((a = g_hash_table_lookup(cc->answers, k))) {
		if (a->caps)
			*v_r = a->verdict;
		return captures_copy(a->caps);
	}
	if (g_hash_table_size(cc->answers) >= CAPTURES_CACHE_MAX)
		g_hash_table_remove_all(cc->answers);
	a = g_new(struct captures_answer, 1);
	a->caps = captures_compute(rs, rule, context, text, &a->verdict);
	g_hash_table_insert(cc->answers, g_memdup2(k, (guint)(MATCH_KEY_HEAD + k->len)), a);
	if (a->caps)
		*v_r = a->verdict;
	return captures_copy(a->caps);
}

/* rule_captures_get - the text a named group captured, or NULL */
const char *
rule_captures_get(const struct rule_captures *c, const char *name)
{
	guint i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].name, name) == 0)
			return (const char *)c + c->v[i].value;
	return NULL;
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

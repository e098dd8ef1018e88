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
 * line) is remembered: a cache bounded in entries and in bytes, emptied
 * when it fills up and whenever rules are loaded (with the cached
 * scopes); only lines of more than MATCH_CACHE_LINE bytes (a joined
 * Tripwire object runs to 900) are always matched anew.  A cached answer
 * is the answer the rules gave for exactly the same input, so
 * ruleset_match() behaves exactly as without it.  A line it has not seen
 * is checked for UTF-8 and tried rule by rule, each rule's literals
 * first (rules_prefilter.c).
 */
#include <string.h>

#include "msg.h"
#include "util.h"
#include "knowledge/pattern_cache.h"
#include "knowledge/rules_private.h"

/*
 * Evaluations before a rule is JIT-compiled.  Compiling costs about 190 k
 * instructions and saves about 3,600 on each later match, so it pays
 * after some 55 more; one mail in "filter" rarely tries a rule that often.
 */
#define RULE_JIT_AFTER	64

#define MATCH_CACHE_MAX	16384			/* entries before it is emptied */
#define MATCH_CACHE_BYTES	(8 << 20)		/* bytes of keys before it is emptied */
#define MATCH_CACHE_LINE	4096			/* longer lines are not cached */

#define WHEN_RULES_KEY	"\x1e" "when"	/* ruleset_when_rules() in the scopes table */

#define MATCH_INDEX_FIRST	1024	/* slots at first (filter sees a few hundred lines) */

/*
 * One remembered answer of ruleset_match(), with its key: the prefix
 * (struct match_prefix) and the line.  rs->matches holds them, as a set
 * that frees them; rs->match_index, an open-addressing array, finds them.
 * Beside it, rs->match_tags holds each slot's hash, so that a lookup
 * reads a small dense array and only the answer whose hash is equal
 * (nearly always the one looked for): with 16,384 answers the index and
 * the answers do not stay in the processor's cache, and each answer
 * read on the way was a miss.
 */
#define MATCH_TAG(hash)	((hash) | 1u)
struct match_entry {
	const struct rule *rule;	/* NULL: no rule matched */
	enum verdict verdict;
	guint hash;
	guint len;			/* of key */
	char key[];
};

/* match_key_hash, match_key_equal - for the GHashTables of remembered answers */
guint
match_key_hash(gconstpointer p)
{
	return ((const struct match_key *)p)->hash;
}

gboolean
match_key_equal(gconstpointer a, gconstpointer b)
{
	const struct match_key *ka = a, *kb = b;

	return ka->hash == kb->hash && ka->len == kb->len && memcmp(ka->bytes, kb->bytes, ka->len) == 0;
}

/*
 * match_cache_open - the cache of ruleset_match() answers, made on first
 * use; its index lives as long as the ruleset, the answers until emptied
 */
static void
match_cache_open(struct ruleset *rs)
{
	if (rs->matches)
		return;
	rs->matches = g_hash_table_new_full(g_direct_hash, NULL, g_free, NULL);
	rs->match_slots = MATCH_INDEX_FIRST;
	rs->match_index = g_new0(struct match_entry *, rs->match_slots);
	rs->match_tags = g_new0(guint, rs->match_slots);
	rs->match_key = g_string_sized_new(256);
	rs->match_seed = ((guint64)g_random_int() << 32) | g_random_int();
}

/* match_cache_empty - forget every answer */
static void
match_cache_empty(struct ruleset *rs)
{
	if (!rs->matches)
		return;
	g_hash_table_remove_all(rs->matches);
	memset(rs->match_index, 0, rs->match_slots * sizeof(*rs->match_index));
	memset(rs->match_tags, 0, rs->match_slots * sizeof(*rs->match_tags));
	rs->match_bytes = 0;
}

/* match_index_grow - twice the slots, every answer moved to its new one */
static void
match_index_grow(struct ruleset *rs)
{
	struct match_entry **old = rs->match_index;
	guint *old_tags = rs->match_tags;
	guint n = rs->match_slots, mask = 2 * n - 1, i, j;

	rs->match_index = g_new0(struct match_entry *, 2 * n);
	rs->match_tags = g_new0(guint, 2 * n);
	rs->match_slots = 2 * n;
	for (i = 0; i < n; i++) {
		if (!old[i])
			continue;
		for (j = old[i]->hash & mask; rs->match_tags[j]; j = (j + 1) & mask)
			;
		rs->match_index[j] = old[i];
		rs->match_tags[j] = old_tags[i];
	}
	g_free(old);
	g_free(old_tags);
}

/* ruleset_scopes_reset - forget cached scopes and answers after loading */
void
ruleset_scopes_reset(struct ruleset *rs)
{
	rs->scope = NULL;
	rs->scope_key = NULL;
	g_hash_table_remove_all(rs->scopes);
	g_hash_table_remove_all(rs->kind_rules);
	match_cache_empty(rs);
	captures_cache_reset(rs);
}

/* rule_in_section - does the rule apply to this section title? */
int
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

/* rule_in_scope - does the rule apply to lines of this kind and section? */
int
rule_in_scope(const struct rule *rule, const char *kind, const char *section)
{
	return (strcmp(rule->kind, "*") == 0 || strcmp(rule->kind, kind) == 0)
	       && rule_in_section(rule, section);
}

/* scope_key_is - is key "kind\x1fsection"? */
static int
scope_key_is(const char *key, const char *kind, const char *section)
{
	size_t n = strlen(kind);

	return strncmp(key, kind, n) == 0 && key[n] == '\x1f' && strcmp(key + n + 1, section) == 0;
}

/*
 * ruleset_kind_rules - the rules of kind and of "*", in load order,
 * cached: the scopes of one kind's sections are picked from these
 */
static GPtrArray *
ruleset_kind_rules(struct ruleset *rs, const char *kind)
{
	GPtrArray *rules = g_hash_table_lookup(rs->kind_rules, kind);
	guint i;

	if (rules)
		return rules;
	rules = g_ptr_array_new();
	for (i = 0; i < rs->rules->len; i++) {
		struct rule *rule = rs->rules->pdata[i];

		if (strcmp(rule->kind, "*") == 0 || strcmp(rule->kind, kind) == 0)
			g_ptr_array_add(rules, rule);
	}
	g_hash_table_insert(rs->kind_rules, g_strdup(kind), rules);
	return rules;
}

/*
 * ruleset_scope - the ordered rules of (kind, section), cached; the
 * last one is also kept aside, as the lines of a section come together
 */
static GPtrArray *
ruleset_scope(struct ruleset *rs, const char *kind, const char *section)
{
	char *key;
	gpointer found_key, found;
	GPtrArray *scope, *of_kind;
	char **last_list = NULL;
	int pass, last_in = 1;		/* NULL: every section */
	guint i;

	if (rs->scope && scope_key_is(rs->scope_key, kind, section))
		return rs->scope;
	key = g_strconcat(kind, "\x1f", section, NULL);
	if (g_hash_table_lookup_extended(rs->scopes, key, &found_key, &found)) {
		g_free(key);
		rs->scope_key = found_key;
		return rs->scope = found;
	}
	scope = g_ptr_array_new();
	of_kind = ruleset_kind_rules(rs, kind);
	/*
	 * A file's rules share one section list (ruleset_sections): the
	 * globs are matched once per run of rules with the same list.
	 */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < of_kind->len; i++) {
			struct rule *rule = of_kind->pdata[i];

			if (rule->fallback != pass || rule->whens)
				continue;	/* rules with "when" wait for correlate.c */
			if (rule->sections != last_list) {
				last_list = rule->sections;
				last_in = rule_in_section(rule, section);
			}
			if (last_in)
				g_ptr_array_add(scope, rule);
		}
	g_hash_table_insert(rs->scopes, key, scope);
	rs->scope_key = key;
	return rs->scope = scope;
}

/*
 * ruleset_when_rules - the rules with "when", in load order, for
 * correlate.c; kept in the scopes table under a key no scope has (theirs
 * all hold \x1f), so it is forgotten with them when rules are loaded
 */
const GPtrArray *
ruleset_when_rules(const struct ruleset *rs)
{
	GPtrArray *whens = g_hash_table_lookup(rs->scopes, WHEN_RULES_KEY);
	guint i;

	if (whens)
		return whens;
	whens = g_ptr_array_new();
	for (i = 0; i < rs->rules->len; i++)
		if (((const struct rule *)rs->rules->pdata[i])->whens)
			g_ptr_array_add(whens, rs->rules->pdata[i]);
	g_hash_table_insert(rs->scopes, g_strdup(WHEN_RULES_KEY), whens);
	return whens;
}

/* rule_run - one pattern against text under the limits; 1 = match */
static int
rule_run(struct ruleset *rs, const struct rule *rule, pcre2_code *re, const char *text)
{
	/* Callers hand in valid UTF-8 only (ruleset_match, rule_eval_checked). */
	int rc = util_pcre2_match(re, text, strlen(text), PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);

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
int
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

	for (i = 0; rule->ifs && i < rule->ifs->len; i++) {
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

/*
 * rule_compile_one - compile one pattern, or say why not; entry: its
 * entry in the pattern cache (pattern_cache_find), 0 if none
 */
static pcre2_code *
rule_compile_one(const struct rule *rule, const char *pattern, int line, guint32 entry)
{
	PCRE2_UCHAR buf[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	int err;

	if (entry && (re = pattern_cache_entry_code(entry)) != NULL)
		return re;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF, &err, &off, NULL);
	if (!re) {
		pcre2_get_error_message(err, buf, sizeof(buf));
		msg_warn("%s:%d: bad pattern at offset %zu: %s", rule->file, line, (size_t)off,
			 (char *)buf);
		return NULL;
	}
	return re;
}

/* rule_arena_alloc - memory in the ruleset's arena, for pattern_cache_entry_prefilter */
static void *
rule_arena_alloc(void *rs, size_t size)
{
	return ruleset_alloc(rs, size);
}

/* rule_arena_list - a finder's list in the arena, in one piece; NULL for none */
static char **
rule_arena_list(struct ruleset *rs, char **v)
{
	size_t bytes = 0, len;
	char **list, *at;
	guint i, n;

	if (!v)
		return NULL;
	for (n = 0; v[n]; n++)
		bytes += strlen(v[n]) + 1;
	list = ruleset_alloc(rs, (n + 1) * sizeof(char *) + bytes);	/* zeroed */
	at = (char *)(list + n + 1);
	for (i = 0; i < n; i++) {
		len = strlen(v[i]) + 1;
		list[i] = memcpy(at, v[i], len);
		at += len;
	}
	return list;
}

/*
 * rule_pattern_lists - a pattern's prefilters: the literals one of which
 * a match contains in *any_r, the others all of which it contains in
 * *all_r, and lead bytes in lead_r (1, or 0: none).  From its cache
 * entry if it has one, else found now; in the arena, where they stay
 * with the rules.
 */
static int
rule_pattern_lists(struct ruleset *rs, const char *pattern, guint32 entry, char ***any_r,
		   char ***all_r, guint64 lead_r[4])
{
	char **any, **all, **l, **to;
	int lead;

	if (!entry || (lead = pattern_cache_entry_prefilter(entry, rule_arena_alloc, rs, &any, &all,
							     lead_r)) < 0) {
		any = util_pattern_literals(pattern);
		all = util_pattern_all_literals(pattern);
		*any_r = rule_arena_list(rs, any);
		*all_r = rule_arena_list(rs, all);
		g_strfreev(any);
		g_strfreev(all);
		any = *any_r;
		all = *all_r;
		lead = util_pattern_lead(pattern, lead_r);
	}
	/* the rule's one literal is tested first anyway */
	for (l = to = all; l && *l; l++)
		if (!(any && any[0] && !any[1] && strcmp(*l, any[0]) == 0))
			*to++ = *l;
	if (to)
		*to = NULL;
	*any_r = any;
	*all_r = all && all[0] ? all : NULL;
	return lead;
}

/*
 * rule_filter_make - the rule's filter, on its first evaluation; NULL if
 * it is not one of rs's rules (then it has no tests: every line goes to
 * PCRE2)
 */
static struct rule_filter *
rule_filter_make(struct ruleset *rs, struct rule *r)
{
	guint seq = (guint)r->seq, n = rs->rules->len;
	struct rule_filter **all, *f;

	r->literal_done = 1;
	if (seq >= n || rs->rules->pdata[seq] != r)
		return NULL;
	if (seq >= rs->n_filters) {
		/* rules were loaded since: the old array stays in the arena */
		all = ruleset_alloc(rs, n * sizeof(*all));
		if (rs->n_filters)
			memcpy(all, rs->filters, rs->n_filters * sizeof(*all));
		rs->filters = all;
		rs->n_filters = n;
	}
	f = ruleset_alloc(rs, sizeof(*f));
	f->rule = r;
	if (r->pattern) {
		f->entry = pattern_cache_find(r->pattern);
		f->lead = rule_pattern_lists(rs, r->pattern, f->entry, &f->any, &f->all, f->lead_bytes);
	}
	rs->filters[seq] = f;
	return f;
}

/* rule_filter - the rule's filter (made on first need), or NULL: no tests */
static inline struct rule_filter *
rule_filter(struct ruleset *rs, const struct rule *rule)
{
	guint seq = (guint)rule->seq;
	struct rule_filter *f = seq < rs->n_filters ? rs->filters[seq] : NULL;

	if (f && f->rule == rule)
		return f;
	return rule->literal_done ? NULL : rule_filter_make(rs, (struct rule *)rule);
}

/* rule_has_all - does text contain every one of literals? */
static int
rule_has_all(char *const *literals, const char *text)
{
	for (; *literals; literals++)
		if (!strstr(text, *literals))
			return 0;
	return 1;
}

/* rule_context_free - a shared context pattern (the contexts table's values) */
void
rule_context_free(gpointer p)
{
	struct rule_context *c = p;

	pcre2_code_free(c->re);
	g_free(c->last_text);
	g_free(c);
}

/* rule_prepare_context - the rule's shared context pattern, compiled; NULL if broken */
static struct rule_context *
rule_prepare_context(struct ruleset *rs, const struct rule *rule)
{
	struct rule *r = (struct rule *)rule;
	struct rule_context *c = r->ctx;

	if (!c) {
		c = g_hash_table_lookup(rs->contexts, r->context);
		if (!c) {
			guint32 entry = pattern_cache_find(r->context);

			c = g_new0(struct rule_context, 1);
			c->re = rule_compile_one(r, r->context, r->line, entry);
			c->broken = !c->re;
			if (c->re) {
				char **all;
				guint64 lead[4];

				rule_pattern_lists(rs, r->context, entry, &c->literals, &all, lead);
			}
			g_hash_table_insert(rs->contexts, g_strdup(r->context), c);
		}
		r->ctx = c;
		if (c->broken)
			r->broken = 1;
	}
	return c->broken ? NULL : c;
}

/* rule_context_ok - does the heading path satisfy the rule's context? */
static int
rule_context_ok(struct ruleset *rs, const struct rule *rule, const char *context)
{
	struct rule_context *c;
	int ok;

	if (!rule->context)
		return 1;
	if (!(c = rule_prepare_context(rs, rule)))
		return 0;
	if (c->last_text && strcmp(c->last_text, context) == 0)
		return c->last_ok;
	ok = 0;
	if (util_has_literal(c->literals, context)) {
		util_jit_on_demand(c->re, &c->evals, RULE_JIT_AFTER);
		ok = rule_run(rs, rule, c->re, context);
	}
	g_free(c->last_text);
	c->last_text = g_strdup(context);
	c->last_ok = ok;
	return ok;
}

/* rule_prepare - compile a rule's own pattern the first time it is needed */
static int
rule_prepare(struct ruleset *rs, const struct rule *rule)
{
	struct rule *r = (struct rule *)rule;
	struct rule_filter *f;
	guint32 entry;

	if (r->prepared)
		return r->broken || !r->re ? -1 : 0;
	r->prepared = 1;
	if (r->pattern) {
		f = rule_filter(rs, rule);
		entry = f ? f->entry : pattern_cache_find(r->pattern);
		if (!(r->re = rule_compile_one(r, r->pattern, r->pattern_line, entry)))
			r->broken = 1;
	}
	return r->broken || !r->re ? -1 : 0;
}

/* ruleset_prepare_all - compile everything now (rules check) */
int
ruleset_prepare_all(struct ruleset *rs)
{
	int broken = 0;
	guint i;

	for (i = 0; i < rs->rules->len; i++) {
		const struct rule *rule = rs->rules->pdata[i];
		int bad = rule_prepare(rs, rule) < 0;

		if (rule->context && !rule_prepare_context(rs, rule))
			bad = 1;
		broken += bad;
	}
	return broken;
}

/*
 * rule_prefilter_pass - may the line match the rule, as far as its
 * prefilters tell (tp: the line's byte pairs, or NULL)?  The cheapest
 * first: a rule whose text never occurs is never compiled.
 */
static inline int
rule_prefilter_pass(struct ruleset *rs, const struct rule *rule, struct text_pairs *tp,
		    const char *text)
{
	struct rule_filter *f = rule_filter(rs, rule);

	if (!f)
		return 1;
	if (f->lead && !util_lead_in(f->lead_bytes, tp ? tp->lead : util_lead_byte(text)))
		return 0;
	if (tp)
		return (!f->any || text_pairs_has_literal(tp, f->any))
		       && (!f->all || text_pairs_has_all(tp, f->all));
	return util_has_literal(f->any, text) && (!f->all || rule_has_all(f->all, text));
}

/* rule_eval_passed - rule_eval_valid once the prefilters have let the line through */
static int
rule_eval_passed(struct ruleset *rs, const struct rule *rule, const char *context, const char *text,
		 enum verdict *v_r)
{
	struct rule *r = (struct rule *)rule;

	/* The context first: its answer is shared and remembered per heading path. */
	if (!rule_context_ok(rs, rule, context ? context : ""))
		return 0;
	if (rule_prepare(rs, rule) < 0)
		return 0;
	util_jit_on_demand(r->re, &r->evals, RULE_JIT_AFTER);
	if (!rule_run(rs, rule, rule->re, text))
		return 0;
	*v_r = rule_verdict(rs, rule, text);
	return 1;
}

/* rule_eval_valid - one rule against a line; both are valid UTF-8 */
int
rule_eval_valid(struct ruleset *rs, const struct rule *rule, const char *context, const char *text,
		struct text_pairs *tp, enum verdict *v_r)
{
	return rule_prefilter_pass(rs, rule, tp, text) && rule_eval_passed(rs, rule, context, text, v_r);
}

/* rule_eval - one rule against a line in its context (any bytes) */
int
rule_eval(struct ruleset *rs, const struct rule *rule, const char *context, const char *text,
	  enum verdict *v_r)
{
	char *vc = g_utf8_make_valid(context ? context : "", -1);
	char *vt = g_utf8_make_valid(text, -1);
	int rc = rule_eval_valid(rs, rule, vc, vt, NULL, v_r);

	g_free(vc);
	g_free(vt);
	return rc;
}

/* ruleset_match_scope - the first rule of the scope that matches */
static int
ruleset_match_scope(struct ruleset *rs, const char *kind, const char *section,
		    const char *context, const char *text, struct rule_match *m)
{
	GPtrArray *scope = ruleset_scope(rs, kind, section);
	struct text_pairs tp;
	guint i;

	text_pairs_init(&tp, text);
	for (i = 0; i < scope->len; i++) {
		const struct rule *rule = scope->pdata[i];

		if (rule_prefilter_pass(rs, rule, &tp, text)
		    && rule_eval_passed(rs, rule, context, text, &m->verdict)) {
			m->rule = rule;
			return 1;
		}
	}
	return 0;
}

/* ruleset_match_any - ruleset_match_scope on valid UTF-8 copies if needed */
static int
ruleset_match_any(struct ruleset *rs, const char *kind, const char *section,
		  const char *context, const char *text, struct rule_match *m)
{
	char *vc, *vt;
	int rc;

	if (!context)
		context = "";
	if (util_utf8_valid(text, strlen(text)) && util_utf8_valid(context, strlen(context)))
		return ruleset_match_scope(rs, kind, section, context, text, m);
	vc = g_utf8_make_valid(context, -1);
	vt = g_utf8_make_valid(text, -1);
	rc = ruleset_match_scope(rs, kind, section, vc, vt, m);
	g_free(vc);
	g_free(vt);
	return rc;
}

/*
 * match_hash_words - the key's hash state after n more bytes (a multiple
 * of 8), a word at a time: the multiply-xorshift of util_hash_bytes, but
 * resumable, so that the prefix of a block's lines is hashed only once
 */
static guint64
match_hash_words(guint64 h, const char *p, size_t n)
{
	const guint64 k = G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
	const char *end = p + n;
	guint64 w, v;

	for (; end - p >= 16; p += 16) {	/* two a turn: less loop per word */
		memcpy(&w, p, 8);
		memcpy(&v, p + 8, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
		h = (h ^ v) * k;
		h ^= h >> 32;
	}
	if (p < end) {
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	return h;
}

/* match_hash_text - the hash of a key: its prefix's state, then the text */
static guint
match_hash_text(guint64 h, const char *text, size_t n)
{
	size_t whole = n & ~(size_t)7;
	guint64 w = 0;

	h = match_hash_words(h, text, whole) ^ (n * G_GUINT64_CONSTANT(0x9e3779b97f4a7c15));
	memcpy(&w, text + whole, n - whole);
	h = (h ^ w) * G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
	h ^= h >> 29;
	return (guint)h;
}

/* match_prefix_same - does rs->match_key hold the prefix of these? */
static int
match_prefix_same(const struct ruleset *rs, const char *kind, const char *section,
		  const char *context)
{
	const struct match_prefix *mp = &rs->match_prefix;
	const char *b = rs->match_key->str;

	/* The heading path first: it is what changes from block to block. */
	if (mp->len == 0 || !context != !mp->context_at
	    || (context && strcmp(b + mp->context_at, context) != 0))
		return 0;
	return strcmp(b, kind) == 0 && strcmp(b + mp->section_at, section) == 0;
}

/*
 * match_prefix_build - the start of the cache key of a line, in
 * rs->match_key: kind, section, then "+" and the context or "-" for
 * none, each string with its NUL (none holds one, so no text of the
 * report can make two different lines share a key), padded with NUL
 * bytes to a whole word; with its hash state
 */
static void
match_prefix_build(struct ruleset *rs, const char *kind, const char *section,
		   const char *context)
{
	struct match_prefix *mp = &rs->match_prefix;
	size_t kl = strlen(kind) + 1, sl = strlen(section) + 1, cl = context ? strlen(context) + 1 : 0;
	char *b, *p;

	g_string_set_size(rs->match_key, kl + sl + 1 + cl + 7);
	b = p = rs->match_key->str;
	memcpy(p, kind, kl);
	p += kl;
	mp->section_at = (size_t)(p - b);
	memcpy(p, section, sl);
	p += sl;
	*p++ = context ? '+' : '-';
	mp->context_at = context ? (size_t)(p - b) : 0;
	memcpy(p, context ? context : "", cl);
	p += cl;
	while ((p - b) % 8)
		*p++ = 0;
	mp->len = (size_t)(p - b);
	mp->hash = match_hash_words(rs->match_seed, b, mp->len);
}

/*
 * match_slot - the index slot of the answer for the prefix in
 * rs->match_key and text, or the empty slot where it goes
 */
static guint
match_slot(struct ruleset *rs, guint hash, const char *text, size_t n)
{
	const struct match_prefix *mp = &rs->match_prefix;
	guint mask = rs->match_slots - 1, i = hash & mask, tag = MATCH_TAG(hash), t;
	const struct match_entry *e;

	for (; (t = rs->match_tags[i]) != 0; i = (i + 1) & mask) {
		if (t != tag)
			continue;
		e = rs->match_index[i];
		if (e->hash == hash && e->len == mp->len + n
		    && memcmp(e->key, rs->match_key->str, mp->len) == 0
		    && memcmp(e->key + mp->len, text, n) == 0)
			break;
	}
	return i;
}

/* match_remember - keep the answer for the prefix and text in slot */
static void
match_remember(struct ruleset *rs, guint slot, guint hash, const char *text,
	       size_t n, const struct rule_match *m)
{
	const struct match_prefix *mp = &rs->match_prefix;
	guint count = g_hash_table_size(rs->matches);
	struct match_entry *e;

	if (count >= MATCH_CACHE_MAX || rs->match_bytes >= MATCH_CACHE_BYTES) {
		match_cache_empty(rs);
		slot = hash & (rs->match_slots - 1);
	} else if (2 * (count + 1) > rs->match_slots) {
		/* half full at most; MATCH_CACHE_MAX answers take 2 * MATCH_CACHE_MAX slots */
		match_index_grow(rs);
		slot = match_slot(rs, hash, text, n);
	}
	e = g_malloc(sizeof(*e) + mp->len + n);
	e->rule = m ? m->rule : NULL;
	e->verdict = m ? m->verdict : VERDICT_UNKNOWN;
	e->hash = hash;
	e->len = (guint)(mp->len + n);
	memcpy(e->key, rs->match_key->str, mp->len);
	memcpy(e->key + mp->len, text, n);
	g_hash_table_add(rs->matches, e);
	rs->match_bytes += sizeof(*e) + e->len;
	rs->match_index[slot] = e;
	rs->match_tags[slot] = MATCH_TAG(hash);
}

/* ruleset_match - the first rule of the scope that matches, remembered */
int
ruleset_match(struct ruleset *rs, const char *kind, const char *section, const char *context,
	      const char *text, struct rule_match *m)
{
	size_t text_len = strlen(text);
	struct match_entry *e;
	guint hash, slot;
	int found;

	if (!section)
		section = "";
	if (text_len > MATCH_CACHE_LINE)
		return ruleset_match_any(rs, kind, section, context, text, m);
	match_cache_open(rs);
	if (!match_prefix_same(rs, kind, section, context))
		match_prefix_build(rs, kind, section, context);
	hash = match_hash_text(rs->match_prefix.hash, text, text_len);
	slot = match_slot(rs, hash, text, text_len);
	if (rs->match_tags[slot] != 0) {
		e = rs->match_index[slot];
		if (!e->rule)
			return 0;	/* m untouched, as without the cache */
		m->rule = e->rule;
		m->verdict = e->verdict;
		return 1;
	}
	found = ruleset_match_any(rs, kind, section, context, text, m);
	match_remember(rs, slot, hash, text, text_len, found ? m : NULL);
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

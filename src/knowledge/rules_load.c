/*
 * rules_load.c - reading rule files.
 *
 * A rule file is a few "key = value" defaults, then blocks that start
 * with "[rule.id]".  Values are taken literally (no escapes: "\s" stays
 * "\s"); a line that starts with white space continues the text above.
 * Every problem is reported as "file:line: reason" and skips the rule.
 * Patterns are compiled when a rule is first needed (rules_match.c), so
 * a mail pays only for the rules of the sections it has.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msg.h"
#include "util.h"
#include "knowledge/rules_private.h"


struct rules_file {
	const char *path;
	int site;
	/* file-level defaults */
	char *kind;
	char *section;
	char *context;
	/* the block being read */
	struct rule *rule;
	int rule_bad;
	const char *last_key;	/* text key a continuation line extends, or NULL */
	int problems;
	int lineno;
	int override_block;
	int strict;		/* compile patterns now, to report them (rules check) */
};

/* rules_problem - report one problem at the current line */
static void
rules_problem(struct rules_file *rf, int line, const char *fmt, const char *arg)
{
	char *text = g_strdup_printf(fmt, arg ? arg : "");

	msg_warn("%s:%d: %s", rf->path, line, text);
	g_free(text);
	rf->problems++;
	rf->rule_bad = 1;
}

/* rule_free - release one rule */
void
rule_free(struct rule *rule)
{
	guint i;

	if (!rule)
		return;
	g_free(rule->id);
	g_free(rule->kind);
	g_strfreev(rule->sections);
	g_free(rule->pattern);
	g_strfreev(rule->literals);
	pcre2_code_free(rule->re);
	g_free(rule->context);
	for (i = 0; rule->ifs && i < rule->ifs->len; i++) {
		struct rule_verdict_if *vi = &g_array_index(rule->ifs, struct rule_verdict_if, i);
		guint j;

		for (j = 0; j < vi->conds->len; j++)
			g_free(g_array_index(vi->conds, struct rule_cond, j).name);
		g_array_free(vi->conds, TRUE);
	}
	if (rule->ifs)
		g_array_free(rule->ifs, TRUE);
	rule_free_correlation(rule);
	g_free(rule->what);
	g_free(rule->why);
	g_free(rule->todo);
	g_free(rule->unless);
	g_ptr_array_free(rule->examples, TRUE);
	g_free(rule->example_context);
	if (rule->example_contexts)
		g_ptr_array_free(rule->example_contexts, TRUE);
	g_free(rule->file);
	g_free(rule->owner);
	g_free(rule->expires);
	g_free(rule);
}

/* rules_valid_id - kind.section.slug: lower case, digits, '-', '_', dots */
static int
rules_valid_id(const char *id)
{
	const char *p;
	int dots = 0;

	if (!*id || *id == '.')
		return 0;
	for (p = id; *p; p++) {
		if (*p == '.') {
			if (p[1] == '.' || p[1] == 0)
				return 0;
			dots++;
		} else if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-' && *p != '_') {
			return 0;
		}
	}
	return dots > 0;
}

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
rules_append_text(char **field, const char *value)
{
	char *old = *field;

	*field = old ? g_strconcat(old, " ", value, NULL) : g_strdup(value);
	g_free(old);
}

/* rules_set - one "key = value" inside a block */
static void
rules_set(struct rules_file *rf, int line, const char *key, const char *value)
{
	struct rule *rule = rf->rule;

	/* most frequent keys first */
	if (strcmp(key, "what") == 0) {
		rules_append_text(&rule->what, value);
	} else if (strcmp(key, "why") == 0) {
		rules_append_text(&rule->why, value);
	} else if (strcmp(key, "todo") == 0) {
		rules_append_text(&rule->todo, value);
	} else if (strcmp(key, "match") == 0) {
		g_free(rule->pattern);
		rule->pattern = g_strdup(value);
		rule->pattern_line = line;
	} else if (strcmp(key, "verdict") == 0) {
		rules_set_verdict(rf, line, value);
	} else if (strcmp(key, "example") == 0) {
		g_ptr_array_add(rule->examples, g_strdup(value));
	} else if (strcmp(key, "unless") == 0) {
		rules_append_text(&rule->unless, value);
	} else if (strcmp(key, "example_context") == 0) {
		g_free(rule->example_context);
		rule->example_context = g_strdup(value);
		/* It applies to the examples above it that have none yet. */
		if (!rule->example_contexts)
			rule->example_contexts = g_ptr_array_new_with_free_func(g_free);
		while (rule->example_contexts->len < rule->examples->len)
			g_ptr_array_add(rule->example_contexts, g_strdup(value));
	} else if (strcmp(key, "context") == 0) {
		g_free(rule->context);
		rule->context = g_strdup(value);
	} else if (strcmp(key, "kind") == 0) {
		g_free(rule->kind);
		rule->kind = g_strdup(value);
	} else if (strcmp(key, "section") == 0) {
		g_strfreev(rule->sections);
		rule->sections = strcmp(value, "*") ? g_strsplit(value, "|", -1) : NULL;
	} else if (strcmp(key, "example_join") == 0) {
		/* A line the parser joins to the example above (property rows). */
		if (rule->examples->len == 0) {
			rules_problem(rf, line, "example_join needs an example above it%s", "");
		} else {
			char **last = (char **)&rule->examples->pdata[rule->examples->len - 1];
			char *joined = g_strconcat(*last, "\n", value, NULL);

			g_free(*last);
			*last = joined;
		}
	} else if (strcmp(key, "fallback") == 0) {
		rule->fallback = strcmp(value, "yes") == 0;
	} else if (strcmp(key, "record") == 0) {
		rules_set_record(rf, line, value);
	} else if (strcmp(key, "when") == 0 || strcmp(key, "example_set") == 0) {
		rules_set_correlation(rf, line, key, value);
	} else if (strcmp(key, "owner") == 0 && rf->site) {
		g_free(rule->owner);
		rule->owner = g_strdup(value);
	} else if (strcmp(key, "expires") == 0 && rf->site) {
		if (!rules_valid_date(value))
			rules_problem(rf, line, "expires wants YYYY-MM-DD, not \"%s\"", value);
		g_free(rule->expires);
		rule->expires = g_strdup(value);
	} else {
		rules_problem(rf, line, "unknown key \"%s\"", key);
	}
}

/* rules_try_pattern - does a pattern compile?  (strict mode only) */
static void
rules_try_pattern(struct rules_file *rf, int line, const char *pattern)
{
	PCRE2_UCHAR buf[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	char *why;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (re) {
		pcre2_code_free(re);
		return;
	}
	pcre2_get_error_message(err, buf, sizeof(buf));
	why = g_strdup_printf("bad pattern at offset %zu: %s", (size_t)off, (char *)buf);
	rules_problem(rf, line, "%s", why);
	g_free(why);
}

/* rules_validate - a finished block: complete and consistent? */
static int
rules_validate(struct rules_file *rf, struct rule *rule)
{
	int line = rule->line, benign;

	if (rf->override_block)
		return 0;
	if (rf->strict && rule->pattern)
		rules_try_pattern(rf, rule->pattern_line, rule->pattern);
	if (rf->strict && rule->context)
		rules_try_pattern(rf, rule->line, rule->context);
	if (!rule->pattern)
		rules_problem(rf, line, "rule %s has no match pattern", rule->id);
	if (!rule->what || !rule->why || !rule->todo)
		rules_problem(rf, line, "rule %s needs what, why and todo", rule->id);
	if (!(rule->nameset & 2))
		rules_problem(rf, line, "rule %s has no unconditional verdict", rule->id);
	benign = rule->verdict == VERDICT_NOISE || rule->verdict == VERDICT_INFO;
	if (benign && !rule->unless)
		rules_problem(rf, line, "rule %s is benign and needs \"unless\" (when it would not be)",
			      rule->id);
	if (rule->examples->len == 0)
		rules_problem(rf, line, "rule %s has no example", rule->id);
	if (strcmp(rule->kind, "") == 0)
		rules_problem(rf, line, "rule %s has no kind", rule->id);
	return rf->rule_bad ? -1 : 0;
}

/* rules_apply_override - a site block that changes a shipped rule */
static void
rules_apply_override(struct ruleset *rs, struct rules_file *rf, struct rule *site)
{
	struct rule *shipped = g_hash_table_lookup(rs->by_id, site->id);

	if (!(site->nameset & 2)) {
		rules_problem(rf, site->line, "override of %s needs a verdict", site->id);
		return;
	}
	if (!site->owner) {
		rules_problem(rf, site->line, "override of %s needs an owner", site->id);
		return;
	}
	shipped->overridden = 1;
	shipped->shipped_verdict = shipped->verdict;
	g_free(shipped->owner);
	shipped->owner = g_strdup(site->owner);
	g_free(shipped->expires);
	shipped->expires = g_strdup(site->expires);
	shipped->lapsed = site->expires && strcmp(site->expires, rs->today) < 0;
	if (!shipped->lapsed) {
		shipped->verdict = site->verdict;
		if (shipped->ifs->len) {
			/* An override decides the verdict alone. */
			g_array_set_size(shipped->ifs, 0);
		}
	}
}

/* rules_end_block - validate and keep (or drop) the block just read */
static void
rules_end_block(struct ruleset *rs, struct rules_file *rf)
{
	struct rule *rule = rf->rule;

	if (!rule)
		return;
	rf->rule = NULL;
	if (rf->override_block) {
		if (!rf->rule_bad)
			rules_apply_override(rs, rf, rule);
		rule_free(rule);
		return;
	}
	if (rules_validate(rf, rule) < 0) {
		rule_free(rule);
		return;
	}
	if (g_hash_table_contains(rs->by_id, rule->id)) {
		rules_problem(rf, rule->line, "duplicate rule id %s", rule->id);
		rule_free(rule);
		return;
	}
	rule->seq = (int)rs->rules->len;
	g_ptr_array_add(rs->rules, rule);
	g_hash_table_insert(rs->by_id, rule->id, rule);
}

/* rules_begin_block - "[rule.id]" */
static void
rules_begin_block(struct ruleset *rs, struct rules_file *rf, const char *id)
{
	struct rule *rule = g_new0(struct rule, 1);

	rules_end_block(rs, rf);
	rf->rule = rule;
	rf->rule_bad = 0;
	rule->id = g_strdup(id);
	rule->file = g_strdup(rf->path);
	rule->line = rf->lineno;
	rule->kind = g_strdup(rf->kind ? rf->kind : "");
	rule->sections = rf->section && strcmp(rf->section, "*") ? g_strsplit(rf->section, "|", -1) : NULL;
	rule->ifs = g_array_new(FALSE, TRUE, sizeof(struct rule_verdict_if));
	rule->examples = g_ptr_array_new_with_free_func(g_free);
	rf->override_block = rf->site && g_hash_table_contains(rs->by_id, id);
	if (!rules_valid_id(id))
		rules_problem(rf, rf->lineno, "bad rule id \"%s\" (want kind.section.slug, lower case)", id);
	if (rf->context)
		rule->context = g_strdup(rf->context);
}

/* rules_file_default - "kind = ..." and friends before the first block */
static void
rules_file_default(struct rules_file *rf, const char *key, const char *value)
{
	char **slot = strcmp(key, "kind") == 0 ? &rf->kind
		: strcmp(key, "section") == 0 ? &rf->section
		: strcmp(key, "context") == 0 ? &rf->context : NULL;

	if (!slot) {
		rules_problem(rf, rf->lineno, "\"%s\" is not a file-level key (kind, section, context)", key);
		return;
	}
	g_free(*slot);
	*slot = g_strdup(value);
}

/* rules_text_key - the text keys continuation lines may extend, or NULL */
static const char *
rules_text_key(const char *key)
{
	static const char *const text_keys[] = { "what", "why", "todo", "unless" };
	guint i;

	for (i = 0; i < G_N_ELEMENTS(text_keys); i++)
		if (strcmp(key, text_keys[i]) == 0)
			return text_keys[i];
	return NULL;
}

/* rules_line - one line of a rule file */
static void
rules_line(struct ruleset *rs, struct rules_file *rf, char *line)
{
	char *p = line, *eq, *key, *value;

	if (*p == ' ' || *p == '\t') {
		p = g_strstrip(p);
		if (!*p || *p == '#')
			return;
		if (!rf->rule || !rf->last_key) {
			rules_problem(rf, rf->lineno, "continuation line only after what, why, todo or unless%s", "");
			return;
		}
		rules_set(rf, rf->lineno, rf->last_key, p);
		return;
	}
	if (!*p || *p == '#')
		return;
	if (*p == '[') {
		char *close = strrchr(p, ']');

		if (!close || close[1]) {
			rules_problem(rf, rf->lineno, "a block starts with [rule.id]%s", "");
			return;
		}
		*close = 0;
		rules_begin_block(rs, rf, p + 1);
		rf->last_key = NULL;
		return;
	}
	eq = strchr(p, '=');
	if (!eq) {
		rules_problem(rf, rf->lineno, "expected \"key = value\"%s", "");
		return;
	}
	*eq = 0;
	key = g_strstrip(p);
	value = eq + 1;
	if (*value == ' ')
		value++;	/* exactly one space after "=" is decoration */
	g_strchomp(value);
	rf->last_key = rules_text_key(key);
	if (!rf->rule)
		rules_file_default(rf, key, value);
	else
		rules_set(rf, rf->lineno, key, value);
}

/* rules_load_file - read one file */
static int
rules_load_file(struct ruleset *rs, const char *path, int site)
{
	struct rules_file rf = { .path = path, .site = site, .strict = rs->strict };
	char *data = NULL, *line, *next;
	gsize len;
	GError *gerr = NULL;

	if (!g_file_get_contents(path, &data, &len, &gerr)) {
		msg_warn("%s: %s", path, gerr->message);
		g_error_free(gerr);
		return 1;
	}
	if (!util_utf8_valid(data, len)) {
		msg_warn("%s: not valid UTF-8", path);
		g_free(data);
		return 1;
	}
	/* Lines are cut in place: the parser copies what it keeps. */
	for (line = data, rf.lineno = 1; line; line = next, rf.lineno++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		rules_line(rs, &rf, line);
	}
	rules_end_block(rs, &rf);
	g_free(data);
	g_free(rf.kind);
	g_free(rf.section);
	g_free(rf.context);
	return rf.problems;
}

/* rules_collect - every *.rules file below dir, sorted */
static void
rules_collect(const char *dir, GPtrArray *out)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (!d)
		return;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL);

		if (name[0] == '.') {
			g_free(path);
		} else if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
			rules_collect(path, out);
			g_free(path);
		} else if (g_str_has_suffix(name, ".rules")) {
			g_ptr_array_add(out, path);
		} else {
			g_free(path);
		}
	}
	g_dir_close(d);
}

/* rules_path_cmp - sort paths */
static gint
rules_path_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ruleset_load - a file or a directory tree of rule files */
int
ruleset_load(struct ruleset *rs, const char *path, int site)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	int problems = 0;
	guint i;

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		rules_collect(path, files);
		g_ptr_array_sort(files, rules_path_cmp);
	} else if (g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_ptr_array_add(files, g_strdup(path));
	} else {
		msg_warn("%s: no such rules file or directory", path);
		problems++;
	}
	for (i = 0; i < files->len; i++)
		problems += rules_load_file(rs, files->pdata[i], site);
	g_ptr_array_free(files, TRUE);
	ruleset_scopes_reset(rs);
	return problems;
}

/* rule_example_context - the heading path an example is tested with */
const char *
rule_example_context(const struct rule *rule, guint k)
{
	if (rule->example_contexts && k < rule->example_contexts->len)
		return rule->example_contexts->pdata[k];
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
	rs->scopes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   (GDestroyNotify)g_ptr_array_unref);
	rs->contexts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, rule_context_free);
	rs->md = pcre2_match_data_create(64, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(rs->mctx, 200000);
	pcre2_set_depth_limit(rs->mctx, 5000);
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
		rule_free(rs->rules->pdata[i]);
	g_ptr_array_free(rs->rules, TRUE);
	g_hash_table_destroy(rs->by_id);
	g_hash_table_destroy(rs->scopes);
	g_hash_table_destroy(rs->contexts);
	if (rs->matches)
		g_hash_table_destroy(rs->matches);
	if (rs->match_key)
		g_string_free(rs->match_key, TRUE);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	g_free(rs);
	*rsp = NULL;
}

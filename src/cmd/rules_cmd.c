/*
 * rules_cmd.c - "mailgloss rules check|list|test|pot": the tools of a
 * rule author.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "i18n.h"
#include "msg.h"
#include "cmd/cmd.h"
#include "knowledge/correlate.h"
#include "knowledge/pattern_cache.h"
#include "knowledge/rules_image.h"
#include "report/report.h"

/* rules_usage - --help text */
static void
rules_usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: mailgloss rules check [DIR|FILE]...\n"
			    "       mailgloss rules list\n"
			    "       mailgloss rules test [--kind K] [--section S] [--context C] LINE\n"
			    "       mailgloss rules pot\n"
			    "       mailgloss rules cache FILE\n"
			    "\n"
			    "check  validate rule files (default: the installed catalogue and site rules)\n"
			    "       and prove every example matches its rule and no rule of another verdict\n"
			    "list   print every rule: id, verdict, kind, sections, file:line\n"
			    "test   show which rule explains LINE, its verdict and its explanation\n"
			    "pot    print a PO template of the rules' texts (for translators)\n"
			    "cache  compile every pattern of the catalogue into FILE, which filter and\n"
			    "       explain then read instead of compiling (make and make install do this)\n"
			    "\n"
			    "Exit status: 0 fine, 1 problems found (check) or no rule matched (test), 64 usage.\n"));
}

/* rules_check - load strictly and run every example */
static int
rules_check(int argc, char **argv, const struct global_opts *g)
{
	struct ruleset *rs;
	int problems = 0, i;

	if (argc <= 1) {
		rs = engine_rules_strict(g->rules_dir, 1, &problems);
	} else {
		rs = ruleset_new();
		ruleset_set_strict(rs, 1);
		for (i = 1; i < argc; i++)
			problems += ruleset_load(rs, argv[i], 0);
	}
	problems += ruleset_check_examples(rs);
	problems += correlate_check_rules(rs);
	printf(_("%u rules checked, %d problems\n"), ruleset_count(rs), problems);
	ruleset_free(&rs);
	return problems ? 1 : 0;
}

/* rules_list - one line per rule */
static int
rules_list(const struct global_opts *g)
{
	struct ruleset *rs = engine_rules(g->rules_dir, NULL);
	guint i;

	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *r = ruleset_rule(rs, i);
		char *sections = r->sections ? g_strjoinv("|", r->sections) : g_strdup("*");

		printf("%-48s %-7s%s %-10s %-24s %s:%d\n", r->id, verdict_name(r->verdict),
		       r->ifs && r->ifs->len ? "+" : " ", r->kind, sections, r->file, r->line);
		g_free(sections);
	}
	ruleset_free(&rs);
	return 0;
}

/* rules_test_when - "when" rules that could take the line over from rule m */
static void
rules_test_when(struct ruleset *rs, const char *kind, const char *section, const char *context,
		const char *text, const struct rule *m)
{
	GString *cond = g_string_new(NULL);
	enum verdict v;
	guint i, k;

	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *w = ruleset_rule(rs, i);

		if (!w->whens || !rule_in_scope(w, kind, section) || !correlate_before(w, m)
		    || !rule_eval(rs, w, context, text, &v))
			continue;
		g_string_truncate(cond, 0);
		for (k = 0; k < w->whens->len; k++) {
			const struct rule_when *c = &g_array_index(w->whens, struct rule_when, k);

			g_string_append_printf(cond, "%s%s %s %s >= %g", k ? " and " : "", c->capture,
					       c->near ? "near" : "in", c->set, c->min);
		}
		printf(_("  when %s: %s %s (%s:%d)\n"), cond->str, verdict_name(v), w->id, w->file,
		       w->line);
	}
	g_string_free(cond, TRUE);
}

/* rules_test_scope - the rule that explains text in one scope, as explain would */
static int
rules_test_scope(struct ruleset *rs, const char *kind, const char *section, const char *context,
		 const char *text)
{
	struct rule_match m;
	struct entry e = { .origin = ORIGIN_RULE };
	GString *s;

	if (!ruleset_match(rs, kind, section, context, text, &m))
		return 0;
	e.rule = m.rule;
	e.verdict = m.verdict;
	s = g_string_new(NULL);
	render_explanation(s, &e, i18n_lang() != I18N_EN);
	printf("%s %s (%s:%d)\n%s\n", verdict_name(m.verdict), m.rule->id, m.rule->file,
	       m.rule->line, s->str);
	rules_test_when(rs, kind, section, context, text, m.rule);
	g_string_free(s, TRUE);
	return 1;
}

/* rules_test_any - every rule of any scope whose pattern matches text */
static int
rules_test_any(struct ruleset *rs, const char *context, const char *text)
{
	enum verdict v;
	int found = 0;
	guint i;

	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *r = ruleset_rule(rs, i);

		if (!rule_eval(rs, r, context, text, &v))
			continue;
		printf("%s %s [%s] (%s:%d)%s\n", verdict_name(v), r->id, r->kind, r->file, r->line,
		       r->whens ? _(" (only when its \"when\" holds)") : "");
		found = 1;
	}
	return found;
}

/* rules_test - explain one line */
static int
rules_test(int argc, char **argv, const struct global_opts *g)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "section", required_argument, NULL, 's' },
		{ "context", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kind = NULL, *section = "", *context = "";
	struct ruleset *rs;
	char *text;
	int c, found;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:s:c:", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': kind = optarg; break;
		case 's': section = optarg; break;
		case 'c': context = optarg; break;
		default:
			rules_usage(stderr);
			return EX_MG_USAGE;
		}
	}
	if (optind != argc - 1) {
		rules_usage(stderr);
		return EX_MG_USAGE;
	}
	rs = engine_rules(g->rules_dir, NULL);
	text = g_strstrip(g_strdup(argv[optind]));
	if (kind)
		found = rules_test_scope(rs, kind, section, context, text);
	else
		found = rules_test_any(rs, context, text);
	g_free(text);
	if (!found)
		printf("%s\n", _("no rule matches"));
	ruleset_free(&rs);
	return found ? 0 : 1;
}

/*
 * rules_cache - every distinct match and context pattern, and the report
 * kinds' detector and parser patterns, compiled into a file, with the
 * shipped rules parsed (rules_image.c).  The rules are parsed from their
 * files here, never taken from an older cache.
 */
static int
rules_cache(int argc, char **argv, const struct global_opts *g)
{
	const char *const *kp;
	struct ruleset *rs;
	GHashTable *seen;
	GPtrArray *patterns;
	GByteArray *image = g_byte_array_new();
	char *errstr = NULL;
	guint i;
	int rc;

	if (argc != 2) {
		rules_usage(stderr);
		return EX_MG_USAGE;
	}
	rs = engine_rules_parsed(g->rules_dir, NULL);
	seen = g_hash_table_new(g_str_hash, g_str_equal);
	patterns = g_ptr_array_new();
	for (i = 0; i < ruleset_count(rs); i++) {
		const struct rule *r = ruleset_rule(rs, i);
		const char *p[2] = { r->pattern, r->context };
		int k;

		for (k = 0; k < 2; k++)
			if (p[k] && g_hash_table_add(seen, (gpointer)p[k]))
				g_ptr_array_add(patterns, (gpointer)p[k]);
	}
	for (kp = report_patterns(); *kp; kp++)
		if (g_hash_table_add(seen, (gpointer)*kp))
			g_ptr_array_add(patterns, (gpointer)*kp);
	g_ptr_array_add(patterns, NULL);
	if (ruleset_image_make(i18n_datadir_explanations(), image, &errstr) < 0) {
		msg_warn("%s", errstr);		/* the rules are then parsed on each load */
		g_clear_pointer(&errstr, g_free);
	}
	rc = pattern_cache_write(argv[1], (char *const *)patterns->pdata, image, &errstr);
	if (rc < 0) {
		msg_warn("%s", errstr);
		g_free(errstr);
	}
	g_byte_array_free(image, TRUE);
	g_ptr_array_free(patterns, TRUE);
	g_hash_table_destroy(seen);
	ruleset_free(&rs);
	return rc < 0 ? EX_MG_SOFTWARE : 0;
}

/* cmd_rules - dispatch */
int
cmd_rules(int argc, char **argv, const struct global_opts *g)
{
	struct ruleset *rs;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		rules_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EX_MG_USAGE : 0;
	}
	if (strcmp(argv[1], "check") == 0)
		return rules_check(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "list") == 0)
		return rules_list(g);
	if (strcmp(argv[1], "test") == 0)
		return rules_test(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "cache") == 0)
		return rules_cache(argc - 1, argv + 1, g);
	if (strcmp(argv[1], "pot") == 0) {
		rs = engine_rules(NULL, NULL);
		ruleset_write_pot(rs);
		ruleset_free(&rs);
		return 0;
	}
	rules_usage(stderr);
	return EX_MG_USAGE;
}

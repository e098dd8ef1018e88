/*
 * rules_corr.c - the correlation keys of a rule block: "record",
 * "when" and "example_set" (doc/mailgloss.rules.5).
 *
 * The parsers here only read their own value; rules_load.c reports what
 * they complain about as "file:line: reason", like every other key.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/rules_private.h"

#define RULES_MAX_SET_NAME	64	/* a set name is at most this long */
#define RULES_MAX_CAPTURE	128	/* PCRE2's limit on group names is 128 too */

/* rules_words - split on white space, without empty words */
static char **
rules_words(const char *s)
{
	char **w = g_strsplit_set(s, " \t", -1);
	int i, n = 0;

	for (i = 0; w[i]; i++) {
		if (*w[i])
			w[n++] = w[i];
		else
			g_free(w[i]);
	}
	w[n] = NULL;
	return w;
}

/* rules_valid_set_name - lower case letters, digits, '-' and '_' */
static int
rules_valid_set_name(const char *s)
{
	const char *p;

	if (!*s || strlen(s) > RULES_MAX_SET_NAME)
		return 0;
	for (p = s; *p; p++)
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-' && *p != '_')
			return 0;
	return 1;
}

/* rules_valid_capture - a PCRE2 group name: letters, digits, '_', no digit first */
static int
rules_valid_capture(const char *s)
{
	const char *p;

	if (!*s || strlen(s) > RULES_MAX_CAPTURE || g_ascii_isdigit(*s))
		return 0;
	for (p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '_')
			return 0;
	return 1;
}

/* rules_positive - a finite number above zero, or -1 */
static int
rules_positive(const char *s, double *v_r)
{
	char *end;

	errno = 0;
	*v_r = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(*v_r) || *v_r <= 0)
		return -1;
	return 0;
}

/* rule_parse_record - "SET CAPTURE [COUNT]" (the part before " if ") */
int
rule_parse_record(struct rule *rule, const char *spec, int line, struct rule_record **rec_r,
		  char **err)
{
	char **w = rules_words(spec);
	guint n = g_strv_length(w);
	struct rule_record rec = { 0 };

	if (n < 2 || n > 3) {
		*err = g_strdup_printf("record wants SET CAPTURE [COUNT-CAPTURE] [if CONDITION], not \"%s\"",
				       spec);
	} else if (!rules_valid_set_name(w[0])) {
		*err = g_strdup_printf("bad set name \"%s\" (lower case letters, digits, - and _)", w[0]);
	} else if (!rules_valid_capture(w[1]) || (n == 3 && !rules_valid_capture(w[2]))) {
		*err = g_strdup_printf("bad capture name in \"%s\"", spec);
	} else {
		rec.set = g_strdup(w[0]);
		rec.capture = g_strdup(w[1]);
		rec.count = n == 3 ? g_strdup(w[2]) : NULL;
		rec.conds = g_array_new(FALSE, TRUE, sizeof(struct rule_cond));
		rec.line = line;
		if (!rule->records)
			rule->records = g_array_new(FALSE, TRUE, sizeof(struct rule_record));
		g_array_append_val(rule->records, rec);
		*rec_r = &g_array_index(rule->records, struct rule_record, rule->records->len - 1);
	}
	g_strfreev(w);
	return rec.set ? 0 : -1;
}

/* rule_parse_when - "CAPTURE in|near SET [>= NUMBER]" */
int
rule_parse_when(struct rule *rule, const char *spec, int line, char **err)
{
	char **w = rules_words(spec);
	guint n = g_strv_length(w);
	struct rule_when wh = { .min = 1, .line = line };

	if ((n != 3 && n != 5) || (strcmp(w[1], "in") && strcmp(w[1], "near"))
	    || (n == 5 && strcmp(w[3], ">="))) {
		*err = g_strdup_printf("when wants CAPTURE in|near SET [>= NUMBER], not \"%s\"", spec);
	} else if (!rules_valid_capture(w[0])) {
		*err = g_strdup_printf("bad capture name \"%s\"", w[0]);
	} else if (!rules_valid_set_name(w[2])) {
		*err = g_strdup_printf("bad set name \"%s\" (lower case letters, digits, - and _)", w[2]);
	} else if (n == 5 && rules_positive(w[4], &wh.min) < 0) {
		*err = g_strdup_printf("when needs a number above 0 after >=, not \"%s\"", w[4]);
	} else {
		wh.capture = g_strdup(w[0]);
		wh.near = strcmp(w[1], "near") == 0;
		wh.set = g_strdup(w[2]);
		if (!rule->whens)
			rule->whens = g_array_new(FALSE, TRUE, sizeof(struct rule_when));
		g_array_append_val(rule->whens, wh);
	}
	g_strfreev(w);
	return wh.set ? 0 : -1;
}

/* rule_parse_example_set - "SET VALUE [COUNT]" */
int
rule_parse_example_set(struct rule *rule, const char *spec, char **err)
{
	char **w = rules_words(spec);
	guint n = g_strv_length(w);
	struct rule_example_set es = { .count = 1 };

	if (n < 2 || n > 3) {
		*err = g_strdup_printf("example_set wants SET VALUE [COUNT], not \"%s\"", spec);
	} else if (!rules_valid_set_name(w[0])) {
		*err = g_strdup_printf("bad set name \"%s\" (lower case letters, digits, - and _)", w[0]);
	} else if (n == 3 && rules_positive(w[2], &es.count) < 0) {
		*err = g_strdup_printf("example_set needs a count above 0, not \"%s\"", w[2]);
	} else {
		es.set = g_strdup(w[0]);
		es.value = g_strdup(w[1]);
		if (!rule->example_sets)
			rule->example_sets = g_array_new(FALSE, TRUE, sizeof(struct rule_example_set));
		g_array_append_val(rule->example_sets, es);
	}
	g_strfreev(w);
	return es.set ? 0 : -1;
}

/* rule_free_correlation - release a rule's record, when and example_set keys */
void
rule_free_correlation(struct rule *rule)
{
	guint i, j;

	for (i = 0; rule->records && i < rule->records->len; i++) {
		struct rule_record *rec = &g_array_index(rule->records, struct rule_record, i);

		g_free(rec->set);
		g_free(rec->capture);
		g_free(rec->count);
		for (j = 0; j < rec->conds->len; j++)
			g_free(g_array_index(rec->conds, struct rule_cond, j).name);
		g_array_free(rec->conds, TRUE);
	}
	for (i = 0; rule->whens && i < rule->whens->len; i++) {
		g_free(g_array_index(rule->whens, struct rule_when, i).capture);
		g_free(g_array_index(rule->whens, struct rule_when, i).set);
	}
	for (i = 0; rule->example_sets && i < rule->example_sets->len; i++) {
		g_free(g_array_index(rule->example_sets, struct rule_example_set, i).set);
		g_free(g_array_index(rule->example_sets, struct rule_example_set, i).value);
	}
	if (rule->records)
		g_array_free(rule->records, TRUE);
	if (rule->whens)
		g_array_free(rule->whens, TRUE);
	if (rule->example_sets)
		g_array_free(rule->example_sets, TRUE);
}

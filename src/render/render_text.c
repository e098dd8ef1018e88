/*
 * render_text.c - the annotated report as text, for a terminal or for
 * the first part of a rewritten mail.
 *
 * Every line mailgloss writes starts with the marker RENDER_MARK; report
 * lines never do (render_safe_line marks look-alikes), so a reader can
 * always tell our notes from the report's own text.
 */
#include <string.h>

#include "i18n.h"
#include "render/render.h"

#define C_RESET "\033[0m"

/* text_colour - ANSI colour of a verdict */
static const char *
text_colour(enum verdict v)
{
	static const char *const c[VERDICT_COUNT] = {
		"\033[2m", "\033[36m", "\033[33m", "\033[1;31m", "\033[1;37;41m", "\033[35m",
	};

	return c[v];
}

/* text_label - "[要確認]" with colour on a terminal */
static void
text_label(GString *out, enum verdict v, int colour)
{
	if (colour)
		g_string_append(out, text_colour(v));
	g_string_append_c(out, '[');
	g_string_append(out, render_verdict_label(v));
	g_string_append_c(out, ']');
	if (colour)
		g_string_append(out, C_RESET);
}

/* text_mark - start one of our lines */
static void
text_mark(GString *out, int colour)
{
	if (colour)
		g_string_append(out, "\033[2m" RENDER_MARK C_RESET " ");
	else
		g_string_append(out, RENDER_MARK " ");
}

/* text_line - one line "  LABEL TEXT" of a note */
static void
text_line(GString *out, const char *label, const char *text, int colour)
{
	text_mark(out, colour);
	g_string_append(out, "  ");
	g_string_append(out, label);
	g_string_append_c(out, ' ');
	g_string_append(out, text);
	g_string_append_c(out, '\n');
}

/* text_field - one field of a note, in one or two languages */
static void
text_field(GString *out, const char *label, const char *text, int colour)
{
	enum i18n_lang l = i18n_lang();

	if (!text)
		return;
	text_line(out, l == I18N_EN ? label : _(label), l == I18N_EN ? text : _(text), colour);
	if (l == I18N_JA_EN)
		text_line(out, label, text, colour);
}

/* text_note - the note after an entry; a rule already explained above
 * gets a one-line reference instead of the same paragraph again */
static void
text_note(GString *out, GHashTable *seen, const struct entry *e, int colour)
{
	const char *id = entry_rule_id(e);
	GString *extra;

	if (!entry_counts(e))
		return;
	if (id && g_hash_table_contains(seen, id)) {
		text_mark(out, colour);
		text_label(out, e->verdict, colour);
		g_string_append_c(out, ' ');
		g_string_append(out, id);
		g_string_append_c(out, ' ');
		if (e->lines->len > 1) {
			g_string_append_printf(out, _("(%u lines)"), e->lines->len);
			g_string_append_c(out, ' ');
		}
		g_string_append(out, _("(explained above)"));
		g_string_append_c(out, '\n');
		return;
	}
	if (id)
		g_hash_table_add(seen, (gpointer)id);
	text_mark(out, colour);
	text_label(out, e->verdict, colour);
	if (id) {
		g_string_append_c(out, ' ');
		g_string_append(out, id);
	}
	if (e->lines->len > 1) {
		char *n = g_strdup_printf(_("(%u lines)"), e->lines->len);

		g_string_append_printf(out, " %s", n);
		g_free(n);
	}
	g_string_append_c(out, '\n');
	if (e->origin == ORIGIN_RULE) {
		text_field(out, N_("What:"), e->rule->what, colour);
		text_field(out, N_("Why:"), e->rule->why, colour);
		text_field(out, N_("To do:"), e->rule->todo, colour);
		text_field(out, N_("Not harmless when:"), e->rule->unless, colour);
		if (e->rule->overridden) {
			extra = g_string_new(NULL);
			render_override(extra, e->rule, i18n_lang() != I18N_EN);
			text_mark(out, colour);
			g_string_append_printf(out, "  %s\n", extra->str);
			g_string_free(extra, TRUE);
		}
	} else {
		extra = g_string_new(NULL);
		render_explanation(extra, e, i18n_lang() != I18N_EN);
		text_mark(out, colour);
		g_string_append_printf(out, "  %s\n", extra->str);
		g_string_free(extra, TRUE);
	}
}

/* text_excerpt - report text made safe, trimmed, cut at max characters */
static char *
text_excerpt(const char *text, glong max)
{
	char *trimmed = g_strstrip(g_strdup(text));
	char *safe = render_safe_line(trimmed);

	g_free(trimmed);
	if (g_utf8_strlen(safe, -1) > max) {
		char *cut = g_utf8_offset_to_pointer(safe, max);

		*cut = 0;
	}
	return safe;
}

/* text_summary - counts and the entries that need attention */
static void
text_summary(GString *out, const struct explained *x, int colour)
{
	const struct annotation *a = x->ann;
	GPtrArray *limits;
	int v, shown = 0;
	guint k;

	text_mark(out, colour);
	g_string_append_printf(out, "mailgloss: %s", render_kind_name(x));
	if (x->host) {
		char *host = text_excerpt(x->host, 80);

		g_string_append_printf(out, " (%s)", host);
		g_free(host);
	}
	g_string_append(out, " ");
	text_label(out, a->verdict, colour);
	g_string_append_c(out, '\n');
	text_mark(out, colour);
	for (v = 0; v < VERDICT_COUNT; v++)
		g_string_append_printf(out, "%s%s %d", v ? " / " : "", render_verdict_label(v), a->counts[v]);
	g_string_append_c(out, '\n');
	for (k = 0; k < a->entries->len; k++) {
		const struct entry *e = &g_array_index(a->entries, struct entry, k);
		const struct report_line *l;
		char *safe, *title;

		if (!entry_counts(e) || !verdict_more_severe(e->verdict, VERDICT_INFO))
			continue;
		if (shown++ == 0) {
			text_mark(out, colour);
			g_string_append_printf(out, "%s\n", _("Needs attention:"));
		}
		l = &x->report->lines[g_array_index(e->lines, int, 0)];
		safe = text_excerpt(l->text, 100);
		title = text_excerpt(report_section(x->report, e->section)->title, 60);
		text_mark(out, colour);
		g_string_append(out, "  ");
		text_label(out, e->verdict, colour);
		g_string_append_printf(out, " %s %d: %s\n", title, l->lineno, safe);
		g_free(safe);
		g_free(title);
	}
	if (a->counts[VERDICT_UNKNOWN]) {
		char *s = g_strdup_printf(_("%d part(s) matched no rule; they are marked %s below."),
					  a->counts[VERDICT_UNKNOWN], render_verdict_label(VERDICT_UNKNOWN));

		text_mark(out, colour);
		g_string_append_printf(out, "%s\n", s);
		g_free(s);
	}
	for (k = 0; x->notes && k < x->notes->len; k++) {
		text_mark(out, colour);
		g_string_append_printf(out, "%s\n", (char *)x->notes->pdata[k]);
	}
	limits = render_limit_notes(x);
	for (k = 0; k < limits->len; k++) {
		text_mark(out, colour);
		g_string_append_printf(out, "%s\n", (char *)limits->pdata[k]);
	}
	g_ptr_array_unref(limits);
	text_mark(out, colour);
	g_string_append_c(out, '\n');
}

/* render_text - summary, then the report with notes after entries */
void
render_text(GString *out, const struct explained *x, int colour)
{
	const struct report *r = x->report;
	const struct annotation *a = x->ann;
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	int i;

	text_summary(out, x, colour);
	for (i = 0; i < r->nlines; i++) {
		int e = a->line_entry[i];

		render_append_safe_line(out, r->lines[i].text);
		g_string_append_c(out, '\n');
		if (e < 0)
			continue;
		if (g_array_index(g_array_index(a->entries, struct entry, e).lines, int,
				  g_array_index(a->entries, struct entry, e).lines->len - 1) != i)
			continue;
		text_note(out, seen, &g_array_index(a->entries, struct entry, e), colour);
	}
	g_hash_table_destroy(seen);
}

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
		util_puts(out, text_colour(v));
	g_string_append_c(out, '[');
	util_puts(out, render_verdict_label(v));
	g_string_append_c(out, ']');
	if (colour)
		util_put(out, C_RESET, sizeof(C_RESET) - 1);
}

/* text_mark - start one of our lines */
static void
text_mark(GString *out, int colour)
{
	static const char plain[] = RENDER_MARK " ", dim[] = "\033[2m" RENDER_MARK C_RESET " ";

	if (colour)
		util_put(out, dim, sizeof(dim) - 1);
	else
		util_put(out, plain, sizeof(plain) - 1);
}

/* text_line - one line "  LABEL TEXT" of a note */
static void
text_line(GString *out, const char *label, const char *text, int colour)
{
	static const char plain[] = RENDER_MARK "   ";	/* text_mark's, and the indent */

	if (colour) {
		text_mark(out, colour);
		util_put(out, "  ", 2);
	} else {
		util_put(out, plain, sizeof(plain) - 1);
	}
	util_puts(out, label);
	g_string_append_c(out, ' ');
	util_puts(out, text);
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

/*
 * The ids whose explanation was given above: an open-addressing set
 * with room for every entry of the report twice over, a third of the
 * cost of a GHashTable of them.  An id is mostly found at the address
 * it was added with, so the pointer is compared before the text.
 */
struct seen_ids {
	const char **slot;
	guint mask;
};

/* seen_ids_init - an empty set for up to n ids */
static void
seen_ids_init(struct seen_ids *t, guint n)
{
	guint size = 16;

	while (size < 2 * n + 2)
		size *= 2;
	t->slot = g_new0(const char *, size);
	t->mask = size - 1;
}

/* seen_ids_add - was the id there already?  It is now */
static int
seen_ids_add(struct seen_ids *t, const char *id)
{
	guint i = util_hash_bytes(id, strlen(id), 0) & t->mask;

	for (; t->slot[i]; i = (i + 1) & t->mask)
		if (t->slot[i] == id || strcmp(t->slot[i], id) == 0)
			return 1;
	t->slot[i] = id;
	return 0;
}

/* text_note - the note after an entry; a rule already explained above
 * gets a one-line reference instead of the same paragraph again */
static void
text_note(GString *out, struct seen_ids *seen, const struct entry *e, int colour)
{
	const char *id = entry_rule_id(e);
	GString *extra;

	if (!entry_counts(e))
		return;
	if (id && seen_ids_add(seen, id)) {
		text_mark(out, colour);
		text_label(out, e->verdict, colour);
		g_string_append_c(out, ' ');
		util_puts(out, id);
		g_string_append_c(out, ' ');
		if (e->nlines > 1) {
			render_put_count(out, _("(%u lines)"), e->nlines);
			g_string_append_c(out, ' ');
		}
		util_puts(out, _("(explained above)"));
		g_string_append_c(out, '\n');
		return;
	}
	text_mark(out, colour);
	text_label(out, e->verdict, colour);
	if (id) {
		g_string_append_c(out, ' ');
		util_puts(out, id);
	}
	if (e->nlines > 1) {
		g_string_append_c(out, ' ');
		render_put_count(out, _("(%u lines)"), e->nlines);
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

/*
 * text_excerpt - report text made safe, trimmed, cut at max characters,
 * appended to out in place
 */
static void
text_excerpt(GString *out, const char *text, glong max)
{
	const char *end;
	gsize start = out->len;

	while (g_ascii_isspace(*text))
		text++;
	for (end = text + strlen(text); end > text && g_ascii_isspace(end[-1]); end--)
		;
	render_append_safe_len(out, text, end - text);
	/* No more bytes than max: no more characters either. */
	if (out->len - start > (gsize)max && g_utf8_strlen(out->str + start, -1) > max)
		g_string_truncate(out, g_utf8_offset_to_pointer(out->str + start, max) - out->str);
}

/* text_counts - "Noise 3 / Info 1 / ..." */
static void
text_counts(GString *out, const struct annotation *a)
{
	int v;

	for (v = 0; v < VERDICT_COUNT; v++) {
		if (v)
			util_put(out, " / ", 3);
		util_puts(out, render_verdict_label(v));
		g_string_append_c(out, ' ');
		render_put_int(out, a->counts[v]);
	}
}

/* text_attention - one "  [Check] Section 12: line" of the summary */
static void
text_attention(GString *out, const struct explained *x, const struct entry *e, int colour)
{
	const struct report_line *l = &x->report->lines[e->lines[0]];

	text_mark(out, colour);
	util_put(out, "  ", 2);
	text_label(out, e->verdict, colour);
	g_string_append_c(out, ' ');
	text_excerpt(out, report_section(x->report, e->section)->title, 60);
	g_string_append_c(out, ' ');
	render_put_int(out, l->lineno);
	util_put(out, ": ", 2);
	text_excerpt(out, l->text, 100);
	g_string_append_c(out, '\n');
}

/* text_note_line - one of our lines holding text */
static void
text_note_line(GString *out, const char *text, int colour)
{
	text_mark(out, colour);
	util_puts(out, text);
	g_string_append_c(out, '\n');
}

/* text_summary - counts and the entries that need attention */
static void
text_summary(GString *out, const struct explained *x, int colour)
{
	const struct annotation *a = x->ann;
	GPtrArray *limits;
	int shown = 0;
	guint k;

	text_mark(out, colour);
	util_put(out, "mailgloss: ", 11);
	util_puts(out, render_kind_name(x));
	if (x->host) {
		util_put(out, " (", 2);
		text_excerpt(out, x->host, 80);
		g_string_append_c(out, ')');
	}
	g_string_append_c(out, ' ');
	text_label(out, a->verdict, colour);
	g_string_append_c(out, '\n');
	text_mark(out, colour);
	text_counts(out, a);
	g_string_append_c(out, '\n');
	for (k = 0; k < a->entries->len; k++) {
		const struct entry *e = &g_array_index(a->entries, struct entry, k);

		if (!entry_counts(e) || !verdict_more_severe(e->verdict, VERDICT_INFO))
			continue;
		if (shown++ == 0)
			text_note_line(out, _("Needs attention:"), colour);
		text_attention(out, x, e, colour);
	}
	if (a->counts[VERDICT_UNKNOWN]) {
		char *s = g_strdup_printf(_("%d part(s) matched no rule; they are marked %s below."),
					  a->counts[VERDICT_UNKNOWN], render_verdict_label(VERDICT_UNKNOWN));

		text_note_line(out, s, colour);
		g_free(s);
	}
	for (k = 0; x->notes && k < x->notes->len; k++)
		text_note_line(out, x->notes->pdata[k], colour);
	limits = render_limit_notes(x);
	for (k = 0; k < limits->len; k++)
		text_note_line(out, limits->pdata[k], colour);
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
	struct seen_ids seen;
	int i;

	text_summary(out, x, colour);
	seen_ids_init(&seen, a->entries->len);
	for (i = 0; i < r->nlines; i++) {
		const struct entry *ent;
		int e = a->line_entry[i];

		if (r->shown)
			render_append_safe_line(out, report_line_shown(r, i));
		else
			render_append_safe_len(out, r->lines[i].text, r->lines[i].len);
		g_string_append_c(out, '\n');
		if (e < 0)
			continue;
		ent = &g_array_index(a->entries, struct entry, e);
		if (ent->lines[ent->nlines - 1] != i)
			continue;
		text_note(out, &seen, ent, colour);
	}
	g_free(seen.slot);
}

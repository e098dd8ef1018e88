/*
 * render_common.c - what every renderer shares: verdict labels, safe
 * report lines, explanation paragraphs.
 */
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "render/render.h"

/* render_verdict_label - the label a reader sees */
const char *
render_verdict_label(enum verdict v)
{
	static const char *const labels[VERDICT_COUNT] = {
		N_("Noise"), N_("Info"), N_("Check"), N_("Action"), N_("Urgent"), N_("Unknown"),
	};

	return _(labels[(unsigned)v < VERDICT_COUNT ? v : VERDICT_UNKNOWN]);
}

/* render_lookalike - could this character pass for our marker? */
static int
render_lookalike(gunichar c)
{
	return (c >= 0x2500 && c <= 0x259F)	/* box drawing, block elements */
	       || c == 0xFF5C || c == 0x2016 || c == 0x23B8 || c == 0x23B9 || c == 0x23D0
	       || (c >= 0x2758 && c <= 0x275A) || c == 0x01C0 || c == 0x05C0 || c == 0x2223
	       || c == 0x2225 || c == 0xFFE8 || c == 0x0964 || c == 0x0965;
}

/*
 * render_plain_ascii - are the len bytes at text all printable ASCII
 * (0x20..0x7e)?  As in util.c, a byte with its high bit set shows in w,
 * a 0x7f in w + 0x01.. and a control in w - 0x20..; a carry or borrow
 * only ever starts at a byte that is flagged anyway.  The last word
 * overlaps the one before it rather than being read byte by byte.
 */
static int
render_plain_ascii(const char *text, size_t len)
{
	const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101);
	const guint64 spaces = G_GUINT64_CONSTANT(0x2020202020202020);
	guint64 w, bad = 0;
	size_t i;

	if (len < 8) {
		for (i = 0; i < len; i++)
			if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] >= 0x7f)
				return 0;
		return 1;
	}
	for (i = 0; i + 8 < len; i += 8) {
		memcpy(&w, text + i, 8);
		bad |= w | (w + ones) | (w - spaces);
	}
	memcpy(&w, text + len - 8, 8);
	bad |= w | (w + ones) | (w - spaces);
	return !(bad & G_GUINT64_CONSTANT(0x8080808080808080));
}

/*
 * render_append_safe_len - text sanitised onto out, visibly marked if
 * it imitates our own lines.  Most report lines are printable ASCII,
 * which util_sanitize keeps as it is and none of which passes for the
 * marker: those are copied as they are.
 */
void
render_append_safe_len(GString *out, const char *text, size_t len)
{
	gsize start = out->len;
	const char *p;

	if (render_plain_ascii(text, len)) {
		util_put(out, text, len);
		return;
	}

	util_sanitize_append(out, text, len);
	for (p = out->str + start; *p == ' ' || *p == '\t'; p++)
		;
	/* Only a character outside ASCII can pass for the marker. */
	if ((unsigned char)*p >= 0x80 && render_lookalike(g_utf8_get_char(p)))
		g_string_insert(out, (gssize)start, "[report] ");
}

/* render_append_safe_line - render_append_safe_len of a string */
void
render_append_safe_line(GString *out, const char *text)
{
	render_append_safe_len(out, text, strlen(text));
}

/* render_safe_line - render_append_safe_line as a new string */
char *
render_safe_line(const char *text)
{
	GString *out = g_string_sized_new(strlen(text) + 16);

	render_append_safe_line(out, text);
	return g_string_free(out, FALSE);
}

/* render_put_int - n in decimal, as printf's %ld writes it */
void
render_put_int(GString *out, long n)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--p = '-';
	util_put(out, p, buf + sizeof(buf) - p);
}

/*
 * render_put_count - fmt (a translated "(%u lines)") with n in it.  A
 * format with anything but one plain %u or %d goes through printf.
 */
void
render_put_count(GString *out, const char *fmt, unsigned n)
{
	const char *pc = strchr(fmt, '%');

	if (!pc || (pc[1] != 'u' && pc[1] != 'd') || strchr(pc + 2, '%')) {
		g_string_append_printf(out, fmt, n);
		return;
	}
	util_put(out, fmt, pc - fmt);
	render_put_int(out, pc[1] == 'u' ? (long)n : (long)(int)n);
	util_puts(out, pc + 2);
}

/* render_kind_name - display name of the report kind */
const char *
render_kind_name(const struct explained *x)
{
	if (!x->report || !x->report->kind)
		return _("not a recognised report");
	return x->report->kind->name;
}

/* render_section_verdict - most severe counting entry of section s */
enum verdict
render_section_verdict(const struct explained *x, int s)
{
	enum verdict v = VERDICT_UNKNOWN;
	guint k;

	for (k = 0; k < x->ann->entries->len; k++) {
		const struct entry *e = &g_array_index(x->ann->entries, struct entry, k);

		if (e->section == s && e->verdict != VERDICT_UNKNOWN)
			v = verdict_max(v, e->verdict);
	}
	return v;
}

/* render_field - "label text" in one language */
static void
render_field(GString *out, const char *label, const char *text, int primary)
{
	if (!text)
		return;
	if (out->len)
		g_string_append_c(out, ' ');
	if (label)
		g_string_append_printf(out, "%s ", primary ? _(label) : label);
	g_string_append(out, primary ? _(text) : text);
}

/* render_override - say when a local override decided the verdict */
void
render_override(GString *s, const struct rule *rule, int primary)
{
	const char *fmt;
	char *text;

	if (!rule->overridden)
		return;
	if (rule->lapsed)
		fmt = N_("(A local override by %s expired on %s; the shipped verdict applies again.)");
	else if (rule->expires)
		fmt = N_("(Verdict set locally: accepted by %s until %s.)");
	else
		fmt = N_("(Verdict set locally: accepted by %s%s.)");
	text = g_strdup_printf(primary ? _(fmt) : fmt, rule->owner, rule->expires ? rule->expires : "");
	g_string_append_printf(s, "%s%s", s->len ? " " : "", text);
	g_free(text);
}

/* render_explanation - what, why, what to do, and when not harmless */
void
render_explanation(GString *out, const struct entry *e, int primary)
{
	GString *s = g_string_new(NULL);

	switch (e->origin) {
	case ORIGIN_RULE:
		render_field(s, NULL, e->rule->what, primary);
		render_field(s, NULL, e->rule->why, primary);
		render_field(s, N_("To do:"), e->rule->todo, primary);
		render_field(s, N_("Not harmless when:"), e->rule->unless, primary);
		render_override(s, e->rule, primary);
		break;
	case ORIGIN_HEADING:
		render_field(s, NULL, N_("A heading; the lines below it carry their own notes."), primary);
		break;
	case ORIGIN_SUMMARY:
		render_field(s, NULL, N_("A summary; its verdict is that of the objects it stands for, "
					 "explained where they are listed."), primary);
		break;
	default:
		render_field(s, NULL, N_("No rule recognises this. Read it yourself; if it is harmless, "
					 "a local rule can say so."), primary);
		break;
	}
	g_string_append(out, s->str);
	g_string_free(s, TRUE);
}

/* render_limit_notes - say what the limits kept from being matched */
GPtrArray *
render_limit_notes(const struct explained *x)
{
	GPtrArray *notes = g_ptr_array_new_with_free_func(g_free);

	if (x->ann->too_long)
		g_ptr_array_add(notes, g_strdup_printf(_("%d line(s) longer than %d bytes were not matched "
							 "against the rules; read them yourself."),
						       x->ann->too_long, ANNOTATE_MAX_LINE));
	if (x->ann->over_budget)
		g_ptr_array_add(notes, g_strdup_printf(_("The report is very long: its last %d line(s) were "
							 "not matched against the rules."),
						       x->ann->over_budget));
	return notes;
}

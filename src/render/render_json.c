/*
 * render_json.c - "mailgloss-explain/1" (SPEC section 7).
 *
 * Keys come in a fixed order and nothing depends on time or addresses,
 * so the output is byte-for-byte deterministic.
 */
#include <string.h>

#include "i18n.h"
#include "render/render.h"

/* json_string - a JSON string literal; input is valid UTF-8 */
static void
json_string(GString *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	if (!s) {
		g_string_append(out, "null");
		return;
	}
	g_string_append_c(out, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': g_string_append(out, "\\\""); break;
		case '\\': g_string_append(out, "\\\\"); break;
		case '\n': g_string_append(out, "\\n"); break;
		case '\t': g_string_append(out, "\\t"); break;
		case '\r': g_string_append(out, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (char)*p);
		}
	}
	g_string_append_c(out, '"');
}

/* json_valid - a copy that is valid UTF-8 for JSON */
static char *
json_valid(const char *s)
{
	return g_utf8_make_valid(s, -1);
}

/* json_key - "key": */
static void
json_key(GString *out, const char *key)
{
	json_string(out, key);
	g_string_append(out, ": ");
}

/* json_explanation - the entry's explanation in the chosen language(s) */
static void
json_explanation(GString *out, const struct entry *e)
{
	GString *s = g_string_new(NULL);

	if (i18n_lang() == I18N_EN) {
		render_explanation(s, e, 0);
	} else {
		render_explanation(s, e, 1);
		if (i18n_lang() == I18N_JA_EN) {
			g_string_append(s, "\n");
			render_explanation(s, e, 0);
		}
	}
	json_string(out, s->str);
	g_string_free(s, TRUE);
}

/* json_entry - one entry object */
static void
json_entry(GString *out, const struct explained *x, const struct entry *e)
{
	const struct report *r = x->report;
	guint k;

	g_string_append_printf(out, "{\"first_line\": %d, \"lines\": [",
			       r->lines[e->lines[0]].lineno);
	for (k = 0; k < e->nlines; k++) {
		char *v = json_valid(report_line_shown(r, e->lines[k]));

		if (k)
			g_string_append(out, ", ");
		json_string(out, v);
		g_free(v);
	}
	g_string_append(out, "], ");
	json_key(out, "verdict");
	json_string(out, verdict_name(e->verdict));
	g_string_append(out, ", ");
	json_key(out, "rule");
	json_string(out, entry_rule_id(e));
	g_string_append(out, ", ");
	json_key(out, "explanation");
	json_explanation(out, e);
	g_string_append(out, "}");
}

/* json_section - one section with its frame lines and entries */
static void
json_section(GString *out, const struct explained *x, int s)
{
	const struct report *r = x->report;
	const struct report_section *sec = report_section(r, s);
	char *title = json_valid(sec->title);
	int i, n = 0;
	guint k;

	g_string_append(out, "        {");
	json_key(out, "title");
	json_string(out, title);
	g_free(title);
	g_string_append(out, ", ");
	json_key(out, "kind");
	json_string(out, sec->kind);
	g_string_append(out, ", ");
	json_key(out, "verdict");
	json_string(out, verdict_name(render_section_verdict(x, s)));
	g_string_append(out, ",\n          \"frame\": [");
	for (i = 0; i < r->nlines; i++) {
		char *v;

		if (r->lines[i].section != s || r->lines[i].role != LINE_FRAME)
			continue;
		v = json_valid(report_line_shown(r, i));
		if (n++)
			g_string_append(out, ", ");
		json_string(out, v);
		g_free(v);
	}
	g_string_append(out, "],\n          \"entries\": [");
	n = 0;
	for (k = 0; k < x->ann->entries->len; k++) {
		const struct entry *e = &g_array_index(x->ann->entries, struct entry, k);

		if (e->section != s)
			continue;
		g_string_append(out, n++ ? ",\n            " : "\n            ");
		json_entry(out, x, e);
	}
	g_string_append(out, n ? "\n          ]}" : "]}");
}

/* render_json_begin - the document's opening */
void
render_json_begin(GString *out)
{
	g_string_append(out, "{\n  \"format\": \"mailgloss-explain/1\",\n  \"messages\": [");
}

/* render_json_message - one message object */
void
render_json_message(GString *out, const struct explained *x, int first)
{
	GPtrArray *limits;
	int s, v;
	guint k;

	g_string_append(out, first ? "\n    {\n" : ",\n    {\n");
	g_string_append(out, "      \"source\": ");
	json_string(out, x->source);
	g_string_append_printf(out, ", \"index\": %d,\n      \"subject\": ", x->index);
	json_string(out, x->subject);
	g_string_append(out, ", \"host\": ");
	json_string(out, x->host);
	g_string_append(out, ",\n      \"kind\": ");
	json_string(out, x->report && x->report->kind ? x->report->kind->id : "none");
	g_string_append(out, ", \"verdict\": ");
	json_string(out, verdict_name(x->ann->verdict));
	g_string_append(out, ",\n      \"counts\": {");
	for (v = 0; v < VERDICT_COUNT; v++)
		g_string_append_printf(out, "%s\"%s\": %d", v ? ", " : "", verdict_name(v),
				       x->ann->counts[v]);
	g_string_append(out, "},\n      \"notes\": [");
	for (k = 0; x->notes && k < x->notes->len; k++) {
		if (k)
			g_string_append(out, ", ");
		json_string(out, x->notes->pdata[k]);
	}
	limits = render_limit_notes(x);
	for (k = 0; k < limits->len; k++) {
		if (k || (x->notes && x->notes->len))
			g_string_append(out, ", ");
		json_string(out, limits->pdata[k]);
	}
	g_ptr_array_unref(limits);
	g_string_append(out, "],\n      \"sections\": [");
	for (s = 0; s < report_nsections(x->report); s++) {
		g_string_append(out, s ? ",\n" : "\n");
		json_section(out, x, s);
	}
	g_string_append(out, report_nsections(x->report) ? "\n      ]\n    }" : "]\n    }");
}

/* render_json_end - close the document */
void
render_json_end(GString *out)
{
	g_string_append(out, "\n  ]\n}\n");
}

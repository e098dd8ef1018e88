/*
 * batch_report.c - what a mailbox held, for "mailgloss batch": messages
 * per report kind and verdict, every entry that needs attention (check,
 * action, urgent) with the mail's date and host, the most frequent noise
 * (what to quieten at its source) and the unrecognised lines by shape.
 *
 * Memory is bounded whatever the mailbox size: entries that need
 * attention are grouped (same verdict, host, rule and line: one group
 * with a count and the first and last date) and at most ATTENTION_MAX
 * groups are kept; shapes are bounded in batch_shape.c.
 */
#include <errno.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "cmd/batch.h"

#define ATTENTION_MAX	2000	/* groups kept; more are only counted */
#define NOISE_SHOWN	15	/* rules in the noise table */
#define SHAPES_SHOWN	30	/* shapes in the text report */

struct kind_row {
	char *kind;
	guint total;
	guint counts[VERDICT_COUNT];
};

struct attention {
	enum verdict verdict;
	char *host, *rule, *kind, *section, *line, *first_date, *last_date;
	guint count;
	guint order;
};

struct noise {
	char *rule, *kind, *section;
	guint entries, lines;
};

struct batch_report {
	int writing;
	guint messages, reports, annotated, not_reports;
	guint other[BATCH_OTHER_COUNT];
	GHashTable *kinds;		/* kind id -> struct kind_row */
	GHashTable *attention;		/* group key -> struct attention */
	guint attention_dropped;
	GHashTable *noise;		/* rule id -> struct noise */
	struct batch_shapes *shapes;
	guint unknown_lines;
};

/* batch_json_string - a JSON string literal; s is valid UTF-8 */
void
batch_json_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(out, "\\u%04x", c);
		else
			g_string_append_c(out, c);
	}
	g_string_append_c(out, '"');
}

/* batch_safe - report text made safe for a terminal or a mail */
char *
batch_safe(const char *text)
{
	return render_safe_line(text ? text : "");
}

/* kind_row_free, attention_free, noise_free - hash table values */
static void
kind_row_free(gpointer p)
{
	struct kind_row *k = p;

	g_free(k->kind);
	g_free(k);
}

static void
attention_free(gpointer p)
{
	struct attention *a = p;

	g_free(a->host);
	g_free(a->rule);
	g_free(a->kind);
	g_free(a->section);
	g_free(a->line);
	g_free(a->first_date);
	g_free(a->last_date);
	g_free(a);
}

static void
noise_free(gpointer p)
{
	struct noise *n = p;

	g_free(n->rule);
	g_free(n->kind);
	g_free(n->section);
	g_free(n);
}

/* batch_report_new - an empty report */
struct batch_report *
batch_report_new(int writing)
{
	struct batch_report *br = g_new0(struct batch_report, 1);

	br->writing = writing;
	br->kinds = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, kind_row_free);
	/* Both are sorted before they are shown, so the hash function is free to choose. */
	br->attention = g_hash_table_new_full(util_str_hash, g_str_equal, g_free, attention_free);
	br->noise = g_hash_table_new_full(util_str_hash, g_str_equal, NULL, noise_free);
	br->shapes = batch_shapes_new();
	return br;
}

/* report_entry_text - an entry's lines, trimmed, joined by newlines */
static char *
report_entry_text(const struct report *r, const struct entry *e, guint from, guint *next_r)
{
	GString *s = g_string_new(NULL);
	guint j;

	for (j = from; j < e->nlines; j++) {
		const struct report_line *l = &r->lines[e->lines[j]];
		char *t;

		if (j > from && !l->join)
			break;
		t = g_strstrip(g_strdup(l->text));
		if (j > from)
			g_string_append_c(s, '\n');
		g_string_append(s, t);
		g_free(t);
	}
	*next_r = j;
	return g_string_free(s, FALSE);
}

/* attention_key - "verdict US host US rule US line", the group of an entry */
static char *
attention_key(enum verdict v, const char *host, const char *rule, const char *line)
{
	GString *key = g_string_sized_new(128);

	render_put_int(key, v);
	g_string_append_c(key, '\037');
	util_puts(key, host);
	g_string_append_c(key, '\037');
	util_puts(key, rule);
	g_string_append_c(key, '\037');
	util_puts(key, line);
	return g_string_free(key, FALSE);
}

/* report_attention - count an entry that needs attention */
static void
report_attention(struct batch_report *br, const struct explained *x, const struct entry *e,
		 const char *date)
{
	const struct report_section *sec = report_section(x->report, e->section);
	const struct report_line *l = &x->report->lines[e->lines[0]];
	char *line = g_strstrip(g_strdup(l->text));
	const char *rule = entry_rule_id(e) ? entry_rule_id(e) : "";
	char *key = attention_key(e->verdict, x->host ? x->host : "", rule, line);
	struct attention *a = g_hash_table_lookup(br->attention, key);

	if (!a && g_hash_table_size(br->attention) >= ATTENTION_MAX) {
		br->attention_dropped++;
		g_free(key);
		g_free(line);
		return;
	}
	if (!a) {
		a = g_new0(struct attention, 1);
		a->verdict = e->verdict;
		a->host = g_strdup(x->host);
		a->rule = g_strdup(rule);
		a->kind = g_strdup(sec->kind);
		a->section = g_strdup(sec->title);
		a->line = line;
		line = NULL;
		a->first_date = g_strdup(date);
		a->order = g_hash_table_size(br->attention);
		g_hash_table_insert(br->attention, key, a);
		key = NULL;
	}
	a->count++;
	g_free(a->last_date);
	a->last_date = g_strdup(date);
	g_free(key);
	g_free(line);
}

/* report_noise - count a noise entry by rule */
static void
report_noise(struct batch_report *br, const struct explained *x, const struct entry *e)
{
	const struct report_section *sec = report_section(x->report, e->section);
	const char *id = entry_rule_id(e);
	struct noise *n;

	if (!id)
		return;
	n = g_hash_table_lookup(br->noise, id);
	if (!n) {
		n = g_new0(struct noise, 1);
		n->rule = g_strdup(id);
		n->kind = g_strdup(sec->kind);
		n->section = g_strdup(sec->title);
		g_hash_table_insert(br->noise, n->rule, n);
	}
	n->entries++;
	n->lines += e->nlines;
}

/* report_unknown - every line of an unknown entry, by shape */
static void
report_unknown(struct batch_report *br, const struct explained *x, const struct entry *e)
{
	const struct report_section *sec = report_section(x->report, e->section);
	guint j = 0, next;

	while (j < e->nlines) {
		int idx = e->lines[j];
		char *text = report_entry_text(x->report, e, j, &next);
		char *context = annotate_context(x->report, idx);

		batch_shapes_add(br->shapes, sec->kind, sec->title, context, text, next > j + 1);
		br->unknown_lines += next - j;
		g_free(context);
		g_free(text);
		j = next;
	}
}

/* report_kind_row - the row of a kind id */
static struct kind_row *
report_kind_row(struct batch_report *br, const char *kind)
{
	struct kind_row *k = g_hash_table_lookup(br->kinds, kind);

	if (!k) {
		k = g_new0(struct kind_row, 1);
		k->kind = g_strdup(kind);
		g_hash_table_insert(br->kinds, k->kind, k);
	}
	return k;
}

/* batch_report_add - one analysed message */
void
batch_report_add(struct batch_report *br, const struct explained *x, const char *date,
		 int annotated)
{
	struct kind_row *k;
	guint i;

	br->messages++;
	br->annotated += annotated != 0;
	if (!x->report->kind) {
		br->not_reports++;
		return;
	}
	br->reports++;
	k = report_kind_row(br, x->report->kind->id);
	k->total++;
	k->counts[x->ann->verdict]++;
	for (i = 0; i < x->ann->entries->len; i++) {
		const struct entry *e = &g_array_index(x->ann->entries, struct entry, i);

		if (!entry_counts(e))
			continue;
		if (e->verdict == VERDICT_CHECK || e->verdict == VERDICT_ACTION
		    || e->verdict == VERDICT_URGENT)
			report_attention(br, x, e, date);
		else if (e->verdict == VERDICT_NOISE)
			report_noise(br, x, e);
		else if (e->verdict == VERDICT_UNKNOWN)
			report_unknown(br, x, e);
	}
}

/* batch_report_other - one message that was not analysed */
void
batch_report_other(struct batch_report *br, enum batch_other what)
{
	br->messages++;
	br->other[what]++;
}

/* kind_cmp, attention_cmp, noise_cmp - table orders */
static gint
kind_cmp(gconstpointer a, gconstpointer b)
{
	const struct kind_row *x = *(struct kind_row *const *)a, *y = *(struct kind_row *const *)b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return strcmp(x->kind, y->kind);
}

static gint
attention_cmp(gconstpointer a, gconstpointer b)
{
	const struct attention *x = *(struct attention *const *)a;
	const struct attention *y = *(struct attention *const *)b;

	if (x->verdict != y->verdict)
		return x->verdict > y->verdict ? -1 : 1;	/* urgent first */
	return x->order < y->order ? -1 : x->order > y->order;
}

static gint
noise_cmp(gconstpointer a, gconstpointer b)
{
	const struct noise *x = *(struct noise *const *)a, *y = *(struct noise *const *)b;

	if (x->lines != y->lines)
		return x->lines > y->lines ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

/* report_sorted - the values of a table in order */
static GPtrArray *
report_sorted(GHashTable *t, GCompareFunc cmp)
{
	GPtrArray *all = g_ptr_array_new();
	GHashTableIter it;
	gpointer v;

	g_hash_table_iter_init(&it, t);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_ptr_array_add(all, v);
	g_ptr_array_sort(all, cmp);
	return all;
}

/* text_kinds - messages per kind and verdict */
static void
text_kinds(struct batch_report *br, GString *out)
{
	static const char *const others[] = {
		N_("annotated before"), N_("too large to annotate"), N_("failed (left unchanged)"),
	};
	GPtrArray *rows = report_sorted(br->kinds, kind_cmp);
	guint i;
	int v;

	g_string_append_printf(out, "\n%s\n  %-22s %7s", _("Messages by report kind and verdict"),
			       _("kind"), _("total"));
	for (v = 0; v < VERDICT_COUNT; v++)
		g_string_append_printf(out, " %7s", verdict_name(v));
	g_string_append_c(out, '\n');
	for (i = 0; i < rows->len; i++) {
		const struct kind_row *k = rows->pdata[i];

		g_string_append_printf(out, "  %-22s %7u", k->kind, k->total);
		for (v = 0; v < VERDICT_COUNT; v++)
			g_string_append_printf(out, " %7u", k->counts[v]);
		g_string_append_c(out, '\n');
	}
	if (br->not_reports)
		g_string_append_printf(out, "  %-22s %7u\n", _("(not a report)"), br->not_reports);
	for (i = 0; i < BATCH_OTHER_COUNT; i++)
		if (br->other[i])
			g_string_append_printf(out, "  %-22s %7u\n", _(others[i]), br->other[i]);
	g_ptr_array_free(rows, TRUE);
}

/* text_attention - every entry that needs attention, most severe first */
static void
text_attention(struct batch_report *br, GString *out)
{
	GPtrArray *all = report_sorted(br->attention, attention_cmp);
	guint i;

	g_string_append_printf(out, "\n%s: %u\n", _("Entries that need attention (check, action, urgent)"),
			       all->len);
	for (i = 0; i < all->len; i++) {
		const struct attention *a = all->pdata[i];
		char *line = batch_safe(a->line), *host = batch_safe(a->host ? a->host : "-");
		char *first = batch_safe(a->first_date ? a->first_date : "-");
		char *last = batch_safe(a->last_date ? a->last_date : "-");

		g_string_append_printf(out, "  [%s] %s  %s  %s/%s  %s\n", render_verdict_label(a->verdict),
				       first, host, a->kind, a->section, a->rule);
		if (a->count > 1)
			g_string_append_printf(out, _("      %u times, last %s\n"), a->count, last);
		g_string_append_printf(out, "      %s\n", line);
		g_free(line);
		g_free(host);
		g_free(first);
		g_free(last);
	}
	if (br->attention_dropped)
		g_string_append_printf(out, _("  ... and %u more entries not listed\n"),
				       br->attention_dropped);
	g_ptr_array_free(all, TRUE);
}

/* text_noise - the rules that explained the most noise */
static void
text_noise(struct batch_report *br, GString *out)
{
	GPtrArray *all = report_sorted(br->noise, noise_cmp);
	guint i;

	g_string_append_printf(out, "\n%s\n  %7s  %-44s %s\n",
			       _("Most frequent noise (quieten it at its source)"), _("lines"),
			       _("rule"), _("program (kind/section)"));
	for (i = 0; i < all->len && i < NOISE_SHOWN; i++) {
		const struct noise *n = all->pdata[i];
		char *section = batch_safe(n->section);

		g_string_append_printf(out, "  %7u  %-44s %s/%s\n", n->lines, n->rule, n->kind, section);
		g_free(section);
	}
	g_ptr_array_free(all, TRUE);
}

/* report_text - the whole report as text */
static void
report_text(struct batch_report *br, FILE *fp)
{
	GString *out = g_string_new(NULL);

	if (br->writing)
		g_string_append_printf(out, _("Messages: %u, reports: %u, annotated: %u\n"),
				       br->messages, br->reports, br->annotated);
	else
		g_string_append_printf(out, _("Messages: %u, reports: %u\n"), br->messages, br->reports);
	text_kinds(br, out);
	text_attention(br, out);
	text_noise(br, out);
	g_string_append_printf(out, "\n%s: ", _("Unrecognised lines by shape"));
	g_string_append_printf(out, _("%u lines, %u shapes\n"), br->unknown_lines,
			       batch_shapes_count(br->shapes));
	fputs(out->str, fp);
	batch_shapes_write(br->shapes, fp, SHAPES_SHOWN, 0);
	g_string_free(out, TRUE);
}

/* json_kinds - "kinds" and "other" */
static void
json_kinds(struct batch_report *br, GString *out)
{
	static const char *const others[] = {"annotated_before", "too_large", "failed"};
	GPtrArray *rows = report_sorted(br->kinds, kind_cmp);
	guint i;
	int v;

	g_string_append(out, "  \"kinds\": {");
	for (i = 0; i < rows->len; i++) {
		const struct kind_row *k = rows->pdata[i];

		g_string_append(out, i ? ",\n    " : "\n    ");
		batch_json_string(out, k->kind);
		g_string_append_printf(out, ": {\"total\": %u", k->total);
		for (v = 0; v < VERDICT_COUNT; v++)
			g_string_append_printf(out, ", \"%s\": %u", verdict_name(v), k->counts[v]);
		g_string_append_c(out, '}');
	}
	g_string_append_printf(out, "\n  },\n  \"not_reports\": %u,\n  \"other\": {", br->not_reports);
	for (i = 0; i < BATCH_OTHER_COUNT; i++)
		g_string_append_printf(out, "%s\"%s\": %u", i ? ", " : "", others[i], br->other[i]);
	g_string_append(out, "},\n");
	g_ptr_array_free(rows, TRUE);
}

/* json_field - ", \"name\": value" with a JSON string or null */
static void
json_field(GString *out, const char *name, const char *value)
{
	g_string_append_printf(out, ", \"%s\": ", name);
	if (value)
		batch_json_string(out, value);
	else
		g_string_append(out, "null");
}

/* json_attention - "attention" */
static void
json_attention(struct batch_report *br, GString *out)
{
	GPtrArray *all = report_sorted(br->attention, attention_cmp);
	guint i;

	g_string_append(out, "  \"attention\": [");
	for (i = 0; i < all->len; i++) {
		const struct attention *a = all->pdata[i];

		g_string_append_printf(out, "%s{\"verdict\": \"%s\", \"count\": %u", i ? ",\n    " : "\n    ",
				       verdict_name(a->verdict), a->count);
		json_field(out, "rule", a->rule);
		json_field(out, "host", a->host);
		json_field(out, "kind", a->kind);
		json_field(out, "section", a->section);
		json_field(out, "first_date", a->first_date);
		json_field(out, "last_date", a->last_date);
		json_field(out, "line", a->line);
		g_string_append_c(out, '}');
	}
	g_string_append_printf(out, "],\n  \"attention_not_listed\": %u,\n", br->attention_dropped);
	g_ptr_array_free(all, TRUE);
}

/* json_noise - "noise" */
static void
json_noise(struct batch_report *br, GString *out)
{
	GPtrArray *all = report_sorted(br->noise, noise_cmp);
	guint i;

	g_string_append(out, "  \"noise\": [");
	for (i = 0; i < all->len; i++) {
		const struct noise *n = all->pdata[i];

		g_string_append_printf(out, "%s{\"rule\": ", i ? ",\n    " : "\n    ");
		batch_json_string(out, n->rule);
		json_field(out, "kind", n->kind);
		json_field(out, "section", n->section);
		g_string_append_printf(out, ", \"entries\": %u, \"lines\": %u}", n->entries, n->lines);
	}
	g_string_append(out, "],\n");
	g_ptr_array_free(all, TRUE);
}

/* report_json - the whole report as one JSON object */
static void
report_json(struct batch_report *br, FILE *fp)
{
	GString *out = g_string_new(NULL);

	g_string_append_printf(out, "{\n  \"format\": \"mailgloss-batch/1\",\n  \"messages\": %u,\n"
			       "  \"reports\": %u,\n", br->messages, br->reports);
	if (br->writing)
		g_string_append_printf(out, "  \"annotated\": %u,\n", br->annotated);
	json_kinds(br, out);
	json_attention(br, out);
	json_noise(br, out);
	g_string_append_printf(out, "  \"unknown_lines\": %u,\n  \"unknown_shapes\": [",
			       br->unknown_lines);
	fputs(out->str, fp);
	batch_shapes_write(br->shapes, fp, 0, 1);
	fputs("]\n}\n", fp);
	g_string_free(out, TRUE);
}

/* batch_report_write - the report on fp */
void
batch_report_write(struct batch_report *br, enum batch_report_format fmt, FILE *fp)
{
	if (fmt == BATCH_REPORT_JSON)
		report_json(br, fp);
	else
		report_text(br, fp);
}

/* batch_report_write_stubs - rule stubs for every unrecognised shape */
int
batch_report_write_stubs(struct batch_report *br, const char *path, char **errstr)
{
	FILE *fp = fopen(path, "w");

	if (!fp) {
		*errstr = g_strdup_printf("%s: %s", path, g_strerror(errno));
		return -1;
	}
	batch_shapes_write_stubs(br->shapes, fp);
	if (fclose(fp) != 0) {
		*errstr = g_strdup_printf("%s: %s", path, g_strerror(errno));
		return -1;
	}
	return 0;
}

/* batch_report_free - release everything and clear the pointer */
void
batch_report_free(struct batch_report **brp)
{
	struct batch_report *br = *brp;

	if (!br)
		return;
	g_hash_table_destroy(br->kinds);
	g_hash_table_destroy(br->attention);
	g_hash_table_destroy(br->noise);
	batch_shapes_free(&br->shapes);
	g_free(br);
	*brp = NULL;
}

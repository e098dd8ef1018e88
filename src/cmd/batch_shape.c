/*
 * batch_shape.c - unrecognised report lines grouped by shape, and the
 * rule stubs "batch --unknowns FILE" writes for them.
 *
 * A shape is a line with its variable parts replaced: runs of digits by
 * N, IP addresses by <IP>, e-mail addresses by <ADDR>, long hex strings
 * by <HEX>, identifiers of letters and digits (queue ids) by <ID> and
 * absolute paths by <PATH>, white space collapsed.  Lines of
 * one shape seen in one (kind, section) are one group.  A group's stub is
 * a rule in the format of mailgloss.rules(5) whose match pattern is
 * derived from the shape, with verdict check as a placeholder and real
 * lines as examples, so that it passes "mailgloss rules check" as written
 * and only its texts and verdict need a person.
 *
 * Internally placeholders are "\001" plus a letter, so a literal N or
 * "<IP>" in a report line can never be mistaken for one.
 */
#include <string.h>

#include "i18n.h"
#include "cmd/batch.h"

#define SHAPES_MAX	5000	/* groups kept; more are only counted */
#define SHAPE_EXAMPLES	3

struct shape {
	char *kind, *section, *key, *context;
	guint count;
	int joined;
	GPtrArray *examples;
};

struct batch_shapes {
	GHashTable *by_key;		/* "kind\037section\037shape" -> struct shape */
	guint dropped;			/* lines of groups over SHAPES_MAX */
};

/* shape_boundary - may a token start after character c? */
static int
shape_boundary(const char *line, const char *p)
{
	return p == line || !g_ascii_isalnum(p[-1]);
}

/* shape_ipv4 - length of a dotted quad at p, or 0 */
static size_t
shape_ipv4(const char *p)
{
	const char *q = p;
	int part, n;

	for (part = 0; part < 4; part++) {
		for (n = 0; g_ascii_isdigit(*q) && n < 4; n++)
			q++;
		if (n == 0 || n > 3)
			return 0;
		if (part < 3 && *q++ != '.')
			return 0;
	}
	return g_ascii_isalnum(*q) ? 0 : (size_t)(q - p);
}

/* shape_hexrun - length of a hex-and-colon token at p (IPv6, MAC, hash), or 0 */
static size_t
shape_hexrun(const char *p, char *what_r)
{
	size_t n = 0, colons = 0, digits = 0, letters = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && g_ascii_isxdigit(p[2])) {
		for (n = 2; g_ascii_isxdigit(p[n]); n++)
			;
		*what_r = 'H';
		return g_ascii_isalnum(p[n]) ? 0 : n;
	}
	for (; g_ascii_isxdigit(p[n]) || p[n] == ':'; n++) {
		colons += p[n] == ':';
		digits += g_ascii_isdigit(p[n]) != 0;
		letters += g_ascii_isalpha(p[n]) != 0;
	}
	while (n > 0 && p[n - 1] == ':' && colons > 0) {
		n--;	/* "host:" or "1234:" ends a word, not an address */
		colons--;
	}
	if (n == 0 || g_ascii_isalnum(p[n]) || p[n] == '_')
		return 0;
	if (colons >= 2 && digits + letters >= 2 && (letters || strstr(p, "::"))) {
		*what_r = 'I';
		return n;
	}
	if (colons == 0 && n >= 8 && digits && letters) {
		*what_r = 'H';
		return n;
	}
	return 0;
}

/* shape_word_end - the end of the run of non-blank characters at p */
static const char *
shape_word_end(const char *p)
{
	while (*p && !g_ascii_isspace(*p))
		p++;
	return p;
}

/* shape_addr - length of an e-mail address at p (a word with an @ inside), or 0 */
static size_t
shape_addr(const char *line, const char *p)
{
	const char *end, *at, *q;

	if (p > line && (g_ascii_isalnum(p[-1])	/* the common case, without strchr */
	    || (!g_ascii_isspace(p[-1]) && !strchr("<(=:\"'", p[-1]))))
		return 0;
	end = shape_word_end(p);
	while (end > p && strchr(">),;:\"'.", end[-1]))
		end--;
	at = memchr(p, '@', end - p);
	if (!at || at == p || at + 1 >= end || !strchr(at + 1, '.') || strchr(at + 1, '.') >= end)
		return 0;
	for (q = p; q < at; q++)
		if (!g_ascii_isalnum(*q) && !strchr("._%+-", *q))
			return 0;	/* "from=<a@b>": the address starts later */
	return end - p;
}

/* shape_path - length of an absolute path at p, or 0 */
static size_t
shape_path(const char *line, const char *p)
{
	const char *q = p + 1;

	if (*p != '/' || (p > line && !g_ascii_isspace(p[-1]) && !strchr("(=:\"'[<", p[-1])))
		return 0;
	if (!g_ascii_isalnum(*q) && !strchr("._-~", *q))
		return 0;
	while (*q && !g_ascii_isspace(*q) && !strchr(")\"',;]>", *q))
		q++;
	while (q > p + 1 && (q[-1] == '.' || q[-1] == ':'))
		q--;
	return q - p;
}

/* shape_ident - length of a mixed letters-and-digits identifier (queue id), or 0 */
static size_t
shape_ident(const char *p)
{
	size_t n, digits = 0;

	for (n = 0; g_ascii_isalnum(p[n]); n++)
		digits += g_ascii_isdigit(p[n]) != 0;
	if (n < 8 || digits < 2 || digits == n || p[n] == '_' || p[n] == '-')
		return 0;
	return n;
}

/* shape_number - length of a number (digits, inner , and .) at p */
static size_t
shape_number(const char *p)
{
	size_t n = 0;

	while (g_ascii_isdigit(p[n]) || ((p[n] == ',' || p[n] == '.') && n > 0
	       && g_ascii_isdigit(p[n + 1])))
		n++;
	return n;
}

/* shape_token - the placeholder at p: its letter and length, or 0 */
static size_t
shape_token(const char *line, const char *p, char *what_r)
{
	size_t n;

	if ((n = shape_addr(line, p)) > 0)
		return *what_r = 'A', n;
	if ((n = shape_path(line, p)) > 0)
		return *what_r = 'P', n;
	if (!shape_boundary(line, p))
		return g_ascii_isdigit(*p) ? (*what_r = 'N', shape_number(p)) : 0;
	if ((n = shape_ipv4(p)) > 0)
		return *what_r = 'I', n;
	if ((n = shape_hexrun(p, what_r)) > 0)
		return n;
	if ((n = shape_ident(p)) > 0)
		return *what_r = 'D', n;
	if (g_ascii_isdigit(*p))
		return *what_r = 'N', shape_number(p);
	return 0;
}

/* shape_key - the internal shape of a trimmed line */
static char *
shape_key(const char *line)
{
	GString *out = g_string_new(NULL);
	const char *p = line;
	size_t n;
	char what;

	while (*p) {
		if (g_ascii_isspace(*p)) {
			while (g_ascii_isspace(*p))
				p++;
			g_string_append_c(out, ' ');
		} else if ((n = shape_token(line, p, &what)) > 0) {
			g_string_append_c(out, '\001');
			g_string_append_c(out, what);
			p += n;
		} else {
			g_string_append_c(out, *p++);
		}
	}
	return g_string_free(out, FALSE);
}

/* shape_display - the internal shape as people read it */
static char *
shape_display(const char *key)
{
	GString *out = g_string_new(NULL);
	const char *p;

	for (p = key; *p; p++) {
		if (*p != '\001' || !p[1]) {
			g_string_append_c(out, *p);
			continue;
		}
		switch (*++p) {
		case 'N': g_string_append(out, "N"); break;
		case 'I': g_string_append(out, "<IP>"); break;
		case 'A': g_string_append(out, "<ADDR>"); break;
		case 'H': g_string_append(out, "<HEX>"); break;
		case 'D': g_string_append(out, "<ID>"); break;
		default: g_string_append(out, "<PATH>"); break;
		}
	}
	return g_string_free(out, FALSE);
}

/* shape_regex - a PCRE2 pattern for an internal shape */
static char *
shape_regex(const char *key)
{
	GString *out = g_string_new("^");
	const char *p;

	for (p = key; *p; p++) {
		if (*p == ' ')
			g_string_append(out, "\\s+");
		else if (*p == '\001' && p[1]) {
			switch (*++p) {
			case 'N': g_string_append(out, "\\d+(?:[.,]\\d+)*"); break;
			case 'I': g_string_append(out, "[0-9A-Fa-f.:]+"); break;
			case 'A': g_string_append(out, "\\S+@\\S+"); break;
			case 'H': g_string_append(out, "(?:0[xX])?[0-9A-Fa-f]+"); break;
			case 'D': g_string_append(out, "[A-Za-z0-9]+"); break;
			default: g_string_append(out, "/\\S*"); break;
			}
		} else {
			if (strchr("\\^$.|?*+()[]{}", *p))
				g_string_append_c(out, '\\');
			g_string_append_c(out, *p);
		}
	}
	return g_string_free(out, FALSE);
}

/* batch_shape_of - the shape of a line, for people */
char *
batch_shape_of(const char *line)
{
	char *t = g_strstrip(g_strdup(line)), *key = shape_key(t), *shown = shape_display(key);

	g_free(t);
	g_free(key);
	return shown;
}

/* batch_shape_pattern - a pattern that matches the line and its kind */
char *
batch_shape_pattern(const char *line)
{
	char *t = g_strstrip(g_strdup(line)), *key = shape_key(t), *re = shape_regex(key);

	g_free(t);
	g_free(key);
	re = g_realloc(re, strlen(re) + 2);
	strcat(re, "$");
	return re;
}

/* shape_free - one group */
static void
shape_free(gpointer p)
{
	struct shape *s = p;

	g_free(s->kind);
	g_free(s->section);
	g_free(s->key);
	g_free(s->context);
	g_ptr_array_free(s->examples, TRUE);
	g_free(s);
}

/* batch_shapes_new - no groups yet */
struct batch_shapes *
batch_shapes_new(void)
{
	struct batch_shapes *bs = g_new0(struct batch_shapes, 1);

	bs->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, shape_free);
	return bs;
}

/* batch_shapes_add - count one unrecognised line (with its joined lines) */
void
batch_shapes_add(struct batch_shapes *bs, const char *kind, const char *section,
		 const char *context, const char *line, int joined)
{
	const char *nl = strchr(line, '\n');
	char *first = g_strndup(line, nl ? (size_t)(nl - line) : strlen(line));
	char *key = shape_key(first), *full;
	struct shape *s;

	full = g_strjoin("\037", kind, section, key, joined ? "j" : "", NULL);
	s = g_hash_table_lookup(bs->by_key, full);
	if (!s && g_hash_table_size(bs->by_key) >= SHAPES_MAX) {
		bs->dropped++;
	} else if (!s) {
		s = g_new0(struct shape, 1);
		s->kind = g_strdup(kind);
		s->section = g_strdup(section);
		s->key = key;
		key = NULL;
		s->context = g_strdup(context);
		s->joined = joined;
		s->examples = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(bs->by_key, full, s);
		full = NULL;
	}
	if (s) {
		s->count++;
		if (s->examples->len < SHAPE_EXAMPLES && !g_ptr_array_find_with_equal_func(
		    s->examples, line, g_str_equal, NULL))
			g_ptr_array_add(s->examples, g_strdup(line));
	}
	g_free(full);
	g_free(key);
	g_free(first);
}

/* batch_shapes_count - number of groups */
guint
batch_shapes_count(const struct batch_shapes *bs)
{
	return g_hash_table_size(bs->by_key);
}

/* shape_cmp - most frequent first, then by where and shape */
static gint
shape_cmp(gconstpointer a, gconstpointer b)
{
	const struct shape *x = *(struct shape *const *)a, *y = *(struct shape *const *)b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = strcmp(x->kind, y->kind)) != 0 || (c = strcmp(x->section, y->section)) != 0)
		return c;
	return strcmp(x->key, y->key);
}

/* shapes_sorted - every group, most frequent first */
static GPtrArray *
shapes_sorted(struct batch_shapes *bs)
{
	GPtrArray *all = g_ptr_array_new();
	GHashTableIter it;
	gpointer v;

	g_hash_table_iter_init(&it, bs->by_key);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_ptr_array_add(all, v);
	g_ptr_array_sort(all, shape_cmp);
	return all;
}

/* shape_write_text - one report line */
static void
shape_write_text(GString *out, const struct shape *s)
{
	char *shown = shape_display(s->key), *where = g_strdup_printf("%s/%s", s->kind, s->section);
	char *safe = batch_safe(shown);

	g_string_append_printf(out, "  %7u  %-24s %s%s\n", s->count, where, safe,
			       s->joined ? " (+...)" : "");
	g_free(safe);
	g_free(where);
	g_free(shown);
}

/* shape_write_json - one group as a JSON object */
static void
shape_write_json(GString *out, const struct shape *s, int first)
{
	char *shown = shape_display(s->key);
	guint i;

	g_string_append(out, first ? "\n    {" : ",\n    {");
	g_string_append(out, "\"kind\": ");
	batch_json_string(out, s->kind);
	g_string_append(out, ", \"section\": ");
	batch_json_string(out, s->section);
	g_string_append(out, ", \"shape\": ");
	batch_json_string(out, shown);
	g_string_append_printf(out, ", \"count\": %u, \"examples\": [", s->count);
	for (i = 0; i < s->examples->len; i++) {
		if (i)
			g_string_append(out, ", ");
		batch_json_string(out, s->examples->pdata[i]);
	}
	g_string_append(out, "]}");
	g_free(shown);
}

/* batch_shapes_write - the max most frequent groups (0: all), text or JSON */
void
batch_shapes_write(struct batch_shapes *bs, FILE *fp, guint max, int json)
{
	GPtrArray *all = shapes_sorted(bs);
	GString *out = g_string_new(NULL);
	guint i;

	for (i = 0; i < all->len && (max == 0 || i < max); i++) {
		if (json)
			shape_write_json(out, all->pdata[i], i == 0);
		else
			shape_write_text(out, all->pdata[i]);
	}
	if (!json && i < all->len)
		g_string_append_printf(out, _("  ... and %u more shapes (--unknowns FILE writes them all)\n"),
				       all->len - i);
	fputs(out->str, fp);
	g_string_free(out, TRUE);
	g_ptr_array_free(all, TRUE);
}

/* shape_slug - lower-case words joined by '-', at most max characters */
static void
shape_slug(GString *out, const char *text, size_t max, int words)
{
	size_t start = out->len;
	int in_word = 0, n = 0;
	const char *p;

	for (p = text; *p && out->len - start < max; p++) {
		if (*p == '\001' && p[1]) {
			p++;
			in_word = 0;
			continue;
		}
		if (g_ascii_isalnum(*p)) {
			if (!in_word && n++ >= words)
				break;
			if (!in_word && out->len > start)
				g_string_append_c(out, '-');
			g_string_append_c(out, g_ascii_tolower(*p));
			in_word = 1;
		} else {
			in_word = 0;
		}
	}
}

/* shape_id - "kind.section.new-first-words", unique in the file */
static char *
shape_id(const struct shape *s, GHashTable *used)
{
	GString *id = g_string_new(NULL);
	size_t len;
	int n;

	shape_slug(id, s->kind, 24, 8);
	g_string_append_c(id, '.');
	len = id->len;
	shape_slug(id, s->section, 24, 8);
	if (id->len == len)
		g_string_append(id, "any");
	g_string_append(id, ".new");
	len = id->len;
	g_string_append_c(id, '-');
	shape_slug(id, s->key, 40, 4);
	if (id->len == len + 1)
		g_string_append(id, "line");
	len = id->len;
	for (n = 2; g_hash_table_contains(used, id->str); n++) {
		g_string_truncate(id, len);
		g_string_append_printf(id, "-%d", n);
	}
	g_hash_table_add(used, g_strdup(id->str));
	return g_string_free(id, FALSE);
}

/* shape_printable - can the text be written as a rule file value? */
static int
shape_printable(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f)
			return 0;
	return 1;
}

/* shape_any_printable - for g_ptr_array_find: is this example usable? */
static gboolean
shape_any_printable(gconstpointer example, gconstpointer unused)
{
	return shape_printable(example);
}

/* shape_write_example - example and example_join lines */
static void
shape_write_example(GString *out, const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	int i;

	for (i = 0; lines[i]; i++)
		g_string_append_printf(out, "%s = %s\n", i ? "example_join" : "example", lines[i]);
	g_strfreev(lines);
}

/* shape_write_stub - one rule block */
static void
shape_write_stub(GString *out, const struct shape *s, GHashTable *used)
{
	char *id = shape_id(s, used), *shown = shape_display(s->key), *re = shape_regex(s->key);
	char *section = g_strdup(s->section);
	guint i;

	g_strdelimit(section, "|", '?');
	g_string_append_printf(out, "\n# seen %u times: %s\n[%s]\n", s->count, shown, id);
	g_string_append_printf(out, "kind = %s\nsection = %s\n", s->kind, *section ? section : "*");
	g_string_append_printf(out, "match = %s%s\n", re, s->joined ? "\\n" : "$");
	g_string_append(out, "verdict = check\n"
			"what = TODO: what this line means, in plain words.\n"
			"why = TODO: why it is harmless, or what the risk is.\n"
			"todo = TODO: what to do about it (a command where one fits).\n"
			"# unless = TODO: needed when the verdict becomes noise or info.\n");
	for (i = 0; i < s->examples->len; i++)
		if (shape_printable(s->examples->pdata[i]))
			shape_write_example(out, s->examples->pdata[i]);
	if (s->context && *s->context)
		g_string_append_printf(out, "example_context = %s\n", s->context);
	g_free(section);
	g_free(re);
	g_free(shown);
	g_free(id);
}

/* batch_shapes_write_stubs - a ready-to-edit rule stub for every group */
void
batch_shapes_write_stubs(struct batch_shapes *bs, FILE *fp)
{
	GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *all = shapes_sorted(bs);
	GString *out = g_string_new(NULL);
	guint i;

	g_string_append(out, "# Rule stubs written by \"mailgloss batch --unknowns\": one block per\n"
			"# shape of report line that no rule recognised, most frequent first.\n"
			"# Give each a real verdict and texts (see mailgloss.rules(5) and\n"
			"# doc/RULES-AUTHORING.md), put it in your site rules directory and run\n"
			"# \"mailgloss rules check\".\n");
	for (i = 0; i < all->len; i++) {
		const struct shape *s = all->pdata[i];

		if (shape_printable(s->section)
		    && (!s->context || shape_printable(s->context))
		    && g_ptr_array_find_with_equal_func(s->examples, NULL, shape_any_printable, NULL))
			shape_write_stub(out, s, used);
	}
	fputs(out->str, fp);
	g_string_free(out, TRUE);
	g_ptr_array_free(all, TRUE);
	g_hash_table_destroy(used);
}

/* batch_shapes_free - release every group and clear the pointer */
void
batch_shapes_free(struct batch_shapes **bsp)
{
	if (!*bsp)
		return;
	g_hash_table_destroy((*bsp)->by_key);
	g_free(*bsp);
	*bsp = NULL;
}

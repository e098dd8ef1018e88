/*
 * html.c - HTML report mails (LogWatch "html" format) to plain text lines.
 *
 * Not a browser: a single left-to-right pass that knows which elements
 * break lines (blocks, <br>, table rows), which separate (table cells),
 * which hide their content (<script>, <style>, comments), and the common
 * entities.  Whitespace collapses as a browser would; &nbsp; stays a real
 * space, so LogWatch's indented columns survive.  Every byte is looked at
 * a bounded number of times, so hostile input (unclosed tags, 1 MB lines,
 * deep nesting) costs linear time and no recursion.
 */
#include <string.h>

#include "mail_private.h"

/* Converter state: output plus what the current line holds. */
struct html_state {
	GString *out;
	int pending_space;	/* collapsed whitespace not yet written */
	int pre;		/* inside <pre>: keep whitespace */
	const char *no_gt;	/* no '>' at or after here (memo) */
};

/* Elements that start and end a line, in strcmp order (binary search). */
static const char *const html_blocks[] = {
	"address", "article", "aside", "blockquote", "body", "caption",
	"center", "dd", "div", "dl", "dt", "fieldset", "figure", "footer",
	"form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
	"html", "li", "main", "nav", "ol", "p", "section", "table", "tbody",
	"tfoot", "thead", "title", "tr", "ul",
};

/* Named entities LogWatch and similar generators use; the old five first. */
#define E(name, text)	{name, sizeof(name) - 1, text, sizeof(text) - 1}
static const struct {
	const char *name;
	size_t len;
	const char *text;
	size_t text_len;
} html_entities[] = {
	E("amp", "&"), E("lt", "<"), E("gt", ">"), E("quot", "\""),
	E("apos", "'"), E("nbsp", " "), E("copy", "\xC2\xA9"),
	E("reg", "\xC2\xAE"), E("trade", "\xE2\x84\xA2"),
	E("hellip", "\xE2\x80\xA6"), E("mdash", "\xE2\x80\x94"),
	E("ndash", "\xE2\x80\x93"), E("laquo", "\xC2\xAB"),
	E("raquo", "\xC2\xBB"), E("middot", "\xC2\xB7"),
	E("bull", "\xE2\x80\xA2"), E("deg", "\xC2\xB0"),
	E("times", "\xC3\x97"), E("divide", "\xC3\xB7"),
	E("euro", "\xE2\x82\xAC"), E("yen", "\xC2\xA5"),
	E("pound", "\xC2\xA3"), E("cent", "\xC2\xA2"), E("sect", "\xC2\xA7"),
	E("para", "\xC2\xB6"), E("plusmn", "\xC2\xB1"),
	E("lsquo", "\xE2\x80\x98"), E("rsquo", "\xE2\x80\x99"),
	E("ldquo", "\xE2\x80\x9C"), E("rdquo", "\xE2\x80\x9D"),
	E("larr", "\xE2\x86\x90"), E("rarr", "\xE2\x86\x92"),
	E("le", "\xE2\x89\xA4"), E("ge", "\xE2\x89\xA5"),
	E("ne", "\xE2\x89\xA0"), E("minus", "\xE2\x88\x92"),
	E("ensp", " "), E("emsp", " "), E("thinsp", " "), E("shy", ""),
};
#undef E

/* html_text - append visible bytes, writing a collapsed space first */
static void
html_text(struct html_state *st, const char *s, size_t len)
{
	GString *out = st->out;

	if (st->pending_space && out->len > 0
	    && out->str[out->len - 1] != '\n')
		g_string_append_c(out, ' ');
	st->pending_space = 0;
	g_string_append_len(out, s, len);
}

/* html_space - collapsible whitespace (literal inside <pre>) */
static void
html_space(struct html_state *st, char c)
{
	if (st->pre)
		html_text(st, &c, 1);
	else
		st->pending_space = 1;
}

/* html_break - end the line; FORCE (<br>) may leave one blank line */
static void
html_break(struct html_state *st, int force)
{
	GString *out = st->out;

	while (out->len > 0 && out->str[out->len - 1] == ' ')
		g_string_truncate(out, out->len - 1);
	st->pending_space = 0;
	if (out->len == 0)
		return;
	if (out->str[out->len - 1] != '\n')
		g_string_append_c(out, '\n');
	else if (force && (out->len < 2 || out->str[out->len - 2] != '\n'))
		g_string_append_c(out, '\n');
}

/* html_find_close - the "</NAME" that ends a <script> or <style> */
static const char *
html_find_close(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	while ((p = memchr(p, '<', end - p)) != NULL) {
		if (end - p > (ptrdiff_t)(n + 1) && p[1] == '/'
		    && g_ascii_strncasecmp(p + 2, name, n) == 0)
			return p;
		p++;
	}
	return end;
}

/* html_is_block - does this element break the line? */
static int
html_is_block(const char *name)
{
	size_t lo = 0, hi = G_N_ELEMENTS(html_blocks);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, html_blocks[mid]);

		if (cmp == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* html_element - act on one tag NAME; returns where parsing resumes */
static const char *
html_element(struct html_state *st, const char *name, int closing,
    const char *after, const char *end)
{
	if (!closing && (strcmp(name, "script") == 0
	    || strcmp(name, "style") == 0))
		return html_find_close(after, end, name);
	if (strcmp(name, "br") == 0) {
		html_break(st, 1);
	} else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		st->pending_space = 1;
	} else if (strcmp(name, "pre") == 0) {
		html_break(st, 0);
		st->pre = closing ? 0 : 1;
	} else if (html_is_block(name)) {
		html_break(st, 0);
	}
	return after;
}

/* html_tag - a tag, comment or declaration at P ('<') */
static const char *
html_tag(struct html_state *st, const char *p, const char *end)
{
	const char *q = p + 1, *gt;
	char name[16];
	size_t n = 0;
	int closing = 0;

	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		gt = memmem(p + 4, end - p - 4, "-->", 3);
		return gt ? gt + 3 : end;
	}
	if (q < end && *q == '/') {
		closing = 1;
		q++;
	}
	if (q >= end || !(g_ascii_isalpha(*q) || *q == '!' || *q == '?')) {
		html_text(st, "<", 1);
		return p + 1;
	}
	gt = (st->no_gt && q >= st->no_gt) ? NULL : memchr(q, '>', end - q);
	if (gt == NULL) {
		/* Not a tag after all: show the '<' and go on. */
		if (st->no_gt == NULL || q < st->no_gt)
			st->no_gt = q;
		html_text(st, "<", 1);
		return p + 1;
	}
	while (q < gt && g_ascii_isalnum(*q) && n < sizeof(name) - 1) {
		char c = *q++;

		name[n++] = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
	}
	name[n] = 0;
	if (q < gt && g_ascii_isalnum(*q))
		name[0] = 0;		/* too long to be one we know */
	return html_element(st, name, closing, gt + 1, end);
}

/* html_emit_code - a numeric character reference */
static void
html_emit_code(struct html_state *st, gunichar u)
{
	char buf[8];
	int n;

	if (u == 0 || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
		u = 0xFFFD;
	if (u == 0xA0) {
		html_text(st, " ", 1);
		return;
	}
	if (u == ' ' || u == '\t' || u == '\n' || u == '\r') {
		html_space(st, (char)u);
		return;
	}
	n = g_unichar_to_utf8(u, buf);
	html_text(st, buf, n);
}

/* html_entity - a character reference at P ('&'); literal if unknown */
static const char *
html_entity(struct html_state *st, const char *p, const char *end)
{
	const char *q = p + 1;
	gunichar u = 0;
	size_t n = 0, i;
	int hex = 0;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			q++;
		}
		while (q < end && n < 8 && (hex ? g_ascii_isxdigit(*q)
		    : g_ascii_isdigit(*q))) {
			u = u * (hex ? 16 : 10) + (hex ? g_ascii_xdigit_value(*q)
			    : g_ascii_digit_value(*q));
			q++;
			n++;
		}
		if (n == 0) {
			html_text(st, "&", 1);
			return p + 1;
		}
		html_emit_code(st, u);
		return q < end && *q == ';' ? q + 1 : q;
	}
	while (q + n < end && n < 8 && g_ascii_isalnum(q[n]))
		n++;
	for (i = 0; n > 0 && i < G_N_ELEMENTS(html_entities); i++) {
		if (html_entities[i].len != n || html_entities[i].name[0] != *q
		    || memcmp(html_entities[i].name, q, n) != 0)
			continue;
		if (q + n < end && q[n] == ';')
			n++;
		else if (i > 5)		/* only the old five may omit ';' */
			break;
		html_text(st, html_entities[i].text, html_entities[i].text_len);
		return q + n;
	}
	html_text(st, "&", 1);
	return p + 1;
}

/* html_ends_run - does c end a run of visible text (markup or white space)? */
static inline int
html_ends_run(char c)
{
	return c == '<' || c == '&' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* mail_html_to_text - HTML document to text lines */
char *
mail_html_to_text(const char *html, size_t len)
{
	struct html_state st = { g_string_sized_new(len / 2 + 16), 0, 0, NULL };
	const char *p = html, *end = html + len;

	while (p < end) {
		if (*p == '<') {
			p = html_tag(&st, p, end);
		} else if (*p == '&') {
			p = html_entity(&st, p, end);
		} else if (*p == '\n' && st.pre) {
			html_break(&st, 1);
			p++;
		} else if (*p == '\r' && st.pre) {
			p++;
		} else if (*p == ' ' || *p == '\t' || *p == '\n'
		    || *p == '\r' || *p == '\f') {
			html_space(&st, *p++);
		} else {
			const char *run = p;

			/*
			 * The visible text up to the next markup or white space, at
			 * once; a single space between two visible characters goes
			 * with it, as collapsing would write it just the same.
			 */
			while (p < end && !html_ends_run(*p)) {
				p++;
				if (p + 1 < end && *p == ' ' && !html_ends_run(p[1]))
					p++;
			}
			html_text(&st, run, (size_t)(p - run));
		}
	}
	html_break(&st, 0);
	return g_string_free(st.out, FALSE);
}

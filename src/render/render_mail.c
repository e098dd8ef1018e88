/*
 * render_mail.c - the annotated message of SPEC section 5, written
 * byte by byte rather than through GMime.
 *
 * GMime rewrites what it copies (CRLF, lines without a colon, address
 * headers), so the header block is walked here: every field of the
 * original is copied with its exact bytes, folding and line ends, except
 * the Content-* fields and MIME-Version that describe the old body, and
 * any X-Mailgloss-Verdict/Counts/Version/Error that a sender put there
 * to forge a verdict (the attached original still has them).  The body
 * becomes multipart/mixed: the annotation as UTF-8 text, then the
 * original bytes as message/rfc822.  The boundary is a hash of the
 * original, so the same input always gives the same output.
 *
 * A message whose header block is not clean RFC 5322 (a line that is
 * neither a field nor a continuation) is refused: it cannot be copied
 * byte-exact, and the caller passes it through unchanged instead.
 */
#include <string.h>

#include <glib.h>

#include "msg.h"
#include "render/render.h"

/* RFC 5322 line limit without the CRLF; longer lines need base64. */
#define MAIL_LINE_MAX		998
/* Bytes of tag text per encoded word: 45 bytes are 60 base64 characters. */
#define MAIL_WORD_BYTES		45

struct mail_field {
	size_t start;		/* the field name */
	size_t name_len;
	size_t value;		/* just after the colon */
	size_t end;		/* after the last line of the field, newline included */
};

/* mail_line_next - offset just after the line at pos */
static size_t
mail_line_next(const char *msg, size_t len, size_t pos)
{
	const char *nl = memchr(msg + pos, '\n', len - pos);

	return nl ? (size_t)(nl - msg) + 1 : len;
}

/* mail_blank_line - is the line at pos empty (LF or CRLF)? */
static int
mail_blank_line(const char *msg, size_t len, size_t pos)
{
	return msg[pos] == '\n' || (msg[pos] == '\r' && pos + 1 < len && msg[pos + 1] == '\n');
}

/* mail_name_len - length of the field name at pos ending in ':' (0: none) */
static size_t
mail_name_len(const char *msg, size_t len, size_t pos)
{
	size_t q = pos, colon;

	while (q < len && msg[q] > 32 && msg[q] < 127 && msg[q] != ':')
		q++;
	colon = q;
	while (colon < len && (msg[colon] == ' ' || msg[colon] == '\t'))
		colon++;	/* obsolete "Name :" */
	if (q == pos || colon >= len || msg[colon] != ':')
		return 0;
	return q - pos;
}

/*
 * mail_next_field - the field at *pos.  1 with *f filled and *pos moved
 * on; 0 at the end of the header block (*pos at the blank line or the
 * end); -1 at a line that is neither.
 */
static int
mail_next_field(const char *msg, size_t len, size_t *pos, struct mail_field *f)
{
	size_t p = *pos;

	if (p >= len || mail_blank_line(msg, len, p))
		return 0;
	if (!(f->name_len = mail_name_len(msg, len, p)))
		return -1;
	f->start = p;
	f->value = (const char *)memchr(msg + p, ':', len - p) - msg + 1;
	p = mail_line_next(msg, len, p);
	while (p < len && (msg[p] == ' ' || msg[p] == '\t'))
		p = mail_line_next(msg, len, p);
	f->end = p;
	*pos = p;
	return 1;
}

/* mail_field_is - does the field have this name (case ignored)? */
static int
mail_field_is(const char *msg, const struct mail_field *f, const char *name)
{
	return strlen(name) == f->name_len
	       && g_ascii_strncasecmp(msg + f->start, name, f->name_len) == 0;
}

/* mail_header_end - offset of the end of a clean header block, or -1 */
static gssize
mail_header_end(const char *msg, size_t len)
{
	struct mail_field f;
	size_t pos = 0;
	int rc, n = 0;

	while ((rc = mail_next_field(msg, len, &pos, &f)) == 1)
		n++;
	return rc < 0 || n == 0 ? -1 : (gssize)pos;
}

/* render_mail_has_header - is there a field NAME in msg's header block? */
int
render_mail_has_header(const char *msg, size_t len, const char *name)
{
	struct mail_field f;
	size_t pos = 0;

	while (mail_next_field(msg, len, &pos, &f) == 1)
		if (mail_field_is(msg, &f, name))
			return 1;
	return 0;
}

/* mail_dropped - a field that describes the old body or forges ours */
static int
mail_dropped(const char *msg, const struct mail_field *f)
{
	static const char *const names[] = {
		"MIME-Version", "X-Mailgloss-Verdict", "X-Mailgloss-Counts",
		"X-Mailgloss-Version", "X-Mailgloss-Error", NULL,
	};
	int i;

	if (f->name_len >= 8 && g_ascii_strncasecmp(msg + f->start, "Content-", 8) == 0)
		return 1;
	for (i = 0; names[i]; i++)
		if (mail_field_is(msg, f, names[i]))
			return 1;
	return 0;
}

/* mail_plain_tag - can the tag go into a header as it is? */
static int
mail_plain_tag(const char *tag)
{
	const char *p;

	for (p = tag; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return 0;
	return strstr(tag, "=?") == NULL;
}

/*
 * mail_word_end - where the next encoded word should end: on a character
 * boundary, at most MAIL_WORD_BYTES on, and preferably after a multiple
 * of 3 bytes, so that no word but the last needs base64 padding (GMime
 * joins adjacent words before decoding and stumbles over inner padding).
 */
static const char *
mail_word_end(const char *p)
{
	const char *q = p, *even = NULL, *n;

	while (*q) {
		n = g_utf8_next_char(q);
		if (n - p > MAIL_WORD_BYTES)
			break;
		q = n;
		if ((q - p) % 3 == 0)
			even = q;
	}
	if (q == p)
		return p + 1;	/* not UTF-8: never loop */
	return *q && even ? even : q;
}

/* mail_encode_words - text as RFC 2047 "B" words, split on characters */
static void
mail_encode_words(GString *out, const char *text)
{
	const char *p = text, *q;
	char *b64;

	while (*p) {
		q = mail_word_end(p);
		b64 = g_base64_encode((const guchar *)p, q - p);
		g_string_append_printf(out, "%s=?UTF-8?B?%s?=", p == text ? "" : " ", b64);
		g_free(b64);
		p = q;
	}
}

/*
 * render_mail_subject - "Subject: TAG rest".  rest is the original value
 * (after the colon and its leading blanks), with its folding and line end.
 * A space between two encoded words vanishes when they are decoded, so a
 * tag before an encoded word carries its own space inside the word.
 */
void
render_mail_subject(GString *out, const char *tag, const char *rest, size_t rest_len)
{
	int more = rest_len > 0 && rest[0] != '\n' && rest[0] != '\r';
	char *spaced;

	g_string_append(out, "Subject: ");
	if (mail_plain_tag(tag)) {
		g_string_append(out, tag);
	} else if (more && rest_len >= 2 && rest[0] == '=' && rest[1] == '?') {
		spaced = g_strconcat(tag, " ", NULL);
		mail_encode_words(out, spaced);
		g_free(spaced);
	} else {
		mail_encode_words(out, tag);
	}
	if (more)
		g_string_append_c(out, ' ');
	g_string_append_len(out, rest, rest_len);
	if (rest_len == 0 || rest[rest_len - 1] != '\n')
		g_string_append_c(out, '\n');
}

/* mail_tag_subject - the Subject field with the tag in front */
static void
mail_tag_subject(GString *out, const char *msg, const struct mail_field *f, const char *tag)
{
	size_t v = f->value;

	while (v < f->end && (msg[v] == ' ' || msg[v] == '\t'))
		v++;
	render_mail_subject(out, tag, msg + v, f->end - v);
}

/* mail_copy_headers - the original fields, byte-exact, minus the dropped */
static void
mail_copy_headers(GString *out, const char *msg, size_t len, const char *tag)
{
	struct mail_field f;
	size_t pos = 0;
	int tagged = !(tag && *tag);

	while (mail_next_field(msg, len, &pos, &f) == 1) {
		if (mail_dropped(msg, &f))
			continue;
		if (!tagged && mail_field_is(msg, &f, "Subject")) {
			mail_tag_subject(out, msg, &f, tag);
			tagged = 1;
			continue;
		}
		g_string_append_len(out, msg + f.start, f.end - f.start);
		if (msg[f.end - 1] != '\n')
			g_string_append_c(out, '\n');
	}
	if (!tagged)
		render_mail_subject(out, tag, "", 0);
}

/* mail_boundary_clash - does "--boundary" occur in buf? */
static int
mail_boundary_clash(const char *buf, size_t len, const char *boundary)
{
	char *delim = g_strconcat("--", boundary, NULL);
	int clash = memmem(buf, len, delim, strlen(delim)) != NULL;

	g_free(delim);
	return clash;
}

/* mail_hash_word - one word into both lanes of mail_hash128 */
static inline void
mail_hash_word(guint64 *a, guint64 *b, guint64 w)
{
	*a = (*a ^ w) * G_GUINT64_CONSTANT(0x9e3779b97f4a7c15);
	*a ^= *a >> 29;
	*b = (*b + w) * G_GUINT64_CONSTANT(0xc2b2ae3d27d4eb4f);
	*b ^= *b >> 31;
}

/*
 * mail_hash128 - a fast 128-bit digest of buf (two multiply-xorshift lanes
 * over 8-byte words).  Not cryptographic: it only has to make the
 * boundary depend on the message; the clash test below makes it safe.
 */
static void
mail_hash128(const char *buf, size_t len, guint32 round, guint64 h[2])
{
	const guint64 k1 = G_GUINT64_CONSTANT(0x9e3779b97f4a7c15);
	const guint64 k2 = G_GUINT64_CONSTANT(0xc2b2ae3d27d4eb4f);
	guint64 a = G_GUINT64_CONSTANT(0x6a09e667f3bcc908) ^ len ^ round;
	guint64 b = G_GUINT64_CONSTANT(0xbb67ae8584caa73b) + len + round;
	guint64 w0, w1, w2, w3;
	size_t i;

	/* Four words a turn: the same steps, a quarter of the loop's own work. */
	for (i = 0; i + 32 <= len; i += 32) {
		memcpy(&w0, buf + i, 8);
		memcpy(&w1, buf + i + 8, 8);
		memcpy(&w2, buf + i + 16, 8);
		memcpy(&w3, buf + i + 24, 8);
		mail_hash_word(&a, &b, w0);
		mail_hash_word(&a, &b, w1);
		mail_hash_word(&a, &b, w2);
		mail_hash_word(&a, &b, w3);
	}
	for (; i + 8 <= len; i += 8) {
		memcpy(&w0, buf + i, 8);
		mail_hash_word(&a, &b, w0);
	}
	for (; i < len; i++) {
		a = (a ^ (unsigned char)buf[i]) * k1;
		b = (b + (unsigned char)buf[i]) * k2;
	}
	a ^= a >> 33;
	a *= k2;
	a ^= a >> 29;
	b ^= b >> 32;
	b *= k1;
	b ^= b >> 29;
	h[0] = a;
	h[1] = b;
}

/* render_mail_boundary - a hash of msg that occurs in neither msg nor text */
char *
render_mail_boundary(const char *msg, size_t len, const char *text, size_t text_len)
{
	char *boundary = NULL;
	guint32 round = 0;
	guint64 h[2];

	do {
		g_free(boundary);
		mail_hash128(msg, len, round, h);
		boundary = g_strdup_printf("mailgloss-%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x",
					   h[0], h[1]);
		round++;
	} while (mail_boundary_clash(msg, len, boundary)
		 || mail_boundary_clash(text, text_len, boundary));
	return boundary;
}

/*
 * mail_long_line - is any line of buf longer than MAIL_LINE_MAX bytes?
 * Each window of MAIL_LINE_MAX + 1 bytes must hold a newline, and the
 * next window starts after its last one: a backward search from the end
 * of the window stops after a line or two, so most bytes are never read.
 */
static int
mail_long_line(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;

	while ((size_t)(end - p) > MAIL_LINE_MAX) {
		nl = memrchr(p, '\n', MAIL_LINE_MAX + 1);
		if (!nl)
			return 1;
		p = nl + 1;
	}
	return 0;
}

/* mail_8bit - is any byte 0x80 or above?  Four words at a time */
static int
mail_8bit(const char *buf, size_t len)
{
	const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
	guint64 w[4];
	size_t i;

	for (i = 0; i + sizeof(w) <= len; i += sizeof(w)) {
		memcpy(w, buf + i, sizeof(w));
		if ((w[0] | w[1] | w[2] | w[3]) & high)
			return 1;
	}
	for (; i < len; i++)
		if ((unsigned char)buf[i] >= 0x80)
			return 1;
	return 0;
}

/* mail_base64_lines - base64 in lines of 76 characters */
static void
mail_base64_lines(GString *out, const char *buf, size_t len)
{
	char *b64 = g_base64_encode((const guchar *)buf, len);
	size_t n = strlen(b64), i;

	for (i = 0; i < n; i += 76) {
		g_string_append_len(out, b64 + i, MIN(76, n - i));
		g_string_append_c(out, '\n');
	}
	g_free(b64);
}

/* mail_text_head - the header of the annotation part */
static void
mail_text_head(GString *out, const char *boundary, const char *cte)
{
	util_put(out, "--", 2);
	util_puts(out, boundary);
	util_puts(out, "\nContent-Type: text/plain; charset=UTF-8\n"
		  "Content-Transfer-Encoding: ");
	util_puts(out, cte);
	util_puts(out, "\nContent-Disposition: inline\n\n");
}

/*
 * mail_text_part - the annotation, already at out[text..], becomes the
 * first part, with head (the header fields before it) and the part's own
 * header put in front of it: 8bit when every line fits, else base64.
 */
static void
mail_text_part(GString *out, gsize text, GString *head, const char *boundary)
{
	const char *t = out->str + text;
	size_t len = out->len - text;
	char *copy;

	if (!mail_long_line(t, len) && !memchr(t, 0, len) && !memchr(t, '\r', len)) {
		mail_text_head(head, boundary, mail_8bit(t, len) ? "8bit" : "7bit");
		g_string_insert_len(out, (gssize)text, head->str, (gssize)head->len);
		if (len && out->str[out->len - 1] != '\n')
			g_string_append_c(out, '\n');
		return;
	}
	copy = g_memdup2(t, len);
	g_string_truncate(out, text);
	mail_text_head(head, boundary, "base64");
	util_put(out, head->str, head->len);
	mail_base64_lines(out, copy, len);
	g_free(copy);
}

/* mail_original_part - the original bytes, untouched, as message/rfc822 */
static void
mail_original_part(GString *out, const char *boundary, const char *msg, size_t len)
{
	const char *cte = memchr(msg, 0, len) || mail_long_line(msg, len) ? "binary"
			  : mail_8bit(msg, len) ? "8bit" : NULL;

	util_put(out, "\n--", 3);
	util_puts(out, boundary);
	util_puts(out, "\nContent-Type: message/rfc822\n"
		  "Content-Disposition: attachment; filename=\"original.eml\"\n"
		  "Content-Description: original message\n");
	if (cte) {
		util_puts(out, "Content-Transfer-Encoding: ");
		util_puts(out, cte);
		g_string_append_c(out, '\n');
	}
	g_string_append_c(out, '\n');
	util_put(out, msg, len);
	util_put(out, "\n--", 3);
	util_puts(out, boundary);
	util_put(out, "--\n", 3);
}

/* mail_count - " name=N" of X-Mailgloss-Counts */
static void
mail_count(GString *out, const char *name, int n)
{
	util_puts(out, name);
	render_put_int(out, n);
}

/* mail_our_headers - X-Mailgloss-*, then the MIME fields of the new body */
static void
mail_our_headers(GString *out, const struct explained *x, const struct render_mail_opts *o,
		 const char *boundary)
{
	const int *c = x->ann->counts;

	util_puts(out, "X-Mailgloss-Verdict: ");
	util_puts(out, verdict_name(x->ann->verdict));
	mail_count(out, "\nX-Mailgloss-Counts: noise=", c[VERDICT_NOISE]);
	mail_count(out, " info=", c[VERDICT_INFO]);
	mail_count(out, " check=", c[VERDICT_CHECK]);
	mail_count(out, " action=", c[VERDICT_ACTION]);
	mail_count(out, " urgent=", c[VERDICT_URGENT]);
	mail_count(out, " unknown=", c[VERDICT_UNKNOWN]);
	util_puts(out, "\nX-Mailgloss-Version: " VERSION "\n");
	if (o && o->loop && *o->loop) {
		util_puts(out, "X-Mailgloss-Loop: ");
		util_puts(out, o->loop);
		g_string_append_c(out, '\n');
	}
	util_puts(out, "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"");
	util_puts(out, boundary);
	util_puts(out, "\"\n\n");
}

/*
 * render_mail - the whole annotated message; 0, or -1 with errstr.  The
 * annotation is written straight into out after the copied fields; the
 * fields that depend on it (the boundary, its transfer encoding) are put
 * in front of it once it is known, which costs one move, not a copy of
 * the annotation and the growing of a buffer of its own.
 */
int
render_mail(GString *out, const struct explained *x, const char *msg, size_t len,
	    const struct render_mail_opts *o, char **errstr)
{
	GString *head;
	char *boundary;
	gsize text;

	if (mail_header_end(msg, len) < 0) {
		*errstr = msg_errstr("the header block is not plain RFC 5322; not rewritten");
		return -1;
	}
	mail_copy_headers(out, msg, len, o ? o->subject_tag : NULL);
	text = out->len;
	render_text(out, x, 0);
	boundary = render_mail_boundary(msg, len, out->str + text, out->len - text);
	head = g_string_sized_new(512);
	mail_our_headers(head, x, o, boundary);
	mail_text_part(out, text, head, boundary);
	mail_original_part(out, boundary, msg, len);
	g_string_free(head, TRUE);
	g_free(boundary);
	return 0;
}

/* mail_error_value - the reason as one line of printable ASCII */
static char *
mail_error_value(const char *reason)
{
	GString *v = g_string_new(NULL);
	const char *p;

	for (p = reason; *p && v->len < 200; p++)
		g_string_append_c(v, (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f ? *p : '?');
	return g_string_free(v, FALSE);
}

/*
 * render_mail_error - msg with "X-Mailgloss-Error: reason" put first.
 * Only done when msg starts with a clean header block, where one more
 * field cannot change how the rest is read; returns 0 then, or -1 with
 * out untouched.  The new line ends like the original's first line.
 */
int
render_mail_error(GString *out, const char *msg, size_t len, const char *reason)
{
	size_t first;
	char *value;
	int crlf;

	if (mail_header_end(msg, len) < 0)
		return -1;
	first = mail_line_next(msg, len, 0);
	crlf = first >= 2 && msg[first - 1] == '\n' && msg[first - 2] == '\r';
	value = mail_error_value(reason);
	g_string_append_printf(out, "X-Mailgloss-Error: %s%s", value, crlf ? "\r\n" : "\n");
	g_string_append_len(out, msg, len);
	g_free(value);
	return 0;
}

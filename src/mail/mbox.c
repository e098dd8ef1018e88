/*
 * mbox.c - split an mbox held in memory into messages.
 *
 * GMime's mbox parser does not undo ">From " quoting, so the split is done
 * here: a message starts at a From_ line that opens the buffer or follows
 * a blank line, and one '>' is removed from every "^>+From " line.  The
 * reader works on the caller's buffer; only the current message is copied.
 */
#include <string.h>

#include "mail_private.h"

struct mbox_reader {
	const char *buf;
	size_t len;
	size_t pos;		/* where the next message starts */
	size_t offset;		/* From_ line of the last message returned */
};

/* mbox_line_len - length of the line at P without its CR LF */
static size_t
mbox_line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', end - p);
	size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

/* mbox_looks_like - does the buffer start with a From_ line? */
int
mbox_looks_like(const char *buf, size_t len)
{
	return len >= 5 && memcmp(buf, "From ", 5) == 0
	    && mail_from_line_ok(buf, mbox_line_len(buf, buf + len));
}

/* mbox_reader_new - a reader over the caller's buffer (not copied) */
struct mbox_reader *
mbox_reader_new(const char *buf, size_t len)
{
	struct mbox_reader *rd = g_new0(struct mbox_reader, 1);

	rd->buf = buf;
	rd->len = len;
	return rd;
}

/* mbox_from_at - is there a From_ line at k + 1, where buf[k] ends a line? */
static int
mbox_from_at(const struct mbox_reader *rd, size_t start, size_t k)
{
	const char *line = rd->buf + k + 1, *end = rd->buf + rd->len;

	return end - line >= 5 && memcmp(line, "From ", 5) == 0
	    && k > start && (rd->buf[k - 1] == '\n' || (k > start + 1
	    && rd->buf[k - 1] == '\r' && rd->buf[k - 2] == '\n'))
	    && mail_from_line_ok(line, mbox_line_len(line, end));
}

/*
 * mbox_boundary - offset of the next From_ line at or after FROM + 1, or
 * len.  Only the lines holding "From " can matter, so the search goes
 * from one 'F' to the next (far fewer than newlines) and looks back to
 * the start of the line.  *quoted_r is set when a line on the way is
 * ">+From " (then there is quoting to undo).
 */
static size_t
mbox_boundary(const struct mbox_reader *rd, size_t start, size_t from, int *quoted_r)
{
	const char *buf = rd->buf, *end = buf + rd->len, *q = buf + from + 1, *f, *s;

	while (q < end && (f = memchr(q, 'F', end - q)) != NULL) {
		q = f + 1;
		if (end - f < 5 || memcmp(f, "From ", 5) != 0)
			continue;
		for (s = f; s - 1 > buf + from && s[-1] == '>'; s--)
			;
		if (s[-1] != '\n')
			continue;	/* not at the start of a line */
		if (s < f)
			*quoted_r = 1;
		else if (mbox_from_at(rd, start, (size_t)(f - 1 - buf)))
			return (size_t)(f - buf);
	}
	return rd->len;
}

/* mbox_unquote - copy a message, removing one '>' from ">+From " lines */
static GByteArray *
mbox_unquote(const char *p, const char *end)
{
	GByteArray *out = g_byte_array_sized_new(end - p);
	const char *nl, *q, *run = p;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		nl = nl ? nl + 1 : end;
		for (q = p; q < nl && *q == '>'; q++)
			;
		if (q > p && nl - q >= 5 && memcmp(q, "From ", 5) == 0) {
			g_byte_array_append(out, (const guint8 *)run, p - run);
			run = p + 1;
		}
		p = nl;
	}
	g_byte_array_append(out, (const guint8 *)run, end - run);
	return out;
}

/*
 * mbox_next_span - the next message without its From_ line; 0 at the
 * end.  It is *data_r, *len_r: in the reader's buffer itself when no line
 * in it can be quoted (*copy_r NULL), otherwise an unquoted copy (*copy_r,
 * for the caller to free).
 */
int
mbox_next_span(struct mbox_reader *rd, const char **data_r, size_t *len_r, GByteArray **copy_r,
	       char **from_line_r)
{
	const char *buf = rd->buf, *end = rd->buf + rd->len, *nl;
	size_t start = rd->pos, body = start, next, stop, n;
	int quoted = 0;

	if (rd->pos >= rd->len)
		return 0;
	n = mbox_line_len(buf + start, end);
	if (n >= 5 && memcmp(buf + start, "From ", 5) == 0
	    && mail_from_line_ok(buf + start, n)) {
		if (from_line_r)
			*from_line_r = g_strndup(buf + start, n);
		nl = memchr(buf + start, '\n', end - (buf + start));
		body = nl ? (size_t)(nl - buf) + 1 : rd->len;
	} else if (from_line_r) {
		*from_line_r = NULL;
	}
	if (body > start)
		next = mbox_boundary(rd, start, body - 1, &quoted);
	else
		next = mbox_boundary(rd, start, body, &quoted);
	quoted |= body < rd->len && buf[body] == '>';
	/* Drop the blank line that separates this message from the next. */
	stop = next;
	if (stop > body && buf[stop - 1] == '\n') {
		if (stop - 1 == body || buf[stop - 2] == '\n')
			stop--;
		else if (stop - 2 >= body && buf[stop - 2] == '\r'
		    && (stop - 2 == body || buf[stop - 3] == '\n'))
			stop -= 2;
	}
	*copy_r = quoted ? mbox_unquote(buf + body, buf + stop) : NULL;
	*data_r = *copy_r ? (const char *)(*copy_r)->data : buf + body;
	*len_r = *copy_r ? (*copy_r)->len : stop - body;
	rd->offset = start;
	rd->pos = next;
	return 1;
}

/* mbox_next - the next message as a copy, without its From_ line; 0 at the end */
int
mbox_next(struct mbox_reader *rd, GByteArray **msg_r, char **from_line_r)
{
	const char *data;
	size_t len;

	if (!mbox_next_span(rd, &data, &len, msg_r, from_line_r))
		return 0;
	if (!*msg_r) {
		*msg_r = g_byte_array_sized_new(len);
		g_byte_array_append(*msg_r, (const guint8 *)data, len);
	}
	return 1;
}

/* mbox_offset - byte offset of the last message's From_ line */
size_t
mbox_offset(const struct mbox_reader *rd)
{
	return rd->offset;
}

/* mbox_reader_free - free a reader and clear the pointer */
void
mbox_reader_free(struct mbox_reader **rdp)
{
	g_free(*rdp);
	*rdp = NULL;
}

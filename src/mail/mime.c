/*
 * mime.c - one message (or a bare report text) from memory to UTF-8 text.
 *
 * GMime parses the MIME structure; this file picks the text parts (plain
 * preferred, HTML when a part has no plain alternative, message/rfc822
 * included), removes the transfer encoding, and hands the bytes to the
 * strict charset decoder.  Input that has no header block, or that GMime
 * cannot parse, is taken as bare text.  Every surprise becomes a note.
 */
#include <stdarg.h>
#include <string.h>

#include <gmime/gmime.h>

#include "mail_private.h"
#include "util.h"

#define MAIL_MAX_NOTES	20

static int mail_initialised;

/* mail_init - initialise GMime once */
void
mail_init(void)
{
	if (mail_initialised)
		return;
	g_mime_init();
	mail_initialised = 1;
}

/* mail_shutdown - release GMime's global state */
void
mail_shutdown(void)
{
	if (!mail_initialised)
		return;
	g_mime_shutdown();
	mail_initialised = 0;
}

/* mail_note - add a note once (same text is not repeated) */
void
mail_note(struct mail *mail, const char *fmt, ...)
{
	va_list ap;
	char *text, *safe;
	guint i;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	safe = util_sanitize(text, strlen(text));
	g_free(text);
	for (i = 0; i < mail->notes->len; i++) {
		if (strcmp(g_ptr_array_index(mail->notes, i), safe) == 0) {
			g_free(safe);
			return;
		}
	}
	if (mail->notes->len >= MAIL_MAX_NOTES) {
		g_free(safe);
		return;
	}
	g_ptr_array_add(mail->notes, safe);
}

/* mime_warning - GMime parser warnings worth telling the reader */
static void
mime_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer data)
{
	struct mail *mail = data;

	switch (code) {
	case GMIME_WARN_TRUNCATED_MESSAGE:
		mail_note(mail, "message truncated");
		break;
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		mail_note(mail, "malformed MIME structure");
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		mail_note(mail, "MIME nesting too deep; inner parts ignored");
		break;
	case GMIME_CRIT_INVALID_HEADER_NAME:
		mail_note(mail, "invalid header line ignored");
		break;
	default:
		break;
	}
}

/* mime_options - parser options with Japanese fallbacks and our warnings */
static GMimeParserOptions *
mime_options(struct mail *mail)
{
	static const char *fallback[] = {
		"utf-8", "euc-jp", "cp932", "iso-8859-1", NULL
	};
	GMimeParserOptions *opt = g_mime_parser_options_new();

	g_mime_parser_options_set_fallback_charsets(opt, fallback);
	g_mime_parser_options_set_warning_callback(opt, mime_warning, mail);
	return opt;
}

/* mime_append - append decoded text: CRLF to LF, parts one blank line apart */
static void
mime_append(GString *text, const char *s, size_t len)
{
	const char *end = s + len, *cr;

	if (text->len > 0 && len > 0) {
		if (text->str[text->len - 1] != '\n')
			g_string_append_c(text, '\n');
		if (text->len < 2 || text->str[text->len - 2] != '\n')
			g_string_append_c(text, '\n');
	}
	/* runs up to each CR of a CRLF, appended whole */
	while ((cr = memchr(s, '\r', end - s)) != NULL) {
		if (cr + 1 < end && cr[1] == '\n') {
			g_string_append_len(text, s, cr - s);
			s = cr + 1;
		} else {
			g_string_append_len(text, s, cr + 1 - s);
			s = cr + 1;
		}
	}
	g_string_append_len(text, s, end - s);
}

/* mime_decode_append - decode bytes in charset CS and append them */
static void
mime_decode_append(struct mail *mail, GString *text, const char *cs,
    const char *buf, size_t len, int html)
{
	char *utf8, *note = NULL, *plain;
	size_t ulen;

	utf8 = mail_charset_decode(cs, buf, len, &ulen, NULL, &note);
	if (note)
		mail_note(mail, "%s", note);
	g_free(note);
	if (html) {
		plain = mail_html_to_text(utf8, ulen);
		mime_append(text, plain, strlen(plain));
		mail->text_from_html = 1;
		g_free(plain);
	} else {
		mime_append(text, utf8, ulen);
	}
	g_free(utf8);
}

/* mime_part_append - remove the transfer encoding, decode, append */
static void
mime_part_append(struct mail *mail, GString *text, GMimePart *part, int html)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem;
	GByteArray *ba;

	if (content == NULL)
		return;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(content, mem) < 0)
		mail_note(mail, "a part could not be decoded completely");
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	mime_decode_append(mail, text, g_mime_object_get_content_type_parameter(
	    (GMimeObject *)part, "charset"), (const char *)ba->data, ba->len,
	    html);
	g_object_unref(mem);
}

/* mime_is_plain - a text/plain leaf */
static int
mime_is_plain(GMimeObject *obj)
{
	return GMIME_IS_PART(obj) && g_mime_content_type_is_type(
	    g_mime_object_get_content_type(obj), "text", "plain");
}

/*
 * mime_skip_alternatives - the iterator visits parents before children,
 * so when a multipart/alternative has a plain part, its other branches
 * (the HTML, possibly wrapped in multipart/related) go into SKIP, and a
 * skipped multipart passes the mark on to its children.
 */
static void
mime_skip_alternatives(GMimeObject *obj, GHashTable *skip)
{
	GMimeMultipart *mp;
	int i, n, plain = 0, skipped;

	if (!GMIME_IS_MULTIPART(obj))
		return;
	mp = GMIME_MULTIPART(obj);
	n = g_mime_multipart_get_count(mp);
	skipped = g_hash_table_contains(skip, obj);
	if (!skipped && g_mime_content_type_is_type(
	    g_mime_object_get_content_type(obj), "multipart", "alternative"))
		for (i = 0; i < n && !plain; i++)
			plain = mime_is_plain(g_mime_multipart_get_part(mp, i));
	for (i = 0; (skipped || plain) && i < n; i++)
		if (skipped || !mime_is_plain(g_mime_multipart_get_part(mp, i)))
			g_hash_table_add(skip, g_mime_multipart_get_part(mp, i));
}

/* mime_walk - collect the text parts; attachments only when nothing else */
static void
mime_walk(struct mail *mail, GMimeMessage *msg, GString *text)
{
	GPtrArray *attached = g_ptr_array_new();
	GHashTable *skip = g_hash_table_new(NULL, NULL);
	GMimePartIter *it = g_mime_part_iter_new((GMimeObject *)msg);
	GMimeObject *obj;
	GMimeMessage *inner;
	GMimeContentType *ct;
	int html;
	guint i;

	/* The iterator starts below the top-level part: mark it first. */
	mime_skip_alternatives(g_mime_message_get_mime_part(msg), skip);
	do {
		obj = g_mime_part_iter_get_current(it);
		if (obj == NULL)
			continue;
		mime_skip_alternatives(obj, skip);
		if (GMIME_IS_MESSAGE_PART(obj)) {
			/* Again the iterator skips the inner top-level part. */
			inner = g_mime_message_part_get_message(
			    GMIME_MESSAGE_PART(obj));
			if (inner)
				mime_skip_alternatives(
				    g_mime_message_get_mime_part(inner), skip);
		}
		if (!GMIME_IS_PART(obj))
			continue;
		ct = g_mime_object_get_content_type(obj);
		html = g_mime_content_type_is_type(ct, "text", "html");
		if (!html && !g_mime_content_type_is_type(ct, "text", "plain"))
			continue;
		if (g_mime_part_is_attachment(GMIME_PART(obj))) {
			if (!html)
				g_ptr_array_add(attached, obj);
		} else if (!html || !g_hash_table_contains(skip, obj)) {
			mime_part_append(mail, text, GMIME_PART(obj), html);
		}
	} while (g_mime_part_iter_next(it));
	g_mime_part_iter_free(it);
	g_hash_table_destroy(skip);
	if (text->len == 0 && attached->len > 0) {
		mail_note(mail, "no inline text; text taken from attachments");
		for (i = 0; i < attached->len; i++)
			mime_part_append(mail, text,
			    GMIME_PART(g_ptr_array_index(attached, i)), 0);
	}
	if (text->len == 0)
		mail_note(mail, "no text in the message");
	else if (text->str[text->len - 1] != '\n')
		g_string_append_c(text, '\n');	/* a part ends at a boundary */
	g_ptr_array_free(attached, TRUE);
}

/* mime_header - decoded, sanitised value of one header, or NULL */
static char *
mime_header(const char *hdr, size_t len, GMimeParserOptions *opt,
    const char *name)
{
	char *raw = mail_header_find(hdr, len, name), *dec, *safe;

	if (raw == NULL)
		return NULL;
	dec = g_mime_utils_header_decode_text(opt, raw);
	safe = util_sanitize(dec, strlen(dec));
	g_free(dec);
	g_free(raw);
	return safe;
}

/* mime_headers - the header values struct mail carries */
static void
mime_headers(struct mail *mail, GMimeParserOptions *opt)
{
	const char *hdr = mail->raw + mail->envelope_len;
	size_t len = mail->raw_len - mail->envelope_len;

	mail->subject = mime_header(hdr, len, opt, "Subject");
	mail->from = mime_header(hdr, len, opt, "From");
	mail->date = mime_header(hdr, len, opt, "Date");
	mail->message_id = mime_header(hdr, len, opt, "Message-ID");
	mail->host = mail_host_guess(mail->subject, mail->from);
}

/* mime_parse - GMime parse of a mail; 0, or -1 when GMime gives up */
static int
mime_parse(struct mail *mail, GMimeParserOptions *opt, GString *text)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;

	stream = g_mime_stream_mem_new_with_buffer(mail->raw
	    + mail->envelope_len, mail->raw_len - mail->envelope_len);
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, opt);
	g_object_unref(parser);
	if (msg == NULL)
		return -1;
	mime_walk(mail, msg, text);
	g_object_unref(msg);
	return 0;
}

/* mail_parse - one message or bare text from memory */
int
mail_parse(const char *buf, size_t len, struct mail **mail_r, char **errstr)
{
	struct mail *mail = g_new0(struct mail, 1);
	GMimeParserOptions *opt;
	GString *text = g_string_new(NULL);
	size_t env;

	mail_init();
	mail->raw = g_malloc(len + 1);
	if (len)
		memcpy(mail->raw, buf, len);
	mail->raw[len] = 0;
	mail->raw_len = len;
	mail->notes = g_ptr_array_new_null_terminated(4, g_free, TRUE);
	opt = mime_options(mail);

	env = mail_envelope_len(buf, len);
	if (len == 0) {
		mail_note(mail, "empty input");
	} else if (env > 0 || mail_header_block(buf, len, NULL)) {
		mail->envelope_len = env;
		mail->has_headers = 1;
		if (mime_parse(mail, opt, text) < 0) {
			mail_note(mail, "not parseable as MIME; taken as text");
			mail->envelope_len = 0;
			mail->has_headers = 0;
		} else {
			mime_headers(mail, opt);
		}
	}
	if (len > 0 && !mail->has_headers)
		mime_decode_append(mail, text, NULL, buf, len, 0);
	g_mime_parser_options_free(opt);
	mail->text_len = text->len;
	mail->text = g_string_free(text, FALSE);
	*mail_r = mail;
	return 0;
}

/* mail_free - free a mail and clear the pointer */
void
mail_free(struct mail **mailp)
{
	struct mail *mail = *mailp;

	if (mail == NULL)
		return;
	g_free(mail->raw);
	g_free(mail->subject);
	g_free(mail->from);
	g_free(mail->date);
	g_free(mail->message_id);
	g_free(mail->host);
	g_free(mail->text);
	g_ptr_array_free(mail->notes, TRUE);
	g_free(mail);
	*mailp = NULL;
}

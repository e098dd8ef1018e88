/*
 * mail.h - the mail layer: raw bytes in, decoded UTF-8 report text out.
 *
 * This layer knows MIME, transfer encodings, charsets, mbox framing and
 * HTML-to-text; it knows nothing about reports or rules.
 */
#ifndef MAILGLOSS_MAIL_H
#define MAILGLOSS_MAIL_H

#include <stddef.h>
#include <glib.h>

struct mail {
	/* The input exactly as given, including any leading From_ line. */
	char *raw;
	size_t raw_len;
	/* Length of a leading "From " envelope line with its newline (0: none). */
	size_t envelope_len;
	/* 1 when the input had an RFC 5322 header block, 0 for bare text. */
	int has_headers;
	/* Decoded (RFC 2047) UTF-8 header values, sanitised; NULL if absent. */
	char *subject;
	char *from;
	char *date;
	char *message_id;
	/* Host the report is about, guessed from headers (may be NULL). */
	char *host;
	/*
	 * The report text: every non-attachment text part (text/plain, or
	 * text/html converted to text when a part has no plain alternative),
	 * including those inside message/rfc822 parts, decoded to UTF-8 with
	 * LF line ends and joined by one blank line.  Never NULL; may be "".
	 * Invalid bytes never vanish: they become U+FFFD.
	 */
	char *text;
	size_t text_len;
	/* 1 when any of the text came from HTML. */
	int text_from_html;
	/* Human-readable notes on decoding problems (NULL-terminated, may be empty). */
	GPtrArray *notes;
};

/* Parses one message (or a bare text) held in memory.  0, or -1 with errstr. */
int mail_parse(const char *buf, size_t len, struct mail **mail_r, char **errstr);

/* Frees a mail and clears the pointer. */
void mail_free(struct mail **mailp);

/* Raw (undecoded) value of the first header field NAME, or NULL; g_free it. */
char *mail_header_raw(const struct mail *mail, const char *name);

/* Converts bytes in charset CS (NULL: unknown) to valid UTF-8; g_free it. */
char *mail_to_utf8(const char *cs, const char *buf, size_t len, int *lossy_r);

/* Converts an HTML document to plain text lines (tables as rows). */
char *mail_html_to_text(const char *html, size_t len);

/*
 * mbox reading.  mbox_looks_like() says whether a buffer is an mbox
 * ("From " at the start and a valid From_ line).  mbox_next() returns the
 * next message's bytes with the From_ line removed and mboxrd/mboxo
 * quoting ("^>+From ") undone by one '>'; from_line_r (may be NULL) gets
 * the From_ line without its newline.  Returns 1, or 0 at the end.
 * mbox_next_span() is the same without a copy unless quoting has to be
 * undone: the message is *data_r, *len_r, in the reader's buffer or in
 * *copy_r (NULL when nothing was copied).
 * mbox_offset() is the byte offset of the From_ line of the message
 * mbox_next() returned last.  The reader does not copy the buffer, which
 * must outlive it.
 */
struct mbox_reader;
int mbox_looks_like(const char *buf, size_t len);
struct mbox_reader *mbox_reader_new(const char *buf, size_t len);
int mbox_next(struct mbox_reader *rd, GByteArray **msg_r, char **from_line_r);
int mbox_next_span(struct mbox_reader *rd, const char **data_r, size_t *len_r, GByteArray **copy_r,
		   char **from_line_r);
size_t mbox_offset(const struct mbox_reader *rd);
void mbox_reader_free(struct mbox_reader **rdp);

/* Global GMime setup; idempotent. */
void mail_init(void);
void mail_shutdown(void);

#endif

/*
 * render.h - turning annotated reports into text, JSON or a mail body.
 *
 * Renderers read the report and its annotation; they never look at rule
 * files or the mail's bytes.
 */
#ifndef MAILGLOSS_RENDER_H
#define MAILGLOSS_RENDER_H

#include <glib.h>

#include "util.h"
#include "knowledge/annotate.h"

/* One message after analysis: what every renderer works from. */
struct explained {
	const char *source;		/* file name, or "-" */
	int index;			/* position in an mbox, from 0 */
	const char *subject;		/* decoded, may be NULL */
	const char *host;		/* may be NULL */
	GPtrArray *notes;		/* decoding notes (char *), may be NULL */
	struct report *report;
	struct annotation *ann;
};

/* The marker that starts every line mailgloss writes into a report. */
#define RENDER_MARK "\xe2\x94\x83"	/* U+2503 BOX DRAWINGS HEAVY VERTICAL */

/* Appends n in decimal. */
void render_put_int(GString *out, long n);
/* Appends fmt with its one %u (or %d) replaced by n: printf for one number. */
void render_put_count(GString *out, const char *fmt, unsigned n);

/* Localised verdict label ("要確認" / "Check"). */
const char *render_verdict_label(enum verdict v);
/* A report line made safe: no escapes, and no look-alike of our marker. */
char *render_safe_line(const char *text);
void render_append_safe_line(GString *out, const char *text);
/* The same for len bytes of text (no NUL among them). */
void render_append_safe_len(GString *out, const char *text, size_t len);
/* Kind display name for a report ("LogWatch"), or a "not a report" label. */
const char *render_kind_name(const struct explained *x);
/* The verdict of a section: its most severe counting entry. */
enum verdict render_section_verdict(const struct explained *x, int s);

/* Text for a terminal or a mail body.  colour: ANSI colours for a TTY. */
void render_text(GString *out, const struct explained *x, int colour);

/* JSON (SPEC section 7): begin, one call per message, end. */
void render_json_begin(GString *out);
void render_json_message(GString *out, const struct explained *x, int first);
void render_json_end(GString *out);

/* Notes on what the limits left unannotated, in the primary language (g_ptr_array_unref). */
GPtrArray *render_limit_notes(const struct explained *x);

/* Appends the sentence on a local verdict override of rule, if any. */
void render_override(GString *out, const struct rule *rule, int primary);

/* Appends the explanation of an entry as one paragraph (JSON, summaries). */
void render_explanation(GString *out, const struct entry *e, int primary);

/*
 * The annotated message of SPEC section 5 (render_mail.c).  msg is the
 * original message without a From_ line.  Original header fields are
 * copied byte-exact except Content-*, MIME-Version and forged
 * X-Mailgloss-*; X-Mailgloss-Verdict/Counts/Version (and Loop) are added;
 * the body is multipart/mixed with the render_text() annotation as UTF-8
 * and the original bytes as message/rfc822.  Deterministic: the MIME
 * boundary is a hash of msg.  -1 with errstr when the header block cannot
 * be copied byte-exact (the caller should pass msg on unchanged).
 */
struct render_mail_opts {
	const char *subject_tag;	/* UTF-8 text before the Subject, or NULL */
	const char *loop;		/* value of X-Mailgloss-Loop, or NULL */
};
int render_mail(GString *out, const struct explained *x, const char *msg, size_t len,
		const struct render_mail_opts *o, char **errstr);
/* Writes "Subject: TAG rest", RFC 2047-encoding a non-ASCII tag. */
void render_mail_subject(GString *out, const char *tag, const char *rest, size_t rest_len);
/* The MIME boundary for msg: a hash found in neither msg nor text. */
char *render_mail_boundary(const char *msg, size_t len, const char *text, size_t text_len);
/* Is there a header field NAME in msg's header block? */
int render_mail_has_header(const char *msg, size_t len, const char *name);
/* msg with an X-Mailgloss-Error field first, if that is safe: 0, or -1. */
int render_mail_error(GString *out, const char *msg, size_t len, const char *reason);

#endif

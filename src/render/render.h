/*
 * render.h - turning annotated reports into text, JSON or a mail body.
 *
 * Renderers read the report and its annotation; they never look at rule
 * files or the mail's bytes.
 */
#ifndef MAILGLOSS_RENDER_H
#define MAILGLOSS_RENDER_H

#include <glib.h>

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

/* Localised verdict label ("要確認" / "Check"). */
const char *render_verdict_label(enum verdict v);
/* A report line made safe: no escapes, and no look-alike of our marker. */
char *render_safe_line(const char *text);
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

/* Appends the explanation of an entry as one paragraph (JSON, summaries). */
void render_explanation(GString *out, const struct entry *e, int primary);

#endif

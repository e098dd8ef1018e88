/*
 * report.h - the report model and the registry of report kinds.
 *
 * A report is the decoded text of one mail split into lines.  A kind's
 * parser (report_<kind>.c) groups the lines into sections and marks each
 * non-blank line as frame (structure: banners, section frames) or entry
 * (something a rule can explain), and records which heading a line sits
 * under.  Parsers never look at rules; rules never look at parsers.
 */
#ifndef MAILGLOSS_REPORT_H
#define MAILGLOSS_REPORT_H

#include <glib.h>

enum line_role {
	LINE_BLANK = 0,
	LINE_FRAME,
	LINE_ENTRY,
};

struct report_line {
	const char *text;	/* NUL-terminated, no newline; points into report->buf */
	int len;
	int lineno;		/* 1-based line number in the decoded text */
	enum line_role role;
	int indent;		/* leading blank columns (tab = 8) */
	int section;		/* index in report->sections, or -1 */
	int parent;		/* index of the heading line this one sits under, or -1 */
	unsigned heading:1;	/* the line introduces the lines below it */
	unsigned join:1;	/* the line continues the entry of the line before */
	unsigned char lead;	/* util_lead_byte of text: its first non-blank byte, 0 if blank */
	/*
	 * Non-NULL when the line summarises other sections (a Tripwire Rule
	 * Summary row): its verdict is the most severe verdict found in the
	 * sections whose title is this string or starts with it and " (".
	 */
	const char *summary_of;
};

struct report_section {
	char *title;		/* as it appears in the report */
	const char *kind;	/* kind id whose rules apply, e.g. "logwatch" */
	int first, last;	/* inclusive line index range */
	int frame_first;	/* unused by parsers; kept for renderers */
};

struct report_input {
	const char *subject;	/* decoded Subject, or NULL */
	const char *from;	/* decoded From, or NULL */
};

struct report {
	const struct report_kind *kind;	/* the kind of the whole report, NULL = none */
	char *buf;		/* the lines, NUL-separated */
	char *flat;		/* the text once more, one string (NUL bytes made newlines) */
	size_t flat_len;
	int utf8;		/* the text is valid UTF-8 without NUL, and so is each line */
	unsigned gen;		/* tells this report from earlier ones at the same address */
	struct report_line *lines;
	int nlines;
	guint64 leads[4];	/* the lead byte of every line, a bit each */
	GArray *sections;	/* struct report_section */
	const struct report_input *input;
	int depth;		/* sub-report nesting, to bound recursion */
	GPtrArray *strings;	/* owned strings referred to by lines */
	/*
	 * A report quoted in a reply ("> " before every line), or pasted
	 * from a log with a time stamp before every line, is read without
	 * those marks; shown holds its lines as they were, for the
	 * renderers (NULL when nothing was taken off).
	 */
	char *shown_buf;
	const char **shown;
};

/*
 * A report kind: one file src/report/report_<id>.c, one line in the
 * registry (report_registry.c).  detect() scores how sure it is that the
 * line range [first, last] is its report (0 = not at all, 100 = certain);
 * parse() turns the range into sections.  patterns lists (NULL-terminated)
 * every pattern the two pass to the helpers below, so that their literals
 * and compiled forms can be made ahead ("mailgloss rules cache") and one
 * literal set built per thread; a pattern missing there still works, more
 * slowly.
 */
struct report_kind {
	const char *id;
	const char *name;
	int (*detect)(const struct report *r, int first, int last);
	void (*parse)(struct report *r, int first, int last, const char *title_hint);
	const char *const *patterns;
};

/* Builds the line model of a decoded text.  The text is copied. */
struct report *report_new(const char *text, size_t len, const struct report_input *in);
const char *report_line_shown(const struct report *r, int i);
void report_free(struct report **rp);
/* Frees the calling thread's detection caches (a worker thread ends). */
void report_thread_end(void);

/* Detects and parses the whole text; falls back to one unknown section. */
void report_analyse(struct report *r);

/*
 * For parsers: detect the kind of a line range and parse it as that kind,
 * as a sub-report (a LogWatch report inside a cron mail).  Returns the
 * kind used, or NULL when no kind claimed the range (nothing is changed).
 */
const struct report_kind *report_parse_range(struct report *r, int first, int last,
					     const char *title_hint);

/* For parsers: open a section over [first, last]; returns its index. */
int report_section_add(struct report *r, const char *kind, const char *title, int first, int last);
struct report_section *report_section(const struct report *r, int i);
int report_nsections(const struct report *r);

/* For parsers: mark every non-blank line of a range as entry in section s. */
void report_mark_entries(struct report *r, int s, int first, int last);
/* For parsers: set parents and heading flags from indentation. */
void report_tree_by_indent(struct report *r, int first, int last);
/* For parsers: line i summarises the sections titled name (copied). */
void report_set_summary(struct report *r, int i, const char *name);
/* For parsers: mark one line as frame. */
void report_frame(struct report *r, int i);

/* For detectors: how many lines of [first, last] (at most limit) match pattern. */
int report_count_matches(const struct report *r, int first, int last, int limit, const char *pattern);
/* For detectors: does the mail's Subject match?  Only for the whole text (first == 0). */
int report_subject_matches(const struct report *r, int first, const char *pattern);
/* For parsers: one section of entries over the range, tree by indentation. */
int report_parse_flat(struct report *r, const char *kind, const char *title, int first, int last);
/*
 * For parsers: one section of entries; lines matching frame (may be NULL)
 * become frame lines and close the current list, lines matching end (may
 * be NULL) close it, and the lines after one matching head sit under it.
 */
int report_parse_lists(struct report *r, const char *kind, const char *title, int first, int last,
		       const char *frame, const char *end, const char *head);

/* Line helpers. */
/* report_is_blank - only white space on line i?  (A line holds no newline.) */
static inline int
report_is_blank(const struct report *r, int i)
{
	return r->lines[i].lead == 0;
}
const char *report_skip_space(const char *s);
/* Does line i match the PCRE2 pattern (compiled and cached per call site)? */
int report_line_matches(const struct report *r, int i, const char *pattern);
int report_text_matches(const char *text, const char *pattern);

/* The registry. */
const struct report_kind *const *report_kinds(void);
const struct report_kind *report_kind_by_id(const char *id);
/* Every kind's patterns, NULL-terminated (a pattern may appear twice). */
const char *const *report_patterns(void);

/* For tests: call hook with each pattern a detector asks for the first
 * time on this thread (NULL: no hook). */
void report_set_pattern_hook(void (*hook)(const char *pattern));

#endif

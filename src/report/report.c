/*
 * report.c - the report model: lines, sections, the indentation tree, and
 * the detection loop over the registry.
 *
 * Parsers get small helpers here so that each report_<kind>.c is only
 * about its own format.
 */
#include <pcre2.h>
#include <string.h>

#include "msg.h"
#include "util.h"
#include "knowledge/pattern_cache.h"
#include "report/report.h"

#define REPORT_MAX_DEPTH	3
#define REPORT_MIN_SCORE	30
#define REPORT_QUOTED_MIN	5	/* marked lines before a text is read without the marks */

/*
 * Marks that stand before every line of a report without being part of
 * it: the quote marks of a reply ("> ", ">>", "> > "), and the time
 * stamps of a log file a program keeps beside its report ("[04:12:31] "
 * in /var/log/rkhunter.log, which people paste when they ask).
 */
enum line_marks { MARKS_QUOTE, MARKS_CLOCK, MARKS_N };

/* quote_marks - bytes of quote marks at p, before end */
static size_t
quote_marks(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && *q == '>') {
		q++;
		if (q < end && *q == ' ')
			q++;
	}
	return (size_t)(q - p);
}

/*
 * clock_marks - bytes of a "[HH:MM:SS] " time stamp at p, before end, or
 * 0; a stamp alone on its line (an empty log line) has no blank after it
 */
static size_t
clock_marks(const char *p, const char *end)
{
	static const char shape[] = "[99:99:99] ";
	size_t i, n = sizeof(shape) - 1, have = (size_t)(end - p);

	if (have < n - 1)
		return 0;
	if (have == n - 1)
		n--;
	for (i = 0; i < n; i++)
		if (shape[i] == '9' ? !g_ascii_isdigit(p[i]) : p[i] != shape[i])
			return 0;
	return n;
}

/* line_marks - bytes of marks of kind m at p, before end */
static size_t
line_marks(enum line_marks m, const char *p, const char *end)
{
	return m == MARKS_QUOTE ? quote_marks(p, end) : clock_marks(p, end);
}

/*
 * report_marks - the kind of marks the lines of r carry, or MARKS_N for
 * none: a kind counts when at least REPORT_QUOTED_MIN lines, and more
 * than half of those that are not blank, start with it.  The lead bytes
 * known from the split answer "none" for nearly every report at once.
 */
static enum line_marks
report_marks(const struct report *r)
{
	size_t marked[MARKS_N] = { 0 }, other = 0;
	enum line_marks m;
	int i;

	if (!util_lead_in(r->leads, '>') && !util_lead_in(r->leads, '['))
		return MARKS_N;
	for (i = 0; i < r->nlines; i++) {
		const char *t = r->lines[i].text, *end = t + r->lines[i].len;

		if (*t == '>')
			marked[MARKS_QUOTE]++;
		else if (clock_marks(t, end))
			marked[MARKS_CLOCK]++;
		else if (r->lines[i].lead)
			other++;
	}
	for (m = 0; m < MARKS_N; m++)
		if (marked[m] >= REPORT_QUOTED_MIN && 2 * marked[m] > marked[0] + marked[1] + other)
			break;
	return m;
}

/* report_line_shown - line i as the text showed it (quote marks and all) */
const char *
report_line_shown(const struct report *r, int i)
{
	return r->shown ? r->shown[i] : r->lines[i].text;
}

/* report_split - a report of the lines of a decoded text */
static struct report *
report_split(const char *text, size_t len, const struct report_input *in)
{
	static __thread unsigned generation;	/* the detection caches are per thread */
	struct report *r = g_new0(struct report, 1);
	size_t i, start = 0, n = 0, cap = 64;
	char *nul;

	r->buf = g_malloc(len + 1);
	memcpy(r->buf, text, len);
	r->buf[len] = 0;
	r->flat = g_malloc(len + 1);
	memcpy(r->flat, text, len);
	r->flat[len] = 0;
	r->flat_len = len;
	r->utf8 = util_utf8_valid(text, len);
	for (nul = memchr(r->flat, 0, len); nul; nul = memchr(nul, 0, r->flat + len - nul))
		*nul = '\n';
	r->gen = ++generation;
	r->lines = g_new0(struct report_line, cap);
	r->sections = g_array_new(FALSE, TRUE, sizeof(struct report_section));
	r->strings = g_ptr_array_new_with_free_func(g_free);
	r->input = in;
	for (i = 0; i <= len; i++) {
		char *nl = i < len ? memchr(r->buf + i, '\n', len - i) : NULL;

		i = nl ? (size_t)(nl - r->buf) : len;
		if (i == len && start == len)
			break;	/* no empty last line after a final newline */
		if (n == cap) {
			cap *= 2;
			r->lines = g_renew(struct report_line, r->lines, cap);
		}
		r->buf[i] = 0;
		if (i > start && r->buf[i - 1] == '\r')
			r->buf[i - 1] = 0;
		memset(&r->lines[n], 0, sizeof(r->lines[n]));
		r->lines[n].text = r->buf + start;
		r->lines[n].len = (int)strlen(r->buf + start);
		r->lines[n].lineno = (int)n + 1;
		r->lines[n].section = -1;
		r->lines[n].parent = -1;
		r->lines[n].role = LINE_BLANK;
		n++;
		start = i + 1;
	}
	r->nlines = (int)n;
	for (i = 0; i < n; i++) {
		const char *p;
		int col = 0;

		for (p = r->lines[i].text; *p == ' ' || *p == '\t'; p++)
			col = (*p == '\t') ? (col / 8 + 1) * 8 : col + 1;
		r->lines[i].indent = col;
		r->lines[i].lead = util_lead_byte(p);
		r->leads[r->lines[i].lead >> 6] |= G_GUINT64_CONSTANT(1) << (r->lines[i].lead & 63);
	}
	return r;
}

/*
 * report_new - split a decoded text into lines.  Lines that carry marks
 * (report_marks) are split once more without them; the first split's
 * lines, marks and all, stay as what the renderers show.  Each line ends
 * in a newline in the second text, so both splits have the same lines.
 */
struct report *
report_new(const char *text, size_t len, const struct report_input *in)
{
	struct report *r = report_split(text, len, in), *u;
	enum line_marks m = report_marks(r);
	GString *s;
	int i;

	if (m == MARKS_N)
		return r;
	s = g_string_sized_new(len + 1);
	for (i = 0; i < r->nlines; i++) {
		const char *t = r->lines[i].text, *end = t + r->lines[i].len;
		size_t q = line_marks(m, t, end);

		g_string_append_len(s, t + q, (gssize)((size_t)(end - t) - q));
		g_string_append_c(s, '\n');
	}
	u = report_split(s->str, s->len, in);
	g_string_free(s, TRUE);
	if (u->nlines != r->nlines) {	/* cannot happen: one newline a line */
		report_free(&u);
		return r;
	}
	u->shown = g_new(const char *, (size_t)u->nlines + 1);
	for (i = 0; i < u->nlines; i++)
		u->shown[i] = r->lines[i].text;
	u->shown_buf = r->buf;		/* where those lines lie */
	r->buf = NULL;
	report_free(&r);
	return u;
}

/* report_free - release a report and clear the pointer */
void
report_free(struct report **rp)
{
	struct report *r = *rp;
	guint i;

	if (!r)
		return;
	for (i = 0; i < r->sections->len; i++)
		g_free(g_array_index(r->sections, struct report_section, i).title);
	g_array_free(r->sections, TRUE);
	g_ptr_array_free(r->strings, TRUE);
	g_free(r->lines);
	g_free(r->buf);
	g_free(r->flat);
	g_free(r->shown_buf);
	g_free(r->shown);
	g_free(r);
	*rp = NULL;
}

/* report_skip_space - skip blanks */
const char *
report_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	return s;
}

/* report_section_add - open a section; lines are assigned by the caller */
int
report_section_add(struct report *r, const char *kind, const char *title, int first, int last)
{
	struct report_section s = { 0 };
	int i;

	s.title = g_strdup(title);
	s.kind = kind;
	s.first = first;
	s.last = last;
	g_array_append_val(r->sections, s);
	for (i = first; i <= last && i < r->nlines; i++)
		r->lines[i].section = (int)r->sections->len - 1;
	return (int)r->sections->len - 1;
}

/* report_section - section i */
struct report_section *
report_section(const struct report *r, int i)
{
	return &g_array_index(r->sections, struct report_section, i);
}

/* report_nsections - how many sections */
int
report_nsections(const struct report *r)
{
	return (int)r->sections->len;
}

/* report_mark_entries - every non-blank line in range becomes an entry */
void
report_mark_entries(struct report *r, int s, int first, int last)
{
	int i;

	for (i = first; i <= last; i++) {
		r->lines[i].section = s;
		r->lines[i].role = report_is_blank(r, i) ? LINE_BLANK : LINE_ENTRY;
	}
}

/* report_set_summary - line i stands for the sections titled name */
void
report_set_summary(struct report *r, int i, const char *name)
{
	char *copy = g_strstrip(g_strdup(name));

	g_ptr_array_add(r->strings, copy);
	r->lines[i].summary_of = copy;
}

/* report_frame - line i is structure, not content */
void
report_frame(struct report *r, int i)
{
	r->lines[i].role = LINE_FRAME;
	r->lines[i].heading = 0;
}

/*
 * report_tree_by_indent - a line sits under the nearest line above it
 * with less indentation; that line becomes a heading.  Frame lines and
 * blank lines do not take part.
 */
void
report_tree_by_indent(struct report *r, int first, int last)
{
	int stack[64], depth = 0, i;

	for (i = first; i <= last; i++) {
		struct report_line *l = &r->lines[i];

		if (l->role != LINE_ENTRY || l->join)
			continue;
		while (depth > 0 && r->lines[stack[depth - 1]].indent >= l->indent)
			depth--;
		l->parent = depth > 0 ? stack[depth - 1] : -1;
		if (l->parent >= 0)
			r->lines[l->parent].heading = 1;
		if (depth < (int)G_N_ELEMENTS(stack))
			stack[depth++] = i;
	}
}

/*
 * report_text_matches - cached PCRE2 test used by parsers' detectors.
 * A pattern is JIT-compiled only once it has been used often: one mail
 * through filter runs most detector patterns over a few lines only, and
 * JIT compilation costs more than those matches.  The prefilters leave
 * PCRE2 only the lines that may well match, so batch reaches the count
 * for its common patterns after a few hundred of those.
 */
#define DETECT_JIT_AFTER 256

/*
 * Two prefilters stand in front of PCRE2.  The lead byte: most detector
 * patterns are anchored, and a line whose first non-blank byte cannot
 * start a match is rejected by one bit test (util_pattern_lead).  The
 * literals: a line that holds none of the pattern's literals cannot
 * match (util_pattern_literals).
 *
 * Every kind lists its patterns (report_patterns), and "mailgloss rules
 * cache" stores their literals and compiled code with the rules'
 * patterns, so that neither is worked out here.  A pattern's literals are
 * taken on first need and each is searched for in the whole report.  Once
 * a thread has searched DETECT_SET_AFTER bytes of reports that way, the
 * literals of every registered pattern go into one literal set, and one
 * pass over each report finds them all.  One mail through filter is most
 * often a short one, for which the set costs more than it saves; a long
 * one, or batch's many, soon pay for it.  A pattern missing from the list
 * still works: its literals are always searched for one by one, and
 * without the cache it is compiled here.
 */
#define DETECT_SET_AFTER 10240	/* about where both cost the same on LogWatch mails */

struct detect_re {
	const char *pattern;
	pcre2_code *re;		/* made when a line first passes the prefilters */
	int cached;		/* re is the pattern cache's (see detect_exec) */
	guint64 lead[4];	/* the lead bytes of util_pattern_lead */
	int has_lead;
	int lead_known;		/* lead and has_lead are set (on first need) */
	int has_literals;	/* literals and ids are known */
	char **literals;	/* NULL: no literal prefilter */
	int *ids;		/* their ids in detect.set, -1: not in it */
	unsigned gen;		/* the report the fields below are about */
	int any;		/* one of the literals occurs in it */
	int *found;		/* with a lead: which literals occur, -1 ended */
	guint8 *lines;		/* without: bitmap of lines holding one */
	size_t lines_size;	/* bytes allocated */
	unsigned uses;
};

/*
 * The detection caches of one thread (batch analyses on several): each
 * pattern's compiled form and literals, the literal set of every
 * registered pattern, and which report it was last run over.
 */
struct detect_state {
	GHashTable *cache;	/* pattern (by address) -> struct detect_re */
	GPtrArray *all;		/* every struct detect_re, owned; the registered first */
	guint nknown;		/* how many are registered */
	struct {
		const char *pattern;
		struct detect_re *d;
	} recent[256];		/* in front of the table: detectors ask per line */
	pcre2_match_data *md;
	struct util_litset *set;	/* every registered literal, once built */
	size_t searched;	/* report bytes searched before it was */
	unsigned scanned_gen;	/* the report set was last run over */
};

static __thread struct detect_state detect;
static void (*detect_hook)(const char *pattern);

/* detect_re_free - for the list's destructor */
static void
detect_re_free(gpointer p)
{
	struct detect_re *d = p;

	pcre2_code_free(d->re);
	g_strfreev(d->literals);
	g_free(d->ids);
	g_free(d->found);
	g_free(d->lines);
	g_free(d);
}

/* report_thread_end - free this thread's detection caches */
void
report_thread_end(void)
{
	if (detect.cache) {
		g_hash_table_destroy(detect.cache);
		g_ptr_array_free(detect.all, TRUE);
	}
	pcre2_match_data_free(detect.md);
	util_litset_free(detect.set);
	memset(&detect, 0, sizeof(detect));
}

/* report_set_pattern_hook - for tests: see every pattern asked for */
void
report_set_pattern_hook(void (*hook)(const char *pattern))
{
	detect_hook = hook;
}

/* detect_new - the cache entry of a pattern, without its prefilters yet */
static struct detect_re *
detect_new(const char *pattern)
{
	struct detect_re *d = g_new0(struct detect_re, 1);

	d->pattern = pattern;
	g_ptr_array_add(detect.all, d);
	return d;
}

/*
 * detect_start - this thread's caches, with an entry for each registered
 * pattern.  A kind's detector and its list name the same string constant,
 * so the address is the key; a compiler that keeps two copies of one
 * constant only costs detect_insert a search.
 */
static void
detect_start(void)
{
	const char *const *p;

	/* Open already where threads share it (engine.c): this is for the others. */
	pattern_cache_open(NULL);
	detect.cache = g_hash_table_new(g_direct_hash, g_direct_equal);
	detect.all = g_ptr_array_new_with_free_func(detect_re_free);
	detect.md = pcre2_match_data_create(32, NULL);
	for (p = report_patterns(); *p; p++)
		if (!g_hash_table_lookup(detect.cache, *p))
			g_hash_table_insert(detect.cache, (gpointer)*p, detect_new(*p));
	detect.nknown = detect.all->len;
}

/* detect_known - the registered entry of pattern's text, or NULL */
static struct detect_re *
detect_known(const char *pattern)
{
	guint k;

	for (k = 0; k < detect.nknown; k++) {
		struct detect_re *d = detect.all->pdata[k];

		if (strcmp(d->pattern, pattern) == 0)
			return d;
	}
	return NULL;
}

/*
 * detect_literals - the literal prefilter of d, from the pattern cache if
 * it has it, found on first need: one mail through filter rejects most
 * patterns by the lead byte alone.  They are not in the set (yet).
 */
static void
detect_literals(struct detect_re *d)
{
	guint i, n;

	d->has_literals = 1;
	if (!pattern_cache_literals(d->pattern, &d->literals))
		d->literals = util_pattern_literals(d->pattern);
	if (!d->literals)
		return;
	n = g_strv_length(d->literals);
	d->ids = g_new(int, n);
	d->found = g_new(int, n + 1);
	for (i = 0; i < n; i++)
		d->ids[i] = -1;
}

/* detect_set_build - the literal set of every registered pattern */
static void
detect_set_build(void)
{
	guint k, i;

	detect.set = util_litset_new();
	for (k = 0; k < detect.nknown; k++) {
		struct detect_re *d = detect.all->pdata[k];

		if (!d->has_literals)
			detect_literals(d);
		for (i = 0; d->literals && d->literals[i]; i++)
			d->ids[i] = util_litset_add(detect.set, d->literals[i]);
	}
}

/*
 * detect_insert - a pattern not in the recent slots: from the table, or
 * new.  Its lead bytes are found on first need: one mail through filter
 * asks only some of the registered patterns.
 */
static struct detect_re *
detect_insert(const char *pattern, guint slot)
{
	struct detect_re *d;

	if (!detect.cache)
		detect_start();
	if (detect_hook)
		detect_hook(pattern);
	if ((d = g_hash_table_lookup(detect.cache, pattern)) == NULL) {
		if ((d = detect_known(pattern)) == NULL)
			d = detect_new(pattern);
		g_hash_table_insert(detect.cache, (gpointer)pattern, d);
	}
	if (!d->lead_known) {
		d->has_lead = util_pattern_lead(d->pattern, d->lead);
		d->lead_known = 1;
	}
	detect.recent[slot].pattern = pattern;
	detect.recent[slot].d = d;
	return d;
}

/* detect_lookup - the cached form of a detector pattern */
static inline struct detect_re *
detect_lookup(const char *pattern)
{
	guint slot = (guint)(((guintptr)pattern >> 3) % G_N_ELEMENTS(detect.recent));

	if (G_LIKELY(detect.recent[slot].pattern == pattern))
		return detect.recent[slot].d;
	return detect_insert(pattern, slot);
}

/* detect_lead - can a line whose first non-blank byte is c match d? */
static inline int
detect_lead(const struct detect_re *d, unsigned char c)
{
	return !d->has_lead || util_lead_in(d->lead, c);
}

/* detect_lead_any - can some line of r match d, by its lead byte? */
static int
detect_lead_any(const struct detect_re *d, const struct report *r)
{
	int i;

	if (!d->has_lead)
		return 1;
	for (i = 0; i < 4; i++)
		if (d->lead[i] & r->leads[i])
			return 1;
	return 0;
}

/*
 * detect_compile - d's code, from the pattern cache if it has it.  The
 * cache's code is compiled with PCRE2_UTF but not PCRE2_MATCH_INVALID_UTF:
 * it gives the same answers on valid UTF-8 and refuses other subjects,
 * for which detect_exec compiles the pattern here.
 */
static void
detect_compile(struct detect_re *d, int from_cache)
{
	int err;
	PCRE2_SIZE off;

	d->cached = from_cache && (d->re = pattern_cache_code(d->pattern)) != NULL;
	if (d->cached)
		return;
	d->re = pcre2_compile((PCRE2_SPTR)d->pattern, PCRE2_ZERO_TERMINATED,
			      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (!d->re)
		msg_fatal("internal pattern error at %zu: %s", (size_t)off, d->pattern);
}

/*
 * detect_exec - the match itself (made on first use, JIT once used often);
 * valid: text is known to be valid UTF-8, which PCRE2 then need not check
 */
static int
detect_exec(struct detect_re *d, const char *text, int valid)
{
	size_t len = strlen(text);
	int rc;

	if (!d->re)
		detect_compile(d, 1);
	util_jit_on_demand(d->re, &d->uses, DETECT_JIT_AFTER);
	/* the same answer with or without JIT, which comes after some uses */
	rc = util_pcre2_match(d->re, text, len, valid ? PCRE2_NO_UTF_CHECK : 0, detect.md, NULL);
	if (d->cached && rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) {
		/* not UTF-8: the cache's code cannot say, ours can */
		pcre2_code_free(d->re);
		detect_compile(d, 0);
		d->uses = 0;
		rc = util_pcre2_match(d->re, text, len, 0, detect.md, NULL);
	}
	return rc >= 0;
}

int
report_text_matches(const char *text, const char *pattern)
{
	struct detect_re *d = detect_lookup(pattern);

	if (!detect_lead(d, util_lead_byte(text)))
		return 0;
	if (!d->has_literals)
		detect_literals(d);
	return util_has_literal(d->literals, text) && detect_exec(d, text, 0);
}

/* report_line_at - the line holding byte off of r->flat, searching from line lo */
static int
report_line_at(const struct report *r, size_t off, int lo)
{
	int hi = r->nlines - 1;

	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		if ((size_t)(r->lines[mid].text - r->buf) <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* detect_mark - set the bit of every line of r in which lit occurs */
static void
detect_mark(struct detect_re *d, const struct report *r, const char *lit)
{
	const char *p = r->flat, *hit;
	int line = 0;

	/* strstr: flat holds no NUL byte, and glibc's is the vectorised one */
	while ((hit = strstr(p, lit)) != NULL) {
		line = report_line_at(r, hit - r->flat, line);
		d->lines[line >> 3] |= (guint8)(1 << (line & 7));
		if (line + 1 >= r->nlines)
			break;
		p = r->flat + (r->lines[line + 1].text - r->buf);	/* the rest of the line: known */
	}
}

/*
 * detect_scan - which of the pattern's literals occur in r.  Detectors
 * and parsers ask the same pattern of every line of a report, and most
 * patterns belong to kinds the report is not: each literal is searched
 * for in the whole text once, or, once the thread has the literal set,
 * one pass finds which literals of every pattern occur at all.  A pattern
 * with a lead byte then looks for the occurring ones in the few lines
 * that pass that test.  One without gets a bitmap of the lines that hold
 * them: each occurring literal is searched for once in the whole text,
 * not once per line.  A literal never holds a newline, so an occurrence
 * in the flat text lies within one line (an occurrence after a NUL byte
 * marks a line that then fails the match: the bitmap may hold too much,
 * never too little).
 */
static void
detect_scan(struct detect_re *d, const struct report *r)
{
	size_t size = ((size_t)r->nlines + 7) / 8;
	int i, n = 0;

	if (detect.scanned_gen != r->gen) {
		detect.scanned_gen = r->gen;
		if (!detect.set && (detect.searched += r->flat_len) >= DETECT_SET_AFTER)
			detect_set_build();
		if (detect.set)
			util_litset_scan(detect.set, r->flat, r->flat_len);
	}
	for (i = 0; d->literals[i]; i++)
		if (d->ids[i] < 0 ? strstr(r->flat, d->literals[i]) != NULL
				  : util_litset_found(detect.set, d->ids[i]))
			d->found[n++] = i;
	d->found[n] = -1;
	d->any = n > 0;
	if (d->has_lead || !d->any)
		return;
	if (size > d->lines_size) {
		d->lines = g_realloc(d->lines, size);
		d->lines_size = size;
	}
	memset(d->lines, 0, size);
	for (i = 0; i < n; i++)
		detect_mark(d, r, d->literals[d->found[i]]);
}

/* detect_prepare - d's literal prefilter, ready for the lines of r */
static inline void
detect_prepare(struct detect_re *d, const struct report *r)
{
	if (d->gen == r->gen)
		return;
	d->gen = r->gen;
	if (!d->has_literals)
		detect_literals(d);
	if (d->literals)
		detect_scan(d, r);
}

/* detect_line - line i passed the lead byte test: does it hold a literal, and match? */
static int
detect_line(struct detect_re *d, const struct report *r, int i)
{
	const char *text = r->lines[i].text;
	const int *k;

	if (!d->literals)
		return detect_exec(d, text, r->utf8);
	if (!d->has_lead)
		return (d->lines[i >> 3] & (1 << (i & 7))) && detect_exec(d, text, r->utf8);
	for (k = d->found; *k >= 0; k++)
		if (strstr(text, d->literals[*k]))
			return detect_exec(d, text, r->utf8);
	return 0;
}

/* report_line_matches - parser helper on line i */
int
report_line_matches(const struct report *r, int i, const char *pattern)
{
	struct detect_re *d = detect_lookup(pattern);

	if (!detect_lead(d, r->lines[i].lead))
		return 0;
	detect_prepare(d, r);
	if (d->literals && !d->any)
		return 0;
	return detect_line(d, r, i);
}

/* report_count_matches - detector helper: matching lines near the start */
int
report_count_matches(const struct report *r, int first, int last, int limit, const char *pattern)
{
	struct detect_re *d = detect_lookup(pattern);
	int i, n = 0;

	if (!detect_lead_any(d, r))
		return 0;
	for (i = first; i <= last && i < first + limit; i++) {
		if (!detect_lead(d, r->lines[i].lead))
			continue;
		detect_prepare(d, r);
		if (d->literals && !d->any)
			return 0;
		n += detect_line(d, r, i);
	}
	return n;
}

/* report_subject_matches - detector helper: the whole mail's Subject */
int
report_subject_matches(const struct report *r, int first, const char *pattern)
{
	return first == 0 && r->input && r->input->subject
	       && report_text_matches(r->input->subject, pattern);
}

/* report_parse_flat - parser helper: one section, tree by indentation */
int
report_parse_flat(struct report *r, const char *kind, const char *title, int first, int last)
{
	int s = report_section_add(r, kind, title, first, last);

	report_mark_entries(r, s, first, last);
	report_tree_by_indent(r, first, last);
	return s;
}

/* report_parse_lists - parser helper: one section of titled lists */
int
report_parse_lists(struct report *r, const char *kind, const char *title, int first, int last,
		   const char *frame, const char *end, const char *head)
{
	int s = report_section_add(r, kind, title, first, last);
	int i, list = -1;

	report_mark_entries(r, s, first, last);
	for (i = first; i <= last; i++) {
		if (report_is_blank(r, i))
			continue;
		if (frame && report_line_matches(r, i, frame)) {
			report_frame(r, i);
			list = -1;
		} else if (end && report_line_matches(r, i, end)) {
			list = -1;
		} else if (report_line_matches(r, i, head)) {
			list = i;
		} else if (list >= 0) {
			r->lines[i].parent = list;
			r->lines[list].heading = 1;
		}
	}
	return s;
}

/* report_best_kind - the kind that claims a range most strongly */
static const struct report_kind *
report_best_kind(const struct report *r, int first, int last)
{
	const struct report_kind *const *k, *best = NULL;
	int best_score = REPORT_MIN_SCORE - 1;

	for (k = report_kinds(); *k; k++) {
		int score = (*k)->detect(r, first, last);

		msg_debug("detect %s lines %d-%d: %d", (*k)->id, first + 1, last + 1, score);
		if (score > best_score) {
			best_score = score;
			best = *k;
		}
	}
	return best;
}

/* report_parse_range - sub-report detection for parsers */
const struct report_kind *
report_parse_range(struct report *r, int first, int last, const char *title_hint)
{
	const struct report_kind *k;

	if (first > last || r->depth >= REPORT_MAX_DEPTH)
		return NULL;
	r->depth++;
	k = report_best_kind(r, first, last);
	if (k)
		k->parse(r, first, last, title_hint);
	r->depth--;
	return k;
}

/* report_analyse - detect the report's kind and parse it */
void
report_analyse(struct report *r)
{
	int i;

	if (r->nlines == 0)
		return;
	r->kind = report_parse_range(r, 0, r->nlines - 1, NULL);
	if (r->kind)
		return;
	/* Nothing claimed the text: one section, every line unknown. */
	i = report_section_add(r, "none", "", 0, r->nlines - 1);
	report_mark_entries(r, i, 0, r->nlines - 1);
}

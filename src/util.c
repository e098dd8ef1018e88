/*
 * util.c - helpers used by every layer.
 *
 * util_sanitize is the single gate between attacker-written report text
 * and a terminal or a mail header: anything that is not printable text
 * comes out as a visible escape.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"

/* util_read_fd - read a descriptor to its end */
int
util_read_fd(int fd, GByteArray **data_r, char **errstr)
{
	GByteArray *data = g_byte_array_new();
	char buf[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*errstr = msg_errstr("read: %s", g_strerror(errno));
			g_byte_array_free(data, TRUE);
			return -1;
		}
		g_byte_array_append(data, (guint8 *)buf, (guint)n);
	}
	*data_r = data;
	return 0;
}

/* util_read_file - read a named file, or stdin for "-" */
int
util_read_file(const char *path, GByteArray **data_r, char **errstr)
{
	int fd, rc;
	char *err = NULL;

	if (strcmp(path, "-") == 0)
		return util_read_fd(0, data_r, errstr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*errstr = msg_errstr("%s: %s", path, g_strerror(errno));
		return -1;
	}
	rc = util_read_fd(fd, data_r, &err);
	close(fd);
	if (rc < 0) {
		*errstr = msg_errstr("%s: %s", path, err);
		g_free(err);
	}
	return rc;
}

/* util_is_format_char - bidi controls and invisible characters */
static int
util_is_format_char(gunichar c)
{
	if (c >= 0x202A && c <= 0x202E)	/* LRE..RLO */
		return 1;
	if (c >= 0x2066 && c <= 0x2069)	/* LRI..PDI */
		return 1;
	if (c == 0x200E || c == 0x200F || c == 0x061C)	/* LRM RLM ALM */
		return 1;
	if (c >= 0x200B && c <= 0x200D)	/* zero width space/joiners */
		return 1;
	if (c == 0xFEFF || c == 0x2028 || c == 0x2029 || c == 0x00AD)
		return 1;
	return 0;
}

/*
 * util_word_bad - nonzero unless the eight bytes at p are all printable
 * ASCII (0x20..0x7e).  A byte with its high bit set shows in w, a 0x7f
 * in w + 0x01.. and a control in w - 0x20..; carries and borrows only
 * ever start at a byte that is flagged anyway.
 */
static inline guint64
util_word_bad(const char *p)
{
	guint64 w;

	memcpy(&w, p, 8);
	return (w | (w + G_GUINT64_CONSTANT(0x0101010101010101))
		| (w - G_GUINT64_CONSTANT(0x2020202020202020))) & G_GUINT64_CONSTANT(0x8080808080808080);
}

/*
 * util_ascii_run - the end of the run of printable ASCII and TAB at p:
 * 32, then 8 bytes at a time, and byte by byte only in a word that has
 * a TAB or ends the run.
 */
static const char *
util_ascii_run(const char *p, const char *end)
{
	const char *stop;

	for (;;) {
		while (end - p >= 32 && !(util_word_bad(p) | util_word_bad(p + 8)
					  | util_word_bad(p + 16) | util_word_bad(p + 24)))
			p += 32;
		while (end - p >= 8 && !util_word_bad(p))
			p += 8;
		stop = end - p >= 8 ? p + 8 : end;
		while (p < stop && (((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
				    || *p == '\t'))
			p++;
		if (p < stop || p == end)
			return p;
	}
}

/* util_safe_char - a valid UTF-8 character at p that may stay as it is: its length, or 0 */
static size_t
util_safe_char(const char *p, const char *end)
{
	gunichar u = g_utf8_get_char_validated(p, end - p);

	if (u == (gunichar)-1 || u == (gunichar)-2 || (u >= 0x80 && u < 0xA0)
	    || util_is_format_char(u))
		return 0;
	return g_utf8_next_char(p) - p;
}

/* util_escape - the visible escape of the unsafe character at p; returns what follows it */
static const char *
util_escape(GString *out, const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	gunichar u;

	if (c < 0x80) {
		g_string_append_printf(out, "\\x%02X", c);
		return p + 1;
	}
	u = g_utf8_get_char_validated(p, end - p);
	if (u == (gunichar)-1 || u == (gunichar)-2) {
		g_string_append(out, "\xEF\xBF\xBD");
		return p + 1;
	}
	g_string_append_printf(out, "<U+%04X>", (unsigned)u);
	return g_utf8_next_char(p);
}

/*
 * util_scan - shared walker: returns 1 at the first unsafe character.
 * Safe text goes out in runs as long as possible, one append per run.
 */
static int
util_scan(const char *text, size_t len, GString *out)
{
	const char *p = text, *end = text + len, *run = text;
	size_t n;
	int changed = 0;

	while ((p = util_ascii_run(p, end)) < end) {
		if ((unsigned char)*p >= 0x80 && (n = util_safe_char(p, end)) > 0) {
			p += n;
			continue;
		}
		changed = 1;
		if (!out)
			return 1;
		if (p > run)
			util_put(out, run, p - run);
		p = run = util_escape(out, p, end);
	}
	if (out && p > run)
		util_put(out, run, p - run);
	return changed;
}

/* util_sanitize_append - util_sanitize into out */
void
util_sanitize_append(GString *out, const char *text, size_t len)
{
	util_scan(text, len, out);
}

/* util_sanitize - printable UTF-8 copy of untrusted text */
char *
util_sanitize(const char *text, size_t len)
{
	GString *out = g_string_sized_new(len + 16);

	util_scan(text, len, out);
	return g_string_free(out, FALSE);
}

/* util_needs_sanitize - would util_sanitize change the text? */
int
util_needs_sanitize(const char *text, size_t len)
{
	return util_scan(text, len, NULL);
}

/*
 * util_utf8_valid - UTF-8 without NUL bytes.  One memchr finds a NUL;
 * then ASCII, most of any text here, is checked 32 bytes at a time, and
 * a block with something else in it byte by byte.
 */
int
util_utf8_valid(const char *buf, size_t len)
{
	const guint64 high = G_GUINT64_CONSTANT(0x8080808080808080);
	size_t i = 0, block_end;

	if (memchr(buf, 0, len))
		return 0;
	while (i < len) {
		if (len - i >= 32) {
			guint64 a, b, c, d;

			memcpy(&a, buf + i, 8);
			memcpy(&b, buf + i + 8, 8);
			memcpy(&c, buf + i + 16, 8);
			memcpy(&d, buf + i + 24, 8);
			if (!((a | b | c | d) & high)) {
				i += 32;
				continue;
			}
		}
		for (block_end = MIN(i + 32, len); i < block_end;) {
			gunichar c;

			if ((unsigned char)buf[i] < 0x80) {
				i++;
				continue;
			}
			c = g_utf8_get_char_validated(buf + i, (gssize)(len - i));
			if (c == (gunichar)-1 || c == (gunichar)-2)
				return 0;
			i += (size_t)g_unichar_to_utf8(c, NULL);
		}
	}
	return 1;
}

/*
 * pattern_options - what option settings the pattern makes: 0 none, 1
 * caseless ones like (?i), 2 others (those change how the rest reads,
 * (?x) above all: no literal is certain then).  A scoped group such as
 * (?i:...) counts as none: the finder never looks inside one.
 */
static int
pattern_options(const char *pat)
{
	const char *p, *q;
	int found = 0;

	for (p = strstr(pat, "(?"); p; p = strstr(p + 2, "(?")) {
		if (!g_ascii_isalpha(p[2]) && p[2] != '^' && p[2] != '-')
			continue;
		for (q = p + 2; *q == 'i' || *q == '-' || *q == '^'; q++)
			;
		if (*q != ')' && *q != ':')
			return 2;
		found |= *q == ')';
	}
	return found;
}

/*
 * pattern_utf8_char - p points at the lead byte of a UTF-8 character in
 * [p, end): its length, or 0 if it is not one
 */
static int
pattern_utf8_char(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;
	int n = c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0, i;

	if (n == 0 || end - p < n)
		return 0;
	for (i = 1; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * pattern_skip_class - p points at "[": the "]" that closes the class, or
 * NULL.  A "]" right after "[" or "[^" is a member; so are "[:name:]" and
 * escapes.
 */
static const char *
pattern_skip_class(const char *p, const char *end)
{
	p++;
	if (p < end && *p == '^')
		p++;
	if (p < end && *p == ']')
		p++;
	for (; p < end && *p != ']'; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
		} else if (*p == '[' && p + 1 < end && p[1] == ':') {
			const char *q = p + 2;

			while (q + 1 < end && !(q[0] == ':' && q[1] == ']'))
				q++;
			if (q + 1 >= end)
				return NULL;
			p = q + 1;
		}
	}
	return p < end ? p : NULL;
}

/*
 * pattern_skip_escape - p points at the letter or digit of an escape such
 * as \\x41, \\x{263a}, \\cX, \\k<name>, \\g{-1}, \\p{L} or \\12: the last
 * character that belongs to it.  Doubtful characters are swallowed: that
 * only makes a literal shorter.
 */
static const char *
pattern_skip_escape(const char *p, const char *end)
{
	char e = *p;

	if (p + 1 < end && (p[1] == '{' || p[1] == '<' || p[1] == '\'')) {
		char close = p[1] == '{' ? '}' : p[1] == '<' ? '>' : '\'';
		const char *q = memchr(p + 2, close, (size_t)(end - (p + 2)));

		return q ? q : end - 1;
	}
	if (e == 'c')
		return p + 1 < end ? p + 1 : p;
	if (strchr("xogk0123456789", e))
		while (p + 1 < end && g_ascii_isalnum(p[1]))
			p++;
	else if ((e == 'p' || e == 'P') && p + 1 < end)
		p++;
	return p;
}

/* pattern_quantifier - p points at "{": the "}" of {n}, {n,}, {n,m}, {,m}, or NULL */
static const char *
pattern_quantifier(const char *p, const char *end)
{
	const char *q = p + 1;
	int digits = 0;

	while (q < end && g_ascii_isdigit(*q))
		q++, digits++;
	if (q < end && *q == ',')
		for (q++; q < end && g_ascii_isdigit(*q); q++)
			digits++;
	return digits && q < end && *q == '}' ? q : NULL;
}

/* pattern_close - p points at "(": its ")" (NULL if unbalanced) */
static const char *
pattern_close(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '[' && !(p = pattern_skip_class(p, end)))
			return NULL;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
	}
	return NULL;
}

/*
 * pattern_group_body - p points at "(": where the content of a plain,
 * non-capturing or named group starts; NULL for lookarounds, verbs,
 * conditionals and anything else whose content need not be in the text.
 */
static const char *
pattern_group_body(const char *p, const char *close)
{
	if (p[1] != '?' && p[1] != '*')
		return p + 1;
	if (p[1] == '*')
		return NULL;
	if (p[2] == ':' || p[2] == '|')
		return p + 3;
	if ((p[2] == '<' || (p[2] == 'P' && p[3] == '<')) && p[2 + (p[2] == 'P') + 1] != '='
	    && p[2 + (p[2] == 'P') + 1] != '!') {
		const char *q = memchr(p, '>', (size_t)(close - p));

		return q ? q + 1 : NULL;
	}
	return NULL;
}

#define PATTERN_MAX_LITERALS 32

static GPtrArray *pattern_alternatives(const char *p, const char *end, int level, int caseless);

#define PATTERN_RUN_MAX 64	/* longer literals are cut: still a valid prefilter */

static GPtrArray *pattern_sequence(const char *p, const char *end, int level, int caseless,
				   const char **stop_r, GPtrArray *all);

/*
 * pattern_run_end - a certain run of n characters ends: the longest so
 * far is kept in best, and every run of three or more goes into all
 * (when the caller collects them)
 */
static void
pattern_run_end(const char *run, size_t n, char *best, size_t *nbest_r, GPtrArray *all)
{
	if (n > *nbest_r)
		memcpy(best, run, *nbest_r = n);
	if (all && n >= 3)
		g_ptr_array_add(all, g_strndup(run, n));
}

/*
 * pattern_group_runs - the runs of a group the match cannot do without
 * [body, close) into all, if it has a single alternative (a match
 * contains one of its alternatives, so the runs of either are not
 * certain)
 */
static void
pattern_group_runs(const char *body, const char *close, int level, int caseless, GPtrArray *all)
{
	GPtrArray *sub = g_ptr_array_new_with_free_func(g_free), *one;
	const char *stop;
	guint i;

	one = pattern_sequence(body, close, level + 1, caseless, &stop, sub);
	if (one)
		g_ptr_array_free(one, TRUE);
	for (i = 0; stop >= close && i < sub->len; i++)
		g_ptr_array_add(all, g_strdup(sub->pdata[i]));
	g_ptr_array_free(sub, TRUE);
}

/*
 * pattern_sequence - literals for one alternative [p, end): its longest
 * certain run of plain characters (three or more), or else the literals
 * of a group it cannot match without.  NULL if neither exists.  When the
 * pattern ignores case, letters are never certain, but "###" still is.
 * With all, every certain run of three or more goes there too, and
 * those of the groups with one alternative it cannot do without.
 */
static GPtrArray *
pattern_sequence(const char *p, const char *end, int level, int caseless, const char **stop_r,
		 GPtrArray *all)
{
	char run[PATTERN_RUN_MAX + 1] = "", best[PATTERN_RUN_MAX + 1] = "";	/* "": -O1 thinks run may be read unset */
	size_t nrun = 0, nbest = 0;
	const char *gbody[8], *gclose[8];
	int ngroups = 0, i;
	GPtrArray *out;

	for (; p < end && *p != '|'; p++) {
		int lit = -1;

		if (*p == '\\' && p + 1 < end) {
			p++;
			if (!g_ascii_isalnum(*p)) {
				if ((unsigned char)*p < 0x80)
					lit = *p;
			} else {
				p = pattern_skip_escape(p, end);
			}
		} else if (*p == '{') {
			const char *q = pattern_quantifier(p, end);

			if (q) {
				if (nrun)
					nrun--;
				p = q;
			}
		} else if (*p == '[') {
			if (!(p = pattern_skip_class(p, end))) {
				p = end;
				break;
			}
		} else if (*p == '(') {
			const char *close = pattern_close(p, end), *body;

			if (!close) {
				p = end;
				break;
			}
			body = pattern_group_body(p, close);
			if (body && !(close + 1 < end && strchr("?*{", close[1]))) {
				if (ngroups < 8) {
					gbody[ngroups] = body;
					gclose[ngroups++] = close;
				}
				if (all && level < 4)
					pattern_group_runs(body, close, level, caseless, all);
			}
			p = close;
		} else if (strchr("?*+", *p)) {
			if (nrun)
				nrun--;	/* never a UTF-8 byte: those take no quantifier here */
		} else if ((unsigned char)*p >= 0x80) {
			/* a whole UTF-8 character, unless a quantifier follows it
			 * (or the pattern ignores case, which may fold it) */
			int n = pattern_utf8_char(p, end);

			if (n && !caseless && !(p + n < end && strchr("?*+{", p[n]))
			    && nrun + n <= PATTERN_RUN_MAX) {
				memcpy(run + nrun, p, n);
				nrun += n;
				p += n - 1;
				continue;
			}
			if (n)
				p += n - 1;
		} else if (!strchr(".^$})|", *p)) {
			lit = *p;
		}
		if (lit >= 0 && caseless && g_ascii_isalpha(lit))
			lit = -1;
		if (lit >= 0 && !(p + 1 < end && strchr("?*+{", p[1]))) {
			if (nrun < PATTERN_RUN_MAX)
				run[nrun++] = (char)lit;
			continue;
		}
		if (lit >= 0 && (p[1] == '+' || (p[1] == '{' && pattern_quantifier(p + 1, end)))) {
			/*
			 * x+ and x{n,m}: n copies are certain.  They end the run
			 * before them and start the next one, except x{n}, which
			 * the run simply goes through.
			 */
			const char *q = p[1] == '+' ? p + 1 : pattern_quantifier(p + 1, end);
			long min = p[1] == '+' ? 1 : strtol(p + 2, NULL, 10), k;
			int exact = p[1] == '{' && !memchr(p + 2, ',', (size_t)(q - (p + 2)));

			for (k = 0; k < min && nrun < PATTERN_RUN_MAX; k++)
				run[nrun++] = (char)lit;
			p = q;
			if (exact)
				continue;
			/* x{0,m} may be absent: the runs either side are not one */
			pattern_run_end(run, nrun, best, &nbest, all);
			for (nrun = 0; nrun < (size_t)min && nrun < PATTERN_RUN_MAX; nrun++)
				run[nrun] = (char)lit;
			continue;
		}
		pattern_run_end(run, nrun, best, &nbest, all);
		nrun = 0;
	}
	*stop_r = p;
	pattern_run_end(run, nrun, best, &nbest, all);
	if (nbest >= 3) {
		out = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_add(out, g_strndup(best, nbest));
		return out;
	}
	/* the first mandatory group whose every alternative has a literal */
	for (i = 0; i < ngroups && level < 4; i++)
		if ((out = pattern_alternatives(gbody[i], gclose[i], level + 1, caseless)))
			return out;
	return NULL;
}

/* pattern_alternatives - literals for a|b|c: one set covering each */
static GPtrArray *
pattern_alternatives(const char *p, const char *end, int level, int caseless)
{
	GPtrArray *all = g_ptr_array_new_with_free_func(g_free);

	for (;;) {
		const char *stop;
		GPtrArray *one = pattern_sequence(p, end, level, caseless, &stop, NULL);
		guint i;

		if (!one)
			goto none;
		for (i = 0; i < one->len; i++)
			g_ptr_array_add(all, g_strdup(one->pdata[i]));
		g_ptr_array_free(one, TRUE);
		if (all->len > PATTERN_MAX_LITERALS)
			goto none;
		if (stop >= end)
			break;
		p = stop + 1;	/* past the "|" */
	}
	return all;
none:
	g_ptr_array_free(all, TRUE);
	return NULL;
}

/* util_pattern_literals - the prefilter of a pattern (see util.h) */
char **
util_pattern_literals(const char *pat)
{
	int options = pattern_options(pat);
	GPtrArray *lits;
	char **out;
	guint i;

	if (strstr(pat, "\\Q") || strstr(pat, "(*") || options == 2)
		return NULL;	/* quoting, verbs ((*ACCEPT) ends a match early), (?x) */
	lits = pattern_alternatives(pat, pat + strlen(pat), 0, options == 1);
	if (!lits)
		return NULL;
	out = g_new0(char *, lits->len + 1);
	for (i = 0; i < lits->len; i++)
		out[i] = g_strdup(lits->pdata[i]);
	g_ptr_array_free(lits, TRUE);
	return out;
}

/* pattern_longer - runs by length, the longest first (g_ptr_array_sort) */
static gint
pattern_longer(gconstpointer a, gconstpointer b)
{
	size_t la = strlen(*(const char *const *)a), lb = strlen(*(const char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* util_pattern_all_literals - the conjunctive prefilter of a pattern (see util.h) */
char **
util_pattern_all_literals(const char *pat)
{
	int options = pattern_options(pat);
	const char *end = pat + strlen(pat), *stop;
	GPtrArray *all, *one, *keep;
	char **out = NULL;
	guint i, j;

	if (strstr(pat, "\\Q") || strstr(pat, "(*") || strstr(pat, "(?#") || options == 2)
		return NULL;	/* what util_pattern_literals refuses, and comments */
	all = g_ptr_array_new_with_free_func(g_free);
	if ((one = pattern_sequence(pat, end, 0, options == 1, &stop, all)) != NULL)
		g_ptr_array_free(one, TRUE);
	if (stop < end) {	/* a top-level "|": no run is certain */
		g_ptr_array_free(all, TRUE);
		return NULL;
	}
	/* the longest first; a run inside a longer one tells nothing more */
	g_ptr_array_sort(all, pattern_longer);
	keep = g_ptr_array_new();
	for (i = 0; i < all->len && keep->len < UTIL_ALL_LITERALS_MAX; i++) {
		for (j = 0; j < keep->len && !strstr(keep->pdata[j], all->pdata[i]); j++)
			;
		if (j == keep->len)
			g_ptr_array_add(keep, all->pdata[i]);
	}
	if (keep->len) {
		out = g_new0(char *, keep->len + 1);
		for (i = 0; i < keep->len; i++)
			out[i] = g_strdup(keep->pdata[i]);
	}
	g_ptr_array_free(keep, TRUE);
	g_ptr_array_free(all, TRUE);
	return out;
}

/* util_has_literal - the prefilter test */
int
util_has_literal(char *const *literals, const char *text)
{
	if (!literals)
		return 1;
	for (; *literals; literals++)
		if (strstr(text, *literals))
			return 1;
	return 0;
}

/*
 * The lead-byte prefilter (util_pattern_lead).  "Blank" is what \s
 * matches without (*UCP): HT, LF, VT, FF, CR and space.  The walk follows
 * each alternative of a pattern from its "^" to the first item that must
 * match a non-blank character, and collects every byte that the first
 * non-blank character of a match can start with.  What the walk does not
 * know makes it give up; assertions (\b, $, lookarounds) are passed over,
 * as if absent: that only lets more text through.
 */
#define LEAD_FAIL	(-1)	/* the walk cannot tell */
#define LEAD_PASS	0	/* may match blanks only, or nothing */
#define LEAD_STOP	1	/* always matches a non-blank character */

static const guint64 lead_blanks[4] = { 0x100003e00ULL, 0, 0, 0 };

/* lead_add - bytes lo..hi into a set */
static void
lead_add(guint64 set[4], int lo, int hi)
{
	for (; lo <= hi; lo++) {
		if ((lo & 63) == 0 && lo + 63 <= hi)
			set[lo >> 6] = ~G_GUINT64_CONSTANT(0), lo += 63;	/* a whole word */
		else
			set[lo >> 6] |= G_GUINT64_CONSTANT(1) << (lo & 63);
	}
}

/* lead_has - is byte c in the set? */
static int
lead_has(const guint64 set[4], int c)
{
	return (int)(set[c >> 6] >> (c & 63) & 1);
}

/* lead_invert - every byte not in the set */
static void
lead_invert(guint64 set[4])
{
	int i;

	for (i = 0; i < 4; i++)
		set[i] = ~set[i];
}

/*
 * lead_fold - what a caseless pattern makes of a set: both cases of each
 * ASCII letter, and (for a non-negated item) every byte above ASCII, for
 * Unicode folds such as KELVIN SIGN to "k".
 */
static void
lead_fold(guint64 set[4], int high)
{
	int c, letters = 0;

	for (c = 'A'; c <= 'Z'; c++)
		if (lead_has(set, c) || lead_has(set, c + 32)) {
			lead_add(set, c, c);
			lead_add(set, c + 32, c + 32);
			letters = 1;
		}
	if (letters && high)
		lead_add(set, 0x80, 0xff);
}

/*
 * lead_escape - p points at the character after a backslash: what the
 * escape can match goes into set; returns its last character, or NULL
 * for escapes the walk does not know.  *c_r: the character, -1 for a
 * class of them (\d, \S, ...), -2 for an assertion (\b outside a class,
 * \A, \z, ...).
 */
static const char *
lead_escape(const char *p, int in_class, guint64 set[4], int *c_r)
{
	static const char singles[] = "t\tn\nr\rf\fe\033a\007";
	const char *s = *p ? strchr(singles, *p) : NULL;

	*c_r = -1;
	if (*p == 'd' || *p == 'D') {
		lead_add(set, '0', '9');
	} else if (*p == 's' || *p == 'S') {
		memcpy(set, lead_blanks, sizeof(lead_blanks));
	} else if (*p == 'w' || *p == 'W') {
		lead_add(set, '0', '9');
		lead_add(set, 'A', 'Z');
		lead_add(set, 'a', 'z');
		lead_add(set, '_', '_');
	} else if (!in_class && *p && strchr("bBAzZGK", *p)) {
		*c_r = -2;
		return p;
	} else {
		if (in_class && *p == 'b')
			*c_r = '\b';
		else if (s && (s - singles) % 2 == 0)
			*c_r = (unsigned char)s[1];
		else if (*p && (unsigned char)*p < 0x80 && !g_ascii_isalnum(*p))
			*c_r = (unsigned char)*p;
		else
			return NULL;
		lead_add(set, *c_r, *c_r);
		return p;
	}
	if (g_ascii_isupper(*p))
		lead_invert(set);
	return p;
}

/*
 * lead_member - one member of a class at p: a character (returned in
 * *c_r) or a class escape (*c_r = -1, its set added); returns its last
 * character, or NULL
 */
static const char *
lead_member(const char *p, const char *end, guint64 set[4], int *c_r)
{
	guint64 one[4] = { 0 };
	int i;

	*c_r = -1;
	if ((unsigned char)*p >= 0x80 || (*p == '[' && p + 1 < end && strchr(":.=", p[1])))
		return NULL;	/* a UTF-8 character or a POSIX class: not known here */
	if (*p != '\\') {
		*c_r = (unsigned char)*p;
		return p;
	}
	if (p + 1 >= end || !(p = lead_escape(p + 1, 1, one, c_r)))
		return NULL;
	if (*c_r < 0)
		for (i = 0; i < 4; i++)
			set[i] |= one[i];
	return p;
}

/* lead_class - p points at "[": the class's bytes into set; its "]" or NULL */
static const char *
lead_class(const char *p, const char *end, int caseless, guint64 set[4])
{
	guint64 members[4] = { 0 };
	const char *q = p + 1, *first;
	int negated = 0, c, e, i;

	if (q < end && *q == '^')
		negated = 1, q++;
	for (first = q; q < end && (*q != ']' || q == first); q++) {
		if (!(q = lead_member(q, end, members, &c)))
			return NULL;
		if (c < 0)
			continue;
		e = c;
		if (q + 2 < end && q[1] == '-' && q[2] != ']') {
			const char *r = lead_member(q + 2, end, members, &e);

			if (!r)
				return NULL;
			if (e < 0)
				e = c;	/* [a-\d]: the loop reads "-" and \d next */
			else
				q = r;
			if (e < c)
				return NULL;
		}
		lead_add(members, c, e);
	}
	if (q >= end)
		return NULL;
	if (caseless)
		lead_fold(members, !negated);
	if (negated)
		lead_invert(members);	/* with every byte above ASCII: members hold none */
	for (i = 0; i < 4; i++)
		set[i] |= members[i];
	return q;
}

/* lead_quantifier - q points after an item: its least count, *next_r past any quantifier */
static long
lead_quantifier(const char *q, const char *end, const char **next_r)
{
	const char *e;
	long min = 1;

	if (q < end && (*q == '?' || *q == '*')) {
		min = 0, q++;
	} else if (q < end && *q == '+') {
		q++;
	} else if (q < end && *q == '{' && (e = pattern_quantifier(q, end)) != NULL) {
		min = strtol(q + 1, NULL, 10);	/* {,m}: 0 */
		q = e + 1;
	} else {
		*next_r = q;
		return 1;
	}
	if (q < end && (*q == '+' || *q == '?'))
		q++;	/* possessive or lazy */
	*next_r = q;
	return min;
}

static const char *lead_alternatives(const char *p, const char *end, int walk, int caseless,
				     int anchored, guint64 set[4], int *result_r);

/*
 * lead_group - p points at "(": the group's lead bytes into set (when
 * walk) and its LEAD_ result; returns its ")", or NULL.  *what_r: 0 a
 * group, 1 an assertion (passed over), 2 an option setting like (?i).
 */
static const char *
lead_group(const char *p, const char *end, int walk, int caseless, guint64 set[4], int *result_r,
	   int *what_r)
{
	const char *body = p + 1, *q;

	*what_r = 0;
	if (p + 3 >= end || p[1] == '*')
		return NULL;
	if (p[1] == '?') {
		if (p[2] == ':' || p[2] == '>' || p[2] == '|') {
			body = p + 3;
		} else if (p[2] == '=' || p[2] == '!' || (p[2] == '<' && (p[3] == '=' || p[3] == '!'))) {
			*what_r = 1;
			body = p + 3 + (p[2] == '<');
		} else if (p[2] == '<' || p[2] == '\'') {
			if (!(body = memchr(p + 3, p[2] == '<' ? '>' : '\'', (size_t)(end - (p + 3)))))
				return NULL;
			body++;
		} else {
			for (q = p + 2; *q == 'i' || *q == '-' || *q == '^'; q++)
				;
			if (*q == ')') {
				*what_r = 2;	/* util_pattern_lead made the whole pattern caseless */
				return q;
			}
			if (*q != ':')
				return NULL;
			body = q + 1;
			caseless = 1;	/* (?i:...) or (?-i:...): folding never loses a match */
		}
	}
	q = lead_alternatives(body, end, walk && !*what_r, caseless, 0, set, result_r);
	return q && q < end ? q : NULL;
}

/*
 * lead_item - the item at p other than a group (a character, class or
 * escape): what it can match first goes into one; returns its last
 * character, or NULL.  *result_r: a LEAD_ result; *what_r as for
 * lead_group.
 */
static const char *
lead_item(const char *p, const char *end, int caseless, guint64 one[4], int *result_r,
	  int *what_r)
{
	unsigned char c = (unsigned char)*p;
	const char *last = p;
	int n, i;

	*what_r = 0;
	*result_r = LEAD_STOP;
	if (c == '^' || c == '$') {
		*what_r = 1;
	} else if (c == '.') {
		lead_add(one, 0, 0xff);
	} else if (c == '\\') {
		if (p + 1 >= end || !(last = lead_escape(p + 1, 0, one, &n)))
			return NULL;
		*what_r = n == -2;
	} else if (c == '[') {
		last = lead_class(p, end, caseless, one);
	} else if (strchr("*+?", c) || (c == '{' && pattern_quantifier(p, end))) {
		return NULL;
	} else if (c >= 0x80) {
		if (caseless || !(n = pattern_utf8_char(p, end)))
			return NULL;	/* a caseless one may fold to ASCII */
		lead_add(one, c, c);
		last = p + n - 1;
	} else {
		lead_add(one, c, c);
	}
	if (caseless && c != '[')
		lead_fold(one, 1);
	for (i = 0; i < 4; i++)
		if (one[i] & lead_blanks[i])
			*result_r = LEAD_PASS;	/* one character, maybe a blank */
	return last;
}

/*
 * lead_skip - the rest of an alternative from p, not looked into: the
 * "|" or ")" that ends it, or end; NULL if a class is not closed
 */
static const char *
lead_skip(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end)
			p++;	/* what follows (\x{...}) reads as plain */
		else if (*p == '[' && !(p = pattern_skip_class(p, end)))
			return NULL;
		else if (*p == '(')
			depth++;
		else if ((*p == ')' && depth-- == 0) || (*p == '|' && depth == 0))
			break;
	}
	return p;
}

/*
 * lead_sequence - one alternative from p: when walk, its lead bytes into
 * set and its LEAD_ result; after the item that stops the walk, the rest
 * is only skipped.  anchored: it must start with "^" (after option
 * settings).  Returns the "|" or ")" that ends it, or end; NULL when the
 * walk cannot tell.
 */
static const char *
lead_sequence(const char *p, const char *end, int walk, int caseless, int anchored,
	      guint64 set[4], int *result_r)
{
	*result_r = LEAD_STOP;
	while (walk && p < end && *p != '|' && *p != ')') {
		guint64 one[4] = { 0 };
		const char *last;
		int result, what, i;
		long min;

		if (*p == '(')
			last = lead_group(p, end, walk, caseless, one, &result, &what);
		else
			last = lead_item(p, end, caseless, one, &result, &what);
		if (!last || (anchored && what != 2 && *p != '^'))
			return NULL;
		if (*p == '^')
			anchored = 0;
		min = lead_quantifier(last + 1, end, &p);
		if (what)
			continue;
		for (i = 0; i < 4; i++)
			set[i] |= one[i] & ~lead_blanks[i];
		if (result == LEAD_STOP && min > 0)
			walk = 0;	/* stopped */
	}
	if (!walk)
		return lead_skip(p, end);
	if (anchored)
		return NULL;
	*result_r = LEAD_PASS;
	return p;
}

/*
 * lead_alternatives - a|b|c from p: when walk, the union of their lead
 * bytes, and LEAD_STOP only if each stops; returns the ")" that ends
 * them, or end; NULL when the walk cannot tell
 */
static const char *
lead_alternatives(const char *p, const char *end, int walk, int caseless, int anchored,
		  guint64 set[4], int *result_r)
{
	int one;

	*result_r = LEAD_STOP;
	for (;;) {
		if (!(p = lead_sequence(p, end, walk, caseless, anchored, set, &one)))
			return NULL;
		if (one == LEAD_PASS)
			*result_r = LEAD_PASS;
		if (p >= end || *p != '|')
			return p;
		p++;
	}
}

/* util_pattern_lead - the lead-byte prefilter of a pattern (see util.h) */
int
util_pattern_lead(const char *pat, guint64 lead_r[4])
{
	guint64 set[4] = { 0 };
	const char *end = pat + strlen(pat), *stop;
	int options = pattern_options(pat), result, i, useful = 0;

	memset(lead_r, 0, sizeof(set));
	if (strstr(pat, "\\Q") || strstr(pat, "(*") || strstr(pat, "(?#") || options == 2)
		return 0;	/* quoting, verbs, comments: lead_skip could misread them */
	stop = lead_alternatives(pat, end, 1, options == 1, 1, set, &result);
	if (stop != end || result != LEAD_STOP)
		return 0;	/* unknown, an unbalanced ")", or a match may hold blanks only */
	for (i = 0; i < 4; i++)
		useful |= ~(set[i] | lead_blanks[i]) != 0;
	if (useful)
		memcpy(lead_r, set, sizeof(set));
	return useful;
}

/*
 * The literal set.  A literal is three bytes or longer: of any three of
 * its bytes in a row, at offsets j, j+1 and j+2, each occurrence puts
 * the pair at j or the pair at j+1 at an even offset of the text.  The
 * scan reads the byte pair at every second offset only and tests it in a
 * bitmap of those pairs; only a pair that is there leads to comparing
 * literals (their first eight bytes at once).  Each literal picks the j
 * whose bytes look least common in reports.  A pair whose literals have
 * all been found leaves the scan's copy of the bitmap, and the scan ends
 * once every literal has been found, so that the literals common in
 * reports ("---", "   ") cost little after their first occurrence.
 * The three bytes themselves are in a second bitmap (hashed): a pair
 * that is there leads to the literals only when the three bytes
 * starting at it, or one byte before it, are too, which turns most
 * hits of common pairs ("e ", "in") away before any literal is read.
 */
#define LITSET_BUCKETS	4096	/* chains of entries, by a hash of the pair */
#define LITSET_PAIRS	65536
#define LITSET_TRIS	65536	/* bits of the hashed three-byte map */

struct litset_entry {
	guint pair;		/* two bytes of the literal */
	guint offset;		/* where they sit in it */
	int id;			/* the literal */
	int next;		/* the next entry of the bucket, or -1 */
	guint64 head, mask;	/* its first eight bytes (fewer: mask) */
};

struct util_litset {
	GPtrArray *lits;	/* char *, owned */
	GArray *lens;		/* size_t */
	GArray *found;		/* guint8 per literal */
	GArray *entries;	/* struct litset_entry, two per literal */
	int head[LITSET_BUCKETS];	/* the first entry of each bucket, or -1 */
	guint64 pairs[LITSET_PAIRS / 64];	/* the pair of every entry */
	guint64 tris[LITSET_TRIS / 64];	/* the three bytes of every literal's window */
};

/* litset_pair - the byte pair at p */
static inline guint
litset_pair(const unsigned char *p)
{
	return (guint)p[0] | (guint)p[1] << 8;
}

/* litset_tri - the bit of the three bytes at p */
static inline guint
litset_tri(const unsigned char *p)
{
	return ((guint)p[0] | (guint)p[1] << 8 | (guint)p[2] << 16) * 2654435761u >> 16;
}

/* litset_has_tri - are the three bytes at p in the map? */
static inline int
litset_has_tri(const struct util_litset *ls, const unsigned char *p)
{
	guint b = litset_tri(p);

	return ls->tris[b / 64] >> (b % 64) & 1;
}

/* litset_bucket - the bucket of a pair */
static inline guint
litset_bucket(guint pair)
{
	return (pair * 2654435761u) >> 20 & (LITSET_BUCKETS - 1);
}

/* util_litset_new - an empty set */
struct util_litset *
util_litset_new(void)
{
	struct util_litset *ls = g_new0(struct util_litset, 1);

	ls->lits = g_ptr_array_new_with_free_func(g_free);
	ls->lens = g_array_new(FALSE, FALSE, sizeof(size_t));
	ls->found = g_array_new(FALSE, TRUE, sizeof(guint8));
	ls->entries = g_array_new(FALSE, FALSE, sizeof(struct litset_entry));
	memset(ls->head, 0xff, sizeof(ls->head));	/* -1 */
	return ls;
}

/* util_litset_free - release the set */
void
util_litset_free(struct util_litset *ls)
{
	if (!ls)
		return;
	g_ptr_array_free(ls->lits, TRUE);
	g_array_free(ls->lens, TRUE);
	g_array_free(ls->found, TRUE);
	g_array_free(ls->entries, TRUE);
	g_free(ls);
}

/* litset_entry_add - literal id holds pair at offset */
static void
litset_entry_add(struct util_litset *ls, int id, guint pair, guint offset)
{
	const char *lit = ls->lits->pdata[id];
	size_t n = MIN(strlen(lit), sizeof(guint64));
	struct litset_entry e = { 0 };
	guint b = litset_bucket(pair);

	e.pair = pair;
	e.offset = offset;
	e.id = id;
	memcpy(&e.head, lit, n);
	memset(&e.mask, 0xff, n);
	e.next = ls->head[b];
	ls->head[b] = (int)ls->entries->len;
	g_array_append_val(ls->entries, e);
	ls->pairs[pair / 64] |= G_GUINT64_CONSTANT(1) << (pair % 64);
}

/*
 * litset_pair_cost - how common the pair of bytes a, b is in report
 * text, roughly: runs ("--", "  ") most, then pairs of small letters
 * (the usual English ones more), the end of a word or field (": "), a
 * small letter beside a space; capitals, digits and punctuation least
 */
static int
litset_pair_cost(unsigned char a, unsigned char b)
{
	/* the usual English pairs, by their first letter: "an", "at", ... */
	static const char *const common[26] = {
		"ntlrs", "e", "oeh", "e", "rnsdac", "", "", "eai", "ntsoc", "", "", "eil", "ea",
		"dtge", "nrfum", "", "", "eioa", "tei", "hieo", "r", "e", "", "", "", "",
	};

	if (a == b)
		return 10;
	if (g_ascii_islower(a) && g_ascii_islower(b))
		return strchr(common[a - 'a'], b) ? 7 : 4;
	if (b == ' ' && strchr(":,.;", a))
		return 8;	/* "Key: value" */
	if (b == ' ' && g_ascii_islower(a))
		return 6;
	if (a == ' ' && g_ascii_islower(b))
		return 5;
	if (a == ' ' || b == ' ' || g_ascii_islower(a) || g_ascii_islower(b))
		return 2;
	return 1;
}

/*
 * litset_window - the offset of the three bytes of a literal to index it
 * by: the two pairs they make should be uncommon in report text (a run
 * of dashes would hit the pair "--" at every second offset)
 */
static size_t
litset_window(const unsigned char *lit, size_t len)
{
	int prev = litset_pair_cost(lit[0], lit[1]), best_cost = 1000;
	size_t j, best = 0;

	for (j = 0; j + 3 <= len; j++) {
		int next = litset_pair_cost(lit[j + 1], lit[j + 2]);

		if (prev + next < best_cost)
			best_cost = prev + next, best = j;
		prev = next;
	}
	return best;
}

/* util_litset_add - the id of literal, added if new (-1: shorter than three bytes) */
int
util_litset_add(struct util_litset *ls, const char *literal)
{
	const unsigned char *u = (const unsigned char *)literal;
	const struct litset_entry *e = (const struct litset_entry *)ls->entries->data;
	size_t len = strlen(literal), j;
	guint8 no = 0;
	guint tri;
	int i, id;

	if (len < 3)
		return -1;
	j = litset_window(u, len);
	for (i = ls->head[litset_bucket(litset_pair(u + j))]; i >= 0; i = e[i].next)
		if (e[i].offset == j && strcmp(ls->lits->pdata[e[i].id], literal) == 0)
			return e[i].id;
	id = (int)ls->lits->len;
	g_ptr_array_add(ls->lits, g_strdup(literal));
	g_array_append_val(ls->lens, len);
	g_array_append_val(ls->found, no);
	litset_entry_add(ls, id, litset_pair(u + j), (guint)j);
	litset_entry_add(ls, id, litset_pair(u + j + 1), (guint)j + 1);
	tri = litset_tri(u + j);
	ls->tris[tri / 64] |= G_GUINT64_CONSTANT(1) << (tri % 64);
	return id;
}

/* util_litset_size - number of literals */
guint
util_litset_size(const struct util_litset *ls)
{
	return ls->lits->len;
}

/*
 * litset_compare - the pair at offset q of text is in the bitmap: mark
 * the literals that occur there; returns how many of the pair's
 * literals are still not found
 */
static guint
litset_compare(struct util_litset *ls, const unsigned char *text, size_t len, size_t q,
	       guint *left_r)
{
	const struct litset_entry *e = (const struct litset_entry *)ls->entries->data;
	const size_t *lens = (const size_t *)ls->lens->data;
	guint8 *found = (guint8 *)ls->found->data;
	guint pair = litset_pair(text + q), pending = 0;
	int i;

	for (i = ls->head[litset_bucket(pair)]; i >= 0; i = e[i].next) {
		size_t s = q - e[i].offset, n = lens[e[i].id];
		const char *lit = ls->lits->pdata[e[i].id];
		guint64 w;

		if (e[i].pair != pair || found[e[i].id])
			continue;
		if (q < e[i].offset || s + n > len) {
			pending++;
		} else if (s + sizeof(w) <= len) {
			memcpy(&w, text + s, sizeof(w));
			if ((w & e[i].mask) != e[i].head
			    || (n > sizeof(w) && memcmp(text + s + sizeof(w), lit + sizeof(w), n - sizeof(w)) != 0))
				pending++;
			else
				found[e[i].id] = 1, (*left_r)--;
		} else if (memcmp(text + s, lit, n) != 0) {
			pending++;
		} else {
			found[e[i].id] = 1, (*left_r)--;
		}
	}
	return pending;
}

/* util_litset_scan - which literals occur in text */
void
util_litset_scan(struct util_litset *ls, const char *text, size_t len)
{
	const unsigned char *t = (const unsigned char *)text;
	guint64 live[LITSET_PAIRS / 64];
	guint left = ls->lits->len;
	size_t q;

	memset(ls->found->data, 0, ls->found->len);
	if (left == 0 || len < 3)
		return;
	memcpy(live, ls->pairs, sizeof(live));
	for (q = 0; q + 1 < len; q += 2) {
		guint pair = litset_pair(t + q);

		if (!(live[pair / 64] >> (pair % 64) & 1))
			continue;
		/* A literal's window at q or at q - 1 (see above), or none here. */
		if (!(q + 2 < len && litset_has_tri(ls, t + q)) && !(q > 0 && litset_has_tri(ls, t + q - 1)))
			continue;
		if (litset_compare(ls, t, len, q, &left) == 0) {
			live[pair / 64] &= ~(G_GUINT64_CONSTANT(1) << (pair % 64));
			if (left == 0)
				break;
		}
	}
}

/* util_litset_found - did literal id occur in the last scan? */
int
util_litset_found(const struct util_litset *ls, int id)
{
	return id >= 0 && (guint)id < ls->found->len && g_array_index(ls->found, guint8, id);
}

/* util_parse_number - a count or measure as printed in reports */
int
util_parse_number(const char *s, size_t len, double *value_r)
{
	char buf[64];
	size_t i, n = 0;
	char *end;

	for (i = 0; i < len && n < sizeof(buf) - 1; i++) {
		if (s[i] == ',' || s[i] == '_' || s[i] == ' ')
			continue;
		if (s[i] == '%')
			break;
		buf[n++] = s[i];
	}
	buf[n] = 0;
	if (n == 0)
		return -1;
	errno = 0;
	*value_r = strtod(buf, &end);
	if (errno || end == buf)
		return -1;
	return 0;
}

/* util_glob_match - '*' and '?' wildcards, ASCII case-insensitive */
int
util_glob_match(const char *pat, const char *text)
{
	while (*pat) {
		if (*pat == '*') {
			while (*pat == '*')
				pat++;
			if (!*pat)
				return 1;
			for (; *text; text++)
				if (util_glob_match(pat, text))
					return 1;
			return 0;
		}
		if (!*text)
			return 0;
		if (*pat != '?' && g_ascii_tolower(*pat) != g_ascii_tolower(*text))
			return 0;
		pat++;
		text++;
	}
	return *text == 0;
}

/* util_hash_bytes - multiply-xorshift over 64-bit words */
guint
util_hash_bytes(const void *p, size_t n, guint64 seed)
{
	const unsigned char *s = p;
	guint64 h = seed ^ (n * 0x9e3779b97f4a7c15ULL), w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return (guint)h;
}

static guint64 util_str_seed;

/* util_str_seed_init - a random seed, once per process */
static void
util_str_seed_init(void)
{
	util_str_seed = ((guint64)g_random_int() << 32) | g_random_int();
}

/*
 * util_str_hash - util_hash_bytes of a NUL-terminated string, with a seed
 * chosen at random once per process: the keys are report lines, and a
 * fixed seed would let a log line be written to collide.
 */
guint
util_str_hash(gconstpointer s)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, util_str_seed_init);
	return util_hash_bytes(s, strlen(s), util_str_seed);
}

static int util_jit;

/* util_jit_read - MAILGLOSS_NO_JIT, once (batch asks from several threads) */
static void
util_jit_read(void)
{
	const char *v = getenv("MAILGLOSS_NO_JIT");

	util_jit = !(v && *v);
}

/* util_jit_enabled - use PCRE2's JIT? */
int
util_jit_enabled(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, util_jit_read);
	return util_jit;
}

/* util_pcre2_gave_up - did a match stop at a limit rather than complete? */
static int
util_pcre2_gave_up(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT
	       || rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT
	       || rc == PCRE2_ERROR_NOMEMORY;
}

/* util_pcre2_match - pcre2_match(), the same answer with or without JIT (see util.h) */
int
util_pcre2_match(pcre2_code *re, const char *subject, size_t len, uint32_t options,
		 pcre2_match_data *md, pcre2_match_context *mctx)
{
	size_t jit_size = 0;
	int rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, options, md, mctx);

	if (!util_pcre2_gave_up(rc))
		return rc;
	if (pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jit_size) == 0 && jit_size > 0)
		return pcre2_match(re, (PCRE2_SPTR)subject, len, 0, options | PCRE2_NO_JIT, md, mctx);
	if (util_jit_enabled() && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0) {
		int jrc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, options, md, mctx);

		if (!util_pcre2_gave_up(jrc))
			return jrc;
	}
	return rc;
}

/* util_jit_on_demand - JIT-compile a pattern once it has earned it */
void
util_jit_on_demand(pcre2_code *re, unsigned *uses, unsigned after)
{
	if (*uses > after || ++*uses < after)
		return;
	++*uses;	/* past "after": never again */
	if (util_jit_enabled())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

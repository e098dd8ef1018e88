/*
 * util.h - small helpers shared by every layer: reading files whole,
 * making untrusted text safe to print, splitting lines.
 */
#ifndef MAILGLOSS_UTIL_H
#define MAILGLOSS_UTIL_H

#include <stddef.h>
#include <string.h>
#include <glib.h>
#include <pcre2.h>

/* Reads a whole file ("-" = stdin, which may be a pipe). 0 or -1. */
int util_read_file(const char *path, GByteArray **data_r, char **errstr);
int util_read_fd(int fd, GByteArray **data_r, char **errstr);

/*
 * util_put - append n bytes: the common case (room to spare) inline, as
 * GLib does for g_string_append_c.  Output is built in small pieces, and
 * the general g_string_append_len costs several times the copy.
 */
static inline void
util_put(GString *out, const char *s, size_t n)
{
	if (out->len + n < out->allocated_len) {
		memcpy(out->str + out->len, s, n);
		out->len += n;
		out->str[out->len] = 0;
	} else {
		g_string_append_len(out, s, (gssize)n);
	}
}

/* util_puts - util_put of a NUL-terminated string */
static inline void
util_puts(GString *out, const char *s)
{
	util_put(out, s, strlen(s));
}

/*
 * Returns a newly allocated UTF-8 copy of text that is safe to print on a
 * terminal or in a mail: invalid UTF-8 becomes U+FFFD, C0/C1 controls
 * (except TAB), DEL, and bidi/zero-width format characters become a
 * visible "\xNN" or "<U+XXXX>" escape.  Never contains ESC, CR or LF.
 */
void util_sanitize_append(GString *out, const char *text, size_t len);
char *util_sanitize(const char *text, size_t len);

/* Does text contain anything util_sanitize would change? */
int util_needs_sanitize(const char *text, size_t len);

/*
 * Is buf[0..len) valid UTF-8 without NUL bytes?  Like g_utf8_validate_len,
 * with a fast path for the ASCII that rule files and reports mostly are.
 */
int util_utf8_valid(const char *buf, size_t len);

/* Parses a number such as "1,234", "96428995", "27%", "3.5". 0 or -1. */
int util_parse_number(const char *s, size_t len, double *value_r);

/*
 * PCRE2 JIT on, unless MAILGLOSS_NO_JIT is set: valgrind cannot follow
 * JIT-compiled code, so memcheck runs use the interpreter.
 */
int util_jit_enabled(void);

/*
 * JIT on demand: counts one more use of re in *uses and JIT-compiles it
 * when the count reaches after.  Compiling costs about as much as a few
 * hundred interpreted matches, so one mail through filter stays
 * interpreted while batch gets JIT for its hot patterns.
 */
void util_jit_on_demand(pcre2_code *re, unsigned *uses, unsigned after);

/*
 * pcre2_match() with the same answer whichever way re is run.  The JIT
 * and the interpreter stop at different limits (the JIT at its stack,
 * the interpreter at the depth limit, and they count the match limit
 * differently), so a hostile line could match under one and be given up
 * under the other, and a pattern is JIT-compiled only after some uses:
 * the verdict would depend on the order of the mails and on the thread.
 * When one way gives up, the other is tried; the answer is that of
 * whichever completes (they agree when both do), and a limit error only
 * when both give up.
 */
int util_pcre2_match(pcre2_code *re, const char *subject, size_t len, uint32_t options,
		     pcre2_match_data *md, pcre2_match_context *mctx);

/*
 * Literal prefilter of a PCRE2 pattern: for each top-level alternative, a
 * run of plain characters every match of it must contain.  A text that
 * contains none of them cannot match, so strstr() can reject it before
 * PCRE2 is asked.  NULL when some alternative has no certain run of three
 * or more characters, or the pattern sets options other than caseless
 * (then only runs without letters count) or quotes with \Q.
 * Free with g_strfreev.
 */
char **util_pattern_literals(const char *pattern);

/*
 * Conjunctive prefilter of a pattern with no top-level "|": runs of plain
 * characters (three bytes or more) that every match contains, all of
 * them, the longest first and at most UTIL_ALL_LITERALS_MAX; a text that
 * lacks any one cannot match.  "^Failed password for (\S+) from (\S+)
 * port \d+ ssh2$" gives "Failed password for ", " from ", " port ",
 * " ssh2".  Runs come from the top level and from groups that the match
 * cannot do without and that have one alternative.  NULL when there are
 * none, or for what util_pattern_literals refuses, and comments (?#...).
 * Free with g_strfreev.
 */
#define UTIL_ALL_LITERALS_MAX	5
char **util_pattern_all_literals(const char *pattern);
/* A hash of n bytes, eight at a time; seed it to keep collisions unguessable. */
guint util_hash_bytes(const void *p, size_t n, guint64 seed);

/* Numbers in the files mailgloss writes: 32-bit little-endian. */
static inline void
util_put_le32(GByteArray *b, guint32 v)
{
	guint8 x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff };

	g_byte_array_append(b, x, 4);
}

static inline guint32
util_le32(const guint8 *p)
{
	return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16 | (guint32)p[3] << 24;
}
/* util_hash_bytes of a string, for GHashTable (g_str_hash reads a byte at a time). */
guint util_str_hash(gconstpointer s);
/* Raise whenever util_pattern_literals or util_pattern_all_literals can
 * answer differently: caches of their answers (pattern_cache.c) made by
 * another revision are ignored. */
#define UTIL_LITERALS_REVISION 5

/* Does text contain one of the literals?  (NULL literals: yes) */
int util_has_literal(char *const *literals, const char *text);

/*
 * Lead-byte prefilter of a PCRE2 pattern compiled with PCRE2_UTF (and
 * PCRE2_MATCH_INVALID_UTF) and no other option: 1 and a set of bytes in
 * lead_r (256 bits) when every match starts at the subject's start ("^"
 * in each alternative) and holds a character \s does not match; the
 * subject's first such byte (util_lead_byte) is then in the set, or the
 * pattern cannot match it.  0 (lead_r empty) when the pattern is not of
 * that kind, uses what the analysis does not know, or any byte could
 * lead.  "^\s*[-=_]{5,}" gives "-=_": the subject " x" cannot match.
 */
int util_pattern_lead(const char *pattern, guint64 lead_r[4]);

/* util_lead_byte - the first byte of s that \s does not match (0: none) */
static inline unsigned char
util_lead_byte(const char *s)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	return (unsigned char)*s;
}

/* util_lead_in - is byte c in a util_pattern_lead set? */
static inline int
util_lead_in(const guint64 lead[4], unsigned char c)
{
	return (int)(lead[c >> 6] >> (c & 63) & 1);
}

/*
 * A set of literals (three bytes or longer) that one pass over a text
 * finds all at once: util_litset_add gives each literal an id, and after
 * util_litset_scan util_litset_found tells which occurred.  Literals may
 * be added between scans; the found flags then hold for the old ones only
 * until the next scan.
 */
struct util_litset;
struct util_litset *util_litset_new(void);
void util_litset_free(struct util_litset *ls);
int util_litset_add(struct util_litset *ls, const char *literal);
guint util_litset_size(const struct util_litset *ls);
void util_litset_scan(struct util_litset *ls, const char *text, size_t len);
int util_litset_found(const struct util_litset *ls, int id);

/* Glob match (* and ?), ASCII case-insensitive. */
int util_glob_match(const char *pattern, const char *text);

#endif

/*
 * charset.c - strict charset decoding to UTF-8 with Japanese fallbacks.
 *
 * GMime's own g_mime_text_part_get_text() silently drops bytes that are
 * invalid in the declared charset and returns raw bytes for unknown ones,
 * so this file does its own iconv: the declared charset strictly, then the
 * vendor supersets (ISO-2022-JP via EUC-JP-MS, Shift_JIS as CP932), then
 * guesses for undeclared 8-bit text (UTF-8, EUC-JP, CP932, ISO-8859-1).
 * Nothing is ever dropped: a byte that fits nowhere becomes U+FFFD, and
 * every guess is reported as a note.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include <gmime/gmime.h>

#include "util.h"
#include "mail_private.h"

#define REPLACEMENT	"\xEF\xBF\xBD"

/* What a declared charset name means to the decoder. */
enum cs_kind {
	CS_NONE,		/* missing, us-ascii, unknown-8bit: guess */
	CS_UTF8,
	CS_JIS,			/* ISO-2022-JP family */
	CS_SJIS,		/* Shift_JIS family */
	CS_EUC,			/* EUC-JP family */
	CS_OTHER
};

/* Result of one decoding attempt. */
struct decoded {
	char *text;
	size_t len;
	size_t bad;		/* bytes replaced by U+FFFD */
};

/* charset_kind - classify a declared charset name */
static enum cs_kind
charset_kind(const char *cs)
{
	static const char *const none[] = {
		"us-ascii", "ascii", "ansi_x3.4-1968", "ansi_x3.4-1986",
		"iso646-us", "iso_646.irv:1991", "us", "646", "cp367",
		"ibm367", "csascii", "unknown", "unknown-8bit", "x-unknown",
		"x-user-defined", "default", "",
	};
	size_t i;

	if (cs == NULL)
		return CS_NONE;
	for (i = 0; i < G_N_ELEMENTS(none); i++)
		if (g_ascii_strcasecmp(cs, none[i]) == 0)
			return CS_NONE;
	if (g_ascii_strcasecmp(cs, "utf-8") == 0
	    || g_ascii_strcasecmp(cs, "utf8") == 0)
		return CS_UTF8;
	if (g_ascii_strncasecmp(cs, "iso-2022-jp", 11) == 0
	    || g_ascii_strcasecmp(cs, "csISO2022JP") == 0
	    || g_ascii_strcasecmp(cs, "cp50220") == 0
	    || g_ascii_strcasecmp(cs, "cp50221") == 0)
		return CS_JIS;
	if (g_ascii_strcasecmp(cs, "shift_jis") == 0
	    || g_ascii_strcasecmp(cs, "shift-jis") == 0
	    || g_ascii_strcasecmp(cs, "sjis") == 0
	    || g_ascii_strcasecmp(cs, "x-sjis") == 0
	    || g_ascii_strcasecmp(cs, "ms_kanji") == 0
	    || g_ascii_strcasecmp(cs, "csShiftJIS") == 0
	    || g_ascii_strcasecmp(cs, "windows-31j") == 0
	    || g_ascii_strcasecmp(cs, "cp932") == 0)
		return CS_SJIS;
	if (g_ascii_strcasecmp(cs, "euc-jp") == 0
	    || g_ascii_strcasecmp(cs, "x-euc-jp") == 0
	    || g_ascii_strcasecmp(cs, "eucjp") == 0
	    || g_ascii_strcasecmp(cs, "euc-jp-ms") == 0)
		return CS_EUC;
	return CS_OTHER;
}

/* charset_iconv_name - the name to hand to iconv for a declared charset */
static const char *
charset_iconv_name(const char *cs, enum cs_kind kind)
{
	switch (kind) {
	case CS_UTF8:
		return "UTF-8";
	case CS_JIS:
		return "ISO-2022-JP";
	case CS_SJIS:
		return g_ascii_strcasecmp(cs, "cp932") == 0
		    || g_ascii_strcasecmp(cs, "windows-31j") == 0 ?
		    "CP932" : "SHIFT_JIS";
	case CS_EUC:
		return "EUC-JP";
	default:
		return cs;
	}
}

/* charset_grow - make room for at least NEED more output bytes */
static void
charset_grow(char **obuf, char **op, size_t *oleft, size_t *osize, size_t need)
{
	size_t used = *op - *obuf;

	if (*oleft >= need)
		return;
	*osize = *osize * 2 + need;
	*obuf = g_realloc(*obuf, *osize);
	*op = *obuf + used;
	*oleft = *osize - used - 1;
}

/* charset_iconv - run iconv; strict fails on the first bad byte (1) */
static int
charset_iconv(const char *cs, const char *buf, size_t len, int strict,
    struct decoded *out)
{
	iconv_t cd;
	char *in = (char *)buf, *op, *obuf;
	size_t inleft = len, oleft, osize = len * 3 + 16, bad = 0;

	cd = g_mime_iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return -1;
	iconv(cd, NULL, NULL, NULL, NULL);
	obuf = g_malloc(osize);
	op = obuf;
	oleft = osize - 1;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &op, &oleft) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			charset_grow(&obuf, &op, &oleft, &osize, 64);
			continue;
		}
		bad++;
		if (strict)
			break;
		/* EILSEQ or EINVAL: replace one byte and resynchronise. */
		charset_grow(&obuf, &op, &oleft, &osize, 4);
		memcpy(op, REPLACEMENT, 3);
		op += 3;
		oleft -= 3;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	while (!(strict && bad)
	    && iconv(cd, NULL, NULL, &op, &oleft) == (size_t)-1
	    && errno == E2BIG)
		charset_grow(&obuf, &op, &oleft, &osize, 64);
	g_mime_iconv_close(cd);
	if (strict && bad) {
		g_free(obuf);
		return 1;
	}
	*op = 0;
	out->text = obuf;
	out->len = op - obuf;
	out->bad = bad;
	return 0;
}

/* charset_utf8_lenient - copy UTF-8, invalid bytes become U+FFFD */
static void
charset_utf8_lenient(const char *buf, size_t len, struct decoded *out)
{
	GString *s = g_string_sized_new(len + 16);
	const char *p = buf, *end = buf + len;

	out->bad = 0;
	while (p < end) {
		gunichar u;

		if ((unsigned char)*p < 0x80) {
			g_string_append_c(s, *p++);
			continue;
		}
		u = g_utf8_get_char_validated(p, end - p);
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			g_string_append(s, REPLACEMENT);
			out->bad++;
			p++;
			continue;
		}
		g_string_append_len(s, p, g_utf8_next_char(p) - p);
		p = g_utf8_next_char(p);
	}
	out->len = s->len;
	out->text = g_string_free(s, FALSE);
}

/* charset_mostly_utf8 - many valid multibyte sequences, few bad bytes */
static int
charset_mostly_utf8(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t good = 0, bad = 0;

	while (p < end) {
		gunichar u;

		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		u = g_utf8_get_char_validated(p, end - p);
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			bad++;
			p++;
		} else {
			good++;
			p = g_utf8_next_char(p);
		}
	}
	return good > 0 && bad * 10 <= good;
}

/* charset_jis_to_euc - rewrite ISO-2022-JP (with vendor rows) as EUC-JP */
static char *
charset_jis_to_euc(const char *buf, size_t len, size_t *len_r)
{
	GString *s = g_string_sized_new(len + 16);
	enum { ASCII, KANJI, KANA, SUPP } mode = ASCII;
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)buf[i];

		if (c == 0x1B && i + 2 < len) {
			const char *e = buf + i + 1;

			if (e[0] == '(' && (e[1] == 'B' || e[1] == 'J')) {
				mode = ASCII;
				i += 3;
				continue;
			}
			if (e[0] == '(' && e[1] == 'I') {
				mode = KANA;
				i += 3;
				continue;
			}
			if (e[0] == '$' && (e[1] == '@' || e[1] == 'B')) {
				mode = KANJI;
				i += 3;
				continue;
			}
			if (e[0] == '$' && e[1] == '(' && i + 3 < len) {
				mode = e[2] == 'D' ? SUPP : KANJI;
				i += 4;
				continue;
			}
		}
		if (c == 0x0E || c == 0x0F) {	/* SO/SI katakana shift */
			mode = c == 0x0E ? KANA : ASCII;
			i++;
			continue;
		}
		if (c >= 0x21 && c <= 0x7E && mode == KANA) {
			g_string_append_c(s, (char)0x8E);
			g_string_append_c(s, (char)(c | 0x80));
			i++;
		} else if (c >= 0x21 && c <= 0x7E && mode != ASCII
		    && i + 1 < len && (unsigned char)buf[i + 1] >= 0x21
		    && (unsigned char)buf[i + 1] <= 0x7E) {
			if (mode == SUPP)
				g_string_append_c(s, (char)0x8F);
			g_string_append_c(s, (char)(c | 0x80));
			g_string_append_c(s, (char)(buf[i + 1] | 0x80));
			i += 2;
		} else {
			g_string_append_c(s, (char)c);
			i++;
		}
	}
	*len_r = s->len;
	return g_string_free(s, FALSE);
}

/* charset_try_jis - ISO-2022-JP strictly, then with vendor extensions */
static int
charset_try_jis(const char *buf, size_t len, int strict, struct decoded *out,
    int *extended_r)
{
	char *euc;
	size_t euc_len;
	int rc;

	*extended_r = 0;
	if (charset_iconv("ISO-2022-JP", buf, len, 1, out) == 0)
		return 0;
	euc = charset_jis_to_euc(buf, len, &euc_len);
	rc = charset_iconv("EUC-JP-MS", euc, euc_len, strict, out);
	g_free(euc);
	*extended_r = 1;
	return rc;
}

/* charset_has_jis_escape - 7-bit text with an ISO-2022-JP kanji shift */
static int
charset_has_jis_escape(const char *buf, size_t len)
{
	const char *end = buf + len, *esc;

	for (esc = memchr(buf, '\033', len); esc; esc = memchr(esc + 1, '\033', end - esc - 1))
		if (end - esc >= 3 && esc[1] == '$' && (esc[2] == 'B' || esc[2] == '@'))
			return 1;
	return 0;
}

/* charset_copy - valid UTF-8 (so without NUL) as a string */
static char *
charset_copy(const char *buf, size_t len)
{
	char *s = g_malloc(len + 1);

	memcpy(s, buf, len);
	s[len] = '\0';
	return s;
}

/* charset_guess - undeclared text: UTF-8, EUC-JP, CP932, ISO-8859-1 */
static const char *
charset_guess(const char *buf, size_t len, struct decoded *out)
{
	int ext;

	if (util_utf8_valid(buf, len)) {
		if (charset_has_jis_escape(buf, len)
		    && charset_try_jis(buf, len, 1, out, &ext) == 0)
			return "ISO-2022-JP";
		out->text = charset_copy(buf, len);
		out->len = len;
		out->bad = 0;
		return NULL;
	}
	if (charset_iconv("EUC-JP", buf, len, 1, out) == 0)
		return "EUC-JP";
	if (charset_iconv("CP932", buf, len, 1, out) == 0)
		return "CP932";
	if (charset_mostly_utf8(buf, len)) {
		charset_utf8_lenient(buf, len, out);
		return "UTF-8";
	}
	charset_iconv("ISO-8859-1", buf, len, 0, out);
	return "ISO-8859-1";
}

/* charset_declared - decode in a known declared charset; -1 if unknown */
static int
charset_declared(const char *cs, enum cs_kind kind, const char *buf,
    size_t len, struct decoded *out, char **note_r)
{
	const char *name = charset_iconv_name(cs, kind), *lenient = name;
	int ext;

	if (kind == CS_UTF8) {
		if (util_utf8_valid(buf, len)) {
			out->text = charset_copy(buf, len);
			out->len = len;
			out->bad = 0;
			return 0;
		}
	} else {
		switch (charset_iconv(name, buf, len, 1, out)) {
		case -1:
			return -1;
		case 0:
			return 0;
		}
	}
	if (kind == CS_JIS) {
		if (charset_try_jis(buf, len, 1, out, &ext) == 0) {
			*note_r = g_strdup_printf("charset %s with vendor "
			    "extensions decoded as CP50220 (EUC-JP-MS)", cs);
			return 0;
		}
	} else if (kind == CS_SJIS || kind == CS_EUC) {
		lenient = kind == CS_SJIS ? "CP932" : "EUC-JP-MS";
		if (charset_iconv(lenient, buf, len, 1, out) == 0)
			return 0;
	}
	/* Mislabelled text: UTF-8 is the usual truth, EUC-JP the next. */
	if (kind != CS_UTF8 && util_utf8_valid(buf, len)) {
		*note_r = g_strdup_printf("text declared as %s is UTF-8", cs);
		out->text = charset_copy(buf, len);
		out->len = len;
		out->bad = 0;
		return 0;
	}
	if (kind == CS_UTF8 && !charset_mostly_utf8(buf, len)
	    && charset_iconv("EUC-JP", buf, len, 1, out) == 0) {
		*note_r = g_strdup_printf("text declared as %s decoded as "
		    "EUC-JP", cs);
		return 0;
	}
	if (kind == CS_UTF8)
		charset_utf8_lenient(buf, len, out);
	else if (kind == CS_JIS)
		charset_try_jis(buf, len, 0, out, &ext);
	else
		charset_iconv(lenient, buf, len, 0, out);
	*note_r = g_strdup_printf("%zu byte(s) invalid in charset %s "
	    "replaced by U+FFFD", out->bad, cs);
	return 0;
}

/* charset_strip_nul - NUL bytes would cut C strings: make them U+FFFD */
static void
charset_strip_nul(struct decoded *d, size_t *nul_r)
{
	GString *s;
	size_t i;

	*nul_r = 0;
	if (memchr(d->text, 0, d->len) == NULL)
		return;
	s = g_string_sized_new(d->len + 16);
	for (i = 0; i < d->len; i++) {
		if (d->text[i] == 0) {
			g_string_append(s, REPLACEMENT);
			(*nul_r)++;
		} else {
			g_string_append_c(s, d->text[i]);
		}
	}
	g_free(d->text);
	d->len = s->len;
	d->text = g_string_free(s, FALSE);
}

/* mail_charset_decode - any bytes to UTF-8, with a note on guesses */
char *
mail_charset_decode(const char *cs, const char *buf, size_t len,
    size_t *len_r, int *lossy_r, char **note_r)
{
	struct decoded d = { NULL, 0, 0 };
	enum cs_kind kind = charset_kind(cs);
	const char *guess;
	char *note = NULL;
	size_t nul;

	mail_init();
	if (len == 0)
		buf = "";		/* an empty GByteArray has data NULL */
	if (kind == CS_NONE || charset_declared(cs, kind, buf, len, &d,
	    &note) < 0) {
		guess = charset_guess(buf, len, &d);
		if (kind != CS_NONE)
			note = g_strdup_printf("charset %s unknown; decoded "
			    "as %s", cs, guess ? guess : "UTF-8");
		else if (guess)
			note = g_strdup_printf("undeclared 8-bit text decoded "
			    "as %s", guess);
		if (note && d.bad) {
			char *tmp = note;

			note = g_strdup_printf("%s; %zu byte(s) replaced by "
			    "U+FFFD", tmp, d.bad);
			g_free(tmp);
		}
	}
	charset_strip_nul(&d, &nul);
	if (nul && note == NULL)
		note = g_strdup_printf("%zu NUL byte(s) replaced by U+FFFD",
		    nul);
	if (len_r)
		*len_r = d.len;
	if (lossy_r)
		*lossy_r = d.bad > 0 || nul > 0;
	if (note_r)
		*note_r = note;
	else
		g_free(note);
	return d.text;
}

/* mail_to_utf8 - bytes in charset CS (NULL: unknown) to valid UTF-8 */
char *
mail_to_utf8(const char *cs, const char *buf, size_t len, int *lossy_r)
{
	return mail_charset_decode(cs, buf, len, NULL, lossy_r, NULL);
}

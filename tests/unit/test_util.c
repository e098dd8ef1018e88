/*
 * test_util.c - the helpers the fast paths rest on: the literal set
 * (one pass finds every literal), the lead-byte prefilter and the
 * all-literals prefilter (never refuse a match), sanitising in runs, and the report's
 * whole-text prefilter, each against the plain way of doing the same.
 */
#include <string.h>
#include <glib/gstdio.h>

#include "tap.h"
#include "util.h"
#include "render/render.h"
#include "report/report.h"
#include "knowledge/pattern_cache.h"

/* random_text - len characters of a small alphabet, so literals occur */
static void
random_text(GRand *r, char *buf, int len, const char *alphabet)
{
	int k, n = (int)strlen(alphabet);

	for (k = 0; k < len; k++)
		buf[k] = alphabet[g_rand_int_range(r, 0, n)];
	buf[len] = 0;
}

/* test_litset - found flags agree with strstr, also after adding literals */
static void
test_litset(void)
{
	GRand *r = g_rand_new_with_seed(11);
	struct util_litset *ls = util_litset_new();
	char lits[80][16], text[272];
	int ids[80], n, k, bad = 0, nlits = 0;

	CHECK(util_litset_add(ls, "ab") == -1, "a two-byte literal is refused");
	for (n = 0; n < 3000; n++) {
		int len = g_rand_int_range(r, 0, 256);

		/* the set grows now and then, as detectors are first used */
		if (nlits < 80 && n % 40 == 0) {
			for (k = 0; k < 4 && nlits < 80; k++, nlits++) {
				/* longer than eight bytes too: compared in two steps */
				random_text(r, lits[nlits], g_rand_int_range(r, 3, k == 3 ? 13 : 7), "abc\n");
				if (strchr(lits[nlits], '\n'))
					lits[nlits][0] = 'a', lits[nlits][1] = 'b', lits[nlits][2] = 'c',
					lits[nlits][3] = 0;
				ids[nlits] = util_litset_add(ls, lits[nlits]);
			}
		}
		random_text(r, text, len, "abcab\n");
		if (nlits > 0 && n % 3 == 0) {
			/* a literal planted anywhere, the end included */
			const char *lit = lits[g_rand_int_range(r, 0, nlits)];
			int at = g_rand_int_range(r, 0, 250);

			memcpy(text + at, lit, strlen(lit));
			len = MAX(len, at + (int)strlen(lit));
			text[len] = 0;
			for (k = 0; k < len; k++)
				text[k] = text[k] ? text[k] : 'c';
		}
		util_litset_scan(ls, text, (size_t)len);
		for (k = 0; k < nlits; k++)
			bad += !util_litset_found(ls, ids[k]) != !strstr(text, lits[k]);
	}
	CHECK(bad == 0, "util_litset_found differs from strstr %d times", bad);
	/* literals added between scans */
	bad = 0;
	for (n = 0; n < 200; n++) {
		int len = g_rand_int_range(r, 0, 256);
		char more[8];
		int id;

		random_text(r, text, len, "abcab\n");
		util_litset_scan(ls, text, (size_t)len);
		random_text(r, more, 6, "abcd");
		id = util_litset_add(ls, more);
		util_litset_scan(ls, text, (size_t)len);
		bad += !util_litset_found(ls, id) != !strstr(text, more);
		for (k = 0; k < nlits; k++)
			bad += !util_litset_found(ls, ids[k]) != !strstr(text, lits[k]);
	}
	CHECK(bad == 0, "with literals added between scans, util_litset_found differs from strstr %d times", bad);
	CHECK(util_litset_add(ls, lits[0]) == ids[0], "adding a literal twice gives the same id");
	util_litset_scan(ls, "xyz", 3);
	CHECK(!util_litset_found(ls, ids[0]), "flags are cleared by the next scan");
	CHECK(!util_litset_found(ls, 100000), "an unknown id is not found");
	util_litset_free(ls);
	g_rand_free(r);
}

/* lead_set_is - does the set hold exactly the bytes of s? */
static int
lead_set_is(const guint64 set[4], const char *s)
{
	int c;

	for (c = 1; c < 256; c++)
		if (util_lead_in(set, (unsigned char)c) != (strchr(s, c) != NULL))
			return 0;
	return 1;
}

/* test_pattern_lead - what the lead-byte prefilter is, and when there is none */
static void
test_pattern_lead(void)
{
	static const char *const none[] = {
		"\\d", "^\\S+ : ", "^a|b", "(^a)", "^a?", "^\\s*$", "^(?x) a", "^\\x41", "^\\1",
		"^[[:alpha:]]", "^\\Qab\\E", "(*UCP)^\\s*a", "^.", "^\\s*(a|)", "^[a ]*", "^(?s)a",
		"^\\h", "^\\p{L}", "^(?(1)a|b)", "^(?#x)a", "^(?R)", "^\\R", "a^b",
	};
	guint64 set[4];
	guint i;

	CHECK(util_pattern_lead("^\\s*[-=_]{5,}(\\s+[-=_]{3,})*\\s*$", set) && lead_set_is(set, "-=_"),
	      "a ruler starts with - = or _");
	CHECK(util_pattern_lead("^(Open Source )?Tripwire\\(R\\)", set) && lead_set_is(set, "OT"),
	      "an optional group adds what follows it");
	CHECK(util_pattern_lead("^\\s*(\\[[x ]\\]\\s*)?\"/", set) && lead_set_is(set, "[\""),
	      "a class with a blank in it is passed over");
	CHECK(util_pattern_lead("^[-+ ]?(Checking|Searching)", set) && lead_set_is(set, "-+CS"),
	      "a class that may match a blank adds its other bytes");
	CHECK(util_pattern_lead("^\\s*(?=x)\\b#?\\s*Section", set) && lead_set_is(set, "#S"),
	      "assertions are passed over");
	CHECK(util_pattern_lead("^a|^\\s+b", set) && lead_set_is(set, "ab"), "each alternative anchored");
	CHECK(util_pattern_lead("(?i)^(?:postfix|amavis)", set) && util_lead_in(set, 'P')
	      && util_lead_in(set, 'a') && util_lead_in(set, 0xe2) && !util_lead_in(set, 'x'),
	      "caseless: both cases, and the bytes of Unicode folds");
	CHECK(util_pattern_lead("^[^a\\s]", set) && !util_lead_in(set, 'a') && util_lead_in(set, 0xc3),
	      "a negated class holds every other byte");
	for (i = 0; i < G_N_ELEMENTS(none); i++)
		CHECK(!util_pattern_lead(none[i], set) && lead_set_is(set, ""),
		      "no lead prefilter for %s", none[i]);
}

/*
 * test_lead_sound - a subject the pattern matches always passes the
 * lead-byte test: random subjects from pieces that matter (blanks, the
 * bytes the patterns start with, KELVIN SIGN, invalid UTF-8)
 */
static void
test_lead_sound(void)
{
	static const char *const pats[] = {
		"^\\s*[-=_]{5,}(\\s+[-=_]{3,})*\\s*$", "^\\s*(\\[[x ]\\]\\s*)?\"/", "(?i)^k", "(?i)^[^k]x",
		"^[-+ ]?(Chk|Srch)", "^\\s*(?:a|\\s)+b", "^(?=x)a", "^a{0}b", "^(a|)b", "^ ?[-+]",
		"^\\s*\\.", "^[\\d\\s]+x", "^[a-c]", "^\\bab", "^(?i:ab)c", "^\\t*X", "^[\\]]", "^[]a]",
		"^\xc3\xa9", "^[^\\W]", "^\\s*\\d+\\.\\s+\\S", "^(Added|Removed):\\s*$", "^\\s*-{3,}\\s+.*End",
		"(?i)^\\s*#{3,}\\s*k", "^[^-\\s]", "^\\s*(?<n>x|\\[)", "^(?>\\s*)=", "^(?:\\s*|x)y",
	};
	static const char *const pieces[] = {
		" ", "\t", "\v", "\f", "\r", "-", "=", "_", "a", "b", "c", "x", "X", "k", "K", "y",
		"\xe2\x84\xaa", "\xc3\xa9", "[", "]", "\"", "/", "0", "7", ".", ":", "+", "#", "End",
		"Added", "Chk", "\xff", "!",
	};
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	GRand *r = g_rand_new_with_seed(7);
	int bad = 0, matched = 0, rejected = 0;
	guint p;

	for (p = 0; p < G_N_ELEMENTS(pats); p++) {
		int err, n, k;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)pats[p], PCRE2_ZERO_TERMINATED,
					       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
		guint64 set[4];
		int has = util_pattern_lead(pats[p], set);

		CHECK(re != NULL, "pattern %u compiles", p);
		CHECK(has, "pattern %u has a lead prefilter", p);
		for (n = 0; re && has && n < 20000; n++) {
			char s[64] = "";
			int m;

			for (k = g_rand_int_range(r, 0, 7); k > 0; k--)
				g_strlcat(s, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))], sizeof(s));
			m = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0;
			matched += m;
			rejected += !util_lead_in(set, util_lead_byte(s));
			if (m && !util_lead_in(set, util_lead_byte(s))) {
				if (bad++ < 5)
					printf("# %s matches \"%s\" but its lead byte is refused\n", pats[p], s);
			}
		}
		pcre2_code_free(re);
	}
	CHECK(bad == 0, "the lead-byte test refused %d matching subjects", bad);
	CHECK(matched > 1000 && rejected > 100000, "the test is not empty: %d matches, %d refused",
	      matched, rejected);
	g_rand_free(r);
	pcre2_match_data_free(md);
}

/* all_joined - util_pattern_all_literals as "a|b", or "-" for none */
static char *
all_joined(const char *pattern)
{
	return tap_strv_joined(util_pattern_all_literals(pattern));
}

/* test_all_literals - the conjunctive prefilter of some patterns, exactly */
static void
test_all_literals(void)
{
	static const struct {
		const char *pattern, *all;
	} cases[] = {
		{ "^Failed password for (\\S+) from (\\S+) port \\d+ ssh2$",
		  "Failed password for | from | port | ssh2" },
		/* a group with one alternative adds its runs */
		{ "^Level (?<level>error)\\s*:\\s+(?<count>\\d+) Time\\(s\\)$", " Time(s)|Level |error" },
		{ "x(abcd(efgh|ijkl)mnop)+qrs", "abcd|mnop|qrs" },
		{ "^root(?:\\(uid=0\\))?(?: by \\S*)?: (?<count>[\\d,]+) Times?(?:\\(s\\))?$", " Time|root" },
		/* what may be absent splits runs */
		{ "abx{0,3}cde", "cde" },
		{ "ab-{3}cd#{2,}ef", "ab---cd##|##ef" },
		{ "abc+?defg", "defg|abc" },
		{ "cde{0}fgh", "cdfgh" },
		{ "ab(cdef)?gh", "-" },
		{ "abcdef(?:abc)", "abcdef" },	/* a run inside another tells nothing more */
		{ "abc\\d+def\\d+ghi\\d+jkl\\d+mno\\d+pqr", "abc|def|ghi|jkl|mno" },	/* five at most */
		/* caseless: letters are not certain */
		{ "(?i)Foo: 123 (?:abc ###)", ": 123 | ###" },
		{ "^(Found|(?i:environment) report)xyz", "xyz" },
		{ "éx?abcd", "abcd" },
		{ "x(?=yzw)yzw", "yzw" },
		/* no prefilter */
		{ "abc|def", "-" },
		{ "ab(?:cde|fgh)", "-" },
		{ "foo(?#note)barbaz", "-" },
		{ "abc\\Qdef\\E", "-" },
		{ "abc(*ACCEPT)defg", "-" },
		{ "(?x) abc def", "-" },
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = all_joined(cases[i].pattern);

		CHECK(strcmp(got, cases[i].all) == 0, "all literals of %s: %s, want %s", cases[i].pattern,
		      got, cases[i].all);
		g_free(got);
	}
}

/* has_all - does s contain every one of literals (NULL: yes)? */
static int
has_all(char **literals, const char *s)
{
	for (; literals && *literals; literals++)
		if (!strstr(s, *literals))
			return 0;
	return 1;
}

/*
 * all_subject - a subject for pattern p: its example with random pieces
 * inserted, bytes deleted or repeated (planted), or pieces alone
 */
static void
all_subject(GRand *r, const char *example, const char *const *pieces, int npieces, char *s, size_t size)
{
	int k, ops;

	s[0] = 0;
	if (g_rand_boolean(r)) {
		for (k = g_rand_int_range(r, 0, 9); k > 0; k--)
			g_strlcat(s, pieces[g_rand_int_range(r, 0, npieces)], size);
		return;
	}
	g_strlcpy(s, example, size);
	for (ops = g_rand_int_range(r, 1, 4); ops > 0; ops--) {
		size_t len = strlen(s), at = len ? (size_t)g_rand_int_range(r, 0, (int)len + 1) : 0;
		size_t n = (size_t)g_rand_int_range(r, 1, 5);
		char rest[256];

		n = MIN(n, len - MIN(at, len));
		switch (g_rand_int_range(r, 0, 3)) {
		case 0:		/* delete */
			memmove(s + at, s + at + n, len - at - n + 1);
			break;
		case 1:		/* insert a piece */
			g_strlcpy(rest, s + at, sizeof(rest));
			s[at] = 0;
			g_strlcat(s, pieces[g_rand_int_range(r, 0, npieces)], size);
			g_strlcat(s, rest, size);
			break;
		default:	/* repeat */
			g_strlcpy(rest, s + at, sizeof(rest));
			s[at + n] = 0;
			g_strlcat(s, rest, size);
			break;
		}
	}
}

/*
 * test_all_literals_sound - every subject a pattern matches contains all
 * of its util_pattern_all_literals: subjects near an example (so that
 * many match) and from pieces that matter (quantified characters,
 * case variants, KELVIN SIGN, UTF-8)
 */
static void
test_all_literals_sound(void)
{
	static const char *const pats[][2] = {
		{ "^Failed password for (\\S+) from (\\S+) port \\d+ ssh2$",
		  "Failed password for root from 10.0.0.1 port 22 ssh2" },
		{ "^Level (?<level>error)\\s*:\\s+(?<count>\\d+) Time\\(s\\)$", "Level error : 5 Time(s)" },
		{ "^root(?:\\(uid=0\\))?(?: by \\S*)?: (?<count>[\\d,]+) Times?(?:\\(s\\))?$", "root: 3 Times" },
		{ "abx{0,3}cde", "abxxcde" }, { "abx{1,3}cde", "abxcde" }, { "ab(?:cd)?efg", "abefg" },
		{ "ab(?:cde|fgh)ijk", "abfghijk" }, { "x(abcd(efgh|ijkl)mnop)+qrs", "xabcdijklmnopqrs" },
		{ "(?i)Foo: 123 (?:abc ###)", "FOO: 123 ABC ###" }, { "(?i)kel=k{2}x#{3}", "KEL=kKx###" },
		{ "abc(?=def)def+gh", "abcdefffgh" }, { "(?<=abc)def ghi", "abcdef ghi" },
		{ "ab\\Qc|d\\Eefg", "abc|defg" }, { "é{2}abcé", "ééabcé" }, { "xé?abcd", "xabcd" },
		{ "a(?:bcd)*efg(?:hij){2}klm", "aefghijhijklm" }, { "abc+?def", "abcccdef" },
		{ "a-{3}b-{2,}c", "a---b----c" }, { "(?|(abc)|(abd))xyz", "abdxyz" },
		{ "(?>abc|ab)cdef", "abccdef" }, { "(?:(?:abc))def", "abcdef" }, { "ab\\x{41}cde", "abAcde" },
		{ "\\bfoo\\d{1,3}bar\\b", "foo12bar" }, { "[abc]{3}xyz(?:[^d]ef)+$", "abcxyzxefyef" },
		{ "ab(?<n>cde)fg\\k<n>hi", "abcdefgcdehi" }, { "(?:a|b)?cdef{0}ghi", "cdeghi" },
		{ "abc{,2}def", "abc{,2}def" }, { "(?i:abc)defg", "ABCdefg" }, { "abc\\Kdef", "abcdef" },
		{ "abc(?:def|)ghi", "abcghi" }, { "ab(?:c(?:de)?f)+ghi", "abcfcdefghi" },
		{ "a\\.{2}bcd\\.+e", "a..bcd...e" }, { "abc[]x]def", "abc]def" }, { "abc(?!x)yz\\d", "abcyz1" },
	};
	static const char *const pieces[] = {
		" ", "a", "b", "c", "d", "e", "x", "k", "K", "\xe2\x84\xaa", "\xc3\xa9", "-", "#", "(", ")",
		"|", ",", "0", "12", ".", "]", "ABC", "abc", "def", "ghi", "hij", "cde", "fgh", "ij", "yz",
		": ", "Time", "(s)", "s", "root", "error", "Level ",
	};
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	GRand *r = g_rand_new_with_seed(13);
	int bad = 0, matched = 0, rejected = 0, lists = 0;
	guint p;

	for (p = 0; p < G_N_ELEMENTS(pats); p++) {
		char **all = util_pattern_all_literals(pats[p][0]);
		const char *local[G_N_ELEMENTS(pieces) + 8];
		int err, n, k, npieces = 0;
		PCRE2_SIZE off;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)pats[p][0], PCRE2_ZERO_TERMINATED, PCRE2_UTF,
					       &err, &off, NULL);

		CHECK(re && pcre2_match(re, (PCRE2_SPTR)pats[p][1], strlen(pats[p][1]), 0, 0, md, NULL) >= 0,
		      "pattern %u matches its example", p);
		lists += all != NULL;
		/* the pieces, and the pattern's own literals */
		for (k = 0; k < (int)G_N_ELEMENTS(pieces); k++)
			local[npieces++] = pieces[k];
		for (k = 0; all && all[k] && k < 8; k++)
			local[npieces++] = all[k];
		for (n = 0; re && n < 4000; n++) {
			char s[256];
			int m;

			all_subject(r, pats[p][1], local, npieces, s, sizeof(s));
			if (!g_utf8_validate(s, -1, NULL))
				continue;	/* rules only see valid UTF-8 */
			m = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0;
			matched += m;
			rejected += !has_all(all, s);
			if (m && !has_all(all, s) && bad++ < 5)
				printf("# %s matches \"%s\" but lacks one of its literals\n", pats[p][0], s);
		}
		pcre2_code_free(re);
		g_strfreev(all);
	}
	CHECK(bad == 0, "the all-literals test refused %d matching subjects", bad);
	CHECK(lists > 25 && matched > 10000 && rejected > 20000,
	      "the test is not empty: %d lists, %d matches, %d refused", lists, matched, rejected);
	g_rand_free(r);
	pcre2_match_data_free(md);
}

/* test_sanitize - runs of plain text pass; everything else is made visible */
static void
test_sanitize(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain text\twith a tab", "plain text\twith a tab" },
		{ "bell\a and \x1b[31mred", "bell\\x07 and \\x1B[31mred" },
		{ "del\x7f", "del\\x7F" },
		{ "bad \xff byte", "bad \xEF\xBF\xBD byte" },
		{ "c1 \xc2\x85 next", "c1 <U+0085> next" },
		{ "rtl \xe2\x80\xae override", "rtl <U+202E> override" },
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e ok", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e ok" },
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = util_sanitize(cases[i].in, strlen(cases[i].in));

		CHECK(strcmp(got, cases[i].out) == 0, "sanitize case %u: got \"%s\"", i, got);
		CHECK(util_needs_sanitize(cases[i].in, strlen(cases[i].in)) == (strcmp(cases[i].in, cases[i].out) != 0),
		      "needs_sanitize case %u", i);
		g_free(got);
	}
}

/* sanitize_reference - util_sanitize written the slow, obvious way, byte by byte */
static char *
sanitize_reference(const char *p, size_t len)
{
	const char *end = p + len;
	GString *out = g_string_new(NULL);

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		gunichar u;

		if (c < 0x80) {
			if ((c >= 0x20 && c < 0x7f) || c == '\t')
				g_string_append_c(out, c);
			else
				g_string_append_printf(out, "\\x%02X", c);
			p++;
			continue;
		}
		u = g_utf8_get_char_validated(p, end - p);
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			g_string_append(out, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		if ((u >= 0x80 && u < 0xA0) || (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069)
		    || u == 0x200E || u == 0x200F || u == 0x061C || (u >= 0x200B && u <= 0x200D)
		    || u == 0xFEFF || u == 0x2028 || u == 0x2029 || u == 0x00AD)
			g_string_append_printf(out, "<U+%04X>", (unsigned)u);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
		p = g_utf8_next_char(p);
	}
	return g_string_free(out, FALSE);
}

/* test_sanitize_words - the word-at-a-time scan agrees with the byte-by-byte one */
static void
test_sanitize_words(void)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "~", "\t", "\x1f", "\x7f", "\x7e", "\x20", "\x01", "\n", "\r",
		"\xc2\x85", "\xc3\xa9", "\xe6\x97\xa5", "\xe2\x80\xae", "\xf0\x9f\x98\x80",
		"\xff", "\xe6\x97", "\x80", "plain words ", "0123456789abcdef",
	};
	GRand *rnd = g_rand_new_with_seed(20240611);
	int round, bad = 0;

	for (round = 0; round < 3000; round++) {
		GString *in = g_string_new(NULL);
		int k, n = g_rand_int_range(rnd, 0, 40);
		char *got, *want;

		for (k = 0; k < n; k++)
			g_string_append(in, pieces[g_rand_int_range(rnd, 0, G_N_ELEMENTS(pieces))]);
		got = util_sanitize(in->str, in->len);
		want = sanitize_reference(in->str, in->len);
		bad += strcmp(got, want) != 0;
		bad += util_needs_sanitize(in->str, in->len) != (strcmp(want, in->str) != 0);
		g_free(got);
		g_free(want);
		g_string_free(in, TRUE);
	}
	CHECK(bad == 0, "word-at-a-time sanitize agrees with the reference (%d differ)", bad);
	g_rand_free(rnd);
}

/* test_safe_line - appending in place equals the copying form; look-alikes are marked */
static void
test_safe_line(void)
{
	GString *out = g_string_new("before|");
	char *copy = render_safe_line("  \xe2\x94\x83 forged note");

	render_append_safe_line(out, "  \xe2\x94\x83 forged note");
	CHECK(strcmp(out->str + 7, copy) == 0, "append and copy agree: \"%s\"", out->str);
	CHECK(g_str_has_prefix(copy, "[report] "), "a marker look-alike is marked: \"%s\"", copy);
	g_string_truncate(out, 0);
	render_append_safe_line(out, "ordinary line");
	CHECK(strcmp(out->str, "ordinary line") == 0, "an ordinary line is unchanged");
	g_free(copy);
	g_string_free(out, TRUE);
}

/*
 * test_hash_bytes - every prefix of a text (the word loop and each tail
 * length) and every one-byte change hashes differently; the seed matters.
 */
static void
test_hash_bytes(void)
{
	const char text[] = "kind\x1f" "12:section text8:context a line of the report";
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	char buf[sizeof(text)];
	size_t n, i, clashes = 0;

	for (n = 0; n < sizeof(text); n++)
		if (!g_hash_table_add(seen, GUINT_TO_POINTER(util_hash_bytes(text, n, 1))))
			clashes++;
	for (i = 0; i < sizeof(text) - 1; i++) {
		memcpy(buf, text, sizeof(text));
		buf[i] ^= 1;
		if (!g_hash_table_add(seen, GUINT_TO_POINTER(util_hash_bytes(buf, sizeof(text) - 1, 1))))
			clashes++;
	}
	CHECK(clashes == 0, "%zu clashes among %u hashes", clashes, g_hash_table_size(seen));
	CHECK(util_hash_bytes(text, 20, 1) == util_hash_bytes(text, 20, 1), "the same bytes, the same hash");
	CHECK(util_hash_bytes(text, 20, 1) != util_hash_bytes(text, 20, 2), "another seed, another hash");
	g_hash_table_destroy(seen);
}

/* test_report_prefilter - whole-text literal test against a line-by-line regex */
static void
test_report_prefilter(void)
{
	static const char *const pats[] = {
		"^Warning: \\S", "(rkhunter|Rootkit Hunter|Possible rootkit)", "^\\s*-{3,}\\s+.*\\S\\s+Begin\\s+-{3,}\\s*$",
		"^(Added|Removed|Modified|Changed):\\s+\"/", "Begin", "foo\\d",
	};
	static const char *const words[] = {
		"Warning: x", "rkhunter", "--- SSHD Begin ---", "Added: \"/etc\"", "Begin", "foo1", "plain",
		"Rootkit", "Hunter", "Possible rootkit found", "\n", "\n", " ", "---",
	};
	GRand *r = g_rand_new_with_seed(5);
	int n, bad = 0;

	for (n = 0; n < 400; n++) {
		GString *t = g_string_new(NULL);
		struct report *rep;
		int k, i;
		guint p;

		for (k = g_rand_int_range(r, 0, 20); k > 0; k--)
			g_string_append(t, words[g_rand_int_range(r, 0, G_N_ELEMENTS(words))]);
		rep = report_new(t->str, t->len, NULL);
		for (p = 0; p < G_N_ELEMENTS(pats); p++)
			for (i = 0; i < rep->nlines; i++)
				bad += !report_line_matches(rep, i, pats[p])
				       != !report_text_matches(rep->lines[i].text, pats[p]);
		report_free(&rep);
		g_string_free(t, TRUE);
	}
	CHECK(bad == 0, "report_line_matches differs from report_text_matches %d times", bad);
	g_rand_free(r);
}

/* lead_alloc - memory for pattern_cache_entry_prefilter, kept in the GPtrArray ctx */
static void *
lead_alloc(void *ctx, size_t size)
{
	void *p = g_malloc(size);

	g_ptr_array_add(ctx, p);
	return p;
}

/* cache_lead_is - does the cache give pattern the lead bytes util_pattern_lead gives? */
static int
cache_lead_is(const char *pattern)
{
	GPtrArray *blocks = g_ptr_array_new_with_free_func(g_free);
	guint64 cached[4], fresh[4];
	char **lits, **all;
	int has = util_pattern_lead(pattern, fresh);
	int got = pattern_cache_entry_prefilter(pattern_cache_find(pattern), lead_alloc, blocks, &lits,
						&all, cached);

	g_ptr_array_free(blocks, TRUE);
	return got == has && memcmp(cached, fresh, sizeof(fresh)) == 0;
}

/* test_pattern_cache - what is cached matches like a fresh compile; anything damaged is ignored */
static void
test_pattern_cache(void)
{
	static char *const patterns[] = {
		"^(?<user>\\S+) : (?<count>[\\d,]+) Times?$", "(rkhunter|Rootkit Hunter)", "(?i)^logwatch",
		"broken (", "\u65e5\u672c ok", "(rkhunter|Rootkit Hunter)",	/* a repeat: written once */
		"^Failed password for (\\S+) from (\\S+) port \\d+ ssh2$", "^[-=]{3,}(?:\\s+[-=]{3,})*$", NULL,
	};
	char *dir = g_dir_make_tmp("mg-util-XXXXXX", NULL);
	char *path = g_build_filename(dir, "patterns.cache", NULL), *err = NULL, *data;
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	const char *line = "root : 25 Times";
	gsize len;
	int i;

	CHECK(pattern_cache_write(path, patterns, NULL, &err) == 0, "the cache is written: %s", err ? err : "");
	pattern_cache_close();
	pattern_cache_open(path);
	for (i = 0; patterns[i]; i++) {
		pcre2_code *re = pattern_cache_code(patterns[i]);
		char **cached = NULL, **fresh = util_pattern_literals(patterns[i]), **all = NULL;

		if (i == 3) {
			CHECK(re == NULL, "a broken pattern has no code in the cache");
		} else {
			CHECK(re != NULL, "pattern %d decodes", i);
			CHECK(re && (pcre2_match(re, (PCRE2_SPTR)line, strlen(line), 0, 0, md, NULL) >= 0) == (i == 0),
			      "pattern %d matches as compiled", i);
		}
		CHECK(pattern_cache_literals(patterns[i], &cached) == 1 && tap_same_strv(cached, fresh),
		      "pattern %d: the cached literals are util_pattern_literals'", i);
		g_strfreev(cached);
		g_strfreev(fresh);
		fresh = util_pattern_all_literals(patterns[i]);
		CHECK(pattern_cache_prefilter(patterns[i], &cached, &all) == 1 && tap_same_strv(all, fresh),
		      "pattern %d: the cached all-literals are util_pattern_all_literals'", i);
		if (i == 6)
			CHECK(all && g_strv_length(all) == 4, "pattern 6 has its four runs in the cache");
		CHECK(cache_lead_is(patterns[i]), "pattern %d: the cached lead bytes are util_pattern_lead's", i);
		pcre2_code_free(re);
		g_strfreev(cached);
		g_strfreev(fresh);
		g_strfreev(all);
	}
	CHECK(pattern_cache_code("not cached") == NULL, "an unknown pattern is not in the cache");
	/* every truncation of the file is refused whole, without a crash */
	if (g_file_get_contents(path, &data, &len, NULL)) {
		int refused = 0, tried = 0;
		gsize cut;

		for (cut = 0; cut < len; cut += 1 + cut / 8, tried++) {
			char **l = NULL;

			g_file_set_contents(path, data, (gssize)cut, NULL);
			pattern_cache_close();
			pattern_cache_open(path);
			refused += pattern_cache_code(patterns[0]) == NULL
				   && pattern_cache_literals(patterns[0], &l) == 0;
		}
		CHECK(refused == tried, "%d of %d truncated caches refused", refused, tried);
		/* a byte changed anywhere: looked up without reading outside the file (ASan) */
		for (cut = 0, tried = 0; cut < len; cut += 1 + cut / 16, tried++) {
			data[cut] ^= 0x41;
			g_file_set_contents(path, data, (gssize)len, NULL);
			data[cut] ^= 0x41;
			pattern_cache_close();
			pattern_cache_open(path);
			for (i = 0; patterns[i]; i++) {
				char **l = NULL, **all = NULL;

				pcre2_code_free(pattern_cache_code(patterns[i]));
				if (pattern_cache_prefilter(patterns[i], &l, &all)) {
					g_strfreev(l);
					g_strfreev(all);
				}
			}
		}
		CHECK(tried > 50, "%d damaged caches read", tried);
		data[5] ^= 1;	/* another format version */
		g_file_set_contents(path, data, (gssize)len, NULL);
		pattern_cache_close();
		pattern_cache_open(path);
		CHECK(pattern_cache_code(patterns[0]) == NULL, "a cache of another version is ignored");
		g_free(data);
	}
	pattern_cache_close();
	g_unlink(path);
	g_rmdir(dir);
	pcre2_match_data_free(md);
	g_free(path);
	g_free(dir);
}

/*
 * match_way - util_pcre2_match on a run of n 'a' and a tail, the pattern
 * fresh (interpreted) or JIT-compiled first; 1 match, 0 no match, -1 gave up
 */
static int
match_way(const char *pattern, int n, const char *tail, int jit_first)
{
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	GString *s = g_string_new(NULL);
	PCRE2_SIZE off;
	pcre2_code *re;
	int err, rc;

	pcre2_set_match_limit(mctx, 200000);	/* the limits rules run under (ruleset.c) */
	pcre2_set_depth_limit(mctx, 5000);
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
	if (jit_first)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	while (n-- > 0)
		g_string_append_c(s, 'a');
	g_string_append(s, tail);
	rc = util_pcre2_match(re, s->str, s->len, 0, md, mctx);
	pcre2_code_free(re);
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	g_string_free(s, TRUE);
	return rc >= 0 ? 1 : rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/*
 * test_pcre2_either_way - the JIT's stack gives out at about 2000
 * repetitions of (a|b) where the interpreter completes, and the
 * interpreter's depth limit at 5000 where the JIT does not: the answer
 * must not depend on which way a pattern happens to run.
 */
static void
test_pcre2_either_way(void)
{
	static const struct {
		const char *pattern, *tail;
		int n, want;
	} cases[] = {
		{ "^(a|b)*c", "c", 500, 1 },
		{ "^(a|b)*c", "c", 2000, 1 },	/* JIT stack: the interpreter answers */
		{ "^(?:(a)|b)*$", "", 1000, 1 },
		{ "^(a+)+b", "c", 6000, 0 },	/* match limit: the JIT answers */
		{ "^(a|b)*c", "c", 100000, -1 },	/* both give up */
	};
	size_t i;

	if (!util_jit_enabled()) {
		printf("# PCRE2 JIT off here: the interpreter alone\n");
		return;
	}
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		int fresh = match_way(cases[i].pattern, cases[i].n, cases[i].tail, 0);
		int jitted = match_way(cases[i].pattern, cases[i].n, cases[i].tail, 1);

		CHECK(fresh == jitted && fresh == cases[i].want, "%s on %d x a: %d interpreted first,"
		      " %d JIT first, want %d", cases[i].pattern, cases[i].n, fresh, jitted, cases[i].want);
	}
}

int
main(void)
{
	test_pcre2_either_way();
	test_litset();
	test_pattern_lead();
	test_lead_sound();
	test_all_literals();
	test_all_literals_sound();
	test_sanitize();
	test_sanitize_words();
	test_safe_line();
	test_hash_bytes();
	test_report_prefilter();
	test_pattern_cache();
	return tap_done();
}

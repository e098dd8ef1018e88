/*
 * test_rules.c - the rule loader and matcher: conditions on captured
 * numbers, context, fallback order, site overrides with expiry, PCRE2
 * limits on pathological lines, and precise diagnostics.
 */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "knowledge/rules.h"
#include "knowledge/rules_private.h"

static char *tmpdir;

/* write_rules - a rule file in the temp dir */
static char *
write_rules(const char *name, const char *text)
{
	char *path = g_build_filename(tmpdir, name, NULL);

	g_file_set_contents(path, text, -1, NULL);
	return path;
}

static const char disk_rules[] =
	"kind = logwatch\n"
	"section = Disk Space|zz-disk*\n"
	"[logwatch.disk.usage]\n"
	"match = ^/dev/\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(?<use>\\d+)%\\s+(?<mount>/\\S*)$\n"
	"verdict = noise\n"
	"verdict = urgent if use >= 100\n"
	"verdict = action if use >= 90\n"
	"verdict = check if use >= 80\n"
	"what = A file system and how full it is.\n"
	"why = Space left is fine below 80%.\n"
	"todo = Nothing below 80%; above, find what grew:\n"
	"  du -xsh /* | sort -h\n"
	"unless = It is 80% full or more.\n"
	"example = /dev/hda2 36G 9.0G 25G 27% /\n"
	"[logwatch.disk.root-login]\n"
	"match = ^\\S+: \\d+ Times?$\n"
	"context = > root:$\n"
	"verdict = check\n"
	"what = w\nwhy = y\ntodo = t\n"
	"example = 192.0.2.1: 1 Time\n"
	"example_context = Users logging in through sshd: > root:\n"
	"[logwatch.disk.any]\n"
	"match = .\n"
	"fallback = yes\n"
	"verdict = info\n"
	"what = w\nwhy = y\ntodo = t\nunless = u\n"
	"example = anything\n";

/* test_conditions - numbers decide the verdict */
static void
test_conditions(void)
{
	struct ruleset *rs = ruleset_new();
	char *path = write_rules("disk.rules", disk_rules);
	struct rule_match m;

	CHECK(ruleset_load(rs, path, 0) == 0, "disk rules load");
	CHECK(ruleset_count(rs) == 3, "3 rules");
	CHECK(ruleset_match(rs, "logwatch", "Disk Space", "", "/dev/sda1 10G 2G 8G 27% /", &m)
	      && m.verdict == VERDICT_NOISE, "27%% is noise");
	CHECK(ruleset_match(rs, "logwatch", "disk space", "", "/dev/sda1 10G 2G 8G 85% /home", &m)
	      && m.verdict == VERDICT_CHECK, "85%% is check (section glob is case-insensitive)");
	CHECK(ruleset_match(rs, "logwatch", "Disk Space", "", "/dev/sda1 10G 2G 8G 97% /", &m)
	      && m.verdict == VERDICT_ACTION, "97%% is action");
	CHECK(ruleset_match(rs, "logwatch", "zz-disk_space", "", "/dev/sda1 10G 10G 0 100% /", &m)
	      && m.verdict == VERDICT_URGENT, "100%% is urgent");
	CHECK(!ruleset_match(rs, "logwatch", "SSHD", "", "/dev/sda1 10G 2G 8G 27% /", &m),
	      "no rule outside its section");
	CHECK(!ruleset_match(rs, "tripwire", "Disk Space", "", "/dev/sda1 10G 2G 8G 27% /", &m),
	      "no rule outside its kind");
	CHECK(ruleset_match(rs, "logwatch", "Disk Space", "Users: > root:", "192.0.2.1: 1 Time", &m)
	      && strcmp(m.rule->id, "logwatch.disk.root-login") == 0, "context selects the rule");
	CHECK(ruleset_match(rs, "logwatch", "Disk Space", "Users: > paul:", "192.0.2.1: 1 Time", &m)
	      && strcmp(m.rule->id, "logwatch.disk.any") == 0, "fallback when context fails");
	CHECK(strcmp(ruleset_find(rs, "logwatch.disk.usage")->todo,
		     "Nothing below 80%; above, find what grew: du -xsh /* | sort -h") == 0,
	      "continuation lines join with one space");
	CHECK(ruleset_check_examples(rs) == 0, "examples hold");
	ruleset_free(&rs);
	CHECK(rs == NULL, "free clears the pointer");
	g_free(path);
}

/* test_override - a site override changes the verdict until it lapses */
static void
test_override(void)
{
	static const char site[] =
		"[logwatch.disk.usage]\n"
		"verdict = info\n"
		"owner = ops team\n"
		"expires = 2026-12-31\n";
	char *path = write_rules("disk.rules", disk_rules);
	char *sdir = g_build_filename(tmpdir, "site", NULL);
	char *spath = g_build_filename(sdir, "local.rules", NULL);
	struct ruleset *rs;
	struct rule_match m;

	g_mkdir(sdir, 0700);
	g_file_set_contents(spath, site, -1, NULL);
	rs = ruleset_new();
	ruleset_set_today(rs, "2026-11-21");
	ruleset_load(rs, path, 0);
	CHECK(ruleset_load(rs, sdir, 1) == 0, "site rules load");
	CHECK(ruleset_match(rs, "logwatch", "Disk Space", "", "/dev/sda1 1G 1G 0 97% /", &m)
	      && m.verdict == VERDICT_INFO && m.rule->overridden && !m.rule->lapsed,
	      "override in force before expiry");
	ruleset_free(&rs);
	rs = ruleset_new();
	ruleset_set_today(rs, "2027-01-01");
	ruleset_load(rs, path, 0);
	ruleset_load(rs, sdir, 1);
	CHECK(ruleset_match(rs, "logwatch", "Disk Space", "", "/dev/sda1 1G 1G 0 97% /", &m)
	      && m.verdict == VERDICT_ACTION && m.rule->lapsed, "lapsed override restores the shipped verdict");
	ruleset_free(&rs);
	g_free(path);
	g_free(spath);
	g_free(sdir);
}

/* test_errors - broken files are reported and skipped, not fatal */
static void
test_errors(void)
{
	static const char broken[] =
		"kind = logwatch\n"
		"[logwatch.x.bad-pattern]\n"
		"match = (unclosed\n"
		"verdict = noise\nwhat = w\nwhy = y\ntodo = t\nunless = u\nexample = x\n"
		"[logwatch.x.good]\n"
		"match = ^ok$\n"
		"verdict = noise\nwhat = w\nwhy = y\ntodo = t\nunless = u\nexample = ok\n"
		"[Bad Id]\n"
		"match = x\n"
		"bogus = 1\n";
	struct ruleset *rs = ruleset_new();
	char *path = write_rules("broken.rules", broken);
	int problems = ruleset_load(rs, path, 0);

	CHECK(problems >= 2, "bad id and unknown key reported at load (%d)", problems);
	CHECK(ruleset_prepare_all(rs) == 1, "the bad pattern is reported when compiled");
	CHECK(ruleset_find(rs, "logwatch.x.good"), "the good rule survives");
	CHECK(!ruleset_find(rs, "Bad Id"), "the rule with a bad id is dropped");
	{
		struct rule_match m;

		CHECK(!ruleset_match(rs, "logwatch", "", "", "(unclosed", &m), "a broken rule never matches");
		CHECK(ruleset_match(rs, "logwatch", "", "", "ok", &m) && strcmp(m.rule->id, "logwatch.x.good") == 0,
		      "the good rule still matches");
		CHECK(ruleset_check_examples(rs) >= 1, "rules check counts the broken pattern");
	}
	ruleset_free(&rs);
	g_free(path);
}

/* test_limits - pathological lines finish quickly and count as no match */
static void
test_limits(void)
{
	static const char evil[] =
		"kind = t\n"
		"[t.x.backtrack]\n"
		"match = ^(a+)+$\n"
		"verdict = noise\nwhat = w\nwhy = y\ntodo = t\nunless = u\nexample = aaa\n"
		"[t.x.nested]\n"
		"match = ^(\\((?:[^()]|(?1))*\\))$\n"
		"verdict = noise\nwhat = w\nwhy = y\ntodo = t\nunless = u\nexample = (a)\n";
	struct ruleset *rs = ruleset_new();
	char *path = write_rules("evil.rules", evil);
	GString *line = g_string_new(NULL);
	struct rule_match m;
	gint64 t0;
	int i;

	ruleset_load(rs, path, 0);
	for (i = 0; i < 100000; i++)
		g_string_append_c(line, 'a');
	g_string_append_c(line, 'b');
	t0 = g_get_monotonic_time();
	CHECK(!ruleset_match(rs, "t", "", "", line->str, &m), "catastrophic backtracking gives no match");
	g_string_truncate(line, 0);
	for (i = 0; i < 200000; i++)
		g_string_append_c(line, '(');
	CHECK(!ruleset_match(rs, "t", "", "", line->str, &m), "200000 open parentheses give no match");
	/* A bound, not a benchmark: minutes would mean the limits do not work. */
	CHECK(g_get_monotonic_time() - t0 < 20 * G_USEC_PER_SEC, "limits bound the time");
	g_string_free(line, TRUE);
	ruleset_free(&rs);
	g_free(path);
}

/* literals_joined - util_pattern_literals as "a|b", or "-" for none */
static char *
literals_joined(const char *pattern)
{
	return tap_strv_joined(util_pattern_literals(pattern));
}

/*
 * The literal prefilter may only reject a line that cannot match: every
 * text PCRE2 matches must contain one of the pattern's literals.  Tricky
 * syntax must make the literal shorter or absent, never wrong.
 */
static void
test_literals(void)
{
	static const struct {
		const char *pattern, *literals, *matching;
	} cases[] = {
		{ "^Warning: \\S", "Warning: ", "Warning: x" },
		{ "^(Added|Removed) object name: ", " object name: ", "Added object name: /bin/ls" },
		{ "^[-+ ]?(Checking `[^']+'\\.\\.\\.|Searching for .+\\.\\.\\.)", "Checking `|Searching for ",
		  "Searching for sniffer's logs... nothing found" },
		{ "abc|de", "-", "de" },
		{ "(abc)?de", "-", "de" },
		{ "(?:abc|def)+ghi", "ghi", "defghi" },
		{ "(ab)?(cde|fgh)", "cde|fgh", "fgh" },
		{ "^(\\S+) (?:foo|bar)", "foo|bar", "x bar" },
		{ "\\d{1,3}\\.\\d{1,3}", "-", "10.20" },
		{ "x{2,3}yzw", "xxyzw", "xxyzw" },	/* two x are certain */
		{ "\\x41bcd", "-", "Abcd" },
		{ "\\x{41}bcd", "bcd", "Abcd" },
		{ "\\cAxyz", "xyz", "\001xyz" },
		{ "(?<n>ab)c\\k<n>dd", "-", "abcabdd" },
		{ "[]abc]xyz", "xyz", "]xyz" },
		{ "[[:alpha:]]foo", "foo", "Xfoo" },
		{ "x(?=yz)yzw", "yzw", "xyzw" },
		{ "(?!abc)defg", "defg", "defg" },
		{ "(?i)abc", "-", "ABC" },
		{ "(?i)^\\s*#{3,}\\s*logwatch\\s+[0-9]", "###", "### LogWatch 7" },
		{ "(?i)Foo: 123", ": 123", "FOO: 123" },
		{ "(?x) a b c", "-", "abc" },
		{ "ab-{3}cd", "ab---cd", "ab---cd" },
		{ "ab#{2,}cd", "ab##", "ab####cd" },
		{ "x+yz", "xyz", "xxxyz" },
		{ "ab{0}cde", "acde", "acde" },
		{ "abx{0,3}cde", "cde", "abxcde" },	/* x may be absent: "abcde" is not certain */
		{ "abc(*ACCEPT)defg", "-", "abc" },	/* a match may end early */
		{ "ab{2}?c", "-", "abbc" },
		{ "foo(?#note)bar", "foo/bar", "foobar" },
		{ "abc{x", "-", "abc{x" },
		{ "ab\\Qc|d\\E", "-", "abc|d" },
		/* UTF-8 characters are literals, unless quantified or caseless */
		{ "^(アップグレードされたパッケージ:|Packages that)", "アップグレードされたパッケージ:|Packages that",
		  "アップグレードされたパッケージ: foo" },
		{ "éx?abcd", "abcd", "éabcd" },
		{ "xé?abcd", "abcd", "xabcd" },
		{ "xé{2}yzw", "yzw", "xééyzw" },
		{ "(?i)ログ: xyz", "-", "ログ: XYZ" },
		/* a scoped (?i:...) leaves the rest case-exact */
		{ "^(Found|(?i:environment) report)", "Found| report", "ENVIRONMENT report" },
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = literals_joined(cases[i].pattern), **l;
		pcre2_code *re;
		PCRE2_SIZE off;
		pcre2_match_data *md = pcre2_match_data_create(8, NULL);
		int err, rc;

		if (strcmp(cases[i].literals, "foo/bar") == 0)	/* either is right */
			CHECK(strcmp(got, "foo") == 0 || strcmp(got, "bar") == 0,
			      "literals of %s: %s", cases[i].pattern, got);
		else
			CHECK(strcmp(got, cases[i].literals) == 0, "literals of %s: %s, want %s",
			      cases[i].pattern, got, cases[i].literals);
		re = pcre2_compile((PCRE2_SPTR)cases[i].pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err,
				   &off, NULL);
		CHECK(re != NULL, "pattern %s compiles", cases[i].pattern);
		rc = re ? pcre2_match(re, (PCRE2_SPTR)cases[i].matching, strlen(cases[i].matching), 0, 0, md,
				      NULL) : -1;
		CHECK(rc >= 0, "%s matches %s", cases[i].pattern, cases[i].matching);
		l = util_pattern_literals(cases[i].pattern);
		CHECK(util_has_literal(l, cases[i].matching), "prefilter of %s keeps %s", cases[i].pattern,
		      cases[i].matching);
		g_strfreev(l);
		pcre2_code_free(re);
		pcre2_match_data_free(md);
		g_free(got);
	}
}

/* util_utf8_valid agrees with GLib on random bytes (ASCII, high bytes, NUL) */
static void
test_utf8_valid(void)
{
	GRand *r = g_rand_new_with_seed(7);
	int n, bad = 0;

	for (n = 0; n < 100000; n++) {
		char b[24];
		int len = g_rand_int_range(r, 0, 24), k;

		for (k = 0; k < len; k++) {
			int x = g_rand_int_range(r, 0, 12);

			b[k] = x < 7 ? (char)('a' + x) : x < 11 ? (char)g_rand_int_range(r, 0x80, 0x100) : 0;
		}
		bad += !util_utf8_valid(b, (size_t)len) != !g_utf8_validate_len(b, (gsize)len, NULL);
	}
	CHECK(bad == 0, "util_utf8_valid differs from g_utf8_validate_len %d times", bad);
	/* Longer, mostly ASCII: the 32-byte blocks, with odd bytes at every offset. */
	for (n = 0; n < 20000; n++) {
		char b[200];
		int len = g_rand_int_range(r, 0, 200), k;

		for (k = 0; k < len; k++) {
			int x = g_rand_int_range(r, 0, 400);

			b[k] = x < 396 ? (char)(' ' + x % 95) : x < 399 ? (char)g_rand_int_range(r, 0x80, 0x100) : 0;
		}
		if (n % 4 == 0 && len >= 3)	/* a valid three-byte character somewhere */
			memcpy(b + g_rand_int_range(r, 0, len - 2), "\xe6\x97\xa5", 3);
		bad += !util_utf8_valid(b, (size_t)len) != !g_utf8_validate_len(b, (gsize)len, NULL);
	}
	CHECK(bad == 0, "long texts: util_utf8_valid differs from g_utf8_validate_len %d times", bad);
	CHECK(util_utf8_valid("\xe6\x97\xa5\xe6\x9c\xac plain ascii", 18), "Japanese + ASCII");
	CHECK(!util_utf8_valid("\xed\xa0\x80 surrogate", 13), "a surrogate is invalid");
	g_rand_free(r);
}

/* test_example_contexts - each example is tested with the context written after it */
static void
test_example_contexts(void)
{
	struct ruleset *rs = ruleset_new();
	char *path = write_rules("ctx.rules",
		"kind = logwatch\n[logwatch.t.x]\nmatch = ^x$\ncontext = ^(A|B|C)$\n"
		"verdict = check\nwhat = w\nwhy = y\ntodo = t\n"
		"example = x\nexample = x\nexample_context = A\nexample = x\nexample_context = B\n"
		"example = x\n");
	const struct rule *rule;

	CHECK(ruleset_load(rs, path, 0) == 0, "context rules load");
	rule = ruleset_rule(rs, 0);
	CHECK(strcmp(rule_example_context(rule, 0), "A") == 0 && strcmp(rule_example_context(rule, 1), "A") == 0,
	      "examples above the first context get it");
	CHECK(strcmp(rule_example_context(rule, 2), "B") == 0, "the next context for the next example");
	CHECK(strcmp(rule_example_context(rule, 3), "B") == 0, "examples after the last context get the last");
	CHECK(ruleset_check_examples(rs) == 0, "all examples pass");
	ruleset_free(&rs);
	g_free(path);
}

/* test_duplicates - a second rule with a taken id is reported and dropped; the first stays */
static void
test_duplicates(void)
{
	struct ruleset *rs = ruleset_new();
	char *path = write_rules("dup.rules",
		"kind = logwatch\n"
		"[logwatch.t.a]\nmatch = ^a$\nverdict = check\nwhat = first\nwhy = y\ntodo = t\nexample = a\n"
		"[logwatch.t.b]\nmatch = ^b$\nverdict = check\nwhat = w\nwhy = y\ntodo = t\nexample = b\n"
		"[logwatch.t.a]\nmatch = ^c$\nverdict = urgent\nwhat = second\nwhy = y\ntodo = t\nexample = c\n");
	const struct rule *rule;
	struct rule_match m;

	CHECK(ruleset_load(rs, path, 0) == 1, "the duplicate id is one problem");
	CHECK(ruleset_count(rs) == 2, "the duplicate is dropped");
	rule = ruleset_find(rs, "logwatch.t.a");
	CHECK(rule && strcmp(rule->what, "first") == 0 && rule->seq == 0, "the id still finds the first rule");
	CHECK(ruleset_find(rs, "logwatch.t.b") == ruleset_rule(rs, 1), "the other rule is found too");
	CHECK(!ruleset_match(rs, "logwatch", "", "", "c", &m), "the duplicate never matches");
	ruleset_free(&rs);
	g_free(path);
}

/* random_text - n bytes from a small alphabet with some above 0x7f, NUL-terminated */
static char *
random_text(GRand *rand, int n)
{
	static const char alphabet[] = "ab:. \t\x80\xc3\xa9\xff";
	char *s = g_malloc(n + 1);
	int i;

	for (i = 0; i < n; i++)
		s[i] = alphabet[g_rand_int_range(rand, 0, sizeof(alphabet) - 1)];
	s[n] = 0;
	return s;
}

/* test_pairs_prefilter - the byte-pair bitmap answers exactly as strstr */
static void
test_pairs_prefilter(void)
{
	GRand *rand = g_rand_new_with_seed(7);
	int i, wrong = 0;

	for (i = 0; i < 20000; i++) {
		char *text = random_text(rand, g_rand_int_range(rand, 0, 40));
		char *lits[4] = { random_text(rand, g_rand_int_range(rand, 0, 5)),
				  random_text(rand, g_rand_int_range(rand, 1, 5)), NULL, NULL };
		struct text_pairs tp;

		if (i % 3 == 0) {
			g_free(lits[1]);
			lits[1] = NULL;	/* one literal */
		}
		text_pairs_init(&tp, text);
		wrong += text_pairs_has_literal(&tp, lits) != util_has_literal(lits, text);
		wrong += text_pairs_has_literal(&tp, lits + 1) != util_has_literal(lits + 1, text);
		wrong += text_pairs_has_literal(&tp, NULL) != 1;
		wrong += tp.lead != util_lead_byte(text);
		g_free(lits[0]);
		g_free(lits[1]);
		/* all of two or three literals of three bytes or more */
		lits[0] = random_text(rand, g_rand_int_range(rand, 3, 5));
		lits[1] = random_text(rand, g_rand_int_range(rand, 3, 5));
		lits[2] = i % 2 ? random_text(rand, 3) : NULL;
		wrong += text_pairs_has_all(&tp, lits)
			 != (strstr(text, lits[0]) && strstr(text, lits[1]) && (!lits[2] || strstr(text, lits[2])));
		wrong += text_pairs_has_all(&tp, NULL) != 1;
		g_free(lits[0]);
		g_free(lits[1]);
		g_free(lits[2]);
		g_free(text);
	}
	CHECK(wrong == 0, "byte-pair prefilter agrees with strstr (%d differences)", wrong);
	g_rand_free(rand);
}

/* prefilter_rules - rules whose patterns have lead bytes, several runs, or neither */
static const char prefilter_rules[] =
	"kind = t\n"
	"[t.x.failed]\n"
	"match = ^Failed password for (\\S+) from (\\S+) port \\d+ ssh2$\n"
	"verdict = check\nwhat = w\nwhy = y\ntodo = t\n"
	"example = Failed password for root from 10.0.0.1 port 22 ssh2\n"
	"[t.x.level]\n"
	"match = ^Level (?<level>error)\\s*:\\s+(?<count>\\d+) Time\\(s\\)$\n"
	"verdict = check\nwhat = w\nwhy = y\ntodo = t\n"
	"example = Level error : 5 Time(s)\n"
	"[t.x.rule]\n"
	"match = ^[-=]{3,}(?:\\s+[-=]{3,})*$\n"
	"verdict = noise\nwhat = w\nwhy = y\ntodo = t\nunless = u\n"
	"example = === ---\n"
	"[t.x.count]\n"
	"match = ^(?<count>\\d+)\\s{4,}(?<status>[45]\\.\\d+\\.\\d+): (?<reason>.*)$\n"
	"verdict = check\nwhat = w\nwhy = y\ntodo = t\n"
	"example = 12    5.1.1: user unknown\n"
	"[t.x.root]\n"
	"match = ^root(?:\\(uid=0\\))?(?: by \\S*)?: (?<count>[\\d,]+) Times?(?:\\(s\\))?$\n"
	"verdict = check\nwhat = w\nwhy = y\ntodo = t\n"
	"example = root(uid=0): 3 Times\n"
	"[t.x.time]\n"
	"match = (?<n>\\d+) Time\\(s\\)\n"
	"verdict = info\nwhat = w\nwhy = y\ntodo = t\nunless = u\n"
	"example = x: 4 Time(s)\n";

/*
 * test_prefilters_agree - a rule's prefilters (lead byte, its literal,
 * all its runs) never change which rule explains a line: ruleset_match
 * against the first rule whose pattern PCRE2 matches, on the examples
 * with pieces inserted, bytes deleted or repeated
 */
static void
test_prefilters_agree(void)
{
	static const char *const pieces[] = {
		" ", "  ", "\t", "-", "=", "===", "---", "0", "12", "5.1.1", ": ", "(s)", " Time", "root",
		"error", "Level ", "(uid=0)", " by x", "Failed password for ", " from ", " port ", " ssh2",
		"\xc3\xa9", "x",
	};
	char *path = write_rules("prefilter.rules", prefilter_rules);
	struct ruleset *rs = ruleset_new();
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	GRand *rand = g_rand_new_with_seed(5);
	pcre2_code *re[16];
	guint nrules, i, k;
	int n, wrong = 0, matched = 0;

	CHECK(ruleset_load(rs, path, 0) == 0, "the prefilter rules load");
	nrules = MIN(ruleset_count(rs), G_N_ELEMENTS(re));
	for (i = 0; i < nrules; i++) {
		int err;
		PCRE2_SIZE off;

		re[i] = pcre2_compile((PCRE2_SPTR)ruleset_rule(rs, i)->pattern, PCRE2_ZERO_TERMINATED,
				      PCRE2_UTF, &err, &off, NULL);
	}
	for (n = 0; n < 30000; n++) {
		const struct rule *ex = ruleset_rule(rs, (guint)g_rand_int_range(rand, 0, (gint32)nrules));
		char line[256];
		const char *want = NULL;
		struct rule_match m;
		int ops;

		g_strlcpy(line, ex->examples[0], sizeof(line));
		for (ops = g_rand_int_range(rand, 0, 4); ops > 0; ops--) {
			size_t len = strlen(line), at = (size_t)g_rand_int_range(rand, 0, (gint32)len + 1);
			char rest[256];

			g_strlcpy(rest, line + at, sizeof(rest));
			if (g_rand_boolean(rand)) {
				line[at] = 0;
				g_strlcat(line, pieces[g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces))], sizeof(line));
				g_strlcat(line, rest, sizeof(line));
			} else if (at < len) {
				memmove(line + at, line + at + 1, len - at);
			}
		}
		if (!g_utf8_validate(line, -1, NULL))
			continue;	/* ruleset_match would match a repaired copy */
		for (k = 0; k < nrules && !want; k++)
			if (re[k] && pcre2_match(re[k], (PCRE2_SPTR)line, strlen(line), 0, 0, md, NULL) >= 0)
				want = ruleset_rule(rs, k)->id;
		matched += want != NULL;
		if (ruleset_match(rs, "t", "", "", line, &m) ? !want || strcmp(m.rule->id, want) != 0 : want != NULL) {
			if (wrong++ < 5)
				printf("# \"%s\": %s, want %s\n", line, ruleset_match(rs, "t", "", "", line, &m)
				       ? m.rule->id : "none", want ? want : "none");
		}
	}
	CHECK(wrong == 0, "the prefilters changed %d answers", wrong);
	CHECK(matched > 10000 && matched < 29000, "the test is not empty: %d lines matched", matched);
	for (i = 0; i < nrules; i++)
		pcre2_code_free(re[i]);
	pcre2_match_data_free(md);
	g_rand_free(rand);
	ruleset_free(&rs);
	g_free(path);
}

/* A line asked of ruleset_match, and the rule that must explain it (NULL: none). */
struct cache_case {
	const char *kind, *section, *context, *text, *id;
};

/*
 * test_match_cache - the remembered answers: lines asked again (in an
 * order where the prefix of kind, section and heading path kept from
 * the line before changes in one part at a time, or only moves a byte
 * from one part to the next) get the answer they got the first time
 */
static void
test_match_cache(void)
{
	static const struct cache_case cases[] = {
		{ "logwatch", "Disk Space", "Users: > root:", "192.0.2.1: 1 Time", "logwatch.disk.root-login" },
		{ "logwatch", "Disk Space", "Users: > paul:", "192.0.2.1: 1 Time", "logwatch.disk.any" },
		{ "logwatch", "Disk Space", "Users: > root:", "192.0.2.1: 1 Time", "logwatch.disk.root-login" },
		{ "logwatch", "Disk Space", NULL, "192.0.2.1: 1 Time", "logwatch.disk.any" },
		{ "logwatch", "Disk Space", "", "192.0.2.1: 1 Time", "logwatch.disk.any" },
		{ "logwatch", "Disk Spac", "eUsers: > root:", "192.0.2.1: 1 Time", NULL },
		{ "logwatch", "Disk Space", "Users: > root:", "192.0.2.1: 1 Times", "logwatch.disk.root-login" },
		{ "logwatc", "hDisk Space", "Users: > root:", "192.0.2.1: 1 Time", NULL },
		{ "logwatch", "zz-disk", "Users: > root:", "192.0.2.1: 1 Time", "logwatch.disk.root-login" },
		{ "logwatch", "zz-disk", "Users: > root:", "192.0.2.1: 12 Times", "logwatch.disk.root-login" },
		{ "logwatch", "zz-disk", "Users: > root:", "192.0.2.1: 1 Time ", "logwatch.disk.any" },
		{ "logwatch", "zz-disk", "Users: > root:", "/dev/sda1 10G 2G 8G 97% /", "logwatch.disk.usage" },
		{ "logwatch", "zz-disk", "Users: > root:", "/dev/sda1 10G 2G 8G 97% ", "logwatch.disk.any" },
		{ "logwatch", "zz-disk", "Users: > root", "192.0.2.1: 1 Time", "logwatch.disk.any" },
		{ "logwatch", "SSHD", "Users: > root:", "192.0.2.1: 1 Time", NULL },
	};
	struct ruleset *rs = ruleset_new();
	char *path = write_rules("disk.rules", disk_rules);
	GString *lng = g_string_new("/dev/");
	struct rule_match m;
	int round, wrong = 0, i;
	size_t k;

	ruleset_load(rs, path, 0);
	for (round = 0; round < 3; round++)
		for (k = 0; k < G_N_ELEMENTS(cases); k++) {
			const struct cache_case *c = &cases[k];
			int found = ruleset_match(rs, c->kind, c->section, c->context, c->text, &m);

			if (found != (c->id != NULL) || (found && strcmp(m.rule->id, c->id) != 0)) {
				printf("# round %d, case %zu: %s\n", round, k, found ? m.rule->id : "none");
				wrong++;
			}
		}
	CHECK(wrong == 0, "remembered answers are the answers (%d wrong)", wrong);
	/* A joined entry of 900 bytes is remembered too, and told from one a byte apart. */
	for (i = 0; i < 900; i++)
		g_string_append_c(lng, 'a' + i % 26);
	g_string_append(lng, " 10G 2G 8G 97% /");
	for (round = 0; round < 2; round++) {
		CHECK(ruleset_match(rs, "logwatch", "Disk Space", "", lng->str, &m)
		      && m.verdict == VERDICT_ACTION, "a long line, asked %s", round ? "again" : "once");
		lng->str[lng->len - 1] = 'x';
		CHECK(ruleset_match(rs, "logwatch", "Disk Space", "", lng->str, &m)
		      && m.verdict == VERDICT_INFO, "a long line that differs at its end");
		lng->str[lng->len - 1] = '/';
	}
	/* More lines than the cache holds, each asked twice: the index is emptied with it. */
	for (round = 0, wrong = 0; round < 2; round++)
		for (i = 0; i < 17000; i++) {
			g_string_printf(lng, "/dev/sd%d 10G 2G 8G %d%% /", i, i % 100);
			wrong += !ruleset_match(rs, "logwatch", "Disk Space", "", lng->str, &m)
				 || m.verdict != (i % 100 >= 90 ? VERDICT_ACTION
						  : i % 100 >= 80 ? VERDICT_CHECK : VERDICT_NOISE);
		}
	CHECK(wrong == 0 && g_hash_table_size(rs->matches) <= 16384,
	      "answers past the cache's size (%d wrong, %u kept)", wrong,
	      g_hash_table_size(rs->matches));
	/* Lines of 4000 bytes fill the cache's bytes long before its entries. */
	for (i = 0, wrong = 0; i < 2200; i++) {
		g_string_printf(lng, "%d ", i);
		while (lng->len < 4000)
			g_string_append_c(lng, 'a' + lng->len % 26);
		wrong += !ruleset_match(rs, "logwatch", "Disk Space", "", lng->str, &m)
			 || m.verdict != VERDICT_INFO;
	}
	CHECK(wrong == 0 && rs->match_bytes <= (8 << 20) && g_hash_table_size(rs->matches) < 2200,
	      "the cache is emptied when its keys fill 8 MiB (%d wrong, %zu bytes, %u keys)", wrong,
	      rs->match_bytes, g_hash_table_size(rs->matches));
	g_string_free(lng, TRUE);
	ruleset_free(&rs);
	g_free(path);
}

/*
 * test_tree - a rules directory is walked whole: subdirectories, links
 * to directories and to files, and nothing but *.rules
 */
static void
test_tree(void)
{
	char *root = g_build_filename(tmpdir, "tree", NULL);
	char *elsewhere = g_build_filename(tmpdir, "elsewhere", NULL);
	char *p;
	struct ruleset *rs = ruleset_new();
	const char *names[] = { "tree/sub/a.rules", "elsewhere/b.rules", "elsewhere/c.txt-target" };
	size_t i;

	g_mkdir_with_parents(root, 0700);
	p = g_build_filename(root, "sub", NULL);
	g_mkdir_with_parents(p, 0700);
	g_free(p);
	g_mkdir_with_parents(elsewhere, 0700);
	for (i = 0; i < G_N_ELEMENTS(names); i++) {
		char *text = g_strdup_printf("kind = logwatch\n[logwatch.tree.r%zu]\nmatch = ^r%zu$\n"
					     "verdict = check\nwhat = w\nwhy = y\ntodo = t\nexample = r%zu\n",
					     i, i, i);

		g_free(write_rules(names[i], text));
		g_free(text);
	}
	p = g_build_filename(root, "linked-dir", NULL);	/* a link to a directory: followed */
	CHECK(symlink(elsewhere, p) == 0, "a link to a directory");
	g_free(p);
	p = g_build_filename(root, "linked.rules", NULL);	/* a link to a file named otherwise */
	CHECK(symlink("../elsewhere/c.txt-target", p) == 0, "a link to a file");
	g_free(p);
	g_free(write_rules("tree/notes.txt", "not rules\n"));
	g_free(write_rules("tree/.hidden.rules", "not read\n"));
	CHECK(ruleset_load(rs, root, 0) == 0 && ruleset_count(rs) == 3,
	      "a tree with links: 3 rules, no problem (%d rules)", ruleset_count(rs));
	ruleset_free(&rs);
	g_free(root);
	g_free(elsewhere);
}

int
main(void)
{
	tmpdir = g_dir_make_tmp("mg-rules-XXXXXX", NULL);
	test_tree();
	test_conditions();
	test_override();
	test_errors();
	test_limits();
	test_literals();
	test_pairs_prefilter();
	test_prefilters_agree();
	test_utf8_valid();
	test_example_contexts();
	test_duplicates();
	test_match_cache();
	tap_remove_tmpdir(tmpdir);
	return tap_done();
}

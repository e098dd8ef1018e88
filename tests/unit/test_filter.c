/*
 * test_filter.c - the rewritten message of "mailgloss filter" without
 * any I/O: header fields copied byte-exact, the Subject tag and its
 * RFC 2047 encoding, a deterministic MIME boundary, the original attached
 * byte for byte, pass-through of mail that is not a report or was
 * annotated before, idempotence, and the configuration file.
 *
 * Needs MAILGLOSS_EXPLANATIONS (the shipped rules) and SRCDIR (the
 * samples), as make check sets them.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "tap.h"
#include "config.h"
#include "engine.h"
#include "i18n.h"
#include "msg.h"
#include "util.h"
#include "cmd/filter.h"
#include "render/render.h"

static struct config *cfg;
static struct ruleset *rules;
static GByteArray *logwatch;	/* samples/seed/seed1-logwatch-5.1.eml */

/* test_sample - read a sample under SRCDIR */
static GByteArray *
test_sample(const char *rel)
{
	const char *src = getenv("SRCDIR");
	char *path = g_build_filename(src ? src : ".", rel, NULL), *err = NULL;
	GByteArray *data = NULL;

	if (util_read_file(path, &data, &err) < 0)
		g_error("%s", err);
	g_free(path);
	return data;
}

/* test_rewrite - filter_rewrite with the shipped rules */
static enum filter_outcome
test_rewrite(const char *msg, size_t len, const char *loop, GString *out)
{
	struct filter_settings fs = { .rs = rules, .cfg = cfg, .loop = loop };
	enum filter_outcome rc;
	char *why = NULL;

	g_string_truncate(out, 0);
	rc = filter_rewrite(msg, len, &fs, out, &why);
	g_free(why);
	return rc;
}

/* test_body - the seed LogWatch body with other header fields in front */
static GString *
test_with_headers(const char *headers)
{
	const char *raw = (const char *)logwatch->data;
	const char *body = strstr(raw, "\n\n");
	GString *m = g_string_new(headers);

	g_string_append_len(m, body + 1, logwatch->len - (body + 1 - raw));
	return m;
}

/* test_headers - copied byte-exact, old MIME fields and forged verdicts dropped */
static void
test_headers(void)
{
	static const char in[] =
		"Return-Path: <root@ns.example.co.jp>\n"
		"Received: from x\n\tby y;  Tue, 14 Dec 2004\n"
		"Received: (weird  spacing )\n"
		"From: root@ns.example.co.jp (Cron Daemon)\n"
		"Subject: LogWatch for ns.example.co.jp\n"
		"X-Raw: \xa4\xa2 euc \n"
		"Empty:\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain;\n charset=us-ascii\n"
		"Content-Transfer-Encoding: 7bit\n"
		"X-Mailgloss-Verdict: noise\n"
		"Date : Tue, 14 Dec 2004 04:02:39 +0900\n";
	static const char kept[] =
		"Return-Path: <root@ns.example.co.jp>\n"
		"Received: from x\n\tby y;  Tue, 14 Dec 2004\n"
		"Received: (weird  spacing )\n"
		"From: root@ns.example.co.jp (Cron Daemon)\n";
	static const char after[] =
		"X-Raw: \xa4\xa2 euc \n"
		"Empty:\n"
		"Date : Tue, 14 Dec 2004 04:02:39 +0900\n"
		"X-Mailgloss-Verdict: ";
	GString *m = test_with_headers(in), *out = g_string_new(NULL);
	const char *p;

	CHECK(test_rewrite(m->str, m->len, NULL, out) == FILTER_ANNOTATED, "seed annotated");
	CHECK(strncmp(out->str, kept, strlen(kept)) == 0, "leading fields byte-exact");
	p = strstr(out->str, "\nX-Raw:");
	CHECK(p && strncmp(p + 1, after, strlen(after)) == 0, "later fields byte-exact, ours after");
	p = strstr(out->str, "\n\n");
	CHECK(p && !g_strstr_len(out->str, p - out->str, "charset=us-ascii"), "old Content-Type dropped");
	CHECK(p && !g_strstr_len(out->str, p - out->str, "7bit"), "old CTE dropped");
	CHECK(p && !g_strstr_len(out->str, p - out->str, "verdict: noise"), "forged verdict dropped");
	CHECK(strstr(out->str, "\nX-Mailgloss-Verdict: noise\n"), "forged verdict kept in the original");
	CHECK(strstr(out->str, "\nX-Mailgloss-Counts: noise="), "counts added");
	CHECK(strstr(out->str, "\nX-Mailgloss-Version: " VERSION "\n"), "version added");
	CHECK(strstr(out->str, "\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\""),
	      "new MIME fields");
	g_string_free(m, TRUE);
	g_string_free(out, TRUE);
}

/* test_decode - a header value as a mail reader decodes it */
static char *
test_decode(const char *value)
{
	return g_mime_utils_header_decode_text(NULL, value);
}

/* test_unfold - remove the line breaks of a folded value, in place */
static void
test_unfold(char *value)
{
	char *r, *w;

	for (r = w = value; *r; r++)
		if (*r != '\n')
			*w++ = *r;
	*w = '\0';
}

/* test_subject_one - render_mail_subject, then decode what follows "Subject: " */
static void
test_subject_one(const char *tag, const char *rest, const char *want_raw, const char *want)
{
	GString *out = g_string_new(NULL);
	char *value, *dec;

	render_mail_subject(out, tag, rest, strlen(rest));
	if (want_raw)
		CHECK(strcmp(out->str, want_raw) == 0, "raw subject \"%s\"", out->str);
	value = g_strndup(out->str + 9, out->len - 10);
	test_unfold(value);
	dec = test_decode(value);
	CHECK(strcmp(dec, want) == 0, "subject decodes to \"%s\", want \"%s\"", dec, want);
	CHECK(out->str[out->len - 1] == '\n', "subject ends its line");
	g_free(dec);
	g_free(value);
	g_string_free(out, TRUE);
}

/* test_subject - the tag, plain or encoded, before any kind of subject */
static void
test_subject(void)
{
	GString *out = g_string_new(NULL);
	const char *line, *eol;

	test_subject_one("[ACTION]", "LogWatch for x\n", "Subject: [ACTION] LogWatch for x\n",
			 "[ACTION] LogWatch for x");
	test_subject_one("[要対応]", "LogWatch for x\n", "Subject: =?UTF-8?B?W+imgeWvvuW/nF0=?= LogWatch for x\n",
			 "[要対応] LogWatch for x");
	test_subject_one("[要対応]", "=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\n", NULL, "[要対応] テスト");
	test_subject_one("[ACTION]", "=?UTF-8?B?44OG44K544OI?=\n", NULL, "[ACTION] テスト");
	test_subject_one("[要対応]", "", NULL, "[要対応]");
	test_subject_one("[ACTION]", "\n", "Subject: [ACTION]\n", "[ACTION]");
	test_subject_one("[=?x?]", "a\n", NULL, "[=?x?] a");
	test_subject_one("[要対応] 要対応 要対応 要対応 要対応 要対応 要対応 要対応 要対応]", "z\n", NULL,
			 "[要対応] 要対応 要対応 要対応 要対応 要対応 要対応 要対応 要対応] z");
	render_mail_subject(out, "[要対応] 要対応 要対応 要対応 要対応 要対応 要対応 要対応 要対応]", "z\n", 2);
	for (line = strstr(out->str, "=?"); line; line = strstr(eol, "=?")) {
		eol = strstr(line, "?=") + 2;
		CHECK(eol - line <= 75, "encoded word of %d characters", (int)(eol - line));
	}
	test_subject_one("[ACTION]", "folded\n subject\n", "Subject: [ACTION] folded\n subject\n",
			 "[ACTION] folded subject");
	g_string_free(out, TRUE);
}

/* test_boundary - a hash of the input, never found in the parts */
static void
test_boundary(void)
{
	char *a = render_mail_boundary("abc", 3, "", 0), *b = render_mail_boundary("abc", 3, "", 0);
	char *c = render_mail_boundary("abd", 3, "", 0), *clash, *d;

	CHECK(strcmp(a, b) == 0, "same input, same boundary");
	CHECK(strcmp(a, c) != 0, "other input, other boundary");
	clash = g_strconcat("text\n--", a, "\n", NULL);
	d = render_mail_boundary("abc", 3, clash, strlen(clash));
	CHECK(strcmp(a, d) != 0, "a boundary found in the text is avoided");
	g_free(a);
	g_free(b);
	g_free(c);
	g_free(d);
	g_free(clash);
}

/* test_attached - the original is the second part, byte for byte */
static void
test_attached(void)
{
	GString *out = g_string_new(NULL);
	const char *p, *b, *part, *end;
	char *boundary, *close;

	CHECK(test_rewrite((char *)logwatch->data, logwatch->len, NULL, out) == FILTER_ANNOTATED,
	      "annotated");
	b = strstr(out->str, "boundary=\"");
	boundary = b ? g_strndup(b + 10, strchr(b + 10, '"') - (b + 10)) : g_strdup("?");
	p = strstr(out->str, "Content-Type: message/rfc822\n");
	part = p ? strstr(p, "\n\n") + 2 : NULL;
	close = g_strconcat("\n--", boundary, "--\n", NULL);
	end = part ? strstr(part, close) : NULL;
	CHECK(end && (size_t)(end - part) == logwatch->len
	      && memcmp(part, logwatch->data, logwatch->len) == 0, "original attached byte-exact");
	CHECK(end && end + strlen(close) == out->str + out->len, "closing delimiter last");
	CHECK(strstr(out->str, "Content-Type: text/plain; charset=UTF-8\n"), "UTF-8 text part");
	CHECK(strstr(out->str, RENDER_MARK), "annotation present");
	g_free(close);
	g_free(boundary);
	g_string_free(out, TRUE);
}

/* test_encoding_one - the transfer encodings chosen for the seed with extra body text */
static void
test_encoding_one(const char *extra, size_t extra_len, const char *text_cte, const char *orig_cte)
{
	const char *raw = (const char *)logwatch->data, *body = strstr(raw, "\n\n") + 2;
	GString *m = g_string_new_len(raw, body - raw), *out = g_string_new(NULL);
	GString *after = g_string_new("kept|");
	struct filter_settings fs = { .rs = rules, .cfg = cfg };
	struct render_mail_opts o = { 0 };
	struct analysis *a = NULL;
	const char *text, *orig, *cte;
	char *why = NULL, *tag;

	g_string_append_len(m, extra, extra_len);
	g_string_append_len(m, body, logwatch->len - (body - raw));
	CHECK(filter_rewrite_analysis(m->str, m->len, &fs, out, &why, &a) == FILTER_ANNOTATED,
	      "annotated (%s)", text_cte);
	/* render_mail appends: what out held stays in front, the rest is the same. */
	tag = a ? filter_subject_tag(cfg, a->x.ann->verdict) : NULL;
	o.subject_tag = tag;
	CHECK(a && render_mail(after, &a->x, m->str, m->len, &o, &why) == 0
	      && after->len == out->len + 5 && memcmp(after->str + 5, out->str, out->len) == 0,
	      "appended after what out held (%s)", text_cte);
	text = strstr(out->str, "Content-Type: text/plain; charset=UTF-8\n");
	orig = strstr(out->str, "Content-Type: message/rfc822\n");
	cte = text ? strstr(text, "Content-Transfer-Encoding: ") : NULL;
	CHECK(cte && strncmp(cte + 27, text_cte, strlen(text_cte)) == 0, "text part %s", text_cte);
	cte = orig ? strstr(orig, "Content-Transfer-Encoding: ") : NULL;
	if (!orig_cte)
		CHECK(orig && (!cte || cte > strstr(orig, "\n\n")), "original part without CTE");
	else
		CHECK(cte && strncmp(cte + 27, orig_cte, strlen(orig_cte)) == 0, "original part %s",
		      orig_cte);
	engine_free(&a);
	g_free(tag);
	g_free(why);
	g_string_free(m, TRUE);
	g_string_free(out, TRUE);
	g_string_free(after, TRUE);
}

/* test_encodings - 7bit, 8bit, base64 and binary where each belongs */
static void
test_encodings(void)
{
	char line[1001];

	/* The annotation always has our marker, U+2503: 8bit at least. */
	test_encoding_one("", 0, "8bit", NULL);
	test_encoding_one("caf\xc3\xa9\n", 6, "8bit", "8bit");
	test_encoding_one("nul\0byte\n", 9, "8bit", "binary");
	memset(line, 'x', 998);
	line[998] = '\n';
	test_encoding_one(line, 999, "8bit", NULL);
	memset(line, 'x', 999);
	line[999] = '\n';
	test_encoding_one(line, 1000, "base64", "binary");
	test_encoding_one("cr\rinside\n", 10, "8bit", NULL);
}

/* test_pass - what must pass through unchanged */
static void
test_pass(void)
{
	static const char plain[] = "From: a@b\nSubject: hello\n\nhi there\n";
	static const char junk[] = "From: a@b\nnot a header line\nSubject: LogWatch for x\n\n";
	GString *out = g_string_new(NULL), *m;

	CHECK(test_rewrite(plain, strlen(plain), NULL, out) == FILTER_PASS, "not a report");
	CHECK(test_rewrite("", 0, NULL, out) == FILTER_PASS, "empty input");
	CHECK(test_rewrite("\0\1\2garbage", 10, NULL, out) == FILTER_PASS, "garbage");
	m = test_with_headers("X-Mailgloss-Version: 0.0.1\nSubject: LogWatch for x\n");
	CHECK(test_rewrite(m->str, m->len, NULL, out) == FILTER_PASS, "already annotated");
	g_string_free(m, TRUE);
	m = test_with_headers("X-Mailgloss-Loop: reports@example.org\nSubject: LogWatch for x\n");
	CHECK(test_rewrite(m->str, m->len, NULL, out) == FILTER_PASS, "loop header");
	g_string_free(m, TRUE);
	m = test_with_headers(junk);
	CHECK(test_rewrite(m->str, m->len, NULL, out) == FILTER_PASS, "unclean header block");
	g_string_free(m, TRUE);
	g_string_free(out, TRUE);
}

/* test_idempotent - filter(filter(x)) == filter(x), and a loop header */
static void
test_idempotent(void)
{
	GString *once = g_string_new(NULL), *twice = g_string_new(NULL);
	GString *again = g_string_new(NULL);

	test_rewrite((char *)logwatch->data, logwatch->len, NULL, once);
	test_rewrite((char *)logwatch->data, logwatch->len, NULL, again);
	CHECK(g_string_equal(once, again), "deterministic");
	CHECK(test_rewrite(once->str, once->len, NULL, twice) == FILTER_PASS, "second pass passes");
	test_rewrite((char *)logwatch->data, logwatch->len, "reports@example.org", once);
	CHECK(strstr(once->str, "\nX-Mailgloss-Loop: reports@example.org\n"), "loop header added");
	g_string_free(once, TRUE);
	g_string_free(twice, TRUE);
	g_string_free(again, TRUE);
}

/* test_failures - broken rules give the original; the error field is added safely */
static void
test_failures(void)
{
	struct filter_settings fs = { .rs = rules, .rule_problems = 1, .cfg = cfg };
	static const char crlf[] = "Subject: x\r\nFrom: y\r\n\r\nbody\r\n";
	GString *out = g_string_new(NULL);
	char *why = NULL;

	CHECK(filter_rewrite((char *)logwatch->data, logwatch->len, &fs, out, &why) == FILTER_FAILED
	      && why, "rule problems fail the annotation");
	g_free(why);
	g_string_truncate(out, 0);
	CHECK(render_mail_error(out, crlf, strlen(crlf), "bad\nthing") == 0, "error field added");
	CHECK(strncmp(out->str, "X-Mailgloss-Error: bad?thing\r\nSubject: x\r\n", 41) == 0,
	      "error field: one line, CRLF like the message");
	g_string_truncate(out, 0);
	CHECK(render_mail_error(out, "garbage\n", 8, "x") < 0 && out->len == 0,
	      "no error field without a header block");
	g_string_free(out, TRUE);
}

/* test_envelope - From_ lines, not From: fields */
static void
test_envelope(void)
{
	CHECK(filter_envelope_len("From a@b  Tue Dec 14 04:02:39 2004\nX: y\n", 41) == 35, "From_ line");
	CHECK(filter_envelope_len("From: a@b\n", 10) == 0, "From: field");
	CHECK(filter_envelope_len("From : a@b\n", 11) == 0, "obsolete From : field");
	CHECK(filter_envelope_len("Subject: x\n", 11) == 0, "no From_ line");
}

/* test_tags - which verdicts are tagged, and how */
static void
test_tags(void)
{
	struct config *c = NULL;
	char *t;

	config_load("/dev/null", &c);
	t = filter_subject_tag(c, VERDICT_ACTION);
	CHECK(t && strcmp(t, "[ACTION]") == 0, "default action tag in English: %s", t);
	g_free(t);
	CHECK(!(t = filter_subject_tag(c, VERDICT_INFO)), "info untagged by default");
	c->subject_tag_format = g_strdup("{%v/%V/%l/%%}");
	t = filter_subject_tag(c, VERDICT_URGENT);
	CHECK(t && strcmp(t, "{urgent/URGENT/Urgent/%}") == 0, "format: %s", t);
	g_free(t);
	c->subject_tags[VERDICT_INFO] = g_strdup("[fyi]");
	c->subject_tags[VERDICT_CHECK] = g_strdup("");
	t = filter_subject_tag(c, VERDICT_INFO);
	CHECK(t && strcmp(t, "[fyi]") == 0, "per-verdict tag");
	g_free(t);
	CHECK(!(t = filter_subject_tag(c, VERDICT_CHECK)), "empty tag switches off");
	c->subject_tag = 0;
	CHECK(!(t = filter_subject_tag(c, VERDICT_URGENT)), "subject_tag = no");
	config_free(&c);
}

/* test_config - keys, quoting, sizes, and bad lines that are skipped */
static void
test_config(void)
{
	static const char text[] =
		"# comment\n  language = ja,en  \nsubject_tag = no\nsubject_tag_action = \" [!] \"\n"
		"deliver = maildir:/tmp/x\nrules_dir=/etc/mailgloss/rules\nmax_message_size = 2M\n"
		"bogus = 1\nno equals sign\nlanguage = fr\ntime_limit = 0\nsubject_tag_foo = x\n";
	char path[] = "/tmp/test_filter.XXXXXX";
	struct config *c = NULL;
	size_t n;
	int fd = mkstemp(path), problems;

	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text), "temp config");
	close(fd);
	problems = config_load(path, &c);
	CHECK(problems == 5, "5 bad lines reported, got %d", problems);
	CHECK(c->language && strcmp(c->language, "ja,en") == 0, "language kept after a bad one");
	CHECK(c->subject_tag == 0, "subject_tag = no");
	CHECK(c->subject_tags[VERDICT_ACTION] && strcmp(c->subject_tags[VERDICT_ACTION], " [!] ") == 0,
	      "quoted value keeps its spaces");
	CHECK(c->deliver && strcmp(c->deliver, "maildir:/tmp/x") == 0, "deliver");
	CHECK(c->rules_dir && strcmp(c->rules_dir, "/etc/mailgloss/rules") == 0, "rules_dir");
	CHECK(c->max_message_size == 2 * 1024 * 1024, "max_message_size 2M");
	CHECK(c->time_limit == CONFIG_TIME_LIMIT, "bad time_limit leaves the default");
	config_free(&c);
	unlink(path);
	CHECK(config_load("/nonexistent/mailgloss.conf", &c) == 1 && c->unreadable,
	      "a named missing file is unreadable");
	config_free(&c);
	CHECK(config_parse_size("0", &n) == 0 && n == 0, "size 0");
	CHECK(config_parse_size("512k", &n) == 0 && n == 512 * 1024, "size 512k");
	CHECK(config_parse_size("1G", &n) == 0 && n == 1024UL * 1024 * 1024, "size 1G");
	CHECK(config_parse_size("-1", &n) < 0 && config_parse_size("3X", &n) < 0, "bad sizes");
}

int
main(void)
{
	int problems;

	msg_init("test_filter");
	i18n_init("en");
	mail_init();
	config_load("/dev/null", &cfg);
	rules = engine_rules(NULL, &problems);
	logwatch = test_sample("samples/seed/seed1-logwatch-5.1.eml");
	test_headers();
	test_subject();
	test_boundary();
	test_attached();
	test_encodings();
	test_pass();
	test_idempotent();
	test_failures();
	test_envelope();
	test_tags();
	test_config();
	g_byte_array_free(logwatch, TRUE);
	ruleset_free(&rules);
	config_free(&cfg);
	mail_shutdown();
	return tap_done();
}

/*
 * test_mail.c - the mail layer: charsets, bare text, MIME structure,
 * HTML to text, mbox splitting, and every real sample mail.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mail/mail.h"
#include "tap.h"
#include "util.h"

#ifndef DATADIR
#define DATADIR "tests/data/mail"
#endif

/* slurp - read a file whole (NULL if missing) */
static GByteArray *
slurp(const char *path)
{
	GByteArray *data;
	char *err = NULL;

	if (util_read_file(path, &data, &err) < 0) {
		printf("# %s\n", err);
		g_free(err);
		return NULL;
	}
	return data;
}

/* parse_buf - mail_parse that must succeed */
static struct mail *
parse_buf(const char *buf, size_t len)
{
	struct mail *mail = NULL;
	char *err = NULL;

	if (mail_parse(buf, len, &mail, &err) < 0) {
		printf("# mail_parse: %s\n", err);
		g_free(err);
		return NULL;
	}
	return mail;
}

/* parse_file - parse a fixture */
static struct mail *
parse_file(const char *name)
{
	char *path = g_build_filename(DATADIR, name, NULL);
	GByteArray *data = slurp(path);
	struct mail *mail = NULL;

	if (data) {
		mail = parse_buf((const char *)data->data, data->len);
		g_byte_array_free(data, TRUE);
	}
	CHECK(mail != NULL, "%s parses", path);
	g_free(path);
	return mail;
}

/* has - text contains needle */
static int
has(const char *text, const char *needle)
{
	return text && strstr(text, needle) != NULL;
}

/* has_note - some note contains needle */
static int
has_note(const struct mail *mail, const char *needle)
{
	guint i;

	for (i = 0; i < mail->notes->len; i++)
		if (has(g_ptr_array_index(mail->notes, i), needle))
			return 1;
	return 0;
}

/* text_ok - invariants every parsed text must meet */
static int
text_ok(const struct mail *mail)
{
	return mail->text && strlen(mail->text) == mail->text_len
	    && g_utf8_validate(mail->text, mail->text_len, NULL)
	    && mail->notes->pdata[mail->notes->len] == NULL;
}

/* test_charsets - every declared and undeclared charset we meet */
static void
test_charsets(void)
{
	struct mail *m;
	const char *jp = "ディスク使用量の警告: /var は 91% です";
	char *raw;

	m = parse_file("utf8.eml");
	CHECK(m && text_ok(m) && has(m->text, "ユーザー root がログインしました\n"),
	    "utf-8 body");
	CHECK(m && m->subject && strcmp(m->subject, "レポート") == 0,
	    "utf-8 subject: %s", m ? m->subject : "");
	CHECK(m && m->notes->len == 0, "utf-8: no notes");
	mail_free(&m);
	CHECK(m == NULL, "mail_free clears the pointer");

	m = parse_file("usascii.eml");
	CHECK(m && strcmp(m->text, "plain ascii line\nsecond line\n") == 0,
	    "us-ascii body");
	CHECK(m && m->host && strcmp(m->host, "asciihost") == 0, "logwatch host");
	mail_free(&m);

	m = parse_file("iso2022jp.eml");
	CHECK(m && text_ok(m) && has(m->text, jp), "iso-2022-jp body");
	CHECK(m && has(m->text, "①") && has(m->text, "テスト"),
	    "iso-2022-jp with the CP932 circled digit: %s", m ? m->text : "");
	CHECK(m && m->subject && strcmp(m->subject, "日次レポート") == 0,
	    "iso-2022-jp subject");
	CHECK(m && m->host && strcmp(m->host, "jphost.example.jp") == 0,
	    "host from From: %s", m ? m->host : "");
	CHECK(m && has_note(m, "EUC-JP-MS"), "vendor extension noted");
	raw = m ? mail_header_raw(m, "subject") : NULL;
	CHECK(raw && g_str_has_prefix(raw, "=?ISO-2022-JP?B?"),
	    "raw subject undecoded: %s", raw);
	g_free(raw);
	mail_free(&m);

	m = parse_file("eucjp.eml");
	CHECK(m && text_ok(m) && has(m->text, jp), "euc-jp body");
	mail_free(&m);

	m = parse_file("sjis-base64.eml");
	CHECK(m && text_ok(m) && has(m->text, jp) && has(m->text, "①②"),
	    "shift_jis base64 body with CP932 characters");
	mail_free(&m);

	m = parse_file("latin1-qp.eml");
	CHECK(m && has(m->text,
	    "Café crème: Grüße aus München = ok\n"), "iso-8859-1 QP body");
	CHECK(m && m->subject && strcmp(m->subject, "Café report") == 0,
	    "iso-8859-1 subject");
	mail_free(&m);

	m = parse_file("undeclared-eucjp.eml");
	CHECK(m && text_ok(m) && has(m->text, "バックアップが完了しました"),
	    "undeclared 8-bit EUC-JP");
	CHECK(m && has_note(m, "undeclared 8-bit text decoded as EUC-JP"),
	    "EUC-JP guess noted");
	CHECK(m && m->host && strcmp(m->host, "ns") == 0, "cron host");
	mail_free(&m);

	m = parse_buf("Subject: u\nContent-Type: text/plain; charset=x-foo\n\n"
	    "\xe9t\xe9\n", 56);
	CHECK(m && strcmp(m->text, "été\n") == 0
	    && has_note(m, "charset x-foo unknown; decoded as ISO-8859-1"),
	    "unknown charset noted");
	mail_free(&m);

	m = parse_file("undeclared-utf8.eml");
	CHECK(m && has(m->text, "チェック完了: 問題なし") && m->notes->len == 0,
	    "undeclared UTF-8 without a note");
	mail_free(&m);
}

/* test_to_utf8 - the decoder on its own */
static void
test_to_utf8(void)
{
	char *s;
	int lossy = -1;

	s = mail_to_utf8("x-no-such-charset", "\xff\xfe", 2, &lossy);
	CHECK(strcmp(s, "ÿþ") == 0 && lossy == 0, "unknown charset: latin-1");
	g_free(s);
	s = mail_to_utf8("utf-8", "ok \xe3\x81\x82 \xff end", 12, &lossy);
	CHECK(strcmp(s, "ok あ \xEF\xBF\xBD end") == 0 && lossy == 1,
	    "invalid UTF-8 byte becomes U+FFFD: %s", s);
	g_free(s);
	s = mail_to_utf8(NULL, "a\0b", 3, &lossy);
	CHECK(strcmp(s, "a\xEF\xBF\xBD" "b") == 0 && lossy == 1,
	    "NUL becomes U+FFFD");
	g_free(s);
	s = mail_to_utf8("us-ascii", "\xe2\x9c\x93 ok", 6, &lossy);
	CHECK(strcmp(s, "✓ ok") == 0 && lossy == 0, "us-ascii holding UTF-8");
	g_free(s);
	s = mail_to_utf8("euc-jp", "\xa4\xa2\xff", 3, &lossy);
	CHECK(strcmp(s, "あ\xEF\xBF\xBD") == 0 && lossy == 1,
	    "bad EUC-JP byte kept visible: %s", s);
	g_free(s);
	s = mail_to_utf8(NULL, "\x1b$B$\"\x1b(B", 8, &lossy);
	CHECK(strcmp(s, "あ") == 0, "undeclared ISO-2022-JP: %s", s);
	g_free(s);
}

/* test_bare - report output without a header block */
static void
test_bare(void)
{
	static const char *const files[] = {
		"bare-webalizer.txt", "bare-logwatch.txt", "bare-tripwire.txt",
	};
	static const char *const bare[] = {
		"Subject: x\nnot a header\n\nbody\n",
		"Error: Skipping oversized log record\n",
		"Note: Report is not encrypted.\nX\n",
		"Hostname: a\nDate-Like: b\n\ntext\n",
		" Subject: indented\n\n",
		"From the logs we see a problem\n",
	};
	struct mail *m;
	char *path;
	GByteArray *data;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(files); i++) {
		path = g_build_filename(DATADIR, files[i], NULL);
		data = slurp(path);
		m = data ? parse_buf((const char *)data->data, data->len) : NULL;
		CHECK(m && m->has_headers == 0 && m->text_len == data->len
		    && memcmp(m->text, data->data, data->len) == 0
		    && m->subject == NULL && m->notes->len == 0,
		    "%s is bare text, unchanged", files[i]);
		CHECK(m && mail_header_raw(m, "Subject") == NULL,
		    "%s: no raw headers", files[i]);
		mail_free(&m);
		if (data)
			g_byte_array_free(data, TRUE);
		g_free(path);
	}
	for (i = 0; i < G_N_ELEMENTS(bare); i++) {
		m = parse_buf(bare[i], strlen(bare[i]));
		CHECK(m && m->has_headers == 0 && strcmp(m->text, bare[i]) == 0,
		    "bare text %zu", i);
		mail_free(&m);
	}
	m = parse_buf("X-Cron-Env: <SHELL=/bin/sh>\n\nhello\n", 35);
	CHECK(m && m->has_headers == 1 && strcmp(m->text, "hello\n") == 0,
	    "X- header makes a mail");
	mail_free(&m);
	m = parse_buf("Subject: only headers\n", 22);
	CHECK(m && m->has_headers == 1 && m->text_len == 0
	    && strcmp(m->subject, "only headers") == 0, "headers to EOF");
	mail_free(&m);
}

/* test_envelope - a leading From_ line, and unfolded raw headers */
static void
test_envelope(void)
{
	const char *in = "From root@orchid  Tue Oct 20 07:03:13 2026\n"
	    "Subject: Logwatch\n for\tfolded (Linux)\nFrom: root@orchid\n"
	    "Date: Tue, 20 Oct 2026 07:03:13 +0000\n"
	    "Message-ID: <1@orchid>\n\nbody\n";
	struct mail *m = parse_buf(in, strlen(in));
	char *raw;

	CHECK(m && m->envelope_len == 43 && m->has_headers,
	    "envelope length %zu", m ? m->envelope_len : 0);
	CHECK(m && strcmp(m->text, "body\n") == 0, "body after From_");
	CHECK(m && strcmp(m->subject, "Logwatch for\tfolded (Linux)") == 0,
	    "unfolded subject: %s", m ? m->subject : "");
	CHECK(m && strcmp(m->message_id, "<1@orchid>") == 0
	    && strcmp(m->date, "Tue, 20 Oct 2026 07:03:13 +0000") == 0,
	    "date and message-id");
	CHECK(m && m->host && strcmp(m->host, "orchid") == 0,
	    "host from From: %s", m ? m->host : "");
	raw = m ? mail_header_raw(m, "SUBJECT") : NULL;
	CHECK(raw && strcmp(raw, "Logwatch for\tfolded (Linux)") == 0,
	    "raw header unfolded: %s", raw);
	g_free(raw);
	CHECK(m && mail_header_raw(m, "X-Missing") == NULL, "absent header");
	mail_free(&m);

	in = "Subject: \xa4\xa2\xa4\xa4\nFrom: =?utf-8?q?caf=C3=A9?= "
	    "<root@x.example>\n\nbody";
	m = parse_buf(in, strlen(in));
	CHECK(m && strcmp(m->subject, "あい") == 0, "raw 8-bit EUC-JP subject");
	CHECK(m && strcmp(m->from, "café <root@x.example>") == 0
	    && strcmp(m->host, "x.example") == 0, "encoded From: %s",
	    m ? m->from : "");
	CHECK(m && strcmp(m->text, "body\n") == 0, "final newline added");
	mail_free(&m);
}

/* test_structure - CRLF, bounces, HTML, alternatives, truncation */
static void
test_structure(void)
{
	struct mail *m;

	m = parse_file("crlf-tripwire.eml");
	CHECK(m && text_ok(m) && strchr(m->text, '\r') == NULL
	    && has(m->text, "\nReport generated by:          root\n"),
	    "CRLF becomes LF");
	CHECK(m && strcmp(m->host, "twhost") == 0, "tripwire host");
	mail_free(&m);

	m = parse_file("bounce.eml");
	CHECK(m && has(m->text, "I'm sorry to have to inform you")
	    && has(m->text, "--- SSHD Begin ---")
	    && has(m->text, "Failed logins from: 203.0.113.5: 12 Times"),
	    "bounce: notice and the returned report");
	CHECK(m && !has(m->text, "Reporting-MTA") && !has(m->text,
	    "Subject: Logwatch"), "bounce: no delivery status, no headers");
	CHECK(m && has(m->text, "recipients.\n\n --------"),
	    "parts joined by one blank line");
	mail_free(&m);

	m = parse_file("html-only.eml");
	CHECK(m && m->text_from_html && text_ok(m), "html-only mail");
	CHECK(m && has(m->text, "\nSSHD\nFailed logins 41 & more\n"),
	    "heading and table row: %s", m ? m->text : "");
	CHECK(m && has(m->text, "\n  4    5\n"), "&nbsp; columns kept");
	CHECK(m && has(m->text, "a <b> AB caf&eacute;x © done\nnext\n"),
	    "entities and <br>");
	CHECK(m && !has(m->text, "alert") && !has(m->text, "color")
	    && !has(m->text, "hidden"), "script, style, comment dropped");
	mail_free(&m);

	m = parse_file("alternative.eml");
	CHECK(m && strcmp(m->text, "plain version\n") == 0
	    && !m->text_from_html, "alternative: plain preferred");
	mail_free(&m);

	m = parse_file("nested-alternative.eml");
	CHECK(m && strcmp(m->text, "plain\n\ninner body\n") == 0,
	    "alternative with multipart/related HTML: %s", m ? m->text : "");
	mail_free(&m);

	m = parse_file("truncated.eml");
	CHECK(m && has(m->text, "first part text")
	    && has(m->text, "second part is cut off in the mid")
	    && has_note(m, "truncated"), "truncated multipart");
	mail_free(&m);
}

/* test_hostile - garbage, empty, huge lines */
static void
test_hostile(void)
{
	size_t n = 1 << 20, i;
	char *buf = g_malloc(n + 200);
	guint32 seed = 12345;
	struct mail *m;
	char *t;

	for (i = 0; i < 65536; i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = (char)(seed >> 16);
		if (i % 97 == 0)
			buf[i] = 0;
	}
	m = parse_buf(buf, 65536);
	CHECK(m && text_ok(m) && m->text_len > 0 && !m->has_headers,
	    "binary garbage gives text");
	mail_free(&m);

	m = parse_buf("", 0);
	CHECK(m && m->text && m->text_len == 0 && has_note(m, "empty"),
	    "empty input");
	mail_free(&m);

	memset(buf, 'A', n);
	m = parse_buf(buf, n);
	CHECK(m && m->text_len == n && !m->has_headers, "1 MB bare line");
	mail_free(&m);

	memcpy(buf, "Subject: big\n\n", 14);
	m = parse_buf(buf, n);
	CHECK(m && m->has_headers && m->text_len == n - 14 + 1,
	    "1 MB body line gets its final newline");
	mail_free(&m);

	memcpy(buf, "Subject: AAAAA", 14);
	m = parse_buf(buf, n);
	CHECK(m && m->has_headers && strlen(m->subject) == n - 9,
	    "1 MB header line");
	mail_free(&m);

	for (i = 0; i < n; i++)
		buf[i] = "<a"[i % 2];
	t = mail_html_to_text(buf, n);
	CHECK(strlen(t) == n + 1 && strncmp(t, "<a<a", 4) == 0,
	    "unclosed tags stay visible");
	g_free(t);
	for (i = 0; i < n; i++)
		buf[i] = "<b>&#9999999;&amp<!-"[i % 20];
	t = mail_html_to_text(buf, n);
	CHECK(g_utf8_validate(t, -1, NULL), "entity junk");
	g_free(t);
	memcpy(buf, "<p>x<!-- never closed", 22);
	t = mail_html_to_text(buf, 22);
	CHECK(strcmp(t, "x\n") == 0, "unclosed comment: %s", t);
	g_free(t);
	memcpy(buf, "<pre>  a\n\n b</pre>c", 19);
	t = mail_html_to_text(buf, 19);
	CHECK(strcmp(t, "  a\n\n b\nc\n") == 0, "pre: %s", t);
	g_free(t);
	g_free(buf);
}

/* mbox_escape - write a message the mboxrd way */
static void
mbox_escape(GString *out, const char *from_line, const char *msg)
{
	const char *p = msg, *nl, *q;

	g_string_append_printf(out, "%s\n", from_line);
	while (*p) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		for (q = p; *q == '>'; q++)
			;
		if (strncmp(q, "From ", 5) == 0)
			g_string_append_c(out, '>');
		g_string_append_len(out, p, nl - p);
		p = nl;
	}
	g_string_append_c(out, '\n');
}

/* test_mbox - split, unquote, and write back byte for byte */
static void
test_mbox(void)
{
	static const char *const msgs[] = {
		"From: a@x\nSubject: one\n\nFrom here on it is prose.\n",
		"From: b@x\nSubject: two\n\n>From quoted once\n"
		    ">>From twice\n\nFrom the desk (no date here)\nend\n",
		"From: c@x\nSubject: three\n\nlast\n\n",
	};
	static const char *const froms[] = {
		"From a@x Mon Oct 19 06:25:13 2026",
		"From MAILER-DAEMON  Tue Oct 20 06:25:13 2026",
		"From c@x Wed Oct 21 06:25:13 2026",
	};
	GString *box = g_string_new(NULL), *back = g_string_new(NULL);
	struct mbox_reader *rd;
	GByteArray *msg;
	char *from;
	size_t offsets[3], i = 0;
	int ok = 1;

	for (i = 0; i < 3; i++) {
		offsets[i] = box->len;
		mbox_escape(box, froms[i], msgs[i]);
	}
	CHECK(mbox_looks_like(box->str, box->len), "mbox recognised");
	CHECK(!mbox_looks_like("From: x\n", 8), "header is not an mbox");
	CHECK(!mbox_looks_like("From here\n", 10), "prose is not an mbox");
	rd = mbox_reader_new(box->str, box->len);
	for (i = 0; mbox_next(rd, &msg, &from); i++) {
		if (i < 3) {
			CHECK(msg->len == strlen(msgs[i])
			    && memcmp(msg->data, msgs[i], msg->len) == 0,
			    "message %zu unquoted: [%.*s]", i, (int)msg->len,
			    (char *)msg->data);
			CHECK(from && strcmp(from, froms[i]) == 0,
			    "from line %zu", i);
			CHECK(mbox_offset(rd) == offsets[i], "offset %zu", i);
			g_byte_array_append(msg, (const guint8 *)"", 1);
			mbox_escape(back, from, (char *)msg->data);
		} else {
			ok = 0;
		}
		g_free(from);
		g_byte_array_free(msg, TRUE);
	}
	CHECK(i == 3 && ok, "three messages, got %zu", i);
	CHECK(strcmp(back->str, box->str) == 0, "mboxrd round trip");
	mbox_reader_free(&rd);
	CHECK(rd == NULL, "reader freed");
	rd = mbox_reader_new("", 0);
	CHECK(mbox_next(rd, &msg, NULL) == 0, "empty mbox");
	mbox_reader_free(&rd);
	g_string_free(box, TRUE);
	g_string_free(back, TRUE);
}

/* test_mbox_span - messages with nothing to unquote are not copied; the rest are */
static void
test_mbox_span(void)
{
	static const char box[] =
		"From a@x Mon Oct 19 06:25:13 2026\n"
		"Subject: plain\n\nno quoting here\nFrom the desk, not a From_ line\n\n"
		"From b@x Mon Oct 19 06:25:14 2026\n"
		"Subject: reply\n\n> a quoted reply\n>> deeper\n\n"
		"From c@x Mon Oct 19 06:25:15 2026\n"
		">From the first line\n\n>>From x\n";
	static const char *const want[] = {
		"Subject: plain\n\nno quoting here\nFrom the desk, not a From_ line\n",
		"Subject: reply\n\n> a quoted reply\n>> deeper\n",
		"From the first line\n\n>From x\n",
	};
	struct mbox_reader *rd = mbox_reader_new(box, sizeof(box) - 1);
	const char *data;
	GByteArray *copy;
	size_t len, i;

	for (i = 0; mbox_next_span(rd, &data, &len, &copy, NULL); i++) {
		CHECK(i < 3 && len == strlen(want[i]) && memcmp(data, want[i], len) == 0,
		      "span %zu: [%.*s]", i, (int)len, data);
		CHECK(i != 0 || (!copy && data > box && data < box + sizeof(box)),
		      "span %zu points into the mbox", i);
		CHECK(i != 1 || !copy, "span %zu: lines of '>' with no From need no copy", i);
		CHECK(i != 2 || copy, "span %zu is an unquoted copy", i);
		if (copy)
			g_byte_array_free(copy, TRUE);
	}
	CHECK(i == 3, "three spans, got %zu", i);
	mbox_reader_free(&rd);
}

/* test_hosts - subject patterns */
static void
test_hosts(void)
{
	static const char *const cases[][2] = {
		{"Subject: LogWatch for ns.example.co.jp\n", "ns.example.co.jp"},
		{"Subject: TWReport wp.example.jp 20131018035211 V:73\n",
		    "wp.example.jp"},
		{"Subject: web01 Daily Report\n", "web01"},
		{"Subject: [chkrootkit] alert for fern\n", "fern"},
		{"Subject: Cron <root@pebble> test -x /usr/sbin/anacron\n"
		    "From: root@elsewhere\n", "pebble"},
		{"From: root (Cron Daemon)\nSubject: hello\n", NULL},
		{"From: hanako@example.net\nSubject: Re: Logwatch for quartz (Linux)\n", "quartz"},
		{"Subject: Fwd: RE:  Fw: Logwatch for a.example (Linux)\n", "a.example"},
		{"Subject: =?UTF-8?B?6Lui6YCBOiBMb2d3YXRjaCBmb3IgcGViYmxlIChMaW51eCk=?=\n", "pebble"},
		{"From: root@fern\nSubject: Reboot: Logwatch for elm (Linux)\n", "fern"},
	};
	struct mail *m;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		m = parse_buf(cases[i][0], strlen(cases[i][0]));
		CHECK(m && g_strcmp0(m->host, cases[i][1]) == 0,
		    "host %zu: %s", i, m ? m->host : "");
		mail_free(&m);
	}
}

/* count_matching_lines - how many trimmed lines of A occur in B */
static void
count_matching_lines(const char *a, const char *b, int *hit, int *total)
{
	char **la = g_strsplit(a, "\n", -1), **lb = g_strsplit(b, "\n", -1);
	GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
	int i;

	for (i = 0; lb[i]; i++)
		g_hash_table_add(set, g_strstrip(lb[i]));
	*hit = *total = 0;
	for (i = 0; la[i]; i++) {
		if (*g_strstrip(la[i]) == 0)
			continue;
		(*total)++;
		if (g_hash_table_contains(set, la[i]))
			(*hit)++;
	}
	g_hash_table_destroy(set);
	g_strfreev(la);
	g_strfreev(lb);
}

/* test_real_file - one sample mail or report text */
static void
test_real_file(const char *path, int *count)
{
	GByteArray *data = slurp(path);
	struct mail *m;

	if (data == NULL)
		return;
	m = parse_buf((const char *)data->data, data->len);
	(*count)++;
	if (g_str_has_suffix(path, ".eml")) {
		CHECK(m && m->has_headers && m->text_len > 0 && text_ok(m)
		    && strchr(m->text, '\r') == NULL, "%s gives text", path);
		CHECK(m && m->subject, "%s: subject", path);
		if (m && m->host == NULL)
			printf("# %s: no host in \"%s\"\n", path, m->subject);
	} else {
		CHECK(m && !m->has_headers && m->text_len == data->len,
		    "%s is bare text", path);
	}
	if (m && m->notes->len)
		printf("# %s: %s\n", path, (char *)m->notes->pdata[0]);
	mail_free(&m);
	g_byte_array_free(data, TRUE);
}

/* test_real_dir - every .eml and .txt under a directory */
static void
test_real_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char *path;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		path = g_build_filename(dir, e->d_name, NULL);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			test_real_dir(path, count);
		else if (g_str_has_suffix(path, ".eml")
		    || g_str_has_suffix(path, ".txt"))
			test_real_file(path, count);
		g_free(path);
	}
	closedir(d);
}

/* test_real - the seed mails and the corpus, and the HTML LogWatch */
static void
test_real(void)
{
	const char *lw = "/work/shared/corpus/logwatch/logwatch-orchid-2026-10-19";
	char *hpath = g_strdup_printf("%s-html.eml", lw);
	char *tpath = g_strdup_printf("%s-med.eml", lw);
	GByteArray *hd, *td;
	struct mail *h, *t;
	int count = 0, hit, total;

	test_real_dir("/work/shared/seed-mails", &count);
	test_real_dir("/work/shared/corpus", &count);
	printf("# %d real samples\n", count);
	hd = slurp(hpath);
	td = slurp(tpath);
	if (hd && td) {
		h = parse_buf((const char *)hd->data, hd->len);
		t = parse_buf((const char *)td->data, td->len);
		CHECK(h && h->text_from_html && strcmp(h->host, "orchid") == 0,
		    "html logwatch");
		CHECK(h && has(h->text, "\nSSHD\n") && has(h->text, "\nPostfix\n")
		    && has(h->text, "\nDisk Space\n"), "section titles");
		CHECK(h && has(h->text, "\nDovecot IMAP and POP3 Successful "
		    "Logins: 30\n") && has(h->text, "  User root:\n"),
		    "html rows as lines");
		count_matching_lines(h->text, t->text, &hit, &total);
		printf("# html lines found in the text version: %d of %d\n",
		    hit, total);
		CHECK(hit * 10 >= total * 6, "most html lines match the text "
		    "version (%d of %d)", hit, total);
		mail_free(&h);
		mail_free(&t);
	}
	if (hd)
		g_byte_array_free(hd, TRUE);
	if (td)
		g_byte_array_free(td, TRUE);
	g_free(hpath);
	g_free(tpath);
}

/* test_html_elements - which elements break the line, which entities are known */
static void
test_html_elements(void)
{
	static const char *const blocks[] = {
		"address", "article", "aside", "blockquote", "body", "caption",
		"center", "dd", "div", "dl", "dt", "fieldset", "figure", "footer",
		"form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
		"html", "li", "main", "nav", "ol", "p", "section", "table", "tbody",
		"tfoot", "thead", "title", "tr", "ul",
	};
	static const char *const inline_names[] = {
		"a", "abbr", "b", "em", "font", "i", "img", "span", "strong", "u", "zz",
		"h7", "headx", "trx", "ta", "ulu",
	};
	static const char *const entities[][2] = {
		{"&amp;", "&"}, {"&lt.", "<."}, {"&nbsp;", " "}, {"&copy;", "\xC2\xA9"},
		{"&shy;", ""}, {"&rarr;", "\xE2\x86\x92"}, {"&copy", "&copy"}, {"&bogus;", "&bogus;"},
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < G_N_ELEMENTS(blocks); i++) {
		char *in = g_strdup_printf("a<%s>b</%s>c", blocks[i], blocks[i]);
		char *upper = g_ascii_strup(in, -1);
		char *t = mail_html_to_text(in, strlen(in)), *u = mail_html_to_text(upper, strlen(upper));

		if (strcmp(t, "a\nb\nc\n") != 0 || g_ascii_strcasecmp(u, "a\nb\nc\n") != 0) {
			printf("# <%s>: \"%s\"\n", blocks[i], t);
			bad++;
		}
		g_free(in);
		g_free(upper);
		g_free(t);
		g_free(u);
	}
	CHECK(bad == 0, "every block element breaks the line");
	for (i = bad = 0; i < G_N_ELEMENTS(inline_names); i++) {
		char *in = g_strdup_printf("a<%s>b</%s>c", inline_names[i], inline_names[i]);
		char *t = mail_html_to_text(in, strlen(in));

		bad += strcmp(t, "abc\n") != 0;
		g_free(in);
		g_free(t);
	}
	CHECK(bad == 0, "inline and unknown elements do not");
	for (i = bad = 0; i < G_N_ELEMENTS(entities); i++) {
		char *in = g_strdup_printf("x%sy", entities[i][0]);
		char *want = g_strdup_printf("x%sy\n", entities[i][1]);
		char *t = mail_html_to_text(in, strlen(in));

		if (strcmp(t, want) != 0) {
			printf("# %s: \"%s\"\n", entities[i][0], t);
			bad++;
		}
		g_free(in);
		g_free(want);
		g_free(t);
	}
	CHECK(bad == 0, "entities");
	{
		static const char *const spaces[][2] = {
			{"a b", "a b\n"}, {"a  b", "a b\n"}, {"a \n\tb", "a b\n"}, {"a b ", "a b\n"},
			{" a b<b>c</b> d e", "a bc d e\n"}, {"a b&amp;c d", "a b&c d\n"},
			{"<pre>a b  c\n d</pre>", "a b  c\n d\n"}, {"x y<br>z", "x y\nz\n"},
		};

		for (i = bad = 0; i < G_N_ELEMENTS(spaces); i++) {
			char *t = mail_html_to_text(spaces[i][0], strlen(spaces[i][0]));

			if (strcmp(t, spaces[i][1]) != 0) {
				printf("# \"%s\": \"%s\"\n", spaces[i][0], t);
				bad++;
			}
			g_free(t);
		}
		CHECK(bad == 0, "white space collapses as a browser's would");
	}
}

int
main(void)
{
	mail_init();
	test_html_elements();
	test_charsets();
	test_to_utf8();
	test_bare();
	test_envelope();
	test_structure();
	test_hostile();
	test_mbox();
	test_mbox_span();
	test_hosts();
	test_real();
	mail_shutdown();
	return tap_done();
}

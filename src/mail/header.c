/*
 * header.c - the RFC 5322 header block, read straight from the raw bytes.
 *
 * Decides whether input is a mail at all (a report pasted without headers
 * often starts with "Error: ..." or "Note: ...", which look like header
 * fields), returns raw header values for the filter, and guesses which
 * host a report is about from the Subject or the From address.
 */
#include <string.h>

#include "mail_private.h"

/* header_line_end - end of the line at P (before its LF), and next line */
static const char *
header_line_end(const char *p, const char *end, const char **next_r)
{
	const char *nl = memchr(p, '\n', end - p);

	*next_r = nl ? nl + 1 : end;
	if (nl == NULL)
		nl = end;
	if (nl > p && nl[-1] == '\r')
		nl--;
	return nl;
}

/* header_name_len - length of a field name ending in ':' (0: not a field) */
static size_t
header_name_len(const char *p, const char *eol)
{
	const char *q = p, *colon;

	while (q < eol && *q > 32 && *q < 127 && *q != ':')
		q++;
	if (q == p)
		return 0;
	colon = q;
	while (colon < eol && (*colon == ' ' || *colon == '\t'))
		colon++;		/* obsolete "Name :" syntax */
	if (colon == eol || *colon != ':')
		return 0;
	return q - p;
}

/* header_well_known - a field name only a real mail header would carry */
static int
header_well_known(const char *name, size_t len)
{
	static const char *const known[] = {
		"from", "to", "cc", "bcc", "subject", "date", "received",
		"return-path", "message-id", "mime-version", "content-type",
		"content-transfer-encoding", "delivered-to", "reply-to",
		"sender", "envelope-to", "in-reply-to", "references",
		"auto-submitted", "precedence", "user-agent",
	};
	size_t i;

	if (len > 2 && g_ascii_strncasecmp(name, "X-", 2) == 0)
		return 1;
	for (i = 0; i < G_N_ELEMENTS(known); i++)
		if (strlen(known[i]) == len
		    && g_ascii_strncasecmp(name, known[i], len) == 0)
			return 1;
	return 0;
}

/* mail_from_line_ok - "From SENDER DATE" with something date-like */
int
mail_from_line_ok(const char *line, size_t len)
{
	const char *p = line + 5, *end = line + len;
	size_t i, digits = 0;

	if (len < 7 || memcmp(line, "From ", 5) != 0)
		return 0;
	if (*p == ' ' || *p == '\t')
		return 0;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	if (p == end)
		return 0;
	/* A time "H:MM" or a four-digit year anywhere after the sender. */
	for (i = 0; p + i < end; i++) {
		if (g_ascii_isdigit(p[i])) {
			digits++;
			continue;
		}
		if (digits == 4)
			return 1;
		if (digits > 0 && p[i] == ':' && p + i + 2 < end
		    && g_ascii_isdigit(p[i + 1]) && g_ascii_isdigit(p[i + 2]))
			return 1;
		digits = 0;
	}
	return digits == 4;
}

/* mail_envelope_len - length of a leading From_ line with its newline */
size_t
mail_envelope_len(const char *buf, size_t len)
{
	const char *next, *eol;

	if (len < 5 || memcmp(buf, "From ", 5) != 0)
		return 0;
	eol = header_line_end(buf, buf + len, &next);
	if (!mail_from_line_ok(buf, eol - buf))
		return 0;
	return next - buf;
}

/*
 * mail_header_block - does BUF start with a header block?  It must hold
 * only fields and continuation lines, at least one well-known field, and
 * end at a blank line or at the end.  *end_r gets the body offset.
 */
int
mail_header_block(const char *buf, size_t len, size_t *end_r)
{
	const char *p = buf, *end = buf + len, *next, *eol;
	int known = 0, first = 1;
	size_t n;

	while (p < end) {
		eol = header_line_end(p, end, &next);
		if (eol == p) {
			if (first)
				return 0;
			p = next;
			break;
		}
		if (*p == ' ' || *p == '\t') {
			if (first)
				return 0;
		} else if ((n = header_name_len(p, eol)) == 0) {
			return 0;
		} else if (header_well_known(p, n)) {
			known = 1;
		}
		first = 0;
		p = next;
	}
	if (!known)
		return 0;
	if (end_r)
		*end_r = p - buf;
	return 1;
}

/* mail_header_find - unfolded raw value of the first field NAME, or NULL */
char *
mail_header_find(const char *buf, size_t len, const char *name)
{
	const char *p = buf, *end = buf + len, *next, *eol, *v;
	size_t nlen = strlen(name), n;
	GString *val = NULL;

	while (p < end) {
		eol = header_line_end(p, end, &next);
		if (eol == p)
			break;
		if (val && (*p == ' ' || *p == '\t')) {
			g_string_append_len(val, p, eol - p);
		} else if (val) {
			break;
		} else if ((n = header_name_len(p, eol)) == nlen
		    && g_ascii_strncasecmp(p, name, n) == 0) {
			v = memchr(p, ':', eol - p) + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			val = g_string_new_len(v, eol - v);
		}
		p = next;
	}
	if (val == NULL)
		return NULL;
	while (val->len && (val->str[val->len - 1] == ' '
	    || val->str[val->len - 1] == '\t'))
		g_string_truncate(val, val->len - 1);
	return g_string_free(val, FALSE);
}

/* mail_header_raw - raw value of a header of a parsed mail */
char *
mail_header_raw(const struct mail *mail, const char *name)
{
	if (!mail->has_headers)
		return NULL;
	return mail_header_find(mail->raw + mail->envelope_len,
	    mail->raw_len - mail->envelope_len, name);
}

/* host_token - a plausible host name at P, up to a delimiter */
static char *
host_token(const char *p, const char *stops)
{
	size_t n = 0;

	while (p[n] && !strchr(stops, p[n]) && n < 254) {
		if (!g_ascii_isalnum(p[n]) && !strchr(".-_", p[n]))
			return NULL;
		n++;
	}
	if (n == 0 || n > 253)
		return NULL;
	return g_ascii_strdown(p, n);
}

/* host_after - host following a case-insensitive marker in the subject */
static char *
host_after(const char *subject, const char *marker, const char *stops)
{
	size_t mlen = strlen(marker);
	const char *p;

	for (p = subject; *p; p++)
		if (g_ascii_strncasecmp(p, marker, mlen) == 0)
			return host_token(p + mlen, stops);
	return NULL;
}

/* subject_past_replies - the subject after "Re:", "Fwd:" and the like */
static const char *
subject_past_replies(const char *s)
{
	static const char *const marks[] = {
		"Re:", "Fwd:", "Fw:", "AW:", "WG:", "SV:", "TR:", "\xe8\xbb\xa2\xe9\x80\x81:",	/* 転送 */
		"\xe8\xbf\x94\xe4\xbf\xa1:", NULL								/* 返信 */
	};
	int i, again = 1;

	while (again) {
		again = 0;
		while (*s == ' ')
			s++;
		for (i = 0; marks[i]; i++)
			if (g_ascii_strncasecmp(s, marks[i], strlen(marks[i])) == 0) {
				s += strlen(marks[i]);
				again = 1;
				break;
			}
	}
	return s;
}

/*
 * mail_host_guess - host a report is about, from Subject (a reply's or
 * forward's too) or From
 */
char *
mail_host_guess(const char *subject, const char *from)
{
	const char *p;
	char *host = NULL;

	if (subject) {
		subject = subject_past_replies(subject);
		if (g_ascii_strncasecmp(subject, "Logwatch for ", 13) == 0)
			host = host_token(subject + 13, " (");
		else if (g_ascii_strncasecmp(subject, "Cron <", 6) == 0
		    && (p = strchr(subject, '@')) != NULL)
			host = host_token(p + 1, ">");
		else if (g_ascii_strncasecmp(subject, "TWReport ", 9) == 0)
			host = host_token(subject + 9, " ");
		else if ((p = strchr(subject, ' ')) != NULL
		    && g_ascii_strncasecmp(p, " Daily Report", 13) == 0)
			host = host_token(subject, " ");
		if (host == NULL)
			host = host_after(subject, " alert for ", " ");
	}
	if (host == NULL && from && (p = strchr(from, '@')) != NULL)
		host = host_token(p + 1, " >)\"");
	return host;
}

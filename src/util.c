/*
 * util.c - helpers used by every layer.
 *
 * util_sanitize is the single gate between attacker-written report text
 * and a terminal or a mail header: anything that is not printable text
 * comes out as a visible escape.
 */
#include <errno.h>
#include <fcntl.h>
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

/* util_scan - shared walker: returns 1 at the first unsafe character */
static int
util_scan(const char *text, size_t len, GString *out)
{
	const char *p = text, *end = text + len;
	int changed = 0;

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		gunichar u;
		const char *next;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				changed = 1;
				if (!out)
					return 1;
				g_string_append_printf(out, "\\x%02X", c);
			} else if (out) {
				g_string_append_c(out, (char)c);
			}
			p++;
			continue;
		}
		u = g_utf8_get_char_validated(p, end - p);
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			changed = 1;
			if (!out)
				return 1;
			g_string_append(out, "\xEF\xBF\xBD");
			p++;
			continue;
		}
		next = g_utf8_next_char(p);
		if ((u >= 0x80 && u < 0xA0) || util_is_format_char(u)) {
			changed = 1;
			if (!out)
				return 1;
			g_string_append_printf(out, "<U+%04X>", (unsigned)u);
		} else if (out) {
			g_string_append_len(out, p, next - p);
		}
		p = next;
	}
	return changed;
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

/* util_jit_enabled - use PCRE2's JIT? */
int
util_jit_enabled(void)
{
	static int enabled = -1;

	if (enabled < 0) {
		const char *v = getenv("MAILGLOSS_NO_JIT");

		enabled = !(v && *v);
	}
	return enabled;
}

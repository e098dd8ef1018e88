/*
 * test_batch.c - the parts of "mailgloss batch" that need no mailbox:
 * line shapes (digits, addresses, hex, identifiers, paths) and the match
 * pattern derived from a shape, which must match every line of its shape
 * and compile as PCRE2 in UTF mode, as the rule loader compiles it.
 */
#include <string.h>

#include <pcre2.h>

#include "tap.h"
#include "cmd/batch.h"

/* pattern_matches - does the stub pattern for example match line? */
static int
pattern_matches(const char *example, const char *line)
{
	char *re_src = batch_shape_pattern(example);
	PCRE2_SIZE off;
	int err, rc = -1;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)re_src, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
				       &err, &off, NULL);

	if (re) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);

		rc = pcre2_match(re, (PCRE2_SPTR)line, strlen(line), 0, 0, md, NULL);
		pcre2_match_data_free(md);
		pcre2_code_free(re);
	}
	g_free(re_src);
	return rc >= 0;
}

/* shape_is - batch_shape_of(line) equals want */
static int
shape_is(const char *line, const char *want)
{
	char *got = batch_shape_of(line);
	int ok = strcmp(got, want) == 0;

	if (!ok)
		printf("# shape of \"%s\": \"%s\"\n", line, got);
	g_free(got);
	return ok;
}

int
main(void)
{
	CHECK(shape_is("  Failed password for root from 192.0.2.7 port 51514 ssh2",
		       "Failed password for root from <IP> port N sshN"), "IPv4 and numbers");
	CHECK(shape_is("disk 1,234 of 97.5% used", "disk N of N% used"), "numbers with separators");
	CHECK(shape_is("to=<ops@example.org>, delay=00:00:01", "to=<<ADDR>>, delay=N:N:N"),
	      "address inside <>, times are not IPv6");
	CHECK(shape_is("changed /etc/ssh/sshd_config: mode", "changed <PATH>: mode"), "paths");
	CHECK(shape_is("key 0x1f3a and deadbeef00112233 from fe80::1",
		       "key <HEX> and <HEX> from <IP>"), "hex and IPv6");
	CHECK(shape_is("5KA20100518: stalled", "<ID>: stalled"), "queue identifiers");
	CHECK(shape_is("NOTICE N things", "NOTICE N things"), "a literal N stays literal text");
	CHECK(pattern_matches("Frobnicated 12 widgets from 192.0.2.7 into /var/tmp/frob.db: 3 Time(s)",
			      "Frobnicated 7 widgets from 198.51.100.23 into /srv/x/y.db: 1 Time(s)"),
	      "the pattern matches another line of the shape");
	CHECK(!pattern_matches("Frobnicated 12 widgets", "Frobnicated many widgets"),
	      "the pattern does not match another shape");
	CHECK(pattern_matches("a (b) [c] {d} $e ^f | g* h+ i? \\ j.", "a (b) [c] {d} $e ^f | g* h+ i? \\ j."),
	      "regex metacharacters are escaped");
	CHECK(pattern_matches("ユーザー tarou のログイン 3 回", "ユーザー tarou のログイン 12 回"),
	      "UTF-8 text");
	return tap_done();
}

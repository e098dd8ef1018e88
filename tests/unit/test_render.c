/*
 * test_render.c - what the renderers share: a report line is copied as
 * it is only when sanitising would not change it, whatever its bytes.
 */
#include <string.h>

#include "tap.h"
#include "util.h"
#include "render/render.h"

/* Bytes on both sides of every limit the fast path tests, and a few characters. */
static const char *const pieces[] = {
	" ", " ", "\t", "a", "~", "\x1f", "\x7f", "\x80", "\xff", "\x01", "\x20",
	"\xc3\xa9",		/* é: kept */
	"\xe2\x94\x83",		/* our marker */
	"\xe2\x80\x8b",		/* zero width space: escaped */
	"\xc2\x85",		/* C1 control: escaped */
};

/* expected - render_append_safe_len as its contract says: sanitised, marked if it starts like us */
static char *
expected(const char *text, size_t len)
{
	char *clean = util_sanitize(text, len);
	const char *p = clean + strspn(clean, " \t");
	char *want;

	if (strncmp(p, RENDER_MARK, strlen(RENDER_MARK)) != 0)
		return clean;
	want = g_strconcat("[report] ", clean, NULL);
	g_free(clean);
	return want;
}

/* test_safe_lines - random lines of 0 to 40 pieces against the contract */
static void
test_safe_lines(void)
{
	GRand *rand = g_rand_new_with_seed(11);
	GString *text = g_string_new(NULL), *out = g_string_new(NULL);
	int i, k, n, wrong = 0, plain = 0;

	for (i = 0; i < 50000; i++) {
		char *want;

		g_string_truncate(text, 0);
		n = g_rand_int_range(rand, 0, 41);
		for (k = 0; k < n; k++) {
			/* Mostly printable ASCII, so that whole lines of it come up too. */
			int j = g_rand_int_range(rand, 0, 100) < 90 ? g_rand_int_range(rand, 0, 5)
								: g_rand_int_range(rand, 0, G_N_ELEMENTS(pieces));

			g_string_append(text, pieces[j]);
		}
		g_string_assign(out, "x");
		render_append_safe_len(out, text->str, text->len);
		want = expected(text->str, text->len);
		wrong += strcmp(out->str + 1, want) != 0;
		plain += strcmp(want, text->str) == 0;
		g_free(want);
	}
	CHECK(wrong == 0, "report lines are sanitised and marked as the contract says (%d wrong)", wrong);
	CHECK(plain > 10000, "many lines need no change (%d)", plain);
	g_string_free(text, TRUE);
	g_string_free(out, TRUE);
	g_rand_free(rand);
}

int
main(void)
{
	test_safe_lines();
	return tap_done();
}

/*
 * tap.h - the smallest test harness: CHECK(cond, name) and a closing
 * "N passed, N failed" line, which is what make check and CI read.
 */
#ifndef MAILGLOSS_TAP_H
#define MAILGLOSS_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

static int tap_passed, tap_failed;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (cond) {                                                   \
			tap_passed++;                                         \
		} else {                                                      \
			tap_failed++;                                         \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);           \
			printf(__VA_ARGS__);                                  \
			printf("\n");                                         \
		}                                                             \
	} while (0)

/* tap_remove_tmpdir - remove a test's scratch directory and free its name */
static inline void
tap_remove_tmpdir(char *dir)
{
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
	g_free(cmd);
	g_free(dir);
}

/* tap_same_strv - two NULL-terminated string lists alike (two NULLs are)? */
static inline int
tap_same_strv(char **a, char **b)
{
	if (!a || !b)
		return !a && !b;
	for (; *a && *b; a++, b++)
		if (strcmp(*a, *b) != 0)
			return 0;
	return !*a && !*b;
}

/* tap_strv_joined - a list as "a|b", or "-" for NULL; the list is freed */
static inline char *
tap_strv_joined(char **l)
{
	char *out = l ? g_strjoinv("|", l) : g_strdup("-");

	g_strfreev(l);
	return out;
}

static inline int
tap_done(void)
{
	printf("%d passed, %d failed\n", tap_passed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif

/*
 * tap.h - the smallest test harness: CHECK(cond, name) and a closing
 * "N passed, N failed" line, which is what make check and CI read.
 */
#ifndef MAILGLOSS_TAP_H
#define MAILGLOSS_TAP_H

#include <stdio.h>

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

static inline int
tap_done(void)
{
	printf("%d passed, %d failed\n", tap_passed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif

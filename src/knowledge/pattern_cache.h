/*
 * pattern_cache.h - compiled rule patterns and their literal prefilters,
 * written once ("mailgloss rules cache", at build and install time) so
 * that a single mail through filter does not compile hundreds of
 * patterns at start-up; the file also carries the shipped rules parsed
 * (rules_image.c), which only that module reads.
 *
 * The cache is a memo keyed by the pattern text itself: a rule that
 * changed, or a site rule, is simply not found and is compiled as
 * before.  A cache made by another PCRE2 build, or a damaged one, is
 * ignored.
 */
#ifndef MAILGLOSS_PATTERN_CACHE_H
#define MAILGLOSS_PATTERN_CACHE_H

#include <glib.h>
#include <pcre2.h>

/* Open the cache at path (NULL: i18n_pattern_cache()) once. */
void pattern_cache_open(const char *path);
/* Forget the open cache (the next lookup opens it again). */
void pattern_cache_close(void);

/* The compiled pattern (PCRE2_UTF), or NULL if the cache does not have it. */
pcre2_code *pattern_cache_code(const char *pattern);

/*
 * The pattern's entry, so that its parts come from one lookup: 0 when
 * the cache does not have it.  Valid until pattern_cache_close().
 */
guint32 pattern_cache_find(const char *pattern);
/* The entry's compiled pattern, or NULL (the pattern did not compile). */
pcre2_code *pattern_cache_entry_code(guint32 entry);
/*
 * The entry's prefilters: its literals (util_pattern_literals) in
 * *literals_r and those all of which a match holds
 * (util_pattern_all_literals) in *all_r, NULL-terminated lists each in
 * one piece of memory from alloc(ctx, size) (NULL: none); its lead bytes
 * (util_pattern_lead) in lead_r.  1 with lead bytes, 0 without (lead_r
 * empty), -1 if there is no such entry.
 */
int pattern_cache_entry_prefilter(guint32 entry, void *(*alloc)(void *ctx, size_t size), void *ctx,
				  char ***literals_r, char ***all_r, guint64 lead_r[4]);

/*
 * The pattern's literals: 1 and *literals_r set (NULL = no prefilter;
 * free with g_strfreev) when the cache has them, else 0.
 */
int pattern_cache_literals(const char *pattern, char ***literals_r);

/*
 * The same, and the literals all of which a match contains in *all_r
 * (util_pattern_all_literals; NULL = none), with one lookup.  all_r may
 * be NULL.
 */
int pattern_cache_prefilter(const char *pattern, char ***literals_r, char ***all_r);

/*
 * The ruleset image the cache holds (rules_image.c), or NULL; *map_r is
 * the mapping it lies in, for a reader that keeps pointers into it (it
 * takes a reference).
 */
const guint8 *pattern_cache_image(size_t *len_r, GMappedFile **map_r);

/*
 * Write a cache of patterns (NULL-terminated) and the image (NULL: none)
 * to path; 0 or -1 with errstr.
 */
int pattern_cache_write(const char *path, char *const *patterns, const GByteArray *image,
			char **errstr);

#endif

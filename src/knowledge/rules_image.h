/*
 * rules_image.h - the shipped catalogue parsed ahead, stored in the
 * pattern cache by "mailgloss rules cache" (rules_image.c).
 */
#ifndef MAILGLOSS_RULES_IMAGE_H
#define MAILGLOSS_RULES_IMAGE_H

#include <glib.h>

#include "knowledge/rules.h"

/*
 * Appends the image of the rules in dir to out: 0, or -1 with *errstr
 * (to be freed) when they do not load without a problem.
 */
int ruleset_image_make(const char *dir, GByteArray *out, char **errstr);

/* How an image was found to be of the files (for the tests). */
struct image_check {
	unsigned dirs_read;	/* directories listed: 0 while their times vouch for them */
	unsigned files_compared;	/* files read and compared: their times did not vouch */
};

/*
 * Loads the rules in dir from an image into rs, which must be empty;
 * map (may be NULL) is what image lies in, kept as long as the rules.
 * 0, or -1 when the image is not of dir's files as they are now, or is
 * damaged; rs may then hold part of it and is only fit to be freed.
 * check, if not NULL, says how the files were checked.
 */
int ruleset_image_load(struct ruleset *rs, const char *dir, const guint8 *image, size_t len,
		       GMappedFile *map, struct image_check *check);

/* The same with the image in the pattern cache; -1 also when it has none. */
int ruleset_load_image(struct ruleset *rs, const char *dir);

/*
 * Loads into rs (empty) the same rules as of, which ruleset_load_image
 * loaded from the pattern cache for dir, without checking the files
 * again (a second thread's copy); -1 when of did not come from there.
 */
int ruleset_image_twin(struct ruleset *rs, const struct ruleset *of, const char *dir);

#endif

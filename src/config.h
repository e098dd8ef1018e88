/*
 * config.h - the configuration file, mailgloss.conf(5).
 *
 * "key = value" lines; '#' starts a comment.  The file is found through
 * --config, then $MAILGLOSS_CONFIG, then SYSCONFDIR/mailgloss.conf; the
 * default file may be missing, and /dev/null is an empty configuration.
 * A bad line is reported as "file:line: reason" and skipped, so a typo
 * never stops mail: everything else still applies.
 */
#ifndef MAILGLOSS_CONFIG_H
#define MAILGLOSS_CONFIG_H

#include <stddef.h>

#include "knowledge/verdict.h"

struct config {
	char *path;			/* the file read, or NULL when there was none */
	int unreadable;			/* a file was meant but could not be read */
	char *language;			/* "en", "ja", "ja,en", or NULL: the locale */
	int subject_tag;		/* tag the Subject (default 1) */
	char *subject_tag_format;	/* NULL: "[%V]", or "[%l]" in Japanese */
	char *subject_tags[VERDICT_COUNT];	/* per verdict; NULL: format or none */
	char *deliver;			/* default delivery target, or NULL */
	char *rules_dir;		/* site rules directory, or NULL */
	size_t max_message_size;	/* larger mail passes unannotated; 0: no limit */
	unsigned time_limit;		/* seconds for the annotation (default 60) */
};

/* Built-in defaults. */
#define CONFIG_MAX_MESSAGE_SIZE	(10UL * 1024 * 1024)
#define CONFIG_TIME_LIMIT	60

/*
 * Reads the configuration (path NULL: $MAILGLOSS_CONFIG or the default
 * file).  *cfg_r always gets a usable configuration.  Returns the number
 * of problems reported on stderr (0: none).
 */
int config_load(const char *path, struct config **cfg_r);
void config_free(struct config **cfgp);

/* The file config_load reads when given no path. */
const char *config_default_path(void);

/* Parses "1048576", "512k", "32M", "1G" (0 allowed).  0, or -1. */
int config_parse_size(const char *s, size_t *size_r);

#endif

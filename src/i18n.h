/*
 * i18n.h - languages: English (the msgids), Japanese, or both.
 *
 * Every user-visible string goes through _(); rule texts go through
 * i18n_text().  With --lang ja,en a text is shown in Japanese and then in
 * English, so i18n_text_en() gives the English original.
 */
#ifndef MAILGLOSS_I18N_H
#define MAILGLOSS_I18N_H

#include <libintl.h>

#define N_(s) (s)
#define _(s) i18n_text(s)

enum i18n_lang {
	I18N_EN,
	I18N_JA,
	I18N_JA_EN,
};

/* Parses "en", "ja", "ja,en" (also "en,ja" as "ja,en").  0 or -1. */
int i18n_parse(const char *s, enum i18n_lang *lang_r);
/*
 * Sets up gettext.  lang may be NULL: then the locale environment
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) decides, and English otherwise.
 */
void i18n_init(const char *lang);
enum i18n_lang i18n_lang(void);
/* Translation in the primary language (Japanese for ja and ja,en). */
const char *i18n_text(const char *msgid);
/* Is a translation available for msgid in the primary language? */
int i18n_translated(const char *msgid);
/* Where translations and rules are read from (environment, build tree, install). */
const char *i18n_localedir(void);
const char *i18n_datadir_explanations(void);
/* Where the compiled patterns are (MAILGLOSS_PATTERN_CACHE, a build tree, or installed). */
const char *i18n_pattern_cache(void);

#endif

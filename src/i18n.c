/*
 * i18n.c - gettext set-up that works under an MTA.
 *
 * A pipe started by Postfix has LANG=C, Exim's has no LANG at all; in the
 * "C" locale glibc ignores LANGUAGE.  So for Japanese we set LANGUAGE and
 * switch to C.UTF-8 (always present in Debian's libc-bin) when the
 * environment gives no usable locale (notes/tech.md section 3).
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "i18n.h"

static enum i18n_lang i18n_current = I18N_EN;
static char *i18n_exe_dir;

/* i18n_parse - a --lang value */
int
i18n_parse(const char *s, enum i18n_lang *lang_r)
{
	if (!s)
		return -1;
	if (strcmp(s, "en") == 0 || strcmp(s, "C") == 0)
		*lang_r = I18N_EN;
	else if (strcmp(s, "ja") == 0)
		*lang_r = I18N_JA;
	else if (strcmp(s, "ja,en") == 0 || strcmp(s, "en,ja") == 0)
		*lang_r = I18N_JA_EN;
	else
		return -1;
	return 0;
}

/* i18n_from_env - Japanese if the locale environment asks for it */
static enum i18n_lang
i18n_from_env(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strncmp(v, "ja", 2) == 0 ? I18N_JA : I18N_EN;
	}
	return I18N_EN;
}

/* i18n_exe_relative - a directory next to the running binary, if present */
static const char *
i18n_exe_relative(const char *rel)
{
	static char *cache[2];
	int slot = strcmp(rel, "locale") == 0 ? 0 : 1;

	if (!i18n_exe_dir) {
		char *exe = g_file_read_link("/proc/self/exe", NULL);

		i18n_exe_dir = exe ? g_path_get_dirname(exe) : g_strdup(".");
		g_free(exe);
	}
	if (!cache[slot])
		cache[slot] = g_build_filename(i18n_exe_dir, rel, NULL);
	return g_file_test(cache[slot], G_FILE_TEST_IS_DIR) ? cache[slot] : NULL;
}

/* i18n_localedir - where the .mo files are */
const char *
i18n_localedir(void)
{
	const char *env = getenv("MAILGLOSS_LOCALEDIR"), *rel;

	if (env && *env)
		return env;
	rel = i18n_exe_relative("locale");
	return rel ? rel : LOCALEDIR;
}

/* i18n_datadir_explanations - where the shipped rules are */
const char *
i18n_datadir_explanations(void)
{
	const char *env = getenv("MAILGLOSS_EXPLANATIONS"), *rel;

	if (env && *env)
		return env;
	/* A build tree: build/mailgloss next to ../explanations. */
	rel = i18n_exe_relative("../explanations");
	return rel && i18n_exe_relative("locale") ? rel : EXPLDIR;
}

/* i18n_pattern_cache - the compiled patterns (pattern_cache.c) */
const char *
i18n_pattern_cache(void)
{
	static char *built;
	const char *env = getenv("MAILGLOSS_PATTERN_CACHE");

	if (env && *env)
		return env;
	/* A build tree: build/patterns.cache next to build/mailgloss. */
	if (i18n_exe_relative("../explanations") && i18n_exe_relative("locale")) {
		if (!built)
			built = g_build_filename(i18n_exe_dir, "patterns.cache", NULL);
		return built;
	}
	return PATTERN_CACHE;
}

/* i18n_init - choose the language and bind the catalogue */
void
i18n_init(const char *lang)
{
	enum i18n_lang l;

	if (!lang || i18n_parse(lang, &l) < 0)
		l = i18n_from_env();
	i18n_current = l;
	/*
	 * Only the character type and the messages come from the
	 * environment.  Numbers stay in the C locale: report values and rule
	 * thresholds are read with strtod(), which under a locale with a
	 * decimal comma would read "0.5" as 0.  (Loading two categories
	 * rather than all thirteen is also quicker for filter.)
	 */
	setlocale(LC_CTYPE, "");
	if (l != I18N_EN) {
		const char *c;

		setenv("LANGUAGE", "ja", 1);
		c = setlocale(LC_MESSAGES, "");
		if (!c || strcmp(c, "C") == 0 || strcmp(c, "POSIX") == 0) {
			/* gettext translates nothing in the C locale */
			setlocale(LC_CTYPE, "C.UTF-8");
			setlocale(LC_MESSAGES, "C.UTF-8");
		}
	} else {
		setlocale(LC_MESSAGES, "C");
	}
	bindtextdomain(PACKAGE, i18n_localedir());
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

/* i18n_lang - the language in force */
enum i18n_lang
i18n_lang(void)
{
	return i18n_current;
}

/*
 * Translations looked up before, one table per thread (freed when it
 * ends).  dgettext() hashes msgid and searches the catalogue on every
 * call, and the renderer asks for the same rule texts for every entry.
 * The table is keyed by the msgid's address, which is cheap to hash;
 * since that memory may be freed and reused, a memo keeps a copy of the
 * text and a hit counts only when the text is still the same.
 */
struct i18n_memo {
	char *msgid;
	const char *text;	/* the catalogue's string, or NULL: untranslated */
};

/* i18n_memo_free - a value of the cache */
static void
i18n_memo_free(gpointer p)
{
	struct i18n_memo *m = p;

	g_free(m->msgid);
	g_free(m);
}

static GPrivate i18n_cache = G_PRIVATE_INIT((GDestroyNotify)g_hash_table_unref);

/* i18n_memo_for - this thread's memo for the msgid at this address */
static struct i18n_memo *
i18n_memo_for(const char *msgid)
{
	GHashTable *cache = g_private_get(&i18n_cache);
	struct i18n_memo *m;

	if (!cache) {
		cache = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, i18n_memo_free);
		g_private_set(&i18n_cache, cache);
	}
	if ((m = g_hash_table_lookup(cache, msgid)) == NULL) {
		m = g_new0(struct i18n_memo, 1);
		g_hash_table_insert(cache, (gpointer)msgid, m);
	}
	return m;
}

/* i18n_text - msgid in the primary language */
const char *
i18n_text(const char *msgid)
{
	struct i18n_memo *m;
	const char *t;

	if (i18n_current == I18N_EN || !msgid || !*msgid)
		return msgid;
	m = i18n_memo_for(msgid);
	if (!m->msgid || strcmp(m->msgid, msgid) != 0) {
		g_free(m->msgid);
		m->msgid = g_strdup(msgid);
		t = dgettext(PACKAGE, msgid);
		m->text = t == msgid ? NULL : t;
	}
	return m->text ? m->text : msgid;
}

/* i18n_translated - does the catalogue have msgid? */
int
i18n_translated(const char *msgid)
{
	return i18n_current == I18N_EN || dgettext(PACKAGE, msgid) != msgid;
}

/*
 * config.c - reading mailgloss.conf(5).
 *
 * Every key has one setter in a table.  Problems (unknown key, bad value,
 * a line without '=') are reported as "file:line: reason" through msg.c
 * and the line is skipped.  A missing default file is no problem; a file
 * named by --config or $MAILGLOSS_CONFIG that cannot be read is, and it
 * is marked unreadable so that filter can refuse to guess where mail goes.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "config.h"
#include "i18n.h"
#include "msg.h"
#include "util.h"

typedef int (*config_setter)(struct config *cfg, const char *key, const char *value);

/* config_set_string - a key that holds text */
static int
config_set_string(char **slot, const char *value)
{
	g_free(*slot);
	*slot = *value ? g_strdup(value) : NULL;
	return 0;
}

/* config_set_language - en, ja or ja,en */
static int
config_set_language(struct config *cfg, const char *key, const char *value)
{
	enum i18n_lang l;

	if (i18n_parse(value, &l) < 0)
		return -1;
	return config_set_string(&cfg->language, value);
}

/* config_set_bool - yes/no, true/false, on/off, 1/0 */
static int
config_set_bool(struct config *cfg, const char *key, const char *value)
{
	static const char *const yes[] = {"yes", "true", "on", "1", NULL};
	static const char *const no[] = {"no", "false", "off", "0", NULL};
	int i;

	for (i = 0; yes[i]; i++)
		if (g_ascii_strcasecmp(value, yes[i]) == 0)
			return cfg->subject_tag = 1, 0;
	for (i = 0; no[i]; i++)
		if (g_ascii_strcasecmp(value, no[i]) == 0)
			return cfg->subject_tag = 0, 0;
	return -1;
}

/* config_set_tag - subject_tag_<verdict> = TEXT ("" switches it off) */
static int
config_set_tag(struct config *cfg, const char *key, const char *value)
{
	enum verdict v;

	if (verdict_parse(key + strlen("subject_tag_"), &v) < 0)
		return -1;
	g_free(cfg->subject_tags[v]);
	cfg->subject_tags[v] = g_strdup(value);
	return 0;
}

/* config_set_format - subject_tag_format, with %l %v %V %% */
static int
config_set_format(struct config *cfg, const char *key, const char *value)
{
	return config_set_string(&cfg->subject_tag_format, value);
}

/* config_set_deliver - the default target (checked when it is used) */
static int
config_set_deliver(struct config *cfg, const char *key, const char *value)
{
	return *value ? config_set_string(&cfg->deliver, value) : -1;
}

/* config_set_rules_dir - the site rules directory */
static int
config_set_rules_dir(struct config *cfg, const char *key, const char *value)
{
	return config_set_string(&cfg->rules_dir, value);
}

/* config_set_size - max_message_size */
static int
config_set_size(struct config *cfg, const char *key, const char *value)
{
	return config_parse_size(value, &cfg->max_message_size);
}

/* config_set_time_limit - seconds, at least 1 */
static int
config_set_time_limit(struct config *cfg, const char *key, const char *value)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (errno || end == value || *end || n < 1 || n > 86400 || value[0] == '-')
		return -1;
	cfg->time_limit = (unsigned)n;
	return 0;
}

/* The keys; a key ending in '*' is a prefix. */
static const struct config_key {
	const char *name;
	config_setter set;
	const char *expect;	/* for the "bad value" message */
} config_keys[] = {
	{"language", config_set_language, "en, ja or ja,en"},
	{"subject_tag", config_set_bool, "yes or no"},
	{"subject_tag_format", config_set_format, "text"},
	{"subject_tag_*", config_set_tag, "noise, info, check, action, urgent or unknown after subject_tag_"},
	{"deliver", config_set_deliver, "-, maildir:DIR, mbox:FILE or sendmail:ADDRESS"},
	{"rules_dir", config_set_rules_dir, "a directory"},
	{"max_message_size", config_set_size, "a size such as 32M, or 0"},
	{"time_limit", config_set_time_limit, "seconds from 1 to 86400"},
	{NULL, NULL, NULL},
};

/* config_find_key - the table entry for key, or NULL */
static const struct config_key *
config_find_key(const char *key)
{
	const struct config_key *k;
	size_t n;

	for (k = config_keys; k->name; k++)
		if (strcmp(k->name, key) == 0)
			return k;
	for (k = config_keys; k->name; k++) {
		n = strlen(k->name);
		if (k->name[n - 1] == '*' && strncmp(k->name, key, n - 1) == 0)
			return k;
	}
	return NULL;
}

/* config_unquote - strip one pair of double quotes (keeps edge spaces) */
static void
config_unquote(char *value)
{
	size_t n = strlen(value);

	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		memmove(value, value + 1, n - 2);
		value[n - 2] = '\0';
	}
}

/* config_line - one line; 0, or 1 when it was a problem (reported) */
static int
config_line(struct config *cfg, const char *path, int lineno, char *line)
{
	const struct config_key *k;
	char *eq, *key, *value;

	g_strstrip(line);
	if (*line == '\0' || *line == '#')
		return 0;
	if (!(eq = strchr(line, '='))) {
		msg_warn("%s:%d: expected \"key = value\"", path, lineno);
		return 1;
	}
	*eq = '\0';
	key = g_strstrip(line);
	value = g_strstrip(eq + 1);
	config_unquote(value);
	if (!(k = config_find_key(key))) {
		msg_warn("%s:%d: unknown key \"%s\"", path, lineno, key);
		return 1;
	}
	if (k->set(cfg, key, value) < 0) {
		msg_warn("%s:%d: %s: bad value \"%s\" (expected %s)", path, lineno, key, value,
			 k->expect);
		return 1;
	}
	return 0;
}

/* config_parse - every line of a file's text */
static int
config_parse(struct config *cfg, const char *path, const char *text, size_t len)
{
	char **lines;
	int i, problems = 0;

	if (memchr(text, '\0', len)) {
		msg_warn("%s: a NUL byte; the file is ignored", path);
		return 1;
	}
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i]; i++)
		problems += config_line(cfg, path, i + 1, lines[i]);
	g_strfreev(lines);
	return problems;
}

/* config_default_path - SYSCONFDIR/mailgloss.conf */
const char *
config_default_path(void)
{
	return SYSCONFDIR "/" PACKAGE ".conf";
}

/* config_new - the built-in defaults */
static struct config *
config_new(void)
{
	struct config *cfg = g_new0(struct config, 1);

	cfg->subject_tag = 1;
	cfg->max_message_size = CONFIG_MAX_MESSAGE_SIZE;
	cfg->time_limit = CONFIG_TIME_LIMIT;
	return cfg;
}

/* config_load - read the file that applies, or keep the defaults */
int
config_load(const char *path, struct config **cfg_r)
{
	struct config *cfg = config_new();
	const char *env = getenv("MAILGLOSS_CONFIG");
	GByteArray *data = NULL;
	char *err = NULL;
	int named = 1, problems;

	if (!path)
		path = env && *env ? env : NULL;
	if (!path) {
		path = config_default_path();
		named = 0;
	}
	*cfg_r = cfg;
	if (!named && access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (util_read_file(path, &data, &err) < 0) {
		msg_warn("%s; using the defaults", err);
		g_free(err);
		cfg->unreadable = 1;
		return 1;
	}
	cfg->path = g_strdup(path);
	g_byte_array_append(data, (const guint8 *)"", 1);
	problems = config_parse(cfg, path, (const char *)data->data, data->len - 1);
	g_byte_array_free(data, TRUE);
	return problems;
}

/* config_free - release a configuration and clear the pointer */
void
config_free(struct config **cfgp)
{
	struct config *cfg = *cfgp;
	int v;

	if (!cfg)
		return;
	for (v = 0; v < VERDICT_COUNT; v++)
		g_free(cfg->subject_tags[v]);
	g_free(cfg->path);
	g_free(cfg->language);
	g_free(cfg->subject_tag_format);
	g_free(cfg->deliver);
	g_free(cfg->rules_dir);
	g_free(cfg);
	*cfgp = NULL;
}

/* config_parse_size - a byte count with an optional k, M or G */
int
config_parse_size(const char *s, size_t *size_r)
{
	unsigned long long n, mult = 1;
	char *end;

	errno = 0;
	if (!g_ascii_isdigit(*s))
		return -1;
	n = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == 'k' || *end == 'K')
		mult = 1024ULL, end++;
	else if (*end == 'm' || *end == 'M')
		mult = 1024ULL * 1024, end++;
	else if (*end == 'g' || *end == 'G')
		mult = 1024ULL * 1024 * 1024, end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || n > (unsigned long long)SIZE_MAX / mult)
		return -1;
	*size_r = (size_t)(n * mult);
	return 0;
}

/*
 * rules_load.c - reading rule files: lines, blocks, defaults, validation
 * and site overrides (the keys inside a block are rules_keys.c).
 *
 * A rule file is a few "key = value" defaults, then blocks that start
 * with "[rule.id]".  Values are taken literally (no escapes: "\s" stays
 * "\s"); a line that starts with white space continues the text above.
 * Every problem is reported as "file:line: reason" and skips the rule.
 * Patterns are compiled when a rule is first needed (rules_match.c), so
 * a mail pays only for the rules of the sections it has.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"
#include "knowledge/rules_parse.h"

/* rules_problem - report one problem at the current line */
void
rules_problem(struct rules_file *rf, int line, const char *fmt, const char *arg)
{
	char *text = g_strdup_printf(fmt, arg ? arg : "");

	msg_warn("%s:%d: %s", rf->path, line, text);
	g_free(text);
	rf->problems++;
	rf->rule_bad = 1;
}

/* rules_valid_id - kind.section.slug: lower case, digits, '-', '_', dots */
static int
rules_valid_id(const char *id)
{
	const char *p;
	int dots = 0;

	if (!*id || *id == '.')
		return 0;
	for (p = id; *p; p++) {
		if (*p == '.') {
			if (p[1] == '.' || p[1] == 0)
				return 0;
			dots++;
		} else if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-' && *p != '_') {
			return 0;
		}
	}
	return dots > 0;
}

/* rules_try_pattern - does a pattern compile?  (strict mode only) */
static void
rules_try_pattern(struct rules_file *rf, int line, const char *pattern)
{
	PCRE2_UCHAR buf[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	char *why;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	if (re) {
		pcre2_code_free(re);
		return;
	}
	pcre2_get_error_message(err, buf, sizeof(buf));
	why = g_strdup_printf("bad pattern at offset %zu: %s", (size_t)off, (char *)buf);
	rules_problem(rf, line, "%s", why);
	g_free(why);
}

/* rules_validate - a finished block: complete and consistent? */
static int
rules_validate(struct rules_file *rf, struct rule *rule)
{
	int line = rule->line, benign;

	if (rf->override_block)
		return 0;
	if (rf->strict && rule->pattern)
		rules_try_pattern(rf, rule->pattern_line, rule->pattern);
	if (rf->strict && rule->context)
		rules_try_pattern(rf, rule->line, rule->context);
	if (!rule->pattern)
		rules_problem(rf, line, "rule %s has no match pattern", rule->id);
	if (!rule->what || !rule->why || !rule->todo)
		rules_problem(rf, line, "rule %s needs what, why and todo", rule->id);
	if (!(rule->nameset & 2))
		rules_problem(rf, line, "rule %s has no unconditional verdict", rule->id);
	benign = rule->verdict == VERDICT_NOISE || rule->verdict == VERDICT_INFO;
	if (benign && !rule->unless)
		rules_problem(rf, line, "rule %s is benign and needs \"unless\" (when it would not be)",
			      rule->id);
	if (rule->n_examples == 0)
		rules_problem(rf, line, "rule %s has no example", rule->id);
	if (strcmp(rule->kind, "") == 0)
		rules_problem(rf, line, "rule %s has no kind", rule->id);
	return rf->rule_bad ? -1 : 0;
}

/* rules_apply_override - a site block that changes a shipped rule */
static void
rules_apply_override(struct ruleset *rs, struct rules_file *rf, struct rule *site)
{
	struct rule *shipped = g_hash_table_lookup(rs->by_id, site->id);

	if (!(site->nameset & 2)) {
		rules_problem(rf, site->line, "override of %s needs a verdict", site->id);
		return;
	}
	if (!site->owner) {
		rules_problem(rf, site->line, "override of %s needs an owner", site->id);
		return;
	}
	shipped->overridden = 1;
	shipped->shipped_verdict = shipped->verdict;
	shipped->owner = site->owner;		/* both live as long as the ruleset */
	shipped->expires = site->expires;
	shipped->lapsed = site->expires && strcmp(site->expires, rs->today) < 0;
	if (!shipped->lapsed) {
		shipped->verdict = site->verdict;
		rule_drop_ifs(shipped);		/* an override decides the verdict alone */
	}
}

/* rules_keep_examples - the block's examples, from the file's lists to the rule */
static void
rules_keep_examples(struct ruleset *rs, struct rules_file *rf, struct rule *rule)
{
	rule->n_examples = rf->examples->len;
	rule->examples = ruleset_copy_list(rs, rf->examples);
	rule->n_example_contexts = rf->example_contexts->len;
	rule->example_contexts = ruleset_copy_list(rs, rf->example_contexts);
	g_ptr_array_set_size(rf->examples, 0);
	g_ptr_array_set_size(rf->example_contexts, 0);
}

/* rules_restore_id - map id to the rule kept with it again */
static void
rules_restore_id(struct ruleset *rs, const char *id)
{
	guint i;

	for (i = 0; i < rs->rules->len; i++) {
		struct rule *kept = rs->rules->pdata[i];

		if (strcmp(kept->id, id) == 0) {
			g_hash_table_insert(rs->by_id, kept->id, kept);
			return;
		}
	}
}

/* rules_end_block - validate and keep (or drop) the block just read */
static void
rules_end_block(struct ruleset *rs, struct rules_file *rf)
{
	struct rule *rule = rf->rule;

	if (!rule)
		return;
	rf->rule = NULL;
	rules_keep_examples(rs, rf, rule);
	if (rf->override_block) {
		if (!rf->rule_bad)
			rules_apply_override(rs, rf, rule);
		rule_clear(rule);	/* the rule's memory stays in the arena, unused */
		return;
	}
	if (rules_validate(rf, rule) < 0) {
		rule_clear(rule);
		return;
	}
	/*
	 * One hash operation per rule, as ids are almost never taken: when
	 * one is, insert has replaced the first rule, which is put back.
	 */
	if (!g_hash_table_insert(rs->by_id, rule->id, rule)) {
		rules_problem(rf, rule->line, "duplicate rule id %s", rule->id);
		rules_restore_id(rs, rule->id);
		rule_clear(rule);
		return;
	}
	rule->seq = (int)rs->rules->len;
	g_ptr_array_add(rs->rules, rule);
}

/* rules_begin_block - "[rule.id]" */
static void
rules_begin_block(struct ruleset *rs, struct rules_file *rf, char *id)
{
	struct rule *rule = ruleset_alloc(rs, sizeof(*rule));

	rules_end_block(rs, rf);
	rf->rule = rule;
	rf->rule_bad = 0;
	rule->id = id;
	rule->file = rf->file;
	rule->line = rf->lineno;
	rule->kind = rf->kind ? rf->kind : (char *)"";
	rule->sections = rf->sections;
	rf->override_block = rf->site && g_hash_table_contains(rs->by_id, id);
	if (!rules_valid_id(id))
		rules_problem(rf, rf->lineno, "bad rule id \"%s\" (want kind.section.slug, lower case)", id);
	rule->context = rf->context;
}

/* rules_file_default - "kind = ..." and friends before the first block */
static void
rules_file_default(struct rules_file *rf, const char *key, char *value)
{
	if (strcmp(key, "kind") == 0)
		rf->kind = value;
	else if (strcmp(key, "section") == 0)
		rf->sections = ruleset_sections(rf->rs, value);
	else if (strcmp(key, "context") == 0)
		rf->context = value;
	else
		rules_problem(rf, rf->lineno, "\"%s\" is not a file-level key (kind, section, context)", key);
}

/* rules_chomp - cut the white space before end (a line's end) off s; s */
static char *
rules_chomp(char *s, char *end)
{
	while (end > s && g_ascii_isspace(end[-1]))
		end--;
	*end = 0;
	return s;
}

/* rules_strip - the same, and skip the white space s starts with */
static char *
rules_strip(char *s, char *end)
{
	while (s < end && g_ascii_isspace(*s))
		s++;
	return rules_chomp(s, end);
}

/* rules_key_line - "key = value" */
static void
rules_key_line(struct rules_file *rf, char *p, char *end)
{
	char *eq = memchr(p, '=', (size_t)(end - p)), *key, *value;
	enum rules_key code;

	if (!eq) {
		rules_problem(rf, rf->lineno, "expected \"key = value\"%s", "");
		return;
	}
	key = rules_strip(p, eq);
	value = eq + 1;
	if (*value == ' ')
		value++;	/* exactly one space after "=" is decoration */
	rules_chomp(value, end);
	code = rules_key_lookup(key, rf->site);
	rf->last_key = RULES_KEY_IS_TEXT(code) ? code : RULES_KEY_UNKNOWN;
	if (!rf->rule)
		rules_file_default(rf, key, value);
	else if (code == RULES_KEY_UNKNOWN)
		rules_problem(rf, rf->lineno, "unknown key \"%s\"", key);
	else
		rules_set(rf, rf->lineno, code, value);
}

/* rules_line - one line of a rule file, NUL-terminated at end */
static void
rules_line(struct ruleset *rs, struct rules_file *rf, char *line, char *end)
{
	char *p = line;

	if (*p == ' ' || *p == '\t') {
		p = rules_strip(p, end);
		if (!*p || *p == '#')
			return;
		if (!rf->rule || rf->last_key == RULES_KEY_UNKNOWN) {
			rules_problem(rf, rf->lineno, "continuation line only after what, why, todo or unless%s", "");
			return;
		}
		rules_set(rf, rf->lineno, rf->last_key, p);
		return;
	}
	if (!*p || *p == '#')
		return;
	if (*p == '[') {
		/* The line ends with the first ']' seen from its end. */
		if (end[-1] != ']') {
			rules_problem(rf, rf->lineno, "a block starts with [rule.id]%s", "");
			return;
		}
		end[-1] = 0;
		rules_begin_block(rs, rf, p + 1);
		rf->last_key = RULES_KEY_UNKNOWN;
		return;
	}
	rules_key_line(rf, p, end);
}

/*
 * rules_read - a whole file, NUL-terminated; 0, or -1 with errno.  Four
 * system calls for a file of the size fstat() gave (a short read of a
 * regular file is its end), where g_file_get_contents() made five:
 * filter reads some sixty rule files per mail.
 */
static int
rules_read(const char *path, char **data_r, size_t *len_r)
{
	struct stat st;
	size_t cap, len = 0;
	char *data;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	data = g_malloc(cap + 1);
	for (;;) {
		n = read(fd, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			saved = errno;
			g_free(data);
			close(fd);
			errno = saved;
			return -1;
		}
		len += (size_t)n;
		if (n == 0 || (S_ISREG(st.st_mode) && len < cap))
			break;		/* the end (a regular file's: a short read) */
		if (len == cap) {
			cap *= 2;
			data = g_realloc(data, cap + 1);
		}
	}
	close(fd);
	data[len] = 0;
	*data_r = data;
	*len_r = len;
	return 0;
}

/* rules_load_text - parse data (len bytes and a NUL), the text of path, which rs keeps */
static int
rules_load_text(struct ruleset *rs, const char *path, int site, char *data, size_t len)
{
	struct rules_file rf = { .rs = rs, .path = path, .site = site, .strict = rs->strict };
	char *line, *next;

	/* Lines are cut in place; the rules point into the text, kept with them. */
	ruleset_keep_text(rs, data);
	rf.file = ruleset_intern(rs, path);
	rf.examples = g_ptr_array_sized_new(16);
	rf.example_contexts = g_ptr_array_sized_new(16);
	for (line = data, rf.lineno = 1; line; line = next, rf.lineno++) {
		char *end = memchr(line, '\n', (size_t)(data + len - line));

		next = end ? end + 1 : NULL;
		if (!end)
			end = data + len;
		*end = 0;
		rules_line(rs, &rf, line, end);
	}
	rules_end_block(rs, &rf);
	g_ptr_array_free(rf.examples, TRUE);
	g_ptr_array_free(rf.example_contexts, TRUE);
	return rf.problems;
}

/*
 * rules_load_file - read one file into rs and, if twin is not NULL, the
 * same bytes into twin, only while they have no problem (a second
 * parse would repeat the warnings); *twin_r is then set to NULL
 */
static int
rules_load_file(struct ruleset *rs, struct ruleset **twin_r, const char *path, int site)
{
	char *data = NULL, *copy = NULL;
	size_t len;
	int problems;

	if (rules_read(path, &data, &len) < 0) {
		msg_warn("%s: %s", path, g_strerror(errno));
		return 1;
	}
	if (!util_utf8_valid(data, len)) {
		msg_warn("%s: not valid UTF-8", path);
		g_free(data);
		return 1;
	}
	if (*twin_r)
		copy = g_memdup2(data, len + 1);	/* parsing cuts the text */
	problems = rules_load_text(rs, path, site, data, len);
	if (copy && problems == 0)
		rules_load_text(*twin_r, path, site, copy, len);
	else if (copy) {
		g_free(copy);
		*twin_r = NULL;
	}
	return problems;
}

/*
 * rules_collect - every *.rules file below dir (sorted by the caller),
 * and every directory read on the way into dirs unless it is NULL.
 * The directory entry's type says what it is; only a symbolic link or
 * a file system that does not say costs a stat() (one per entry before).
 */
static void
rules_collect(const char *dir, GPtrArray *out, GPtrArray *dirs)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	if (dirs)
		g_ptr_array_add(dirs, g_strdup(dir));
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		char *path;
		int is_dir = de->d_type == DT_DIR;

		if (name[0] == '.')
			continue;
		path = g_build_filename(dir, name, NULL);
		if (de->d_type == DT_LNK || de->d_type == DT_UNKNOWN)
			is_dir = g_file_test(path, G_FILE_TEST_IS_DIR);
		if (is_dir) {
			rules_collect(path, out, dirs);
			g_free(path);
		} else if (g_str_has_suffix(name, ".rules")) {
			g_ptr_array_add(out, path);
		} else {
			g_free(path);
		}
	}
	closedir(d);
}

/* rules_path_cmp - sort paths */
static gint
rules_path_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* rules_files - the *.rules files below dir, sorted: the order they load in */
GPtrArray *
rules_files(const char *dir)
{
	return rules_files_dirs(dir, NULL);
}

/* rules_files_dirs - the same, and the directories read for them (sorted) if dirs_r */
GPtrArray *
rules_files_dirs(const char *dir, GPtrArray **dirs_r)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *dirs = dirs_r ? g_ptr_array_new_with_free_func(g_free) : NULL;

	rules_collect(dir, files, dirs);
	g_ptr_array_sort(files, rules_path_cmp);
	if (dirs_r) {
		g_ptr_array_sort(dirs, rules_path_cmp);
		*dirs_r = dirs;
	}
	return files;
}

/* ruleset_load - a file or a directory tree of rule files */
int
ruleset_load(struct ruleset *rs, const char *path, int site)
{
	return ruleset_load_pair(rs, NULL, path, site);
}

/*
 * ruleset_load_pair - the same, and if twin is not NULL the same bytes
 * into it (one read of each file, so both hold the same rules); twin
 * is only fit to be freed if there were problems
 */
int
ruleset_load_pair(struct ruleset *rs, struct ruleset *twin, const char *path, int site)
{
	GPtrArray *files;
	int problems = 0;
	guint i;

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		files = rules_files(path);
	} else {
		files = g_ptr_array_new_with_free_func(g_free);
		if (g_file_test(path, G_FILE_TEST_EXISTS)) {
			g_ptr_array_add(files, g_strdup(path));
		} else {
			msg_warn("%s: no such rules file or directory", path);
			problems++;
		}
	}
	for (i = 0; i < files->len; i++)
		problems += rules_load_file(rs, &twin, files->pdata[i], site);
	g_ptr_array_free(files, TRUE);
	ruleset_scopes_reset(rs);
	if (twin)
		ruleset_scopes_reset(twin);
	return problems;
}


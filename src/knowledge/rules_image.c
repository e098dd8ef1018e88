/*
 * rules_image.c - the shipped catalogue, parsed ahead.
 *
 * filter loads the catalogue for every mail, and reading sixty rule
 * files into rules took it 2 to 2.5 ms, longer than the parse of the
 * mail it runs beside.  "mailgloss rules cache" therefore also stores
 * the parsed rules (the image) in the pattern cache, and loading them
 * from there takes a fraction of that.
 *
 * The image is only ever a faster way to the same ruleset.  It holds
 * the text of every file it was made from, and is used only when the
 * directory has exactly those files with exactly that text; otherwise
 * the files are parsed as usual.  It is made only from a catalogue that
 * loads without a problem, so the warnings of a broken one still come
 * from the parser.
 *
 * Whether the files are still those is first asked of their times, as
 * Python asks of a source file before it trusts its .pyc: every
 * directory the files were found in, and every file, has the
 * modification time (to the nanosecond) and the size it had when the
 * image was made.  Adding, removing or renaming a file changes its
 * directory's time; writing one changes its own.  A time less than
 * RI_RACY_SECONDS before the image was made proves nothing (the file
 * may have been written again within the same tick of the file
 * system's clock), and a time that differs may only mean a copy
 * (make install): then the directory is read again, or the file
 * compared byte for byte with the text the image holds, as before.
 * Reading sixty files to compare them took 1.1 ms of filter's 9 (of
 * which the directories were 0.5); asking their times takes 0.2 ms.
 *
 * Layout, numbers 32-bit little-endian (times and doubles 64-bit), a
 * string is its offset in the string block plus one (0: NULL):
 *	"MGRI" revision made (the time the image was made, in seconds)
 *	dir-count, each: relative-path ("" for dir) mtime-seconds
 *	  mtime-nanoseconds
 *	file-count, each: relative-path mtime-seconds mtime-nanoseconds
 *	  text-length text
 *	string-block-size string-block (NUL-terminated strings)
 *	rule-count, each: id kind section-spec pattern context verdict
 *	  what why todo unless example-context fallback file-index line
 *	  pattern-line nameset, then the lists: examples, example contexts
 *	  (a count and strings), verdicts with conditions, records, whens
 *	  and example sets (a count and their fields).
 * Every count and offset is checked while reading; an image that does
 * not hold together is not used.
 *
 * Strings point into the mapped cache, which the ruleset keeps mapped:
 * they are read-only, as nothing changes a rule's strings.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"
#include "knowledge/pattern_cache.h"
#include "knowledge/rules_image.h"
#include "knowledge/rules_private.h"

#define RI_MAGIC	"MGRI"
#define RI_REVISION	2	/* raise when struct rule or the parser's meaning changes */
#define RI_RACY_SECONDS	3	/* a time this close to the image's making proves nothing */
#define RI_MAX_COUNT	1000000
#define RI_CHUNK	65536	/* bytes of a rule file compared at a time */

/* --- writing ------------------------------------------------------------ */

struct ri_writer {
	GByteArray *out;
	GString *strings;
	GHashTable *offsets;	/* string -> its offset plus one */
	GHashTable *specs;	/* a section list -> the spec it was split from */
};

/* ri_put_s64 - a signed 64-bit number, little-endian */
static void
ri_put_s64(GByteArray *b, gint64 v)
{
	util_put_le32(b, (guint32)((guint64)v & 0xffffffffu));
	util_put_le32(b, (guint32)((guint64)v >> 32));
}

/* ri_put_double - a double's bits, little-endian */
static void
ri_put_double(GByteArray *b, double d)
{
	gint64 v;

	memcpy(&v, &d, sizeof(v));
	ri_put_s64(b, v);
}

/* ri_put_mtime - a file's modification time */
static void
ri_put_mtime(GByteArray *b, const struct stat *st)
{
	ri_put_s64(b, (gint64)st->st_mtim.tv_sec);
	util_put_le32(b, (guint32)st->st_mtim.tv_nsec);
}

/*
 * ri_read_text - a file's text and its status as read (fstat on the
 * descriptor read from, so the two belong together); 0 or -1
 */
static int
ri_read_text(const char *path, char **text_r, gsize *len_r, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	GString *text;
	char buf[65536];
	ssize_t n;

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	text = g_string_sized_new((gsize)st->st_size + 1);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		g_string_append_len(text, buf, n);
	}
	if (n == 0 && text->len <= G_MAXUINT32) {
		*len_r = text->len;
		*text_r = g_string_free(text, FALSE);
		rc = 0;
	} else {
		g_string_free(text, TRUE);
	}
	close(fd);
	return rc;
}

/* ri_ref - a string's reference, adding it to the block once */
static guint32
ri_ref(struct ri_writer *w, const char *s)
{
	gpointer found;
	guint32 ref;

	if (!s)
		return 0;
	if ((found = g_hash_table_lookup(w->offsets, s)))
		return GPOINTER_TO_UINT(found);
	ref = (guint32)w->strings->len + 1;
	g_string_append_len(w->strings, s, (gssize)strlen(s) + 1);
	g_hash_table_insert(w->offsets, (gpointer)s, GUINT_TO_POINTER(ref));
	return ref;
}

/* ri_put_ref - a string's reference */
static void
ri_put_ref(struct ri_writer *w, GByteArray *b, const char *s)
{
	util_put_le32(b, ri_ref(w, s));
}

/* ri_put_list - a count and that many strings */
static void
ri_put_list(struct ri_writer *w, GByteArray *b, char **list, guint n)
{
	guint i;

	util_put_le32(b, n);
	for (i = 0; i < n; i++)
		ri_put_ref(w, b, list[i]);
}

/* ri_put_conds - a count and that many conditions */
static void
ri_put_conds(struct ri_writer *w, GByteArray *b, const GArray *conds)
{
	guint i;

	util_put_le32(b, conds ? conds->len : 0);
	for (i = 0; conds && i < conds->len; i++) {
		const struct rule_cond *c = &g_array_index(conds, struct rule_cond, i);

		ri_put_ref(w, b, c->name);
		util_put_le32(b, c->op);
		ri_put_double(b, c->value);
	}
}

/* ri_put_rule - one rule; file is its file's number */
static void
ri_put_rule(struct ri_writer *w, GByteArray *b, const struct rule *r, guint32 file)
{
	guint i;

	ri_put_ref(w, b, r->id);
	ri_put_ref(w, b, r->kind);
	ri_put_ref(w, b, r->sections ? g_hash_table_lookup(w->specs, r->sections) : NULL);
	ri_put_ref(w, b, r->pattern);
	ri_put_ref(w, b, r->context);
	util_put_le32(b, r->verdict);
	ri_put_ref(w, b, r->what);
	ri_put_ref(w, b, r->why);
	ri_put_ref(w, b, r->todo);
	ri_put_ref(w, b, r->unless);
	ri_put_ref(w, b, r->example_context);
	util_put_le32(b, (guint32)r->fallback);
	util_put_le32(b, file);
	util_put_le32(b, (guint32)r->line);
	util_put_le32(b, (guint32)r->pattern_line);
	util_put_le32(b, (guint32)r->nameset);
	ri_put_list(w, b, r->examples, r->n_examples);
	ri_put_list(w, b, r->example_contexts, r->n_example_contexts);
	util_put_le32(b, r->ifs ? r->ifs->len : 0);
	for (i = 0; r->ifs && i < r->ifs->len; i++) {
		const struct rule_verdict_if *vi = &g_array_index(r->ifs, struct rule_verdict_if, i);

		util_put_le32(b, vi->verdict);
		ri_put_conds(w, b, vi->conds);
	}
	util_put_le32(b, r->records ? r->records->len : 0);
	for (i = 0; r->records && i < r->records->len; i++) {
		const struct rule_record *rec = &g_array_index(r->records, struct rule_record, i);

		ri_put_ref(w, b, rec->set);
		ri_put_ref(w, b, rec->capture);
		ri_put_ref(w, b, rec->count);
		util_put_le32(b, (guint32)rec->line);
		ri_put_conds(w, b, rec->conds);
	}
	util_put_le32(b, r->whens ? r->whens->len : 0);
	for (i = 0; r->whens && i < r->whens->len; i++) {
		const struct rule_when *wh = &g_array_index(r->whens, struct rule_when, i);

		ri_put_ref(w, b, wh->capture);
		util_put_le32(b, (guint32)wh->near);
		ri_put_ref(w, b, wh->set);
		ri_put_double(b, wh->min);
		util_put_le32(b, (guint32)wh->line);
	}
	util_put_le32(b, r->example_sets ? r->example_sets->len : 0);
	for (i = 0; r->example_sets && i < r->example_sets->len; i++) {
		const struct rule_example_set *es = &g_array_index(r->example_sets, struct rule_example_set, i);

		ri_put_ref(w, b, es->set);
		ri_put_ref(w, b, es->value);
		ri_put_double(b, es->count);
	}
}

/* ri_relative - path below dir, as the image names it */
static const char *
ri_relative(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strncmp(path, dir, n) != 0)
		return NULL;
	for (path += n; *path == G_DIR_SEPARATOR; path++)
		;
	return path;
}

/*
 * ruleset_image_make - the image of the catalogue in dir, which must
 * load into a fresh ruleset without a problem; 0, or -1 with *errstr
 */
int
ruleset_image_make(const char *dir, GByteArray *out, char **errstr)
{
	struct ruleset *rs = ruleset_new();
	GPtrArray *dirs = NULL, *files = rules_files_dirs(dir, &dirs);
	GHashTable *file_no = g_hash_table_new(g_str_hash, g_str_equal);
	struct ri_writer w = { 0 };
	GByteArray *rules = g_byte_array_new();
	GHashTableIter it;
	gpointer spec, list;
	guint made_at;
	gint64 made;
	int rc = -1;
	guint i;

	if (ruleset_load(rs, dir, 0) != 0) {
		*errstr = msg_errstr("%s: the rules have problems; no image made", dir);
		goto out;
	}
	w.out = out;
	w.strings = g_string_new(NULL);
	w.offsets = g_hash_table_new(g_str_hash, g_str_equal);
	w.specs = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_iter_init(&it, rs->section_lists);
	while (g_hash_table_iter_next(&it, &spec, &list))
		g_hash_table_insert(w.specs, list, spec);
	g_byte_array_append(out, (const guint8 *)RI_MAGIC, 4);
	util_put_le32(out, RI_REVISION);
	made_at = out->len;
	ri_put_s64(out, 0);	/* made: filled in below, after every file is read */
	util_put_le32(out, dirs->len);
	for (i = 0; i < dirs->len; i++) {
		const char *path = dirs->pdata[i], *rel = ri_relative(dir, path);
		struct stat st;

		if (!rel || stat(path, &st) < 0) {
			*errstr = msg_errstr("%s: cannot be read again; no image made", path);
			goto out;
		}
		ri_put_ref(&w, out, rel);
		ri_put_mtime(out, &st);
	}
	util_put_le32(out, files->len);
	for (i = 0; i < files->len; i++) {
		const char *path = files->pdata[i], *rel = ri_relative(dir, path);
		struct stat st;
		char *text = NULL;
		gsize len = 0;

		if (!rel || ri_read_text(path, &text, &len, &st) < 0) {
			*errstr = msg_errstr("%s: cannot be read again; no image made", path);
			goto out;
		}
		ri_put_ref(&w, out, rel);
		ri_put_mtime(out, &st);
		util_put_le32(out, (guint32)len);
		g_byte_array_append(out, (const guint8 *)text, (guint)len);
		g_free(text);
		/* the rules keep their file's name as the loader interned it */
		g_hash_table_insert(file_no, (gpointer)path, GUINT_TO_POINTER(i));
	}
	made = g_get_real_time() / G_USEC_PER_SEC;
	for (i = 0; i < 8; i++)
		out->data[made_at + i] = (guint8)((guint64)made >> (8 * i));
	for (i = 0; i < rs->rules->len; i++) {
		const struct rule *r = rs->rules->pdata[i];
		gpointer no;

		if (!g_hash_table_lookup_extended(file_no, r->file, NULL, &no)) {
			*errstr = msg_errstr("%s: rule %s has no file; no image made", dir, r->id);
			goto out;
		}
		ri_put_rule(&w, rules, r, GPOINTER_TO_UINT(no));
	}
	util_put_le32(out, (guint32)w.strings->len);
	g_byte_array_append(out, (const guint8 *)w.strings->str, (guint)w.strings->len);
	util_put_le32(out, rs->rules->len);
	g_byte_array_append(out, rules->data, rules->len);
	rc = 0;
out:
	if (rc < 0)
		g_byte_array_set_size(out, 0);
	if (w.strings)
		g_string_free(w.strings, TRUE);
	if (w.offsets)
		g_hash_table_destroy(w.offsets);
	if (w.specs)
		g_hash_table_destroy(w.specs);
	g_byte_array_free(rules, TRUE);
	g_hash_table_destroy(file_no);
	g_ptr_array_free(files, TRUE);
	g_ptr_array_free(dirs, TRUE);
	ruleset_free(&rs);
	return rc;
}

/* --- reading ------------------------------------------------------------ */

struct ri_reader {
	const guint8 *p, *end;
	const char *strings;	/* the string block */
	guint32 strings_len;
	int bad;		/* something did not hold together */
	const char *spec;	/* the last rule's section spec, */
	char **sections;	/* and its list (a file's rules share both) */
};

/* ri_u32 - the next number; 0 and r->bad if the image ends */
static guint32
ri_u32(struct ri_reader *r)
{
	guint32 v;

	if (r->bad || r->end - r->p < 4) {
		r->bad = 1;
		return 0;
	}
	v = util_le32(r->p);
	r->p += 4;
	return v;
}

/* ri_s64 - the next signed 64-bit number */
static gint64
ri_s64(struct ri_reader *r)
{
	guint64 v = ri_u32(r);

	v |= (guint64)ri_u32(r) << 32;
	return (gint64)v;
}

/* ri_double - the next double */
static double
ri_double(struct ri_reader *r)
{
	gint64 v = ri_s64(r);
	double d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

/* ri_count - a count of items of at least size bytes each that the image can hold */
static guint32
ri_count(struct ri_reader *r, size_t size)
{
	guint32 n = ri_u32(r);

	if (n > RI_MAX_COUNT || (guint64)n * size > (guint64)(r->end - r->p))
		r->bad = 1;
	return r->bad ? 0 : n;
}

/*
 * ri_str - the next string reference resolved: its block ends in a NUL,
 * so a string at any offset inside it ends inside it too
 */
static char *
ri_str(struct ri_reader *r)
{
	guint32 ref = ri_u32(r);

	if (ref == 0 || r->bad)
		return NULL;
	if (ref > r->strings_len) {
		r->bad = 1;
		return NULL;
	}
	return (char *)r->strings + ref - 1;
}

/* ri_str_set - a string that must be there */
static char *
ri_str_set(struct ri_reader *r)
{
	char *s = ri_str(r);

	if (!s)
		r->bad = 1;
	return s;
}

/* ri_list - a count and that many strings, NULL-terminated in the arena; NULL if none */
static char **
ri_list(struct ri_reader *r, struct ruleset *rs, guint *n_r)
{
	guint32 n = ri_count(r, 4), i;
	char **list;

	*n_r = 0;
	if (n == 0)
		return NULL;
	list = ruleset_alloc(rs, ((size_t)n + 1) * sizeof(char *));
	for (i = 0; i < n; i++)
		list[i] = ri_str_set(r);
	*n_r = n;
	return list;
}

/* ri_conds - a count and that many conditions, appended to conds */
static void
ri_conds(struct ri_reader *r, GArray *conds)
{
	guint32 n = ri_count(r, 16), i;

	for (i = 0; i < n && !r->bad; i++) {
		struct rule_cond c = { 0 };
		const char *name = ri_str_set(r);
		guint32 op = ri_u32(r);

		c.value = ri_double(r);
		if (r->bad || op > COND_NE) {
			r->bad = 1;
			break;
		}
		c.name = g_strdup(name);
		c.op = (enum cond_op)op;
		g_array_append_val(conds, c);
	}
}

/* ri_verdict - a verdict a rule may give */
static enum verdict
ri_verdict(struct ri_reader *r)
{
	guint32 v = ri_u32(r);

	if (v >= VERDICT_UNKNOWN)
		r->bad = 1;
	return r->bad ? VERDICT_NOISE : (enum verdict)v;
}

/* ri_correlation - a rule's records, whens and example sets */
static void
ri_correlation(struct ri_reader *r, struct rule *rule)
{
	guint32 n, i;

	if ((n = ri_count(r, 20)) > 0)
		rule->records = g_array_new(FALSE, TRUE, sizeof(struct rule_record));
	for (i = 0; i < n && !r->bad; i++) {
		struct rule_record rec = { 0 };
		const char *set = ri_str_set(r), *capture = ri_str_set(r), *count = ri_str(r);

		rec.line = (int)ri_u32(r);
		if (r->bad)
			break;
		rec.set = g_strdup(set);
		rec.capture = g_strdup(capture);
		rec.count = g_strdup(count);
		rec.conds = g_array_new(FALSE, TRUE, sizeof(struct rule_cond));
		g_array_append_val(rule->records, rec);
		ri_conds(r, rec.conds);
	}
	if ((n = ri_count(r, 24)) > 0)
		rule->whens = g_array_new(FALSE, TRUE, sizeof(struct rule_when));
	for (i = 0; i < n && !r->bad; i++) {
		struct rule_when wh = { 0 };
		const char *capture = ri_str_set(r), *set;

		wh.near = (int)ri_u32(r);
		set = ri_str_set(r);
		wh.min = ri_double(r);
		wh.line = (int)ri_u32(r);
		if (r->bad)
			break;
		wh.capture = g_strdup(capture);
		wh.set = g_strdup(set);
		g_array_append_val(rule->whens, wh);
	}
	if ((n = ri_count(r, 16)) > 0)
		rule->example_sets = g_array_new(FALSE, TRUE, sizeof(struct rule_example_set));
	for (i = 0; i < n && !r->bad; i++) {
		struct rule_example_set es = { 0 };
		const char *set = ri_str_set(r), *value = ri_str_set(r);

		es.count = ri_double(r);
		if (r->bad)
			break;
		es.set = g_strdup(set);
		es.value = g_strdup(value);
		g_array_append_val(rule->example_sets, es);
	}
}

/* ri_rule - the next rule, kept in rs; -1 if the image does not hold together */
static int
ri_rule(struct ri_reader *r, struct ruleset *rs, char **files, guint32 nfiles)
{
	struct rule *rule = ruleset_alloc(rs, sizeof(*rule));
	const char *spec;
	guint32 file, n, i;

	rule->id = ri_str_set(r);
	rule->kind = ri_str_set(r);
	spec = ri_str(r);
	rule->pattern = ri_str_set(r);
	rule->context = ri_str(r);
	rule->verdict = ri_verdict(r);
	rule->what = ri_str_set(r);
	rule->why = ri_str_set(r);
	rule->todo = ri_str_set(r);
	rule->unless = ri_str(r);
	rule->example_context = ri_str(r);
	rule->fallback = ri_u32(r) != 0;
	file = ri_u32(r);
	rule->line = (int)ri_u32(r);
	rule->pattern_line = (int)ri_u32(r);
	rule->nameset = (int)ri_u32(r);
	rule->examples = ri_list(r, rs, &rule->n_examples);
	rule->example_contexts = ri_list(r, rs, &rule->n_example_contexts);
	if (r->bad || file >= nfiles)
		return -1;
	rule->file = files[file];
	if (spec != r->spec) {
		r->spec = spec;
		r->sections = spec ? ruleset_sections(rs, spec) : NULL;
	}
	rule->sections = r->sections;
	/* kept now, so that ruleset_free() releases what follows, whatever happens */
	rule->seq = (int)rs->rules->len;
	g_ptr_array_add(rs->rules, rule);
	if ((n = ri_count(r, 8)) > 0)
		rule->ifs = g_array_new(FALSE, TRUE, sizeof(struct rule_verdict_if));
	for (i = 0; i < n && !r->bad; i++) {
		struct rule_verdict_if vi = { 0 };

		vi.verdict = ri_verdict(r);
		if (r->bad)
			break;
		vi.conds = g_array_new(FALSE, TRUE, sizeof(struct rule_cond));
		g_array_append_val(rule->ifs, vi);
		ri_conds(r, vi.conds);
	}
	ri_correlation(r, rule);
	if (r->bad || !g_hash_table_insert(rs->by_id, rule->id, rule))
		return -1;	/* a repeated id: no image of a loadable catalogue has one */
	return 0;
}

/*
 * ri_same_file - does the file at path hold exactly text?  Read a piece
 * at a time into buf: no copy of the whole catalogue is made.
 */
static int
ri_same_file(const char *path, const guint8 *text, guint32 len, char *buf)
{
	struct stat st;
	guint32 done = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), same = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (guint64)st.st_size != len)
		goto out;
	while (done < len) {
		n = read(fd, buf, MIN(RI_CHUNK, len - done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || memcmp(buf, text + done, (size_t)n) != 0)
			goto out;
		done += (guint32)n;
	}
	same = 1;
out:
	close(fd);
	return same;
}

/*
 * ri_time_same - is path (a directory if size < 0, else a file of that
 * size) still as it was at the image's making, by its modification
 * time?  Never for a time too close to the making to prove anything.
 */
static int
ri_time_same(const char *path, gint64 made, gint64 sec, guint32 nsec, gint64 size)
{
	struct stat st;

	if (sec > made - RI_RACY_SECONDS || stat(path, &st) < 0)
		return 0;
	if (size < 0 ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode) || (gint64)st.st_size != size)
		return 0;
	return (gint64)st.st_mtim.tv_sec == sec && (guint32)st.st_mtim.tv_nsec == nsec;
}

/*
 * ri_dirs_same - have none of the image's directories changed, by their
 * times?  Taken as read when trusted.
 */
static int
ri_dirs_same(struct ri_reader *r, const char *dir, gint64 made, int trusted)
{
	guint32 n = ri_count(r, 16), i;
	int same = !r->bad && n > 0 && !trusted;	/* the directory itself at least */

	for (i = 0; i < n; i++) {
		const char *rel = ri_str_set(r);
		gint64 sec = ri_s64(r);
		guint32 nsec = ri_u32(r);

		if (same && !r->bad) {
			char *path = *rel ? g_build_filename(dir, rel, NULL) : g_strdup(dir);

			same = ri_time_same(path, made, sec, nsec, -1);
			g_free(path);
		}
	}
	return (same || trusted) && !r->bad;
}

/*
 * ri_files - the image's files against dir's: the same names in the
 * same order, each with the same text.  While no directory has changed
 * the names are the image's (no directory is read); a file whose time
 * does not vouch for it is compared byte for byte.  Their names as the
 * loader would keep them go to files (interned in rs).  trusted: the
 * files were checked against this image already (ruleset_image_twin).
 */
static int
ri_files(struct ri_reader *r, struct ruleset *rs, const char *dir, gint64 made, int trusted,
	 struct image_check *check, char ***files_r, guint32 *n_r)
{
	GPtrArray *dirs = NULL, *found = NULL;
	guint32 n, i;
	char *buf = NULL, **files = NULL, *built = NULL;
	int rc = -1;

	if (!ri_dirs_same(r, dir, made, trusted)) {
		found = rules_files_dirs(dir, &dirs);
		check->dirs_read = dirs->len;
		g_ptr_array_free(dirs, TRUE);
	}
	n = ri_count(r, 20);
	if (r->bad || (found && n != found->len))
		goto out;
	files = ruleset_alloc(rs, ((size_t)n + 1) * sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *rel = ri_str_set(r), *path, *here;
		gint64 sec = ri_s64(r);
		guint32 nsec = ri_u32(r), len = ri_u32(r);

		if (r->bad || (guint64)len > (guint64)(r->end - r->p))
			goto out;
		g_clear_pointer(&built, g_free);
		path = found ? found->pdata[i] : (built = g_build_filename(dir, rel, NULL));
		here = ri_relative(dir, path);
		if (!here || strcmp(here, rel) != 0)
			goto out;
		if (!trusted && !ri_time_same(path, made, sec, nsec, len)) {
			check->files_compared++;
			if (!buf)
				buf = g_malloc(RI_CHUNK);
			if (!ri_same_file(path, r->p, len, buf))
				goto out;
		}
		r->p += len;
		files[i] = ruleset_intern(rs, path);
	}
	*files_r = files;
	*n_r = n;
	rc = 0;
out:
	g_free(built);
	g_free(buf);
	if (found)
		g_ptr_array_free(found, TRUE);
	return rc;
}

/* ri_load - ruleset_image_load, the files taken as checked if trusted */
static int
ri_load(struct ruleset *rs, const char *dir, const guint8 *image, size_t len, GMappedFile *map,
	int trusted, struct image_check *check)
{
	struct ri_reader r = { .p = image, .end = image + len };
	struct image_check unasked;
	const guint8 *files_at;
	char **files = NULL;
	guint32 nfiles = 0, n, i, size;
	gint64 made;

	if (!check)
		check = &unasked;
	memset(check, 0, sizeof(*check));
	if (len < 8 || memcmp(image, RI_MAGIC, 4) != 0)
		return -1;
	r.p += 4;
	if (ri_u32(&r) != RI_REVISION)
		return -1;
	made = ri_s64(&r);
	/* The strings come after the files: skip those first, then compare them. */
	files_at = r.p;
	n = ri_count(&r, 16);
	for (i = 0; i < n && !r.bad; i++) {
		ri_u32(&r);
		ri_s64(&r);
		ri_u32(&r);
	}
	n = ri_count(&r, 20);
	for (i = 0; i < n && !r.bad; i++) {
		guint32 flen;

		ri_u32(&r);
		ri_s64(&r);
		ri_u32(&r);
		flen = ri_u32(&r);
		if (r.bad || (guint64)flen > (guint64)(r.end - r.p))
			return -1;
		r.p += flen;
	}
	size = ri_count(&r, 1);
	if (r.bad || size == 0 || r.p[size - 1] != 0)
		return -1;
	r.strings = (const char *)r.p;
	r.strings_len = size;
	r.p += size;
	if (map)
		rs->image = g_mapped_file_ref(map);
	{
		struct ri_reader f = r;

		f.p = files_at;
		if (ri_files(&f, rs, dir, made, trusted, check, &files, &nfiles) < 0)
			return -1;
	}
	n = ri_count(&r, 64);
	for (i = 0; i < n; i++)
		if (ri_rule(&r, rs, files, nfiles) < 0)
			return -1;
	if (r.bad || r.p != r.end)
		return -1;
	ruleset_scopes_reset(rs);
	return 0;
}

/*
 * ruleset_image_load - the catalogue in dir from image (len bytes inside
 * map, which the ruleset keeps a reference to) into rs, which must be
 * empty.  0, or -1 when the image is not of dir as it is now, or does
 * not hold together: then rs may hold part of it, and is to be freed.
 */
int
ruleset_image_load(struct ruleset *rs, const char *dir, const guint8 *image, size_t len,
		   GMappedFile *map, struct image_check *check)
{
	return ri_load(rs, dir, image, len, map, 0, check);
}

/*
 * ruleset_image_twin - into rs (empty), the shipped rules of dir once
 * more, for another thread: from the pattern cache's image that of was
 * loaded from, so against the files that image was checked against
 * then; 0, or -1 when of did not come from it
 */
int
ruleset_image_twin(struct ruleset *rs, const struct ruleset *of, const char *dir)
{
	GMappedFile *map;
	size_t len;
	const guint8 *image = pattern_cache_image(&len, &map);

	if (!image || !of->image || of->image != map)
		return -1;
	return ri_load(rs, dir, image, len, map, 1, NULL);
}

/* ruleset_load_image - the catalogue in dir from the pattern cache's image; 0 or -1 */
int
ruleset_load_image(struct ruleset *rs, const char *dir)
{
	GMappedFile *map;
	size_t len;
	const guint8 *image = pattern_cache_image(&len, &map);

	if (!image)
		return -1;
	return ruleset_image_load(rs, dir, image, len, map, NULL);
}

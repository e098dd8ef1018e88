/*
 * test_rules_image.c - the parsed catalogue in the pattern cache: it
 * gives exactly the rules the files give, and only while the files are
 * exactly those it was made from.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "i18n.h"
#include "tap.h"
#include "knowledge/pattern_cache.h"
#include "knowledge/rules_image.h"
#include "knowledge/rules_private.h"

static char *tmpdir;

/* same_str - two strings alike (two NULLs are) */
static int
same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* same_conds - two condition lists alike (NULL is empty) */
static int
same_conds(const GArray *a, const GArray *b)
{
	guint i, n = a ? a->len : 0;

	if (n != (b ? b->len : 0))
		return 0;
	for (i = 0; i < n; i++) {
		const struct rule_cond *x = &g_array_index(a, struct rule_cond, i);
		const struct rule_cond *y = &g_array_index(b, struct rule_cond, i);

		if (!same_str(x->name, y->name) || x->op != y->op || x->value != y->value)
			return 0;
	}
	return 1;
}

/* same_list - two counted string lists alike */
static int
same_list(char **a, guint na, char **b, guint nb)
{
	guint i;

	if (na != nb || (!a) != (!b))
		return 0;
	for (i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return 0;
	return !a || (!a[na] && !b[nb]);
}

/* rule_difference - the first field in which two rules differ, or NULL */
static const char *
rule_difference(const struct rule *a, const struct rule *b)
{
	guint i;

	if (!same_str(a->id, b->id))
		return "id";
	if (!same_str(a->kind, b->kind))
		return "kind";
	if (!tap_same_strv(a->sections, b->sections))
		return "sections";
	if (!same_str(a->pattern, b->pattern) || !same_str(a->context, b->context))
		return "pattern or context";
	if (a->verdict != b->verdict || a->nameset != b->nameset || a->fallback != b->fallback)
		return "verdict, nameset or fallback";
	if (!same_str(a->what, b->what) || !same_str(a->why, b->why) || !same_str(a->todo, b->todo)
	    || !same_str(a->unless, b->unless))
		return "texts";
	if (!same_list(a->examples, a->n_examples, b->examples, b->n_examples))
		return "examples";
	if (!same_list(a->example_contexts, a->n_example_contexts, b->example_contexts,
		       b->n_example_contexts) || !same_str(a->example_context, b->example_context))
		return "example contexts";
	if (!same_str(a->file, b->file) || a->line != b->line || a->pattern_line != b->pattern_line
	    || a->seq != b->seq)
		return "file, line or seq";
	if ((a->ifs ? a->ifs->len : 0) != (b->ifs ? b->ifs->len : 0))
		return "ifs";
	for (i = 0; a->ifs && i < a->ifs->len; i++) {
		const struct rule_verdict_if *x = &g_array_index(a->ifs, struct rule_verdict_if, i);
		const struct rule_verdict_if *y = &g_array_index(b->ifs, struct rule_verdict_if, i);

		if (x->verdict != y->verdict || !same_conds(x->conds, y->conds))
			return "ifs";
	}
	if ((a->records ? a->records->len : 0) != (b->records ? b->records->len : 0))
		return "records";
	for (i = 0; a->records && i < a->records->len; i++) {
		const struct rule_record *x = &g_array_index(a->records, struct rule_record, i);
		const struct rule_record *y = &g_array_index(b->records, struct rule_record, i);

		if (!same_str(x->set, y->set) || !same_str(x->capture, y->capture)
		    || !same_str(x->count, y->count) || x->line != y->line || !same_conds(x->conds, y->conds))
			return "records";
	}
	if ((a->whens ? a->whens->len : 0) != (b->whens ? b->whens->len : 0))
		return "whens";
	for (i = 0; a->whens && i < a->whens->len; i++) {
		const struct rule_when *x = &g_array_index(a->whens, struct rule_when, i);
		const struct rule_when *y = &g_array_index(b->whens, struct rule_when, i);

		if (!same_str(x->capture, y->capture) || !same_str(x->set, y->set) || x->near != y->near
		    || x->min != y->min || x->line != y->line)
			return "whens";
	}
	if ((a->example_sets ? a->example_sets->len : 0) != (b->example_sets ? b->example_sets->len : 0))
		return "example sets";
	for (i = 0; a->example_sets && i < a->example_sets->len; i++) {
		const struct rule_example_set *x = &g_array_index(a->example_sets, struct rule_example_set, i);
		const struct rule_example_set *y = &g_array_index(b->example_sets, struct rule_example_set, i);

		if (!same_str(x->set, y->set) || !same_str(x->value, y->value) || x->count != y->count)
			return "example sets";
	}
	if (a->overridden != b->overridden || a->shipped_verdict != b->shipped_verdict
	    || !same_str(a->owner, b->owner) || !same_str(a->expires, b->expires) || a->lapsed != b->lapsed)
		return "override";
	return NULL;
}

/* same_rulesets - every rule alike, in the same order; the first difference reported */
static int
same_rulesets(const struct ruleset *a, const struct ruleset *b, const char *what)
{
	guint i;

	if (ruleset_count(a) != ruleset_count(b)) {
		printf("# %s: %u rules against %u\n", what, ruleset_count(a), ruleset_count(b));
		return 0;
	}
	for (i = 0; i < ruleset_count(a); i++) {
		const struct rule *x = ruleset_rule(a, i), *y = ruleset_rule(b, i);
		const char *diff = rule_difference(x, y);

		if (diff) {
			printf("# %s: rule %s differs in %s\n", what, x->id, diff);
			return 0;
		}
		if (ruleset_find(b, x->id) != y) {
			printf("# %s: rule %s not found by its id\n", what, x->id);
			return 0;
		}
	}
	return 1;
}

/* copy_tree - a copy of dir at to (cp -R); 0 or -1 */
static int
copy_tree(const char *dir, const char *to)
{
	char *cmd = g_strdup_printf("cp -R '%s' '%s'", dir, to);
	int rc = system(cmd);

	g_free(cmd);
	return rc == 0 ? 0 : -1;
}

/* loads_from_image - does the image load for dir?  The ruleset in *rs_r (free it) */
static int
loads_from_image(const char *dir, const GByteArray *image, struct ruleset **rs_r)
{
	struct ruleset *rs = ruleset_new();
	int rc = ruleset_image_load(rs, dir, image->data, image->len, NULL, NULL);

	if (rs_r)
		*rs_r = rs;
	else
		ruleset_free(&rs);
	return rc == 0;
}

/* parsed - dir's rules parsed from the files */
static struct ruleset *
parsed(const char *dir)
{
	struct ruleset *rs = ruleset_new();

	ruleset_load(rs, dir, 0);
	return rs;
}

/* test_shipped - the whole catalogue: the image gives every rule as the files do */
static void
test_shipped(void)
{
	const char *dir = i18n_datadir_explanations();
	GByteArray *image = g_byte_array_new();
	struct ruleset *text = parsed(dir), *fast = NULL;
	char *err = NULL;
	guint i, ifs = 0, records = 0, whens = 0, sets = 0, contexts = 0;

	CHECK(ruleset_image_make(dir, image, &err) == 0, "an image of the catalogue: %s", err ? err : "");
	CHECK(loads_from_image(dir, image, &fast), "the catalogue loads from its image");
	CHECK(ruleset_count(text) > 500, "the catalogue has its rules (%u)", ruleset_count(text));
	CHECK(same_rulesets(text, fast, "catalogue"), "the image gives the rules the files give");
	/* the comparison above covers every kind of field: the catalogue has them all */
	for (i = 0; i < ruleset_count(text); i++) {
		const struct rule *r = ruleset_rule(text, i);

		ifs += r->ifs != NULL;
		records += r->records != NULL;
		whens += r->whens != NULL;
		sets += r->example_sets != NULL;
		contexts += r->n_example_contexts > 0;
	}
	CHECK(ifs > 0 && records > 0 && whens > 0 && sets > 0 && contexts > 0,
	      "conditions, records, whens, example sets and contexts were compared (%u %u %u %u %u)",
	      ifs, records, whens, sets, contexts);
	ruleset_free(&text);
	ruleset_free(&fast);
	g_free(err);
	g_byte_array_free(image, TRUE);
}

/* write_file - text into dir/name; 0 or -1 */
static int
write_file(const char *dir, const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);
	int ok = g_file_set_contents(path, text, -1, NULL);

	g_free(path);
	return ok ? 0 : -1;
}

/* flip_byte - change one byte of dir/name in place (same size), or change it back; 0 or -1 */
static int
flip_byte(const char *dir, const char *name, gsize at)
{
	char *path = g_build_filename(dir, name, NULL), *data = NULL;
	gsize len = 0;
	int rc = -1;

	if (g_file_get_contents(path, &data, &len, NULL) && at < len) {
		data[at] ^= 0x01;	/* twice: the text as it was */
		rc = g_file_set_contents(path, data, (gssize)len, NULL) ? 0 : -1;
	}
	g_free(data);
	g_free(path);
	return rc;
}

/* test_stale - any change to the files, and the image is not used */
static void
test_stale(void)
{
	char *dir = g_build_filename(tmpdir, "cat", NULL), *moved = g_build_filename(tmpdir, "moved", NULL);
	char *path, *err = NULL;
	GByteArray *image = g_byte_array_new();
	struct ruleset *text, *fast = NULL;

	CHECK(copy_tree(i18n_datadir_explanations(), dir) == 0, "a copy of the catalogue");
	CHECK(ruleset_image_make(dir, image, &err) == 0, "its image: %s", err ? err : "");
	g_clear_pointer(&err, g_free);
	CHECK(loads_from_image(dir, image, NULL), "the copy loads from its image");
	/* the same files elsewhere: the image holds, and names the files where they are now */
	CHECK(copy_tree(dir, moved) == 0, "a second copy");
	CHECK(loads_from_image(moved, image, &fast), "the image is of the same files elsewhere");
	text = parsed(moved);
	CHECK(same_rulesets(text, fast, "moved"), "the rules of the moved files, named there");
	ruleset_free(&text);
	ruleset_free(&fast);

	CHECK(flip_byte(moved, "sudo/sudo.rules", 200) == 0, "one byte of a file changed");
	CHECK(!loads_from_image(moved, image, NULL), "a file changed (same size): the image is not used");
	CHECK(flip_byte(moved, "sudo/sudo.rules", 200) == 0, "and changed back");
	CHECK(loads_from_image(moved, image, NULL), "the same text again: the image is used");

	path = g_build_filename(moved, "sudo", "sudo.rules", NULL);
	{
		char *data = NULL;
		gsize len = 0;

		g_file_get_contents(path, &data, &len, NULL);
		CHECK(len > 0 && g_file_set_contents(path, data, (gssize)len - 1, NULL),
		      "a file cut one byte short");
		CHECK(!loads_from_image(moved, image, NULL), "a shorter file: the image is not used");
		g_file_set_contents(path, data, (gssize)len, NULL);
		g_free(data);
	}
	CHECK(write_file(moved, "sudo/local.rules", "kind = sudo\n") == 0, "a file added");
	CHECK(!loads_from_image(moved, image, NULL), "a file added: the image is not used");
	CHECK(unlink(path) == 0, "a file removed (and the added one kept)");
	CHECK(!loads_from_image(moved, image, NULL), "a file renamed away: the image is not used");
	g_free(path);
	path = g_build_filename(moved, "sudo", "local.rules", NULL);
	unlink(path);
	g_free(path);
	CHECK(!loads_from_image(moved, image, NULL), "a file removed: the image is not used");
	{
		char *gone = g_build_filename(tmpdir, "gone", NULL);

		CHECK(!loads_from_image(gone, image, NULL), "no directory: the image is not used");
		g_free(gone);
	}

	/* a catalogue with a problem gets no image: its warnings come from the parser */
	CHECK(write_file(dir, "sudo/broken.rules", "kind = sudo\n[sudo.x.broken]\nwhat = w\n") == 0,
	      "a broken rule added");
	g_byte_array_set_size(image, 0);
	CHECK(ruleset_image_make(dir, image, &err) < 0 && image->len == 0 && err,
	      "a catalogue with problems has no image");
	g_free(err);
	g_byte_array_free(image, TRUE);
	g_free(dir);
	g_free(moved);
}

/* set_times - every file and directory below dir (and dir) modified at t; 0 or -1 */
static int
set_times(const char *dir, gint64 t)
{
	char *cmd = g_strdup_printf("find '%s' -exec touch -d @%" G_GINT64_FORMAT " {} +", dir, t);
	int rc = system(cmd);

	g_free(cmd);
	return rc == 0 ? 0 : -1;
}

/*
 * flip_in_place - change one byte of dir/name where it lies (the same
 * file, the same size, its directory untouched) and put its modification
 * time back as it was; 0 or -1
 */
static int
flip_in_place(const char *dir, const char *name, off_t at)
{
	char *path = g_build_filename(dir, name, NULL);
	struct stat st;
	struct timespec times[2];
	unsigned char c;
	int fd = open(path, O_RDWR), rc = -1;

	if (fd >= 0 && fstat(fd, &st) == 0 && pread(fd, &c, 1, at) == 1) {
		c ^= 0x01;
		times[0] = st.st_atim;
		times[1] = st.st_mtim;
		if (pwrite(fd, &c, 1, at) == 1 && futimens(fd, times) == 0)
			rc = 0;
	}
	if (fd >= 0)
		close(fd);
	g_free(path);
	return rc;
}

/* loads_checked - does the image load for dir?  How it was checked in *check */
static int
loads_checked(const char *dir, const GByteArray *image, struct image_check *check)
{
	struct ruleset *rs = ruleset_new();
	int rc = ruleset_image_load(rs, dir, image->data, image->len, NULL, check);

	ruleset_free(&rs);
	return rc == 0;
}

/*
 * test_times - files and directories whose times vouch for them are not
 * read; any other is, and a change is still found
 */
static void
test_times(void)
{
	char *dir = g_build_filename(tmpdir, "timed", NULL), *path, *err = NULL;
	gint64 old = g_get_real_time() / G_USEC_PER_SEC - 2 * 86400;
	GByteArray *image = g_byte_array_new();
	struct ruleset *text, *fast = NULL;
	struct image_check c;
	int ok;

	CHECK(copy_tree(i18n_datadir_explanations(), dir) == 0 && set_times(dir, old) == 0,
	      "a copy of the catalogue, last changed two days ago");
	CHECK(ruleset_image_make(dir, image, &err) == 0, "its image: %s", err ? err : "");
	g_clear_pointer(&err, g_free);
	ok = loads_from_image(dir, image, &fast);
	text = parsed(dir);
	CHECK(ok && same_rulesets(text, fast, "timed"), "it loads from the image, the same rules");
	ruleset_free(&text);
	ruleset_free(&fast);
	CHECK(loads_checked(dir, image, &c) && c.dirs_read == 0 && c.files_compared == 0,
	      "no directory read, no file compared (%u, %u)", c.dirs_read, c.files_compared);

	path = g_build_filename(dir, "sudo", "sudo.rules", NULL);
	CHECK(utime(path, NULL) == 0, "one file touched (its text unchanged)");
	CHECK(loads_checked(dir, image, &c) && c.dirs_read == 0 && c.files_compared == 1,
	      "only the touched file is compared, and the image holds (%u, %u)", c.dirs_read,
	      c.files_compared);
	CHECK(flip_byte(dir, "sudo/sudo.rules", 200) == 0, "a byte of it changed (written anew)");
	CHECK(!loads_checked(dir, image, &c) && c.dirs_read > 0,
	      "its directory changed: it is read, and the change found");
	CHECK(flip_byte(dir, "sudo/sudo.rules", 200) == 0 && set_times(dir, old) == 0,
	      "changed back, its old times again");
	CHECK(loads_checked(dir, image, &c) && c.files_compared == 0, "the image holds by the times");

	/* what the times cannot tell, as with a .pyc: documented in rules_image.c */
	CHECK(flip_in_place(dir, "sudo/sudo.rules", 200) == 0,
	      "a byte changed in place, its time put back");
	CHECK(loads_checked(dir, image, &c) && c.files_compared == 0,
	      "the time is believed (the limit of the times, as documented)");
	CHECK(flip_in_place(dir, "sudo/sudo.rules", 200) == 0, "and changed back the same way");

	/* a file changed within RI_RACY_SECONDS of the image: its time proves nothing */
	CHECK(utime(path, NULL) == 0, "the file touched just now");
	g_byte_array_set_size(image, 0);
	CHECK(ruleset_image_make(dir, image, &err) == 0, "a new image at once: %s", err ? err : "");
	CHECK(loads_checked(dir, image, &c) && c.files_compared == 1,
	      "the file of the same second is compared all the same (%u)", c.files_compared);
	CHECK(flip_in_place(dir, "sudo/sudo.rules", 200) == 0,
	      "a byte changed in place, its time put back");
	CHECK(!loads_checked(dir, image, &c), "the change is found: the image is not used");

	/* a file added where the times said nothing changed */
	CHECK(flip_in_place(dir, "sudo/sudo.rules", 200) == 0 && set_times(dir, old) == 0,
	      "all as it was, two days ago");
	g_byte_array_set_size(image, 0);
	CHECK(ruleset_image_make(dir, image, &err) == 0, "an image: %s", err ? err : "");
	CHECK(write_file(dir, "sudo/local.rules", "kind = sudo\n") == 0, "a file added");
	CHECK(!loads_checked(dir, image, &c) && c.dirs_read > 0,
	      "its directory's time changed: read, and the added file found");
	g_free(path);
	g_free(err);
	g_free(dir);
	g_byte_array_free(image, TRUE);
}

/* test_damaged - a cut-short or altered image is refused or read within bounds */
static void
test_damaged(void)
{
	const char *dir = i18n_datadir_explanations();
	GByteArray *image = g_byte_array_new();
	char *err = NULL;
	guint refused = 0, tried = 0, survived = 0, altered = 0;
	gsize cut;

	CHECK(ruleset_image_make(dir, image, &err) == 0, "an image: %s", err ? err : "");
	for (cut = 0; cut < image->len; cut += 1 + cut / 6, tried++) {
		struct ruleset *rs = ruleset_new();

		refused += ruleset_image_load(rs, dir, image->data, cut, NULL, NULL) < 0;
		ruleset_free(&rs);
	}
	CHECK(refused == tried, "%u of %u cut-short images refused", refused, tried);
	/* a byte changed anywhere: whatever is read stays inside the image (ASan) */
	for (cut = 0; cut < image->len; cut += 1 + cut / 12, altered++) {
		struct ruleset *rs = ruleset_new();

		image->data[cut] ^= 0x5a;
		ruleset_image_load(rs, dir, image->data, image->len, NULL, NULL);
		image->data[cut] ^= 0x5a;
		ruleset_free(&rs);
		survived++;
	}
	CHECK(survived == altered && altered > 100, "%u altered images read without harm", altered);
	g_byte_array_free(image, TRUE);
	g_free(err);
}

/* test_cache - the image travels in the pattern cache; site rules still override */
static void
test_cache(void)
{
	const char *dir = i18n_datadir_explanations();
	char *path = g_build_filename(tmpdir, "patterns.cache", NULL), *err = NULL;
	char *site = g_build_filename(tmpdir, "site", NULL);
	static char *const patterns[] = { "^x$", NULL };
	GByteArray *image = g_byte_array_new();
	struct ruleset *rs = ruleset_new(), *text = parsed(dir);
	const struct rule *first = ruleset_rule(text, 0);
	const struct rule *r;
	char *override;

	CHECK(ruleset_image_make(dir, image, &err) == 0, "an image: %s", err ? err : "");
	CHECK(pattern_cache_write(path, patterns, image, &err) == 0, "a cache with it: %s", err ? err : "");
	pattern_cache_close();
	pattern_cache_open(path);
	CHECK(ruleset_load_image(rs, dir) == 0 && rs->image, "loaded from the cache's image");
	pattern_cache_close();		/* the ruleset keeps the mapping */
	CHECK(same_rulesets(text, rs, "cache"), "the same rules after the cache is closed");
	mkdir(site, 0700);
	override = g_strdup_printf("[%s]\nverdict = urgent\nowner = root\n", first->id);
	CHECK(write_file(site, "local.rules", override) == 0, "a site override");
	CHECK(ruleset_load(rs, site, 1) == 0, "the site's rules load over the image's");
	r = ruleset_find(rs, first->id);
	CHECK(r && r->overridden && r->verdict == VERDICT_URGENT && r->shipped_verdict == first->verdict,
	      "the override applies to a rule from the image");
	ruleset_free(&rs);
	ruleset_free(&text);

	/* a cache without an image: nothing to load from */
	CHECK(pattern_cache_write(path, patterns, NULL, &err) == 0, "a cache without an image");
	pattern_cache_close();
	pattern_cache_open(path);
	rs = ruleset_new();
	CHECK(ruleset_load_image(rs, dir) < 0 && ruleset_count(rs) == 0, "no image: nothing loaded");
	ruleset_free(&rs);
	pattern_cache_close();
	g_free(override);
	g_free(site);
	g_free(path);
	g_free(err);
	g_byte_array_free(image, TRUE);
}

int
main(void)
{
	tmpdir = g_dir_make_tmp("mg-image-XXXXXX", NULL);
	test_shipped();
	test_stale();
	test_times();
	test_damaged();
	test_cache();
	tap_remove_tmpdir(tmpdir);
	return tap_done();
}

/*
 * test_engine.c - filter's child parses on one thread while it loads
 * the rules on the other, then matches on both (engine_analyse_paired,
 * annotate_split_*): the annotation is exactly the one-thread one, for
 * every sample and fixture mail, with site rules, and whoever matched
 * which line.
 *
 * Needs MAILGLOSS_EXPLANATIONS (the shipped rules) and SRCDIR (the
 * mails), as make check sets them; the pattern cache is the build's.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "engine.h"
#include "i18n.h"
#include "msg.h"
#include "util.h"
#include "knowledge/annotate.h"
#include "knowledge/rules_image.h"

static char *tmpdir;

/* same_annotation - two annotations of the same text alike; the first difference printed */
static int
same_annotation(const struct annotation *x, const struct annotation *y, const char *what)
{
	int i;
	guint k;

	if (x->entries->len != y->entries->len || x->verdict != y->verdict
	    || x->too_long != y->too_long || x->over_budget != y->over_budget
	    || memcmp(x->counts, y->counts, sizeof(x->counts)) != 0) {
		printf("# %s: %u entries against %u, or the verdict or counts differ\n", what,
		       x->entries->len, y->entries->len);
		return 0;
	}
	for (i = 0; i < x->report->nlines; i++)
		if (x->line_entry[i] != y->line_entry[i]) {
			printf("# %s: line %d is in entry %d against %d\n", what, i, x->line_entry[i],
			       y->line_entry[i]);
			return 0;
		}
	for (k = 0; k < x->entries->len; k++) {
		const struct entry *e = &g_array_index(x->entries, struct entry, k);
		const struct entry *f = &g_array_index(y->entries, struct entry, k);
		const char *a = entry_rule_id(e), *b = entry_rule_id(f);

		if (e->section != f->section || e->nlines != f->nlines || e->verdict != f->verdict
		    || e->origin != f->origin || (!a) != (!b) || (a && strcmp(a, b) != 0)
		    || memcmp(e->lines, f->lines, e->nlines * sizeof(int)) != 0) {
			printf("# %s: entry %u (line %d) differs: %s against %s\n", what, k, e->lines[0],
			       a ? a : "-", b ? b : "-");
			return 0;
		}
	}
	return 1;
}

/* mails - every .eml below samples/ and tests/corpus/, sorted */
static GPtrArray *
mails(void)
{
	const char *src = getenv("SRCDIR");
	char *cmd = g_strdup_printf("find '%s/samples' '%s/tests/corpus' -name '*.eml' | sort",
				    src ? src : ".", src ? src : ".");
	GPtrArray *list = g_ptr_array_new_with_free_func(g_free);
	FILE *fp = popen(cmd, "r");
	char line[4096];

	while (fp && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = 0;
		g_ptr_array_add(list, g_strdup(line));
	}
	if (fp)
		pclose(fp);
	g_free(cmd);
	return list;
}

/* read_mail - a file's bytes; aborts the test if it cannot be read */
static GByteArray *
read_mail(const char *path)
{
	GByteArray *data = NULL;
	char *err = NULL;

	if (util_read_file(path, &data, &err) < 0)
		g_error("%s", err);
	return data;
}

/*
 * test_paired - every mail: the two-thread analysis against parse and
 * annotate on one thread; with site_dir, the site's rules on both sides
 */
static void
test_paired(GPtrArray *list, const char *site_dir, const char *what)
{
	int problems = 0, same = 0, helped = 0, annotated = 0;
	struct ruleset *rs = engine_rules(site_dir, &problems);
	guint i;

	CHECK(problems == 0, "%s: the rules load without a problem", what);
	for (i = 0; i < list->len; i++) {
		GByteArray *m = read_mail(list->pdata[i]);
		struct analysis *one = NULL, *two = NULL;
		struct ruleset *mine = NULL, *twin = NULL;
		char *err = NULL;
		int p2 = -1;

		if (engine_analyse((const char *)m->data, m->len, "-", 0, rs, &one, &err) == 0
		    && engine_analyse_paired((const char *)m->data, m->len, "-", 0, site_dir, &mine,
					     &twin, &p2, &two, &err) == 0 && p2 == 0) {
			annotated++;
			helped += twin != NULL;
			if (same_annotation(one->x.ann, two->x.ann, list->pdata[i]))
				same++;
		}
		g_free(err);
		engine_free(&one);
		engine_free(&two);
		ruleset_free(&mine);
		ruleset_free(&twin);
		g_byte_array_free(m, TRUE);
	}
	CHECK(list->len > 50 && annotated == (int)list->len, "%s: %d of %u mails analysed both ways",
	      what, annotated, list->len);
	CHECK(helped == annotated, "%s: a second copy of the rules for every one (%d)", what, helped);
	CHECK(same == annotated, "%s: the same annotation on two threads for %d of %d", what, same,
	      annotated);
	ruleset_free(&rs);
}

/* A helper thread that matches its whole share before the owner starts. */
struct helper {
	struct annotate_split *split;
	struct ruleset *rs;
};

static void *
helper_main(void *arg)
{
	struct helper *h = arg;

	annotate_split_help(h->split, h->rs);
	return NULL;
}

/* split_all_helped - r annotated with every unit matched by a helper with rules hrs */
static struct annotation *
split_all_helped(struct report *r, struct ruleset *rs, struct ruleset *hrs)
{
	struct helper h = { annotate_split_new(r), hrs };
	pthread_t t;

	pthread_create(&t, NULL, helper_main, &h);
	pthread_join(t, NULL);
	return annotate_split_finish(h.split, rs, 1);
}

/*
 * test_split - the split by hand: the helper matches everything (its
 * answers must name the owner's rules), or the owner does (annotate()
 * itself, run again: annotating leaves the report as it was)
 */
static void
test_split(GPtrArray *list)
{
	const char *dir = i18n_datadir_explanations();
	struct ruleset *rs = engine_rules(NULL, NULL), *twin = ruleset_new();
	int by_helper = 0, by_owner = 0, n = 0, foreign = 0;
	guint i, k;

	CHECK(ruleset_image_twin(twin, rs, dir) == 0, "a twin of the rules from the cache's image");
	for (i = 0; i < list->len; i += 3) {
		GByteArray *m = read_mail(list->pdata[i]);
		struct analysis *a = NULL;
		struct annotation *x;
		char *err = NULL;

		if (engine_analyse((const char *)m->data, m->len, "-", 0, rs, &a, &err) < 0) {
			g_free(err);
			g_byte_array_free(m, TRUE);
			continue;
		}
		n++;
		x = split_all_helped(a->x.report, rs, twin);
		by_helper += same_annotation(a->x.ann, x, list->pdata[i]);
		for (k = 0; k < x->entries->len; k++) {
			const struct entry *e = &g_array_index(x->entries, struct entry, k);

			if (e->origin == ORIGIN_RULE && ruleset_rule(rs, (guint)e->rule->seq) != e->rule)
				foreign++;
		}
		annotation_free(&x);
		x = annotate_split_finish(annotate_split_new(a->x.report), rs, 0);
		by_owner += same_annotation(a->x.ann, x, list->pdata[i]);
		annotation_free(&x);
		engine_free(&a);
		g_byte_array_free(m, TRUE);
	}
	CHECK(n > 30, "%d mails split by hand", n);
	CHECK(by_helper == n, "all matched by the helper: the same for %d of %d", by_helper, n);
	CHECK(foreign == 0, "the helper's answers name the owner's rules (%d do not)", foreign);
	CHECK(by_owner == n, "all matched by the owner, a second time on the same report: the same for %d of %d",
	      by_owner, n);
	ruleset_free(&rs);
	ruleset_free(&twin);
}

int
main(void)
{
	GPtrArray *list;
	char *exe = g_file_read_link("/proc/self/exe", NULL), *site, *cache;

	msg_init("test_engine");
	/* the build's pattern cache: $(B)/patterns.cache, beside $(B)/tests/ */
	{
		char *tests = g_path_get_dirname(exe), *build = g_path_get_dirname(tests);

		cache = g_build_filename(build, "patterns.cache", NULL);
		g_free(tests);
		g_free(build);
	}
	g_setenv("MAILGLOSS_PATTERN_CACHE", cache, TRUE);
	i18n_init("en");
	mail_init();
	tmpdir = g_dir_make_tmp("mg-engine-XXXXXX", NULL);
	list = mails();
	test_paired(list, NULL, "shipped rules");
	site = g_build_filename(tmpdir, "site", NULL);
	mkdir(site, 0700);
	{
		char *path = g_build_filename(site, "local.rules", NULL);

		g_file_set_contents(path,
				    "kind = logwatch\nsection = *\n\n"
				    "[logwatch.sshd.network-errors]\nverdict = check\nowner = root\n\n"
				    "[local.root-named]\nmatch = \\broot\\b\nverdict = check\n"
				    "what = A line that names root.\nwhy = Local policy.\n"
				    "todo = Look at it.\nexample = su for root by x\n", -1, NULL);
		g_free(path);
	}
	test_paired(list, site, "with site rules");
	test_split(list);
	g_ptr_array_free(list, TRUE);
	g_free(site);
	g_free(cache);
	g_free(exe);
	tap_remove_tmpdir(tmpdir);
	mail_shutdown();
	return tap_done();
}

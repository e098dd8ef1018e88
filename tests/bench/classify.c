/*
 * classify.c - line classification figures for "make bench", linked
 * with mailgloss's own objects.
 *
 *   classify lines MBOX OUT.tsv   every entry line of every message, as
 *                                 "kind TAB section TAB context TAB text"
 *                                 (single-line entries only, so that
 *                                 grep sees exactly the same texts)
 *   classify patterns             every rule's match pattern, one a line
 *   classify time IN.tsv          ruleset_match() over every tuple;
 *                                 prints "lines matched seconds"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "mail/mail.h"
#include "util.h"

/* classify_dump - the entry lines of one analysed message */
static void
classify_dump(FILE *out, const struct analysis *a)
{
	const struct report *r = a->x.report;
	int i;

	for (i = 0; i < r->nlines; i++) {
		const struct report_line *l = &r->lines[i];
		const struct report_section *sec;
		char *ctx, *text;

		if (l->role != LINE_ENTRY || l->join || l->section < 0
		    || (i + 1 < r->nlines && r->lines[i + 1].join))
			continue;
		sec = report_section(r, l->section);
		ctx = annotate_context(r, i);
		text = g_strstrip(g_strdup(l->text));
		if (*text && !strpbrk(text, "\t\n") && !strpbrk(ctx, "\t\n") && !strchr(sec->title, '\t'))
			fprintf(out, "%s\t%s\t%s\t%s\n", sec->kind, sec->title, ctx, text);
		g_free(ctx);
		g_free(text);
	}
}

/* classify_lines - "lines MBOX OUT" */
static int
classify_lines(struct ruleset *rs, const char *mbox, const char *path)
{
	GByteArray *data = NULL, *msg;
	struct mbox_reader *rd;
	FILE *out = fopen(path, "w");
	char *err = NULL;

	if (!out || util_read_file(mbox, &data, &err) < 0)
		return 1;
	rd = mbox_reader_new((char *)data->data, data->len);
	while (mbox_next(rd, &msg, NULL)) {
		struct analysis *a = NULL;

		if (engine_analyse((char *)msg->data, msg->len, mbox, 0, rs, &a, &err) == 0) {
			classify_dump(out, a);
			engine_free(&a);
		}
		g_byte_array_free(msg, TRUE);
	}
	mbox_reader_free(&rd);
	g_byte_array_free(data, TRUE);
	return fclose(out) != 0;
}

/* classify_time - ruleset_match over every tuple of a file */
static int
classify_time(struct ruleset *rs, const char *path)
{
	GByteArray *data = NULL;
	char *err = NULL, **lines;
	long n = 0, hits = 0, i;
	gint64 t0;

	if (util_read_file(path, &data, &err) < 0)
		return 1;
	g_byte_array_append(data, (const guint8 *)"", 1);
	lines = g_strsplit((char *)data->data, "\n", -1);
	t0 = g_get_monotonic_time();
	for (i = 0; lines[i]; i++) {
		char **f = g_strsplit(lines[i], "\t", 4);
		struct rule_match m;

		if (g_strv_length(f) == 4) {
			n++;
			hits += ruleset_match(rs, f[0], f[1], f[2], f[3], &m);
		}
		g_strfreev(f);
	}
	printf("%ld %ld %.4f\n", n, hits, (g_get_monotonic_time() - t0) / 1e6);
	g_strfreev(lines);
	g_byte_array_free(data, TRUE);
	return 0;
}

int
main(int argc, char **argv)
{
	struct ruleset *rs;
	int rc = 64;
	guint i;

	mail_init();
	rs = engine_rules(NULL, NULL);
	if (argc == 4 && strcmp(argv[1], "lines") == 0)
		rc = classify_lines(rs, argv[2], argv[3]);
	else if (argc == 3 && strcmp(argv[1], "time") == 0)
		rc = classify_time(rs, argv[2]);
	else if (argc == 2 && strcmp(argv[1], "patterns") == 0) {
		for (i = 0; i < ruleset_count(rs); i++)
			if (ruleset_rule(rs, i)->pattern)
				printf("%s\n", ruleset_rule(rs, i)->pattern);
		rc = 0;
	} else
		fprintf(stderr, "usage: classify lines MBOX OUT | patterns | time TSV\n");
	ruleset_free(&rs);
	return rc;
}

/*
 * test_report.c - the parsers: sections, frames, entries, the heading
 * tree, Tripwire joins and summaries, cron blocks with sub-reports; the
 * detectors' line prefilters against PCRE2 alone; the registry of the
 * detectors' patterns, and the pattern cache serving them.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <pcre2.h>

#include "tap.h"
#include "engine.h"
#include "util.h"
#include "knowledge/pattern_cache.h"
#include "report/report.h"

/* parse - a report from text */
static struct report *
parse(const char *text, const char *subject)
{
	static struct report_input in;
	struct report *r;

	in.subject = subject;
	in.from = NULL;
	r = report_new(text, strlen(text), &in);
	report_analyse(r);
	return r;
}

/* find - index of the first line containing s */
static int
find(const struct report *r, const char *s)
{
	int i;

	for (i = 0; i < r->nlines; i++)
		if (strstr(r->lines[i].text, s))
			return i;
	return -1;
}

/* title - section title of the line containing s */
static const char *
title(const struct report *r, const char *s)
{
	int i = find(r, s);

	return i < 0 || r->lines[i].section < 0 ? "" : report_section(r, r->lines[i].section)->title;
}

static void
test_logwatch(void)
{
	static const char text[] =
		" ################### Logwatch 7.7 (07/22/22) #################### \n"
		"        Processing Initiated: Thu Oct 22 06:25:15 2026\n"
		" ################################################################## \n"
		" \n"
		" --------------------- SSHD Begin ------------------------ \n"
		" Users logging in through sshd:\n"
		"    root:\n"
		"       198.18.9.201: 1 Time\n"
		" ---------------------- SSHD End ------------------------- \n"
		" ------------------ Disk Space --------------------- \n"
		" /dev/hda2              36G  9.0G   25G  27% /\n"
		" ###################### Logwatch End ######################### \n";
	struct report *r = parse(text, "Logwatch for x (Linux)");
	int root = find(r, "root:"), ip = find(r, "198.18.9.201");

	CHECK(r->kind && strcmp(r->kind->id, "logwatch") == 0, "logwatch detected");
	CHECK(r->lines[find(r, "Processing Initiated")].role == LINE_FRAME, "header is frame");
	CHECK(r->lines[find(r, "SSHD Begin")].role == LINE_FRAME, "Begin is frame");
	CHECK(strcmp(title(r, "198.18.9.201"), "SSHD") == 0, "line in section SSHD");
	CHECK(r->lines[ip].parent == root && r->lines[root].heading, "tree by indentation");
	CHECK(r->lines[root].parent == find(r, "Users logging in"), "two levels");
	CHECK(strcmp(title(r, "/dev/hda2"), "Disk Space") == 0, "old Disk Space frame opens a section");
	CHECK(r->lines[find(r, "Logwatch End")].role == LINE_FRAME, "end banner is frame");
	report_free(&r);
}

/*
 * test_quoted - a report quoted in a reply, or an rkhunter log with its
 * time stamps, is read without the marks, line for line, and shown with
 * them; a report with a few lines that happen to start with '>' is read
 * as it is
 */
static void
test_quoted(void)
{
	static const char reply[] =
		"What does this mean?\n"
		"\n"
		"On Mon, root wrote:\n"
		">  --------------------- SSHD Begin ------------------------ \n"
		">  Users logging in through sshd:\n"
		">     root:\n"
		">        198.18.9.201: 1 Time\r\n"
		">\n"
		">  ---------------------- SSHD End ------------------------- \n"
		"> > ignored nesting\n"
		"Thanks\n";
	static const char few[] =
		" --------------------- SSHD Begin ------------------------ \n"
		" Users logging in through sshd:\n"
		"    root:\n"
		">       198.18.9.201: 1 Time\n"
		" ---------------------- SSHD End ------------------------- \n";
	static const char rklog[] =
		"[04:12:31] Warning: The file properties have changed:\n"
		"[04:12:31]          File: /usr/bin/lsattr\n"
		"[04:12:31]          Current hash: 8f1c0a\n"
		"[04:13:02] Warning: Hidden directory found: /etc/.java\n"
		"[04:13:02] Warning: Suspicious file types found in /dev:\n"
		"[04:13:02]          /dev/shm/x: data\n";
	static const char rkscreen[] =
		"  Performing file properties checks\n"
		"    /usr/sbin/adduser                                        [ OK ]\n"
		"    /usr/sbin/chroot                                         [ OK ]\n"
		"    /usr/sbin/cron                                           [ OK ]\n"
		"    /usr/sbin/depmod                                         [ Warning ]\n"
		"    /usr/sbin/fsck                                           [ OK ]\n"
		"    /usr/sbin/groupadd                                       [ OK ]\n"
		"    /usr/sbin/groupdel                                       [ OK ]\n"
		"    /usr/sbin/groupmod                                       [ OK ]\n"
		"    /usr/sbin/grpck                                          [ OK ]\n"
		"    /usr/sbin/ifconfig                                       [ OK ]\n"
		"    Checking for preloaded libraries                         [ None found ]\n";
	struct report *r = parse(reply, "Re: Logwatch for x (Linux)");
	int i, root = find(r, "root:"), ip = find(r, "198.18.9.201"), nest = find(r, "ignored");

	CHECK(r->kind && strcmp(r->kind->id, "logwatch") == 0, "quoted: logwatch detected");
	CHECK(r->nlines == 11, "quoted: every line stays a line (%d)", r->nlines);
	CHECK(strcmp(title(r, "198.18.9.201"), "SSHD") == 0, "quoted: line in section SSHD");
	CHECK(ip >= 0 && strcmp(r->lines[ip].text, "       198.18.9.201: 1 Time") == 0
	      && r->lines[ip].parent == root && r->lines[root].parent == find(r, "Users logging"),
	      "quoted: read without the marks, tree by indentation");
	CHECK(nest >= 0 && strcmp(r->lines[nest].text, "ignored nesting") == 0, "quoted: nested marks");
	CHECK(ip >= 0 && strcmp(report_line_shown(r, ip), ">        198.18.9.201: 1 Time") == 0
	      && strcmp(report_line_shown(r, 0), "What does this mean?") == 0
	      && strcmp(report_line_shown(r, 7), ">") == 0 && strcmp(r->lines[7].text, "") == 0,
	      "quoted: shown as it was");
	report_free(&r);

	r = parse(rklog, NULL);
	i = find(r, "File: /usr/bin/lsattr");
	CHECK(r->kind && strcmp(r->kind->id, "rkhunter") == 0, "rkhunter log: detected");
	CHECK(i > 0 && r->lines[i].join && strcmp(r->lines[i].text, "         File: /usr/bin/lsattr") == 0
	      && strcmp(report_line_shown(r, i), "[04:12:31]          File: /usr/bin/lsattr") == 0,
	      "rkhunter log: read without the time stamps, shown with them");
	report_free(&r);

	r = parse(rkscreen, NULL);
	CHECK(r->kind && strcmp(r->kind->id, "rkhunter") == 0, "rkhunter screen output: detected");
	report_free(&r);

	r = parse(few, "Logwatch for x (Linux)");
	ip = find(r, "198.18.9.201");
	CHECK(!r->shown && ip >= 0 && r->lines[ip].text[0] == '>'
	      && strcmp(report_line_shown(r, ip), r->lines[ip].text) == 0,
	      "one line starting with '>' is not a quote");
	report_free(&r);
}

/* in_section - is the line containing s in a section, as an entry or a frame? */
static int
in_section(const struct report *r, const char *s, enum line_role role)
{
	int i = find(r, s);

	return i >= 0 && r->lines[i].section >= 0 && r->lines[i].role == role;
}

/*
 * test_logwatch_header - the block under the banner ends at its closing
 * hashes or at the first section frame; its known fields are frame, and
 * nothing in it or after it goes missing.
 */
static void
test_logwatch_header(void)
{
	static const char unclosed[] =
		" ################### Logwatch 7.7 (07/22/22) #################### \n"
		"        Processing Initiated: Thu Oct 22 06:25:15 2026\n"
		"        Date Range Processed: yesterday\n"
		"                              ( 2026-Oct-21 )\n"
		"                              Period is day.\n"
		"        zz stray header line\n"
		" --------------------- SSHD Begin ------------------------ \n"
		" Failed logins from:\n"
		"    zz.hostile.example: 3 Time(s)\n"
		" ---------------------- SSHD End ------------------------- \n"
		" ------------------ Disk Space --------------------- \n"
		" /dev/hda2              36G  9.0G   25G  27% /\n";
	static const char plain_first[] =
		" ################### LogWatch 5.1 (02/03/04) #################### \n"
		"       Processing Initiated: Tue Dec 14 04:02:32 2004\n"
		" ------------------ Disk Space --------------------- \n"
		" /dev/hda2              36G  9.0G   25G  27% /\n";
	static const char no_sections[] =
		" ################### Logwatch 7.7 (07/22/22) #################### \n"
		"        Logfiles for Host: x\n"
		" zz what follows is not a header field\n";
	static const char short_hashes[] =
		"##### LogWatch 5.1 (02/03/04) #####\n"
		"Logfiles for Host: x\n"
		"#####\n"
		"zz after the header\n";
	static const char closed[] =
		" ################### Logwatch 7.7 (07/22/22) #################### \n"
		"        Detail Level of Output: 0\n"
		"        Type of Output/Format: mail / text\n"
		"        zz stray header line\n"
		" ################################################################## \n"
		" --------------------- SSHD Begin ------------------------ \n"
		"    zz.hostile.example: 3 Time(s)\n"
		" ---------------------- SSHD End ------------------------- \n";
	struct report *r = parse(unclosed, NULL);

	CHECK(r->kind && strcmp(r->kind->id, "logwatch") == 0, "unclosed header: logwatch");
	CHECK(in_section(r, "Processing Initiated", LINE_FRAME), "unclosed header: field is frame");
	CHECK(in_section(r, "( 2026-Oct-21 )", LINE_FRAME), "unclosed header: date span is frame");
	CHECK(in_section(r, "Period is day.", LINE_FRAME), "unclosed header: period is frame");
	CHECK(in_section(r, "zz stray", LINE_ENTRY), "unclosed header: unknown line is an entry");
	CHECK(in_section(r, "SSHD Begin", LINE_FRAME), "unclosed header: Begin is frame");
	CHECK(in_section(r, "zz.hostile", LINE_ENTRY)
	      && strcmp(title(r, "zz.hostile"), "SSHD") == 0, "unclosed header: entry in SSHD");
	CHECK(in_section(r, "/dev/hda2", LINE_ENTRY)
	      && strcmp(title(r, "/dev/hda2"), "Disk Space") == 0, "unclosed header: Disk Space");
	report_free(&r);

	r = parse(plain_first, NULL);
	CHECK(in_section(r, "Processing Initiated", LINE_FRAME), "plain frame: field is frame");
	CHECK(in_section(r, "/dev/hda2", LINE_ENTRY)
	      && strcmp(title(r, "/dev/hda2"), "Disk Space") == 0, "plain frame ends the header");
	report_free(&r);

	r = parse(no_sections, NULL);
	CHECK(in_section(r, "Logfiles for Host", LINE_FRAME), "no sections: field is frame");
	CHECK(in_section(r, "zz what follows", LINE_ENTRY), "no sections: other line is an entry");
	report_free(&r);

	r = parse(short_hashes, NULL);
	CHECK(r->lines[2].role == LINE_FRAME && r->lines[2].section >= 0, "short hashes close the header");
	CHECK(in_section(r, "zz after", LINE_ENTRY) && r->lines[3].section != r->lines[2].section,
	      "short hashes: next line is an entry after the header");
	report_free(&r);

	r = parse(closed, NULL);
	CHECK(in_section(r, "Detail Level", LINE_FRAME), "closed header: field is frame");
	CHECK(in_section(r, "Type of Output", LINE_FRAME), "closed header: format is frame");
	CHECK(in_section(r, "zz stray", LINE_ENTRY), "closed header: unknown line is an entry");
	/* 30 hashes in a row: the closing line, not the banner. */
	CHECK(in_section(r, "##############################", LINE_FRAME), "closed header: hashes are frame");
	CHECK(in_section(r, "zz.hostile", LINE_ENTRY)
	      && strcmp(title(r, "zz.hostile"), "SSHD") == 0, "closed header: entry in SSHD");
	report_free(&r);
}

static void
test_tripwire(void)
{
	static const char text[] =
		"Open Source Tripwire(R) 2.4.3.7 Integrity Check Report\n"
		"\n"
		"Report generated by:          root\n"
		"===============================================================================\n"
		"Rule Summary: \n"
		"===============================================================================\n"
		"  Rule Name                       Severity Level    Added    Removed  Modified \n"
		"  ---------                       --------------    -----    -------  -------- \n"
		"* System boot changes             100               6        4        7        \n"
		"  Root file-system libraries      100               0        0        0        \n"
		"  (/lib)\n"
		"  File System and Disk Administraton Programs\n"
		"                                  100               0        0        0        \n"
		"===============================================================================\n"
		"Object Detail: \n"
		"===============================================================================\n"
		"Rule Name: System boot changes (/var/log)\n"
		"Severity Level: 100\n"
		"  ----------------------------------------\n"
		"  Modified Objects: 1\n"
		"  ----------------------------------------\n"
		"Modified object name:  /var/log/syslog.1\n"
		"  Property:            Expected                    Observed\n"
		"  -------------        -----------                 -----------\n"
		"* Inode Number         11094164                    11094148\n"
		"===============================================================================\n"
		"Error Report: \n"
		"===============================================================================\n"
		"1.   File system error.\n"
		"     Filename: /etc/rc.boot\n"
		"     No such file or directory\n";
	struct report *r = parse(text, "TWReport x 20261121191551 V:80");
	int row = find(r, "* System boot changes"), obj = find(r, "Modified object name");

	CHECK(r->kind && strcmp(r->kind->id, "tripwire") == 0, "tripwire detected");
	CHECK(r->lines[row].summary_of && strcmp(r->lines[row].summary_of, "System boot changes") == 0,
	      "starred row summarises its rule");
	CHECK(r->lines[find(r, "(/lib)")].join, "(/lib) joins its row");
	CHECK(r->lines[find(r, "                                  100")].join, "wrapped row numbers join");
	CHECK(r->lines[find(r, "Rule Name: System")].summary_of != NULL, "Rule Name line summarises");
	CHECK(strcmp(title(r, "Modified object name"), "System boot changes (/var/log)") == 0,
	      "object in its rule's section");
	CHECK(r->lines[obj].parent == find(r, "Modified Objects: 1"), "object under its count heading");
	CHECK(r->lines[find(r, "* Inode Number")].join, "property row joins the object");
	CHECK(r->lines[find(r, "Property:")].role == LINE_FRAME, "property table head is frame");
	CHECK(r->lines[find(r, "Filename: /etc/rc.boot")].join, "error detail joins its error");
	report_free(&r);

	/* what someone pastes when asking: one part, no title, no TWReport subject */
	r = parse(strstr(text, "Rule Name: System"), "What is this?");
	CHECK(r->kind && strcmp(r->kind->id, "tripwire") == 0, "a pasted Object Detail is tripwire");
	CHECK(strcmp(title(r, "Modified object name"), "System boot changes (/var/log)") == 0,
	      "pasted: object in its rule's section");
	report_free(&r);
	r = parse("Modified object name:  /etc/passwd\nModified object name:  /etc/shadow\n", NULL);
	CHECK(r->kind && strcmp(r->kind->id, "tripwire") == 0, "pasted object lines are tripwire");
	report_free(&r);
	r = parse("Rule Name: backup\nSome other text\n", NULL);
	CHECK(!r->kind || strcmp(r->kind->id, "tripwire") != 0, "a lone \"Rule Name:\" is not");
	report_free(&r);
}

static void
test_cron(void)
{
	static const char text[] =
		"/etc/cron.daily/00webalizer:\n"
		"Error: Skipping oversized log record\n"
		"Warning: Truncating oversized referrer field [8375]\n"
		"/etc/cron.daily/logrotate:\n"
		"error: stat of /var/log/app failed: No such file or directory\n"
		"run-parts: /etc/cron.daily/logrotate exited with return code 1\n";
	struct report *r = parse(text, "Cron <root@x> run-parts /etc/cron.daily");
	int w = find(r, "Skipping oversized"), e = find(r, "stat of"), x = find(r, "exited with");

	CHECK(r->kind && strcmp(r->kind->id, "cron") == 0, "cron detected");
	CHECK(r->lines[find(r, "/etc/cron.daily/00webalizer:")].role == LINE_FRAME, "block header is frame");
	CHECK(strcmp(report_section(r, r->lines[w].section)->kind, "webalizer") == 0,
	      "webalizer block becomes a sub-report");
	CHECK(strcmp(title(r, "Skipping oversized"), "00webalizer") == 0, "titled by the script");
	CHECK(strcmp(report_section(r, r->lines[e].section)->kind, "cron") == 0
	      && strcmp(title(r, "stat of"), "logrotate") == 0, "plain block is a cron section");
	CHECK(r->lines[x].role == LINE_ENTRY && strcmp(title(r, "exited with"), "logrotate") == 0,
	      "run-parts verdict stays with its block");
	report_free(&r);
}

static void
test_edge(void)
{
	struct report *r = parse("", NULL);

	CHECK(r->nlines == 0 && report_nsections(r) == 0, "empty text");
	report_free(&r);
	r = parse("hello\nworld", NULL);
	CHECK(r->kind == NULL && r->nlines == 2 && r->lines[0].role == LINE_ENTRY, "unknown text stays visible");
	report_free(&r);
	r = parse("a\r\nb\r\n", NULL);
	CHECK(r->nlines == 2 && strcmp(r->lines[0].text, "a") == 0, "CRLF lines");
	report_free(&r);
}

/*
 * The patterns test_line_prefilters asks: some a kind's, some nobody's
 * (which are served all the same, without the registry's help).
 */
static const char *const line_pats[] = {
	"^\\s*[-=_]{5,}(\\s+[-=_]{3,})*\\s*$", "^\\s*-{3,}\\s+.*\\S\\s+End\\s+-{3,}\\s*$",
	"^\\s*(Added|Removed|Modified|Changed):\\s*$", "^\\s*(\\[[x ]\\]\\s*)?\"/",
	"(?i)^\\s*#{3,}\\s*logwatch\\s+end\\s*#{3,}\\s*$", "^\\s*\\d+\\.\\s+\\S",
	"^\\S+ : .+ : \\S+ : .*(TTY=|COMMAND=)", "(End|Begin)", "^[-+ ]?(Checking `|WARNING: )",
	"^ {5,}\\S", "\\d",
};

/*
 * test_line_prefilters - report_line_matches and report_count_matches
 * (lead byte, literals, then PCRE2) against PCRE2 alone, line by line,
 * and report_is_blank against its definition; how is the pattern cache
 * for the label (texts with bytes that are not UTF-8 included)
 */
static void
test_line_prefilters(const char *how)
{
	static const char *const words[] = {
		" ", "\t", "\v", "\n", "\n", "\n", "-----", "---", "=====", "_____", "###", "#", "End",
		"Begin", "LogWatch", "logwatch", "Added:", "Removed", "[x]", "[ ]", "\"/etc", "12.",
		"3", " : ", "TTY=", "Checking `", "WARNING: ", "+", "x", "\xc3\xa9", "\xff",
	};
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	pcre2_code *re[G_N_ELEMENTS(line_pats)];
	GRand *g = g_rand_new_with_seed(3);
	int n, bad = 0, blank = 0, counted = 0, matches = 0;
	guint p;

	for (p = 0; p < G_N_ELEMENTS(line_pats); p++) {
		int err;
		PCRE2_SIZE off;

		re[p] = pcre2_compile((PCRE2_SPTR)line_pats[p], PCRE2_ZERO_TERMINATED,
				      PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);
	}
	for (n = 0; n < 300; n++) {
		GString *t = g_string_new(NULL);
		struct report *r;
		int k, i;

		for (k = g_rand_int_range(g, 0, 60); k > 0; k--)
			g_string_append(t, words[g_rand_int_range(g, 0, G_N_ELEMENTS(words))]);
		r = report_new(t->str, t->len, NULL);
		for (i = 0; i < r->nlines; i++)
			blank += report_is_blank(r, i) != (*report_skip_space(r->lines[i].text) == 0);
		for (p = 0; p < G_N_ELEMENTS(line_pats); p++) {
			int want = 0;

			for (i = 0; i < r->nlines; i++) {
				const char *s = r->lines[i].text;
				int m = pcre2_match(re[p], (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0;

				bad += report_line_matches(r, i, line_pats[p]) != m;
				want += m;
			}
			counted += report_count_matches(r, 0, r->nlines - 1, r->nlines, line_pats[p]) != want;
			matches += want;
		}
		report_free(&r);
		g_string_free(t, TRUE);
	}
	CHECK(bad == 0, "%s: report_line_matches differs from PCRE2 %d times", how, bad);
	CHECK(counted == 0, "%s: report_count_matches differs from PCRE2 %d times", how, counted);
	CHECK(blank == 0, "%s: report_is_blank differs %d times", how, blank);
	CHECK(matches > 300, "%s: the test is not empty: %d matches", how, matches);
	for (p = 0; p < G_N_ELEMENTS(line_pats); p++)
		pcre2_code_free(re[p]);
	pcre2_match_data_free(md);
	g_rand_free(g);
}

/* A mail or report text to analyse. */
struct sample {
	char *name;
	GByteArray *data;
	int mail;		/* a whole mail (.eml), else a report's text (.txt) */
};

/* samples_add - every .eml and .txt file under dir, recursively */
static void
samples_add(GPtrArray *list, const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *e;

	if (!d)
		return;
	while ((e = g_dir_read_name(d)) != NULL) {
		char *path = g_build_filename(dir, e, NULL), *err = NULL;
		struct sample *s;

		if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
			samples_add(list, path);
		} else if (g_str_has_suffix(e, ".eml") || g_str_has_suffix(e, ".txt")) {
			s = g_new0(struct sample, 1);
			s->mail = g_str_has_suffix(e, ".eml");
			if (util_read_file(path, &s->data, &err) == 0) {
				s->name = g_strdup(path);
				g_ptr_array_add(list, s);
			} else {
				g_free(err);
				g_free(s);
			}
		}
		g_free(path);
	}
	g_dir_close(d);
}

/* sample_cmp - by name, so that a failure reads the same each run */
static gint
sample_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp((*(struct sample *const *)a)->name, (*(struct sample *const *)b)->name);
}

/* samples_load - the samples and test corpus of the tree, and the shared corpus if there */
static GPtrArray *
samples_load(void)
{
	const char *src = getenv("SRCDIR");
	GPtrArray *list = g_ptr_array_new();
	char *dir;

	dir = g_build_filename(src ? src : ".", "samples", NULL);
	samples_add(list, dir);
	g_free(dir);
	dir = g_build_filename(src ? src : ".", "tests", "corpus", NULL);
	samples_add(list, dir);
	g_free(dir);
	samples_add(list, "/work/shared/corpus");
	g_ptr_array_sort(list, sample_cmp);
	return list;
}

/* samples_free - release the list */
static void
samples_free(GPtrArray *list)
{
	guint i;

	for (i = 0; i < list->len; i++) {
		struct sample *s = list->pdata[i];

		g_byte_array_unref(s->data);
		g_free(s->name);
		g_free(s);
	}
	g_ptr_array_free(list, TRUE);
}

/* model - what the detectors and parsers made of a report, as text */
static char *
model(const struct report *r)
{
	GString *m = g_string_new(r->kind ? r->kind->id : "-");
	int i;

	for (i = 0; i < report_nsections(r); i++) {
		const struct report_section *s = report_section(r, i);

		g_string_append_printf(m, "\n[%s|%s|%d|%d]", s->title, s->kind, s->first, s->last);
	}
	for (i = 0; i < r->nlines; i++) {
		const struct report_line *l = &r->lines[i];

		g_string_append_printf(m, "\n%d %d %d %d %d%d %s", l->role, l->indent, l->section,
				       l->parent, l->heading, l->join, l->summary_of ? l->summary_of : "");
	}
	return g_string_free(m, FALSE);
}

/* sample_model - analyse one sample as filter would; its model */
static char *
sample_model(const struct sample *s)
{
	struct analysis *a = NULL;
	struct report *r;
	char *err = NULL, *m;

	if (!s->mail) {
		r = report_new((const char *)s->data->data, s->data->len, NULL);
		report_analyse(r);
		m = model(r);
		report_free(&r);
		return m;
	}
	if (engine_parse((const char *)s->data->data, s->data->len, s->name, 0, &a, &err) < 0) {
		g_free(err);
		return g_strdup("not a mail");
	}
	m = model(a->x.report);
	engine_free(&a);
	return m;
}

static GHashTable *asked;	/* every pattern the hook saw */

/* record_pattern - the test hook */
static void
record_pattern(const char *pattern)
{
	g_hash_table_add(asked, (gpointer)pattern);
}

/*
 * test_registry - every pattern detectors and parsers ask of the samples
 * is in report_patterns(), where "mailgloss rules cache" finds it
 */
static void
test_registry(GPtrArray *samples)
{
	GHashTable *listed = g_hash_table_new(g_str_hash, g_str_equal);
	const char *const *p;
	GHashTableIter it;
	gpointer key;
	int missing = 0;
	guint i;

	asked = g_hash_table_new(g_str_hash, g_str_equal);
	for (p = report_patterns(); *p; p++)
		g_hash_table_add(listed, (gpointer)*p);
	report_thread_end();	/* the hook sees a pattern when this thread first asks */
	report_set_pattern_hook(record_pattern);
	for (i = 0; i < samples->len; i++)
		g_free(sample_model(samples->pdata[i]));
	report_set_pattern_hook(NULL);
	g_hash_table_iter_init(&it, asked);
	while (g_hash_table_iter_next(&it, &key, NULL))
		if (!g_hash_table_contains(listed, key)) {
			printf("# not in report_patterns(): %s\n", (const char *)key);
			missing++;
		}
	CHECK(missing == 0, "%d patterns used at run time are not registered", missing);
	CHECK(samples->len >= 50 && g_hash_table_size(asked) >= 60,
	      "the test is not empty: %u samples, %u patterns", samples->len, g_hash_table_size(asked));
	CHECK(g_hash_table_size(listed) >= g_hash_table_size(asked), "the registry holds them all");
	g_hash_table_destroy(asked);
	g_hash_table_destroy(listed);
}

/*
 * models_differ - how many samples come out otherwise than in want; fresh:
 * each sample on fresh detection caches (short ones never get the
 * literal set), else on those the earlier samples left (which have it)
 */
static int
models_differ(GPtrArray *samples, char **want, int fresh)
{
	int bad = 0;
	guint i;

	report_thread_end();
	for (i = 0; i < samples->len; i++) {
		char *m;

		if (fresh)
			report_thread_end();
		m = sample_model(samples->pdata[i]);
		if (strcmp(m, want[i]) != 0) {
			printf("# %s analysed otherwise\n", ((struct sample *)samples->pdata[i])->name);
			bad++;
		}
		g_free(m);
	}
	return bad;
}

/*
 * test_cached_patterns - the registered patterns served from the pattern
 * cache: the same literals as computed, the same matches as compiled
 * here, and every sample analysed as without the cache, with the literal
 * set and without it
 */
static void
test_cached_patterns(GPtrArray *samples)
{
	char *dir = g_dir_make_tmp("mg-report-XXXXXX", NULL);
	char *path = g_build_filename(dir, "patterns.cache", NULL);
	char *none = g_build_filename(dir, "none", NULL), *err = NULL;
	char **want = g_new0(char *, samples->len + 1);
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	GPtrArray *all = g_ptr_array_new();
	const char *const *p;
	int bad_lit = 0, bad_code = 0, bad_match = 0, lines = 0;
	guint i, k;

	/* without a cache: what every sample should come out as */
	pattern_cache_close();
	pattern_cache_open(none);
	report_thread_end();
	for (i = 0; i < samples->len; i++)
		want[i] = sample_model(samples->pdata[i]);
	CHECK(models_differ(samples, want, 0) == 0, "no cache, the literal set: as on fresh caches");
	test_line_prefilters("no cache");

	for (p = report_patterns(); *p; p++)
		g_ptr_array_add(all, (gpointer)*p);
	for (i = 0; i < G_N_ELEMENTS(line_pats); i++)
		g_ptr_array_add(all, (gpointer)line_pats[i]);
	g_ptr_array_add(all, NULL);
	CHECK(pattern_cache_write(path, (char *const *)all->pdata, NULL, &err) == 0, "cache written: %s",
	      err ? err : "");
	pattern_cache_close();
	pattern_cache_open(path);
	for (p = report_patterns(); *p; p++) {
		char **cached = NULL, **fresh = util_pattern_literals(*p);
		pcre2_code *re = pattern_cache_code(*p), *ours;
		PCRE2_SIZE off;
		int e;

		bad_lit += !(pattern_cache_literals(*p, &cached) == 1 && tap_same_strv(cached, fresh));
		bad_code += re == NULL;
		ours = pcre2_compile((PCRE2_SPTR)*p, PCRE2_ZERO_TERMINATED,
				     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &e, &off, NULL);
		/* the lines of the samples that are UTF-8 (the cache's code refuses others) */
		for (i = 0; re && ours && i < samples->len; i++) {
			struct sample *s = samples->pdata[i];
			struct report *r = report_new((const char *)s->data->data, s->data->len, NULL);

			for (k = 0; r->utf8 && k < (guint)r->nlines; k++, lines++) {
				PCRE2_SPTR t = (PCRE2_SPTR)r->lines[k].text;
				size_t n = (size_t)r->lines[k].len;

				bad_match += (pcre2_match(re, t, n, 0, 0, md, NULL) >= 0)
					     != (pcre2_match(ours, t, n, 0, 0, md, NULL) >= 0);
			}
			report_free(&r);
		}
		pcre2_code_free(re);
		pcre2_code_free(ours);
		g_strfreev(cached);
		g_strfreev(fresh);
	}
	CHECK(bad_lit == 0, "%d registered patterns: cached literals differ from computed", bad_lit);
	CHECK(bad_code == 0, "%d registered patterns: not in the cache", bad_code);
	CHECK(bad_match == 0 && lines > 10000, "cached code matches otherwise %d times in %d tries",
	      bad_match, lines);
	CHECK(models_differ(samples, want, 1) == 0, "the cache, fresh caches: as without the cache");
	CHECK(models_differ(samples, want, 0) == 0, "the cache, the literal set: as without the cache");
	test_line_prefilters("from the cache");

	report_thread_end();
	pattern_cache_close();
	g_unlink(path);
	g_rmdir(dir);
	g_strfreev(want);
	g_ptr_array_free(all, TRUE);
	pcre2_match_data_free(md);
	g_free(none);
	g_free(path);
	g_free(dir);
}

int
main(void)
{
	GPtrArray *samples;

	test_logwatch();
	test_logwatch_header();
	test_quoted();
	test_tripwire();
	test_cron();
	test_edge();
	samples = samples_load();
	test_registry(samples);
	test_cached_patterns(samples);
	samples_free(samples);
	return tap_done();
}

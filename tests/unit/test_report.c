/*
 * test_report.c - the parsers: sections, frames, entries, the heading
 * tree, Tripwire joins and summaries, cron blocks with sub-reports; and
 * the detectors' line prefilters against PCRE2 alone.
 */
#include <string.h>

#include <pcre2.h>

#include "tap.h"
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
 * test_line_prefilters - report_line_matches and report_count_matches
 * (lead byte, literals, then PCRE2) against PCRE2 alone, line by line,
 * and report_is_blank against its definition
 */
static void
test_line_prefilters(void)
{
	static const char *const pats[] = {
		"^\\s*[-=_]{5,}(\\s+[-=_]{3,})*\\s*$", "^\\s*-{3,}\\s+.*\\S\\s+End\\s+-{3,}\\s*$",
		"^\\s*(Added|Removed|Modified|Changed):\\s*$", "^\\s*(\\[[x ]\\]\\s*)?\"/",
		"(?i)^\\s*#{3,}\\s*logwatch\\s+end\\s*#{3,}\\s*$", "^\\s*\\d+\\.\\s+\\S",
		"^\\S+ : .+ : \\S+ : .*(TTY=|COMMAND=)", "(End|Begin)", "^[-+ ]?(Checking `|WARNING: )",
		"^ {5,}\\S", "\\d",
	};
	static const char *const words[] = {
		" ", "\t", "\v", "\n", "\n", "\n", "-----", "---", "=====", "_____", "###", "#", "End",
		"Begin", "LogWatch", "logwatch", "Added:", "Removed", "[x]", "[ ]", "\"/etc", "12.",
		"3", " : ", "TTY=", "Checking `", "WARNING: ", "+", "x", "\xc3\xa9", "\xff",
	};
	pcre2_match_data *md = pcre2_match_data_create(8, NULL);
	pcre2_code *re[G_N_ELEMENTS(pats)];
	GRand *g = g_rand_new_with_seed(3);
	int n, bad = 0, blank = 0, counted = 0, matches = 0;
	guint p;

	for (p = 0; p < G_N_ELEMENTS(pats); p++) {
		int err;
		PCRE2_SIZE off;

		re[p] = pcre2_compile((PCRE2_SPTR)pats[p], PCRE2_ZERO_TERMINATED,
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
		for (p = 0; p < G_N_ELEMENTS(pats); p++) {
			int want = 0;

			for (i = 0; i < r->nlines; i++) {
				const char *s = r->lines[i].text;
				int m = pcre2_match(re[p], (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL) >= 0;

				bad += report_line_matches(r, i, pats[p]) != m;
				want += m;
			}
			counted += report_count_matches(r, 0, r->nlines - 1, r->nlines, pats[p]) != want;
			matches += want;
		}
		report_free(&r);
		g_string_free(t, TRUE);
	}
	CHECK(bad == 0, "report_line_matches differs from PCRE2 %d times", bad);
	CHECK(counted == 0, "report_count_matches differs from PCRE2 %d times", counted);
	CHECK(blank == 0, "report_is_blank differs %d times", blank);
	CHECK(matches > 300, "the test is not empty: %d matches", matches);
	for (p = 0; p < G_N_ELEMENTS(pats); p++)
		pcre2_code_free(re[p]);
	pcre2_match_data_free(md);
	g_rand_free(g);
}

int
main(void)
{
	test_logwatch();
	test_logwatch_header();
	test_tripwire();
	test_cron();
	test_edge();
	test_line_prefilters();
	return tap_done();
}

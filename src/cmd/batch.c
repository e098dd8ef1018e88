/*
 * batch.c - "mailgloss batch": annotate every message of an mbox or a
 * Maildir into a new mailbox, or in place, and report what it held.
 *
 * Each message becomes exactly what "filter" would deliver for it
 * (filter_rewrite() with the same configuration); other messages are
 * copied unchanged.  Messages are handled one at a time, so memory does
 * not grow with the mailbox.  Unlike filter, batch keeps a message whose
 * annotation fails unchanged (no X-Mailgloss-Error field), so that a
 * later run can still annotate it; the report counts such messages.
 *
 * The report (stdout) counts messages per report kind and verdict, lists
 * every entry that needs attention with the mail's date and host, the
 * most frequent noise and the unrecognised lines by shape; --unknowns
 * writes a rule stub for each shape.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "i18n.h"
#include "msg.h"
#include "cmd/batch.h"
#include "cmd/cmd.h"
#include "cmd/filter.h"

struct batch_opts {
	const char *source, *dest;
	enum batch_format dest_fmt;
	int dest_fmt_given;
	int in_place, backup, quiet;
	enum batch_report_format format;
	const char *unknowns;
};

struct batch {
	struct filter_settings fs;
	struct config *cfg;
	struct ruleset *rs;
	struct batch_report *br;
	struct batch_sink *sink;	/* NULL: only the report */
	const char *source;
	GString *out;
};

static volatile sig_atomic_t batch_interrupted;

/* batch_usage - --help text */
static void
batch_usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: mailgloss batch [OPTION]... SOURCE [DEST]\n"
			    "Annotate every message of an mbox file or Maildir, as filter would, into\n"
			    "DEST (a new mbox or Maildir), and report what the mailbox held.  Without\n"
			    "DEST or --in-place only the report is printed.\n"
			    "\n"
			    "  -i, --in-place       replace SOURCE (keeping SOURCE.bak)\n"
			    "      --no-backup      with --in-place: keep no backup\n"
			    "  -u, --unknowns=FILE  write rule stubs for the unrecognised line shapes\n"
			    "  -f, --format=FORMAT  report as text (default) or json\n"
			    "  -q, --quiet          no report\n"
			    "      --lang=LANG      en, ja or ja,en\n"
			    "  -h, --help           this help\n"
			    "\n"
			    "DEST is a Maildir when it is a directory, ends in '/', is written\n"
			    "maildir:DIR, or does not exist and SOURCE is a Maildir; otherwise an mbox\n"
			    "(or mbox:FILE).  An existing non-empty DEST is never overwritten.\n"
			    "Exit status: 0 done, 64 usage error, 66 SOURCE unreadable, 70 broken\n"
			    "rules, 75 the mailbox could not be written (SOURCE is unchanged).\n"));
}

/* batch_on_signal - remember the interruption; the loop stops cleanly */
static void
batch_on_signal(int sig)
{
	batch_interrupted = 1;
}

/* batch_catch_signals - stop at a message boundary on HUP, INT, TERM */
static void
batch_catch_signals(void)
{
	static const int sigs[] = {SIGHUP, SIGINT, SIGTERM};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = batch_on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < G_N_ELEMENTS(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* batch_parse_dest - "maildir:DIR", "mbox:FILE" or a plain path */
static void
batch_parse_dest(struct batch_opts *o, const char *arg)
{
	size_t len = strlen(arg);

	if (strncmp(arg, "maildir:", 8) == 0 || strncmp(arg, "mbox:", 5) == 0) {
		o->dest_fmt = arg[1] == 'a' ? BATCH_MAILDIR : BATCH_MBOX;
		o->dest_fmt_given = 1;
		o->dest = strchr(arg, ':') + 1;
	} else if (g_file_test(arg, G_FILE_TEST_IS_DIR) || (len > 1 && arg[len - 1] == '/')) {
		o->dest_fmt = BATCH_MAILDIR;
		o->dest_fmt_given = 1;
		o->dest = arg;
	} else {
		o->dest_fmt_given = g_file_test(arg, G_FILE_TEST_EXISTS);
		o->dest_fmt = BATCH_MBOX;
		o->dest = arg;
	}
}

/* batch_options - parse the command line; 0, -1 for --help, or an exit code */
static int
batch_options(int argc, char **argv, struct batch_opts *o)
{
	static const struct option longopts[] = {
		{ "in-place", no_argument, NULL, 'i' },
		{ "no-backup", no_argument, NULL, 'B' },
		{ "unknowns", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->backup = 1;
	while ((c = getopt_long(argc, argv, "iu:f:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o->in_place = 1; break;
		case 'B': o->backup = 0; break;
		case 'u': o->unknowns = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'L': break;	/* handled in main */
		case 'h': batch_usage(stdout); return -1;
		case 'f':
			if (strcmp(optarg, "json") == 0 || strcmp(optarg, "text") == 0) {
				o->format = optarg[0] == 'j' ? BATCH_REPORT_JSON : BATCH_REPORT_TEXT;
				break;
			}
			msg_error(_("unknown format \"%s\" (text, json)"), optarg);
			return EX_MG_USAGE;
		default:
			batch_usage(stderr);
			return EX_MG_USAGE;
		}
	}
	if (optind >= argc || argc - optind > 2 || (o->in_place && argc - optind > 1)) {
		msg_error(o->in_place ? _("batch --in-place takes SOURCE only")
				      : _("batch takes SOURCE and an optional DEST"));
		return EX_MG_USAGE;
	}
	o->source = argv[optind];
	if (optind + 1 < argc)
		batch_parse_dest(o, argv[optind + 1]);
	return 0;
}

/* batch_stats - count a message in the report (analysing it if needed) */
static void
batch_stats(struct batch *b, const struct batch_msg *m, int annotated, struct analysis *a)
{
	char *err = NULL;

	if (a) {
		a->x.source = b->source;
		a->x.index = m->index;
	} else if (engine_analyse(m->data, m->len, b->source, m->index, b->rs, &a, &err) < 0) {
		msg_warn("%s: message %d: %s", b->source, m->index + 1, err);
		g_free(err);
		batch_report_other(b->br, BATCH_FAILED);
		return;
	}
	batch_report_add(b->br, &a->x, a->mail->date, annotated);
	engine_free(&a);
}

/* batch_rewrite - what filter would make of the message; 1 if annotated */
static int
batch_rewrite(struct batch *b, const struct batch_msg *m, struct analysis **a_r)
{
	enum filter_outcome rc;
	char *why = NULL;

	*a_r = NULL;
	g_string_truncate(b->out, 0);
	if (!b->sink)
		return 0;
	rc = filter_rewrite_analysis(m->data, m->len, &b->fs, b->out, &why, a_r);
	if (rc == FILTER_FAILED)
		msg_warn("%s: message %d left unchanged: %s", b->source, m->index + 1,
			 why ? why : "?");
	g_free(why);
	return rc == FILTER_FAILED ? -1 : rc == FILTER_ANNOTATED;
}

/* batch_message - annotate, count and write one message */
static int
batch_message(struct batch *b, const struct batch_msg *m, char **errstr)
{
	struct analysis *a = NULL;
	int annotated = 0;

	if (b->cfg->max_message_size && m->len > b->cfg->max_message_size) {
		batch_report_other(b->br, BATCH_TOO_BIG);
	} else if (render_mail_has_header(m->data, m->len, "X-Mailgloss-Version")) {
		batch_report_other(b->br, BATCH_ANNOTATED_BEFORE);
	} else if ((annotated = batch_rewrite(b, m, &a)) < 0) {
		batch_report_other(b->br, BATCH_FAILED);
		engine_free(&a);
		annotated = 0;
	} else {
		batch_stats(b, m, annotated, a);
	}
	if (!b->sink)
		return 0;
	return batch_sink_put(b->sink, m, annotated ? b->out->str : NULL, b->out->len, errstr);
}

/* batch_run - every message of the source, in order; 0 or an exit code */
static int
batch_run(struct batch *b, struct batch_source *src)
{
	struct batch_progress prog;
	struct batch_msg m;
	char *err = NULL;
	int rc, n = 0;

	batch_progress_init(&prog, batch_source_size(src), isatty(STDERR_FILENO));
	while (!batch_interrupted && (rc = batch_source_next(src, &m, &err)) == 1) {
		rc = batch_message(b, &m, &err);
		batch_progress_update(&prog, m.done, ++n, 0);
		batch_msg_clear(&m);
		if (rc < 0)
			break;
	}
	batch_progress_update(&prog, batch_source_size(src), n, 1);
	batch_progress_done(&prog);
	if (batch_interrupted) {
		msg_error(_("interrupted"));
		return EX_MG_TEMPFAIL;
	}
	if (rc < 0) {
		msg_error("%s", err);
		g_free(err);
		return b->sink ? EX_MG_TEMPFAIL : EX_MG_NOINPUT;
	}
	return 0;
}

/* batch_open - sink (first: it takes the lock in place), then source */
static int
batch_open(struct batch *b, const struct batch_opts *o, struct batch_source **src_r)
{
	struct batch_sink_opts so = { 0 };
	enum batch_format fmt;
	char *err = NULL;

	if (batch_detect(o->source, &fmt, &err) < 0) {
		msg_error("%s", err);
		g_free(err);
		return EX_MG_NOINPUT;
	}
	so.fmt = o->in_place ? fmt : o->dest_fmt_given ? o->dest_fmt : fmt;
	so.path = o->in_place ? o->source : o->dest;
	so.in_place = o->in_place;
	so.backup = o->backup;
	if (so.path && batch_sink_open(&so, &b->sink, &err) < 0) {
		msg_error("%s", err);
		g_free(err);
		return o->in_place ? EX_MG_TEMPFAIL : EX_MG_USAGE;
	}
	if (batch_source_open(o->source, fmt, src_r, &err) < 0) {
		msg_error("%s", err);
		g_free(err);
		return EX_MG_NOINPUT;
	}
	return 0;
}

/* batch_finish - commit the mailbox, write the report and the stubs */
static int
batch_finish(struct batch *b, const struct batch_opts *o)
{
	char *err = NULL;

	if (b->sink && batch_sink_commit(b->sink, &err) < 0) {
		msg_error(_("%s; %s is unchanged"), err, o->source);
		g_free(err);
		return EX_MG_TEMPFAIL;
	}
	if (b->sink && batch_sink_backup(b->sink))
		msg_info(_("the original is kept as %s"), batch_sink_backup(b->sink));
	if (!o->quiet)
		batch_report_write(b->br, o->format, stdout);
	if (o->unknowns && batch_report_write_stubs(b->br, o->unknowns, &err) < 0) {
		msg_error("%s", err);
		g_free(err);
		return EX_MG_TEMPFAIL;
	}
	if (fflush(stdout) != 0) {
		msg_error(_("cannot write the output"));
		return EX_MG_TEMPFAIL;
	}
	return 0;
}

/* batch_setup - configuration, language and rules; 0 or an exit code */
static int
batch_setup(struct batch *b, const struct batch_opts *o, const struct global_opts *g)
{
	config_load(g->config, &b->cfg);
	if (!g->lang && b->cfg->language)
		i18n_init(b->cfg->language);
	b->rs = engine_rules(g->rules_dir ? g->rules_dir : b->cfg->rules_dir, &b->fs.rule_problems);
	b->fs.rs = b->rs;
	b->fs.cfg = b->cfg;
	b->source = o->source;
	if (b->fs.rule_problems > 0 && (o->dest || o->in_place)) {
		msg_error(_("%d problem(s) in the rule files; fix them first (mailgloss rules check)"),
			  b->fs.rule_problems);
		return EX_MG_SOFTWARE;
	}
	return 0;
}

/* cmd_batch - annotate a mailbox */
int
cmd_batch(int argc, char **argv, const struct global_opts *g)
{
	struct batch_opts o = { 0 };
	struct batch b = { 0 };
	struct batch_source *src = NULL;
	int rc;

	if ((rc = batch_options(argc, argv, &o)) != 0)
		return rc < 0 ? 0 : rc;
	batch_catch_signals();
	if ((rc = batch_setup(&b, &o, g)) == 0 && (rc = batch_open(&b, &o, &src)) == 0) {
		b.br = batch_report_new(b.sink != NULL);
		b.out = g_string_new(NULL);
		rc = batch_run(&b, src);
		batch_source_close(&src);
		if (rc == 0)
			rc = batch_finish(&b, &o);
		g_string_free(b.out, TRUE);
		batch_report_free(&b.br);
	}
	batch_source_close(&src);
	batch_sink_free(&b.sink);
	ruleset_free(&b.rs);
	config_free(&b.cfg);
	return rc;
}

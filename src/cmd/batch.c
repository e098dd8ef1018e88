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
#include <malloc.h>
#include <pthread.h>
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
	int jobs;			/* 0: one per processor */
};

/*
 * What a worker thread works with: its own rules and their caches, and
 * the analyses it made that the main thread is done with.  The worker
 * frees those itself: freeing thousands of small blocks on the main
 * thread would take them across malloc arenas (a lock per block) and
 * put that work on the thread every message waits for.
 */
struct batch_worker {
	struct filter_settings fs;
	const char *source;
	int writing;			/* a mailbox is written: rewrite as filter */
	pthread_mutex_t trash_lock;
	GPtrArray *trash;		/* struct analysis *, done with */
};

/* One message on its way: read, worked on, then counted and written. */
struct batch_job {
	struct batch_msg m;
	int other;			/* -1, or the enum batch_other it counts as */
	int annotated;			/* out holds the annotated message */
	struct analysis *a;
	struct batch_worker *worker;	/* the one that made a */
	GString *out;
	char *warning;			/* printed when the job is taken back */
};

struct batch {
	struct filter_settings fs;
	struct config *cfg;
	struct ruleset *rs;
	struct batch_report *br;
	struct batch_sink *sink;	/* NULL: only the report */
	const char *source;
	struct batch_worker *workers;	/* workers[0] has rs */
	int nworkers;
	struct batch_pool *pool;	/* NULL: one worker, on this thread */
	GQueue inline_done;		/* without a pool: worked-on jobs */
	guint depth;			/* messages in flight at most */
	size_t inflight;		/* their bytes */
	GPtrArray *spare;		/* jobs to reuse */
};

#define BATCH_MAX_JOBS	64
#define BATCH_AHEAD	16		/* messages in flight per worker */
#define BATCH_AHEAD_BYTES (16UL << 20)	/* and their bytes at most, memory stays flat */
#define BATCH_KEEP_OUT	(256U << 10)	/* output room a spare job keeps */

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
			    "  -j, --jobs=N         analyse on N threads (default: one per processor)\n"
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

/* batch_parse_jobs - a --jobs value; 0, or -1 if it is not 1..BATCH_MAX_JOBS */
static int
batch_parse_jobs(const char *arg, int *jobs_r)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (end == arg || *end || n < 1 || n > BATCH_MAX_JOBS)
		return -1;
	*jobs_r = (int)n;
	return 0;
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
		{ "jobs", required_argument, NULL, 'j' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->backup = 1;
	while ((c = getopt_long(argc, argv, "iu:f:qj:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o->in_place = 1; break;
		case 'B': o->backup = 0; break;
		case 'u': o->unknowns = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'L': break;	/* handled in main */
		case 'h': batch_usage(stdout); return -1;
		case 'j':
			if (batch_parse_jobs(optarg, &o->jobs) == 0)
				break;
			msg_error(_("--jobs takes a number from 1 to %d"), BATCH_MAX_JOBS);
			return EX_MG_USAGE;
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

/* batch_job_get - a cleared job, reused when one is free */
static struct batch_job *
batch_job_get(struct batch *b)
{
	struct batch_job *j = NULL;

	if (b->spare->len > 0)
		j = g_ptr_array_steal_index_fast(b->spare, b->spare->len - 1);
	if (!j) {
		j = g_new0(struct batch_job, 1);
		j->out = g_string_new(NULL);
	}
	j->other = -1;
	return j;
}

/* batch_trash_empty - free the analyses w's owner is done with */
static void
batch_trash_empty(struct batch_worker *w)
{
	GPtrArray *done;
	guint i;

	pthread_mutex_lock(&w->trash_lock);
	done = w->trash;
	w->trash = NULL;
	pthread_mutex_unlock(&w->trash_lock);
	if (!done)
		return;
	for (i = 0; i < done->len; i++) {
		struct analysis *a = done->pdata[i];

		engine_free(&a);
	}
	g_ptr_array_free(done, TRUE);
}

/* batch_job_put - done with a job: free what it holds (or hand its
 * analysis back to the worker that made it) and keep it */
static void
batch_job_put(struct batch *b, struct batch_job *j)
{
	batch_msg_clear(&j->m);
	if (j->a && b->pool && j->worker) {
		pthread_mutex_lock(&j->worker->trash_lock);
		if (!j->worker->trash)
			j->worker->trash = g_ptr_array_sized_new(2 * BATCH_AHEAD);
		g_ptr_array_add(j->worker->trash, j->a);
		pthread_mutex_unlock(&j->worker->trash_lock);
		j->a = NULL;
	}
	j->worker = NULL;
	engine_free(&j->a);
	g_clear_pointer(&j->warning, g_free);
	if (j->out->allocated_len > BATCH_KEEP_OUT) {
		/* a rare big message: do not keep its room in every spare job */
		g_string_free(j->out, TRUE);
		j->out = g_string_new(NULL);
	}
	g_string_truncate(j->out, 0);
	j->annotated = 0;
	g_ptr_array_add(b->spare, j);
}

/* batch_job_free - for g_ptr_array_free */
static void
batch_job_free(gpointer p)
{
	struct batch_job *j = p;

	g_string_free(j->out, TRUE);
	g_free(j);
}

/*
 * batch_work - on a worker: what filter would make of the message and its
 * analysis for the report.  A message that filter leaves unchanged is
 * still analysed to be counted; one whose annotation fails is kept as it
 * was.  Warnings wait in the job, to be printed in mailbox order.
 */
static void
batch_work(void *ctx, void *arg)
{
	struct batch_worker *w = ctx;
	struct batch_job *j = arg;
	enum filter_outcome rc;
	char *why = NULL;

	batch_trash_empty(w);
	if (j->other >= 0)
		return;
	j->worker = w;
	if (w->writing) {
		rc = filter_rewrite_analysis(j->m.data, j->m.len, &w->fs, j->out, &why, &j->a);
		if (rc == FILTER_FAILED) {
			j->warning = g_strdup_printf("%s: message %d left unchanged: %s", w->source,
						     j->m.index + 1, why ? why : "?");
			j->other = BATCH_FAILED;
			engine_free(&j->a);
			g_free(why);
			return;
		}
		j->annotated = rc == FILTER_ANNOTATED;
	}
	if (!j->a && engine_analyse(j->m.data, j->m.len, w->source, j->m.index, w->fs.rs, &j->a,
				    &why) < 0) {
		j->warning = g_strdup_printf("%s: message %d: %s", w->source, j->m.index + 1, why);
		j->other = BATCH_FAILED;
	}
	g_free(why);
}

/* batch_work_end - a worker ends: its thread's caches go with it */
static void
batch_work_end(void *ctx, void *arg)
{
	batch_trash_empty(ctx);
	engine_thread_end();
}

/* batch_submit - a message read: judge what needs no analysis, then work on it */
static void
batch_submit(struct batch *b, struct batch_job *j)
{
	const struct batch_msg *m = &j->m;

	if (b->cfg->max_message_size && m->len > b->cfg->max_message_size)
		j->other = BATCH_TOO_BIG;
	else if (render_mail_has_header(m->data, m->len, "X-Mailgloss-Version"))
		j->other = BATCH_ANNOTATED_BEFORE;
	b->inflight += m->len;
	if (b->pool) {
		batch_pool_submit(b->pool, j);
	} else {
		batch_work(&b->workers[0], j);
		g_queue_push_tail(&b->inline_done, j);
	}
}

/* batch_take - the oldest message submitted, once worked on (NULL: none) */
static struct batch_job *
batch_take(struct batch *b)
{
	struct batch_job *j = b->pool ? batch_pool_take(b->pool) : g_queue_pop_head(&b->inline_done);

	if (j)
		b->inflight -= j->m.len;
	return j;
}

/* batch_pending - messages submitted and not yet taken */
static guint
batch_pending(const struct batch *b)
{
	return b->pool ? batch_pool_pending(b->pool) : b->inline_done.length;
}

/* batch_commit - count a worked-on message and write it, in mailbox order */
static int
batch_commit(struct batch *b, struct batch_job *j, char **errstr)
{
	if (j->warning)
		msg_warn("%s", j->warning);
	if (j->other >= 0) {
		batch_report_other(b->br, j->other);
	} else {
		j->a->x.source = b->source;
		j->a->x.index = j->m.index;
		batch_report_add(b->br, &j->a->x, j->a->mail->date, j->annotated);
	}
	if (!b->sink)
		return 0;
	return batch_sink_put(b->sink, &j->m, j->annotated ? j->out->str : NULL, j->out->len,
			      errstr);
}

/*
 * batch_run - every message of the source, in order; 0 or an exit code.
 * Up to b->depth messages are read ahead for the workers; they are
 * counted and written strictly in mailbox order.
 */
static int
batch_run(struct batch *b, struct batch_source *src)
{
	struct batch_progress prog;
	struct batch_job *j;
	char *err = NULL;
	int src_rc = 1, put_rc = 0, n = 0;

	batch_progress_init(&prog, batch_source_size(src), isatty(STDERR_FILENO));
	while (!batch_interrupted) {
		while (src_rc == 1 && batch_pending(b) < b->depth
		       && (batch_pending(b) == 0 || b->inflight < BATCH_AHEAD_BYTES)) {
			j = batch_job_get(b);
			if ((src_rc = batch_source_next(src, &j->m, &err)) != 1) {
				batch_job_put(b, j);
				break;
			}
			batch_submit(b, j);
		}
		if (src_rc < 0 || batch_interrupted || (j = batch_take(b)) == NULL)
			break;
		put_rc = batch_commit(b, j, &err);
		batch_progress_update(&prog, j->m.done, ++n, 0);
		batch_job_put(b, j);
		if (put_rc < 0)
			break;
	}
	while ((j = batch_take(b)) != NULL)	/* stopped early: the rest is dropped */
		batch_job_put(b, j);
	batch_progress_update(&prog, batch_source_size(src), n, 1);
	batch_progress_done(&prog);
	if (batch_interrupted) {
		msg_error(_("interrupted"));
		g_free(err);
		return EX_MG_TEMPFAIL;
	}
	if (src_rc < 0 || put_rc < 0) {
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

/*
 * batch_start_workers - one worker per job, each with rules of its own
 * (matching caches what it sees, so workers share nothing); one job, or
 * rules with problems (whose warnings would repeat), work on this thread.
 */
static void
batch_start_workers(struct batch *b, const struct batch_opts *o, const struct global_opts *g)
{
	const char *site = g->rules_dir ? g->rules_dir : b->cfg->rules_dir;
	int i, n = o->jobs ? o->jobs : (int)g_get_num_processors();
	void **ctx;

	if (n > BATCH_MAX_JOBS)
		n = BATCH_MAX_JOBS;
	if (n < 1 || b->fs.rule_problems > 0)
		n = 1;
	b->nworkers = n;
	b->workers = g_new0(struct batch_worker, n);
	b->depth = n == 1 ? 1 : BATCH_AHEAD * n;
	b->spare = g_ptr_array_new_with_free_func(batch_job_free);
	for (i = 0; i < n; i++) {
		struct batch_worker *w = &b->workers[i];

		w->fs = b->fs;
		w->source = b->source;
		pthread_mutex_init(&w->trash_lock, NULL);
		w->writing = b->sink != NULL;
		if (i > 0)
			w->fs.rs = engine_rules(site, &w->fs.rule_problems);
	}
	if (n == 1)
		return;
	ctx = g_new(void *, n);
	for (i = 0; i < n; i++)
		ctx[i] = &b->workers[i];
	b->pool = batch_pool_new(n, ctx, batch_work, batch_work_end);
	g_free(ctx);
}

/* batch_stop_workers - join the workers and free their rules */
static void
batch_stop_workers(struct batch *b)
{
	int i;

	batch_pool_free(&b->pool);
	for (i = 0; i < b->nworkers; i++) {
		batch_trash_empty(&b->workers[i]);	/* handed back after the worker ended */
		pthread_mutex_destroy(&b->workers[i].trash_lock);
		if (i > 0)
			ruleset_free(&b->workers[i].fs.rs);
	}
	g_free(b->workers);
	b->workers = NULL;
	g_clear_pointer(&b->spare, g_ptr_array_unref);
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
#ifdef M_TRIM_THRESHOLD
	/*
	 * Every message allocates and frees its analysis, a few hundred KiB;
	 * glibc gave that back to the kernel after each one and faulted it
	 * in again for the next (24,000 page faults on the bench mailbox,
	 * 6,500 so).  Peak memory is what it was: only the giving back stops.
	 */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
	if ((rc = batch_setup(&b, &o, g)) == 0 && (rc = batch_open(&b, &o, &src)) == 0) {
		b.br = batch_report_new(b.sink != NULL);
		batch_start_workers(&b, &o, g);
		rc = batch_run(&b, src);
		batch_stop_workers(&b);
		batch_source_close(&src);
		if (rc == 0)
			rc = batch_finish(&b, &o);
		batch_report_free(&b.br);
	}
	batch_source_close(&src);
	batch_sink_free(&b.sink);
	ruleset_free(&b.rs);
	config_free(&b.cfg);
	return rc;
}

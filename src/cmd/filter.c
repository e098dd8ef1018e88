/*
 * filter.c - "mailgloss filter": one message from an MTA pipe, annotated
 * and delivered onward (SPEC sections 5 and 6).
 *
 * The message is read whole first (stdin is usually a pipe).  The work
 * that can go wrong - loading rules, parsing, matching, rendering - runs
 * in a forked child under a time limit and hands back the finished
 * message through a pipe.  Whatever happens to the child (an error, an
 * abort on allocation failure, a crash, a runaway regex) the parent still
 * holds the original bytes and delivers them, with an X-Mailgloss-Error
 * field when that is safe, and exits 0.  Exit 75 means only that the
 * message could not be delivered anywhere; 64 is a usage error.
 *
 * For the stdout target (procmail, maildrop, Sieve filters) the output
 * keeps the input's From_ line, so a message that is passed on is passed
 * on byte for byte; the other targets get the message without it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "engine.h"
#include "i18n.h"
#include "msg.h"
#include "util.h"
#include "cmd/cmd.h"
#include "cmd/filter.h"
#include "deliver/deliver.h"

/* What the child needs to do its work. */
struct filter_job {
	const struct config *cfg;
	const char *rules_dir;
	const char *loop;
};

/* filter_usage - --help text */
static void
filter_usage(FILE *fp)
{
	fprintf(fp, "%s", _("Usage: mailgloss filter [--deliver TARGET] [--lang LANG] [-]\n"
			    "Annotate one message read on stdin and deliver it (for an MTA pipe).\n"
			    "\n"
			    "  -d, --deliver=TARGET  - (stdout, the default), maildir:DIR, mbox:FILE\n"
			    "                        or sendmail:ADDRESS\n"
			    "      --lang=LANG       en, ja or ja,en\n"
			    "  -h, --help            this help\n"
			    "\n"
			    "Mail that is not a report, or was annotated before, is delivered unchanged;\n"
			    "if annotating fails, the original is delivered.\n"
			    "Exit status: 0 delivered, 64 usage error, 75 not delivered (try again later).\n"));
}

/* filter_envelope_len - a leading "From " line that is not a From: field */
size_t
filter_envelope_len(const char *buf, size_t len)
{
	const char *nl, *p;

	if (len < 5 || memcmp(buf, "From ", 5) != 0)
		return 0;
	for (p = buf + 4; p < buf + len && (*p == ' ' || *p == '\t'); p++)
		;
	if (p < buf + len && *p == ':')
		return 0;	/* the obsolete "From : x" field */
	nl = memchr(buf, '\n', len);
	return nl ? (size_t)(nl - buf) + 1 : len;
}

/* filter_tag_expand - a subject_tag_format: %l label, %v name, %V NAME, %% */
static char *
filter_tag_expand(const char *fmt, enum verdict v)
{
	GString *out = g_string_new(NULL);
	char *up;

	for (; *fmt; fmt++) {
		if (*fmt != '%' || !fmt[1]) {
			g_string_append_c(out, *fmt);
			continue;
		}
		switch (*++fmt) {
		case 'l':
			g_string_append(out, render_verdict_label(v));
			break;
		case 'v':
			g_string_append(out, verdict_name(v));
			break;
		case 'V':
			up = g_ascii_strup(verdict_name(v), -1);
			g_string_append(out, up);
			g_free(up);
			break;
		default:
			g_string_append_c(out, *fmt);
			break;
		}
	}
	return g_string_free(out, FALSE);
}

/* filter_subject_tag - subject_tag_<verdict>, else the format for check and worse */
char *
filter_subject_tag(const struct config *cfg, enum verdict v)
{
	const char *fmt = cfg->subject_tag_format;

	if (!cfg->subject_tag || (unsigned)v >= VERDICT_COUNT)
		return NULL;
	if (cfg->subject_tags[v])
		return *cfg->subject_tags[v] ? g_strdup(cfg->subject_tags[v]) : NULL;
	if (v != VERDICT_CHECK && v != VERDICT_ACTION && v != VERDICT_URGENT)
		return NULL;
	if (!fmt || !*fmt)
		fmt = i18n_lang() == I18N_EN ? "[%V]" : "[%l]";
	return filter_tag_expand(fmt, v);
}

/* filter_render - the annotated message of an analysed report */
static enum filter_outcome
filter_render(const char *msg, size_t len, const struct filter_settings *fs,
	      const struct analysis *a, GString *out, char **why_r)
{
	struct render_mail_opts o = { 0 };
	char *tag = filter_subject_tag(fs->cfg, a->x.ann->verdict);
	int rc;

	o.subject_tag = tag;
	o.loop = fs->loop;
	rc = render_mail(out, &a->x, msg, len, &o, why_r);
	g_free(tag);
	if (rc < 0) {
		g_string_truncate(out, 0);
		return FILTER_PASS;
	}
	return FILTER_ANNOTATED;
}

/* filter_rewrite - what one message becomes (no I/O) */
enum filter_outcome
filter_rewrite(const char *msg, size_t len, const struct filter_settings *fs, GString *out,
	       char **why_r)
{
	return filter_rewrite_analysis(msg, len, fs, out, why_r, NULL);
}

/* filter_rewrite_analysis - the same, handing the analysis on (batch's report) */
enum filter_outcome
filter_rewrite_analysis(const char *msg, size_t len, const struct filter_settings *fs,
			GString *out, char **why_r, struct analysis **a_r)
{
	struct analysis *a = NULL;
	struct ruleset *rs;
	enum filter_outcome rc;
	char *err = NULL;
	int parsed, problems;

	*why_r = NULL;
	if (a_r)
		*a_r = NULL;
	if (render_mail_has_header(msg, len, "X-Mailgloss-Version"))
		return FILTER_PASS;	/* annotated before */
	if (render_mail_has_header(msg, len, "X-Mailgloss-Loop"))
		return FILTER_PASS;	/* we re-injected it before */
	if (fs->load_rules) {
		/* parsed meanwhile, then matched on both threads; _exit() frees the rules */
		struct ruleset *twin;

		parsed = engine_analyse_paired(msg, len, "-", 0, fs->rules_dir, &rs, &twin, &problems,
					       &a, &err);
	} else {
		parsed = engine_parse(msg, len, "-", 0, &a, &err);
		rs = fs->rs;
		problems = fs->rule_problems;
		if (parsed == 0 && problems == 0)
			engine_annotate(a, rs);
	}
	if (problems > 0 || parsed < 0) {
		if (problems > 0)
			*why_r = g_strdup_printf("%d problem(s) in the rule files"
						 " (see \"mailgloss rules check\")", problems);
		else
			*why_r = g_strdup_printf("analysis failed: %s", err);
		g_free(err);
		engine_free(&a);
		return FILTER_FAILED;
	}
	if (!a->mail->has_headers || !a->x.report->kind)
		rc = FILTER_PASS;	/* not a report we know */
	else
		rc = filter_render(msg, len, fs, a, out, why_r);
	if (a_r)
		*a_r = a;
	else
		engine_free(&a);
	return rc;
}

/* filter_test_fault - MAILGLOSS_TEST_FAULT: the faults check-faults.sh injects */
static void
filter_test_fault(int fd)
{
	const char *fault = getenv("MAILGLOSS_TEST_FAULT");

	if (!fault || !*fault)
		return;
	if (strcmp(fault, "crash") == 0)
		abort();
	if (strcmp(fault, "hang") == 0)
		for (;;)
			pause();
	if (strcmp(fault, "partial") == 0) {
		(void)!write(fd, "Atruncated", 10);
		_exit(1);
	}
}

/* filter_write_all - write everything to the parent's pipe; 0 or -1 */
static int
filter_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The child's reply: one status byte ('A' annotated, 'P' pass on, 'E'
 * failed), the length of what follows in 16 hex digits, then the message
 * or the reason.  A reply that is whole needs no wait for the child's
 * exit status: the parent delivers while the child's memory is torn down.
 */
#define FILTER_REPLY_HEAD	17
#define FILTER_PIPE_MAX		(1 << 20)	/* Linux's default pipe-max-size */

/*
 * filter_child - in the forked child: do the work and send the reply.
 * Our stdout may be the delivery target, so stray output goes to stderr.
 */
static void __attribute__((noreturn))
filter_child(const char *msg, size_t len, const struct filter_job *job, int fd)
{
	static const char status[] = {'A', 'P', 'E'};
	char head[FILTER_REPLY_HEAD + 1];
	struct filter_settings fs = { 0 };
	GString *out = g_string_new(NULL);
	enum filter_outcome rc;
	char *why = NULL;

	dup2(STDERR_FILENO, STDOUT_FILENO);
	filter_test_fault(fd);
	fs.cfg = job->cfg;
	fs.loop = job->loop;
	/* _exit() below: the rules loaded in filter_rewrite need no freeing. */
	fs.load_rules = 1;
	fs.rules_dir = job->rules_dir;
	rc = filter_rewrite(msg, len, &fs, out, &why);
	if (why && rc == FILTER_PASS)
		msg_warn("message passed on unchanged: %s", why);
	if (rc == FILTER_FAILED || rc == FILTER_PASS)
		g_string_assign(out, why ? why : "");
	g_snprintf(head, sizeof(head), "%c%016zx", status[rc], out->len);
	g_string_prepend_len(out, head, FILTER_REPLY_HEAD);
	if (filter_write_all(fd, out->str, out->len) < 0)
		_exit(1);
	close(fd);		/* the parent sees the end now, not after our exit */
	_exit(0);
}

/* filter_wait_readable - poll until fd is readable or the deadline; 0 or -1 */
static int
filter_wait_readable(int fd, gint64 deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	gint64 left;
	int n;

	for (;;) {
		left = (deadline - g_get_monotonic_time()) / 1000;
		if (left <= 0)
			return -1;
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

/* filter_reap - wait for the child; a reason string when it did not end well */
static char *
filter_reap(pid_t pid, int timed_out, unsigned limit)
{
	int status;

	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return g_strdup_printf("waitpid: %s", g_strerror(errno));
	if (timed_out)
		return g_strdup_printf("time limit of %u s exceeded", limit);
	if (WIFSIGNALED(status))
		return g_strdup_printf("annotation died of signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return g_strdup_printf("annotation exited %d", WEXITSTATUS(status));
	return NULL;
}

/* filter_reply_head - the length a reply's head announces; 0, or -1 if it has none */
static int
filter_reply_head(const GString *reply, guint64 *n_r)
{
	guint64 n = 0;
	int i;

	if (reply->len < FILTER_REPLY_HEAD || !reply->str[0] || !strchr("APE", reply->str[0]))
		return -1;
	for (i = 1; i < FILTER_REPLY_HEAD; i++) {
		if (!g_ascii_isxdigit(reply->str[i]))
			return -1;
		n = n * 16 + (guint64)g_ascii_xdigit_value(reply->str[i]);
	}
	*n_r = n;
	return 0;
}

/* filter_reply_whole - is the child's reply complete (head and all it announced)? */
static int
filter_reply_whole(const GString *reply)
{
	guint64 n;

	return filter_reply_head(reply, &n) == 0 && n == reply->len - FILTER_REPLY_HEAD;
}

/*
 * filter_reply_room - how much to read next: the rest of what the reply's
 * head announces and one byte more (which only the end may answer), or
 * a chunk while the head is not in yet or does not hold together
 */
static size_t
filter_reply_room(const GString *reply)
{
	guint64 n;

	if (filter_reply_head(reply, &n) < 0 || n > G_MAXSIZE / 2
	    || reply->len > FILTER_REPLY_HEAD + n)
		return 65536;	/* read on to the end all the same */
	return FILTER_REPLY_HEAD + n - reply->len + 1;
}

/*
 * filter_read_child - everything the child writes, until EOF or the
 * deadline.  It is read straight into buf, which grows once to the size
 * the head announces: no chunk is copied, no larger buffer is touched.
 */
static int
filter_read_child(int fd, gint64 deadline, GString *buf)
{
	size_t have, room;
	ssize_t n;

	for (;;) {
		if (filter_wait_readable(fd, deadline) < 0)
			return -1;
		have = buf->len;
		room = filter_reply_room(buf);
		g_string_set_size(buf, have + room);
		n = read(fd, buf->str + have, room);
		g_string_truncate(buf, have + (size_t)MAX(n, 0));
		if (n == 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

/* filter_decode - turn the child's reply into an outcome */
static enum filter_outcome
filter_decode(GString *reply, GString *out, char **why_r)
{
	const char *body = reply->str + FILTER_REPLY_HEAD;
	size_t len = reply->len - FILTER_REPLY_HEAD;

	if (!filter_reply_whole(reply)) {
		*why_r = g_strdup("annotation gave no result");
		return FILTER_FAILED;
	}
	if (reply->str[0] == 'A') {
		GString swap = *out;

		/* The reply becomes the message: moved down, not copied. */
		g_string_erase(reply, 0, FILTER_REPLY_HEAD);
		*out = *reply;
		*reply = swap;
		return FILTER_ANNOTATED;
	}
	if (len > 0)
		*why_r = g_strndup(body, len);
	return reply->str[0] == 'P' ? FILTER_PASS : FILTER_FAILED;
}

/* filter_isolated - filter_rewrite in a child process under the time limit */
static enum filter_outcome
filter_isolated(const char *msg, size_t len, const struct filter_job *job, GString *out,
		char **why_r, pid_t *late_r)
{
	GString *reply = g_string_new(NULL);
	enum filter_outcome rc = FILTER_FAILED;
	int fds[2], timed_out;
	pid_t pid;

	*why_r = NULL;
	fflush(NULL);
	if (pipe(fds) < 0) {
		*why_r = g_strdup_printf("cannot start the annotation: %s", g_strerror(errno));
		g_string_free(reply, TRUE);
		return FILTER_FAILED;
	}
#ifdef F_SETPIPE_SZ
	/*
	 * Room for a whole reply (about three times the message), up to the
	 * system's limit: the child then writes it without waiting for the
	 * parent to read, instead of taking turns 64 KiB at a time.
	 */
	(void)fcntl(fds[0], F_SETPIPE_SZ, (int)MIN(FILTER_PIPE_MAX, 4 * len + 65536));
#endif
	if ((pid = fork()) < 0) {
		*why_r = g_strdup_printf("cannot start the annotation: %s", g_strerror(errno));
		close(fds[0]);
		close(fds[1]);
		g_string_free(reply, TRUE);
		return FILTER_FAILED;
	}
	if (pid == 0) {
		close(fds[0]);
		filter_child(msg, len, job, fds[1]);
	}
	close(fds[1]);
	timed_out = filter_read_child(fds[0], g_get_monotonic_time()
				      + (gint64)job->cfg->time_limit * G_USEC_PER_SEC, reply) < 0;
	close(fds[0]);
	if (!timed_out && filter_reply_whole(reply))
		*late_r = pid;		/* its exit status can wait (cmd_filter) */
	else
		*why_r = filter_reap(pid, timed_out, job->cfg->time_limit);
	if (!*why_r)
		rc = filter_decode(reply, out, why_r);
	g_string_free(reply, TRUE);
	return rc;
}

/* filter_target - --deliver, else the configuration, else stdout; 0 or an exit code */
static int
filter_target(const char *opt, const struct config *cfg, struct deliver_target **target_r)
{
	const char *spec = opt ? opt : cfg->deliver ? cfg->deliver : "-";
	char *err = NULL;

	if (!opt && cfg->unreadable) {
		/* The file may name the target; stdout could be where mail is lost. */
		msg_error(_("the configuration cannot be read and no --deliver was given;"
			    " the message stays with the MTA"));
		return EX_MG_TEMPFAIL;
	}
	if (deliver_parse(spec, target_r, &err) == 0)
		return 0;
	if (opt) {
		msg_error("--deliver: %s", err);
		g_free(err);
		return EX_MG_USAGE;
	}
	msg_error("%s: deliver: %s; the message stays with the MTA", cfg->path, err);
	g_free(err);
	return EX_MG_TEMPFAIL;
}

/* filter_sender - envelope sender: $SENDER, else the From_ line's */
static char *
filter_sender(const char *raw, size_t env_len)
{
	const char *s = getenv("SENDER"), *p, *end;

	if (s)
		return g_strdup(s);
	if (env_len < 6)
		return NULL;
	end = raw + env_len;
	for (p = raw + 5; p < end && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r'; p++)
		;
	return p > raw + 5 ? g_strndup(raw + 5, p - (raw + 5)) : NULL;
}

/* filter_outcome_bytes - the message to deliver, given what the work gave */
static void
filter_outcome_bytes(enum filter_outcome rc, const char *msg, size_t len, const char *why,
		     GString *out)
{
	if (rc == FILTER_ANNOTATED)
		return;
	g_string_truncate(out, 0);
	if (rc == FILTER_FAILED) {
		msg_warn("annotation failed, original delivered: %s", why ? why : "?");
		if (render_mail_error(out, msg, len, why ? why : "annotation failed") == 0)
			return;
	}
	g_string_append_len(out, msg, len);
}

/*
 * filter_message - decide what to deliver for raw (with its From_ line);
 * the result replaces *out.  Small enough messages are annotated.
 */
static void
filter_message(const char *raw, size_t raw_len, size_t env_len, const struct filter_job *job,
	       GString *out, pid_t *late_r)
{
	const char *msg = raw + env_len;
	size_t len = raw_len - env_len;
	enum filter_outcome rc = FILTER_PASS;
	char *why = NULL;

	if (job->cfg->max_message_size && len > job->cfg->max_message_size)
		msg_info("message of %zu bytes is over max_message_size (%zu); passed on"
			 " unannotated", len, job->cfg->max_message_size);
	else
		rc = filter_isolated(msg, len, job, out, &why, late_r);
	filter_outcome_bytes(rc, msg, len, why, out);
	g_free(why);
}

/* filter_deliver - hand the bytes over; 0 or 75 */
static int
filter_deliver(const struct deliver_target *target, GString *out, const char *raw,
	       size_t env_len, const char *sender)
{
	char *err = NULL;

	if (target->kind == DELIVER_STDOUT && env_len)
		g_string_prepend_len(out, raw, env_len);
	if (deliver_message(target, out->str, out->len, sender, &err) < 0) {
		msg_error(_("delivery failed: %s"), err);
		g_free(err);
		return EX_MG_TEMPFAIL;
	}
	return 0;
}

/* filter_options - parse the command line; 0, -1 for --help, or an exit code */
static int
filter_options(int argc, char **argv, const char **deliver_r)
{
	static const struct option longopts[] = {
		{ "deliver", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+d:h", longopts, NULL)) != -1) {
		if (c == 'd')
			*deliver_r = optarg;
		else if (c == 'h')
			return filter_usage(stdout), -1;
		else if (c != 'L') {	/* --lang is handled in main */
			filter_usage(stderr);
			return EX_MG_USAGE;
		}
	}
	if (optind < argc && !(optind + 1 == argc && strcmp(argv[optind], "-") == 0)) {
		msg_error(_("filter reads one message on stdin; unexpected \"%s\""), argv[optind]);
		return EX_MG_USAGE;
	}
	return 0;
}

/* filter_setup - configuration, language and target; 0 or an exit code */
static int
filter_setup(const char *deliver, const struct global_opts *g, struct config **cfg_r,
	     struct deliver_target **target_r)
{
	config_load(g->config, cfg_r);
	if (!g->lang && (*cfg_r)->language)
		i18n_init((*cfg_r)->language);
	return filter_target(deliver, *cfg_r, target_r);
}

/* cmd_filter - read, annotate (isolated), deliver */
int
cmd_filter(int argc, char **argv, const struct global_opts *g)
{
	const char *deliver = NULL;
	struct deliver_target *target = NULL;
	struct filter_job job = { 0 };
	struct config *cfg = NULL;
	GByteArray *raw = NULL;
	GString *out;
	char *err = NULL, *sender;
	size_t env_len;
	pid_t late = 0;
	int rc;

	if ((rc = filter_options(argc, argv, &deliver)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = filter_setup(deliver, g, &cfg, &target)) != 0) {
		config_free(&cfg);
		return rc;
	}
	if (util_read_fd(STDIN_FILENO, &raw, &err) < 0) {
		msg_error("stdin: %s", err);
		g_free(err);
		config_free(&cfg);
		deliver_target_free(&target);
		return EX_MG_TEMPFAIL;
	}
	env_len = filter_envelope_len((const char *)raw->data, raw->len);
	job.cfg = cfg;
	job.rules_dir = g->rules_dir ? g->rules_dir : cfg->rules_dir;
	job.loop = target->kind == DELIVER_SENDMAIL ? target->arg : NULL;
	out = g_string_new(NULL);
	filter_message((const char *)raw->data, raw->len, env_len, &job, out, &late);
	sender = filter_sender((const char *)raw->data, env_len);
	rc = filter_deliver(target, out, (const char *)raw->data, env_len, sender);
	/*
	 * The child has closed the pipe and is ending; waiting for its memory
	 * to be torn down cost the MTA another 0.3 to 0.5 ms.  Reap it if it
	 * is gone; if not, our own exit hands it to init, which reaps it.
	 */
	if (late > 0)
		(void)waitpid(late, NULL, WNOHANG);
	g_free(sender);
	g_string_free(out, TRUE);
	g_byte_array_free(raw, TRUE);
	deliver_target_free(&target);
	config_free(&cfg);
#ifndef __SANITIZE_ADDRESS__
	/*
	 * The message is delivered (every target has written, synced and
	 * closed it) and stdio has nothing of it.  The twenty libraries'
	 * destructors that exit() would run next only keep the MTA waiting
	 * (0.1 to 0.2 ms); the sanitizer build exits normally for its leak
	 * check.
	 */
	fflush(NULL);
	_exit(rc);
#endif
	return rc;
}

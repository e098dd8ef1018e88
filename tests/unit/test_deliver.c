/*
 * test_deliver.c - the delivery layer: target parsing, and every target
 * under the faults that must not lose mail (full disk, file size limit,
 * SIGKILL, closed pipes, failing sendmail, held locks).
 *
 * Faults that kill or limit a process run in a forked child; the parent
 * checks what was left on disk.  Everything happens in one temporary
 * directory that is removed at the end.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "tap.h"
#include "msg.h"
#include "util.h"
#include "deliver/deliver.h"
#include "deliver/deliver_private.h"

static char *base;		/* the temporary directory of this run */

/* test_path - a path inside the temporary directory (g_free it) */
static char *
test_path(const char *name)
{
	return g_build_filename(base, name, NULL);
}

/* test_rm - nftw callback removing one entry */
static int
test_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* test_write - create a file with the given content and mode */
static void
test_write(const char *path, const char *text, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || deliver_write_all(fd, text, len) < 0 || close(fd) < 0)
		g_error("cannot write %s: %s", path, g_strerror(errno));
	chmod(path, mode);
}

/* test_read - a file's content, or NULL */
static GByteArray *
test_read(const char *path)
{
	GByteArray *data = NULL;
	char *err = NULL;

	if (util_read_file(path, &data, &err) < 0) {
		g_free(err);
		return NULL;
	}
	return data;
}

/* test_same - does the file hold exactly buf? */
static int
test_same(const char *path, const char *buf, size_t len)
{
	GByteArray *data = test_read(path);
	int same = data && data->len == len && memcmp(data->data, buf, len) == 0;

	if (data)
		g_byte_array_free(data, TRUE);
	return same;
}

/* test_count - entries in a directory, -1 if it cannot be read */
static int
test_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* test_first - the name of some entry of dir (g_free it), or NULL */
static char *
test_first(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *name = NULL;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			name = g_build_filename(dir, e->d_name, NULL);
			break;
		}
	if (d)
		closedir(d);
	return name;
}

/* test_size - size of a file, -1 if missing */
static long long
test_size(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 ? -1 : (long long)st.st_size;
}

/* test_maildir - make a Maildir (tmp, new, cur) and return its path */
static char *
test_maildir(const char *name)
{
	char *dir = test_path(name), *sub;
	const char *subs[] = {"tmp", "new", "cur"};
	size_t i;

	mkdir(dir, 0700);
	for (i = 0; i < G_N_ELEMENTS(subs); i++) {
		sub = g_build_filename(dir, subs[i], NULL);
		mkdir(sub, 0700);
		g_free(sub);
	}
	return dir;
}

/* test_sub - dir/sub (g_free it) */
static char *
test_sub(const char *dir, const char *sub)
{
	return g_build_filename(dir, sub, NULL);
}

/* test_deliver - parse spec and deliver; the delivery status */
static int
test_deliver(const char *spec, const char *buf, size_t len, const char *sender, char **err_r)
{
	struct deliver_target *target = NULL;
	char *err = NULL;
	int rc;

	if (deliver_parse(spec, &target, &err) < 0) {
		printf("# parse %s: %s\n", spec, err);
		g_free(err);
		return -2;
	}
	rc = deliver_message(target, buf, len, sender, &err);
	if (rc < 0 && !err)
		rc = -3;	/* -1 must come with an errstr */
	deliver_target_free(&target);
	if (err_r)
		*err_r = err;
	else
		g_free(err);
	return rc;
}

/* test_big - a message of about size bytes with many lines */
static char *
test_big(size_t size, size_t *len_r)
{
	GString *s = g_string_sized_new(size + 128);
	unsigned i = 0;

	g_string_append(s, "From: cron@example.org\nSubject: big\n\n");
	while (s->len < size)
		g_string_append_printf(s, "line %u: the quick brown fox jumps over the lazy dog\n",
				       i++);
	*len_r = s->len;
	return g_string_free(s, FALSE);
}

/* test_child_status - wait for pid; exit code, or 1000 + signal */
static int
test_child_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

/* test_parse_ok - spec parses to kind and arg */
static int
test_parse_ok(const char *spec, enum deliver_kind kind, const char *arg)
{
	struct deliver_target *t = NULL;
	char *err = NULL;
	int ok;

	if (deliver_parse(spec, &t, &err) < 0) {
		printf("# %s: %s\n", spec, err);
		g_free(err);
		return 0;
	}
	ok = t->kind == kind && (arg ? t->arg && strcmp(t->arg, arg) == 0 : t->arg == NULL);
	deliver_target_free(&t);
	return ok && t == NULL;
}

/* test_parse_bad - spec is refused with an errstr containing want */
static int
test_parse_bad(const char *spec, const char *want)
{
	struct deliver_target *t = NULL;
	char *err = NULL;
	int ok;

	if (deliver_parse(spec, &t, &err) == 0) {
		deliver_target_free(&t);
		return 0;
	}
	ok = err && (!want || strstr(err, want)) && t == NULL;
	if (!ok)
		printf("# %s: %s\n", spec ? spec : "(null)", err ? err : "(no errstr)");
	g_free(err);
	return ok;
}

/* test_clear_env - forget the MTA's recipient variables */
static void
test_clear_env(void)
{
	unsetenv("ORIGINAL_RECIPIENT");
	unsetenv("RECIPIENT");
	unsetenv("LOCAL_PART");
	unsetenv("DOMAIN");
}

/* test_parse - good and bad target specifications */
static void
test_parse(void)
{
	test_clear_env();
	CHECK(test_parse_ok("-", DELIVER_STDOUT, NULL), "parse -");
	CHECK(test_parse_ok("stdout", DELIVER_STDOUT, NULL), "parse stdout");
	CHECK(test_parse_ok("maildir:/home/r/Maildir", DELIVER_MAILDIR, "/home/r/Maildir"),
	      "parse maildir");
	CHECK(test_parse_ok("maildir:rel dir", DELIVER_MAILDIR, "rel dir"), "maildir with space");
	CHECK(test_parse_ok("mbox:/var/mail/root", DELIVER_MBOX, "/var/mail/root"), "parse mbox");
	CHECK(test_parse_ok("sendmail:reports@example.org", DELIVER_SENDMAIL,
			    "reports@example.org"), "parse sendmail");
	CHECK(test_parse_ok("sendmail:annot-out", DELIVER_SENDMAIL, "annot-out"),
	      "parse unqualified sendmail");

	CHECK(test_parse_bad("", "empty"), "empty spec");
	CHECK(test_parse_bad(NULL, "empty"), "NULL spec");
	CHECK(test_parse_bad("maildir:", "missing"), "maildir without dir");
	CHECK(test_parse_bad("mbox:", "missing"), "mbox without file");
	CHECK(test_parse_bad("sendmail:", "missing"), "sendmail without address");
	CHECK(test_parse_bad("maildir", "unknown"), "no colon");
	CHECK(test_parse_bad("file:/tmp/x", "unknown"), "unknown scheme");
	CHECK(test_parse_bad("Maildir:/tmp/x", "unknown"), "schemes are lower case");
	CHECK(test_parse_bad("stdout:", "unknown"), "stdout: with colon");
	CHECK(test_parse_bad("/tmp/x", "unknown"), "bare path");
	CHECK(test_parse_bad("sendmail:-oQ/tmp", "'-'"), "option injection");
	CHECK(test_parse_bad("sendmail:-", "'-'"), "lone dash address");
	CHECK(test_parse_bad("sendmail:a b@example.org", "white space"), "space in address");
	CHECK(test_parse_bad("sendmail:a\tb@example.org", NULL), "tab in address");
	CHECK(test_parse_bad("sendmail:a@example.org\n-oQ", "control"), "newline in address");
	CHECK(test_parse_bad("sendmail:a\x7f@example.org", "control"), "DEL in address");
	CHECK(test_parse_bad("maildir:/tmp/x\ny", "control"), "newline in maildir");
	CHECK(test_parse_bad("mbox:/tmp/\x1b[2J", "control"), "escape in mbox");

	/* Postfix: RECIPIENT and ORIGINAL_RECIPIENT. */
	setenv("RECIPIENT", "Reports@Example.org", 1);
	CHECK(test_parse_bad("sendmail:reports@example.ORG", "loop"), "RECIPIENT, any case");
	CHECK(test_parse_bad("sendmail:<reports@example.org>", "loop"), "RECIPIENT in <>");
	CHECK(test_parse_bad("sendmail:REPORTS", "loop"), "unqualified RECIPIENT");
	CHECK(test_parse_ok("sendmail:reports-out@example.org", DELIVER_SENDMAIL,
			    "reports-out@example.org"), "other address allowed");
	CHECK(test_parse_ok("sendmail:reports@example.net", DELIVER_SENDMAIL,
			    "reports@example.net"), "other domain allowed");
	test_clear_env();
	setenv("ORIGINAL_RECIPIENT", "root@host.example", 1);
	setenv("RECIPIENT", "annot@host.example", 1);
	CHECK(test_parse_bad("sendmail:root@host.example", "ORIGINAL_RECIPIENT"),
	      "ORIGINAL_RECIPIENT");
	CHECK(test_parse_bad("sendmail:annot@HOST.example", "RECIPIENT"), "RECIPIENT");
	CHECK(test_parse_ok("-", DELIVER_STDOUT, NULL), "stdout ignores recipients");
	CHECK(test_parse_ok("mbox:/var/mail/annot", DELIVER_MBOX, "/var/mail/annot"),
	      "mbox ignores recipients");
	test_clear_env();

	/* Exim: LOCAL_PART@DOMAIN. */
	setenv("LOCAL_PART", "annot", 1);
	setenv("DOMAIN", "vm.example", 1);
	CHECK(test_parse_bad("sendmail:ANNOT@vm.example", "LOCAL_PART"), "Exim recipient");
	CHECK(test_parse_bad("sendmail:annot", "LOCAL_PART"), "Exim unqualified recipient");
	CHECK(test_parse_ok("sendmail:annot-out@vm.example", DELIVER_SENDMAIL,
			    "annot-out@vm.example"), "Exim other address");
	unsetenv("DOMAIN");
	CHECK(test_parse_bad("sendmail:annot@vm.example", "LOCAL_PART"), "LOCAL_PART alone");
	test_clear_env();
}

/* test_maildir_basic - delivery, content, mode, names, nothing in tmp/ */
static void
test_maildir_basic(void)
{
	static const char msg[] = "From: cron@example.org\nSubject: hi\n\nFrom here\nbody\n";
	char *dir = test_maildir("Maildir"), *spec = g_strdup_printf("maildir:%s", dir);
	char *tmp = test_sub(dir, "tmp"), *new = test_sub(dir, "new"), *file, *name, *pid;
	struct stat st;
	int i, ok = 1;

	CHECK(test_deliver(spec, msg, strlen(msg), "cron@example.org", NULL) == 0,
	      "maildir delivery");
	CHECK(test_count(new) == 1, "one file in new/");
	CHECK(test_count(tmp) == 0, "nothing left in tmp/");
	file = test_first(new);
	CHECK(file && test_same(file, msg, strlen(msg)), "maildir content identical");
	CHECK(file && stat(file, &st) == 0 && (st.st_mode & 07777) == 0600, "maildir file 0600");
	name = file ? g_path_get_basename(file) : g_strdup("");
	pid = g_strdup_printf("P%ldQ", (long)getpid());
	CHECK(g_regex_match_simple("^[0-9]+\\.M[0-9]+P[0-9]+Q[0-9]+R[0-9a-f]{8}\\.[^/:]+$",
				   name, 0, 0) && strstr(name, pid), "maildir name %s", name);
	g_free(pid);
	g_free(name);
	g_free(file);

	for (i = 0; i < 20; i++)
		ok &= test_deliver(spec, msg, strlen(msg), NULL, NULL) == 0;
	CHECK(ok, "20 deliveries succeed");
	CHECK(test_count(new) == 21, "20 deliveries give 20 more unique files (%d)",
	      test_count(new));
	CHECK(test_count(tmp) == 0, "tmp/ still empty");
	CHECK(test_deliver(spec, "", 0, NULL, NULL) == 0 && test_count(new) == 22,
	      "empty message delivered");
	g_free(tmp);
	g_free(new);
	g_free(spec);
	g_free(dir);
}

/* test_maildir_refuse - spec fails and leaves want_tmp/want_new entries */
static void
test_maildir_refuse(const char *what, const char *dir, int want_tmp, int want_new)
{
	char *spec = g_strdup_printf("maildir:%s", dir), *err = NULL;
	char *tmp = test_sub(dir, "tmp"), *new = test_sub(dir, "new");

	CHECK(test_deliver(spec, "Subject: x\n\ny\n", 14, NULL, &err) == -1 && err,
	      "maildir %s fails", what);
	if (err)
		printf("# %s: %s\n", what, err);
	CHECK(test_count(tmp) == want_tmp && test_count(new) == want_new,
	      "maildir %s leaves nothing (tmp %d, new %d)", what, test_count(tmp),
	      test_count(new));
	g_free(err);
	g_free(tmp);
	g_free(new);
	g_free(spec);
}

/* test_maildir_broken - missing, malformed and symlinked Maildirs */
static void
test_maildir_broken(void)
{
	char *dir, *sub, *other, *sym, *spec;

	dir = test_path("NoSuchMaildir");
	test_maildir_refuse("that does not exist", dir, -1, -1);
	CHECK(test_count(dir) == -1, "a missing Maildir is not created");
	g_free(dir);

	/* tmp/ is a regular file: works even for root, who ignores modes. */
	dir = test_maildir("TmpIsFile");
	sub = test_sub(dir, "tmp");
	rmdir(sub);
	test_write(sub, "", 0, 0600);
	test_maildir_refuse("whose tmp is a file", dir, -1, 0);
	g_free(sub);
	g_free(dir);

	dir = test_maildir("NoNew");
	sub = test_sub(dir, "new");
	rmdir(sub);
	test_maildir_refuse("without new/", dir, 0, -1);
	g_free(sub);
	g_free(dir);

	/* Policy: a symlinked tmp/ or new/ is refused; DIR itself may be a link. */
	other = test_path("elsewhere");
	mkdir(other, 0700);
	dir = test_maildir("TmpIsLink");
	sub = test_sub(dir, "tmp");
	rmdir(sub);
	CHECK(symlink(other, sub) == 0, "symlink tmp/");
	test_maildir_refuse("whose tmp/ is a symlink", dir, 0, 0);
	CHECK(test_count(other) == 0, "nothing written through the tmp/ symlink");
	g_free(sub);
	g_free(dir);

	dir = test_maildir("NewIsLink");
	sub = test_sub(dir, "new");
	rmdir(sub);
	CHECK(symlink(other, sub) == 0, "symlink new/");
	test_maildir_refuse("whose new/ is a symlink", dir, 0, 0);
	CHECK(test_count(other) == 0, "nothing written through the new/ symlink");
	g_free(sub);
	g_free(dir);

	dir = test_maildir("RealMaildir");
	sym = test_path("LinkedMaildir");
	CHECK(symlink(dir, sym) == 0, "symlink Maildir");
	spec = g_strdup_printf("maildir:%s", sym);
	sub = test_sub(dir, "new");
	CHECK(test_deliver(spec, "x\n", 2, NULL, NULL) == 0 && test_count(sub) == 1,
	      "a Maildir reached through a symlink is fine");
	g_free(sub);
	g_free(spec);
	g_free(sym);
	g_free(dir);
	g_free(other);

	if (geteuid() != 0) {
		dir = test_maildir("ReadOnly");
		sub = test_sub(dir, "tmp");
		chmod(sub, 0555);
		test_maildir_refuse("with tmp/ mode 0555", dir, 0, 0);
		chmod(sub, 0700);
		g_free(sub);
		g_free(dir);
	} else {
		printf("# running as root: the chmod 0555 Maildir test is skipped\n");
	}
}

/* test_fsize_child - in a child: limit file size, deliver, report */
static int
test_fsize_child(const char *spec, const char *buf, size_t len, rlim_t limit)
{
	struct rlimit rl = {limit, limit};
	pid_t pid = fork();
	int rc;

	if (pid == 0) {
		/* SIGXFSZ keeps its default action: the module must cope. */
		signal(SIGXFSZ, SIG_DFL);
		setrlimit(RLIMIT_FSIZE, &rl);
		rc = test_deliver(spec, buf, len, "root", NULL);
		_exit(rc == -1 ? 0 : 1);
	}
	return test_child_status(pid);
}

/* test_maildir_fsize - a file size limit makes the delivery fail cleanly */
static void
test_maildir_fsize(void)
{
	char *dir = test_maildir("FsizeMaildir"), *spec = g_strdup_printf("maildir:%s", dir);
	char *tmp = test_sub(dir, "tmp"), *new = test_sub(dir, "new"), *big;
	size_t len;

	big = test_big(1 << 20, &len);
	CHECK(test_fsize_child(spec, big, len, 65536) == 0,
	      "maildir over RLIMIT_FSIZE returns -1 and is not killed by SIGXFSZ");
	CHECK(test_count(tmp) == 0 && test_count(new) == 0,
	      "maildir over RLIMIT_FSIZE leaves nothing in tmp/ or new/");
	g_free(big);
	g_free(tmp);
	g_free(new);
	g_free(spec);
	g_free(dir);
}

/* test_maildir_kill - SIGKILL at random moments never leaves a partial new/ file */
static void
test_maildir_kill(void)
{
	static const int delays_ms[] = {0, 15, 50, 120, 250, 600};
	char *dir = test_maildir("KillMaildir"), *spec = g_strdup_printf("maildir:%s", dir);
	char *new = test_sub(dir, "new"), *big, *path;
	size_t len, i;
	int complete = 0, partial = 0, status;
	DIR *d;
	struct dirent *e;
	pid_t pid;

	big = test_big(50 << 20, &len);
	for (i = 0; i < G_N_ELEMENTS(delays_ms); i++) {
		pid = fork();
		if (pid == 0) {
			for (;;)
				if (test_deliver(spec, big, len, NULL, NULL) != 0)
					_exit(1);
		}
		g_usleep(delays_ms[i] * 1000);
		kill(pid, SIGKILL);
		status = test_child_status(pid);
		CHECK(status == 1000 + SIGKILL, "delivering child killed (status %d)", status);
	}
	d = opendir(new);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		path = test_sub(new, e->d_name);
		if (test_size(path) == (long long)len)
			complete++;
		else
			partial++;
		if (complete == 1 && partial == 0)
			CHECK(test_same(path, big, len), "a file in new/ has the full content");
		g_free(path);
	}
	if (d)
		closedir(d);
	CHECK(partial == 0, "SIGKILL left %d partial files in new/ (%d complete)", partial,
	      complete);
	path = test_sub(dir, "tmp");
	printf("# SIGKILL test: %d complete deliveries in new/, %d leftovers in tmp/\n",
	       complete, test_count(path));
	g_free(path);
	g_free(big);
	g_free(new);
	g_free(spec);
	g_free(dir);
}

/* test_mbox_expect - the text one delivery should append, given its From_ line */
static void
test_mbox_expect(GString *out, const char *from_line, const char *quoted_body)
{
	g_string_append(out, from_line);
	g_string_append(out, quoted_body);
}

/* test_mbox_from_line - the From_ line at offset, checked against sender */
static char *
test_mbox_from_line(GByteArray *data, size_t offset, const char *sender)
{
	const char *p = (const char *)data->data + offset;
	const char *nl = memchr(p, '\n', data->len - offset);
	char *line, *re;
	int ok;

	if (!nl)
		return NULL;
	line = g_strndup(p, nl + 1 - p);
	re = g_strdup_printf("^From %s (Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
			     "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
			     "[ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}\n$", sender);
	ok = g_regex_match_simple(re, line, 0, 0);
	g_free(re);
	if (!ok) {
		printf("# bad From_ line: %s", line);
		g_free(line);
		return NULL;
	}
	return line;
}

/* test_mbox_basic - two appends, From_ lines, mboxrd quoting */
static void
test_mbox_basic(void)
{
	static const char msg1[] = "From: cron@example.org\nSubject: x\n\nFrom the start\n"
				   ">From quoted\n>>From more\nFromage\n From x\nFrom\n";
	static const char body1[] = "From: cron@example.org\nSubject: x\n\n>From the start\n"
				    ">>From quoted\n>>>From more\nFromage\n From x\nFrom\n\n";
	static const char msg2[] = "Subject: y\n\nFrom the end without newline";
	static const char body2[] = "Subject: y\n\n>From the end without newline\n\n";
	char *dir = test_path("mboxdir"), *file, *spec, *from1 = NULL, *from2 = NULL;
	GByteArray *data;
	GString *want = g_string_new(NULL);
	struct stat st;

	mkdir(dir, 0700);
	file = test_sub(dir, "mbox");
	spec = g_strdup_printf("mbox:%s", file);
	CHECK(test_deliver(spec, msg1, strlen(msg1), "cron@example.org", NULL) == 0,
	      "first mbox delivery");
	CHECK(stat(file, &st) == 0 && (st.st_mode & 07777) == 0600, "new mbox is 0600");
	CHECK(test_deliver(spec, msg2, strlen(msg2), "", NULL) == 0, "second mbox delivery");
	data = test_read(file);
	CHECK(data != NULL, "mbox readable");
	if (data) {
		from1 = test_mbox_from_line(data, 0, "cron@example\\.org");
		CHECK(from1 != NULL, "first From_ line");
		if (from1) {
			from2 = test_mbox_from_line(data, strlen(from1) + strlen(body1),
						    "MAILER-DAEMON");
			CHECK(from2 != NULL, "second From_ line with MAILER-DAEMON");
		}
		if (from1 && from2) {
			test_mbox_expect(want, from1, body1);
			test_mbox_expect(want, from2, body2);
			CHECK(data->len == want->len && memcmp(data->data, want->str, want->len) == 0,
			      "mbox content: quoted From lines, final newline, blank lines");
		}
		g_byte_array_free(data, TRUE);
	}
	CHECK(test_count(dir) == 1, "no lock files left (%d entries)", test_count(dir));

	CHECK(test_deliver(spec, "x\n", 2, "a b\n@c", NULL) == 0, "odd sender delivered");
	data = test_read(file);
	CHECK(data && g_strstr_len((char *)data->data, data->len, "\nFrom a_b_@c "),
	      "white space in the sender becomes _");
	if (data)
		g_byte_array_free(data, TRUE);
	g_free(from1);
	g_free(from2);
	g_string_free(want, TRUE);
	g_free(spec);
	g_free(file);
	g_free(dir);
}

/* test_mbox_refuse - delivery to spec fails with an errstr */
static int
test_mbox_refuse(const char *path)
{
	char *spec = g_strdup_printf("mbox:%s", path), *err = NULL;
	int rc = test_deliver(spec, "x\n", 2, NULL, &err);

	if (err)
		printf("# mbox %s: %s\n", path, err);
	g_free(err);
	g_free(spec);
	return rc == -1;
}

/* test_mbox_broken - symlinks, directories, FIFOs, hard links, missing dirs */
static void
test_mbox_broken(void)
{
	char *target = test_path("victim"), *sym = test_path("mbox-link");
	char *fifo = test_path("mbox-fifo"), *hard = test_path("mbox-hard");
	char *missing = test_path("no/such/dir/mbox");

	test_write(target, "precious\n", 9, 0600);
	CHECK(symlink(target, sym) == 0, "symlink mbox");
	CHECK(test_mbox_refuse(sym), "mbox that is a symlink refused");
	CHECK(test_same(target, "precious\n", 9), "symlink target untouched");
	CHECK(link(target, hard) == 0, "hard link mbox");
	CHECK(test_mbox_refuse(hard), "mbox with two hard links refused");
	CHECK(test_same(target, "precious\n", 9), "hard link target untouched");
	CHECK(mkfifo(fifo, 0600) == 0, "mkfifo");
	CHECK(test_mbox_refuse(fifo), "FIFO refused without hanging");
	CHECK(test_mbox_refuse(base), "directory refused");
	CHECK(test_mbox_refuse(missing), "mbox in a missing directory");
	g_free(target);
	g_free(sym);
	g_free(fifo);
	g_free(hard);
	g_free(missing);
}

/* test_mbox_locks - held dotlock, stale dotlock, held fcntl lock */
static void
test_mbox_locks(void)
{
	char *dir = test_path("lockdir"), *file, *lock, *spec;
	struct timeval old[2];
	struct flock fl;
	int sync[2], fd;
	char c;
	pid_t pid;
	long long size;

	mkdir(dir, 0700);
	file = test_sub(dir, "mbox");
	lock = g_strdup_printf("%s.lock", file);
	spec = g_strdup_printf("mbox:%s", file);
	deliver_mbox_set_lock_timeout(1);
	CHECK(test_deliver(spec, "a\n", 2, NULL, NULL) == 0, "mbox for lock tests");
	size = test_size(file);

	test_write(lock, "12345\n", 6, 0644);
	CHECK(test_mbox_refuse(file), "a fresh FILE.lock blocks delivery until the timeout");
	CHECK(test_size(file) == size, "mbox unchanged while locked");
	CHECK(test_size(lock) == 6, "someone else's lock is not removed");
	CHECK(test_count(dir) == 2, "no temporary lock files left");

	gettimeofday(&old[0], NULL);
	old[0].tv_sec -= 400;
	old[1] = old[0];
	utimes(lock, old);
	CHECK(test_deliver(spec, "b\n", 2, NULL, NULL) == 0, "a stale FILE.lock is broken");
	CHECK(test_size(lock) == -1 && test_size(file) > size, "stale lock gone, mail appended");
	size = test_size(file);

	CHECK(pipe(sync) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		fd = open(file, O_RDWR);
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fcntl(fd, F_SETLKW, &fl);
		(void)!write(sync[1], "L", 1);
		pause();
		_exit(0);
	}
	close(sync[1]);
	CHECK(read(sync[0], &c, 1) == 1, "child holds the fcntl lock");
	close(sync[0]);
	CHECK(test_mbox_refuse(file), "a held fcntl lock blocks delivery until the timeout");
	CHECK(test_size(file) == size && test_count(dir) == 1, "unchanged, no lock file left");
	kill(pid, SIGKILL);
	test_child_status(pid);
	CHECK(test_deliver(spec, "c\n", 2, NULL, NULL) == 0, "delivered once the lock is gone");

	deliver_mbox_set_lock_timeout(60);
	g_free(spec);
	g_free(lock);
	g_free(file);
	g_free(dir);
}

/* test_mbox_fsize - a failed append is truncated back, locks are removed */
static void
test_mbox_fsize(void)
{
	char *dir = test_path("fsizembox"), *file, *spec, *big;
	GByteArray *before;
	size_t len;

	mkdir(dir, 0700);
	file = test_sub(dir, "mbox");
	spec = g_strdup_printf("mbox:%s", file);
	CHECK(test_deliver(spec, "Subject: small\n\nhi\n", 19, "root", NULL) == 0,
	      "small message before the limit");
	before = test_read(file);
	big = test_big(1 << 20, &len);
	CHECK(test_fsize_child(spec, big, len, 65536) == 0,
	      "mbox over RLIMIT_FSIZE returns -1 and is not killed by SIGXFSZ");
	CHECK(before && test_same(file, (char *)before->data, before->len),
	      "mbox truncated back to its old content");
	CHECK(test_count(dir) == 1, "no .lock or temporary lock file left");
	if (before)
		g_byte_array_free(before, TRUE);
	g_free(big);
	g_free(spec);
	g_free(file);
	g_free(dir);
}

/* test_stdout_child - deliver to stdout in a child whose fd 1 is fd */
static int
test_stdout_child(int fd, const char *buf, size_t len)
{
	pid_t pid = fork();
	int rc;

	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		dup2(fd, STDOUT_FILENO);
		rc = test_deliver("-", buf, len, NULL, NULL);
		_exit(rc == 0 ? 0 : rc == -1 ? 3 : 4);
	}
	return test_child_status(pid);
}

/* test_stdout - pipes, files, /dev/full, a reader that went away */
static void
test_stdout(void)
{
	char *file = test_path("stdout.out"), *big;
	GByteArray *got = NULL;
	char *err = NULL;
	int p[2], fd, status;
	size_t len;
	pid_t pid;

	big = test_big(1 << 20, &len);
	CHECK(pipe(p) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		_exit(test_deliver("stdout", big, len, NULL, NULL) == 0 ? 0 : 3);
	}
	close(p[1]);
	CHECK(util_read_fd(p[0], &got, &err) == 0 && got && got->len == len
	      && memcmp(got->data, big, len) == 0, "stdout through a pipe, content identical");
	close(p[0]);
	status = test_child_status(pid);
	CHECK(status == 0, "stdout to a pipe returns 0 although fsync fails (%d)", status);
	if (got)
		g_byte_array_free(got, TRUE);
	g_free(err);

	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(test_stdout_child(fd, big, len) == 0 && test_same(file, big, len),
	      "stdout to a regular file");
	close(fd);

	fd = open("/dev/full", O_WRONLY);
	CHECK(fd >= 0, "open /dev/full");
	status = test_stdout_child(fd, big, len);
	CHECK(status == 3, "stdout to /dev/full returns -1 (%d)", status);
	close(fd);

	CHECK(pipe(p) == 0, "pipe");
	close(p[0]);
	status = test_stdout_child(p[1], big, len);
	CHECK(status == 3, "stdout to a closed pipe returns -1, no SIGPIPE death (%d)", status);
	close(p[1]);
	g_free(big);
	g_free(file);
}

/* test_script - write an executable shell script */
static char *
test_script(const char *name, const char *body)
{
	char *path = test_path(name), *text = g_strdup_printf("#!/bin/sh\n%s\n", body);

	test_write(path, text, strlen(text), 0755);
	g_free(text);
	return path;
}

/* test_sendmail_run - deliver through a fake sendmail; status, errstr */
static int
test_sendmail_run(const char *program, const char *buf, size_t len, const char *sender,
		  char **err_r)
{
	int rc;

	setenv("MAILGLOSS_SENDMAIL", program, 1);
	rc = test_deliver("sendmail:reports@example.org", buf, len, sender, err_r);
	unsetenv("MAILGLOSS_SENDMAIL");
	return rc;
}

/* test_sendmail - argv, stdin, exit status, exec failure, early exit */
static void
test_sendmail(void)
{
	char *args = test_path("sm.args"), *in = test_path("sm.stdin"), *body, *good, *fail;
	char *killed, *lazy, *missing = test_path("no/such/sendmail"), *err = NULL, *big;
	static const char want_args[] = "-oi\n-f\nroot@example.org\n--\nreports@example.org\n";
	static const char want_bounce[] = "-oi\n-f\n<>\n--\nreports@example.org\n";
	size_t len;
	pid_t pid;
	int status;

	test_clear_env();
	body = g_strdup_printf("for a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s'\n"
			       "cat > '%s'\nexit 0", args, in);
	good = test_script("sm-good", body);
	fail = test_script("sm-fail", "cat >/dev/null; echo 'sm-fail: no' >&2; exit 1");
	killed = test_script("sm-killed", "kill -TERM $$");
	lazy = test_script("sm-lazy", "exit 0");
	big = test_big(1 << 20, &len);

	CHECK(test_sendmail_run(good, big, len, "root@example.org", &err) == 0,
	      "sendmail delivery: %s", err ? err : "ok");
	CHECK(test_same(args, want_args, strlen(want_args)), "sendmail argv");
	CHECK(test_same(in, big, len), "sendmail stdin identical");
	g_free(err);
	err = NULL;
	CHECK(test_sendmail_run(good, "x\n", 2, NULL, NULL) == 0
	      && test_same(args, want_bounce, strlen(want_bounce)), "null sender becomes <>");

	CHECK(test_sendmail_run(missing, "x\n", 2, NULL, &err) == -1 && err
	      && strstr(err, "cannot execute"), "missing sendmail: %s", err ? err : "");
	g_free(err);
	err = NULL;
	CHECK(test_sendmail_run(fail, "x\n", 2, NULL, &err) == -1 && err
	      && strstr(err, "status 1"), "sendmail exit 1: %s", err ? err : "");
	g_free(err);
	err = NULL;
	CHECK(test_sendmail_run(killed, "x\n", 2, NULL, &err) == -1 && err
	      && strstr(err, "signal"), "sendmail killed: %s", err ? err : "");
	g_free(err);
	err = NULL;

	/* A sendmail that exits 0 without reading: EPIPE, not SIGPIPE death. */
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		_exit(test_sendmail_run(lazy, big, len, NULL, NULL) == -1 ? 0 : 1);
	}
	status = test_child_status(pid);
	CHECK(status == 0, "sendmail that stops reading gives -1, no SIGPIPE death (%d)", status);

	/* Standard descriptors closed: the pipes land on 0-2 and must not hang. */
	pid = fork();
	if (pid == 0) {
		alarm(10);
		close(STDIN_FILENO);
		close(STDOUT_FILENO);
		close(STDERR_FILENO);
		_exit(test_sendmail_run(good, big, len, "root@example.org", NULL) == 0 ? 0 : 1);
	}
	status = test_child_status(pid);
	CHECK(status == 0 && test_same(in, big, len), "sendmail with fds 0-2 closed (%d)", status);
	pid = fork();
	if (pid == 0) {
		alarm(10);
		close(STDERR_FILENO);
		_exit(test_sendmail_run(good, "y\n", 2, "root@example.org", NULL) == 0 ? 0 : 1);
	}
	status = test_child_status(pid);
	CHECK(status == 0 && test_same(in, "y\n", 2), "sendmail with stderr closed (%d)", status);

	g_free(big);
	g_free(body);
	g_free(good);
	g_free(fail);
	g_free(killed);
	g_free(lazy);
	g_free(missing);
	g_free(args);
	g_free(in);
}

/* test_sigmask - the guard leaves the caller's signal mask as it was */
static void
test_sigmask(void)
{
	sigset_t before, after;

	pthread_sigmask(SIG_SETMASK, NULL, &before);
	test_deliver("sendmail:x@example.org", "x\n", 2, NULL, NULL);
	pthread_sigmask(SIG_SETMASK, NULL, &after);
	CHECK(sigismember(&after, SIGPIPE) == sigismember(&before, SIGPIPE)
	      && sigismember(&after, SIGTERM) == sigismember(&before, SIGTERM)
	      && sigismember(&after, SIGXFSZ) == sigismember(&before, SIGXFSZ),
	      "signal mask restored");
}

int
main(void)
{
	char tmpl[] = "/tmp/mg-deliver.XXXXXX";

	msg_init("test_deliver");
	umask(022);
	base = mkdtemp(tmpl);
	if (!base)
		g_error("mkdtemp: %s", g_strerror(errno));
	test_parse();
	test_maildir_basic();
	test_maildir_broken();
	test_maildir_fsize();
	test_maildir_kill();
	test_mbox_basic();
	test_mbox_broken();
	test_mbox_locks();
	test_mbox_fsize();
	test_stdout();
	test_sendmail();
	setenv("MAILGLOSS_SENDMAIL", "/nonexistent/sendmail", 1);
	test_sigmask();
	unsetenv("MAILGLOSS_SENDMAIL");
	nftw(base, test_rm, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}

/*
 * batch_sink.c - write the annotated mailbox for "batch", completely or
 * not at all.
 *
 * A new mbox, and an mbox replaced in place, are written to a file
 * beside the target, fsync()ed and renamed over it, so the target is
 * always either the old file or the whole new one.  In place, the mbox
 * stays locked (fcntl and dotlock, as a delivery locks it) from before
 * it is read until it has been replaced, and the original is kept as
 * PATH.bak (a hard link made just before the rename, so it costs no
 * space).  A new Maildir is built in a directory beside the target and
 * renamed into place at the end.  A Maildir in place is changed one
 * message at a time: the annotated copy is written to tmp/, fsync()ed
 * and renamed over the original name, so every message always exists
 * exactly once.
 *
 * Unchanged messages from an mbox are copied byte for byte from the
 * source; everything else gets mboxrd quoting (/^>*From / gains a '>'),
 * which the reader's unquoting exactly reverses for mboxo and mboxrd.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "util.h"
#include "cmd/batch.h"
#include "deliver/deliver.h"

#define SINK_CHUNK	(1U << 20)	/* mbox write buffer */
#define SINK_WRITEBACK	(16U << 20)	/* mbox bytes between writeback starts */

struct batch_sink {
	struct batch_sink_opts o;
	int committed;
	/* mbox */
	int fd;
	char *tmp;			/* the file (mbox) or directory (Maildir) beside the target */
	GString *buf;
	off_t written;			/* bytes written to fd */
	off_t synced;			/* of which writeback has been started */
	struct deliver_mbox_lock *lock;
	struct stat orig;		/* in place: the original's owner and mode */
	char *backup;
	/* Maildir */
	int dirfd[3];			/* tmp, new, cur of the Maildir being written */
	unsigned counter;
	time_t start;
};

static const char *const sink_subdirs[] = {"tmp", "new", "cur"};

/* sink_write_all - write everything; 0, or -1 with errno */
static int
sink_write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* sink_beside - a unique hidden name in the directory of path */
static char *
sink_beside(const char *path)
{
	char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
	char *name = g_strdup_printf("%s/.%s.mailgloss-%ld-%08x", dir, base, (long)getpid(),
				     g_random_int());

	g_free(dir);
	g_free(base);
	return name;
}

/* sink_fsync_dir_of - make a rename in the directory of path durable */
static int
sink_fsync_dir_of(const char *path)
{
	char *dir = g_path_get_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = -1;

	g_free(dir);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	return rc;
}

/* sink_dir_empty - an empty directory, or a Maildir with no messages? */
static int
sink_dir_empty(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	const char *name;
	char *sub;
	int empty = d != NULL;

	while (empty && (name = g_dir_read_name(d)) != NULL) {
		sub = g_build_filename(path, name, NULL);
		empty = (strcmp(name, "tmp") == 0 || strcmp(name, "new") == 0
			 || strcmp(name, "cur") == 0) && sink_dir_empty(sub);
		g_free(sub);
	}
	if (d)
		g_dir_close(d);
	return empty;
}

/* sink_dest_free - may a new mailbox be written at path? */
static int
sink_dest_free(const struct batch_sink_opts *o, char **errstr)
{
	struct stat st;

	if (lstat(o->path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		*errstr = msg_errstr("%s: %s", o->path, g_strerror(errno));
		return -1;
	}
	if (o->fmt == BATCH_MBOX && S_ISREG(st.st_mode) && st.st_size == 0)
		return 0;
	if (o->fmt == BATCH_MAILDIR && S_ISDIR(st.st_mode) && sink_dir_empty(o->path))
		return 0;
	*errstr = msg_errstr("%s exists and is not empty; refusing to overwrite it", o->path);
	return -1;
}

/* sink_open_mbox - the file beside the target, and the lock in place */
static int
sink_open_mbox(struct batch_sink *sink, char **errstr)
{
	const char *path = sink->o.path;

	if (sink->o.in_place) {
		if (deliver_mbox_lock(path, &sink->lock, errstr) < 0)
			return -1;
		if (stat(path, &sink->orig) < 0) {
			*errstr = msg_errstr("%s: %s", path, g_strerror(errno));
			return -1;
		}
	}
	sink->tmp = sink_beside(path);
	sink->fd = open(sink->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (sink->fd < 0) {
		*errstr = msg_errstr("%s: %s", sink->tmp, g_strerror(errno));
		g_free(sink->tmp);
		sink->tmp = NULL;
		return -1;
	}
	if (sink->o.in_place && (fchmod(sink->fd, sink->orig.st_mode & 07777) < 0
	    || (geteuid() == 0 && fchown(sink->fd, sink->orig.st_uid, sink->orig.st_gid) < 0)))
		msg_warn("%s: cannot give the new file the original's owner and mode: %s",
			 path, g_strerror(errno));
	sink->buf = g_string_sized_new(SINK_CHUNK + 65536);
	return 0;
}

/* sink_open_dirs - open tmp/, new/ and cur/ of the Maildir at dir */
static int
sink_open_dirs(struct batch_sink *sink, const char *dir, int create, char **errstr)
{
	char *sub;
	int i;

	for (i = 0; i < 3; i++) {
		sub = g_build_filename(dir, sink_subdirs[i], NULL);
		if (create && mkdir(sub, 0700) < 0 && errno != EEXIST)
			sink->dirfd[i] = -1;
		else
			sink->dirfd[i] = open(sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sink->dirfd[i] < 0) {
			*errstr = msg_errstr("%s: %s", sub, g_strerror(errno));
			g_free(sub);
			return -1;
		}
		g_free(sub);
	}
	return 0;
}

/* sink_open_maildir - a Maildir in place, or a new one built beside the target */
static int
sink_open_maildir(struct batch_sink *sink, char **errstr)
{
	if (sink->o.in_place)
		return sink_open_dirs(sink, sink->o.path, 1, errstr);
	sink->tmp = sink_beside(sink->o.path);
	if (mkdir(sink->tmp, 0700) < 0) {
		*errstr = msg_errstr("%s: %s", sink->tmp, g_strerror(errno));
		g_free(sink->tmp);
		sink->tmp = NULL;
		return -1;
	}
	return sink_open_dirs(sink, sink->tmp, 1, errstr);
}

/* batch_sink_open - get ready to write the new mailbox */
int
batch_sink_open(const struct batch_sink_opts *o, struct batch_sink **sink_r, char **errstr)
{
	struct batch_sink *sink = g_new0(struct batch_sink, 1);
	int rc;

	sink->o = *o;
	sink->o.path = g_strdup(o->path);
	sink->fd = sink->dirfd[0] = sink->dirfd[1] = sink->dirfd[2] = -1;
	sink->start = time(NULL);
	if (!o->in_place && sink_dest_free(o, errstr) < 0)
		rc = -1;
	else if (o->fmt == BATCH_MBOX)
		rc = sink_open_mbox(sink, errstr);
	else
		rc = sink_open_maildir(sink, errstr);
	if (rc < 0) {
		batch_sink_free(&sink);
		return -1;
	}
	*sink_r = sink;
	return 0;
}

/* sink_flush - write out the mbox buffer */
static int
sink_flush(struct batch_sink *sink, char **errstr)
{
	if (sink_write_all(sink->fd, sink->buf->str, sink->buf->len) < 0) {
		*errstr = msg_errstr("%s: write: %s", sink->tmp, g_strerror(errno));
		return -1;
	}
	sink->written += (off_t)sink->buf->len;
	g_string_truncate(sink->buf, 0);
#ifdef SYNC_FILE_RANGE_WRITE
	/*
	 * Start writing the pages out now and then, without waiting: the
	 * fsync() at the end then finds little left to do (it took 80 ms
	 * of a 0.8 s run over 160 MB when it had all of it).  Advice only:
	 * a failure is left to that fsync() to report.
	 */
	if (sink->written - sink->synced >= SINK_WRITEBACK) {
		(void)sync_file_range(sink->fd, sink->synced, sink->written - sink->synced,
				      SYNC_FILE_RANGE_WRITE);
		sink->synced = sink->written;
	}
#endif
	return 0;
}

/* sink_header - the first value of header field name in msg's header block */
static char *
sink_header(const char *msg, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *p = msg, *end = msg + len, *nl;

	while (p < end && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
		nl = memchr(p, '\n', end - p);
		nl = nl ? nl : end;
		if ((size_t)(nl - p) > n && g_ascii_strncasecmp(p, name, n) == 0 && p[n] == ':')
			return g_strstrip(g_strndup(p + n + 1, nl - (p + n + 1)));
		p = nl + 1;
	}
	return NULL;
}

/* sink_from_line - a From_ line for a message that had none (from a Maildir) */
static void
sink_from_line(GString *out, const struct batch_msg *m)
{
	char *rp = sink_header(m->data, m->len, "Return-Path"), *s, date[64];
	time_t t = m->mtime ? m->mtime : time(NULL);
	struct tm tm;

	s = rp ? rp + strspn(rp, "<") : NULL;
	if (s)
		s[strcspn(s, "> \t")] = '\0';
	g_string_append_printf(out, "From %s", s && *s ? s : "MAILER-DAEMON");
	localtime_r(&t, &tm);
	asctime_r(&tm, date);
	g_string_append_printf(out, " %.24s\n", date);
	g_free(rp);
}

/*
 * sink_quote - append msg with mboxrd quoting, a final newline and a
 * blank line.  Only a line holding "From " can need a '>', so the search
 * goes from one 'F' to the next and looks back to the start of its line;
 * the text between two quoted lines goes out in one piece.
 */
static void
sink_quote(GString *out, const char *p, size_t len)
{
	const char *end = p + len, *run = p, *q = p, *f, *s;

	while (q < end && (f = memchr(q, 'F', end - q)) != NULL) {
		q = f + 1;
		if (end - f < 5 || memcmp(f, "From ", 5) != 0)
			continue;
		for (s = f; s > p && s[-1] == '>'; s--)
			;
		if (s > p && s[-1] != '\n')
			continue;	/* not at the start of a line */
		util_put(out, run, s - run);
		g_string_append_c(out, '>');
		run = s;
	}
	util_put(out, run, end - run);
	if (len == 0 || end[-1] != '\n')
		g_string_append_c(out, '\n');
	g_string_append_c(out, '\n');
}

/* sink_put_mbox - append one message to the new mbox */
static int
sink_put_mbox(struct batch_sink *sink, const struct batch_msg *m, const char *out, size_t len,
	      char **errstr)
{
	if (!out && m->from_line) {
		util_put(sink->buf, m->raw, m->raw_len);	/* byte for byte */
	} else {
		if (m->from_line) {
			util_puts(sink->buf, m->from_line);
			g_string_append_c(sink->buf, '\n');
		} else {
			sink_from_line(sink->buf, m);
		}
		sink_quote(sink->buf, out ? out : m->data, out ? len : m->len);
	}
	return sink->buf->len >= SINK_CHUNK ? sink_flush(sink, errstr) : 0;
}

/* sink_status_flags - Maildir flags from mbox Status/X-Status; NULL: new mail */
static char *
sink_status_flags(const struct batch_msg *m)
{
	char *st = sink_header(m->data, m->len, "Status");
	char *xs = sink_header(m->data, m->len, "X-Status");
	GString *f;

	if (!st && !xs)
		return NULL;
	f = g_string_new("2,");
	if (xs && strchr(xs, 'F'))
		g_string_append_c(f, 'F');
	if (xs && strchr(xs, 'A'))
		g_string_append_c(f, 'R');
	if (st && strchr(st, 'R'))
		g_string_append_c(f, 'S');
	if (xs && strchr(xs, 'D'))
		g_string_append_c(f, 'T');
	g_free(st);
	g_free(xs);
	return g_string_free(f, FALSE);
}

/* sink_from_time - the date of an mbox From_ line, or 0 */
static time_t
sink_from_time(const char *from_line)
{
	static const char *const days[] = {"Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "};
	const char *p = NULL, *q;
	struct tm tm;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(days); i++)
		if ((q = strstr(from_line + 5, days[i])) && (!p || q < p))
			p = q;
	memset(&tm, 0, sizeof(tm));
	if (!p || !strptime(p, "%a %b %d %H:%M:%S %Y", &tm))
		return 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* sink_sized_base - a Maildir base name with ",S=" and ",W=" set for len bytes */
static char *
sink_sized_base(const char *base, const char *msg, size_t len)
{
	GString *out = g_string_new(NULL);
	size_t lines = 0, i;
	const char *p;

	for (i = 0; i < len; i++)
		lines += msg[i] == '\n';
	for (p = base; *p; p++) {
		if (*p == ',' && (p[1] == 'S' || p[1] == 'W') && p[2] == '=' && g_ascii_isdigit(p[3])) {
			g_string_append_printf(out, ",%c=%zu", p[1], p[1] == 'S' ? len : len + lines);
			for (p += 3; g_ascii_isdigit(p[1]); p++)
				;
			continue;
		}
		g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

/* sink_write_file - create name in dirfd, write, set the time, maybe fsync */
static int
sink_write_file(int dirfd, const char *name, const char *buf, size_t len, time_t mtime,
		int sync, char **errstr)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	struct timespec ts[2];

	if (fd < 0) {
		*errstr = msg_errstr("%s: %s", name, g_strerror(errno));
		return -1;
	}
	if (sink_write_all(fd, buf, len) < 0 || (sync && fsync(fd) < 0) || close(fd) < 0) {
		*errstr = msg_errstr("%s: write: %s", name, g_strerror(errno));
		unlinkat(dirfd, name, 0);
		return -1;
	}
	if (mtime) {
		ts[0].tv_sec = ts[1].tv_sec = mtime;
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
		(void)utimensat(dirfd, name, ts, 0);
	}
	return 0;
}

/* sink_maildir_name - subdirectory and file name of m in the new Maildir */
static char *
sink_maildir_name(struct batch_sink *sink, const struct batch_msg *m, const char *buf,
		  size_t len, int *sub_r)
{
	char *base, *flags, *name;

	if (m->base) {
		base = sink_sized_base(m->base, buf, len);
		flags = g_strdup(m->info);
		*sub_r = strcmp(m->subdir, "cur") == 0 ? 2 : 1;
	} else {
		/* From an mbox: names that sort in mailbox order. */
		base = g_strdup_printf("%lld.B%08uP%ld.%s", (long long)sink->start, sink->counter++,
				       (long)getpid(), g_get_host_name());
		g_strdelimit(base + 1, "/:", '_');
		flags = sink_status_flags(m);
		*sub_r = flags ? 2 : 1;
	}
	name = flags ? g_strconcat(base, ":", flags, NULL) : g_strdup(base);
	g_free(base);
	g_free(flags);
	return name;
}

/* sink_put_maildir - one file in the new Maildir, or one replaced in place */
static int
sink_put_maildir(struct batch_sink *sink, const struct batch_msg *m, const char *out,
		 size_t len, char **errstr)
{
	const char *buf = out ? out : m->data;
	time_t mtime = m->mtime ? m->mtime : m->from_line ? sink_from_time(m->from_line) : 0;
	char *name, *tmpname;
	int sub, rc;

	if (sink->o.in_place) {
		if (!out)
			return 0;
		name = m->info ? g_strconcat(m->base, ":", m->info, NULL) : g_strdup(m->base);
		tmpname = g_strdup_printf("%lld.M%uP%ld.mailgloss-batch", (long long)time(NULL),
					  sink->counter++, (long)getpid());
		sub = strcmp(m->subdir, "cur") == 0 ? 2 : 1;
		rc = sink_write_file(sink->dirfd[0], tmpname, out, len, mtime, 1, errstr);
		if (rc == 0 && renameat(sink->dirfd[0], tmpname, sink->dirfd[sub], name) < 0) {
			*errstr = msg_errstr("%s/%s: rename: %s", m->subdir, name, g_strerror(errno));
			unlinkat(sink->dirfd[0], tmpname, 0);
			rc = -1;
		}
		g_free(tmpname);
		g_free(name);
		return rc;
	}
	name = sink_maildir_name(sink, m, buf, out ? len : m->len, &sub);
	rc = sink_write_file(sink->dirfd[sub], name, buf, out ? len : m->len, mtime, 0, errstr);
	g_free(name);
	return rc;
}

/* batch_sink_put - write one message, annotated (out) or unchanged */
int
batch_sink_put(struct batch_sink *sink, const struct batch_msg *m, const char *out,
	       size_t out_len, char **errstr)
{
	if (sink->o.fmt == BATCH_MBOX)
		return sink_put_mbox(sink, m, out, out_len, errstr);
	return sink_put_maildir(sink, m, out, out_len, errstr);
}

/* sink_link_backup - keep the original as PATH.bak (or PATH.bak.DATE-N) */
static int
sink_link_backup(struct batch_sink *sink, char **errstr)
{
	char stamp[32];
	struct tm tm;
	int i;

	localtime_r(&sink->start, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (i = 0; i < 100; i++) {
		g_free(sink->backup);
		if (i == 0)
			sink->backup = g_strconcat(sink->o.path, ".bak", NULL);
		else if (i == 1)
			sink->backup = g_strdup_printf("%s.bak.%s", sink->o.path, stamp);
		else
			sink->backup = g_strdup_printf("%s.bak.%s-%d", sink->o.path, stamp, i);
		if (link(sink->o.path, sink->backup) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	*errstr = msg_errstr("%s: backup %s: %s", sink->o.path, sink->backup, g_strerror(errno));
	g_free(sink->backup);
	sink->backup = NULL;
	return -1;
}

/* sink_commit_mbox - fsync, keep a backup, rename over the target */
static int
sink_commit_mbox(struct batch_sink *sink, char **errstr)
{
	if (sink_flush(sink, errstr) < 0)
		return -1;
	if (fsync(sink->fd) < 0 || close(sink->fd) < 0) {
		sink->fd = -1;
		*errstr = msg_errstr("%s: %s", sink->tmp, g_strerror(errno));
		return -1;
	}
	sink->fd = -1;
	if (sink->o.in_place && sink->o.backup && sink_link_backup(sink, errstr) < 0)
		return -1;
	if (rename(sink->tmp, sink->o.path) < 0) {
		*errstr = msg_errstr("%s: rename: %s", sink->o.path, g_strerror(errno));
		if (sink->backup)
			unlink(sink->backup);
		return -1;
	}
	g_free(sink->tmp);
	sink->tmp = NULL;
	if (sink_fsync_dir_of(sink->o.path) < 0)
		msg_warn("%s: fsync of its directory: %s", sink->o.path, g_strerror(errno));
	return 0;
}

/* sink_rmdir_maildir - remove an empty Maildir (so a new one can take its place) */
static void
sink_rmdir_maildir(const char *dir)
{
	char *sub;
	int i;

	for (i = 0; i < 3; i++) {
		sub = g_build_filename(dir, sink_subdirs[i], NULL);
		(void)rmdir(sub);
		g_free(sub);
	}
	(void)rmdir(dir);
}

/* sink_commit_maildir - make every file durable, then put the Maildir in place */
static int
sink_commit_maildir(struct batch_sink *sink, char **errstr)
{
	int i;

	/* One syncfs() instead of an fsync() per file; directories too. */
	if (syncfs(sink->dirfd[1]) < 0) {
		*errstr = msg_errstr("%s: syncfs: %s", sink->o.path, g_strerror(errno));
		return -1;
	}
	for (i = 0; i < 3; i++)
		if (fsync(sink->dirfd[i]) < 0) {
			*errstr = msg_errstr("%s: fsync: %s", sink->o.path, g_strerror(errno));
			return -1;
		}
	if (sink->o.in_place)
		return 0;
	sink_rmdir_maildir(sink->o.path);
	if (rename(sink->tmp, sink->o.path) < 0) {
		*errstr = msg_errstr("%s: rename: %s", sink->o.path, g_strerror(errno));
		return -1;
	}
	g_free(sink->tmp);
	sink->tmp = NULL;
	(void)sink_fsync_dir_of(sink->o.path);
	return 0;
}

/* batch_sink_commit - put the new mailbox in place */
int
batch_sink_commit(struct batch_sink *sink, char **errstr)
{
	int rc;

	if (sink->o.fmt == BATCH_MBOX)
		rc = sink_commit_mbox(sink, errstr);
	else
		rc = sink_commit_maildir(sink, errstr);
	sink->committed = rc == 0;
	deliver_mbox_unlock(&sink->lock);
	return rc;
}

/* batch_sink_backup - the backup's name, when one was made */
const char *
batch_sink_backup(const struct batch_sink *sink)
{
	return sink->backup;
}

/* sink_remove_tree - remove the unfinished Maildir built beside the target */
static void
sink_remove_tree(struct batch_sink *sink)
{
	struct dirent *de;
	DIR *d;
	int i;

	for (i = 0; i < 3; i++) {
		if (sink->dirfd[i] < 0 || !(d = fdopendir(dup(sink->dirfd[i]))))
			continue;
		while ((de = readdir(d)) != NULL)
			if (de->d_name[0] != '.' || (de->d_name[1] && strcmp(de->d_name, "..")))
				(void)unlinkat(sink->dirfd[i], de->d_name, 0);
		closedir(d);
	}
	sink_rmdir_maildir(sink->tmp);
}

/* batch_sink_free - close; without a commit, remove what was written */
void
batch_sink_free(struct batch_sink **sinkp)
{
	struct batch_sink *sink = *sinkp;
	int i;

	if (!sink)
		return;
	if (sink->fd >= 0)
		close(sink->fd);
	if (sink->tmp && sink->o.fmt == BATCH_MBOX)
		(void)unlink(sink->tmp);
	else if (sink->tmp)
		sink_remove_tree(sink);
	for (i = 0; i < 3; i++)
		if (sink->dirfd[i] >= 0)
			close(sink->dirfd[i]);
	deliver_mbox_unlock(&sink->lock);
	if (sink->buf)
		g_string_free(sink->buf, TRUE);
	g_free(sink->tmp);
	g_free(sink->backup);
	g_free((char *)sink->o.path);
	g_free(sink);
	*sinkp = NULL;
}

/*
 * deliver_mbox.c - append to an mbox file, locked and quoted the way
 * Postfix local(8), procmail and Dovecot expect.
 *
 * The file is opened without following symlinks (and created 0600 with
 * O_EXCL only when it does not exist), locked with fcntl() and then with
 * an NFS-safe dotlock FILE.lock, in the order Debian Policy asks for.
 * Both locks are polled without blocking, together for at most 60 s, so
 * two tools taking them in the other order cannot deadlock.  When the
 * directory is not writable (/var/mail as a non-root user) the dotlock is
 * skipped and the fcntl() lock alone protects the file.
 *
 * The message gets a "From sender date" line, mboxrd quoting (a line
 * matching /^>*From / gains one '>'), a final newline and a blank line.
 * On any error the file is truncated back to its old size, so nothing
 * partial stays behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "msg.h"
#include "deliver/deliver.h"
#include "deliver/deliver_private.h"

#define MBOX_STALE_LOCK		300	/* seconds; liblockfile's value */
#define MBOX_POLL_USEC		200000	/* between two lock attempts */
#define MBOX_OPEN_ATTEMPTS	5	/* the file was replaced while we locked */
#define MBOX_CHUNK		65536

static int mbox_lock_timeout = 60;

/* One delivery in progress. */
struct mbox {
	const char *path;
	int fd;
	char *lock;			/* our dotlock, or NULL when skipped */
	gint64 deadline;		/* monotonic, for both locks */
};

/* deliver_mbox_set_lock_timeout - change the lock timeout (tests) */
void
deliver_mbox_set_lock_timeout(int seconds)
{
	mbox_lock_timeout = seconds;
}

/* mbox_expired - has the lock deadline passed? */
static int
mbox_expired(const struct mbox *mb)
{
	return g_get_monotonic_time() >= mb->deadline;
}

/*
 * mbox_open - open the mbox for appending: never through a symlink, never
 * a FIFO or device (O_NONBLOCK keeps a FIFO from hanging us), never a file
 * with other hard links (someone else's file linked into the spool).
 */
static int
mbox_open(const char *path, int *fd_r, char **errstr)
{
	int flags = O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
	int fd = -1, attempt;
	struct stat st;

	for (attempt = 0; attempt < MBOX_OPEN_ATTEMPTS; attempt++) {
		fd = open(path, flags);
		if (fd < 0 && errno == ENOENT)
			fd = open(path, flags | O_CREAT | O_EXCL, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		if (errno == ELOOP)
			*errstr = msg_errstr("mbox %s: is a symbolic link (refused)", path);
		else
			*errstr = msg_errstr("mbox %s: open: %s", path, g_strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || fcntl(fd, F_SETFL, O_APPEND) < 0) {
		*errstr = msg_errstr("mbox %s: %s", path, g_strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
		*errstr = msg_errstr("mbox %s: not a regular file with exactly one link (refused)",
				     path);
		close(fd);
		return -1;
	}
	*fd_r = fd;
	return 0;
}

/* mbox_fcntl_lock - take an exclusive fcntl() lock, polling until the deadline */
static int
mbox_fcntl_lock(struct mbox *mb, char **errstr)
{
	struct flock fl;

	for (;;) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(mb->fd, F_SETLK, &fl) == 0)
			return 0;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			*errstr = msg_errstr("mbox %s: fcntl lock: %s", mb->path, g_strerror(errno));
			return -1;
		}
		if (mbox_expired(mb)) {
			*errstr = msg_errstr("mbox %s: still locked by another process after %d s",
					     mb->path, mbox_lock_timeout);
			return -1;
		}
		g_usleep(MBOX_POLL_USEC);
	}
}

/* mbox_same_file - does path still name the file we opened and locked? */
static int
mbox_same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev
	       && a.st_ino == b.st_ino;
}

/*
 * mbox_dotlock_tmp - create the unique file that will be linked to
 * FILE.lock.  Returns 1 (and no file) when the directory does not let us
 * create files, the case in which the dotlock is skipped.
 */
static int
mbox_dotlock_tmp(const struct mbox *mb, char **tmp_r, char **errstr)
{
	char *dir = g_path_get_dirname(mb->path);
	char *tmp = g_strdup_printf("%s/.mailgloss-lk.%ld.%08x", dir, (long)getpid(),
				    deliver_random());
	char pid[32];
	int fd;

	g_free(dir);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS)) {
		msg_debug("mbox %s: cannot create a dotlock here (%s); using the fcntl lock only",
			  mb->path, g_strerror(errno));
		g_free(tmp);
		return 1;
	}
	if (fd < 0) {
		*errstr = msg_errstr("mbox %s: dotlock: %s", mb->path, g_strerror(errno));
		g_free(tmp);
		return -1;
	}
	g_snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (deliver_write_all(fd, pid, strlen(pid)) < 0 || close(fd) < 0) {
		*errstr = msg_errstr("mbox %s: dotlock: %s", mb->path, g_strerror(errno));
		unlink(tmp);
		g_free(tmp);
		return -1;
	}
	*tmp_r = tmp;
	return 0;
}

/* mbox_dotlock_stale - remove lock if it is older than MBOX_STALE_LOCK */
static int
mbox_dotlock_stale(const struct mbox *mb, const char *lock)
{
	struct stat st;

	if (lstat(lock, &st) < 0)
		return errno == ENOENT;	/* gone meanwhile: try again now */
	if (time(NULL) - st.st_mtime <= MBOX_STALE_LOCK)
		return 0;
	if (unlink(lock) < 0 && errno != ENOENT)
		return 0;
	msg_warn("mbox %s: removed a stale lock file %s", mb->path, lock);
	return 1;
}

/*
 * mbox_dotlock - create FILE.lock the NFS-safe way: link a unique file to
 * it and believe the link count, not link()'s return value (NFS may
 * retransmit a link that succeeded and report EEXIST).
 */
static int
mbox_dotlock(struct mbox *mb, char **errstr)
{
	char *lock = g_strdup_printf("%s.lock", mb->path), *tmp = NULL;
	struct stat st;
	int rc, err, locked = 0;

	rc = mbox_dotlock_tmp(mb, &tmp, errstr);
	if (rc != 0) {
		g_free(lock);
		return rc > 0 ? 0 : -1;
	}
	for (;;) {
		rc = link(tmp, lock);
		err = errno;
		if (rc == 0 || (lstat(tmp, &st) == 0 && st.st_nlink == 2)) {
			locked = 1;
			break;
		}
		if (err != EEXIST) {
			*errstr = msg_errstr("mbox %s: dotlock %s: %s", mb->path, lock,
					     g_strerror(err));
			break;
		}
		if (mbox_dotlock_stale(mb, lock))
			continue;
		if (mbox_expired(mb)) {
			*errstr = msg_errstr("mbox %s: %s still exists after %d s", mb->path, lock,
					     mbox_lock_timeout);
			break;
		}
		g_usleep(MBOX_POLL_USEC);
	}
	unlink(tmp);
	g_free(tmp);
	if (!locked) {
		g_free(lock);
		return -1;
	}
	mb->lock = lock;
	return 0;
}

/* mbox_lock - open and lock the mbox; the file must stay the one we locked */
static int
mbox_lock(struct mbox *mb, char **errstr)
{
	int attempt;

	mb->deadline = g_get_monotonic_time() + (gint64)mbox_lock_timeout * G_USEC_PER_SEC;
	for (attempt = 0;; attempt++) {
		if (mbox_open(mb->path, &mb->fd, errstr) < 0)
			return -1;
		if (mbox_fcntl_lock(mb, errstr) < 0)
			goto fail;
		if (mbox_same_file(mb->fd, mb->path))
			break;
		if (attempt + 1 >= MBOX_OPEN_ATTEMPTS) {
			*errstr = msg_errstr("mbox %s: the file keeps being replaced", mb->path);
			goto fail;
		}
		close(mb->fd);		/* also drops the fcntl lock */
	}
	if (mbox_dotlock(mb, errstr) < 0)
		goto fail;
	return 0;
fail:
	close(mb->fd);
	mb->fd = -1;
	return -1;
}

/* mbox_unlock - remove the dotlock, drop the fcntl lock, close */
static void
mbox_unlock(struct mbox *mb)
{
	struct flock fl;

	if (mb->lock && unlink(mb->lock) < 0)
		msg_warn("mbox %s: remove %s: %s", mb->path, mb->lock, g_strerror(errno));
	g_free(mb->lock);
	mb->lock = NULL;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;
	(void)fcntl(mb->fd, F_SETLK, &fl);
	close(mb->fd);
	mb->fd = -1;
}

/* One lock held for a caller that rewrites an mbox whole (batch --in-place). */
struct deliver_mbox_lock {
	struct mbox mb;
	char *path;
};

/* deliver_mbox_lock - lock path as a delivery would (fcntl, then dotlock) */
int
deliver_mbox_lock(const char *path, struct deliver_mbox_lock **lock_r, char **errstr)
{
	struct deliver_mbox_lock *lk = g_new0(struct deliver_mbox_lock, 1);

	lk->path = g_strdup(path);
	lk->mb.path = lk->path;
	lk->mb.fd = -1;
	if (mbox_lock(&lk->mb, errstr) < 0) {
		g_free(lk->path);
		g_free(lk);
		return -1;
	}
	*lock_r = lk;
	return 0;
}

/* deliver_mbox_unlock - release a deliver_mbox_lock() and clear the pointer */
void
deliver_mbox_unlock(struct deliver_mbox_lock **lockp)
{
	struct deliver_mbox_lock *lk = *lockp;

	if (!lk)
		return;
	mbox_unlock(&lk->mb);
	g_free(lk->path);
	g_free(lk);
	*lockp = NULL;
}

/*
 * mbox_from_line - "From sender asctime-date\n".  White space or controls
 * in the sender would break the line apart, so they become '_'.
 */
static void
mbox_from_line(GString *out, const char *sender)
{
	char date[64];
	struct tm tm;
	time_t now = time(NULL);
	const char *p;

	g_string_append(out, "From ");
	if (!sender || !*sender || strcmp(sender, "<>") == 0)
		g_string_append(out, "MAILER-DAEMON");
	else
		for (p = sender; *p; p++)
			g_string_append_c(out, (unsigned char)*p <= ' ' || *p == 0x7f ? '_' : *p);
	/* asctime is the one date format mbox readers expect, in any locale. */
	localtime_r(&now, &tm);
	asctime_r(&tm, date);
	g_string_append_printf(out, " %.24s\n", date);
}

/* mbox_needs_quote - does the line match /^>*From / ? */
static int
mbox_needs_quote(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] == '>')
		i++;
	return len - i >= 5 && memcmp(line + i, "From ", 5) == 0;
}

/* mbox_write - write From_ line, quoted message and blank line; errno on -1 */
static int
mbox_write(int fd, const char *buf, size_t len, const char *sender)
{
	GString *out = g_string_sized_new(MBOX_CHUNK * 2);
	const char *p = buf, *end = buf + len, *nl;
	int rc = 0;

	mbox_from_line(out, sender);
	while (p < end && rc == 0) {
		nl = memchr(p, '\n', end - p);
		nl = nl ? nl + 1 : end;
		if (mbox_needs_quote(p, nl - p))
			g_string_append_c(out, '>');
		g_string_append_len(out, p, nl - p);
		p = nl;
		if (out->len >= MBOX_CHUNK) {
			rc = deliver_write_all(fd, out->str, out->len);
			g_string_truncate(out, 0);
		}
	}
	if (rc == 0) {
		if (len == 0 || buf[len - 1] != '\n')
			g_string_append_c(out, '\n');
		g_string_append_c(out, '\n');
		rc = deliver_write_all(fd, out->str, out->len);
	}
	g_string_free(out, TRUE);
	return rc;
}

/* deliver_mbox - append one message to the mbox file path */
int
deliver_mbox(const char *path, const char *buf, size_t len, const char *sender, char **errstr)
{
	struct mbox mb = {path, -1, NULL, 0};
	struct deliver_sigguard guard;
	const char *step = NULL;
	struct stat st;
	int err;

	if (mbox_lock(&mb, errstr) < 0)
		return -1;
	if (fstat(mb.fd, &st) < 0) {
		*errstr = msg_errstr("mbox %s: fstat: %s", path, g_strerror(errno));
		mbox_unlock(&mb);
		return -1;
	}
	deliver_sig_hold(&guard, 1);
	if (mbox_write(mb.fd, buf, len, sender) < 0)
		step = "write";
	else if (fsync(mb.fd) < 0)
		step = "fsync";
	if (step) {
		err = errno;
		if (ftruncate(mb.fd, st.st_size) < 0 || fsync(mb.fd) < 0)
			*errstr = msg_errstr("mbox %s: %s: %s; truncating back to %lld bytes failed: %s",
					     path, step, g_strerror(err), (long long)st.st_size,
					     g_strerror(errno));
		else
			*errstr = msg_errstr("mbox %s: %s: %s (truncated back)", path, step,
					     g_strerror(err));
	}
	deliver_sig_release(&guard);
	mbox_unlock(&mb);
	return step ? -1 : 0;
}

/*
 * deliver_maildir.c - deliver into a Maildir with the tmp/ -> new/
 * protocol of maildir(5), as qmail, safecat and maildrop do.
 *
 * The message is written to tmp/NAME (created exclusively, never through
 * a symlink), fsync()ed and closed; then linked to new/NAME, tmp/NAME is
 * removed and the new/ directory is fsync()ed, which is what makes the
 * entry durable on Linux.  A reader therefore sees a complete file in
 * new/ or none.  On any error the tmp/ file is removed and -1 returned.
 *
 * The Maildir is never created: a missing or unwritable Maildir is a
 * failed delivery (the MTA retries), not a reason to make directories.
 * DIR itself may be a symlink (~/Maildir -> /srv/mail/...), but tmp/ and
 * new/ must be real directories: a symlinked tmp/ or new/ is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <glib.h>

#include "msg.h"
#include "deliver/deliver_private.h"

/* How often to try again when a freshly made name is already taken. */
#define MAILDIR_NAME_ATTEMPTS	10

/* maildir_host - the host name, with '/' and ':' escaped as maildir(5) says */
static const char *
maildir_host(void)
{
	static char *host;
	char name[256];
	GString *out;
	const char *p;

	if (host)
		return host;
	if (gethostname(name, sizeof(name)) < 0 || !name[0])
		g_strlcpy(name, "localhost", sizeof(name));
	name[sizeof(name) - 1] = '\0';
	out = g_string_new(NULL);
	for (p = name; *p; p++) {
		if (*p == '/')
			g_string_append(out, "\\057");
		else if (*p == ':')
			g_string_append(out, "\\072");
		else
			g_string_append_c(out, *p);
	}
	host = g_string_free(out, FALSE);
	return host;
}

/* maildir_unique_name - time.M<usec>P<pid>Q<counter>R<random>.<host> */
static char *
maildir_unique_name(void)
{
	static unsigned counter;
	struct timeval tv;

	gettimeofday(&tv, NULL);
	counter++;
	return g_strdup_printf("%lld.M%ldP%ldQ%uR%08x.%s", (long long)tv.tv_sec,
			       (long)tv.tv_usec, (long)getpid(), counter, deliver_random(),
			       maildir_host());
}

/* maildir_open_subdir - open DIR/sub as a directory, refusing a symlink */
static int
maildir_open_subdir(const char *dir, const char *sub, int *fd_r, char **errstr)
{
	char *path = g_build_filename(dir, sub, NULL);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;

	if (fd < 0) {
		/* O_NOFOLLOW with O_DIRECTORY reports a symlink as ENOTDIR. */
		if ((errno == ELOOP || errno == ENOTDIR) && lstat(path, &st) == 0
		    && S_ISLNK(st.st_mode))
			*errstr = msg_errstr("maildir %s: %s is a symbolic link (refused)", dir, sub);
		else
			*errstr = msg_errstr("maildir %s: %s: %s", dir, sub, g_strerror(errno));
		g_free(path);
		return -1;
	}
	g_free(path);
	*fd_r = fd;
	return 0;
}

/*
 * maildir_write_tmp - create tmp/NAME and write, fsync and close it.  Mode
 * 0600, as procmail, maildrop and Dovecot create mail files: a report
 * mail for root is nobody else's business, whatever the umask says.
 */
static int
maildir_write_tmp(const char *dir, int tmpfd, const char *buf, size_t len, char **name_r,
		  char **errstr)
{
	char *name = NULL;
	int fd = -1, attempt;
	const char *step;

	for (attempt = 0; attempt < MAILDIR_NAME_ATTEMPTS; attempt++) {
		g_free(name);
		name = maildir_unique_name();
		fd = openat(tmpfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		*errstr = msg_errstr("maildir %s: create tmp/%s: %s", dir, name, g_strerror(errno));
		g_free(name);
		return -1;
	}
	step = deliver_write_all(fd, buf, len) < 0 ? "write" : fsync(fd) < 0 ? "fsync" : NULL;
	if (step) {
		*errstr = msg_errstr("maildir %s: %s tmp/%s: %s", dir, step, name, g_strerror(errno));
		close(fd);
	} else if (close(fd) < 0) {
		step = "close";
		*errstr = msg_errstr("maildir %s: close tmp/%s: %s", dir, name, g_strerror(errno));
	}
	if (step) {
		unlinkat(tmpfd, name, 0);
		g_free(name);
		return -1;
	}
	*name_r = name;
	return 0;
}

/*
 * maildir_link - link tmp/NAME into new/ under a name nobody uses.  link()
 * fails on EEXIST where rename() would overwrite.  A file system without
 * hard links gets renameat2(RENAME_NOREPLACE), which is just as safe.
 */
static int
maildir_link(int tmpfd, const char *name, int newfd, char **newname_r)
{
	char *newname = g_strdup(name);
	int attempt, saved, rc = -1;

	for (attempt = 0; attempt < MAILDIR_NAME_ATTEMPTS; attempt++) {
		rc = linkat(tmpfd, name, newfd, newname, 0);
		if (rc < 0 && (errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP))
			rc = renameat2(tmpfd, name, newfd, newname, RENAME_NOREPLACE);
		if (rc == 0 || errno != EEXIST)
			break;
		g_free(newname);
		newname = maildir_unique_name();
	}
	if (rc < 0) {
		saved = errno;
		g_free(newname);
		errno = saved;
		return -1;
	}
	*newname_r = newname;
	return 0;
}

/* maildir_commit - move tmp/NAME to new/ and make the entry durable */
static int
maildir_commit(const char *dir, int tmpfd, int newfd, const char *name, char **errstr)
{
	char *newname;

	if (maildir_link(tmpfd, name, newfd, &newname) < 0) {
		*errstr = msg_errstr("maildir %s: link tmp/%s to new/: %s", dir, name,
				     g_strerror(errno));
		return -1;
	}
	if (unlinkat(tmpfd, name, 0) < 0 && errno != ENOENT)
		msg_warn("maildir %s: unlink tmp/%s: %s (the message is in new/)", dir, name,
			 g_strerror(errno));
	if (fsync(newfd) < 0) {
		/* Not durable: take it back, so that the MTA's retry is the only copy. */
		*errstr = msg_errstr("maildir %s: fsync new/: %s", dir, g_strerror(errno));
		unlinkat(newfd, newname, 0);
		g_free(newname);
		return -1;
	}
	msg_debug("maildir %s: delivered new/%s", dir, newname);
	g_free(newname);
	return 0;
}

/* deliver_maildir - deliver one message into the Maildir dir */
int
deliver_maildir(const char *dir, const char *buf, size_t len, const char *sender, char **errstr)
{
	struct deliver_sigguard guard;
	int tmpfd = -1, newfd = -1, rc = -1;
	char *name = NULL;

	if (maildir_open_subdir(dir, "tmp", &tmpfd, errstr) < 0
	    || maildir_open_subdir(dir, "new", &newfd, errstr) < 0)
		goto out;
	deliver_sig_hold(&guard, 0);
	if (maildir_write_tmp(dir, tmpfd, buf, len, &name, errstr) == 0) {
		rc = maildir_commit(dir, tmpfd, newfd, name, errstr);
		if (rc < 0)
			unlinkat(tmpfd, name, 0);
	}
	deliver_sig_release(&guard);
out:
	g_free(name);
	if (tmpfd >= 0)
		close(tmpfd);
	if (newfd >= 0)
		close(newfd);
	return rc;
}

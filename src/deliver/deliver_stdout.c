/*
 * deliver_stdout.c - write the message to standard output (for procmail
 * "| mailgloss filter -" recipes and maildrop xfilter).
 *
 * Writes go straight to descriptor 1, never through stdio.  A reader that
 * went away gives EPIPE and -1, never a death by SIGPIPE.  fsync() is
 * attempted so that a regular file is durable, but pipes, terminals and
 * character devices cannot be synced (EINVAL, EROFS) and that is fine.
 */
#include <errno.h>
#include <unistd.h>

#include <glib.h>

#include "msg.h"
#include "deliver/deliver_private.h"

/* deliver_stdout - write the message to descriptor 1 */
int
deliver_stdout(const char *arg, const char *buf, size_t len, const char *sender, char **errstr)
{
	struct deliver_sigguard guard;
	int rc = 0;

	deliver_sig_hold(&guard, 0);
	if (deliver_write_all(STDOUT_FILENO, buf, len) < 0) {
		*errstr = msg_errstr("stdout: write: %s", g_strerror(errno));
		rc = -1;
	} else if (fsync(STDOUT_FILENO) < 0 && errno != EINVAL && errno != EROFS) {
		*errstr = msg_errstr("stdout: fsync: %s", g_strerror(errno));
		rc = -1;
	}
	deliver_sig_release(&guard);
	return rc;
}

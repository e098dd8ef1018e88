/*
 * deliver_sendmail.c - re-inject the message with
 * "sendmail -oi -f SENDER -- ADDRESS" (no shell involved).
 *
 * sendmail (Postfix postdrop, Exim) exits 0 only once the message is
 * safely queued, so its exit status is the delivery status.  A missing
 * sendmail, a failed exec, a non-zero exit, a death by signal or a write
 * error (EPIPE: it stopped reading) all mean -1.  MAILGLOSS_SENDMAIL, if
 * set and not empty, replaces /usr/sbin/sendmail (the tests use it).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>

#include "msg.h"
#include "deliver/deliver_private.h"

#define SENDMAIL_PATH	"/usr/sbin/sendmail"

/* sendmail_path - the program to run */
static const char *
sendmail_path(void)
{
	const char *path = getenv("MAILGLOSS_SENDMAIL");

	return path && *path ? path : SENDMAIL_PATH;
}

/*
 * sendmail_child - in the forked child: the message pipe becomes stdin,
 * stdout goes to our stderr (sendmail has nothing to say on it, and our
 * stdout is not its business), the caller's signal mask comes back, and
 * an exec failure is reported through errfd.  Async-signal-safe calls
 * only.
 */
static void __attribute__((noreturn))
sendmail_child(const int in[2], int errfd, const char *path, char *const argv[],
	       const sigset_t *mask)
{
	int err;

	if (in[0] == STDIN_FILENO)
		(void)fcntl(in[0], F_SETFD, 0);
	else if (dup2(in[0], STDIN_FILENO) < 0)
		goto fail;
	/* With stderr closed, fd 2 may be one of our pipes: leave it alone. */
	if (in[0] != STDERR_FILENO && in[1] != STDERR_FILENO && errfd != STDERR_FILENO)
		(void)dup2(STDERR_FILENO, STDOUT_FILENO);
	pthread_sigmask(SIG_SETMASK, mask, NULL);
	execv(path, argv);
fail:
	err = errno;
	(void)!write(errfd, &err, sizeof(err));
	_exit(127);
}

/* sendmail_exec_error - read the child's exec errno; 0 if exec worked */
static int
sendmail_exec_error(int errfd)
{
	int err = 0;
	ssize_t n;

	do
		n = read(errfd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(err) ? err : 0;
}

/* sendmail_wait - reap the child; its wait status, or -1 */
static int
sendmail_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* sendmail_status_error - describe a failed run, or NULL if it succeeded */
static char *
sendmail_status_error(const char *path, int status, int exec_err, int write_err)
{
	if (exec_err)
		return msg_errstr("cannot execute %s: %s", path, g_strerror(exec_err));
	if (status == -1)
		return msg_errstr("%s: waitpid failed; its status is unknown", path);
	if (WIFSIGNALED(status))
		return msg_errstr("%s was killed by signal %d", path, WTERMSIG(status));
	if (!WIFEXITED(status))
		return msg_errstr("%s: unexpected wait status %#x", path, (unsigned)status);
	if (WEXITSTATUS(status) != 0)
		return msg_errstr("%s exited with status %d%s%s", path, WEXITSTATUS(status),
				  write_err ? "; writing to it failed: " : "",
				  write_err ? g_strerror(write_err) : "");
	if (write_err)
		return msg_errstr("%s exited with status 0, but writing to it failed: %s",
				  path, g_strerror(write_err));
	return NULL;
}

/* deliver_sendmail - run sendmail for address and feed it the message */
int
deliver_sendmail(const char *address, const char *buf, size_t len, const char *sender,
		 char **errstr)
{
	const char *path = sendmail_path();
	const char *from = sender && *sender ? sender : "<>";
	char *const argv[] = {"sendmail", "-oi", "-f", (char *)from, "--", (char *)address, NULL};
	struct deliver_sigguard guard;
	char *error;
	int in[2], err[2], status, exec_err, write_err = 0;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) < 0) {
		*errstr = msg_errstr("sendmail: pipe: %s", g_strerror(errno));
		return -1;
	}
	if (pipe2(err, O_CLOEXEC) < 0) {
		*errstr = msg_errstr("sendmail: pipe: %s", g_strerror(errno));
		close(in[0]);
		close(in[1]);
		return -1;
	}
	deliver_sig_hold(&guard, 0);
	pid = fork();
	if (pid == 0)
		sendmail_child(in, err[1], path, argv, &guard.old);
	close(in[0]);
	close(err[1]);
	if (pid < 0) {
		*errstr = msg_errstr("sendmail: fork: %s", g_strerror(errno));
		close(in[1]);
		close(err[0]);
		deliver_sig_release(&guard);
		return -1;
	}
	exec_err = sendmail_exec_error(err[0]);
	close(err[0]);
	if (!exec_err && deliver_write_all(in[1], buf, len) < 0)
		write_err = errno;
	close(in[1]);
	status = sendmail_wait(pid);
	deliver_sig_release(&guard);
	error = sendmail_status_error(path, status, exec_err, write_err);
	if (error) {
		*errstr = error;
		return -1;
	}
	msg_debug("sendmail: queued %zu bytes for %s", len, address);
	return 0;
}

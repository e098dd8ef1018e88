/*
 * deliver_private.h - what the delivery backends share: one entry point
 * per target kind, a write loop, and the signal guard that keeps SIGPIPE
 * and SIGXFSZ from killing us halfway through a delivery.
 */
#ifndef MAILGLOSS_DELIVER_PRIVATE_H
#define MAILGLOSS_DELIVER_PRIVATE_H

#include <signal.h>
#include <stddef.h>

/* One backend: arg is the directory, file or address (NULL for stdout). */
typedef int (*deliver_fn)(const char *arg, const char *buf, size_t len, const char *sender,
			  char **errstr);

int deliver_stdout(const char *arg, const char *buf, size_t len, const char *sender,
		   char **errstr);
int deliver_maildir(const char *dir, const char *buf, size_t len, const char *sender,
		    char **errstr);
int deliver_mbox(const char *path, const char *buf, size_t len, const char *sender,
		 char **errstr);
int deliver_sendmail(const char *address, const char *buf, size_t len, const char *sender,
		     char **errstr);

/* Writes all of buf (EINTR, short writes, EAGAIN); 0, or -1 with errno. */
int deliver_write_all(int fd, const char *buf, size_t len);

/*
 * The signal guard.  While held, SIGPIPE and SIGXFSZ are blocked (a write
 * then fails with EPIPE or EFBIG instead of killing the process) and are
 * discarded on release; with terminate set, SIGHUP, SIGINT, SIGQUIT and
 * SIGTERM are held back too, and arrive after the release.
 */
struct deliver_sigguard {
	sigset_t old;
};

void deliver_sig_hold(struct deliver_sigguard *guard, int terminate);
void deliver_sig_release(struct deliver_sigguard *guard);

/* A random 32-bit number that differs between forked processes. */
unsigned deliver_random(void);

/* For tests: how long mbox delivery waits for its locks (default 60 s). */
void deliver_mbox_set_lock_timeout(int seconds);

#endif

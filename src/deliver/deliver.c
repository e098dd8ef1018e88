/*
 * deliver.c - parse a delivery target and hand the message to its backend.
 *
 * Targets are "-" or "stdout", "maildir:DIR", "mbox:FILE" and
 * "sendmail:ADDRESS".  Parse errors are usage errors (the caller exits
 * 64); a failed delivery is reported with errstr (the caller exits 75).
 * A sendmail address goes into sendmail's argv and must not re-inject
 * the mail to the address it was just delivered to, so both are checked
 * here, before the message is even read.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "msg.h"
#include "deliver/deliver.h"
#include "deliver/deliver_private.h"

/* The registry: one line per target kind. */
static const struct deliver_backend {
	const char *scheme;
	enum deliver_kind kind;
	deliver_fn deliver;
	const char *what;		/* what follows the colon, for errors */
} deliver_backends[] = {
	{"stdout", DELIVER_STDOUT, deliver_stdout, NULL},
	{"maildir", DELIVER_MAILDIR, deliver_maildir, "directory"},
	{"mbox", DELIVER_MBOX, deliver_mbox, "file"},
	{"sendmail", DELIVER_SENDMAIL, deliver_sendmail, "address"},
	{NULL, 0, NULL, NULL},
};

/* deliver_find_scheme - the backend named by the len bytes at scheme */
static const struct deliver_backend *
deliver_find_scheme(const char *scheme, size_t len)
{
	const struct deliver_backend *b;

	for (b = deliver_backends; b->scheme; b++)
		if (b->what && strlen(b->scheme) == len && strncmp(b->scheme, scheme, len) == 0)
			return b;
	return NULL;
}

/* deliver_find_kind - the backend for a parsed target */
static const struct deliver_backend *
deliver_find_kind(enum deliver_kind kind)
{
	const struct deliver_backend *b;

	for (b = deliver_backends; b->scheme; b++)
		if (b->kind == kind)
			return b;
	return NULL;
}

/* deliver_has_control - does s contain a C0 control character or DEL? */
static int
deliver_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* deliver_strip_angles - "<a@b>" as "a@b" (newly allocated) */
static char *
deliver_strip_angles(const char *addr)
{
	size_t len = strlen(addr);

	if (len >= 2 && addr[0] == '<' && addr[len - 1] == '>')
		return g_strndup(addr + 1, len - 2);
	return g_strdup(addr);
}

/* deliver_local_equal - compare the part before the last '@' of qualified */
static int
deliver_local_equal(const char *bare, const char *qualified)
{
	const char *at = strrchr(qualified, '@');

	return strlen(bare) == (size_t)(at - qualified) &&
	       g_ascii_strncasecmp(bare, qualified, at - qualified) == 0;
}

/*
 * deliver_same_address - is a the same mailbox as b?  Case is ignored (a
 * loop guard must err on the side of refusing), and an unqualified
 * address matches the local part of a qualified one, because the MTA
 * qualifies it with its own domain.
 */
static int
deliver_same_address(const char *a, const char *b)
{
	char *x = deliver_strip_angles(a), *y = deliver_strip_angles(b);
	int same;

	if (*x == '\0' || *y == '\0')
		same = 0;
	else if (g_ascii_strcasecmp(x, y) == 0)
		same = 1;
	else if (!strchr(x, '@') && strchr(y, '@'))
		same = deliver_local_equal(x, y);
	else if (strchr(x, '@') && !strchr(y, '@'))
		same = deliver_local_equal(y, x);
	else
		same = 0;
	g_free(x);
	g_free(y);
	return same;
}

/* deliver_check_loop - refuse the address this mail was delivered to */
static int
deliver_check_loop(const char *address, char **errstr)
{
	static const char *const vars[] = {"ORIGINAL_RECIPIENT", "RECIPIENT", NULL};
	const char *local = getenv("LOCAL_PART"), *domain = getenv("DOMAIN");
	const char *value;
	char *exim;
	int i, same;

	for (i = 0; vars[i]; i++) {
		value = getenv(vars[i]);
		if (value && deliver_same_address(address, value)) {
			*errstr = msg_errstr("sendmail:%s would re-inject the mail to its own recipient"
					     " (%s=%s) and loop; use a different address",
					     address, vars[i], value);
			return -1;
		}
	}
	if (!local || !*local)
		return 0;
	exim = domain && *domain ? g_strdup_printf("%s@%s", local, domain) : g_strdup(local);
	same = deliver_same_address(address, exim);
	if (same)
		*errstr = msg_errstr("sendmail:%s would re-inject the mail to its own recipient"
				     " (LOCAL_PART@DOMAIN=%s) and loop; use a different address",
				     address, exim);
	g_free(exim);
	return same ? -1 : 0;
}

/* deliver_check_address - an address that is safe to put in argv */
static int
deliver_check_address(const char *address, char **errstr)
{
	const char *p;

	if (address[0] == '-') {
		*errstr = msg_errstr("sendmail:%s: an address must not start with '-'", address);
		return -1;
	}
	for (p = address; *p; p++) {
		if (g_ascii_isspace(*p)) {
			*errstr = msg_errstr("sendmail:%s: an address must not contain white space",
					     address);
			return -1;
		}
	}
	return deliver_check_loop(address, errstr);
}

/* deliver_parse - turn "-", "maildir:DIR", ... into a target */
int
deliver_parse(const char *spec, struct deliver_target **target_r, char **errstr)
{
	const struct deliver_backend *b;
	struct deliver_target *target;
	const char *colon, *arg;

	if (!spec || !*spec) {
		*errstr = msg_errstr("empty delivery target");
		return -1;
	}
	if (strcmp(spec, "-") == 0 || strcmp(spec, "stdout") == 0) {
		target = g_new0(struct deliver_target, 1);
		target->kind = DELIVER_STDOUT;
		*target_r = target;
		return 0;
	}
	colon = strchr(spec, ':');
	b = colon ? deliver_find_scheme(spec, colon - spec) : NULL;
	if (!b) {
		*errstr = msg_errstr("unknown delivery target \"%s\" (expected -, maildir:DIR,"
				     " mbox:FILE or sendmail:ADDRESS)", spec);
		return -1;
	}
	arg = colon + 1;
	if (!*arg) {
		*errstr = msg_errstr("%s: the %s is missing", spec, b->what);
		return -1;
	}
	if (deliver_has_control(arg)) {
		*errstr = msg_errstr("%s: the %s contains a control character", spec, b->what);
		return -1;
	}
	if (b->kind == DELIVER_SENDMAIL && deliver_check_address(arg, errstr) < 0)
		return -1;
	target = g_new0(struct deliver_target, 1);
	target->kind = b->kind;
	target->arg = g_strdup(arg);
	*target_r = target;
	return 0;
}

/* deliver_target_free - release a target and clear the pointer */
void
deliver_target_free(struct deliver_target **targetp)
{
	if (!*targetp)
		return;
	g_free((*targetp)->arg);
	g_free(*targetp);
	*targetp = NULL;
}

/* deliver_message - deliver buf to the target, completely or not at all */
int
deliver_message(const struct deliver_target *target, const char *buf, size_t len,
		const char *sender, char **errstr)
{
	const struct deliver_backend *b = deliver_find_kind(target->kind);

	if (!b) {
		*errstr = msg_errstr("delivery target kind %d is unknown", (int)target->kind);
		return -1;
	}
	msg_debug("delivering %zu bytes to %s%s%s", len, b->scheme,
		  target->arg ? ":" : "", target->arg ? target->arg : "");
	return b->deliver(target->arg, buf, len, sender, errstr);
}

/* deliver_write_all - write everything, riding out EINTR and short writes */
int
deliver_write_all(int fd, const char *buf, size_t len)
{
	struct pollfd pfd;
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len > (1U << 30) ? (1U << 30) : len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				/* A non-blocking descriptor inherited from the caller. */
				pfd.fd = fd;
				pfd.events = POLLOUT;
				(void)poll(&pfd, 1, -1);
				continue;
			}
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* deliver_sig_hold - block the signals a delivery must not die from */
void
deliver_sig_hold(struct deliver_sigguard *guard, int terminate)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigaddset(&set, SIGXFSZ);
	if (terminate) {
		sigaddset(&set, SIGHUP);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGQUIT);
		sigaddset(&set, SIGTERM);
	}
	pthread_sigmask(SIG_BLOCK, &set, &guard->old);
}

/*
 * deliver_sig_release - restore the signal mask.  A SIGPIPE or SIGXFSZ
 * raised by our own writes is still pending; it was reported as EPIPE or
 * EFBIG already, so it is discarded rather than allowed to kill us.
 */
void
deliver_sig_release(struct deliver_sigguard *guard)
{
	static const int drop[] = {SIGPIPE, SIGXFSZ};
	struct timespec zero = {0, 0};
	sigset_t pending, one;
	size_t i;

	if (sigpending(&pending) == 0) {
		for (i = 0; i < G_N_ELEMENTS(drop); i++) {
			if (!sigismember(&pending, drop[i]) || sigismember(&guard->old, drop[i]))
				continue;
			sigemptyset(&one);
			sigaddset(&one, drop[i]);
			while (sigtimedwait(&one, NULL, &zero) < 0 && errno == EINTR)
				;
		}
	}
	pthread_sigmask(SIG_SETMASK, &guard->old, NULL);
}

/* deliver_random - 32 random bits, fresh in every process */
unsigned
deliver_random(void)
{
	unsigned r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r))
		return r;
	/* GLib's generator is seeded per process; mix in the pid for forks. */
	return g_random_int() ^ ((unsigned)getpid() * 2654435761U);
}

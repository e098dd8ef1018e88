/*
 * deliver.h - the delivery layer: put finished message bytes somewhere
 * durable, completely or not at all.
 *
 * Targets: "-" (stdout), "maildir:DIR", "mbox:FILE", "sendmail:ADDRESS".
 * Delivery knows nothing of reports, rules or rendering.
 */
#ifndef MAILGLOSS_DELIVER_H
#define MAILGLOSS_DELIVER_H

#include <stddef.h>

enum deliver_kind {
	DELIVER_STDOUT,
	DELIVER_MAILDIR,
	DELIVER_MBOX,
	DELIVER_SENDMAIL,
};

struct deliver_target {
	enum deliver_kind kind;
	char *arg;		/* directory, file or address; NULL for stdout */
};

/* Parses a target specification.  0, or -1 with errstr (a usage error). */
int deliver_parse(const char *spec, struct deliver_target **target_r, char **errstr);
void deliver_target_free(struct deliver_target **targetp);

/*
 * Delivers one message (no From_ line; LF line ends).  sender is the
 * envelope sender (may be NULL or "" for bounces).  Returns 0 when the
 * message is durably delivered, -1 (with errstr) when it is not, in which
 * case nothing partial is left at the target; the caller exits 75.
 */
int deliver_message(const struct deliver_target *target, const char *buf, size_t len,
		    const char *sender, char **errstr);

/*
 * Locks an mbox file the way deliver_message() does (fcntl, then an
 * NFS-safe FILE.lock), for a program that rewrites the file whole and
 * replaces it by rename() while holding the lock ("batch --in-place").
 * Deliveries wait meanwhile and notice the replaced file afterwards.
 * 0, or -1 with errstr.
 */
struct deliver_mbox_lock;
int deliver_mbox_lock(const char *path, struct deliver_mbox_lock **lock_r, char **errstr);
void deliver_mbox_unlock(struct deliver_mbox_lock **lockp);

#endif
